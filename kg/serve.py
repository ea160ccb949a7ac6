"""``kg serve``: a SPARQL 1.1 Protocol endpoint over a built graph, on loopback.

    kg serve out/ [--port 7878] [--writable] [--timeout 30] [--max-rows 10000]

* ``GET /sparql?query=…`` and ``POST /sparql`` (a form with ``query=…``, or
  the query itself as ``application/sparql-query``), with the protocol's
  ``default-graph-uri`` and ``named-graph-uri``; without them the default
  graph is the union of the articles' graphs, as everywhere in this project,
  and the project's prefixes (fp, id, schema, prov …) need not be declared.
* Results by content negotiation (``Accept``, or ``?format=json|xml|csv|tsv``):
  SELECT and ASK as ``application/sparql-results+json`` (the default),
  ``application/sparql-results+xml``, ``text/csv``, ``text/tab-separated-values``;
  CONSTRUCT and DESCRIBE as ``text/turtle`` (the default),
  ``application/n-triples``, ``application/rdf+xml``.
* ``POST /update`` (SPARQL 1.1 Update) only with ``--writable``; otherwise it
  is refused with 403, and the database is opened read-only.
* A query timeout: read-only, each query runs in one of ``--workers`` worker
  processes, and a query past ``--timeout`` seconds is stopped by ending its
  process (503, and the worker is replaced); with ``--writable`` queries run
  in the server's threads and the client gets its 503 at the timeout while
  the query finishes in the background.
* A result-size limit: at most ``--max-rows`` solutions (or triples) are sent;
  a longer result is cut there and says so in the ``X-SPARQL-MaxRows``
  header (as Virtuoso does).
* ``GET /`` is a query page that works offline (no script or style from
  elsewhere).

The server listens on 127.0.0.1 only (a host other than a loopback address is
refused); the database is ``OUT/oxigraph``, made from ``graph.trig`` when the
build did not make it (a graph file is loaded into a temporary one).
"""
from __future__ import annotations

import html
import json
import os
import re
import queue
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["serve", "make_server", "ensure_store", "run_query_job", "DEFAULT_PORT"]

DEFAULT_PORT = 7878
MAX_BODY = 4 * 2**20

SELECT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
}
_ACCEPT_SELECT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_ACCEPT_GRAPH = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/n-triples": "nt",
    "text/plain": "nt", "application/rdf+xml": "xml", "application/xml": "xml", "text/xml": "xml",
}


# --- the database ---------------------------------------------------------------

def ensure_store(path: str | os.PathLike) -> tuple[Path, bool]:
    """The database folder to serve for ``path``, and whether it is temporary.

    A built folder with a current ``oxigraph/`` gives it; a built folder
    without one gets one (from ``graph.nq`` or ``graph.trig``, with its
    ``store.json``); a graph file is loaded into a temporary folder.
    """
    import tempfile

    from kg.errors import InputError
    from kg.fileio import atomic_write
    from kg.graph import oxigraph as ox
    from kg.graph.store import _resolve

    path = Path(path)
    folder = ox.store_for(path)
    if folder is not None:
        return folder, False
    source = _resolve(path)                 # InputError if there is no graph
    if path.is_dir() and source.name == "graph.trig":
        data = path / "graph.nq" if (path / "graph.nq").is_file() else source
        target = path / ox.STORE_DIR
        stage = Path(tempfile.mkdtemp(prefix=".oxigraph-", dir=path))
        try:
            count = _load(stage / "db", data)
            ox.replace_dir(stage / "db", target)
            atomic_write(path / ox.STAMP_FILE, ox.stamp(source, count))
        except (SyntaxError, ValueError) as e:
            raise InputError(f"cannot load: {e}", path=str(data), code="E115") from e
        finally:
            import shutil
            shutil.rmtree(stage, ignore_errors=True)
        return target, False
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    try:
        _load(tmp / "db", source)
    except (SyntaxError, ValueError) as e:
        raise InputError(f"cannot load: {e}", path=str(source), code="E115") from e
    return tmp / "db", True


def _load(folder: Path, source: Path) -> int:
    """Load a graph file into a new database folder; the number of quads."""
    import pyoxigraph as ox

    fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
           ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
           ".owl": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}.get(source.suffix.lower())
    if fmt is None:
        from kg.errors import InputError
        raise InputError("cannot serve this file type", path=str(source), code="E112")
    from kg.graph.oxigraph import fill_default_graph

    store = ox.Store(str(folder))
    store.bulk_load(path=str(source), format=fmt)
    fill_default_graph(store)
    store.flush()
    count = len(store)
    del store
    return count


