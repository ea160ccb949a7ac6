"""The self-contained HTML page: assets, embedded data, atomic write, notebook.

vis-network and tom-select are read from the *installed* pyvis package
(``pyvis/templates/lib/``) and inlined with their licence headers; nothing is
copied into this repository and the page loads nothing from the network.  The
graph goes into a ``<script type="application/json">`` block in which ``<``,
``>`` and ``&`` are escaped as ``\\u003c`` etc., so no article text can end
the block or become markup.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import html
import json
import re
from importlib.util import find_spec
from pathlib import Path

from kg.errors import OutputError

__all__ = ["PHYSICS_THRESHOLD", "to_html", "write_html", "notebook_iframe", "json_for_script"]

#: Above this many drawn nodes the layout is precomputed and physics is off.
#: See docs/viz.md for the measurements behind it.
PHYSICS_THRESHOLD = 500


def stabilization_iterations(n: int) -> int:
    """Physics iterations before physics is switched off: fewer for larger
    graphs, since one costs 16–25 µs per node in headless Chromium; this
    keeps the wait under about 1.5 s up to the threshold (docs/viz.md)."""
    return max(150, min(600, 60000 // max(n, 1)))

HERE = Path(__file__).parent


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script>`` element.

    >>> json_for_script({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _pyvis_lib() -> Path:
    spec = find_spec("pyvis")   # found, not imported: pyvis imports IPython and jinja2
    if spec is None or not spec.submodule_search_locations:
        raise OutputError("the pyvis package is not installed (pip install pyvis)", code="E520")
    return Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib"


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", path.name))


def _safe_inline(text: str, tag: str) -> str:
    # A literal "</script" (or "</style") would end the element early.
    return re.sub(f"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def _header(text: str) -> str:
    """The leading /* … */ comment of a file: its licence notice."""
    m = re.match(r"\s*/\*(.*?)\*/", text, re.S)
    return "\n".join(line.strip(" *") for line in m.group(1).strip().splitlines()) if m else ""


@functools.lru_cache(maxsize=1)
def assets() -> dict[str, str]:
    """vis-network and tom-select from the installed pyvis, ready to inline."""
    lib = _pyvis_lib()
    vis_dirs = sorted(lib.glob("vis-9.*"), key=_version_key)
    try:
        vis_dir = next(d for d in reversed(vis_dirs) if (d / "vis-network.min.js").is_file())
        read = {name: (path).read_text(encoding="utf-8") for name, path in (
            ("vis_js", vis_dir / "vis-network.min.js"), ("vis_css", vis_dir / "vis-network.css"),
            ("tom_js", lib / "tom-select" / "tom-select.complete.min.js"),
            ("tom_css", lib / "tom-select" / "tom-select.css"))}
    except (StopIteration, OSError) as e:
        raise OutputError(f"pyvis's vis-network / tom-select assets not found under {lib}",
                          code="E520") from e
    licences = "\n\n".join(
        f"{what} — inlined from the installed pyvis package ({path}):\n{_header(read[key])}"
        for what, key, path in (
            ("vis-network", "vis_js", f"templates/lib/{vis_dir.name}/vis-network.min.js"),
            ("Tom Select", "tom_js", "templates/lib/tom-select/tom-select.complete.min.js"),
            ("Tom Select CSS", "tom_css", "templates/lib/tom-select/tom-select.css")))
    # The source-map comments name files that are not there: drop them.
    read = {k: re.sub(r"^[ \t]*(//|/\*)# sourceMappingURL=.*$", "", v, flags=re.M)
            for k, v in read.items()}
    out = {k: _safe_inline(v, "script" if k.endswith("js") else "style") for k, v in read.items()}
    out["licences"] = licences
    out["template"] = (HERE / "template.html").read_text(encoding="utf-8")
    out["viewer_js"] = _safe_inline((HERE / "viewer.js").read_text(encoding="utf-8"), "script")
    return out


def _curves(edges: list[tuple[int, int, int]]) -> list[float]:
    """A signed roundness per edge so that parallel edges are drawn apart (0: straight)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (a, b, _p) in enumerate(edges):
        groups.setdefault((min(a, b), max(a, b)), []).append(i)
    curve = [0.0] * len(edges)
    for (lo, _hi), members in groups.items():
        m = len(members)
        if m < 2:
            continue
        for k, i in enumerate(members):
            off = (k - (m - 1) / 2) * (0.3 if m == 2 else 0.25)
            curve[i] = round(off if edges[i][0] == lo else -off, 3)
    return curve


