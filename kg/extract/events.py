"""Events: something that happened on a day the article gives.

A sentence of the shape ``DATE，AGENT VERB …`` (or ``AGENT于DATE VERB …``)
is an event: the agent is the subject (a person's name once titles are
stripped, else the unit or group), the places are the areas named after the
verb, and the label is what was done (召开X → X; 对X进行Y → Y; 到PLACE调研 →
调研; caption ``AGENT在VP`` → VP).  The same day told twice (a chronicle item
and the body, a caption) is one event.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .clauses import antecedent, strip_time
from .timex import find_dates

__all__ = ["EventHit", "find_events"]

_VERBS = ("召开", "举行", "举办", "主持", "出席", "参加", "前往", "深入", "来到", "赴", "到", "调研", "视察",
          "检查", "督导", "督查", "暗访", "走访", "慰问", "看望", "考察", "启动", "签约", "签订", "开展",
          "组织", "带领", "率队", "率", "召集", "在", "对", "为", "向", "与", "陪同", "指导", "宣讲",
          "观摩", "验收", "揭牌", "开工", "发放", "捐赠", "培训", "部署", "联系", "帮助", "组织", "协调",
          "听取", "审议", "研究", "传达", "学习", "印发", "出台", "发布", "专题", "进驻", "入驻")
_TIME_OF_DAY = re.compile(r"^(?:一早|上午|下午|晚上|中午|早上|凌晨|傍晚|晚间|早晨|清晨|夜里)")
# 全市…推进会在织金县召开: the meeting is the subject, nobody is the agent
_PASSIVE_RE = re.compile(r"^(.{2,30}?(?:会|会议|大会|仪式|活动|培训班|论坛|现场会))(?:在(.{2,24}?))?"
                         r"(?:召开|举行|举办|开班|启动|开幕)")
# adverbs that end a long subject: …的4名队员|又一次沿着钢梯…
_AGENT_END = re.compile(r"又一次|再一次|再次|一起|纷纷|正在|沿着|冒着|顶着|带着|走进|早早|一大早|一行|"
                        r"先后|分别|专程|专题|专门|亲自|一同|共同|已经")
_UNIT_END = r"(?:委|局|办|部|会|厅|院|所|站|中心|联|公司|银行|政府|合作社|协会|商会|队|组)$"
_VERB_RE = re.compile("|".join(sorted(_VERBS, key=len, reverse=True)))


@dataclass
class EventHit:
    date: dt.date
    label: str
    agents: list[str]
    places: list[str]
    start: int
    end: int
    kind: str = "body"
    extra: list[tuple[int, int]] = field(default_factory=list)


_DONE_VERBS = ("签订|通过|领到|举行|召开|开展|完成|建成|启动|发放|捐赠|组织|走访|看望|慰问|审议|参加|"
               "建起|修通|召集|部署|印发|出台")


def _tidy(label: str) -> str:
    """签订了X → 签订X; 与某企业签订X → 签订X: the deed as a short phrase."""
    label = re.sub(rf"({_DONE_VERBS})了", r"\1", label.lstrip("了"))
    m = re.match(rf"(?:与|和|同|向|为)[^，。；]{{1,16}}?(({_DONE_VERBS}|签约|对接|交流|座谈)[^，。；]*)$", label)
    return m.group(1) if m else label


def _label(rest: str, places: list[str], area_names: set[str] = frozenset()) -> str:
    return _tidy(_raw_label(rest, places, area_names))


def _raw_label(rest: str, places: list[str], area_names: set[str] = frozenset()) -> str:
    rest = rest.rstrip("。！!；; ")
    m = re.search(r"(?:召开|举行|举办|主持召开)了?([^，。；]{2,40}?)(?:[，。；]|$)", rest)
    if m:
        return m.group(1)
    m = re.search(r"对([^，。；]{1,20}?)进行了?([^，。；]{1,12}?)(?:[，。；]|$)", rest)
    if m:
        return m.group(2)
    m = re.search(r"(?:到|前往|赴|深入|来到|走进)([^，。；]{2,40}?)(?:([，。；])|$)", rest)
    if m:
        vp = m.group(1)
        for p in sorted(set(places) | set(area_names), key=len, reverse=True):
            vp = vp.replace(p, "")
        vp = vp.lstrip("、和及与").strip("、 ")
        vp = re.sub(r"^(?:对[^，。；]{1,20}?进行了?)", "", vp)
        if len(vp) >= 2:
            return vp
        # 来到某村，调研…: the deed is the next clause
        nxt = re.match(r"[，,]([^，。；]{2,40})", rest[m.end(1):])
        if nxt:
            return re.sub(r"^(?:先后|随后|并|还|又|详细|实地)+", "", nxt.group(1))
    m = re.search(r"在([^，。；]{2,40}?)(?:[，。；]|$)", rest)
    if m:
        vp = m.group(1)
        for p in sorted(set(places) | set(area_names), key=len, reverse=True):
            if vp.startswith(p) and len(vp) > len(p) + 1:
                vp = vp[len(p):]
        return vp
    return re.split(r"[，。；]", rest.lstrip("，,、 "))[0][:40]


def find_events(text: str, sentences, pub: dt.date | None, context_year: int | None,
                officials: set[str], area_names: set[str]) -> list[EventHit]:
    """Events in ``text``; ``sentences`` are (start, end, kind) spans."""
    out: list[EventHit] = []
    anchor = None
    for s, e, kind in sentences:
        if kind == "headline":
            speech = _speech_line(text, s, e, pub, context_year, officials)
            if speech is not None:
                out.append(speech)
        if kind in ("masthead", "dateline", "byline", "credit", "headline"):
            continue
        sent = text[s:e]
        for d in find_dates(sent, pub, context_year, anchor):
            anchor = d.value
            before = sent[:d.start]
            after = sent[d.end:]
            if re.match(r"^\s*(?:以来|前|后|起|之前|之后)", after):
                continue
            # a range (6月5日至7日): the event starts on the first day
            after = re.sub(r"^\s*(?:至|到|—|-|~)\s*(?:\d{1,2}\s*月)?\s*\d{1,2}\s*[日号]", "", after)
            lead = re.sub(r"^[•●◆\s]+", "", before)
            # a dateline opening: 本报讯（记者 某某）, 新华社郑州6月5日电
            lead = re.sub(r"^(?:[^，。]{0,20}?(?:讯|电|消息))?\s*(?:[（(][^（）()]*(?:记者|通讯员)[^（）()]*[）)])?\s*",
                          "", lead)
            if lead and not re.search(r"(?:于|在|是)$", lead) and not re.search(r"[，,。；]$", lead):
                continue   # a date inside a phrase (…的12月3日), not the time of the clause
            rest = _TIME_OF_DAY.sub("", after.lstrip("，, ")).lstrip("，, ")
            agent_text = ""
            if lead and re.search(r"(?:于|在|是)$", lead):
                agent_text = re.sub(r"(?:于|在|是)$", "", re.split(r"[，,。；]", lead)[-1])
            clause = re.split(r"[，,；;。]", rest)[0]
            pm = _PASSIVE_RE.match(clause)
            if pm and not agent_text:
                places = _places_in(pm.group(2) or "", area_names)
                out.append(EventHit(d.value, pm.group(1), [], places, s + d.start, e, kind))
                continue
            if not agent_text:
                vm = None
                if kind == "caption" and "在" in clause:
                    vm = re.search("在", clause)
                else:
                    for vm in _VERB_RE.finditer(clause):
                        if vm.start() > 0:
                            break
                    else:
                        vm = None
                agent_text = clause[:vm.start()] if vm else clause
                am = _AGENT_END.search(agent_text)
                # cut a long subject at an adverb, but never inside a name (a 正 inside 某正某)
                if am and am.start() >= 2 and not any(n in agent_text for n in officials):
                    agent_text = agent_text[:am.start()]
                if re.match(r"(?:共|已|还|将|也|都|又|正|先后|累计|全部)", agent_text) or \
                        re.search(r"\d+(?:\.\d+)?(?:万|亿)?元", agent_text):
                    agent_text = ""      # no subject here: 当天共募集善款386万元
            agent_text = strip_time(agent_text).strip()
            agents = _agents(agent_text, officials)
            if agent_text in ("他", "她"):
                agents = [n for n in (antecedent(text, s, officials, 120),) if n]
            # 甲局与乙局签订…: the partner acts too
            pm2 = re.match(rf"(?:与|和|同)([^，。；、]{{2,16}}?)(?:{_DONE_VERBS}|签约|座谈|对接|会谈|共同)",
                           rest[len(agent_text):]) if agents and rest.startswith(agent_text) else None
            if pm2 and (re.search(_UNIT_END, pm2.group(1)) or pm2.group(1) in officials):
                agents.append(pm2.group(1))
            pred = rest[len(agent_text):] if rest.startswith(agent_text) else rest
            # the places of the clause that says where (到A、B…; 在A召开…)
            places = next((found for c in re.split(r"[，,；;。]", pred)
                           if (found := _destination(c, area_names))), [])
            if kind == "caption" or not places:
                places = _caption_place(agent_text, area_names) or places
            label = _label(rest[len(agent_text):] if rest.startswith(agent_text) else rest, places,
                           area_names)
            if not label or not agents and not places:
                continue
            out.append(EventHit(d.value, label, agents, places, s + d.start, e, kind))
    return _merge(out)


def _agents(agent_text: str, officials: set[str]) -> list[str]:
    """Names of officials in the subject (titles stripped), else the subject."""
    names = [n for n in sorted(officials, key=len, reverse=True) if n in agent_text]
    names = [n for n in names if not any(n != m and n in m for m in names)]
    if names:
        return sorted(names, key=agent_text.index)
    a = agent_text.strip("，、 ")
    parts = [p for p in re.split(r"[、和与及]", a) if p]
    # 县扶贫办、县农业局: several units act together, one row each
    if len(parts) > 1 and all(re.search(_UNIT_END, p) and len(p) <= 12 for p in parts):
        return parts
    return [a] if 1 < len(a) <= 40 else []


def _speech_line(text, s, e, pub, context_year, officials) -> EventHit | None:
    """The line under a report's or speech's title, ``——2020年1月6日在某县第X届
    人民代表大会第X次会议上``: the meeting is an event, the speaker (named
    on the next line, 县长 某某) its agent."""
    sent = text[s:e]
    if not sent.startswith(("——", "—", "--")):
        return None
    dates = find_dates(sent, pub, context_year, None)
    if not dates:
        return None
    d = dates[0]
    m = re.match(r"\s*在(.{4,40}?)上(?:的(?:讲话|报告|发言|工作报告))?$", sent[d.end:])
    if not m:
        return None
    nxt = text[e:e + 30]
    agents = [n for n in sorted(officials, key=nxt.find) if 0 <= nxt.find(n) < 20][:1]
    return EventHit(d.value, m.group(1), agents, [], s + d.start, e, "headline")


def _destination(clause: str, area_names: set[str]) -> list[str]:
    """The places of a clause; where it says where someone went (带领甲村的
    农户到乙村学习), those after the verb of going.

    >>> _destination("带领甲村、乙村的农户到丙村学习", {"甲村", "乙村", "丙村"})
    ['丙村']
    """
    for m in reversed(list(re.finditer(r"到|赴|前往|来到|走进|深入", clause))):
        found = _places_in(clause[m.end():], area_names)
        if found:
            return found
    return _places_in(clause, area_names)


def _places_in(rest: str, area_names: set[str]) -> list[str]:
    """Area names in the predicate, in order, each once, longest first."""
    found: list[str] = []
    names = sorted(area_names, key=len, reverse=True)
    i, last_end = 0, -1
    while i < len(rest):
        for n in names:
            if rest.startswith(n, i):
                # a path (某县某乡某村) is one place, written as the article writes it
                if i == last_end and found:
                    found[-1] += n
                elif n not in found:
                    found.append(n)
                i += len(n)
                last_end = i
                break
        else:
            i += 1
    return list(dict.fromkeys(found))


def _caption_place(agent_text: str, area_names: set[str]) -> list[str]:
    """In a caption, the place is the path inside the subject: 某县某乡某村村民 → 某县某乡某村."""
    m = re.match(r"(.+?)的", agent_text)
    if m and len(m.group(1)) >= 3:
        head = m.group(1)
        path = re.match(r"(.*?[村社区镇乡])(?=[^村社区镇乡]*(?:工作队|工作组|$))", head)
        inner = re.search(r"驻(.+村)(?=[^村]*(?:工作队|工作组))", head)
        if inner:
            return [inner.group(1)]
        return [head] if not path else [head]
    m = re.match(r"(.+?村)(?=村民|群众|农户|党员|干部|贫困户|$)", agent_text)
    if m:
        return [m.group(1)]
    return []


def _overlap(a: str, b: str, n: int = 4) -> bool:
    """One contains the other, or they share ``n`` characters in a row."""
    if a in b or b in a:
        return True
    return any(a[i:i + n] in b for i in range(len(a) - n + 1))


def _merge(events: list[EventHit]) -> list[EventHit]:
    """One event per happening: the same day told again (chronicle, body,
    caption) merges unless agents, places and what was done all differ."""
    merged: list[EventHit] = []
    for ev in events:
        same = None
        for m in merged:
            if m.date != ev.date:
                continue
            agents = any(_overlap(a, b, 99) for a in m.agents for b in ev.agents)
            places = any(_overlap(p, q, 3) for p in m.places for q in ev.places)
            agents_ok = agents or not m.agents or not ev.agents
            places_ok = places or not m.places or not ev.places
            if _overlap(m.label, ev.label, 3) and (agents_ok or places_ok) or agents and places:
                same = m
                break
        if same is None:
            merged.append(ev)
            continue
        for a in ev.agents:
            if not any(_overlap(a, b, 99) for b in same.agents):
                same.agents.append(a)
        for p in ev.places:
            if not any(_overlap(p, q, 3) for q in same.places):
                same.places.append(p)
        same.extra.append((ev.start, ev.end))
    return merged
