"""An interactive, self-contained HTML view of a knowledge graph.

::

    import kg.viz
    html = kg.viz.to_html(graph, focus="武陟县", depth=2, types="Official,Village,Fund")
    kg.viz.write_html(graph, "out/graph.html", title="焦作日报 2017-01-12")
    kg.viz.show(graph)                                # inline in Jupyter

The page opens with no network at all: vis-network and tom-select, shipped
in the installed pyvis package, are inlined.  Entity and fact nodes are drawn
(coloured and shaped by class, with a zh/en legend that filters by class);
tooltips list the key facts and the source sentences; edges carry the zh label
of their property.  A search box jumps to a name; a button narrows the view to
the selected node's neighbourhood.  Small graphs are laid out by physics in
the browser, which stops once stable; past :data:`PHYSICS_THRESHOLD` nodes the
layout is precomputed (networkx) and physics stays off.

Nothing is imported or read until a function is called.
"""
from __future__ import annotations

__all__ = ["to_html", "write_html", "notebook_iframe", "show", "to_networkx_view",
           "PHYSICS_THRESHOLD"]

PHYSICS_THRESHOLD = 500    # kept equal to page.PHYSICS_THRESHOLD (checked by the tests)


def to_networkx_view(graph, *, focus=None, depth: int = 2, types=None):
    """The drawn part of ``graph`` as a networkx ``MultiDiGraph``: see
    :func:`kg.viz.model.to_networkx_view`."""
    from .model import to_networkx_view as _view

    return _view(graph, focus=focus, depth=depth, types=types)


def to_html(graph, *, focus=None, depth: int = 2, types=None, title: str | None = None,
            physics_threshold: int | None = None) -> str:
    """The page as a string: see :func:`kg.viz.page.to_html`."""
    from .page import to_html as _to_html

    return _to_html(graph, focus=focus, depth=depth, types=types, title=title,
                    physics_threshold=physics_threshold)


def write_html(graph, path, **kw):
    """Write the page to ``path`` atomically (UTF-8) and return the ``Path``:
    see :func:`kg.viz.page.write_html`."""
    from .page import write_html as _write

    return _write(graph, path, **kw)


def notebook_iframe(html: str, height: int | str = 640):
    """An object Jupyter shows as an ``<iframe srcdoc=…>`` holding ``html``."""
    from .page import notebook_iframe as _frame

    return _frame(html, height)


def show(graph, *, height: int | str = 640, **kw):
    """``notebook_iframe(to_html(graph, **kw))``: the graph inline in a notebook."""
    return notebook_iframe(to_html(graph, **kw), height)
