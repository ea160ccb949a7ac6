"""The on-disk RDF database: Oxigraph (pyoxigraph), for graphs past rdflib's reach.

An rdflib graph lives in memory and is read from a file each time: a built
corpus of a few hundred articles already takes seconds to load before the
first query.  Past :data:`kg.pipeline.STORE_TRIPLES` triples ``kg build``
also loads the graph into ``OUT/oxigraph`` (a RocksDB folder), and ``kg
query`` and ``kg serve`` then answer from it in milliseconds; the crossover
is measured in ``docs/performance.md``.

``OUT/store.json`` names the ``graph.trig`` the database was loaded from (its
size, modification time and SHA-256): a database that does not match the
folder's ``graph.trig`` is stale and never used.

The same module writes large builds' files fast (Oxigraph's serialisers are
~100 times as fast as rdflib's) and gives the database to code that wants
rdflib's API (:func:`rdflib_dataset`, through oxrdflib).

>>> store = memory_store(b'<http://e/a> <http://e/p> "x" <http://e/g> .\\n')
>>> query_store(store, "SELECT ?o WHERE { ?s ?p ?o }").rows
[('x',)]
"""
from __future__ import annotations

from kg.query import STANDARD_PREFIXES

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

__all__ = ["nquads_of", "write_trig", "write_turtle", "load_store", "stamp", "replace_dir",
           "store_for", "open_store", "memory_store", "query_store", "to_rdflib", "rdflib_dataset",
           "STORE_DIR", "STAMP_FILE", "PREFIXES"]

STORE_DIR = "oxigraph"
STAMP_FILE = "store.json"

#: Prefixes of the files written here (``id:`` is left out: its local names
#: hold ``/``, which Turtle would have to escape).
PREFIXES = {k: v for k, v in STANDARD_PREFIXES.items() if k != "id"}


# --- writing ------------------------------------------------------------------

def nquads_of(graphs: list[tuple[str, list[str]]]) -> bytes:
    """N-Quads of (graph IRI, sorted N-Triples lines) pairs: graphs in IRI
    order, lines in order: deterministic bytes."""
    out = []
    for graph_iri, lines in sorted(graphs, key=lambda g: g[0]):
        tail = f"<{graph_iri}> .\n"
        out += [line[:-1] + tail for line in lines]      # "s p o ." -> "s p o <g> ."
    return "".join(out).encode("utf-8")


def write_trig(nquads: bytes) -> bytes:
    """TriG of N-Quads (consecutive quads of a graph and subject grouped)."""
    import pyoxigraph as ox

    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


def write_turtle(lines: list[str]) -> bytes:
    """Turtle of sorted N-Triples lines."""
    import pyoxigraph as ox

    data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def load_store(folder: str | os.PathLike, nquads_file: str | os.PathLike,
               union: bytes | None = None) -> None:
    """Bulk-load an N-Quads file into a new database folder, and the union of
    its graphs (N-Triples ``union``, else computed) into the default graph.

    The default graph holds each triple once, as rdflib's union does: a query
    on Oxigraph's ``use_default_graph_as_union`` would see a triple once per
    article that states it (a province named by 120 articles, 120 times).
    """
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    try:
        store.bulk_load(path=str(nquads_file), format=ox.RdfFormat.N_QUADS)
        if union is not None:
            store.bulk_load(union, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        else:
            fill_default_graph(store)
        store.optimize()
        store.flush()
    finally:
        del store


def fill_default_graph(store) -> None:
    """Put the union of the named graphs into the default graph (once each)."""
    import pyoxigraph as ox

    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
             for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, ox.DefaultGraph)]
    store.bulk_extend(quads)


