"""Check a graph against the project's SHACL shapes (``ontology/shapes.ttl``).

:func:`validate` runs pySHACL with ``ontology/fupin.ttl`` as the ontology
graph (so a shape on fp:AdministrativeArea also covers fp:Village) and
returns a :class:`ValidationReport`: whether the graph conforms, every result
as a plain object, and a short text a person can read (counts by severity and
the first messages, naming each node by its label).

Warnings (an article without a publication date) do not break conformance.

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, report.text.splitlines()[0]
(True, 'SHACL: conforms — 0 violations, 0 warnings, 0 infos (0 triples)')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace

__all__ = ["validate", "ValidationReport", "ValidationResult", "ontology_dir", "load_ontology",
           "load_shapes"]

SH = Namespace("http://www.w3.org/ns/shacl#")
_SEVERITIES = ("Violation", "Warning", "Info")


def ontology_dir() -> Path:
    """The folder with ``fupin.ttl``, ``labels.ttl`` and ``shapes.ttl``."""
    import kg

    return Path(kg.__file__).parent / "ontology"


def load_ontology(labels: bool = True) -> Graph:
    """The ontology (``fupin.ttl``), with the zh/en labels of reused terms
    (``labels.ttl``) unless ``labels`` is False.

    >>> from kg.graph.vocab import FP
    >>> from rdflib import RDFS, Literal
    >>> Literal("村", lang="zh") in set(load_ontology().objects(FP.Village, RDFS.label))
    True
    """
    g = Graph()
    g.parse(ontology_dir() / "fupin.ttl", format="turtle")
    if labels:
        g.parse(ontology_dir() / "labels.ttl", format="turtle")
    return g


def load_shapes() -> Graph:
    """The SHACL shapes graph (``shapes.ttl``)."""
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with terms written as prefixed names."""
    severity: str          # Violation | Warning | Info
    focus: str             # the node, e.g. id:fund/a/1
    focus_label: str       # its rdfs:label, '' if none
    path: str              # the property, e.g. schema:amount ('' for node-level results)
    message: str           # the shape's English message (or pySHACL's)
    value: str = ""        # the offending value, if any

    def line(self) -> str:
        """The result as one line of text."""
        label = f" ({self.focus_label})" if self.focus_label else ""
        path = f" {self.path}:" if self.path else ":"
        value = f" [value: {self.value}]" if self.value else ""
        return f"{self.severity:<9} {self.focus}{label}{path} {self.message}{value}"


@dataclass
class ValidationReport:
    """Whether the graph conforms, its results and a readable summary."""
    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    triples: int = 0
    limit: int = 20

    def count(self, severity: str) -> int:
        """Number of results of ``severity`` (Violation, Warning or Info)."""
        return sum(r.severity == severity for r in self.results)

    @property
    def text(self) -> str:
        """Counts by severity, then the first ``limit`` results, one a line."""
        head = "conforms" if self.conforms else "does NOT conform"
        counts = ", ".join(f"{self.count(s)} {s.lower()}{'' if self.count(s) == 1 else 's'}"
                           for s in _SEVERITIES)
        lines = [f"SHACL: {head} — {counts} ({self.triples} triples)"]
        lines += [r.line() for r in self.results[:self.limit]]
        if len(self.results) > self.limit:
            lines.append(f"… and {len(self.results) - self.limit} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text


def validate(graph, *, limit: int = 20) -> ValidationReport:
    """Validate ``graph`` against ``ontology/shapes.ttl``.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        A built graph; a dataset is validated as the union of its graphs.
    limit : int
        How many results the summary text lists.

    Returns
    -------
    ValidationReport
        ``conforms`` is False when there is any violation; warnings and
        infos are reported but do not break conformance.
    """
    # pySHACL is heavy to import; only validation pays for it.
    import pyshacl

    from .graph.vocab import bind_prefixes

    data = _as_graph(graph)
    conforms, results_graph, _ = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(labels=False),
        inference="none", allow_warnings=True, allow_infos=True, advanced=False)
    # Prefixed names from the project's prefixes, without touching the caller's graph.
    nm = bind_prefixes(Graph()).namespace_manager
    results = sorted(_results(results_graph, data, nm),
                     key=lambda r: (_SEVERITIES.index(r.severity) if r.severity in _SEVERITIES else 9,
                                    r.focus, r.path, r.message, r.value))
    return ValidationReport(conforms=bool(conforms), results=results, triples=len(data), limit=limit)


def _as_graph(graph) -> Graph:
    """A plain Graph: the union of a dataset's graphs, or the graph itself."""
    if hasattr(graph, "quads") and hasattr(graph, "graphs"):
        g = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            g.add((s, p, o))
        for prefix, ns in graph.namespaces():
            g.bind(prefix, ns)
        return g
    return graph


def _results(results: Graph, data: Graph, nm):
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        yield ValidationResult(
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            focus=_n3(focus, nm),
            focus_label=_label(data, focus),
            path=_n3(path, nm) if path is not None and not _is_bnode(path) else "",
            message=_message(results, r),
            value=_n3(value, nm) if value is not None and not _is_bnode(value) else "",
        )


def _is_bnode(term) -> bool:
    from rdflib import BNode

    return isinstance(term, BNode)


def _n3(term, nm) -> str:
    """A term for display: ``id:fund/a/1``, ``schema:amount``, a literal's text.

    Shortened by the longest matching namespace even where the rest is not a
    valid Turtle local name (``/`` in instance IRIs): this is for reading.
    """
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    text = str(term)
    best = max(((p, str(ns)) for p, ns in nm.namespaces() if p and text.startswith(str(ns))),
               key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"


def _label(data: Graph, node) -> str:
    if node is None:
        return ""
    labels = sorted(data.objects(node, RDFS.label), key=lambda l: (getattr(l, "language", None) != "zh", str(l)))
    return str(labels[0]) if labels else ""


def _message(results: Graph, r) -> str:
    msgs = list(results.objects(r, SH.resultMessage))
    for want in ("en", None):
        for m in sorted(msgs, key=str):
            if getattr(m, "language", None) == want:
                return " ".join(str(m).split())
    return " ".join(str(sorted(msgs, key=str)[0]).split()) if msgs else ""
