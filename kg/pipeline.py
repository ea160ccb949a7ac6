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
OUT one by one with ``os.replace``: an interrupted or failed build leaves
whatever OUT held before as it was, and no file in OUT is ever half written.

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

__all__ = ["build", "BuildSummary", "ArticleSummary", "collect_inputs", "FACT_KINDS",
           "OUTPUT_FILES"]

#: The kinds of fact counted in a summary, in the contract's order.
FACT_KINDS = ("officials", "villages", "assignments", "funds", "measures", "events")

#: The files a build writes, in the order they are moved into place.
OUTPUT_FILES = ("graph.trig", "graph.ttl", "graph.html", "summary.json")


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
        if self.warnings:
            lines.append(f"  warnings: {len(self.warnings)}")
            lines += [f"    - {w}" for w in self.warnings[:20]]
            if len(self.warnings) > 20:
                lines.append(f"    … and {len(self.warnings) - 20} more (see summary.json)")
        if self.outputs:
            lines.append("  wrote: " + ", ".join(str(p) for p in self.outputs))
        return "\n".join(lines)


def collect_inputs(inputs: Iterable[str | os.PathLike]) -> list[tuple[Path, str]]:
    """The article files to build, as (path, name shown), in a stable order.

    A folder gives its ``*.txt`` files, recursively, sorted, each named by its
    path from the folder's own name (``articles/a.txt``); a file is named by
    its file name.  A path given twice is built once.  A path that does not
    exist is kept, so that reading it reports the error.
    """
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(path.rglob("*.txt"), key=lambda p: p.relative_to(path).as_posix())
            files = [f for f in files if f.is_file()]
            if not files:
                raise InputError("no .txt files in this folder", path=str(path), code="E130")
            base = path.resolve().name or "."
            pairs = [(f, f"{base}/{f.relative_to(path).as_posix()}") for f in files]
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
          html: bool = True) -> BuildSummary:
    """Build the knowledge graph of ``inputs`` into the folder ``out_dir``.

    Parameters
    ----------
    inputs : list of paths
        Article text files, or folders of them (``*.txt``, recursively).
    out_dir : path
        The build folder; made if missing.  Other files in it are left alone.
    date : date or 'YYYY-MM-DD', optional
        The publication date of every article, overriding what the page says.
    html : bool
        Also write ``graph.html``.

    Returns
    -------
    BuildSummary

    Raises
    ------
    kg.errors.InputError
        No input, a single input that cannot be read, or no article at all
        that could be.  With several inputs, an article that cannot be read
        is skipped with a warning.
    kg.errors.OutputError
        The build folder cannot be written.
    """
    from rdflib import Dataset

    from kg.extract import extract
    from kg.graph.emit import to_rdf
    from kg.graph.iri import article_slug, node_iri
    from kg.graph.vocab import bind_prefixes
    from kg.text import read_document

    files = collect_inputs(inputs)
    if not files:
        raise InputError("nothing to build: give article files or folders", code="E131")
    single = len(files) == 1
    dataset = bind_prefixes(Dataset(default_union=True))
    articles: list[ArticleSummary] = []
    skipped: list[dict[str, str]] = []
    warnings: list[str] = []
    slugs: dict[str, str] = {}
    for path, name in files:
        try:
            doc = read_document(path, date=date)
            slug = article_slug(doc.source)
            if slug in slugs:
                # Article IRIs come from the file stem; two files with one
                # stem would merge into one article.
                raise InputError(f"same article name as {slugs[slug]}; rename one of them",
                                 path=str(path), code="E132")
            facts = extract(doc)
        except InputError as e:
            if single:
                raise
            msg = _public(str(e), path, name)
            skipped.append({"source": name, "error": msg})
            warnings.append(f"skipped {msg}")
            continue
        slugs[slug] = name
        graph_iri = node_iri("graph", slug)
        graph = dataset.graph(graph_iri)
        to_rdf(doc, facts, graph=graph)
        notes = [f"{name}: {w}" for w in facts.warnings]
        warnings += notes
        articles.append(ArticleSummary(
            source=name, graph=str(graph_iri), date=doc.date.isoformat() if doc.date else None,
            title=doc.title, counts=_count(facts), triples=len(graph), warnings=list(facts.warnings)))
    if not articles:
        raise InputError(f"none of the {len(files)} inputs could be read", code="E133")

    from kg.graph.store import union

    merged = union(dataset)
    summary = BuildSummary(out_dir=Path(out_dir), articles=articles, skipped=skipped,
                           triples=len(merged), warnings=warnings)
    _write(summary, dataset, merged, html=html)
    return summary


def _title(summary: BuildSummary) -> str:
    if len(summary.articles) == 1:
        a = summary.articles[0]
        return " ".join(x for x in (a.title, a.date or "") if x) or a.source
    return f"fupin-kg: {len(summary.articles)} articles"


def _write(summary: BuildSummary, dataset, merged, *, html: bool) -> None:
    """Stage the outputs beside OUT, then move them in one by one."""
    from kg.graph.store import atomic_write, fsync_dir, save

    out = summary.out_dir
    if out.exists() and not out.is_dir():
        raise OutputError("exists and is not a folder", path=str(out), code="E502")
    parent = out.absolute().parent
    prefix = f".{out.absolute().name}.kg-build-"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _sweep(parent, prefix)
        # The pid in the name lets a later build tell a killed build's leftovers
        # from a build still running beside it.
        stage = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", path=str(out), code="E501") from e
    try:
        names = ["graph.trig", "graph.ttl"]
        save(dataset, stage / "graph.trig")
        save(merged, stage / "graph.ttl")
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
        try:
            out.mkdir(parents=True, exist_ok=True)
            for n in names:
                os.replace(stage / n, out / n)
        except OSError as e:
            raise OutputError(f"cannot write: {e.strerror or e}", path=str(out), code="E501") from e
        fsync_dir(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


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
