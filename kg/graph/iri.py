"""Deterministic, readable IRIs for the nodes of the graph.

An IRI is built from *slugs*: Chinese text becomes toneless pinyin joined by
``-`` (so 桃花村 → ``tao-hua-cun``), ASCII letters and digits are kept in
lower case, and everything else (spaces, quotes, ``<>``, punctuation) becomes a
separator.  A slug is therefore always made of ``[a-z0-9-]`` and never needs
percent-encoding; the text itself lives in the labels, not in the IRI.

Homophones collide (李明 and 黎明 are both ``li-ming``);
:class:`Minter` resolves that deterministically: labels that share a slug
under one path get ``-2``, ``-3`` … in sorted order of label, and a slug
already used in the graph for another label is skipped.

>>> slug("桃花村")
'tao-hua-cun'
>>> slug('He said "<script>" 2017 年')
'he-said-script-2017-nian'
>>> str(node_iri("person", slug("王五")))
'https://w3id.org/fupin-kg/id/person/wang-wu'
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
import unicodedata
from pathlib import Path, PurePath

from rdflib import RDFS, URIRef

from .vocab import ID

__all__ = ["slug", "article_slug", "node_iri", "Minter", "is_safe_iri", "MAX_SLUG"]

#: Slugs are cut (at a ``-``) beyond this many characters; long measure names
#: would otherwise give unwieldy IRIs.  A cut slug may collide, which
#: :class:`Minter` resolves like any other collision.
MAX_SLUG = 80

# CJK Unified Ideographs (with extensions A and B…) and compatibility ideographs.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_SAFE = re.compile(r"^[A-Za-z0-9:/._#-]+$")


#: Toneless pinyin of characters and phrases, made from pypinyin's
#: dictionaries by ``scripts/build_pinyin.py`` (docs/decisions.md, D1, D12).
PINYIN_TABLE = Path(__file__).resolve().parent.parent / "data" / "pinyin.sqlite"
# Keys per query: well under SQLite's oldest limit on parameters (999).
_BATCH = 500


class _PinyinTable:
    """The pinyin table, open read-only; one per process (see :func:`_table`).

    Slugs are made in threads too (``kg serve``), so look-ups hold a lock.
    """

    def __init__(self, path: Path):
        import sqlite3

        # immutable: the file is package data, never written; SQLite then
        # takes no locks and reads nothing but the pages it needs
        self.db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True,
                                  check_same_thread=False)
        self.lock = threading.Lock()
        meta = dict(self.db.execute("SELECT k, v FROM meta"))
        self.hans = re.compile(meta["hans"] + "+")
        self.max_len = int(meta["max_len"])

    def lookup(self, keys: list[str]) -> dict[str, str | None]:
        """The rows of those ``keys`` that are in the table."""
        out: dict[str, str | None] = {}
        with self.lock:
            for i in range(0, len(keys), _BATCH):
                batch = keys[i:i + _BATCH]
                sql = f"SELECT k, v FROM py WHERE k IN ({','.join('?' * len(batch))})"
                out.update(self.db.execute(sql, batch))
        return out

    def starts_longer(self, text: str) -> bool:
        """Does some phrase longer than ``text`` start with it?"""
        with self.lock:
            # keys compare as UTF-8 bytes, i.e. in code-point order
            row = self.db.execute("SELECT 1 FROM py WHERE k > ? AND k < ? LIMIT 1",
                                  (text, text + "\U0010ffff")).fetchone()
        return row is not None


@functools.lru_cache(maxsize=1)
def _table_of(pid: int) -> _PinyinTable:
    return _PinyinTable(PINYIN_TABLE)


def _table() -> _PinyinTable:
    # keyed by process: a worker forked from a process that had the table
    # open must not share its SQLite connection
    return _table_of(os.getpid())


def _unknown(chars: str) -> list[str]:
    # Characters without a reading become their code point, still ASCII.
    return [f"u{ord(c):x}" for c in chars]


def _unread(char: str) -> str:
    # A character pypinyin segments as Chinese but has no reading for: it
    # takes the fallback (u4dc0) for pinyin with tone numbers and drops the
    # digits (u4dc0 -> udc), as the slugs have always had it.
    return re.sub("[0-9]", "", f"u{ord(char):x}")


@functools.lru_cache(maxsize=4096)
def _pinyin(run: str) -> tuple[str, ...]:
    """Toneless pinyin of a run of CJK characters, one syllable per character:
    what pypinyin's ``lazy_pinyin(run, errors=_unknown)`` gives, read from
    :data:`PINYIN_TABLE` (importing pypinyin costs ~0.2 s: its phrase
    dictionary).

    pypinyin cuts the run into runs of the characters it reads (``RE_HANS``)
    and the rest, which it leaves to ``errors``; then it cuts the first ones
    into phrases of its dictionary, longest first from the left, and reads a
    phrase as the dictionary says and anything else character by character.
    """
    table = _table()
    out: list[str] = []
    pos = 0
    for m in table.hans.finditer(run):
        out += _unknown(run[pos:m.start()])
        out += _phrases(m.group(), table)
        pos = m.end()
    out += _unknown(run[pos:])
    return tuple(out)


def _phrases(chunk: str, table: _PinyinTable) -> list[str]:
    """Pinyin of a run of ``RE_HANS`` characters, cut as pypinyin's
    segmenter (``pypinyin.seg.mmseg``) cuts it."""
    n, longest = len(chunk), table.max_len
    keys = {chunk[i:j] for i in range(n) for j in range(i + 1, min(n, i + longest) + 1)}
    rows = table.lookup(sorted(keys))

    def chars(text: str) -> list[str]:
        return [rows[c] if c in rows else _unread(c) for c in text]

    out: list[str] = []
    i = 0
    while i < n:
        size = next((k for k in range(min(longest, n - i), 1, -1) if chunk[i:i + k] in rows), 0)
        if size:
            value = rows[chunk[i:i + size]]
            out += chars(chunk[i:i + size]) if value is None else value.split(" ")
            i += size
        elif 1 < n - i < longest and table.starts_longer(chunk[i:]):
            # The segmenter reads the rest as the start of a longer phrase
            # and, finding no phrase in it, gives it up character by
            # character, without looking for phrases further in.
            out += chars(chunk[i:])
            break
        else:
            out += chars(chunk[i])
            i += 1
    return out


def slug(text: str, max_len: int = MAX_SLUG) -> str:
    """A lower-case ``[a-z0-9-]`` slug of ``text``: pinyin for Chinese.

    Parameters
    ----------
    text : str
        Any text (a name, a title, a file stem).
    max_len : int
        Cut longer slugs at the last ``-`` before this length.

    Returns
    -------
    str
        Never empty: text without any letter or digit gives ``n`` and eight
        hex digits of its SHA-1, so that it is still deterministic.

    Examples
    --------
    >>> slug("东湖晚报")
    'dong-hu-wan-bao'
    >>> slug("ＡＢＣ-12 村")          # full-width letters are folded (NFKC)
    'abc-12-cun'
    >>> slug("“三帮一”工作法")
    'san-bang-yi-gong-zuo-fa'
    >>> slug("…")
    'ndf316e17'
    """
    folded = unicodedata.normalize("NFKC", text)
    parts: list[str] = []
    pos = 0
    for m in _CJK.finditer(folded):
        parts.extend(_ascii_words(folded[pos:m.start()]))
        parts.extend(p.lower() for p in _pinyin(m.group()))
        pos = m.end()
    parts.extend(_ascii_words(folded[pos:]))
    out = "-".join(p for p in parts if p)
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")
    if len(out) > max_len:
        cut = out.rfind("-", 0, max_len + 1)
        out = out[:cut if cut > 0 else max_len].strip("-")
    if not out:
        out = "n" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return out


def _ascii_words(text: str) -> list[str]:
    """Split non-CJK text into ASCII words; other letters become ``u<hex>``."""
    words, cur = [], []
    for ch in text:
        if ch.isascii() and ch.isalnum():
            cur.append(ch.lower())
        elif ch.isalnum():      # é, Ω, ア …: keep them identifiable, still ASCII
            cur.append(f"u{ord(ch):x}")
        else:
            if cur:
                words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    return words


def article_slug(source: str) -> str:
    """The slug of an article: its file stem, whatever folder it was in.

    >>> article_slug("/data/in/east-lake-2019-03-04-p02.txt")
    'east-lake-2019-03-04-p02'
    >>> article_slug("C:\\\\报纸\\\\东湖晚报 第3版.pdf")
    'dong-hu-wan-bao-di-3-ban'
    """
    name = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return slug(PurePath(name).stem or name)


def node_iri(*path: str) -> URIRef:
    """``ID`` joined with the path segments, each already a slug or number.

    >>> str(node_iri("fund", "a-1", "3"))
    'https://w3id.org/fupin-kg/id/fund/a-1/3'
    """
    return ID["/".join(str(p) for p in path)]


def is_safe_iri(iri: str) -> bool:
    """True when ``iri`` holds only characters that never need escaping.

    >>> is_safe_iri(node_iri("person", slug("A <b> c")))
    True
    >>> is_safe_iri("https://x/a b")
    False
    """
    return bool(_SAFE.match(str(iri)))


class Minter:
    """Hands out one IRI per (path, label), resolving slug collisions.

    All labels of a path are registered first (:meth:`add`), then
    :meth:`assign` gives IRIs: within a path, labels with the same slug are
    numbered in sorted order of label (the first keeps the bare slug, then
    ``-2``, ``-3`` …), skipping IRIs that ``graph`` already labels with
    something else — so adding a second article to a graph never re-labels a
    node of the first.

    Parameters
    ----------
    graph : rdflib.Graph, optional
        The graph the new nodes go into.

    Examples
    --------
    >>> m = Minter()
    >>> for name in ("黎明", "李明", "王五"):
    ...     m.add(("person",), name)
    >>> iris = m.assign()
    >>> [str(iris[("person",), n]).rsplit("/", 1)[1] for n in ("王五", "李明", "黎明")]
    ['wang-wu', 'li-ming', 'li-ming-2']
    """

    def __init__(self, graph=None):
        self.graph = graph
        # (path, key) -> (slug, rdfs:label the node will carry)
        self._keys: dict[tuple[tuple[str, ...], str], tuple[str, str]] = {}

    def add(self, path: tuple[str, ...], key: str, slug_text: str | None = None,
            label: str | None = None) -> None:
        """Register ``key`` under ``path``.

        ``slug_text`` (default: ``key``) is what the slug is made from;
        ``label`` (default: ``key``) is the node's ``rdfs:label``, which tells
        an IRI already in the graph for this very node from one taken by
        another.
        """
        self._keys.setdefault((tuple(path), key),
                              (slug(key if slug_text is None else slug_text),
                               key if label is None else label))

    def assign(self) -> dict[tuple[tuple[str, ...], str], URIRef]:
        """IRIs for everything registered so far, keyed by ``(path, key)``."""
        groups: dict[tuple[tuple[str, ...], str], list[tuple[str, str]]] = {}
        for (path, key), (s, label) in self._keys.items():
            groups.setdefault((path, s), []).append((key, label))
        out: dict[tuple[tuple[str, ...], str], URIRef] = {}
        taken: set[URIRef] = set()
        for (path, s), keys in sorted(groups.items()):
            n = 1
            for key, label in sorted(keys):
                while True:
                    iri = node_iri(*path, s if n == 1 else f"{s}-{n}")
                    n += 1
                    if iri not in taken and self._free(iri, label):
                        break
                out[path, key] = iri
                taken.add(iri)
        return out

    def _free(self, iri: URIRef, label: str) -> bool:
        """Is ``iri`` unused in the graph, or used for a node labelled ``label``?"""
        if self.graph is None:
            return True
        existing = {str(o) for o in self.graph.objects(iri, RDFS.label)}
        return not existing or label in existing
