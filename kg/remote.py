"""Talking to remote SPARQL 1.1 stores over HTTP (standard library only).

:func:`query_endpoint` runs a competency question, a ``.rq`` file or SPARQL
text on a remote query endpoint (SPARQL 1.1 Protocol, a POSTed form) and
gives the same :class:`kg.query.QueryResult` as a local graph; ``graph``
sends ``default-graph-uri`` so that a graph pushed with ``kg push --graph
IRI`` is the default graph of the query.  :func:`request` is the retrying
HTTP call that :mod:`kg.push` uses too.

Store endpoints (query / Graph Store Protocol / update):

============  ===============================  ================================  ===============================
store         query                            graph store                        update
============  ===============================  ================================  ===============================
Oxigraph      http://host:7878/query           http://host:7878/store             http://host:7878/update
Fuseki        http://host:3030/DS/sparql       http://host:3030/DS/data           http://host:3030/DS/update
Virtuoso      http://host:8890/sparql          http://host:8890/sparql-graph-crud  http://host:8890/sparql
GraphDB       http://host:7200/repositories/R  http://host:7200/repositories/R/    http://host:7200/repositories/R/
                                               rdf-graphs/service                  statements
============  ===============================  ================================  ===============================
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["query_endpoint", "request", "Response", "TRANSIENT", "parse_results"]

#: HTTP statuses worth another try.
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body


def request(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
            timeout: float = 60.0, retries: int = 4, backoff: float = 0.5, log=None) -> Response:
    """An HTTP request, tried again on connection errors and transient
    statuses (:data:`TRANSIENT`), waiting ``backoff``, 2×, 4× … seconds.

    Raises :class:`kg.errors.OutputError` E510 when the server cannot be
    reached, E511 when it refuses (any other 4xx/5xx, or still failing).
    """
    from kg.errors import OutputError

    attempt = 0
    while True:
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            body = e.read()
            if e.code not in TRANSIENT or attempt >= retries:
                text = body.decode("utf-8", "replace").strip().splitlines()
                why = text[0][:300] if text else e.reason
                raise OutputError(f"{method} refused: HTTP {e.code}: {why}", path=_shown(url),
                                  code="E511") from None
            reason = f"HTTP {e.code}"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
            if attempt >= retries:
                why = getattr(e, "reason", e)
                raise OutputError(f"cannot reach the store: {why}", path=_shown(url),
                                  code="E510") from None
            reason = type(getattr(e, "reason", e)).__name__
        wait = backoff * (2 ** attempt)
        if log:
            log(f"  retry {attempt + 1}/{retries} in {wait:g} s ({reason})")
        time.sleep(wait)
        attempt += 1


def _shown(url: str) -> str:
    """The URL without credentials or query string, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def parse_results(body: bytes):
    """A SPARQL 1.1 JSON results document as a :class:`kg.query.QueryResult`."""
    from rdflib import BNode, Literal, URIRef

    from kg.query import QueryResult

    doc = json.loads(body.decode("utf-8"))
    if "boolean" in doc:
        return QueryResult("ASK", boolean=bool(doc["boolean"]))
    columns = list(doc.get("head", {}).get("vars", []))
    rows, terms = [], []
    for b in doc.get("results", {}).get("bindings", []):
        row = []
        for c in columns:
            t = b.get(c)
            if t is None:
                row.append(None)
            elif t["type"] == "uri":
                row.append(URIRef(t["value"]))
            elif t["type"] == "bnode":
                row.append(BNode(t["value"]))
            else:
                lang = t.get("xml:lang")
                dt = t.get("datatype")
                row.append(Literal(t["value"], lang=lang, datatype=URIRef(dt) if dt and not lang else None))
        terms.append(tuple(row))
        rows.append(tuple("" if x is None else str(x) for x in row))
    return QueryResult("SELECT", columns, rows, terms)


def query_endpoint(url: str, query: str, *, graph: str | None = None, timeout: float = 60.0,
                   retries: int = 2):
    """Run ``query`` (a question's name, a ``.rq`` file or SPARQL) on the
    remote SPARQL endpoint ``url``; a :class:`kg.query.QueryResult`.

    CONSTRUCT and DESCRIBE answers come back as an rdflib graph (Turtle).
    """
    from kg.errors import QueryError
    from kg.query import QueryResult, load_query, with_prefixes

    text, origin = load_query(query)
    full, _ = with_prefixes(text)
    form = [("query", full)]
    if graph:
        form.append(("default-graph-uri", graph))
    data = urllib.parse.urlencode(form).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    from kg.errors import OutputError

    try:
        r = request(url, method="POST", data=data, headers=headers, timeout=timeout, retries=retries)
    except OutputError as e:
        if e.code == "E511":       # the endpoint answered: the query is what it refused
            raise QueryError(f"the endpoint refused the query: {e.detail}", path=origin,
                             code="E406") from None
        raise
    ctype = (r.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if "json" in ctype:
        try:
            return parse_results(r.body)
        except (ValueError, KeyError, TypeError) as e:
            raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {e}", path=origin,
                             code="E407") from None
    from rdflib import Graph

    g = Graph()
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld"}.get(ctype)
    if fmt is None:
        raise QueryError(f"unexpected answer type {ctype or '(none)'} from the endpoint", path=origin,
                         code="E407")
    g.parse(data=r.body, format=fmt)
    return QueryResult("CONSTRUCT", graph=g)
