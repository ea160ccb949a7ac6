"""Dates in news text, resolved against the publication date.

A date without a year takes it from its sentence (2016年…, 去年…, 今年…),
else from the article's context year (a year in a headline such as
``2016年脱贫攻坚大事记``), else from the publication date; a bare month-day
never lands after publication (a January review of "6月15日" means last year).

>>> import datetime as dt
>>> pub = dt.date(2017, 1, 12)
>>> [(d.text, d.value.isoformat()) for d in find_dates("11月16日，去年12月28日，昨天", pub)]
[('11月16日', '2016-11-16'), ('去年12月28日', '2016-12-28'), ('昨天', '2017-01-11')]
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "cn_int"]

_CN = "〇零一二两三四五六七八九十"
_D = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
DATE_RE = re.compile(
    rf"(?P<prefix>今年|去年|前年|本月|上月|下月)?"
    rf"(?:(?P<year>\d{{4}})\s*年\s*)?"
    rf"(?:(?P<month>{_D})\s*月\s*)?"
    rf"(?P<day>{_D})\s*[日号](?!本|报|电|讯)"
    rf"|(?P<rel>昨天|昨日|前天|前日|今天|今日|当天|当日|前一天|次日|第二天|翌日)"
    rf"|(?P<week>上周|本周|这周|上星期|本星期)(?P<wd>[一二三四五六日天])"
    rf"|(?P<iso>(?P<iy>\d{{4}})[-./](?P<im>\d{{1,2}})[-./](?P<id>\d{{1,2}}))(?!\d)"
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: dt.date
    explicit_year: bool


def cn_int(s: str) -> int:
    """Integer value of a small number written in digits or Chinese numerals.

    >>> cn_int("16"), cn_int("十六"), cn_int("二十八"), cn_int("十")
    (16, 16, 28, 10)
    """
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits.update({"零": 0, "两": 2})
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(s, 0)


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, pub: dt.date | None, context_year: int | None = None,
               anchor: dt.date | None = None) -> list[DateMention]:
    """Day-precise dates in ``text`` (one sentence, or any span).

    ``anchor`` is the last date mentioned before (for 当天); ``context_year``
    the article's year of reference, if it states one.  Month-only mentions
    (去年2月) are not returned: they name no day.
    """
    out: list[DateMention] = []
    years = [(m.start(), int(m.group(1))) for m in re.finditer(r"(?<![\d—–-])(\d{4})\s*年(?!代)", text)
             if pub is None or int(m.group(1)) <= pub.year]
    for m in DATE_RE.finditer(text):
        # a year written earlier in the sentence frames a bare month-day after it
        sentence_year = next((y for pos, y in reversed(years) if pos < m.start()), None)
        value, explicit = None, False
        if m.group("week"):
            if pub is None:
                continue
            wd = "一二三四五六".find(m.group("wd"))
            wd = 6 if wd < 0 else wd
            monday = pub - dt.timedelta(days=pub.weekday())
            value = monday + dt.timedelta(days=wd - (7 if m.group("week").startswith("上") else 0))
        elif m.group("rel"):
            if pub is None:
                continue
            rel = m.group("rel")
            if rel in ("当天", "当日"):
                value = anchor or pub
            elif rel in ("前一天", "次日", "第二天", "翌日"):
                # relative to the day just told, else to publication
                value = (anchor or pub) + dt.timedelta(days=-1 if rel == "前一天" else 1)
            else:
                value = pub + dt.timedelta(days={"昨": -1, "前": -2, "今": 0}[rel[0]])
        elif m.group("iso"):
            value, explicit = _safe(int(m.group("iy")), int(m.group("im")), int(m.group("id"))), True
        else:
            day = cn_int(m.group("day"))
            prefix = m.group("prefix") or ""
            if m.group("month") is None:
                # a bare day needs 本月/上月 and a publication date
                if prefix not in ("本月", "上月", "下月") or pub is None:
                    continue
                month, year = pub.month + {"本月": 0, "上月": -1, "下月": 1}[prefix], pub.year
                if month == 0:
                    month, year = 12, year - 1
                elif month == 13:
                    month, year = 1, year + 1
                value = _safe(year, month, day)
            else:
                month = cn_int(m.group("month"))
                if m.group("year"):
                    value, explicit = _safe(int(m.group("year")), month, day), True
                elif prefix in ("今年", "去年", "前年") and pub is not None:
                    value = _safe(pub.year - {"今年": 0, "去年": 1, "前年": 2}[prefix], month, day)
                else:
                    year = sentence_year or context_year or (pub.year if pub else None)
                    if year is None:
                        continue
                    value = _safe(year, month, day)
                    # a bare month-day never lands after publication
                    if value and pub and value > pub:
                        value = _safe(year - 1, month, day)
        if value is not None:
            out.append(DateMention(m.start(), m.end(), m.group(0), value, explicit))
            anchor = value
    return out
