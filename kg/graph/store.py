"""Reading and writing graphs: a registry of RDF formats, atomic saves, loads.

Every format the project writes is in :data:`FORMATS`: its name on the
command line, rdflib's name for it, the file suffix, and whether it carries
named graphs (one per article).  Triple formats given a dataset write the
union of its graphs.

Saves are atomic (a temp file in the same folder, fsync, ``os.replace``): a
failure, or a kill, leaves the previous file as it was.  They are also
deterministic: the same graph gives the same bytes, whatever the hash seed
(rdflib's own N-Triples, N-Quads, JSON-LD, RDF/XML and TriG writers follow
set order, so lines, contexts and subjects are sorted here).

>>> fmt = format_for("out/graph.ttl")
>>> fmt.name, fmt.rdflib, fmt.quads
('ttl', 'turtle', False)
>>> format_for(None, "nq").suffix
'.nq'
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Union

from kg.fileio import atomic_write, fsync_dir  # noqa: F401  (re-exported)
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import XSD

__all__ = ["Format", "FORMATS", "format_for", "union", "serialize", "save", "load",
           "GRAPH_FILES", "NTriplesGraphs"]

AnyGraph = Union[Graph, Dataset]


@dataclass(frozen=True)
class Format:
    """An RDF serialisation the project reads and writes."""
    name: str                      # on the command line: --format NAME
    rdflib: str                    # rdflib's plugin name
    suffix: str                    # written with this suffix
    quads: bool                    # carries named graphs
    aliases: tuple[str, ...] = ()  # other suffixes read as this format


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("ttl", "turtle", ".ttl", False, (".turtle",)),
    Format("trig", "trig", ".trig", True),
    Format("nt", "nt", ".nt", False, (".ntriples",)),
    Format("nq", "nquads", ".nq", True, (".nquads",)),
    Format("jsonld", "json-ld", ".jsonld", True, (".json-ld", ".json")),
    Format("xml", "xml", ".rdf", False, (".xml", ".owl")),
)}

#: What a built folder holds, in the order ``load`` looks for it.
GRAPH_FILES = ("graph.trig", "graph.ttl")


def _errors():
    # kg.errors is tiny, but importing it lazily keeps this module importable
    # on its own (and the doctests free of it).
    from kg import errors
    return errors


def format_for(path: str | Path | None, name: str | None = None) -> Format:
    """The format named ``name``, or else the one of ``path``'s suffix.

    Raises ``UsageError`` for an unknown name and ``InputError`` for a suffix
    no format claims.
    """
    if name:
        key = name.lower().lstrip(".")
        key = {"turtle": "ttl", "json-ld": "jsonld", "nquads": "nq", "ntriples": "nt",
               "rdf": "xml", "rdfxml": "xml"}.get(key, key)
        if key not in FORMATS:
            raise _errors().UsageError(
                f"unknown format {name!r}; known: {', '.join(FORMATS)}", code="E201")
        return FORMATS[key]
    suffix = Path(str(path)).suffix.lower()
    for f in FORMATS.values():
        if suffix == f.suffix or suffix in f.aliases:
            return f
    raise _errors().InputError(
        f"unknown graph file type {suffix or '(no suffix)'!r}; "
        f"known: {', '.join(f.suffix for f in FORMATS.values())}", path=str(path), code="E112")


def _quads(graph: AnyGraph):
    """(s, p, o, graph) of every triple; a Dataset's ``triples`` would see
    only its default graph unless it was made with ``default_union``."""
    if isinstance(graph, ConjunctiveGraph):
        return graph.quads((None, None, None, None))
    return ((s, p, o, None) for s, p, o in graph)


def union(graph: AnyGraph) -> Graph:
    """All triples of ``graph`` (of every named graph of a dataset) in one Graph."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in _quads(graph):
        out.add((s, p, o))
    return out