def _file_id(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def stamp(trig: str | os.PathLike, triples: int) -> bytes:
    """The content of ``store.json`` for a database loaded from ``trig``."""
    from kg import __version__

    trig = Path(trig)
    digest = hashlib.sha256(trig.read_bytes()).hexdigest()
    data = {"kg_version": __version__, "store": STORE_DIR, "triples": triples,
            "graph.trig": {**_file_id(trig), "sha256": digest}}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def replace_dir(new: Path, target: Path) -> None:
    """Move the folder ``new`` to ``target``, replacing what was there."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- reading ------------------------------------------------------------------

def store_for(path: str | os.PathLike) -> Path | None:
    """The database folder of a built folder, if it has one that matches its
    ``graph.trig`` (else None: a stale or missing database is not used)."""
    path = Path(path)
    if not path.is_dir():
        return None
    folder, info = path / STORE_DIR, path / STAMP_FILE
    trig = path / "graph.trig"
    if not (folder.is_dir() and info.is_file() and trig.is_file()):
        return None
    try:
        recorded = json.loads(info.read_text(encoding="utf-8"))["graph.trig"]
        now = _file_id(trig)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if recorded.get("size") != now["size"] or recorded.get("mtime_ns") != now["mtime_ns"]:
        return None
    return folder


def open_store(folder: str | os.PathLike, *, read_only: bool = True):
    """Open a database folder (read-only: several processes may read at once)."""
    import pyoxigraph as ox

    from kg.errors import InputError

    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as e:
        raise InputError(f"cannot open the Oxigraph database: {e}", path=str(folder),
                         code="E116") from e


def memory_store(data: bytes | None = None, path: str | os.PathLike | None = None):
    """An in-memory Oxigraph store with ``data`` (N-Quads) or the graph file
    ``path`` (any format the store reads: by suffix) loaded."""
    import pyoxigraph as ox

    from kg.errors import InputError

    store = ox.Store()
    if data is not None:
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        if path is None:
            fill_default_graph(store)
    if path is not None:
        fmt = {".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS,
               ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
               ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}.get(Path(path).suffix.lower())
        if fmt is None:
            raise InputError("Oxigraph cannot read this file type", path=str(path), code="E112")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(f"syntax error: {e}", path=str(path), code="E115") from e
    fill_default_graph(store)
    return store


def to_rdflib(term):
    """An rdflib term for a pyoxigraph term (None stays None)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value if term.datatype is not None else None
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            dt = None
        return Literal(term.value, datatype=URIRef(dt) if dt else None)
    return Literal(str(term))


def query_store(store, query: str, *, union: bool = False):
    """Run a competency question, a ``.rq`` file or SPARQL text on an Oxigraph
    store; the answer is a :class:`kg.query.QueryResult`, as with rdflib.

    The default graph of the stores made here is the union of the articles'
    graphs, each triple once (:func:`load_store`); ``union=True`` asks
    Oxigraph for the union of the named graphs instead (a triple then counts
    once per graph that holds it).
    """
    import pyoxigraph as ox

    from kg.errors import QueryError
    from kg.query import QueryResult, load_query, with_prefixes

    text, origin = load_query(query)
    full, added = with_prefixes(text)
    try:
        result = store.query(full, use_default_graph_as_union=union)
    except SyntaxError as e:
        msg = " ".join(str(e).split())
        raise QueryError(f"syntax error: {msg}", path=origin, code="E401") from None
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"query failed: {type(e).__name__}: {e}", path=origin, code="E404") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        from rdflib import Graph

        g = Graph()
        for t in result:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        kind = "DESCRIBE" if "DESCRIBE" in full.upper() and "CONSTRUCT" not in full.upper() else "CONSTRUCT"
        return QueryResult(kind, graph=g)
    columns = [v.value for v in result.variables]
    rows, raw = [], []
    n = range(len(columns))
    for solution in result:
        terms = tuple(solution[i] for i in n)
        raw.append(terms)
        rows.append(tuple("" if t is None else t.value for t in terms))
    return QueryResult("SELECT", columns, rows, LazyTerms(raw))


class LazyTerms(Sequence):
    """The rdflib terms of Oxigraph's solutions, made when first read: the
    CSV and table outputs need only the text of each term, and making a
    million rdflib terms is a third of a large question's time."""

    def __init__(self, raw: list[tuple]):
        self._raw: list[tuple] | None = raw
        self._terms: list[tuple] | None = None

    def _all(self) -> list[tuple]:
        if self._terms is None:
            self._terms = [tuple(to_rdflib(t) for t in row) for row in self._raw]
            self._raw = None
        return self._terms

    def __len__(self) -> int:
        return len(self._raw) if self._terms is None else len(self._terms)

    def __getitem__(self, i):
        return self._all()[i]


def rdflib_dataset(folder: str | os.PathLike):
    """The database as an rdflib ``Dataset`` (oxrdflib's store), for code that
    wants rdflib's API over a graph too large to read into memory.  The
    default graph is the union of the named graphs, as with :func:`kg.load`."""
    from rdflib import Dataset

    try:
        ds = Dataset(store="Oxigraph", default_union=True)
    except Exception as e:     # oxrdflib not installed
        from kg.errors import InputError
        raise InputError(f"oxrdflib is needed for an rdflib view of the database: {e}",
                         path=str(folder), code="E117") from e
    ds.open(str(folder), create=False)
    return ds


