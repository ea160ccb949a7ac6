"""A small hand-written article and its facts, for the graph-layer tests.

Every name here is invented (东湖市, 青山县, 赵六 …).  The raw text has the
artefacts of PDF extraction the repair stage removes — line breaks inside
words — so that raw and repaired offsets differ, as they do in real input.
"""
from __future__ import annotations

import datetime as dt

from kg.model import (Assignment, Block, Document, Event, Evidence, Facts, Fund, Measure, Official,
                      Sentence, VillageFact)

# "¦" marks a line break of the raw file that repair removes.
_MARKED = (
    "东湖市扎实推进脱贫攻坚\n"
    "本报记者 周八\n"
    "3月5日，市委书记赵¦六到青山县石桥镇桃花村调研脱贫攻坚工作。"
    "市农业局派驻桃花村第一书记钱¦七带领村民发展种植。"
    "市交通局帮扶工作队进驻青山县柳河乡李家庄村。"
    "市财政投入2.5亿元用于产业扶贫，县扶贫办发放80万¦元帮助贫困户发展养殖。"
    "青山县推行“三帮一”工作法，市民政局印发《东湖市兜底保障实施方案》。\n"
)


def make_document(source: str = "/some/folder/east-lake-daily-2018-03-20.txt") -> Document:
    raw = _MARKED.replace("¦", "\n")
    text, offsets = [], []
    pos = 0
    for ch in _MARKED:
        if ch == "¦":
            pos += 1
            continue
        text.append(ch)
        offsets.append(pos)
        pos += 1
    offsets.append(len(raw))
    text = "".join(text)
    blocks, sentences = [], []
    # headline, byline, body: one block per line; body sentences end in 。
    start = 0
    kinds = ["headline", "byline", "body"]
    for i, line in enumerate(text.split("\n")[:3]):
        end = start + len(line)
        blocks.append(Block(kinds[i], start, end))
        s = start
        for j in range(start, end):
            if text[j] == "。" or j == end - 1:
                sentences.append(Sentence(s, j + 1, i, kinds[i]))
                s = j + 1
        start = end + 1
    return Document(source=source, raw=raw, text=text, offsets=offsets, blocks=blocks,
                    sentences=sentences, date=dt.date(2018, 3, 20), title="东湖市扎实推进脱贫攻坚",
                    publisher="东湖日报")


def span(doc: Document, fragment: str, occurrence: int = 0) -> Evidence:
    """Evidence for the ``occurrence``-th ``fragment`` of the repaired text."""
    at = -1
    for _ in range(occurrence + 1):
        at = doc.text.index(fragment, at + 1)
    return Evidence(at, at + len(fragment))


def make_facts(doc: Document) -> Facts:
    return Facts(
        officials=[
            Official("周八", "本报记者", "东湖日报", span(doc, "本报记者 周八")),
            Official("赵六", "市委书记", "市委", span(doc, "市委书记赵六"), full_title="市委书记"),
            Official("钱七", "第一书记", "市农业局", span(doc, "市农业局派驻桃花村第一书记钱七")),
        ],
        villages=[
            VillageFact("桃花村", "石桥镇", "青山县", span(doc, "青山县石桥镇桃花村"), city="东湖市"),
            VillageFact("李家庄村", "柳河乡", "青山县", span(doc, "青山县柳河乡李家庄村"),
                        source="gazetteer", code="419999"),
        ],
        assignments=[
            Assignment("钱七", "桃花村", "市农业局", span(doc, "市农业局派驻桃花村第一书记钱七"),
                       role="第一书记"),
            Assignment("帮扶工作队", "李家庄村", "市交通局", span(doc, "市交通局帮扶工作队进驻青山县柳河乡李家庄村"),
                       role="帮扶工作队", assignee_is_team=True),
        ],
        funds=[
            Fund("250000000", "产业扶贫", "市财政", "", span(doc, "市财政投入2.5亿元用于产业扶贫"),
                 amount_text="2.5亿元", flow="投入"),
            Fund("800000.0", "帮助贫困户发展养殖", "县扶贫办", "贫困户",
                 span(doc, "县扶贫办发放80万元帮助贫困户发展养殖"), amount_text="80万元", flow="发放"),
        ],
        measures=[
            Measure("三帮一工作法", "青山县", span(doc, "青山县推行“三帮一”工作法")),
            Measure("东湖市兜底保障实施方案", "市民政局", span(doc, "市民政局印发《东湖市兜底保障实施方案》"),
                    is_document=True),
        ],
        events=[
            Event(dt.date(2018, 3, 5), "调研脱贫攻坚工作", ["市委书记赵六"], ["青山县石桥镇桃花村"],
                  span(doc, "3月5日，市委书记赵六到青山县石桥镇桃花村调研脱贫攻坚工作。")),
        ],
    )


#: What each named query gives on the fixture graph.
EXPECTED_CSV = {
    "officials": "name,post,organization\n"
                 "周八,本报记者,东湖日报\n"
                 "赵六,市委书记,市委\n"
                 "钱七,第一书记,市农业局\n",
    "villages": "village,township,county\n"
                "桃花村,石桥镇,青山县\n"
                "李家庄村,柳河乡,青山县\n",
    "assignments": "assignee,village,dispatching_unit\n"
                   "钱七,桃花村,市农业局\n"
                   "帮扶工作队,李家庄村,市交通局\n",
    "funds": "amount_yuan,purpose,provider,recipient\n"
             "250000000,产业扶贫,市财政,\n"
             "800000,帮助贫困户发展养殖,县扶贫办,贫困户\n",
    "measures": "measure,adopter\n"
                "三帮一工作法,青山县\n"
                "东湖市兜底保障实施方案,市民政局\n",
    "events": "date,event,agent,place\n"
              "2018-03-05,调研脱贫攻坚工作,赵六,桃花村\n",
}