class NTriplesGraphs:
    """Named graphs held as N-Triples text, as a build holds them, for
    :func:`save` to write with Oxigraph's serialisers.

    Reading a one-article build into rdflib and writing it with rdflib's
    TriG and Turtle writers took longer than extracting the article; Oxigraph
    writes the same triples in a few milliseconds (laid out as a large
    build's files are: :mod:`kg.graph.oxigraph`).  An rdflib graph is made
    only for what needs one (:meth:`union_graph`, the formats Oxigraph is not
    used for).

    Parameters
    ----------
    graphs : list of (str, str)
        (graph IRI, N-Triples text: sorted lines, each ending in a newline),
        as ``kg.pipeline`` makes them.

    Examples
    --------
    >>> g = NTriplesGraphs([("http://e/g", '<http://e/a> <http://e/p> "甲" .\\n')])
    >>> print(serialize(g, "ttl").decode().splitlines()[-1])
    <http://e/a> <http://e/p> "甲" .
    """

    def __init__(self, graphs: list[tuple[str, str]]):
        self.graphs = graphs

    def _lines(self, text: str) -> list[str]:
        # split at "\n" only: N-Triples leaves \f, \v, U+2028 … unescaped inside literals
        return [line for line in text.split("\n") if line.strip()]

    def nquads(self) -> bytes:
        """N-Quads of every graph, graphs in IRI order (:func:`kg.graph.oxigraph.nquads_of`)."""
        from kg.graph import oxigraph

        return oxigraph.nquads_of([(iri, self._lines(text)) for iri, text in self.graphs])

    def union_lines(self) -> list[str]:
        """The distinct triples of all graphs, as sorted N-Triples lines."""
        return sorted({line for _, text in self.graphs for line in self._lines(text)})

    def union_graph(self) -> Graph:
        """The union as an rdflib Graph, with the project's prefixes."""
        from kg.graph.vocab import bind_prefixes

        graph = bind_prefixes(Graph())
        graph.parse(data="".join(line + "\n" for line in self.union_lines()), format="nt")
        return graph

    def dataset(self) -> Dataset:
        """The graphs as an rdflib Dataset, with the project's prefixes."""
        from kg.graph.vocab import bind_prefixes

        ds = bind_prefixes(Dataset(default_union=True))
        for iri, text in self.graphs:
            if text.strip():
                ds.graph(URIRef(iri)).parse(data=text, format="nt")
        return ds

    def serialize(self, fmt: Format) -> bytes | None:
        """The bytes of ``fmt`` (TriG or Turtle) by Oxigraph, else None."""
        from kg.graph import oxigraph

        if fmt.name == "trig":
            return oxigraph.write_trig(self.nquads())
        if fmt.name == "ttl":
            return oxigraph.write_turtle(self.union_lines())
        return None


def _has_bnodes(graph: AnyGraph) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o, _ in _quads(graph))


def _canonical(graph: AnyGraph, rounds: int = 4) -> AnyGraph:
    """Relabel blank nodes from their surroundings, so that their labels (and
    with them the output) do not change between runs.

    Each blank node's label is a digest of the triples around it, refined
    ``rounds`` times (colour refinement); nodes that still look alike get a
    running number.  rdflib's own canonicaliser (``rdflib.compare``) is exact
    but can take exponential time; this is linear and good enough for the
    shallow blank-node trees RDF writers and readers make.
    """
    if not _has_bnodes(graph):
        return graph
    is_dataset = isinstance(graph, ConjunctiveGraph)
    quads = list(_quads(graph))
    nodes = {t for s, _, o, _ in quads for t in (s, o) if isinstance(t, BNode)}
    colour = {b: "" for b in nodes}

    def show(term) -> str:
        return "_:" + colour[term] if isinstance(term, BNode) else term.n3()

    for _ in range(rounds):
        around: dict[BNode, list[str]] = {b: [] for b in nodes}
        for s, p, o, g in quads:
            ctx = "" if g is None else show(getattr(g, "identifier", g))
            if isinstance(s, BNode):
                around[s].append(f">{p.n3()} {show(o)} {ctx}")
            if isinstance(o, BNode):
                around[o].append(f"<{show(s)} {p.n3()} {ctx}")
        colour = {b: hashlib.sha1("\n".join(sorted(v)).encode("utf-8")).hexdigest()[:16]
                  for b, v in around.items()}
    label: dict[BNode, BNode] = {}
    seen: dict[str, int] = {}
    for b in sorted(nodes, key=lambda b: colour[b]):
        n = seen.get(colour[b], 0)
        seen[colour[b]] = n + 1
        label[b] = BNode(f"b{colour[b]}" + (f"_{n}" if n else ""))

    def fix(term):
        return label.get(term, term) if isinstance(term, BNode) else term

    out: AnyGraph = Dataset(default_union=True) if is_dataset else Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o, g in quads:
        if is_dataset:
            out.graph(fix(getattr(g, "identifier", g))).add((fix(s), p, fix(o)))
        else:
            out.add((fix(s), p, fix(o)))
    return out