def page_data(view, *, physics_threshold: int | None = None) -> dict:
    """The JSON the page script reads, from a view of :func:`to_networkx_view`."""
    from .layout import cluster_layout
    from .terms import CLASSES, class_labels

    rank = {c[0]: i for i, c in enumerate(CLASSES)}
    order = sorted(view.nodes, key=lambda n: (rank[view.nodes[n]["cls"]], view.nodes[n]["label"],
                                              view.nodes[n]["iri"]))
    index = {n: i for i, n in enumerate(order)}
    present = sorted({view.nodes[n]["cls"] for n in order}, key=rank.__getitem__)
    cls_index = {key: i for i, key in enumerate(present)}
    names = class_labels()
    classes = [{"key": c[0], "zh": names[c[0]][0], "en": names[c[0]][1], "color": c[3], "shape": c[4]}
               for c in CLASSES if c[0] in cls_index]
    props: dict[tuple, int] = {}
    edges = []
    for a, b, key, attrs in view.edges(keys=True, data=True):
        p = (attrs.get("label", key), attrs.get("label_en", key), attrs.get("prop", key))
        edges.append((index[a], index[b], props.setdefault(p, len(props)), p))
    edges.sort(key=lambda e: (e[0], e[1], e[3]))
    edges = [(a, b, pi) for a, b, pi, _p in edges]
    threshold = PHYSICS_THRESHOLD if physics_threshold is None else physics_threshold
    physics = 0 < len(order) <= threshold
    pos = cluster_layout(len(order), [(a, b) for a, b, _ in edges])
    nodes, info = [], []
    for n, (x, y) in zip(order, pos):
        a = view.nodes[n]
        nodes.append([a["label"], cls_index[a["cls"]], x, y])
        info.append([a["iri"], [list(f) for f in a.get("facts", ())],
                     [list(s) for s in a.get("sources", ())]])
    curves = _curves(edges)
    return {
        "classes": classes, "props": [list(p) for p in props],
        "nodes": nodes, "info": info,
        "edges": [[a, b, p, c] for (a, b, p), c in zip(edges, curves)],
        "physics": physics, "big": not physics and len(order) > 2000,
        "iterations": stabilization_iterations(len(order)), "threshold": threshold,
        "focus": view.graph.get("focus", []),
    }


@contextlib.contextmanager
def _gc_paused():
    # Building the view makes hundreds of thousands of small objects, none of
    # them cyclic garbage: the collector's passes cost a third of the time.
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _fill(template: str, values: dict[str, str]) -> str:
    # One pass: text put in is never scanned again for placeholders.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def to_html(graph, *, focus=None, depth: int = 2, types=None, title: str | None = None,
            physics_threshold: int | None = None) -> str:
    """A self-contained, offline HTML page drawing ``graph``.

    ``graph`` is an rdflib ``Graph``/``Dataset`` (or a view made by
    :func:`kg.viz.to_networkx_view`).  ``focus``/``depth``/``types`` narrow it
    as in :func:`~kg.viz.model.to_networkx_view`.  ``title`` is the page's
    heading (text, escaped).  Up to ``physics_threshold`` nodes
    (:data:`PHYSICS_THRESHOLD` by default) the browser lays the graph out with
    physics, then switches physics off once stable; above it the layout is
    precomputed here and physics stays off.
    """
    import kg
    from .model import to_networkx_view

    with _gc_paused():
        if hasattr(graph, "nodes") and hasattr(graph, "is_multigraph"):
            view = graph
        else:
            view = to_networkx_view(graph, focus=focus, depth=depth, types=types)
        data = page_data(view, physics_threshold=physics_threshold)
    a = assets()
    if title is None:   # the article's headline when the graph holds one article
        articles = view.graph.get("articles", [])
        title = articles[0] if len(articles) == 1 else "扶贫知识图谱 Poverty-alleviation knowledge graph"
    heading = title
    n, m = len(data["nodes"]), len(data["edges"])
    stats = f"{n} 个节点 nodes · {m} 条边 edges"
    if data["focus"]:
        stats += f" · 焦点 focus：{'、'.join(data['focus'])}（{depth} 步 steps）"
    note = ("布局：浏览器内物理模拟，稳定后停止。Layout: physics in the browser, stopped once stable."
            if data["physics"] else
            f"布局：预先计算（超过 {data['threshold']} 个节点时）。"
            f"Layout: precomputed (more than {data['threshold']} nodes), physics off.")
    return _fill(a["template"], {
        "title": html.escape(heading), "stats": html.escape(stats), "layout_note": html.escape(note),
        "version": html.escape(kg.__version__), "licences": html.escape(a["licences"]),
        "data": json_for_script(data), "vis_css": a["vis_css"], "tom_css": a["tom_css"],
        "vis_js": a["vis_js"], "tom_js": a["tom_js"], "viewer_js": a["viewer_js"],
    })


def write_html(graph, path, **kw) -> Path:
    """Write :func:`to_html` of ``graph`` to ``path`` (UTF-8), atomically, and
    nowhere else: a temp file in the same folder, then ``os.replace``.  The
    folder is made if missing.  Returns the path.  Keywords as for
    :func:`to_html`; ``graph`` may also be a page already made (a ``str``)."""
    from kg.fileio import atomic_write

    text = graph if isinstance(graph, str) else to_html(graph, **kw)
    return atomic_write(path, text.encode("utf-8"), code="E521", mkdir=True)


class NotebookFrame:
    """Shows a page inline in Jupyter: an ``<iframe srcdoc=…>`` (pyvis's own
    notebook mode renders blank in current JupyterLab)."""

    def __init__(self, page: str, height: int | str = 640):
        self.page = page
        self.height = f"{height}px" if isinstance(height, int) else str(height)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
                f'style="width:100%;height:{html.escape(self.height)};border:1px solid #d8dde3" '
                'sandbox="allow-scripts" loading="lazy"></iframe>')


def notebook_iframe(page: str, height: int | str = 640) -> NotebookFrame:
    """Wrap a page from :func:`to_html` for display in a notebook cell."""
    return NotebookFrame(page, height)
