"""Building many articles: worker processes, a content-hash cache, a progress bar.

:func:`extract_all` turns the input files of ``kg build`` into one
:class:`ArticleRecord` each, in input order: the article's summary, its
triples as sorted N-Triples lines, and what cross-article resolution needs
to know about its shared nodes (:func:`kg.resolve.mentions_of`).  Articles
are independent until resolution, so they are extracted in parallel
processes (``workers``), one article per task; the records are the same
whatever the number of workers, and so is the built graph.

Spooling: a corpus's triples do not all fit in memory (4.8M triples, ~9 GB
as Python strings, at 10,000 articles).  Given a ``spool`` folder, each
record's N-Triples lines go to a file there as soon as the record is made
(by the worker that made it, or by this process for the cache's records),
and the record keeps only where they are (``ArticleRecord.spool``; read
them back with :func:`nt_text`); what stays in memory is what cross-article
resolution needs (the mentions) and the summaries.

Incremental builds: with a ``cache_dir`` each record is kept under the
SHA-256 of (the code that made it, the file's name, the ``--date`` given,
the file's bytes).  An unchanged article is read back from the cache and not
extracted again; a change to the article, its name, the date option, or to
any module of the extraction and RDF stages (or the gazetteer files)
invalidates its entry.  Entries not used by a build are removed after it.

An article that fails is a record with an ``error`` (``E1xx`` input errors
as they are; anything else ``E999``): ``kg build`` reports and skips it and
builds the rest.

>>> r = ArticleRecord(source="a.txt", error="E103 a.txt: empty file")
>>> r.ok
False
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["ArticleRecord", "extract_all", "extract_one", "code_fingerprint", "Progress",
           "nt_text", "nt_pieces", "spool_record", "CACHE_DIR"]

#: The cache folder inside a build folder (corpus builds only).
CACHE_DIR = ".kg-cache"

# What an article's record depends on, besides the article: these parts of
# the package, and the data files.
_CODE_PARTS = ("text", "extract", "graph", "data", "model.py", "corpus.py", "resolve.py",
               "__init__.py")


@dataclass
class ArticleRecord:
    """One article, built (or not): what ``kg build`` needs from a worker."""
    source: str                         # the name shown (relative to the input given)
    slug: str = ""                      # the article's IRI slug (file stem)
    date: str | None = None
    title: str = ""
    counts: dict = field(default_factory=dict)
    triples: int = 0
    warnings: list = field(default_factory=list)
    nt: list = field(default_factory=list)          # sorted N-Triples lines, no newline
    mentions: dict = field(default_factory=dict)    # kg.resolve.mentions_of
    error: str = ""                     # "E1xx …" when it could not be built
    cached: bool = False                # read back from the cache
    spool: list = field(default_factory=list)       # [file, offset, size] of nt, once spooled

    @property
    def ok(self) -> bool:
        return not self.error


_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """SHA-256 over the package version and the source and data files that
    extraction and RDF depend on (cached for the process)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from kg import __version__

        root = Path(__file__).resolve().parent
        h = hashlib.sha256(f"kg {__version__}\n".encode())
        for part in _CODE_PARTS:
            p = root / part
            files = sorted(p.rglob("*")) if p.is_dir() else [p]
            for f in files:
                if f.is_file() and f.suffix in (".py", ".gz", ".tsv", ".json", ".txt"):
                    h.update(f.relative_to(root).as_posix().encode() + b"\0")
                    h.update(f.read_bytes())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def _cache_key(path: Path, date) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None             # reading it again reports the error
    h = hashlib.sha256()
    for part in (code_fingerprint(), path.name, str(date or "")):
        h.update(part.encode("utf-8") + b"\0")
    h.update(data)
    return h.hexdigest()


def extract_one(path: str | os.PathLike, name: str, date=None, *, raise_errors: bool = False
                ) -> ArticleRecord:
    """Read, extract and emit one article into its record.

    With ``raise_errors`` an input error is raised (a build of one file),
    else it is kept in the record's ``error``.
    """
    from kg.errors import InputError

    path = Path(path)
    try:
        return _extract(path, name, date)
    except InputError as e:
        if raise_errors:
            raise
        return ArticleRecord(source=name, error=_public(str(e), path, name))
    except Exception as e:      # a bug on one article must not stop the corpus
        if raise_errors:
            raise
        msg = " ".join(str(e).split())
        return ArticleRecord(source=name, error=f"E999 {name}: internal error: {type(e).__name__}: {msg}")


