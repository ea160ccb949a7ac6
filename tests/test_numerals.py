"""Chinese numerals convert as cn2an converts them, without importing it."""
from __future__ import annotations

import itertools
import random
import subprocess
import sys

import pytest

from kg.extract.numerals import CN_DIGITS, CN_UNITS, cn_to_int

ALPHABET = "".join(CN_DIGITS) + "".join(CN_UNITS)


@pytest.mark.parametrize("text,value", [
    ("三千", 3000), ("八百五十", 850), ("一千二百", 1200), ("两", 2), ("两千", 2000),
    ("十二", 12), ("一百二十", 120), ("三十六", 36), ("伍拾", 50), ("壹佰贰拾叁", 123),
    ("一万二", 12000), ("三万五", 35000), ("一千零十一", 1011), ("十万零一千", 101000),
    ("一二三", 123), ("二〇一七", 2017), ("一亿二千万", 120000000), ("零", 0),
])
def test_values(text, value):
    assert cn_to_int(text) == value and type(cn_to_int(text)) is int


@pytest.mark.parametrize("text", ["", "百", "万万", "千百", "二十五点", "3千", "十千"])
def test_malformed_numerals_raise(text):
    with pytest.raises((ValueError, KeyError)):
        cn_to_int(text)


def test_money_does_not_import_cn2an():
    code = ("import sys; from kg.extract.money import to_yuan; v = to_yuan('八百五十万元'); "
            "print(v, 'cn2an' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["8500000", "False"]


def _same_as_cn2an(texts):
    cn2an = pytest.importorskip("cn2an")

    def outcome(fn, text):
        try:
            return fn(text)
        except (ValueError, KeyError) as e:
            return type(e).__name__

    return [t for t in texts if outcome(cn_to_int, t) != outcome(lambda s: cn2an.cn2an(s, "smart"), t)]


def test_every_text_of_up_to_three_characters_converts_as_cn2an_does():
    texts = ["".join(p) for n in (1, 2, 3) for p in itertools.product(ALPHABET, repeat=n)]
    assert _same_as_cn2an(texts) == []


def test_longer_texts_and_written_numbers_convert_as_cn2an_does():
    cn2an = pytest.importorskip("cn2an")
    rng = random.Random(5)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(4, 12))) for _ in range(20000)]
    for _ in range(3000):
        v = rng.randint(0, 10 ** rng.choice((2, 4, 6, 9, 13)))
        texts += [cn2an.an2cn(v, "low"), cn2an.an2cn(v, "up")]
    assert _same_as_cn2an(texts) == []
