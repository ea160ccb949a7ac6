"""``kg push``: load a built graph into any SPARQL 1.1 store.

    kg push out/ --endpoint http://127.0.0.1:7878/store                 # Graph Store Protocol
    kg push out/ --endpoint http://127.0.0.1:3030/ds/data --graph https://example.org/fupin
    kg push out/ --update http://127.0.0.1:7878/update                  # SPARQL Update
    kg push out/ --endpoint http://127.0.0.1:7878/store --named-graphs  # one graph per article

What is sent: the union of the articles' graphs (each triple once), into the
store's default graph or the named graph ``--graph IRI``, replacing what that
graph held; with ``--named-graphs`` each article's graph (and the resolution
graph) into a graph of its own IRI instead.

How: the Graph Store HTTP Protocol (``--endpoint``: the store's graph store
URL; the first batch of a graph is a ``PUT``, which replaces the graph, the
rest ``POST``, which add to it), or SPARQL Update (``--update``: ``CLEAR
SILENT`` the graph, then ``INSERT DATA`` batches).  Batches are N-Triples of
``--batch`` triples (default 50,000); a batch that fails on a connection
error or a transient status (408, 429, 5xx) is sent again after 0.5, 1, 2,
4 … s, ``--retries`` times.  RDF graphs are sets, so a batch sent twice adds
nothing twice.

Then the triple count is verified: with a COUNT query on ``--query URL``
(derived for Oxigraph's and Fuseki's layouts when not given), else by
reading the graph back through the Graph Store Protocol.  A mismatch is an
error (E512).
"""
from __future__ import annotations

import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["push", "PushReport", "read_graphs", "derive_query_url"]


@dataclass
class PushReport:
    target: str
    graphs: list[tuple[str, int]] = field(default_factory=list)    # (graph or "default", triples)
    batches: int = 0
    retries: int = 0
    verified: dict[str, int] | None = None
    how: str = ""
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.graphs)

    def render(self) -> str:
        names = ", ".join(g for g, _ in self.graphs[:3]) + (" …" if len(self.graphs) > 3 else "")
        lines = [f"pushed {self.triples} triples in {len(self.graphs)} graph"
                 f"{'s' if len(self.graphs) != 1 else ''} ({names}) to {self.target}",
                 f"  {self.how}, {self.batches} batch{'es' if self.batches != 1 else ''}, "
                 f"{self.retries} retr{'ies' if self.retries != 1 else 'y'}, {self.seconds:.1f} s"]
        if self.verified is not None:
            lines.append(f"  verified: {sum(self.verified.values())} triples in the store")
        else:
            lines.append("  not verified (no query endpoint, and the graph could not be read back)")
        return "\n".join(lines)


def read_graphs(path: str | Path) -> tuple[list[bytes], dict[str, list[bytes]]]:
    """(union triples, {graph IRI: triples}) of a built folder or graph file,
    each triple an N-Triples line (bytes, no newline), sorted."""
    import pyoxigraph as ox

    from kg.errors import InputError
    from kg.graph.store import _resolve

    path = Path(path)
    source = path / "graph.nq" if path.is_dir() and (path / "graph.nq").is_file() else _resolve(path)
    fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
           ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
           ".jsonld": ox.RdfFormat.JSON_LD}.get(source.suffix.lower())
    if fmt is None:
        raise InputError("cannot push this file type", path=str(source), code="E112")
    per_graph: dict[str, set] = {}
    union: set = set()
    try:
        for q in ox.parse(path=str(source), format=fmt):
            triple = f"{q.subject} {q.predicate} {q.object} .".encode("utf-8")
            union.add(triple)
            g = q.graph_name
            key = "" if isinstance(g, ox.DefaultGraph) else g.value
            per_graph.setdefault(key, set()).add(triple)
    except (SyntaxError, ValueError) as e:
        raise InputError(f"syntax error: {e}", path=str(source), code="E115") from None
    return sorted(union), {g: sorted(t) for g, t in sorted(per_graph.items())}


def derive_query_url(url: str) -> str | None:
    """The query endpoint beside a graph store or update endpoint, for the
    layouts whose names are fixed (Oxigraph, Fuseki), else None.

    >>> derive_query_url("http://127.0.0.1:7878/store"), derive_query_url("http://h:3030/ds/data")
    ('http://127.0.0.1:7878/query', 'http://h:3030/ds/sparql')
    >>> derive_query_url("http://h:3030/ds/update"), derive_query_url("http://h/x") is None
    ('http://h:3030/ds/sparql', True)
    """
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last == "store" or (last == "update" and parts.port == 7878):
        new = head + "/query"
    elif last in ("data", "update", "get"):
        new = head + "/sparql"
    else:
        return None
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


