"""Chinese numerals to integers: 三千, 八百五十, 一千二百, 两, 伍拾, 一万二.

What :mod:`kg.extract.money` needs of cn2an (MIT), kept here: importing
cn2an costs ~0.1 s (its text preprocessing loads dictionaries), more than
extracting an article.  :func:`cn_to_int` gives what
``cn2an.cn2an(text, "smart")`` gives for a text of the numeral characters
below, and raises ``ValueError`` (or ``KeyError``, as cn2an does) where it
raises: the same checks in the same order (``tests/test_numerals.py``
compares the two on every text of up to four characters).

>>> [cn_to_int(t) for t in ("三千", "八百五十", "两", "伍拾", "一万二", "一二三")]
[3000, 850, 2, 50, 12000, 123]
"""
from __future__ import annotations

import functools
import re

__all__ = ["cn_to_int", "CN_DIGITS", "CN_UNITS"]

#: Digits, with the financial (壹) and colloquial (两, 幺) forms.
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
             "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
             "捌": 8, "九": 9, "玖": 9}
#: Units.
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10000,
            "亿": 100000000}
# The characters each placeholder of the grammar stands for (cn2an's "normal" mode).
_FORMS = {"零": "零〇", "一": "一壹幺", "二": "二贰两", "三": "三叁仨", "四": "四肆", "五": "五伍",
          "六": "六陆", "七": "七柒", "八": "八捌", "九": "九玖", "十": "十拾", "百": "百佰",
          "千": "千仟", "万": "万", "亿": "亿"}
_UNIT_NAMES = {10: "十", 100: "百", 1000: "千", 10000: "万", 100000000: "亿"}


class _Patterns:
    """cn2an's regular expressions, compiled on first use."""

    def __init__(self):
        num, unit = "".join(CN_DIGITS), "".join(CN_UNITS)
        self.all_num = re.compile(f"^[{num}]+$")
        # 一万二, 两千三, 十三万六: a unit left out at the end
        self.speaking = re.compile(f"^([{num}]{{0,2}}[{unit}])+[{num}]$")
        self.big_unit_missing_zero = re.compile(f"([万亿])([{num}][十拾百佰])")
        self.thousand_missing_zero = re.compile(f"([千仟])([{num}]?[十拾])")
        self.unit_missing_one = re.compile(r"([百佰])([十拾])")
        self.zero_before_thousand = re.compile(f"(万)零(?=[{num}][千仟])")
        self.integer = re.compile(_grammar())


def _grammar() -> str:
    """The grammar of a well-formed integer (zero up to 9999 9999 9999 9999)."""
    _1_9 = "[一二三四五六七八九]"
    _10_99 = f"{_1_9}?[十]{_1_9}?"
    _10_99_with_one = f"{_1_9}[十]{_1_9}?"
    _1_99 = f"({_10_99}|{_1_9})"
    _100_999 = f"({_1_9}[百]([零]{_1_9})?|{_1_9}[百]{_10_99_with_one})"
    _1_999 = f"({_100_999}|{_1_99})"
    _1000_9999 = f"({_1_9}[千]([零]{_1_99})?|{_1_9}[千]{_100_999})"
    _1_9999 = f"({_1000_9999}|{_1_999})"
    _10000_99999999 = f"({_1_9999}[万]([零]{_1_999})?|{_1_9999}[万]{_1000_9999})"
    _1_99999999 = f"({_10000_99999999}|{_1_9999})"
    _10e8_10e16 = f"({_1_99999999}[亿]([零]{_1_99999999})?|{_1_99999999}[亿]{_10000_99999999})"
    pattern = f"^([零]|({_10e8_10e16}|{_1_99999999}))$"
    # each placeholder character stands for its forms, replaced in this order
    for plain, forms in _FORMS.items():
        pattern = pattern.replace(plain, forms)
    return pattern


@functools.lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns()


def cn_to_int(text: str) -> int:
    """The value of a Chinese numeral made of :data:`CN_DIGITS` and :data:`CN_UNITS`.

    Parameters
    ----------
    text : str
        The numeral, nothing else (no sign, 点, 元 or Arabic digit).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        Not a numeral cn2an reads (an empty text, a character outside the
        two tables, a malformed numeral).

    Examples
    --------
    >>> cn_to_int("一千零十一"), cn_to_int("十万零一千"), cn_to_int("二〇一七")
    (1011, 101000, 2017)
    """
    if not text:
        raise ValueError("empty numeral")
    bad = [c for c in text if c not in CN_DIGITS and c not in CN_UNITS]
    if bad:
        raise ValueError(f"not a numeral character: {bad[0]}")
    p = _patterns()
    # 一千零十一, 一万零百一十一: a 一 left out after 零
    data = text.replace("零十", "零一十").replace("零百", "零一百")
    # forms cn2an writes itself (十万零一千), made regular
    data = p.zero_before_thousand.sub(r"\1", data)
    data = p.big_unit_missing_zero.sub(r"\1零\2", data)
    data = p.thousand_missing_zero.sub(r"\1零\2", data)
    data = p.unit_missing_one.sub(r"\1一\2", data)
    data = data.replace("零十", "零一十").replace("零拾", "零一拾")
    if p.integer.fullmatch(data):
        return _with_units(data)
    if p.all_num.fullmatch(data):          # 一二三: digit by digit
        return int("".join(str(CN_DIGITS[c]) for c in data))
    m = p.speaking.fullmatch(data)
    if len(data) >= 3 and m:
        # the unit after the last digit is one below the last unit written
        # (KeyError for 十, as in cn2an)
        return _with_units(data + _UNIT_NAMES[CN_UNITS[m.group(1)[-1]] // 10])
    raise ValueError(f"malformed numeral: {text}")


def _with_units(data: str) -> int:
    """cn2an's conversion of a numeral with units, right to left."""
    total, unit, big = 0, 1, 1
    for index, c in enumerate(reversed(data)):
        if c in CN_DIGITS:
            total += CN_DIGITS[c] * unit
            continue
        unit = CN_UNITS[c]
        if unit % 10000 == 0:           # 万, 亿, and 万亿
            if unit > big:
                big = unit
            else:
                big = unit * big
                unit = big
        if unit < big:
            unit = unit * big
        if index == len(data) - 1:      # 十五: a leading unit counts one
            total += unit
    return int(total)
