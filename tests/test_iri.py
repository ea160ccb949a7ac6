"""IRI slugs read pinyin from kg/data/pinyin.sqlite and give pypinyin's very pinyin."""
from __future__ import annotations

import random
import subprocess
import sys

import pytest

from kg.graph import iri
from kg.graph.iri import slug


@pytest.mark.parametrize("text,expected", [
    ("桃花村", "tao-hua-cun"),
    ("银行", "yin-hang"),             # a phrase read otherwise than its characters (行: xing)
    ("长沙市", "chang-sha-shi"),
    ("下不了", "xia-bu-le"),          # the start of 下不了台, and no phrase in it: read as characters
    ("七返还", "qi-fan-hai"),         # … though 返还 is a phrase (fan-huan)
    ("绿色", "lv-se"),
    ("㐂村", "u-cun"),                # no reading: pypinyin keeps u3402 without its digits
    ("\U0002a6e0村", "u2a6e0-cun"),   # not a character pypinyin reads at all
    ("村\U0002a6e0银行", "cun-u2a6e0-yin-hang"),
    ("张三 2017 年", "zhang-san-2017-nian"),
])
def test_slug_pinyin(text, expected):
    assert slug(text) == expected


def test_slug_does_not_import_pypinyin():
    code = ("import sys; from kg.graph.iri import slug; s = slug('桃花村'); "
            "print(s, 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["tao-hua-cun", "False"]


def _reference():
    """pypinyin's lazy_pinyin as slugs used it, if it is the version the table
    was made from."""
    pypinyin = pytest.importorskip("pypinyin")
    source = dict(iri._table().db.execute("SELECT k, v FROM meta"))["source"]
    if source != f"pypinyin {pypinyin.__version__}":
        pytest.skip(f"the table is from {source}")
    from pypinyin import Style, lazy_pinyin

    return lambda run: lazy_pinyin(run, style=Style.NORMAL, errors=iri._unknown)


def test_every_character_reads_as_pypinyin_reads_it():
    ref = _reference()
    ranges = [(0x3400, 0x4dbf), (0x4e00, 0x9fff), (0xf900, 0xfaff), (0x20000, 0x2ffff)]
    diffs = [c for lo, hi in ranges for c in map(chr, range(lo, hi + 1))
             if list(iri._pinyin(c)) != ref(c)]
    assert diffs == []


def test_every_phrase_and_mixes_of_phrases_read_as_pypinyin_reads_them():
    ref = _reference()
    from pypinyin.constants import PHRASES_DICT

    phrases = sorted(PHRASES_DICT)
    assert [p for p in phrases if list(iri._pinyin(p)) != ref(p)] == []
    # runs of phrases, starts of phrases, characters without a reading and
    # characters pypinyin does not read as Chinese: where the segmenter cuts
    from pypinyin.constants import PINYIN_DICT, RE_HANS

    rng = random.Random(7)
    pieces = phrases + [p[:rng.randint(1, len(p) - 1)] for p in phrases]
    cjk = [c for c in map(chr, range(0x3400, 0x2ffff)) if iri._CJK.fullmatch(c)]
    odd = [c for c in cjk if not RE_HANS.match(c) or ord(c) not in PINYIN_DICT]
    pieces += rng.sample(odd, 2000)
    runs = {"".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(20000)}
    assert [r for r in sorted(runs) if list(iri._pinyin(r)) != ref(r)] == []


def test_table_reads_in_a_forked_process():
    # a worker forked after the table was opened opens its own connection
    pytest.importorskip("multiprocessing")
    import multiprocessing as mp

    assert slug("焦作市") == "jiao-zuo-shi"
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork here")
    with mp.get_context("fork").Pool(1) as pool:
        assert pool.apply(slug, ("修武县",)) == "xiu-wu-xian"