# --- one query, start to finish (in a worker, or a thread) ----------------------

@dataclass
class Job:
    query: str
    accept: str = ""
    format: str = ""                  # ?format=… overrides Accept
    default_graphs: tuple = ()
    named_graphs: tuple = ()
    max_rows: int = 10_000


def _negotiate(accept: str, table: dict[str, str], fallback: str, override: str = "") -> str | None:
    if override:
        key = override.lower()
        aliases = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "rdf": "xml", "rdfxml": "xml",
                   "text": "tsv", "srj": "json", "srx": "xml"}
        key = aliases.get(key, key)
        return key if key in set(table.values()) else None
    if not accept.strip():
        return fallback
    ranked = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mime, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, mime))
    for negq, _, mime in sorted(ranked):
        if negq == 0:
            continue
        if mime in table:
            return table[mime]
        if mime in ("*/*", "application/*", "text/*"):
            return fallback
    return None


_SPARQL_NOISE = re.compile(r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>|#[^\n]*''')


def names_a_service(query: str) -> bool:
    """Whether a query has a SERVICE clause (outside strings, IRIs and comments).

    >>> names_a_service('SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> names_a_service('SELECT * WHERE { ?s ?p "SERVICE" } # service')
    False
    """
    return bool(re.search(r"\bSERVICE\b", _SPARQL_NOISE.sub(" ", query), re.IGNORECASE))


def run_query_job(store, job: Job, *, writable: bool = False) -> tuple[int, str, bytes, dict]:
    """Answer one protocol request: (status, content type, body, extra headers)."""
    import pyoxigraph as ox

    from kg.query import STANDARD_PREFIXES

    kwargs = {"prefixes": STANDARD_PREFIXES}
    if job.default_graphs:        # else the store's default graph: the union, each triple once
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    if names_a_service(job.query):
        # Oxigraph would run the SERVICE clause: a request from this server to
        # any host the client names.  A local endpoint has no business there.
        return 400, "text/plain; charset=utf-8", b"SERVICE is not allowed on this endpoint\n", {}
    try:
        result = store.query(job.query, **kwargs)
    except SyntaxError as e:
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {e}\n".encode(), {}
    except (ValueError, OSError, RuntimeError) as e:
        return 400, "text/plain; charset=utf-8", f"query failed: {e}\n".encode(), {}
    headers: dict[str, str] = {}
    if isinstance(result, ox.QueryBoolean):
        fmt = _negotiate(job.accept, _ACCEPT_SELECT, "json", job.format)
        if fmt is None:
            return _not_acceptable(SELECT_TYPES)
        return 200, SELECT_TYPES[fmt] + _charset(fmt), _boolean(bool(result), fmt), headers
    if isinstance(result, ox.QueryTriples):
        fmt = _negotiate(job.accept, _ACCEPT_GRAPH, "ttl", job.format)
        if fmt is None:
            return _not_acceptable(GRAPH_TYPES)
        triples = []
        for t in result:
            if len(triples) >= job.max_rows:
                headers["X-SPARQL-MaxRows"] = str(job.max_rows)
                break
            triples.append(t)
        rdf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}[fmt]
        body = ox.serialize(triples, format=rdf,
                            **({"prefixes": STANDARD_PREFIXES} if fmt == "ttl" else {}))
        return 200, GRAPH_TYPES[fmt] + "; charset=utf-8", body, headers
    fmt = _negotiate(job.accept, _ACCEPT_SELECT, "json", job.format)
    if fmt is None:
        return _not_acceptable(SELECT_TYPES)
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        if len(rows) >= job.max_rows:
            headers["X-SPARQL-MaxRows"] = str(job.max_rows)
            break
        rows.append([solution[i] for i in range(len(names))])
    return 200, SELECT_TYPES[fmt] + _charset(fmt), _table(names, rows, fmt), headers


def _charset(fmt: str) -> str:
    return "; charset=utf-8"


def _not_acceptable(types: dict) -> tuple[int, str, bytes, dict]:
    return (406, "text/plain; charset=utf-8",
            ("none of the accepted types is available; available: " + ", ".join(types.values())
             + "\n").encode(), {})


def _term_json(t) -> dict:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype is not None and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _term_xml(t) -> str:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return f"<uri>{html.escape(t.value, quote=False)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{html.escape(t.value, quote=False)}</bnode>"
    attrs = ""
    if t.language:
        attrs = f' xml:lang="{html.escape(t.language)}"'
    elif t.datatype is not None and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        attrs = f' datatype="{html.escape(t.datatype.value)}"'
    return f"<literal{attrs}>{html.escape(t.value, quote=False)}</literal>"