def _extract(path: Path, name: str, date) -> ArticleRecord:
    from rdflib import Graph

    from kg.extract import extract
    from kg.graph.emit import to_rdf
    from kg.graph.iri import article_slug
    from kg.resolve import mentions_of
    from kg.text import read_document

    doc = read_document(path, date=date)
    slug = article_slug(doc.source)
    facts = extract(doc)
    graph = Graph()
    to_rdf(doc, facts, graph=graph)
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # split at "\n" only: str.splitlines() also splits at \f, \v, U+2028 … that
    # N-Triples leaves unescaped inside literals, and would cut a triple in two
    lines = sorted({line for line in text.split("\n") if line.strip()})
    from kg.pipeline import FACT_KINDS

    return ArticleRecord(
        source=name, slug=slug, date=doc.date.isoformat() if doc.date else None, title=doc.title,
        counts={k: len(getattr(facts, k, ()) or ()) for k in FACT_KINDS}, triples=len(graph),
        warnings=list(facts.warnings), nt=lines, mentions=mentions_of(graph, slug))


def _public(message: str, path: Path, name: str) -> str:
    # summary.json must not hold an absolute path: name the article instead.
    for form in sorted({str(path), str(path.absolute()), os.fspath(path)}, key=len, reverse=True):
        message = message.replace(form, name)
    return message


# --- the cache ------------------------------------------------------------------

def _cache_get(cache_dir: Path, key: str, name: str) -> ArticleRecord | None:
    f = cache_dir / key[:2] / f"{key}.json.gz"
    try:
        data = json.loads(gzip.decompress(f.read_bytes()).decode("utf-8"))
        rec = ArticleRecord(**data)
    except (OSError, ValueError, TypeError, EOFError):
        return None             # missing or damaged: extract again
    rec.source, rec.cached = name, True
    return rec


def _cache_put(cache_dir: Path, key: str, rec: ArticleRecord) -> None:
    from kg.fileio import atomic_write

    data = asdict(rec)
    data.pop("cached", None)
    data.pop("spool", None)     # where this build spooled it: nothing to a later one
    payload = gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), compresslevel=3,
                            mtime=0)
    try:
        atomic_write(cache_dir / key[:2] / f"{key}.json.gz", payload, mkdir=True)
    except Exception:           # a cache that cannot be written only costs time
        pass


def _cache_prune(cache_dir: Path, keep: set[str]) -> None:
    """Remove the entries this build did not use."""
    if not cache_dir.is_dir():
        return
    for f in cache_dir.glob("*/*.json.gz"):
        if f.name[:-len(".json.gz")] not in keep:
            try:
                f.unlink()
            except OSError:
                pass


# --- the spool ------------------------------------------------------------------

def spool_record(folder: Path, rec: ArticleRecord) -> None:
    """Move the record's N-Triples lines to the end of this process's spool
    file in ``folder``; the record keeps where they are (read them back with
    :func:`nt_text`)."""
    # One file per process: the workers append without locking one another;
    # a record names its file, so the files' order does not matter.
    path = folder / f"{os.getpid()}.nt"
    with open(path, "ab") as f:
        offset = f.seek(0, os.SEEK_END)
        # in slices: a large graph (a corpus's resolution graph) is not copied whole
        for i in range(0, len(rec.nt), 10_000):
            f.write(("\n".join(rec.nt[i:i + 10_000]) + "\n").encode("utf-8"))
        size = f.tell() - offset
    rec.spool = [str(path), offset, size]
    rec.nt = []


def nt_text(rec: ArticleRecord) -> str:
    """The record's N-Triples lines, sorted, each ending with a newline (from
    its spool file when spooled): one string, ``""`` for none."""
    if not rec.spool:
        return "\n".join(rec.nt) + "\n" if rec.nt else ""
    path, offset, size = rec.spool
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(size)
    if len(data) != size:
        raise OSError(f"spool file cut short: {path}")
    return data.decode("utf-8")


def nt_pieces(rec: ArticleRecord, size: int = 16 << 20):
    """:func:`nt_text` in pieces of whole lines of about ``size`` bytes (a
    generator): a large graph read without holding it whole."""
    if not rec.spool:
        yield nt_text(rec)
        return
    path, offset, total = rec.spool
    rest = b""
    with open(path, "rb") as f:
        f.seek(offset)
        while total > 0:
            data = rest + f.read(min(size, total))
            if len(data) == len(rest):
                raise OSError(f"spool file cut short: {path}")
            total -= len(data) - len(rest)
            cut = data.rfind(b"\n") + 1 if total > 0 else len(data)
            rest = data[cut:]
            if cut:
                yield data[:cut].decode("utf-8")
    if rest:
        raise OSError(f"spool file cut short: {path}")


