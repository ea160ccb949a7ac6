"""Graph files for graph tools and tables: GraphML, GEXF, CSV.

These are not RDF: they hold the networkx view of the graph
(:func:`kg.netx.to_networkx`: entities and facts as nodes, their key
literals as attributes, one edge per triple between two nodes, keyed by the
predicate).  ``kg export GRAPH --format graphml|gexf|csv`` writes them.

- ``graphml`` — one ``.graphml`` file (UTF-8), for Gephi, Cytoscape, yEd and
  ``networkx.read_graphml``;
- ``gexf`` — one ``.gexf`` file (GEXF 1.2, UTF-8), for Gephi and
  ``networkx.read_gexf``;
- ``csv`` — a folder with two tables, ``nodes.csv`` and ``edges.csv``
  (UTF-8, no BOM, comma-separated, a header line, ``\\n`` line ends):
  ``nodes.csv`` starts ``Id,Label,class,class_zh,iri`` and ``edges.csv``
  ``Source,Target,Type,key,Label,label_en,prop,predicate`` (Gephi's names
  for its own columns); ``Id``, ``Source`` and ``Target`` are the nodes'
  IRIs.  ``pandas.read_csv`` reads them as they are; Gephi's spreadsheet
  import and Cytoscape's table import take the node table, then the edge
  table.

Attribute values are made plain for the XML formats: text or a float, never
None (the attribute is left out) or a list (joined with ``；``).  Writes are
atomic and deterministic (the same graph, the same bytes).

>>> TABULAR_FORMATS
('graphml', 'gexf', 'csv')
>>> import networkx as nx
>>> G = nx.MultiDiGraph(); G.add_node("a", label="甲", tags=["x", "y"], gone=None)
>>> plain(G).nodes["a"]
{'label': '甲', 'tags': 'x；y'}
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

__all__ = ["TABULAR_FORMATS", "SUFFIXES", "plain", "graphml_bytes", "gexf_bytes", "csv_tables",
           "write", "export", "read"]

TABULAR_FORMATS = ("graphml", "gexf", "csv")
#: The file (or folder, for csv) suffix each writes.
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "csv": ""}
_JOIN = "；"


def _plain_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return _JOIN.join(str(v) for v in items if v is not None)
    return str(value)


def _plain_attrs(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        v = _plain_value(v)
        if v is not None:
            out[str(k)] = v
    return out


def plain(G):
    """A copy of ``G`` whose node, edge and graph attributes are all text or
    floats (see the module docs), node ids text, edge keys text."""
    H = G.__class__()
    H.graph.update(_plain_attrs(G.graph))
    for n, d in G.nodes(data=True):
        H.add_node(str(n), **_plain_attrs(d))
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            H.add_edge(str(u), str(v), key=str(k), **_plain_attrs(d))
    else:
        for u, v, d in G.edges(data=True):
            H.add_edge(str(u), str(v), **_plain_attrs(d))
    return H


def _to_nx(graph):
    """``graph`` as a networkx graph: one already, or RDF (or a path) converted."""
    if hasattr(graph, "adj"):
        return graph
    from kg.netx import to_networkx

    return to_networkx(graph)


def _uniform_types(G) -> None:
    """One type per attribute name, as GraphML and GEXF declare each key once
    with one type: an attribute that is a float on some nodes and text on
    others becomes text on all."""
    for items in (list(G.nodes(data=True)), [(None, d) for *_, d in (
            G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True))]):
        kinds: dict[str, set] = {}
        for _, d in items:
            for k, v in d.items():
                kinds.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in kinds.items() if len(ts) > 1}
        for _, d in items:
            for k in mixed & set(d):
                d[k] = f"{d[k]:g}" if isinstance(d[k], float) else str(d[k])


def graphml_bytes(graph) -> bytes:
    """GraphML (UTF-8) of ``graph`` (networkx, or RDF, or a path)."""
    import networkx as nx

    G = plain(_to_nx(graph))
    _uniform_types(G)
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(graph) -> bytes:
    """GEXF 1.2 (UTF-8) of ``graph`` (networkx, or RDF, or a path).

    networkx's writer reads a few attribute names itself: ``label`` becomes
    the GEXF label, as wanted; edge ``id`` / ``weight`` / ``type`` / ``start``
    / ``end`` and node ``start`` / ``end`` / ``viz`` / ``pid`` would too, so
    they are written with a ``_`` after them."""
    import networkx as nx

    G = plain(_to_nx(graph))
    for _, d in G.nodes(data=True):
        for name in ("start", "end", "viz", "pid"):
            if name in d:
                d[name + "_"] = d.pop(name)
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    for *_, d in edges:
        for name in ("id", "type", "start", "end"):
            if name in d:
                d[name + "_"] = d.pop(name)
        if "weight" in d and not isinstance(d["weight"], float):
            d["weight_"] = d.pop("weight")
    _uniform_types(G)
    buf = io.BytesIO()
    nx.write_gexf(G, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    # The writer stamps today's date: leave it out, so that the bytes depend
    # on the graph only (the attribute is optional in GEXF).
    return re.sub(rb'(<meta\b[^>]*?) lastmodifieddate="[^"]*"', rb"\1", buf.getvalue(), count=1)


def _csv_text(columns: list[str], rows: list[dict], header: dict[str, str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([header.get(c, c) for c in columns])
    for row in rows:
        w.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def _cell(value) -> str:
    value = _plain_value(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:.0f}"
    return str(value)


#: Column names as Gephi's spreadsheet import knows them.
_GEPHI_NODE = {"id": "Id", "label": "Label"}
_GEPHI_EDGE = {"source": "Source", "target": "Target", "type": "Type", "label": "Label"}


def csv_tables(graph) -> dict[str, str]:
    """``{"nodes.csv": text, "edges.csv": text}`` of ``graph``: the node
    table ``Id,Label,class,class_zh,iri,…`` and the edge table
    ``Source,Target,Type,key,Label,label_en,prop,predicate,…`` (``Type`` is
    ``Directed`` or ``Undirected``), the rest of the attributes in name order.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", key="p", label="担任")
    >>> G.nodes["a"]["amount"] = 30000000.0
    >>> tables = csv_tables(G)
    >>> print(tables["nodes.csv"], end="")
    Id,amount
    a,30000000
    b,
    >>> print(tables["edges.csv"], end="")
    Source,Target,Type,key,Label
    a,b,Directed,p,担任
    """
    from kg.netx import edge_rows, node_rows

    G = _to_nx(graph)
    ncols, nrows = node_rows(G)
    ecols, erows = edge_rows(G)
    kind = "Directed" if G.is_directed() else "Undirected"
    ecols = ecols[:2] + ["type"] + [c for c in ecols[2:] if c != "type"]
    for row in erows:
        row["type"] = kind
    return {"nodes.csv": _csv_text(ncols, nrows, _GEPHI_NODE),
            "edges.csv": _csv_text(ecols, erows, _GEPHI_EDGE)}


def write(graph, fmt: str, output) -> Path:
    """Write ``graph`` in ``fmt`` (one of :data:`TABULAR_FORMATS`) to
    ``output``: a file for graphml and gexf, a folder (made if missing) for
    csv.  Atomic per file; returns the path written."""
    from kg.fileio import atomic_write

    output = Path(output)
    if fmt == "csv":
        if output.exists() and not output.is_dir():
            from kg.errors import OutputError

            raise OutputError("csv export writes a folder (nodes.csv, edges.csv), "
                              "and this is a file", path=str(output), code="E502")
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            from kg.errors import OutputError

            raise OutputError(f"cannot make the folder: {e.strerror or e}", path=str(output),
                              code="E501") from e
        for name, text in csv_tables(graph).items():
            atomic_write(output / name, text.encode("utf-8"))
        return output
    data = graphml_bytes(graph) if fmt == "graphml" else gexf_bytes(graph) if fmt == "gexf" \
        else None
    if data is None:
        from kg.errors import UsageError

        raise UsageError(f"unknown format {fmt!r}; known: {', '.join(TABULAR_FORMATS)}",
                         code="E201")
    return atomic_write(output, data)


def export(graph, fmt: str, output=None, stream=None) -> Path | None:
    """``kg export`` for these formats: write to ``output``, or to ``stream``
    (stdout's bytes by default) for graphml and gexf; csv needs a folder."""
    if output is not None:
        return write(graph, fmt, output)
    if fmt == "csv":
        from kg.errors import UsageError

        raise UsageError("--format csv writes two tables (nodes.csv, edges.csv): "
                         "give a folder with -o DIR", code="E242")
    data = graphml_bytes(graph) if fmt == "graphml" else gexf_bytes(graph)
    out = stream if stream is not None else sys.stdout.buffer
    out.write(data)
    out.flush()
    return None


def read(path):
    """Read back what :func:`write` wrote, as networkx: a ``.graphml`` or
    ``.gexf`` file, or a csv folder (a ``MultiDiGraph`` with the tables'
    columns as attributes; empty cells left out)."""
    import networkx as nx

    path = Path(path)
    if path.is_dir():
        G = nx.MultiDiGraph()
        node_names = {v: k for k, v in _GEPHI_NODE.items()}
        edge_names = {v: k for k, v in _GEPHI_EDGE.items()}
        with open(path / "nodes.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                row = {node_names.get(k, k): v for k, v in row.items()}
                n = row.pop("id")
                G.add_node(n, **{k: v for k, v in row.items() if v != ""})
        with open(path / "edges.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                row = {edge_names.get(k, k): v for k, v in row.items()}
                u, v, k = row.pop("source"), row.pop("target"), row.pop("key", None)
                row.pop("type", None)
                G.add_edge(u, v, key=k, **{a: b for a, b in row.items() if b != ""})
        return G
    if path.suffix.lower() == ".gexf":
        return nx.read_gexf(path)
    return nx.read_graphml(path, force_multigraph=True)
