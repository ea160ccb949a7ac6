"""Sums of money in Chinese text: 3000万元, 2.2亿元, 1亿2000万元, 八百五十万元, 2300余万元.

Chinese numerals are converted as cn2an (MIT) converts them
(:mod:`kg.extract.numerals`); the rules here only find the sums and handle
what that does not (余/多 approximations, thousands commas, mixed 亿/万
units, 元 on its own).
"""
from __future__ import annotations

import re
from decimal import Decimal

from .numerals import cn_to_int

__all__ = ["find_money", "to_yuan"]

_NUM = r"[0-9０-９][0-9０-９,，.．]*"
_CNUM = r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+"
# 1亿2000万元 | 3000万元 | 2.2亿元 | 12000元 | 三千万元 | 2300余万元 | 50多万元
MONEY_RE = re.compile(
    rf"(?P<text>(?:{_NUM}|{_CNUM})(?:[余多]?亿(?:{_NUM}|{_CNUM})?)?[余多]?(?:万|千)?[余多]?元)"
)
_UNITS = {"亿": Decimal(100000000), "万": Decimal(10000), "千": Decimal(1000)}


def _arabic(s: str) -> Decimal:
    s = s.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")).replace(",", "")
    return Decimal(s)


def _number(s: str) -> Decimal:
    """Value of a bare number, Arabic or Chinese."""
    if re.fullmatch(r"[0-9０-９][0-9０-９,，.．]*", s):
        return _arabic(s)
    return Decimal(cn_to_int(s))


def to_yuan(text: str) -> Decimal | None:
    """Amount in yuan of a money expression, or None if it is not one.

    >>> [str(to_yuan(t)) for t in ["3000万元", "2.2亿元", "9383.5万元", "1亿2000万元", "1,280万元"]]
    ['30000000', '220000000', '93835000', '120000000', '12800000']
    >>> [str(to_yuan(t)) for t in ["三千万元", "八百五十万元", "两亿元", "伍拾万元", "2300余万元", "12000元"]]
    ['30000000', '8500000', '200000000', '500000', '23000000', '12000']
    >>> str(to_yuan("两亿零五百万元"))
    '205000000'
    """
    t = re.sub(r"\s+", "", text).replace("余", "").replace("多", "")
    if not t.endswith("元"):
        return None
    t = t[:-1]
    total = Decimal(0)
    try:
        if "亿" in t:
            head, _, t = t.partition("亿")
            total += _number(head) * _UNITS["亿"]
            t = t.lstrip("零〇")           # 两亿零五百万: the 零 only marks the gap
            if t and t[-1] not in "万千":   # 1亿2000 (万 implied only when written)
                return total + _number(t) if t else total
        if t:
            unit = Decimal(1)
            if t[-1] in "万千":
                unit, t = _UNITS[t[-1]], t[:-1]
            total += _number(t) * unit if t else 0
    except (ValueError, ArithmeticError, Exception):  # a malformed numeral: ValueError, KeyError
        return None
    return Decimal(int(total)) if total == total.to_integral() else total.normalize()


def find_money(text: str) -> list[tuple[int, int, Decimal]]:
    """Spans of sums of money in ``text`` with their value in yuan.

    >>> find_money("共投入资金3868万元，实施项目")
    [(5, 11, Decimal('38680000'))]
    """
    out = []
    for m in MONEY_RE.finditer(text):
        # a Chinese-numeral match must not start inside a word (一批, 万元 alone)
        start = m.start()
        value = to_yuan(m.group("text"))
        if value is None or value <= 0:
            continue
        out.append((start, m.end(), value))
    return out


def yuan_str(value: Decimal) -> str:
    """A plain decimal string: no exponent, no trailing zeros.

    >>> yuan_str(Decimal("2.2E+8")), yuan_str(Decimal("1500.50"))
    ('220000000', '1500.5')
    """
    s = format(value, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s
