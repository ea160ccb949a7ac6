"""Writing a corpus's graphs from the spool, a graph at a time.

A large build keeps no article's triples in memory (:mod:`kg.corpus` spools
them as they are made).  After cross-article resolution :func:`spill` reads
them back one graph at a time, renames the resolved IRIs (:func:`rename`),
writes ``graph.nq`` in graph order, and cuts the lines into sorted buckets
that are deduplicated one by one into the union ``union/union.nt`` — the
same sorted union an in-memory build makes, so ``graph.ttl`` and the counts
do not change.  Both files can be handed to the database loader as they are
written (:class:`kg.graph.oxigraph.StoreFeed`).
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["rename", "graph_text", "graph_pieces", "spill", "line_count", "BUCKET_LINES", "PIECE_BYTES"]


def line_count(source) -> int:
    return source.triples


def graph_text(source, renames: dict[str, str]) -> str:
    """A graph's N-Triples, sorted lines each ending in a newline, renamed."""
    from kg.corpus import nt_text

    text = nt_text(source)
    return rename(text, renames) if renames else text


#: Bytes of a large graph's N-Triples read at once (see graph_pieces).
PIECE_BYTES = 16 << 20


def graph_pieces(source, renames: dict[str, str]):
    """:func:`graph_text` in pieces of sorted whole lines: a graph with no
    renames (the resolution graph: hundreds of MB for a corpus) a few MB at
    a time; one renamed is sorted again, whole (an article: small)."""
    from kg.corpus import nt_pieces

    if renames:
        yield graph_text(source, renames)
    else:
        yield from nt_pieces(source, PIECE_BYTES)


def rename(text: str, renames: dict[str, str]) -> str:
    """N-Triples text (lines ending in newlines) with the IRIs of ``renames``
    replaced, its lines sorted again and each kept once."""
    table = {f"<{old}>": f"<{new}>" for old, new in renames.items()}
    if table.keys() & set(table.values()):
        import re

        # a new IRI that is also renamed: all at once, not one after the other
        pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
        text = pattern.sub(lambda m: table[m.group(0)], text)
    else:
        # An article has a few renamed IRIs: a replace over the whole text for
        # each is much faster than a match per IRI or compiling a pattern.
        # One after the other is all at once here: "<…>" holds no < or >, so a
        # replacement can only make a new "<old>" by being one.
        for old, new in table.items():
            text = text.replace(old, new)
    lines = set(text.split("\n"))
    lines.discard("")
    return "\n".join(sorted(lines)) + "\n" if lines else ""


#: Lines of N-Triples per union bucket in :func:`spill`: ~40 MB of text,
#: ~250 MB of memory while its lines are deduplicated and sorted.
BUCKET_LINES = 150_000