def query_path(path: str | os.PathLike, query: str, *, store: str = "auto"):
    """Answer ``query`` on the graph at ``path`` (a graph file or a built
    folder), choosing the engine:

    ``auto``
        the folder's Oxigraph database when it has a current one, else rdflib
        in memory (as :func:`kg.load`);
    ``oxigraph``
        the folder's database, or else the graph file read into an in-memory
        Oxigraph store (much faster to read than rdflib for large files);
    ``memory``
        rdflib in memory, always.
    """
    from kg.errors import UsageError

    if store not in ("auto", "oxigraph", "memory"):
        raise UsageError(f"unknown store {store!r}; known: auto, oxigraph, memory", code="E202")
    folder = store_for(path) if store != "memory" else None
    if folder is not None:
        db = open_store(folder)
        try:
            return query_store(db, query)
        finally:
            del db
    if store == "oxigraph":
        from kg.graph.store import _resolve

        return query_store(memory_store(path=_resolve(Path(path))), query)
    from kg.graph.store import load
    from kg.query import run_query

    return run_query(load(path), query)


# --- writing from files (large builds: nothing held in memory) -------------------

def write_trig_file(nquads_file: str | os.PathLike, out: str | os.PathLike) -> None:
    """TriG of an N-Quads file, streamed from file to file (the bytes of
    :func:`write_trig` of the file's content)."""
    import pyoxigraph as ox

    quads = ox.parse(path=str(nquads_file), format=ox.RdfFormat.N_QUADS)
    ox.serialize(quads, str(out), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def write_turtle_file(ntriples_file: str | os.PathLike, out: str | os.PathLike) -> None:
    """Turtle of an N-Triples file, streamed from file to file (the bytes of
    :func:`write_turtle` of the file's lines)."""
    import pyoxigraph as ox

    triples = ox.parse(path=str(ntriples_file), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, str(out), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


class StoreFeed:
    """Bulk-load a new database folder from parts of files as they are
    written (N-Quads, and the N-Triples of the union for the default graph),
    in threads: the database fills while the build writes its files.

    One bulk load of a whole corpus holds ~1.8 GB: Oxigraph's loader parses
    in one thread and turns batches of a million quads into the database's
    files in two more.  Here each part is one batch, and two parts load at
    once (as two of Oxigraph's batches do): a few hundred MB for parts of
    64 MB, at about the same speed.  Call :meth:`finish` (the database is
    then optimised and flushed) or :meth:`close` (abandon, as on an error);
    both wait for the threads.  The same quads as :func:`load_store`.
    """

    def __init__(self, folder: str | os.PathLike, threads: int = 2):
        import queue
        import threading

        import pyoxigraph as ox

        self.store = ox.Store(str(folder))
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue()        # (file, offset, size, union) or None
        self._threads = [threading.Thread(target=self._run, name=f"kg-store-feed-{i}", daemon=True)
                         for i in range(threads)]
        for t in self._threads:
            t.start()

    def add(self, path: str | os.PathLike, offset: int, size: int, *, union: bool = False) -> None:
        """Load ``size`` bytes of ``path`` from ``offset`` (whole lines, written
        and flushed): N-Quads, or with ``union`` N-Triples for the default graph."""
        if size:
            self._queue.put((str(path), offset, size, union))

    def finish(self) -> None:
        """Load what is left, optimise and flush the database; re-raise the
        threads' error."""
        self._stop()
        if self.error is not None:
            raise self.error
        if self.store is not None:
            self.store.optimize()
            self.store.flush()
            self.store = None               # closes the database

    def close(self) -> None:
        """Stop (loading no more) and wait for the threads."""
        self.error = self.error or _Abandoned()         # the threads skip what is queued
        self._stop()
        self.store = None

    def _stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join()
        self._threads = []

    def _run(self) -> None:
        import pyoxigraph as ox

        while (item := self._queue.get()) is not None:
            if self.error is not None:
                continue                    # failed or abandoned: skip what is queued
            path, offset, size, union = item
            try:
                with open(path, "rb") as f:
                    f.seek(offset)
                    data = f.read(size)
                if union:
                    self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES,
                                         to_graph=ox.DefaultGraph())
                else:
                    self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            except BaseException as e:      # handed to the caller by finish()
                self.error = e


class _Abandoned(Exception):
    """A feed closed before it finished."""


def stamp_file(trig: str | os.PathLike, triples: int) -> bytes:
    """:func:`stamp`, hashing ``trig`` a block at a time (a corpus's
    graph.trig is hundreds of MB: not read into memory at once)."""
    from kg import __version__

    trig = Path(trig)
    h = hashlib.sha256()
    with open(trig, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    data = {"kg_version": __version__, "store": STORE_DIR, "triples": triples,
            "graph.trig": {**_file_id(trig), "sha256": h.hexdigest()}}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")