def _term_tsv(t) -> str:
    return str(t).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _table(names: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [{n: _term_json(t) for n, t in zip(names, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f'<variable name="{html.escape(n)}"/>' for n in names]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            out += [f'<binding name="{html.escape(n)}">{_term_xml(t)}</binding>'
                    for n, t in zip(names, row) if t is not None]
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for row in rows:
            w.writerow(["" if t is None else t.value for t in row])
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join("?" + n for n in names)]
    lines += ["\t".join("" if t is None else _term_tsv(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return ("true" if value else "false").encode() + (b"\r\n" if fmt == "csv" else b"\n")


# --- worker processes (read-only mode) ------------------------------------------

def _worker_main(conn, folder: str, memory: bool = False) -> None:      # pragma: no cover - runs in a child
    import pyoxigraph as ox

    store = ox.Store.read_only(folder)
    if memory:
        # the whole database in this process's memory: answers 3-4 times as
        # fast as from RocksDB on disk (docs/performance.md)
        disk, store = store, ox.Store()
        store.bulk_load(disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        del disk
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(run_query_job(store, job))
        except Exception as e:
            conn.send((500, "text/plain; charset=utf-8", f"internal error: {type(e).__name__}: {e}\n"
                       .encode(), {}))


class _Workers:
    """Query processes; one that runs past the timeout is ended and replaced."""

    def __init__(self, folder: Path, n: int, memory: bool = False):
        import multiprocessing

        self.ctx = multiprocessing.get_context("spawn")
        self.folder = str(folder)
        self.memory = memory
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.all: set = set()
        for _ in range(max(1, n)):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.folder, self.memory), daemon=True)
        proc.start()
        child.close()
        try:
            parent.recv()           # "ready": the database is open (or loaded)
        except EOFError:
            pass                    # it died: the first query reports it
        w = (proc, parent)
        with self.lock:
            self.all.add(w)
        return w

    def _stop(self, w) -> None:
        proc, conn = w
        with self.lock:
            self.all.discard(w)
        try:
            proc.kill()
            proc.join(5)
        finally:
            conn.close()

    def run(self, job: Job, timeout: float):
        started = time.monotonic()
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return _busy(timeout)
        proc, conn = w
        left = max(0.01, timeout - (time.monotonic() - started))
        try:
            conn.send(job)
            if conn.poll(left):
                answer = conn.recv()
                self.idle.put(w)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            pass
        # too slow (or the worker died): end it, start another
        alive = proc.is_alive()
        self._stop(w)
        # the replacement may take seconds to load: start it in the background
        threading.Thread(target=lambda: self.idle.put(self._start()), daemon=True).start()
        if not alive:
            return 500, "text/plain; charset=utf-8", b"internal error: the query process died\n", {}
        return _timeout(timeout)

    def close(self) -> None:
        for w in list(self.all):
            self._stop(w)


def _busy(timeout: float):
    return (503, "text/plain; charset=utf-8",
            f"server busy: no query slot free within {timeout:g} s\n".encode(), {"Retry-After": "1"})


def _timeout(timeout: float):
    return (503, "text/plain; charset=utf-8",
            f"query timeout: stopped after {timeout:g} s (add LIMIT, or narrow the pattern)\n".encode(),
            {})


class _Threads:
    """Writable mode: one read-write store in this process; the client gets
    its 503 at the timeout, the query itself runs on to its end."""

    def __init__(self, store, n: int):
        from concurrent.futures import ThreadPoolExecutor

        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=max(1, n), thread_name_prefix="kg-query")
        self.slots = threading.Semaphore(max(1, n))

    def run(self, job: Job, timeout: float):
        from concurrent.futures import TimeoutError as FutureTimeout

        if not self.slots.acquire(timeout=timeout):
            return _busy(timeout)
        fut = self.pool.submit(run_query_job, self.store, job, writable=True)
        fut.add_done_callback(lambda _: self.slots.release())
        try:
            return fut.result(timeout=timeout)
        except FutureTimeout:
            return _timeout(timeout)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


# --- HTTP ------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server_version = "fupin-kg"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):      # quiet unless asked
        if self.server.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    # helpers
    def _send(self, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, headers: dict | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)

    def _body(self) -> bytes | None:
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            self._text(413, f"request body too large (at most {MAX_BODY} bytes)")
            return None
        return self.rfile.read(n) if n else b""

    def _params(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)

    # routes
    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        route = urllib.parse.urlsplit(self.path).path.rstrip("/") or "/"
        if route == "/":
            return self._send(200, "text/html; charset=utf-8", self.server.page)
        if route == "/sparql":
            params = self._params()
            if "query" not in params:
                return self._send(200, "text/html; charset=utf-8", self.server.page)
            return self._query(params["query"][0], params)
        if route == "/update":
            return self._text(405, "use POST for SPARQL Update", {"Allow": "POST"})
        return self._text(404, f"not found: {route} (the endpoint is /sparql)")

    def do_POST(self):
        route = urllib.parse.urlsplit(self.path).path.rstrip("/")
        body = self._body()
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = self._params()
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return self._text(400, "the form is not UTF-8")
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        if route == "/sparql":
            if ctype == "application/sparql-query":
                return self._query(body.decode("utf-8", "replace"), params)
            if "query" in params:
                return self._query(params["query"][0], params)
            if "update" in params or ctype == "application/sparql-update":
                return self._text(400, "updates go to /update, not /sparql")
            return self._text(400, "no query: send query=… as a form, or application/sparql-query")
        if route == "/update":
            if not self.server.writable:
                return self._text(403, "this endpoint is read-only (start kg serve with --writable "
                                       "to accept SPARQL Update at /update)")
            if ctype == "application/sparql-update":
                text = body.decode("utf-8", "replace")
            elif "update" in params:
                text = params["update"][0]
            else:
                return self._text(400, "no update: send update=… as a form, or application/sparql-update")
            return self._update(text)
        return self._text(404, f"not found: {route} (the endpoint is /sparql)")

    def _query(self, text: str, params: dict) -> None:
        job = Job(query=text, accept=self.headers.get("Accept") or "",
                  format=(params.get("format") or [""])[0],
                  default_graphs=tuple(params.get("default-graph-uri", ())),
                  named_graphs=tuple(params.get("named-graph-uri", ())),
                  max_rows=self.server.max_rows)
        status, ctype, body, headers = self.server.runner.run(job, self.server.timeout)
        self._send(status, ctype, body, headers)

    def _update(self, text: str) -> None:
        from kg.query import STANDARD_PREFIXES

        try:
            with self.server.update_lock:
                self.server.store.update(text, prefixes=STANDARD_PREFIXES)
        except SyntaxError as e:
            return self._text(400, f"SPARQL Update syntax error: {e}")
        except (ValueError, OSError, RuntimeError) as e:
            return self._text(400, f"update failed: {e}")
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(path: str | os.PathLike, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                writable: bool = False, timeout: float = 30.0, max_rows: int = 10_000,
                workers: int = 2, verbose: bool = False, memory: bool = False) -> _Server:
    """A server ready to ``serve_forever()``; ``server.server_address`` is
    where it listens (port 0 picks a free one).  Close with
    ``server.shutdown(); server.close()``."""
    import ipaddress
    import socket

    from kg.errors import UsageError
    from kg.graph import oxigraph as ox

    try:
        loopback = ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        loopback = False
    if not loopback:
        raise UsageError(f"kg serve listens on loopback addresses only, not {host!r}", code="E204")
    folder, temporary = ensure_store(path)
    store = ox.open_store(folder, read_only=not writable)
    try:
        server = _Server((host, port), _Handler)
    except OSError as e:
        from kg.errors import OutputError
        raise OutputError(f"cannot listen on {host}:{port}: {e.strerror or e}", code="E503") from e
    server.store = store
    server.writable = writable
    server.timeout = float(timeout)
    server.max_rows = int(max_rows)
    server.verbose = verbose
    server.update_lock = threading.Lock()
    server.folder, server.temporary = folder, temporary
    server.runner = _Threads(store, workers) if writable else _Workers(folder, workers, memory)
    server.page = _page(writable, timeout, max_rows).encode("utf-8")
    return server


def close_server(server) -> None:
    server.server_close()
    server.runner.close()
    store = getattr(server, "store", None)
    server.store = None
    del store
    if getattr(server, "temporary", False):
        import shutil
        shutil.rmtree(Path(server.folder).parent, ignore_errors=True)


def serve(path: str | os.PathLike, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          writable: bool = False, timeout: float = 30.0, max_rows: int = 10_000, workers: int = 2,
          quiet: bool = False, memory: bool = False) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    import signal

    server = make_server(path, host=host, port=port, writable=writable, timeout=timeout,
                         max_rows=max_rows, workers=workers, verbose=not quiet, memory=memory)
    h, p = server.server_address[:2]
    mode = "read-write" if writable else "read-only, in memory" if memory else "read-only"
    print(f"kg serve: http://{h}:{p}/sparql ({mode}, timeout {timeout:g} s, at most {max_rows} rows); "
          f"query page http://{h}:{p}/", flush=True)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        close_server(server)


# --- the query page ----------------------------------------------------------------

def _page(writable: bool, timeout: float, max_rows: int) -> str:
    from kg.query import QUERY_NAMES, load_query

    examples = {name: load_query(name)[0] for name in QUERY_NAMES}
    examples["resolution"] = _RESOLUTION_EXAMPLE
    options = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}</option>' for n in examples)
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    mode = "read-write: updates are accepted at /update" if writable else "read-only"
    return _PAGE.replace("%OPTIONS%", options).replace("%EXAMPLES%", data).replace(
        "%MODE%", html.escape(mode)).replace("%LIMITS%", html.escape(
            f"timeout {timeout:g} s, at most {max_rows} rows"))


_RESOLUTION_EXAMPLE = """# 跨文章实体消解：规则与依据 / cross-article resolution: rules and evidence
SELECT ?node ?label ?rule (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  GRAPH <https://w3id.org/fupin-kg/id/graph/resolution> {
    ?r prov:generated ?node ; rdfs:label ?label ; prov:used ?article ;
       prov:qualifiedAssociation/prov:hadPlan ?rule .
  }
}
GROUP BY ?node ?label ?rule
ORDER BY DESC(?articles) ?label
LIMIT 100"""

_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<title>fupin-kg SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
textarea{width:100%;height:16em;font-family:ui-monospace,monospace;font-size:13px}
table{border-collapse:collapse;margin-top:1em;font-size:14px}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f1f1f1}#status{margin-left:1em;color:#555}.err{color:#b00020;white-space:pre-wrap}
</style></head><body>
<h1>fupin-kg SPARQL</h1>
<p>SPARQL 1.1 endpoint: <code>/sparql</code> (GET or POST; JSON, XML, CSV, TSV) — %MODE%; %LIMITS%.
The default graph is the union of the articles' graphs; the prefixes fp, id, schema, prov, org, oa,
skos, foaf, rdf, rdfs, owl, xsd are predeclared.</p>
<p><label>示例 / example: <select id="ex">%OPTIONS%</select></label>
<label> format: <select id="fmt"><option>table</option><option>json</option><option>csv</option>
<option>xml</option></select></label>
<button id="run">运行 / run</button><span id="status"></span></p>
<textarea id="q" spellcheck="false"></textarea>
<div id="out"></div>
<script type="application/json" id="examples">%EXAMPLES%</script>
<script>
(function(){
  var ex = JSON.parse(document.getElementById('examples').textContent);
  var q = document.getElementById('q'), sel = document.getElementById('ex');
  var out = document.getElementById('out'), status = document.getElementById('status');
  function pick(){ q.value = ex[sel.value]; }
  sel.addEventListener('change', pick); pick();
  function cell(t){ return t === undefined ? '' : t.value; }
  function show(text, cls){ var p = document.createElement('pre'); if (cls) p.className = cls;
    p.textContent = text; out.appendChild(p); }
  document.getElementById('run').addEventListener('click', function(){
    var fmt = document.getElementById('fmt').value;
    var accept = {table:'application/sparql-results+json', json:'application/sparql-results+json',
                  csv:'text/csv', xml:'application/sparql-results+xml'}[fmt];
    out.textContent = ''; status.textContent = '…'; var t0 = Date.now();
    fetch('sparql', {method:'POST', headers:{'Content-Type':'application/x-www-form-urlencoded',
          'Accept': accept + ', text/turtle;q=0.5'}, body:'query=' + encodeURIComponent(q.value)})
    .then(function(r){ return r.text().then(function(body){ return [r, body]; }); })
    .then(function(rb){
      var r = rb[0], body = rb[1], ms = Date.now() - t0;
      var cut = r.headers.get('X-SPARQL-MaxRows');
      status.textContent = r.status + ' · ' + ms + ' ms' + (cut ? ' · cut at ' + cut + ' rows' : '');
      if (!r.ok) { show(body, 'err'); return; }
      var ct = r.headers.get('Content-Type') || '';
      if (fmt !== 'table' || ct.indexOf('json') < 0) { show(body); return; }
      var data = JSON.parse(body);
      if (data.boolean !== undefined) { show(String(data.boolean)); return; }
      var table = document.createElement('table'), head = table.insertRow();
      data.head.vars.forEach(function(v){ var th = document.createElement('th');
        th.textContent = v; head.appendChild(th); });
      data.results.bindings.forEach(function(b){ var row = table.insertRow();
        data.head.vars.forEach(function(v){ row.insertCell().textContent = cell(b[v]); }); });
      out.appendChild(table);
    }).catch(function(e){ status.textContent = ''; show(String(e), 'err'); });
  });
})();
</script>
</body></html>
"""
