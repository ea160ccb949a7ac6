"""Derive the package's pinyin table ``kg/data/pinyin.sqlite`` from pypinyin.

IRI slugs (``kg.graph.iri.slug``) are toneless pinyin as pypinyin's
``lazy_pinyin`` gives it.  Importing pypinyin loads its whole phrase
dictionary (~0.2 s, more than the rest of a one-article build's extraction),
so the slugs read this table instead, a few rows per label, and give the very
same pinyin: the table holds, already in pypinyin's ``Style.NORMAL``,

* every character pypinyin knows (its first reading), and
* every phrase of the phrase dictionary, with its reading only where that
  differs from its characters' readings (``NULL`` otherwise: the phrase still
  matters, because it decides where pypinyin cuts the text).

``meta`` records the pypinyin version and the character class of its
``RE_HANS`` (the characters pypinyin reads as Chinese).  pypinyin (MIT) and its data
(pinyin-data, phrase-pinyin-data, MIT) are used only here and in the tests.

Usage (run once, by hand; the output is committed)::

    python scripts/build_pinyin.py

The file is rebuilt from scratch, rows in key order, so that the same
pypinyin gives the same bytes.
"""
import os
import re
import sqlite3
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "pinyin.sqlite"


def _unknown(chars):
    # kg.graph.iri's rule for characters pypinyin has no reading for
    return [f"u{ord(c):x}" for c in chars]


def rows():
    """(key, value) of every character and phrase, value ``None`` for a phrase
    read as its characters are."""
    import pypinyin
    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.converter import UltimateConverter

    conv = UltimateConverter()

    def reading(segment):
        # what lazy_pinyin gives for a segment its segmenter yields
        out = conv.convert(segment, Style.NORMAL, False, _unknown, strict=True)
        return [item[0] for item in out]

    # kg.graph.iri takes a key of one character for a character, never for a
    # phrase: true of this dictionary, and checked
    assert not any(len(k) == 1 for k in PHRASES_DICT)
    single = {chr(c): reading(chr(c)) for c in PINYIN_DICT}
    assert all(len(v) == 1 and " " not in v[0] for v in single.values())
    table = {c: v[0] for c, v in single.items()}
    for phrase in PHRASES_DICT:
        # a phrase is looked up inside runs of RE_HANS characters only
        assert all(RE_HANS.match(c) for c in phrase), phrase
        value = reading(phrase)
        assert all(" " not in p for p in value), phrase
        own = [table.get(c, f"u{ord(c):x}") for c in phrase]
        table[phrase] = None if value == own else " ".join(value)
    meta = {"source": f"pypinyin {pypinyin.__version__}", "hans": _hans_class(RE_HANS),
            "max_len": str(max(map(len, table)))}
    return sorted(table.items()), sorted(meta.items())


def _hans_class(re_hans) -> str:
    """The character class of ``RE_HANS`` (``^(?:[…])+$``): pypinyin tests
    each character on its own with it."""
    pattern = re_hans.pattern
    assert pattern.startswith("^(?:[") and pattern.endswith("])+$"), pattern
    cls = pattern[len("^(?:"):-len(")+$")]
    one = re.compile(cls)
    assert all(bool(one.fullmatch(c)) == bool(re_hans.match(c))
               for c in map(chr, range(0x110000)) if not "\ud800" <= c <= "\udfff")
    return cls


def main() -> int:
    table, meta = rows()
    tmp = OUT.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    db.executescript("""
        PRAGMA journal_mode = OFF;
        PRAGMA page_size = 4096;
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE py (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
    """)
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
    db.executemany("INSERT INTO py VALUES (?, ?)", table)
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, OUT)
    phrases = sum(len(k) > 1 for k, _ in table)
    print(f"{OUT.name}: {len(table) - phrases} characters, {phrases} phrases "
          f"({sum(len(k) > 1 and v is not None for k, v in table)} with their own reading), "
          f"{OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
