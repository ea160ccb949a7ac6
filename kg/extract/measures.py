"""Named measures, mechanisms, methods, campaigns and policy documents.

* “…” quoted names, with the kind word that follows them (“九个一”工作机制);
* 《…》 document titles, （试行） included, two titles back to back split;
* unquoted names coordinated with a quoted one (…机制和督导问责机制) or
  introduced by 实行/推行/建立 and ending in a kind word (实行订单培训).

Quoted words that are not measures are left out: section headings
(“三个精准”：), goals and slogans (做到“…”, 跻身“…”), nicknames (被称为“…”),
anti-patterns (杜绝“数字脱贫”), and a description quoted just before the
method's own quoted name (按照“一进、二看…”精准识别“六步工作法”).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import strip_time
from .lexicon import CJK

__all__ = ["MeasureHit", "find_measures"]

KINDS = ["专项行动", "攻坚战", "攻势", "战役", "改革", "工作机制", "长效机制", "工作落实机制", "机制", "行动", "工程", "活动", "模式", "计划",
         "制度", "工作法", "体系", "办法", "措施", "方案", "战略", "项目", "工作", "政策", "大会战", "会战"]
_KIND_RE = "|".join(sorted(KINDS, key=len, reverse=True))
_QUOTE_RE = re.compile(r"[“\"「『]([^“”\"」』\n]{2,40})[”\"」』]")
_BOOK_RE = re.compile(r"《([^《》\n]{2,60})》")
# before a quote: never a measure (nicknames, anti-patterns) …
_NOT_BEFORE = re.compile(r"(?:称为|被称为|誉为|称作|叫做|人称|外号|号称|所谓|杜绝|防止|避免|反对|严禁|不搞|克服|"
                         r"纠正|整治|破除|摒弃|搞|喊出|唱响|营造|戴上|摘掉|变成|当上|发扬|弘扬|秉承|传承|发挥|紧扣|紧紧围绕|围绕|"
                         r"突出|牢牢把握|把握)$")
# … and a goal or slogan unless it is a numbered name (实现了“四个全覆盖”)
_GOAL_BEFORE = re.compile(r"(?:做到|实现了?|达到|跻身|进入|争创|争当|成为|提出了?|树立|打造|形成了?|确保|作为|当作|"
                          r"列为|当成|视为)[全省国市]{0,2}$")
# “当下改”与“长久立”相结合: a pair of watchwords, not named measures
_PAIR_AFTER = re.compile(r"^(?:与|和|同)[“\"「『][^”\"」』]{1,12}[”\"」』](?:相结合|并举|并重|结合|两手抓|齐抓)")
_NUMBERED = re.compile(r"^[一二两三四五六七八九十百千\d]+[个项条大型步]")
_VERB_NAMED = re.compile(rf"(?:实行|推行|推广|建立|建立了|实施|探索|创新|创建|推出|健全|完善)([{CJK}]{{2,14}}?(?:机制|制度|模式|培训|工作法))(?=[，。；、和])")
_ADOPT_VERBS = (r"(?:开展|出台|推行|推广|实施|建立|落实|探索|实行|创新|推出|印发|制定|启动|组织|健全|完善|实现|把|采取|"
                r"按照|坚持|引入|开办|创办|办起|建起|完成|紧扣|围绕|以|在)")
_SUBJECT_RE = re.compile(rf"^([{CJK}、]{{2,16}}?)(?:还|也|已|都|先后|积极|全面|大力|认真|扎实|率先|创新|坚持|共|今年|"
                         rf"去年|近年来|随即|进一步|探索)*{_ADOPT_VERBS}")
# words that stand for a place named elsewhere in the sentence
_DEICTIC = {"当地", "本地", "该县", "该市", "该镇", "该乡", "该村", "该区", "县里", "市里", "乡里", "镇里",
            "村里", "区里", "县上", "市上", "这里"}


@dataclass
class MeasureHit:
    name: str
    adopter: str
    is_document: bool
    start: int
    end: int


_AGENT_END = re.compile(r"(?:省|市|县|区|乡|镇|村|州|旗|盟|委|局|办|部|厅|会|站|所|院|中心|组|队|部门|单位|企业|"
                        r"政府|合作社|公司|指挥部|专班|里|上|当地|本地)$")


def _agentish(s: str) -> bool:
    """A subject that can adopt a measure: an area, a unit, 县里, 全市 …"""
    return bool(_AGENT_END.search(s)) and not re.search("[的在对说是与正已并他她]|帮助|协调|引导|全面|重点", s) \
        and not re.match(r"(?:在|对|为|以|把|由)", s) and not s.endswith("、")


def _adopter(text: str, s: int, pos: int, prev_subject: str) -> str:
    """The subject of the clause that adopts a measure: the nearest clause
    before it that opens with an agent and a verb (赫章县在全县推行…);
    当地/县里 stand for the place the sentence opens with (在霍邱县，当地推行…)."""
    head = text[s:pos].lstrip("，,•● ")
    clauses = [c for c in re.split(r"[，,；;：:]", head)]
    locative = ""
    m = re.match(r"在([^，,；;]{2,12}?)(?:里|内|上)?[，,]", head)
    if m:
        locative = m.group(1)
    for clause in reversed(clauses):
        clause = strip_time(clause.strip())
        m = _SUBJECT_RE.match(clause)
        if m and _agentish(m.group(1)):
            subject = m.group(1)
            if subject in _DEICTIC and locative:
                return locative
            return subject
    return prev_subject


def find_measures(text: str, sentences, headings: set[int] = frozenset()) -> list[MeasureHit]:
    """Measures in ``text``; ``sentences`` are (start, end, kind) spans."""
    out: list[MeasureHit] = []
    prev_subject, prev_block_end = "", -1
    for s, e, kind in sentences:
        if kind in ("masthead", "dateline", "byline", "credit"):
            continue
        sent = text[s:e]
        head_subject = _adopter(text, s, e, "")
        if s > prev_block_end + 1 and kind != "body":
            prev_subject = ""
        quotes = list(_QUOTE_RE.finditer(sent))
        accepted_prev = False
        for k, m in enumerate(quotes):
            accepted_prev, was = False, accepted_prev
            qs, qe = s + m.start(), s + m.end()
            name = m.group(1).strip()
            after = text[qe:e]
            before = text[max(s, qs - 6):qs]
            lead = text[max(clause_start(text, qs, s), qs - 12):qs]     # where an adopting verb may stand
            if kind == "headline" or after.startswith(("：", ":")) or _NOT_BEFORE.search(before):
                continue
            if _GOAL_BEFORE.search(before) and not _NUMBERED.match(name):
                continue
            if before.endswith("以") and re.fullmatch(r"[一二两三四五六七八九十]个[\u4e00-\u9fff]{2}", name) and \
                    not re.match(_KIND_RE, after):
                continue   # 以“三个到位”推动…: the article's framing, told in sections after it
            if re.match(r"[\u4e00-\u9fff]{0,4}(?:品牌|商标)", after):
                continue   # a brand (“某某”民宿品牌), not a measure
            if _PAIR_AFTER.match(after) or re.search(r"[”\"」』](?:与|和|同)$", before) and \
                    re.match(r"(?:相结合|并举|并重|结合|两手抓)", after) or after.startswith(("的精神", "精神")):
                continue
            if re.search(r"[？！?!]", name) or len(name) > 30:
                continue
            # 是…的“头号工程”, 作为…的“民心工程”来抓: a predicate, not a measure adopted
            if re.search(r"(?:是|作为|当作|列为|当成)[^，。；]*的$", text[clause_start(text, qs, s):qs]):
                continue
            nxt = quotes[k + 1] if k + 1 < len(quotes) else None
            if k > 0 and s + quotes[k - 1].end() == qs and was:
                lead = "开展"      # “挂包帮”“转走访”: a second name in a row, adopted like the first
            if nxt and 0 < s + nxt.start() - qe <= 8 and not re.search("[，。；、]", text[qe:s + nxt.start()]) \
                    and re.search(rf"(?:{_KIND_RE})$|{_KIND_RE}", nxt.group(1) + text[s + nxt.end():s + nxt.end() + 4]):
                continue   # a description quoted before the method's own name
            if re.fullmatch(r"[十]?[一二三四五六七八九十]五", name):
                continue   # a five-year plan period (十三五), not a measure
            if any(b.start() < qs - s and qe - s < b.end() for b in _BOOK_RE.finditer(sent)):
                continue   # a phrase quoted inside a document's title: the title is the measure
            km = re.match(_KIND_RE, after) or \
                re.match(r"[^\W\d的和与及是在把为_]{2,8}?(?:机制|模式|制度|体系|工作法|计划)", after)
            if km and km.group(0) not in ("工作",):
                name_full = name + km.group(0)
                qe += len(km.group(0))
            elif not (_looks_named(name, lead) or re.match(r"为(?:总|主要)?(?:抓手|载体|平台|引领|突破口)", after)):
                continue
            else:
                name_full = name
            out.append(MeasureHit(name_full, _adopter(text, s, qs, prev_subject), False, qs, qe))
            accepted_prev = True
            # …机制和督导问责机制: an unquoted name coordinated with this one
            if km:
                cm = re.match(rf"[和及、与]([{CJK}]{{2,10}}?(?:机制|制度|模式|行动|工程))(?=[，。；、]|$)", text[qe:e])
                if cm:
                    out.append(MeasureHit(cm.group(1), out[-1].adopter, False, qe + 1, qe + cm.end()))
        for m in _BOOK_RE.finditer(sent):
            title = m.group(1).strip()
            if re.fullmatch(rf"[{CJK}]{{2,8}}(?:日报|晚报|报|杂志|新闻|频道|栏目|节目|联播|之声)", title):
                continue   # a newspaper or a programme, not a document
            out.append(MeasureHit(title, _adopter(text, s, s + m.start(), prev_subject), True,
                                  s + m.start(), s + m.end()))
        for m in _VERB_NAMED.finditer(sent):
            if re.search("不少|一批|一些|多种|各种|新|出", m.group(1)) or \
                    re.fullmatch(rf"(?:工作|各项|相关|长效|管理|考核|体制)*(?:{_KIND_RE})", m.group(1)):
                continue
            out.append(MeasureHit(m.group(1), _adopter(text, s, s + m.start(), prev_subject), False,
                                  s + m.start(1), s + m.end(1)))
        if head_subject:
            prev_subject = head_subject
        prev_block_end = e
    seen, unique = set(), []
    for h in out:
        key = re.sub(r"\s+", "", h.name)
        if key not in seen:
            seen.add(key)
            unique.append(h)
    return unique


def clause_start(text: str, pos: int, lo: int) -> int:
    """Where the clause holding ``pos`` starts (after the last ，；： before it)."""
    while pos > lo and text[pos - 1] not in "，,；;：:。":
        pos -= 1
    return pos


def _looks_named(name: str, before: str) -> bool:
    """A quoted phrase without a kind word is a measure when it reads as a
    name: numbered (九个一, 两定制、一兜底), or introduced by a verb of adopting."""
    if _NUMBERED.match(name) or re.search(rf"(?:{_KIND_RE})$", name):
        return True
    if re.search(r"[决绝誓]不|不(?:收兵|罢休|松劲|停步|撤)", name):
        return False          # a vow (不获全胜决不收兵), not a measure
    if re.search(rf"(?:推行|推广|开展|实施|实行|落实|创新|探索|采取|采用|建立|推出|启动|按照|运用|用好|用活|坚持|办起|建起|"
                 rf"开办|创办|设立|开设|实施了|推出了|完成|纳入|深化|推进|通过|借助|依托)了?[{CJK}]{{0,8}}$", before):
        return True
    return False