def _settle(rec: ArticleRecord, cache: Path | None, key: str | None, spool: Path | None
            ) -> ArticleRecord:
    """Keep a new record in the cache, then spool its lines (in the process
    that made it: the lines then never cross to the main process)."""
    if cache is not None and key and rec.ok and not rec.cached:
        _cache_put(cache, key, rec)
    if spool is not None and rec.ok:
        spool_record(spool, rec)
    return rec


# --- progress -------------------------------------------------------------------

class Progress:
    """A one-line progress bar on stderr: ``[=====>    ] 512/1000 8.3/s eta 59s``."""

    def __init__(self, total: int, enabled: bool, stream=None, label: str = "articles"):
        self.total, self.enabled, self.label = total, enabled and total > 0, label
        self.stream = stream or sys.stderr
        self.done = 0
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0
        width = 30
        fill = int(width * self.done / self.total)
        bar = "=" * fill + (">" if fill < width else "") + " " * (width - fill - 1)
        self.stream.write(f"\r[{bar[:width]}] {self.done}/{self.total} {self.label} "
                          f"{rate:.1f}/s eta {_duration(left)}   ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


# --- the driver -----------------------------------------------------------------

def _work(task):
    index, path, name, date, cache, key, spool = task
    return index, _settle(extract_one(path, name, date), cache, key, spool)


def extract_all(files: list[tuple[Path, str]], *, date=None, workers: int = 1,
                cache_dir: str | os.PathLike | None = None, progress: bool = False,
                raise_errors: bool = False, spool: str | os.PathLike | None = None
                ) -> tuple[list[ArticleRecord], dict]:
    """Records of ``files`` ((path, name shown) pairs), in the same order.

    Parameters
    ----------
    workers : int
        Processes extracting at once (1: in this process).
    cache_dir : path, optional
        Keep and reuse records here (see the module's docstring).
    progress : bool
        Draw a progress bar on stderr.
    raise_errors : bool
        Raise an article's input error instead of recording it (one file).
    spool : path, optional
        An existing folder to spool the records' N-Triples lines into (see
        the module's docstring): the records come back with ``nt`` empty;
        read the lines with :func:`nt_text`.  The caller removes the folder.

    Returns
    -------
    (records, stats)
        ``stats``: ``{"extracted": n, "cached": n, "workers": n}``.

    Raises
    ------
    OSError
        A spool file could not be written.
    """
    cache = Path(cache_dir) if cache_dir is not None else None
    spool = Path(spool) if spool is not None else None
    records: list[ArticleRecord | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    todo = []
    bar = Progress(len(files), progress)
    for i, (path, name) in enumerate(files):
        if cache is not None:
            keys[i] = _cache_key(Path(path), date)
            rec = _cache_get(cache, keys[i], name) if keys[i] else None
            if rec is not None:
                records[i] = _settle(rec, None, None, spool)
                bar.update()
                continue
        todo.append((i, Path(path), name, date, cache, keys[i], spool))
    workers = max(1, min(int(workers or 1), len(todo) or 1))
    try:
        if workers == 1 or len(todo) < 2:
            for i, path, name, d, c, key, s in todo:
                records[i] = _settle(extract_one(path, name, d, raise_errors=raise_errors), c, key, s)
                bar.update()
        else:
            _parallel(todo, records, workers, bar)
    finally:
        bar.close()
    if cache is not None:
        _cache_prune(cache, {k for k, r in zip(keys, records) if k and r is not None and r.ok})
    stats = {"extracted": len(todo), "cached": len(files) - len(todo), "workers": workers}
    return records, stats   # type: ignore[return-value]


def _parallel(todo, records, workers: int, bar: Progress) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # fork: the workers start at once, with the modules this process has
    # already imported; spawn where fork is not available.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    pending = list(todo)
    pending.reverse()                       # pop() from the end = input order
    inflight = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            while pending or inflight:
                while pending and len(inflight) < 4 * workers:
                    task = pending.pop()
                    inflight[pool.submit(_work, task)] = task
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in done:
                    task = inflight.pop(fut)
                    index, rec = fut.result()
                    records[index] = rec
                    bar.update()
    except BrokenProcessPool:
        # A worker died (killed, out of memory): finish here, one by one.
        # (A record it had half spooled is never named: its bytes are unused.)
        for task in list(inflight.values()) + pending[::-1]:
            if records[task[0]] is None:
                i, path, name, d, c, key, s = task
                records[i] = _settle(extract_one(path, name, d), c, key, s)
                bar.update()
