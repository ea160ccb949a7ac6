"""fupin-kg: knowledge graphs from Chinese poverty-alleviation news.

Nothing heavy happens at import time; the public functions load their
modules when first called::

    import kg
    summary = kg.build(["data/articles/"], "out/")     # -> kg.pipeline.BuildSummary
    graph = kg.load("out/")                             # rdflib Dataset (or Graph)
    print(kg.query(graph, "officials").to_csv())        # a graph or a path
    print(kg.validate("out/").text)
    html = kg.to_html(graph, focus="武陟县")            # or kg.to_html(graph, "view.html")
    G = kg.to_networkx(graph)                           # networkx MultiDiGraph (kg.netx)
    doc = kg.read_document("a.txt"); facts = kg.extract(doc)

``kg.query``, ``kg.validate`` and ``kg.extract`` are also the names of the
modules that implement them.  Python puts a submodule on its package once it
is imported, so those three are the modules themselves, made callable: both
``kg.query(graph, "funds")`` and ``from kg.query import run_query`` work, in
any order.

>>> import kg
>>> callable(kg.query), kg.query.__name__
(True, 'kg.query')
"""
import os as _os
import sys as _sys
import types as _types

__version__ = "0.1.0"

__all__ = ["__version__", "build", "load", "query", "validate", "to_html", "to_networkx",
           "read_document", "extract"]


def _graph(graph_or_path):
    """A graph as given, or loaded from a path (a file or a built folder)."""
    if isinstance(graph_or_path, (str, _os.PathLike)):
        from kg.graph.store import load

        return load(graph_or_path)
    return graph_or_path


def build(inputs, out_dir, *, date=None, html=True):
    """Build the graph of ``inputs`` (files or folders) into ``out_dir``:
    see :func:`kg.pipeline.build`."""
    from kg.pipeline import build as _build

    if isinstance(inputs, (str, _os.PathLike)):
        inputs = [inputs]
    return _build(list(inputs), out_dir, date=date, html=html)


def load(path):
    """Read a graph file or a built folder: see :func:`kg.graph.store.load`."""
    from kg.graph.store import load as _load

    return _load(path)


def to_html(graph, path=None, **kw):
    """The interactive view of ``graph`` (a graph or a path) as an HTML
    string, or written to ``path`` (the ``Path`` is returned).  Keywords:
    ``focus``, ``depth``, ``types``, ``title`` (see :mod:`kg.viz`)."""
    from kg import viz

    graph = _graph(graph)
    return viz.to_html(graph, **kw) if path is None else viz.write_html(graph, path, **kw)


def to_networkx(graph, *, literals=False, provenance=False):
    """``graph`` (a graph or a path) as a ``networkx.MultiDiGraph``: nodes
    keyed by IRI with label, class and key literals, edges keyed by
    predicate; see :func:`kg.netx.to_networkx`."""
    from kg.netx import to_networkx as _to_nx

    return _to_nx(_graph(graph), literals=literals, provenance=provenance)


def read_document(path, *, date=None, encoding=None):
    """Read one article file into a Document: see :func:`kg.text.read_document`."""
    from kg.text import read_document as _read

    return _read(path, date=date, encoding=encoding)


# --- kg.query, kg.validate, kg.extract: callable modules ---------------------

class _QueryModule(_types.ModuleType):
    def __call__(self, graph, query):
        """Run a named question, a .rq file or SPARQL on ``graph`` (a graph or
        a path): see :func:`kg.query.run_query`."""
        return self.run_query(_graph(graph), query)


class _ValidateModule(_types.ModuleType):
    def __call__(self, graph, **kw):
        """Validate ``graph`` (a graph or a path): see :func:`kg.validate.validate`."""
        return self.validate(_graph(graph), **kw)


class _ExtractModule(_types.ModuleType):
    def __call__(self, doc, *args, **kw):
        """The facts of a Document: see :func:`kg.extract.extract`."""
        return self.extract(doc, *args, **kw)


_CALLABLE = {"query": _QueryModule, "validate": _ValidateModule, "extract": _ExtractModule}


class _Package(_types.ModuleType):
    """The ``kg`` package: makes its submodules ``query``, ``validate`` and
    ``extract`` callable as the import system attaches them."""

    def __setattr__(self, name, value):
        if name in _CALLABLE and type(value) is _types.ModuleType:
            value.__class__ = _CALLABLE[name]
        super().__setattr__(name, value)

    def __getattr__(self, name):
        if name in _CALLABLE:
            import importlib

            return importlib.import_module(f"{__name__}.{name}")   # attaches it, callable
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(__all__))


_sys.modules[__name__].__class__ = _Package