class _SortedGraph(Graph):
    """A Graph whose ``subjects`` and ``predicate_objects`` come out sorted:
    rdflib's RDF/XML writer follows them, and the store's order is a set's."""

    def subjects(self, predicate=None, object=None, unique=False):
        return iter(sorted(set(super().subjects(predicate, object)), key=_node_key))

    def predicate_objects(self, subject=None, unique=False):
        return iter(sorted(super().predicate_objects(subject), key=lambda po: tuple(map(_node_key, po))))


def _node_key(node) -> tuple[str, str]:
    return type(node).__name__, node.n3()


# Turtle's bare numbers and booleans, by datatype: a literal is written bare
# only when its lexical form is already one of these, so that reading the
# file back gives the very same term (rdflib would write "30000000"^^decimal
# as 30000000.0, and "1"^^boolean as 1, an integer).
_BARE = {
    XSD.integer: re.compile(r"[+-]?[0-9]+"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD.double: re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD.boolean: re.compile(r"true|false"),
}


@functools.lru_cache(maxsize=None)
def _faithful(serializer_class):
    """A subclass of an rdflib Turtle-family writer that keeps every literal's
    lexical form."""

    class Faithful(serializer_class):
        def label(self, node, position):
            if isinstance(node, Literal) and node.datatype in _BARE and not node.language:
                if not _BARE[node.datatype].fullmatch(str(node)):
                    return node._literal_n3(use_plain=False,
                                            qname_callback=lambda dt: self.get_pname(dt, False))
            return super().label(node, position)

    return Faithful


def _turtle_bytes(graph: Graph) -> bytes:
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    buf = io.BytesIO()
    _faithful(TurtleSerializer)(graph).serialize(buf, encoding="utf-8")
    return buf.getvalue()


def _trig_bytes(dataset) -> bytes:
    from rdflib.plugins.serializers.trig import TrigSerializer

    ser = _faithful(TrigSerializer)(dataset)
    # The writer keeps contexts in the store's order; sort them by IRI.
    ser.contexts.sort(key=lambda c: _node_key(c.identifier))
    buf = io.BytesIO()
    ser.serialize(buf, encoding="utf-8")
    return buf.getvalue()


def _sort_jsonld(value, in_list: bool = False):
    """Sort the node and value arrays of a JSON-LD document (not ``@list``s,
    whose order is data)."""
    if isinstance(value, dict):
        return {k: _sort_jsonld(v, in_list=(k == "@list")) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        if in_list:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _used_prefixes(graph: AnyGraph) -> dict[str, str]:
    """The bound prefixes some IRI of ``graph`` uses: the JSON-LD @context
    (rdflib binds dozens of vocabularies to every new graph)."""
    iris = set()
    for s, p, o, _ in _quads(graph):
        iris.update(t for t in (s, p, o) if isinstance(t, URIRef))
        if isinstance(o, Literal) and o.datatype:
            iris.add(o.datatype)
    return {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())
            if prefix and any(iri.startswith(ns) for iri in iris)}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def serialize(graph: AnyGraph, fmt: Format | str, stream: IO[bytes] | None = None) -> bytes | None:
    """Write ``graph`` in ``fmt`` as UTF-8 to ``stream`` (or return the bytes).

    A triple format given a dataset writes the union of its graphs; a quad
    format given a plain graph writes it as the default graph.

    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph()
    >>> for s, o in (("b", "乙"), ("a", "甲")):
    ...     _ = g.add((URIRef("http://e/" + s), URIRef("http://e/p"), Literal(o)))
    >>> print(serialize(g, "nt").decode())
    <http://e/a> <http://e/p> "甲" .
    <http://e/b> <http://e/p> "乙" .
    <BLANKLINE>
    """
    fmt = fmt if isinstance(fmt, Format) else format_for(None, fmt)
    if isinstance(graph, NTriplesGraphs):
        data = graph.serialize(fmt)
        if data is not None:
            if stream is None:
                return data
            stream.write(data)
            return None
        graph = graph.dataset()
    if fmt.quads and not isinstance(graph, ConjunctiveGraph):
        ds = Dataset(default_union=True)
        for prefix, ns in graph.namespaces():
            ds.bind(prefix, ns, override=True, replace=True)
        for t in graph:
            ds.add(t)
        graph = ds
    elif not fmt.quads and isinstance(graph, ConjunctiveGraph):
        graph = union(graph)
    graph = _canonical(graph)

    if fmt.name == "ttl":
        data = _turtle_bytes(graph)
    elif fmt.name == "trig":
        data = _trig_bytes(graph)
    elif fmt.name in ("nt", "nq"):
        text = graph.serialize(format=fmt.rdflib, encoding="utf-8").decode("utf-8")
        # split at "\n" only: str.splitlines() also splits at \f, \v, U+2028 … that
        # N-Triples leaves unescaped inside literals, and would cut a triple in two
        lines = sorted({line for line in text.split("\n") if line.strip()})
        data = "".join(line + "\n" for line in lines).encode("utf-8")
    elif fmt.name == "jsonld":
        doc = json.loads(graph.serialize(format="json-ld", encoding="utf-8",
                                         context=_used_prefixes(graph)))
        data = (json.dumps(_sort_jsonld(doc), ensure_ascii=False, indent=2, sort_keys=True)
                + "\n").encode("utf-8")
    elif fmt.name == "xml":
        # XML 1.0 cannot hold C0 controls (but tab and line breaks): rather no
        # file than one no XML parser reads.  Graphs kg builds never hold them.
        for t in graph:
            for term in t:
                m = _NOT_XML.search(term) if isinstance(term, str) else None
                if m:
                    raise _errors().OutputError(
                        f"cannot write RDF/XML: a literal holds U+{ord(m[0]):04X}, which XML 1.0 "
                        "cannot hold; use another format (ttl, nt …)", code="E504")
        sg = _SortedGraph(store=graph.store, identifier=graph.identifier,
                          namespace_manager=graph.namespace_manager)
        data = sg.serialize(format="xml", encoding="utf-8")
    else:  # pragma: no cover - the registry and this switch are kept in step
        raise AssertionError(fmt)
    if stream is None:
        return data
    stream.write(data)
    return None


def save(graph: AnyGraph, path: str | Path, fmt: str | Format | None = None) -> Path:
    """Serialise ``graph`` to ``path`` atomically; the format is ``fmt`` or the
    one of the suffix.  Returns the path.

    The whole serialisation is made before the file is touched, so a failure
    in rdflib leaves any earlier file as it was.
    """
    fmt = fmt if isinstance(fmt, Format) else format_for(path, fmt)
    return atomic_write(path, serialize(graph, fmt))


def _resolve(path: Path) -> Path:
    errors = _errors()
    if path.is_dir():
        for name in GRAPH_FILES:
            if (path / name).is_file():
                return path / name
        raise errors.InputError(
            f"no {' or '.join(GRAPH_FILES)} in this folder (build one with kg build)",
            path=str(path), code="E111")
    if not path.exists():
        raise errors.InputError("no such file or folder", path=str(path), code="E110")
    return path


def _syntax_message(path: Path, e: Exception) -> str:
    """One line for a parse error: file, line and column where rdflib says them."""
    line = col = None
    why = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if hasattr(e, "_i") and hasattr(e, "_str") and hasattr(e, "lines"):     # Turtle/TriG BadSyntax
        text, i = e._str, e._i
        if isinstance(text, bytes):
            start = text.rfind(b"\n", 0, i) + 1
            col = len(text[start:i].decode("utf-8", "replace")) + 1
            line = text.count(b"\n", 0, i) + 1
        why = getattr(e, "_why", why)
    elif hasattr(e, "getLineNumber"):                                          # RDF/XML (SAX)
        line, col = e.getLineNumber(), e.getColumnNumber() + 1
        why = e.getMessage()
    elif hasattr(e, "lineno") and hasattr(e, "colno"):                         # JSON
        line, col, why = e.lineno, e.colno, e.msg
    where = f"{path}:{line}:{col}" if line is not None else str(path)
    return f"{where}: syntax error: {why}"


def _no_remote_context(path: Path) -> None:
    """Refuse a JSON-LD file whose ``@context`` or ``@import`` names a document
    elsewhere: rdflib would fetch it, and reading a data file must not make
    requests to the places it names (E118).  Embedded contexts are fine."""
    errors = _errors()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return                            # the parser reports it, with line and column

    def refs(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k in ("@context", "@import"):
                    for item in (v if isinstance(v, list) else [v]):
                        if isinstance(item, str):
                            yield item
                yield from refs(v)
        elif isinstance(value, list):
            for v in value:
                yield from refs(v)

    for ref in refs(doc):
        raise errors.InputError(f"its @context refers to {ref!r}, which is not fetched: "
                                "embed the context in the file", path=str(path), code="E118")


def load(path: str | Path) -> AnyGraph:
    """Read a graph file, or the graph of a folder ``kg build`` wrote.

    A file's format comes from its suffix; a folder gives its ``graph.trig``
    (else ``graph.ttl``).  Quad formats load into an rdflib ``Dataset`` whose
    default graph is the union of its named graphs (so queries see them all),
    triple formats into a ``Graph``.  ``InputError`` (one line: file, line,
    column) if the file is missing, empty or not valid.
    """
    errors = _errors()
    path = _resolve(Path(path))
    fmt = format_for(path)
    if path.stat().st_size == 0:
        raise errors.InputError("empty file", path=str(path), code="E113")
    graph: AnyGraph = Dataset(default_union=True) if fmt.quads else Graph()
    from kg.graph.vocab import bind_prefixes

    bind_prefixes(graph)
    if fmt.name == "jsonld":
        _no_remote_context(path)
    try:
        graph.parse(path, format=fmt.rdflib)
    except MemoryError:
        raise
    except Exception as e:  # rdflib's parsers raise many kinds; all mean a bad file
        if isinstance(e, UnicodeDecodeError):
            raise errors.InputError(f"not UTF-8 text ({e.reason} at byte {e.start})",
                                    path=str(path), code="E114") from e
        raise errors.InputError(_syntax_message(path, e), code="E115") from e
    return graph


def distinct_triples(graph):
    """Every distinct (s, p, o) of a Graph, or of all named graphs of a Dataset."""
    if isinstance(graph, ConjunctiveGraph):
        seen = set()
        for s, p, o, _g in graph.quads((None, None, None, None)):
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                yield s, p, o
    else:
        yield from graph