def _gsp_url(endpoint: str, graph: str | None) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph:
        return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"
    return f"{endpoint}{sep}default"


def _batches(lines: list[bytes], size: int):
    for i in range(0, len(lines), size):
        yield lines[i:i + size]


def push(path: str | Path, *, endpoint: str | None = None, update: str | None = None,
         graph: str | None = None, named_graphs: bool = False, query: str | None = None,
         batch: int = 50_000, retries: int = 4, timeout: float = 120.0, verify: bool = True,
         log=None) -> PushReport:
    """Load the graph at ``path`` into a remote store: see the module's docstring."""
    from kg.errors import OutputError, UsageError
    from kg.remote import request

    if bool(endpoint) == bool(update):
        raise UsageError("give the store's Graph Store endpoint (--endpoint URL) or its "
                         "SPARQL Update endpoint (--update URL)", code="E205")
    if named_graphs and graph:
        raise UsageError("--graph and --named-graphs do not go together", code="E205")
    if batch < 1:
        raise UsageError("--batch must be at least 1", code="E205")
    started = time.monotonic()
    union, per_graph = read_graphs(path)
    if named_graphs:
        targets = [(g or None, lines) for g, lines in per_graph.items()]
    else:
        targets = [(graph, union)]
    report = PushReport(target=endpoint or update or "", how="Graph Store Protocol" if endpoint
                        else "SPARQL Update")
    counting = {"n": 0}

    def note(msg):
        counting["n"] += 1
        if log:
            log(msg)

    for g, lines in targets:
        if endpoint:
            url = _gsp_url(endpoint, g)
            first = True
            for chunk in _batches(lines, batch) if lines else [[]]:
                body = b"\n".join(chunk) + (b"\n" if chunk else b"")
                request(url, method="PUT" if first else "POST", data=body,
                        headers={"Content-Type": "application/n-triples"}, timeout=timeout,
                        retries=retries, log=note)
                first = False
                report.batches += 1
        else:
            target = f"GRAPH <{g}>" if g else "DEFAULT"
            _update(update, f"CLEAR SILENT {target}", timeout, retries, note)
            for chunk in _batches(lines, batch):
                text = b"\n".join(chunk).decode("utf-8")
                body = (f"INSERT DATA {{ GRAPH <{g}> {{\n{text}\n}} }}" if g
                        else f"INSERT DATA {{\n{text}\n}}")
                _update(update, body, timeout, retries, note)
                report.batches += 1
        report.graphs.append((g or "default graph", len(lines)))
    report.retries = counting["n"]
    if verify:
        report.verified = _verify(report, targets, endpoint, query or derive_query_url(endpoint or update),
                                  timeout, retries)
        expected = {(g or "default graph"): len(lines) for g, lines in targets}
        if report.verified is not None and report.verified != expected:
            bad = [f"{g}: {report.verified.get(g)} in the store, {n} sent"
                   for g, n in expected.items() if report.verified.get(g) != n]
            raise OutputError("push not verified: " + "; ".join(bad[:5]), path=report.target,
                              code="E512")
    report.seconds = time.monotonic() - started
    return report


def _update(url: str, text: str, timeout: float, retries: int, note) -> None:
    from kg.remote import request

    request(url, method="POST", data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"}, timeout=timeout, retries=retries,
            log=note)


def _verify(report, targets, endpoint, query_url, timeout, retries) -> dict[str, int] | None:
    from kg.errors import KGError
    from kg.remote import parse_results, request

    out: dict[str, int] = {}
    for g, _ in targets:
        name = g or "default graph"
        counted = None
        if query_url:
            pattern = f"GRAPH <{g}> {{ ?s ?p ?o }}" if g else "?s ?p ?o"
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
            try:
                r = request(query_url, method="POST",
                            data=urllib.parse.urlencode({"query": q}).encode("utf-8"),
                            headers={"Content-Type": "application/x-www-form-urlencoded",
                                     "Accept": "application/sparql-results+json"},
                            timeout=timeout, retries=retries)
                counted = int(parse_results(r.body).rows[0][0])
            except (KGError, ValueError, IndexError):
                counted = None
        if counted is None and endpoint:
            try:
                r = request(_gsp_url(endpoint, g), headers={"Accept": "application/n-triples"},
                            timeout=timeout, retries=retries)
                counted = sum(1 for line in r.body.splitlines() if line.strip()
                              and not line.lstrip().startswith(b"#"))
            except KGError:
                counted = None
        if counted is None:
            return None
        out[name] = counted
    return out


def main_log(msg: str) -> None:
    print(msg, file=sys.stderr)