def spill(stage: Path, graphs, lines: int, feed=None) -> int:
    """Write ``stage/graph.nq`` and the union of the graphs (each triple once,
    sorted) ``stage/union/union.nt``, a graph at a time, and hand both to
    ``feed`` (a :class:`kg.graph.oxigraph.StoreFeed`) when given; the number
    of distinct triples.

    The bytes are those of :func:`kg.graph.oxigraph.nquads_of` and of the
    sorted union of every line, but no more than a graph, or one bucket of
    the union, is in memory at once: each graph's lines are cut at the
    splitters (sorted sample lines) into bucket files, so that equal lines
    share a bucket and the buckets, each sorted and deduplicated in turn,
    follow one another in sorted order.
    """
    order = sorted(graphs, key=lambda g: g[0])        # graph.nq: graphs in IRI order
    splitters = _splitters(order, -(-lines // BUCKET_LINES))
    (stage / "union").mkdir()
    buckets = _Buckets(stage / "union", splitters)
    try:
        with open(stage / "graph.nq", "wb") as nq:
            parts = _Parts(feed, nq)
            for graph_iri, source, renames in order:
                for text in graph_pieces(source, renames):
                    # "s p o .\n" -> "s p o <g> .\n"; N-Triples escapes
                    # newlines inside literals, so every ".\n" ends a line
                    parts.write(text.replace(".\n", f"<{graph_iri}> .\n").encode("utf-8"))
                    buckets.add(text.split("\n")[:-1])
            parts.hand_over()
            os.fsync(nq.fileno())
        return buckets.merge(stage / "union" / "union.nt", feed)
    finally:
        buckets.close()


#: Bytes of a file handed to the database loader at once (see StoreFeed):
#: larger parts load a little faster, and take more memory.
FEED_BYTES = 64 << 20


class _Parts:
    """Write into ``file``, handing what is written to ``feed`` (a
    :class:`kg.graph.oxigraph.StoreFeed`, or None) every :data:`FEED_BYTES`."""

    def __init__(self, feed, file, union: bool = False):
        self.feed, self.file, self.union = feed, file, union
        self.start = self.end = 0

    def write(self, data: bytes) -> None:
        """Write whole lines."""
        self.file.write(data)
        self.end += len(data)
        if self.end - self.start >= FEED_BYTES:
            self.hand_over()

    def hand_over(self) -> None:
        """Flush the file, and give the loader what it has not had."""
        self.file.flush()
        if self.feed is not None and self.end > self.start:
            self.feed.add(self.file.name, self.start, self.end - self.start, union=self.union)
        self.start = self.end


def _splitters(order, n_buckets: int) -> list[str]:
    """``n_buckets - 1`` lines cutting the sorted lines of the graphs into
    about equal parts, from a sample: about 64 graphs spread over ``order``,
    and a part of each much larger graph.

    Any splitters give the same union (only the buckets' sizes depend on
    them); the sample depends on the graphs alone, not on the workers.
    """
    if n_buckets <= 1 or not order:
        return []
    step = max(1, len(order) // 64)
    mean = sum(line_count(source) for _, source, _ in order) / len(order)
    sample = []
    for i, (_, source, renames) in enumerate(order):
        # A graph sampled whole stands for the step graphs around it; one far
        # larger than the others (the resolution graph) stands for itself.
        big = line_count(source) > 8 * mean
        if big or i % step == 0:
            for text in graph_pieces(source, renames):
                lines = text.split("\n")[:-1]
                sample += lines[::step] if big else lines
    if not sample:
        return []
    sample.sort()
    cuts = sorted({sample[len(sample) * k // n_buckets] for k in range(1, n_buckets)})
    return [c for c in cuts if c > sample[0]]


class _Buckets:
    """Bucket files of N-Triples lines, one per range between splitters."""

    def __init__(self, folder: Path, splitters: list[str]):
        self.splitters = splitters
        self.paths = [folder / f"union-{i:03d}.nt" for i in range(len(splitters) + 1)]
        self.files = [open(path, "wb") for path in self.paths]

    def add(self, lines: list[str]) -> None:
        """Sorted lines (of one graph, or a piece of one): each range of them
        to its bucket."""
        import bisect

        # a graph's lines are sorted: cut them at the splitters, not one by one
        start = 0
        for i, splitter in enumerate(self.splitters + [None]):
            stop = len(lines) if splitter is None else bisect.bisect_left(lines, splitter, start)
            if stop > start:
                self.files[i].write(("\n".join(lines[start:stop]) + "\n").encode("utf-8"))
            start = stop

    def merge(self, out: Path, feed=None) -> int:
        """Write the buckets' lines, each once, sorted, into ``out`` (handed
        to ``feed`` as the default graph); their number."""
        self.close()
        count = 0
        with open(out, "wb") as f:
            parts = _Parts(feed, f, union=True)
            for path in self.paths:
                lines = set(path.read_bytes().decode("utf-8").split("\n"))
                path.unlink()
                lines.discard("")
                if lines:
                    count += len(lines)
                    parts.write(("\n".join(sorted(lines)) + "\n").encode("utf-8"))
                del lines               # before the next bucket is read
            parts.hand_over()
        return count

    def close(self) -> None:
        for f in self.files:
            f.close()
