"""Run a competency question, a ``.rq`` file or any SPARQL on a graph.

The six competency questions (``docs`` and ``spec/competency-questions.md``)
ship as ``kg/queries/<name>.rq``; :func:`run_query` takes one of those names,
a path to a ``.rq`` file, or SPARQL text.  The project's standard prefixes
(fp, id, oa, org, prov, skos, schema, foaf, rdf, rdfs, owl, xsd) are added
when the query does not declare them itself.

>>> from rdflib import Graph, Literal, URIRef, RDFS
>>> g = Graph()
>>> g.add((URIRef("https://w3id.org/fupin-kg/id/person/zhao-liu"), RDFS.label, Literal("赵六", lang="zh")))
<Graph identifier=... (<class 'rdflib.graph.Graph'>)>
>>> r = run_query(g, "SELECT ?s ?label WHERE { ?s rdfs:label ?label }")
>>> print(r.to_csv(), end="")
s,label
https://w3id.org/fupin-kg/id/person/zhao-liu,赵六
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import QueryError

__all__ = ["run_query", "QueryResult", "QUERY_NAMES", "STANDARD_PREFIXES", "query_path",
           "load_query", "with_prefixes"]

#: The competency questions, in the order of the contract.
QUERY_NAMES = ("officials", "villages", "assignments", "funds", "measures", "events")

#: Added to a query that does not declare them.
STANDARD_PREFIXES = {
    "fp": "https://w3id.org/fupin-kg/ontology#",
    "id": "https://w3id.org/fupin-kg/id/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:")
_BARE_NAME = re.compile(r"^[\w.\-/\\]+$")
_QUERY_FORM = re.compile(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")


def query_path(name: str) -> Path:
    """The ``.rq`` file of a named competency question.

    >>> query_path("funds").name
    'funds.rq'
    """
    return Path(__file__).resolve().parent / "queries" / f"{name}.rq"


def with_prefixes(sparql: str) -> tuple[str, int]:
    """``sparql`` with the standard prefixes it does not declare put in front,
    all on one line, and the number of lines added (0 or 1).

    >>> text, added = with_prefixes("PREFIX fp: <x#> SELECT * WHERE { ?s fp:a ?o }")
    >>> added, "PREFIX fp:" in text.splitlines()[0], "PREFIX rdfs:" in text.splitlines()[0]
    (1, False, True)
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in STANDARD_PREFIXES.items() if p not in declared]
    if not missing:
        return sparql, 0
    return " ".join(missing) + "\n" + sparql, 1


def load_query(query: str) -> tuple[str, str]:
    """The SPARQL text of ``query`` and where it came from.

    ``query`` is a competency question's name, a path to a file (``.rq`` or
    any existing file), or SPARQL text.  A bare word that is none of these
    raises :class:`~kg.errors.QueryError` listing the known names.

    >>> text, origin = load_query("officials")
    >>> origin, "SELECT ?name ?post ?organization WHERE" in text
    ('officials', True)
    >>> load_query("no-such-question")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: E402 no-such-question: unknown query name; known names: officials, villages, assignments, funds, measures, events (or give a .rq file or SPARQL text)
    """
    q = query.strip()
    if not q:
        raise QueryError("empty query", code="E401")
    if q.lower() in QUERY_NAMES:
        return query_path(q.lower()).read_text(encoding="utf-8"), q.lower()
    looks_like_file = q.lower().endswith((".rq", ".sparql")) or (_BARE_NAME.match(q) and _is_file(q))
    if looks_like_file:
        path = Path(q)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"cannot read query file: {e.__class__.__name__}: {e}",
                             path=q, code="E403") from None
    if _BARE_NAME.match(q) and not _QUERY_FORM.search(q):
        raise QueryError(f"unknown query name; known names: {', '.join(QUERY_NAMES)} "
                         "(or give a .rq file or SPARQL text)", path=q, code="E402")
    return query, "SPARQL text"


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):       # too long a name, NUL byte …
        return False


