"""``kg build``: articles in, a built folder out.

Each input file goes read → extract → RDF into its own named graph (one per
article, IRI ``id:graph/<slug>``); the build folder then holds::

    OUT/graph.trig     every article in its own named graph
    OUT/graph.ttl      the union of those graphs, for tools that don't read TriG
    OUT/graph.html     the interactive view (unless html=False)
    OUT/summary.json   articles, facts per kind, triples, warnings

Nothing in ``summary.json`` depends on the time, the machine or where the
inputs were (no timestamps, no absolute paths), so two builds of the same
inputs give byte-identical files.

The outputs are written into a staging folder beside OUT, then moved into
OUT one by one with ``os.replace``, Ctrl-C, SIGTERM and SIGHUP held back
while they move (:func:`kg.fileio.deferred_signals`): an interrupted or
failed build leaves whatever OUT held before as it was, and no file in OUT
is ever half written.

>>> summary = BuildSummary(out_dir=Path("out"), articles=[], skipped=[], triples=0)
>>> summary.counts["officials"]
0
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kg.errors import InputError, OutputError
from kg.fileio import deferred_signals, fsync_dir
from kg.spill import graph_text, line_count, spill

__all__ = ["build", "BuildSummary", "ArticleSummary", "collect_inputs", "FACT_KINDS",
           "OUTPUT_FILES"]

#: The kinds of fact counted in a summary, in the contract's order.
FACT_KINDS = ("officials", "villages", "assignments", "funds", "measures", "events")

#: The files a build writes, in the order they are moved into place.
OUTPUT_FILES = ("graph.trig", "graph.ttl", "graph.html", "summary.json")

#: Past this many triples a build writes with Oxigraph's serialisers (about
#: 100 times as fast as rdflib's; the same graph, laid out differently) and
#: adds ``graph.nq`` (N-Quads, for bulk loaders).
LARGE_TRIPLES = 25_000
#: From this many triples on, ``store="auto"`` also loads the graph into the
#: on-disk database ``OUT/oxigraph`` that ``kg query`` and ``kg serve`` use
#: (the measured crossover: docs/performance.md).
STORE_TRIPLES = 25_000
#: Past this many triples ``graph.html`` is not written (a view of every node
#: of a corpus is unreadable; ``kg viz --focus`` draws a part).
HTML_TRIPLES = 25_000
#: What only a large build writes: removed by a later small build of the same folder.
LARGE_OUTPUTS = ("graph.nq", "store.json", "oxigraph")


@dataclass
class ArticleSummary:
    """What one article contributed."""
    source: str                       # the file, relative to the input given
    graph: str                        # IRI of its named graph
    date: str | None                  # publication date, ISO
    title: str
    counts: dict[str, int]            # facts per kind
    triples: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildSummary:
    """The result of :func:`build`."""
    out_dir: Path
    articles: list[ArticleSummary]
    skipped: list[dict[str, str]]     # {"source": …, "error": "E10x …"}
    triples: int
    warnings: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    resolution: dict[str, int] = field(default_factory=dict)   # kg.resolve.Resolution.stats
    stats: dict[str, int] = field(default_factory=dict)        # extracted, cached, workers
    seconds: float = 0.0                                        # wall time (not in summary.json)

    @property
    def counts(self) -> dict[str, int]:
        """Facts per kind over all articles."""
        return {k: sum(a.counts.get(k, 0) for a in self.articles) for k in FACT_KINDS}

    def to_dict(self) -> dict:
        """The content of ``summary.json`` (no absolute paths, no times)."""
        from kg import __version__

        return {
            "kg_version": __version__,
            "articles": [vars(a) for a in self.articles],
            "skipped": self.skipped,
            "facts": self.counts,
            "triples": self.triples,
            "warnings": self.warnings,
            "outputs": [p.name for p in self.outputs],
            **({"resolution": self.resolution} if self.resolution else {}),
        }

    def render(self) -> str:
        """A short human summary.

        >>> a = ArticleSummary("a.txt", "g", "2017-01-12", "标题", dict.fromkeys(FACT_KINDS, 1), 9)
        >>> print(BuildSummary(Path("out"), [a], [], 9, outputs=[Path("out/graph.ttl")]).render())
        built 1 article into out
          facts: officials 1, villages 1, assignments 1, funds 1, measures 1, events 1
          triples: 9
          wrote: out/graph.ttl
        """
        n = len(self.articles)
        head = f"built {n} article{'s' if n != 1 else ''} into {self.out_dir}"
        if self.skipped:
            head += f" ({len(self.skipped)} skipped)"
        lines = [head,
                 "  facts: " + ", ".join(f"{k} {v}" for k, v in self.counts.items()),
                 f"  triples: {self.triples}"]
        if self.resolution:
            lines.append("  across articles: " + ", ".join(
                f"{k.replace('_', ' ')} {v}" for k, v in self.resolution.items()))
        if self.warnings:
            lines.append(f"  warnings: {len(self.warnings)}")
            lines += [f"    - {w}" for w in self.warnings[:20]]
            if len(self.warnings) > 20:
                lines.append(f"    … and {len(self.warnings) - 20} more (see summary.json)")
        if self.outputs:
            lines.append("  wrote: " + ", ".join(str(p) for p in self.outputs))
        if self.seconds:
            n_all = max(n, 1)
            extra = ""
            if self.stats:
                extra = (f" ({self.stats.get('extracted', 0)} extracted, {self.stats.get('cached', 0)} "
                         f"from the cache, {self.stats.get('workers', 1)} worker"
                         f"{'s' if self.stats.get('workers', 1) != 1 else ''})")
            lines.append(f"  time: {self.seconds:.1f} s, {n_all / self.seconds:.1f} articles/s{extra}")
        return "\n".join(lines)


def collect_inputs(inputs: Iterable[str | os.PathLike],
                   ignored: list[dict[str, str]] | None = None) -> list[tuple[Path, str]]:
    """The article files to build, as (path, name shown), in a stable order.

    A folder gives its article files (``.txt``, ``.pdf``, ``.html``, ``.htm``
    …: :data:`kg.text.SUFFIXES`), recursively, sorted, each named by its
    path from the folder's own name (``articles/a.txt``); hidden files and
    folders (``.git``, ``.DS_Store``) are passed over and linked folders not
    followed (no loops).  Any other file of a folder (an image, a
    spreadsheet) is added to ``ignored``, when given, as ``{"source": name,
    "error": "E134 …"}`` for the build to skip with a warning.  A file given
    by name is named by its file name and always read, whatever its ending.
    A path given twice is built once.  A path that does not exist is kept,
    so that reading it reports the error.
    """
    from kg.text import SUFFIXES

    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files, others = [], []
            for root, dirs, names in os.walk(path):      # links to folders are not followed
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in names:
                    if not n.startswith("."):
                        f = Path(root) / n
                        (files if f.suffix.lower() in SUFFIXES else others).append(f)
            rel = lambda p: p.relative_to(path).as_posix()      # noqa: E731
            files.sort(key=rel)
            base = path.resolve().name or "."
            for f in sorted(others, key=rel) if ignored is not None else ():
                kind = f.suffix.lower() or "a file without an ending"
                ignored.append({"source": f"{base}/{rel(f)}",
                                "error": f"E134 {base}/{rel(f)}: not an article file ({kind}); "
                                         "read are .txt, .pdf, .html, .htm"})
            if not files:
                raise InputError("no article files (.txt, .pdf, .html, .htm) in this folder",
                                 path=str(path), code="E130")
            pairs = [(f, f"{base}/{rel(f)}") for f in files]
        else:
            pairs = [(path, path.name or str(path))]
        for p, name in pairs:
            key = p.resolve() if p.exists() else p.absolute()
            if key not in seen:
                seen.add(key)
                found.append((p, name))
    return found


def _count(facts) -> dict[str, int]:
    return {k: len(getattr(facts, k, ()) or ()) for k in FACT_KINDS}


def _public(message: str, path: Path, name: str) -> str:
    # Error messages name the path as given; summary.json must not hold an
    # absolute path, so show the article's name instead.
    for form in {str(path), str(path.absolute()), os.fspath(path)}:
        message = message.replace(form, name)
    return message


def build(inputs: list[str | os.PathLike], out_dir: str | os.PathLike, *, date=None,
          html: bool = True, workers: int = 1, progress: bool = False,
          cache: str | os.PathLike | bool | None = None, store: str = "auto") -> BuildSummary:
    """Build the knowledge graph of ``inputs`` into the folder ``out_dir``.

    Parameters
    ----------
    inputs : list of paths
        Article files (text, PDF or HTML), or folders of them (recursively;
        see :func:`collect_inputs`).
    out_dir : path
        The build folder; made if missing.  Other files in it are left alone.
    date : date or 'YYYY-MM-DD', optional
        The publication date of every article, overriding what the page says.
    html : bool
        Also write ``graph.html`` (past :data:`HTML_TRIPLES` triples it is
        left out with a warning: view a part with ``kg viz --focus``).
    workers : int
        Processes extracting articles at once (see :mod:`kg.corpus`).
    progress : bool
        Draw a progress bar on stderr.
    cache : path, bool or None
        Where to keep extracted articles for incremental builds: None (the
        default) means ``OUT/.kg-cache`` when there are two inputs or more,
        False none at all.
    store : str
        ``auto`` loads the graph into an on-disk Oxigraph database
        ``OUT/oxigraph`` past :data:`STORE_TRIPLES` triples; ``oxigraph``
        always, ``memory`` never.

    Returns
    -------
    BuildSummary

    Raises
    ------
    kg.errors.InputError
        No input, a single input that cannot be read, or no article at all
        that could be.  With several inputs, an article that cannot be read
        (or fails) is skipped with a warning and the rest are built.
    kg.errors.OutputError
        The build folder cannot be written.
    """
    import time

    from kg.corpus import CACHE_DIR

    started = time.monotonic()
    if store not in ("auto", "oxigraph", "memory"):
        from kg.errors import UsageError
        raise UsageError(f"unknown store {store!r}; known: auto, oxigraph, memory", code="E202")
    ignored: list[dict[str, str]] = []
    files = collect_inputs(inputs, ignored)
    if not files:
        raise InputError("nothing to build: give article files or folders", code="E131")
    single = len(files) == 1
    if cache is None:
        cache_dir = None if single else Path(out_dir) / CACHE_DIR
    else:
        cache_dir = None if cache is False else Path(cache)
    # The articles' triples are spooled to disk in a staging folder beside
    # OUT as they come (kg.corpus): a corpus's triples do not fit in memory.
    # The same folder then stages a large build's outputs.
    stage = _make_stage(Path(out_dir))
    try:
        summary = _build_staged(stage, Path(out_dir), files, ignored, date=date, html=html,
                                workers=workers, progress=progress, cache_dir=cache_dir,
                                store=store)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary


def _build_staged(stage: Path, out_dir: Path, files, ignored, *, date, html, workers, progress,
                  cache_dir, store) -> BuildSummary:
    """The body of :func:`build`, the articles spooled into ``stage``."""
    from kg.corpus import extract_all
    from kg.graph.iri import node_iri

    single = len(files) == 1
    spool = stage / "spool"
    try:
        spool.mkdir()
        records, stats = extract_all(files, date=date, workers=workers, cache_dir=cache_dir,
                                     progress=progress, raise_errors=single, spool=spool)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", path=str(out_dir), code="E501") from e
    articles: list[ArticleSummary] = []
    skipped: list[dict[str, str]] = list(ignored)            # files of folders that are no articles
    warnings: list[str] = [f"skipped {i['error']}" for i in ignored]
    slugs: dict[str, str] = {}
    kept = []
    for (path, name), rec in zip(files, records):
        error = rec.error
        if not error and rec.slug in slugs:
            # Article IRIs come from the file stem; two files with one stem
            # would merge into one article.
            error = f"E132 {name}: same article name as {slugs[rec.slug]}; rename one of them"
        if error:
            skipped.append({"source": name, "error": error})
            warnings.append(f"skipped {error}")
            continue
        slugs[rec.slug] = name
        kept.append(rec)
        warnings += [f"{name}: {w}" for w in rec.warnings]
        articles.append(ArticleSummary(
            source=name, graph=str(node_iri("graph", rec.slug)), date=rec.date, title=rec.title,
            counts=dict(rec.counts), triples=rec.triples, warnings=list(rec.warnings)))
    if not articles:
        raise InputError(f"none of the {len(files)} inputs could be read", code="E133")

    # Across articles: one node per person, area … where the rules say so.
    resolution = None
    if len(kept) > 1:
        from kg.resolve import resolve

        resolution = resolve({r.slug: r.mentions for r in kept})
    graphs = _graph_sources(kept, resolution, spool)
    summary = BuildSummary(out_dir=out_dir, articles=articles, skipped=skipped,
                           triples=0, warnings=warnings)
    if resolution is not None:
        summary.resolution = resolution.stats()
    summary.stats = dict(stats)
    lines = sum(line_count(source) for _, source, _ in graphs)     # triples, repeats counted
    if store != "oxigraph" and lines <= LARGE_TRIPLES:
        _write_small(summary, graphs, html=html)     # fewer distinct triples still: small
        return summary
    feed = None
    try:
        try:
            if store == "oxigraph" or (store == "auto" and lines >= STORE_TRIPLES):
                from kg.graph.oxigraph import StoreFeed

                # Likely a database: it fills from the files as they are
                # written (in threads, Oxigraph releasing the GIL), and is
                # dropped if it turns out not to be needed.
                feed = StoreFeed(stage / "oxigraph")
            summary.triples = spill(stage, graphs, lines, feed)
        except OSError as e:
            raise OutputError(f"cannot write: {e.strerror or e}", path=str(out_dir),
                              code="E501") from e
        large = summary.triples > LARGE_TRIPLES or store == "oxigraph"
        if feed is not None and not (large and (store == "oxigraph"
                                                or summary.triples >= STORE_TRIPLES)):
            feed.close()
            feed = None
            shutil.rmtree(stage / "oxigraph", ignore_errors=True)
        if large:
            shutil.rmtree(spool, ignore_errors=True)        # read: its GBs can go
            _write_large(summary, stage, html=html, feed=feed)
        else:                                       # many triples repeated across articles
            _write_small(summary, graphs, html=html)
    finally:
        if feed is not None:
            feed.close()                # not writing into the stage as it is removed
    return summary


def _graph_sources(kept, resolution, spool: Path) -> list[tuple[str, object, dict]]:
    """(graph IRI, record, IRI renames) of every graph to write: the articles
    in corpus order, then ``id:graph/resolution`` (its lines spooled too: a
    corpus's decisions are hundreds of thousands of triples)."""
    from kg.corpus import ArticleRecord, spool_record
    from kg.graph.iri import node_iri
    from kg.resolve import RESOLUTION_GRAPH

    graphs = []
    for r in kept:
        renames = resolution.renames.get(r.slug, {}) if resolution else {}
        graphs.append((str(node_iri("graph", r.slug)), r, renames))
    if resolution is not None and resolution.records:
        lines = resolution.ntriples()
        rec = ArticleRecord(source=RESOLUTION_GRAPH, triples=len(lines), nt=lines)
        del lines
        spool_record(spool, rec)
        graphs.append((RESOLUTION_GRAPH, rec, {}))
    return graphs


def _write_small(summary: BuildSummary, graphs, *, html: bool) -> None:
    """A small build: the graphs written by :func:`_write` (with Oxigraph's
    serialisers), read into rdflib only for graph.html."""
    from kg.graph.store import NTriplesGraphs

    texts = [(graph_iri, graph_text(source, renames)) for graph_iri, source, renames in graphs]
    summary.triples = len({line for _, text in texts for line in text.split("\n")[:-1]})
    dataset = NTriplesGraphs(texts)
    merged = dataset.union_graph() if html else None
    _write(summary, dataset, merged, html=html)


def _title(summary: BuildSummary) -> str:
    if len(summary.articles) == 1:
        a = summary.articles[0]
        return " ".join(x for x in (a.title, a.date or "") if x) or a.source
    return f"fupin-kg: {len(summary.articles)} articles"


def _make_stage(out: Path) -> Path:
    """A new staging folder beside OUT (and the leftovers of killed builds swept)."""
    if out.exists() and not out.is_dir():
        raise OutputError("exists and is not a folder", path=str(out), code="E502")
    parent = out.absolute().parent
    prefix = f".{out.absolute().name}.kg-build-"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _sweep(parent, prefix)
        # The pid in the name lets a later build tell a killed build's leftovers
        # from a build still running beside it.
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", path=str(out), code="E501") from e


def _write(summary: BuildSummary, dataset, merged, *, html: bool) -> None:
    """Stage the outputs beside OUT, then move them in one by one."""
    from kg.graph.store import atomic_write, save

    out = summary.out_dir
    stage = _make_stage(out)
    try:
        names = ["graph.trig", "graph.ttl"]
        save(dataset, stage / "graph.trig")
        save(dataset, stage / "graph.ttl")          # a triple format: the union
        if html:
            try:
                from kg.viz import write_html

                write_html(merged, stage / "graph.html", title=_title(summary))
                names.append("graph.html")
            except Exception as e:   # the view is a convenience: the graph still counts
                summary.warnings.append(f"graph.html not written: {type(e).__name__}: {e}")
        names.append("summary.json")
        summary.outputs = [out / n for n in names]
        text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
        atomic_write(stage / "summary.json", text.encode("utf-8"))
        _swap_in(stage, out, names, LARGE_OUTPUTS)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _swap_in(stage: Path, out: Path, names: list[str], stale, replace_dir=None) -> None:
    """Move the staged outputs into ``out``, then drop outputs this build no
    longer makes.  Ctrl-C or kill meanwhile: the old files or all the new ones."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with deferred_signals():
            for n in names:
                if replace_dir is not None and (stage / n).is_dir():
                    replace_dir(stage / n, out / n)
                else:
                    os.replace(stage / n, out / n)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", path=str(out), code="E501") from e
    _remove_stale(out, stale)
    fsync_dir(out)


def _remove_stale(out: Path, names) -> None:
    """Remove outputs an earlier, different build left (a store of an older graph)."""
    for n in names:
        p = out / n
        try:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            elif p.exists():
                p.unlink()
        except OSError:
            pass


def _write_large(summary: BuildSummary, stage: Path, *, html: bool, feed=None) -> None:
    """The outputs of a large build, written with Oxigraph from the files
    :func:`kg.spill.spill` left in ``stage``: graph.trig, graph.ttl, graph.nq (and
    graph.html up to :data:`HTML_TRIPLES`), and the database ``oxigraph/``
    that ``feed`` (a :class:`kg.graph.oxigraph.StoreFeed`), when given, has
    been loading meanwhile; then moved in like :func:`_write`'s."""
    from kg.fileio import atomic_write
    from kg.graph import oxigraph as ox

    out = summary.out_dir
    nquads, union = stage / "graph.nq", stage / "union" / "union.nt"
    try:
        names = ["graph.trig", "graph.ttl", "graph.nq"]
        ox.write_trig_file(nquads, stage / "graph.trig")
        ox.write_turtle_file(union, stage / "graph.ttl")
        for n in ("graph.trig", "graph.ttl"):
            _fsync(stage / n)
        if html and summary.triples <= HTML_TRIPLES:
            try:
                from rdflib import Graph

                from kg.graph.vocab import bind_prefixes
                from kg.viz import write_html

                merged = bind_prefixes(Graph()).parse(stage / "graph.ttl", format="turtle")
                write_html(merged, stage / "graph.html", title=_title(summary))
                names.append("graph.html")
            except Exception as e:   # the view is a convenience: the graph still counts
                summary.warnings.append(f"graph.html not written: {type(e).__name__}: {e}")
        elif html:
            summary.warnings.append(
                f"graph.html not written: {summary.triples} triples is past {HTML_TRIPLES} "
                "(draw a part with kg viz OUT -o view.html --focus NAME)")
        stale = [n for n in ("graph.html",) if n not in names]
        if feed is not None:
            feed.finish()
            names += ["oxigraph", "store.json"]
        else:
            stale += ["oxigraph", "store.json"]
        names.append("summary.json")
        summary.outputs = [out / n for n in names]
        text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
        atomic_write(stage / "summary.json", text.encode("utf-8"))
        if feed is not None:
            # written last: it names the graph.trig the database was loaded from
            atomic_write(stage / "store.json", ox.stamp_file(stage / "graph.trig", summary.triples))
        _swap_in(stage, out, names, stale, replace_dir=ox.replace_dir)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", path=str(out), code="E501") from e


def _fsync(path: Path) -> None:
    """Flush a file written in the stage to disk before it is moved in (as
    :func:`kg.fileio.atomic_write` does for the files it writes)."""
    fd = os.open(path, os.O_RDWR)      # Windows flushes only what it may write
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sweep(parent: Path, prefix: str) -> None:
    """Remove staging folders left by builds that were killed."""
    for entry in parent.glob(prefix + "*"):
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if not (pid.isdigit() and entry.is_dir()) or _alive(int(pid)):
            continue
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:            # exists, but another user's
        return True
    return True
