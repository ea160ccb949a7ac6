"""Traditional Chinese, converted to Simplified for matching.

The extractor's word lists, the gazetteer and the gold answers are written in
Simplified characters.  An article in Traditional characters (a Big5 file
from Taiwan or Hong Kong, or Traditional text in UTF-8) is therefore matched
after conversion, while its own characters are kept:

* ``Document.raw`` is the decoded file, untouched, so evidence quotes
  (``oa:exact``) and offsets are those of the file;
* ``Document.original`` is the repaired text before conversion, the same
  length as ``Document.text``; the graph gives each node whose label reads
  differently in it a ``skos:altLabel`` tagged ``@zh-Hant``
  (``rdfs:label "赵小东"@zh`` and ``skos:altLabel "趙小東"@zh-Hant``).

The conversion is OpenCC's (``opencc-python-reimplemented``, Apache-2.0: the
t2s dictionaries of phrases, then characters), kept only where it maps one
character to one character, so that ``text[i]`` still stands for
``raw[offsets[i]]``.  A line whose phrase conversion changes its length is
converted character by character instead (each character's first
Simplified candidate).

>>> to_simplified("扶貧幹部到臺灣")
'扶贫干部到台湾'
>>> is_traditional("扶貧開發工作會議"), is_traditional("扶贫开发工作会议")
(True, False)
>>> equivalent("於", "于"), equivalent("貧", "贫"), equivalent("貧", "贪")
(True, True, False)
"""
from __future__ import annotations

import functools
import os

__all__ = ["to_simplified", "is_traditional", "equivalent", "MIN_TRADITIONAL_SHARE"]

#: Share of the hanzi that must be Traditional-only forms for a text to be
#: read as Traditional.  Traditional news text scores 0.2-0.4; Simplified
#: text scores about 0 (a few characters such as 乾 or 於 are both).
MIN_TRADITIONAL_SHARE = 0.05
_MIN_TRADITIONAL_CHARS = 3


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    """Traditional character -> its Simplified forms, the usual one first.

    From OpenCC's TSCharacters, then the character pairs of its TSPhrases
    (乾 is 干 in 乾淨, but 乾 in 乾隆)."""
    import opencc

    folder = os.path.join(os.path.dirname(opencc.__file__), "dictionary")
    table: dict[str, list[str]] = {}
    with open(os.path.join(folder, "TSCharacters.txt"), encoding="utf-8") as f:
        for line in f:
            key, _, values = line.rstrip("\n").partition("\t")
            if len(key) == 1 and values:
                table[key] = [v for v in values.split(" ") if len(v) == 1]
    with open(os.path.join(folder, "TSPhrases.txt"), encoding="utf-8") as f:
        for line in f:
            key, _, values = line.rstrip("\n").partition("\t")
            for value in values.split(" "):
                if len(value) == len(key):
                    for a, b in zip(key, value):
                        if a != b and b not in table.setdefault(a, []):
                            table[a].append(b)
    return {k: tuple(v) for k, v in table.items() if v}


@functools.lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def _char(c: str) -> str:
    found = _table().get(c)
    return found[0] if found else c


def equivalent(raw: str, converted: str) -> bool:
    """Whether ``converted`` is ``raw`` or one of its Simplified forms."""
    return raw == converted or converted in _table().get(raw, ())


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in Traditional characters (see the module doc)."""
    table = _table()
    han = traditional = 0
    for c in text:
        if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff":
            han += 1
            found = table.get(c)
            if found and found[0] != c:
                traditional += 1
    return traditional >= _MIN_TRADITIONAL_CHARS and traditional >= MIN_TRADITIONAL_SHARE * han


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters, character for character (same length)."""
    convert = _converter().convert
    out = []
    for line in text.split("\n"):
        done = convert(line) if line else line
        if len(done) != len(line) or not all(map(equivalent, line, done)):
            done = "".join(map(_char, line))
        out.append(done)
    return "\n".join(out)