@dataclass
class QueryResult:
    """The answer to a query.

    Attributes
    ----------
    kind : str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    columns : list of str
        The SELECT variables, in order (empty for other kinds).
    rows : list of tuple of str
        One tuple per solution; a literal gives its lexical form, an IRI its
        full text, an unbound variable ``''``.
    terms : list of tuple
        The same as rdflib terms (None when unbound), for callers that need
        datatypes or languages.
    boolean : bool or None
        The answer of an ASK query.
    graph : rdflib.Graph or None
        The result of a CONSTRUCT or DESCRIBE query.
    """
    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[str, ...]] = field(default_factory=list)
    terms: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: object = None

    def __len__(self) -> int:
        return len(self.rows)

    def _need_table(self, what: str) -> None:
        if self.kind in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError(f"a {self.kind} query gives a graph, not a table: write it as {what} "
                             "with `kg export` (or result.graph.serialize())", code="E405")

    def to_csv(self) -> str:
        """CSV, UTF-8 text: a header of the variable names, then the rows,
        ``\\n`` line ends.  An ASK result is one line, ``true`` or ``false``.

        >>> print(QueryResult("SELECT", ["a", "b"], [("1", "x,y")]).to_csv(), end="")
        a,b
        1,"x,y"
        """
        self._need_table("RDF")
        if self.kind == "ASK":
            return ("true" if self.boolean else "false") + "\n"
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return buf.getvalue()

    def to_table(self) -> str:
        """An aligned text table; Chinese (wide) characters count two columns.

        >>> print(QueryResult("SELECT", ["name", "n"], [("赵六", "1"), ("Li", "22")]).to_table())
        name  n
        ----  --
        赵六  1
        Li    22
        """
        self._need_table("RDF")
        if self.kind == "ASK":
            return "true" if self.boolean else "false"
        cells = [list(self.columns)] + [[_one_line(c) for c in row] for row in self.rows]
        widths = [max(display_width(r[i]) for r in cells) for i in range(len(self.columns))]
        lines = [_pad_row(cells[0], widths), _pad_row(["-" * w for w in widths], widths)]
        lines += [_pad_row(r, widths) for r in cells[1:]]
        return "\n".join(lines)

    def to_json(self) -> str:
        """The SPARQL 1.1 Query Results JSON Format.

        >>> from rdflib import Literal
        >>> r = QueryResult("SELECT", ["x"], [("赵六",)], [(Literal("赵六", lang="zh"),)])
        >>> print(r.to_json())
        {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "赵六", "xml:lang": "zh"}}]}}
        """
        self._need_table("JSON-LD")
        if self.kind == "ASK":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)})
        terms = self.terms or [tuple(None if c == "" else c for c in row) for row in self.rows]
        bindings = []
        for row in terms:
            b = {}
            for name, term in zip(self.columns, row):
                if term is not None:
                    b[name] = _json_term(term)
            bindings.append(b)
        return json.dumps({"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}},
                          ensure_ascii=False)

    def to_dataframe(self, *, typed: bool = True):
        """The result as a ``pandas.DataFrame``, one column per SELECT
        variable in order.  pandas is imported here, not before (it is in
        the ``analysis`` extra: ``pip install 'fupin-kg[analysis]'``).

        With ``typed`` (the default) a column whose bound values are all
        numbers (xsd:decimal, xsd:integer, xsd:double …) is numeric — int64
        when they are all integers and none is missing, else float64; one of
        xsd:date or xsd:dateTime values is datetime64; one of xsd:boolean
        values is bool; anything else is text (an IRI its full text), with
        ``None`` where the variable is unbound.  With ``typed=False`` every
        cell is the text of :attr:`rows` (``''`` when unbound).  An ASK result
        is one column ``boolean``; CONSTRUCT and DESCRIBE give a graph, not a
        table (``QueryError``).

        >>> from rdflib import Literal, URIRef, XSD
        >>> r = QueryResult("SELECT", ["n", "day", "who"], [("2", "2018-03-05", "")],
        ...                 [(Literal(2), Literal("2018-03-05", datatype=XSD.date), None)])
        >>> df = r.to_dataframe()
        >>> [t.kind for t in df.dtypes], df.loc[0, "day"].isoformat(), df.loc[0, "who"]
        (['i', 'M', 'O'], '2018-03-05T00:00:00', None)
        >>> r.to_dataframe(typed=False).loc[0].tolist()
        ['2', '2018-03-05', '']
        """
        import pandas as pd

        self._need_table("RDF")
        if self.kind == "ASK":
            return pd.DataFrame({"boolean": [bool(self.boolean)]})
        if not typed or (self.rows and not self.terms):
            return pd.DataFrame([list(r) for r in self.rows], columns=list(self.columns),
                                dtype=object)
        data = {name: _typed_column([row[i] for row in self.terms], pd)
                for i, name in enumerate(self.columns)}
        return pd.DataFrame(data, columns=list(self.columns))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_NUMBER_TYPES = _INTEGER_TYPES | {_XSD + "decimal", _XSD + "double", _XSD + "float"}


def _term_kind(term) -> str:
    from rdflib import Literal

    if not isinstance(term, Literal) or term.datatype is None:
        return "text"
    dt = str(term.datatype)
    if dt in _INTEGER_TYPES:
        return "integer"
    if dt in _NUMBER_TYPES:
        return "number"
    if dt in (_XSD + "date", _XSD + "dateTime"):
        return "date"
    if dt == _XSD + "boolean":
        return "boolean"
    return "text"


def _typed_column(terms: list, pd):
    """One column of a typed DataFrame (see :meth:`QueryResult.to_dataframe`)."""
    bound = [t for t in terms if t is not None]
    kinds = {_term_kind(t) for t in bound}
    missing = len(bound) < len(terms)
    try:
        if bound and kinds == {"integer"} and not missing:
            return pd.Series([int(str(t)) for t in terms], dtype="int64")
        if bound and kinds <= {"integer", "number"}:
            return pd.Series([float("nan") if t is None else float(str(t)) for t in terms],
                             dtype="float64")
        if bound and kinds == {"date"}:
            return pd.to_datetime(pd.Series([None if t is None else str(t) for t in terms],
                                            dtype=object), format="ISO8601")
        if bound and kinds == {"boolean"} and not missing:
            return pd.Series([str(t).strip().lower() in ("true", "1") for t in terms], dtype=bool)
    except (ValueError, TypeError, OverflowError):
        pass      # an ill-typed literal ("abc"^^xsd:integer): keep the column as text
    return pd.Series([None if t is None else str(t) for t in terms], dtype=object)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters two.

    >>> display_width("赵六 ab")
    7
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad_row(cells: list[str], widths: list[int]) -> str:
    out = [c + " " * (w - display_width(c)) for c, w in zip(cells, widths)]
    return "  ".join(out).rstrip()


def _one_line(text: str) -> str:
    return " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text


def _json_term(term) -> dict:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def run_query(graph, query: str) -> QueryResult:
    """Run ``query`` on ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        A built graph; a dataset is queried as the union of its graphs.
    query : str
        A competency question's name (see :data:`QUERY_NAMES`), a path to a
        ``.rq`` file, or SPARQL text (SELECT, ASK, CONSTRUCT or DESCRIBE).

    Returns
    -------
    QueryResult

    Raises
    ------
    kg.errors.QueryError
        E401 the SPARQL does not parse (the message gives line and column),
        E402 an unknown query name, E403 an unreadable query file, E404 the
        query failed while running.

    Examples
    --------
    >>> from rdflib import Graph
    >>> run_query(Graph(), "officials").to_csv()
    'name,post,organization\\n'
    >>> run_query(Graph(), "ASK { ?s ?p ?o }").to_table()
    'false'
    >>> run_query(Graph(), "SELECT ?x WHERE { ?x ")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: E401 SPARQL text: syntax error at line 1, column 19: Expected SelectQuery, found '?'
    """
    from rdflib.plugins.sparql import prepareQuery

    text, origin = load_query(query)
    full, added = with_prefixes(text)
    try:
        prepared = prepareQuery(full, initNs=_namespaces(graph))
    except Exception as e:      # pyparsing's ParseException, or rdflib's own for bad prefixes
        raise QueryError(_syntax_message(e, added), path=origin, code="E401") from None
    try:
        with _union(graph) as target:
            result = target.query(prepared)
            return _collect(result)
    except QueryError:
        raise
    except Exception as e:
        raise QueryError(f"query failed: {e.__class__.__name__}: {e}", path=origin, code="E404") from None


def _namespaces(graph) -> dict:
    try:
        return {p: ns for p, ns in graph.namespaces() if p}
    except Exception:
        return {}


def _syntax_message(e: Exception, added_lines: int) -> str:
    line, col = getattr(e, "lineno", None), getattr(e, "col", None)
    # pyparsing's text ends with "(at char N), (line:L, col:C)" counted in the
    # text with the added prefixes; the line and column are given here instead.
    msg = re.sub(r"\s*\(at char \d+\),?\s*(\(line:\d+, col:\d+\))?\s*$", "", str(e)) or str(e)
    if line is not None and col is not None:
        line = max(1, line - added_lines)
        return f"syntax error at line {line}, column {col}: {msg}"
    return f"invalid SPARQL: {msg}"


class _union:
    """Query a dataset as the union of its graphs, leaving it as it was."""

    def __init__(self, graph):
        self.graph = graph
        self.toggled = False

    def __enter__(self):
        if getattr(self.graph, "default_union", True) is False:
            self.graph.default_union = True
            self.toggled = True
        return self.graph

    def __exit__(self, *exc):
        if self.toggled:
            self.graph.default_union = False
        return False


def _collect(result) -> QueryResult:
    kind = result.type
    if kind == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(kind, graph=result.graph)
    columns = [str(v) for v in result.vars]
    terms, rows = [], []
    for solution in result:
        row = tuple(solution[i] if i < len(solution) else None for i in range(len(columns)))
        terms.append(row)
        rows.append(tuple("" if t is None else str(t) for t in row))
    return QueryResult("SELECT", columns, rows, terms)
