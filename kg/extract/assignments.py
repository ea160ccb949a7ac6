"""Persons and teams sent to villages: first secretaries and help teams.

Anchored on each village mention, the rules read the words around it:

* ``UNIT 派驻/选派/下派 [PATH] 村 [驻村]第一书记 NAME``
* ``UNIT 驻 [PATH] 村[、村…] [驻村][帮扶|扶贫]工作队/工作组`` (one row per village)
* ``NAME（UNIT选派）`` / ``UNIT选派的NAME`` / ``由UNIT牵头`` in the same sentence
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import unit_after, unit_before
from .lexicon import CJK, ROLE_RE
from .people import name_at

__all__ = ["AssignmentHit", "find_assignments"]

_TEAM_RE = re.compile(r"的?(?:驻村)?(?:挂钩|结对)?(?:帮扶|扶贫|脱贫攻坚|精准扶贫|乡村振兴)?(?:驻村)?(?:工作队|工作组|服务队)")
_SECRETARY_RE = re.compile(r"(?:驻村)?第一书记")
_SEND_RE = re.compile(r"(?:派驻|选派|下派|派出|委派|派|驻)(?:的)?(?:到|至|在)?$")


@dataclass
class AssignmentHit:
    assignee: str
    village: str
    unit: str
    role: str
    is_team: bool
    start: int
    end: int


def _after_list(text: str, end: int, villages) -> int:
    """Skip ``、某村、某村`` that follow a village (one team for several villages)."""
    while end < len(text) and text[end] in "、和及与":
        nxt = next((v for v in villages if v.start == end + 1 or v.path_start == end + 1), None)
        if nxt is None:
            break
        end = nxt.end
    return end


def _list_head(text: str, v, villages) -> int:
    """Where the path of ``v`` starts; for ``…大沙村、西街村`` the first item's path."""
    start = v.path_start if v.path_start >= 0 else v.start
    while start > 0 and text[start - 1] in "、和及与":
        prev = next((u for u in villages if u.end + 1 == start), None)
        if prev is None:
            break
        start = prev.path_start if prev.path_start >= 0 else prev.start
    return start


def _unit_for(text: str, path_start: int, lo: int) -> str:
    """The unit written just before a path: ``市公安局驻|修武县…``."""
    head = text[lo:path_start]
    m = _SEND_RE.search(head)
    if not m:
        return ""
    return unit_before(text, lo + m.start(), lo)


def find_assignments(text: str, sentences, villages, known_names: set[str]) -> list[AssignmentHit]:
    """Assignments in ``text``; ``sentences`` are (start, end) spans and
    ``villages`` the village hits of :mod:`kg.extract.places`."""
    out: list[AssignmentHit] = []
    for v in villages:
        sent = next(((s, e) for s, e in sentences if s <= v.start < e), None)
        if sent is None:
            continue
        lo, hi = sent
        path_start = _list_head(text, v, villages)
        after = _after_list(text, v.end, villages)
        tail = text[after:hi]
        unit = _unit_for(text, path_start, max(lo, path_start - 20))
        m = _TEAM_RE.match(tail)
        if m:
            if not unit:
                unit = _led_by(text[lo:hi])
            if unit:
                label = m.group(0).lstrip("的")
                leader = _leader_after(text, after + m.end(), known_names)
                role = label + text[after + m.end():after + m.end() + 2] if leader else label
                out.append(AssignmentHit(leader or label, v.village, unit, role, not leader, path_start,
                                         after + m.end() + (len(leader) + 2 if leader else 0)))
            continue
        m = re.match(r"(?:任|担任)?" + _SECRETARY_RE.pattern, tail)
        if m:
            p = after + m.end()
            name = name_at(text, p, known_names)
            if not unit:
                unit = _bracket_unit(text, p + len(name), hi) or _sent_by(text, lo, path_start)
            if not name:
                name = _name_before_to(text, lo, path_start)
            gm = re.search(rf"([{CJK}]{{2,16}}?)干部([{CJK}]{{2,3}})挂职$", text[lo:path_start]) if not name else None
            if gm and name_at(text, lo + gm.start(2), known_names) == gm.group(2):
                name = gm.group(2)              # 某市民政局干部某某挂职某村第一书记
                unit = unit or unit_before(gm.group(1), len(gm.group(1)))
            if unit and name:
                out.append(AssignmentHit(name, v.village, unit, "第一书记", False, path_start, p + len(name)))
            continue
    out += _sentence_rules(text, sentences, villages, known_names)
    seen, unique = set(), []
    for a in out:
        key = (a.assignee, a.village, a.unit)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    return unique


_TEAM_ANY = re.compile(r"(?:省派|市派|县派|区派)?(?:驻村)?(?:挂钩|结对)?(?:帮扶|扶贫|脱贫攻坚|精准扶贫|乡村振兴)?"
                       r"(?:驻村)?(?:工作队|工作组)")
_COREF = re.compile(r"这(?:两|三|几)?个村|(?:两|三)个村|该村|此村|这里|两村")


def _sentence_rules(text, sentences, villages, known) -> list[AssignmentHit]:
    """Assignments told across a sentence rather than around one village:
    ``由UNIT牵头的驻村工作队同时帮扶这两个村``, ``在PATH，第一书记NAME（UNIT选派）``,
    ``UNIT干部NAME被选派到PATH任第一书记``."""
    out: list[AssignmentHit] = []
    recent: list = []          # villages of the previous sentences, for 这两个村 / 该村
    helped_by: dict[str, str] = {}     # village -> the unit said to help it (某村是市林业局派驻的帮扶村)
    for lo, hi in sentences:
        sent = text[lo:hi]
        here = [v for v in villages if lo <= v.start < hi]
        hm = _HELPED_BY.search(sent)
        if hm and here:
            unit = unit_before(hm.group(1), len(hm.group(1)))
            if unit:
                for v in here:
                    helped_by.setdefault(v.village, unit)
        for m in _TEAM_ANY.finditer(sent):
            head = re.sub(r"[一两三四五六七八九十\d]+(?:支|个)$", "", sent[:m.start()])   # 一支工作队
            um = re.search(r"由(.{2,16}?)(?:牵头|负责|派出|选派|派驻)(?:组建|选派|派出)?的$", head) or \
                re.search(r"由(.{2,16}?)(?:选派|派出|抽调)的[^，。；]{1,12}?组成的$", head) or \
                re.search(r"由(.{2,16}?)(?:包扶|帮扶|结对帮扶|对口帮扶|定点帮扶)[，,]$", head) or \
                re.search(r"由([^，。；的]{2,16}?(?:局|委|厅|办|部|院|站|所|中心|公司|银行|单位))的$", head) or \
                re.search(r"(.{2,16}?)(?:选派|派驻|派出|组建)(?:到村里|到村|驻村|到该村|该村)?的$", head)
            unit = unit_before(um.group(1), len(um.group(1))) if um else unit_before(head, len(head))
            if not unit and re.search(r"(?:派出|选派|派驻|组建)了?[^，。；]{0,10}?的$", head):
                unit = unit_after(text, lo)       # 市某局在某村既派驻了…，又派出了3人组成的工作队
            if re.search(r"该(?:局|委|厅|单位|部|办)$", unit or (um.group(1) if um else "")) or \
                    re.search(r"该(?:局|委|厅|单位)(?:组建|选派|派出|派驻)的$", head):
                unit = _last_unit(text, lo + m.start())   # 该局组建的工作队: the unit just named
            if not unit and um and re.fullmatch(rf"[{CJK}]{{1,8}}(?:省|市|区|县|州|旗|盟)", um.group(1)):
                unit = um.group(1)      # 由香洲区选派的…: an area sends (east-west cooperation)
            lm = re.search(rf"([^，。；]{{2,24}}?)(?:{ROLE_RE})[{CJK}]{{2,3}}(?:带队|为队长|为组长)的$", head)
            if not unit and lm:
                inner = lm.group(1)[1:] if lm.group(1).startswith("由") else lm.group(1)
                unit = unit_before(inner, len(inner))
            if not unit:
                continue
            targets = _targets(text, lo, hi, here, lo + m.end())
            if not targets and (_COREF.search(sent[m.end():]) or _COREF.search(head[-8:])):
                targets = recent         # …帮扶这两个村 / 派驻该村的工作队
            elif not targets and re.match(r"(?:进驻|入驻|驻村|进村)", sent[m.end():]):
                targets = recent[-1:]   # …工作组驻村后: the village the paragraph is about
            # 以县某局副局长某某为队长的驻村工作队: the team is told by its leader
            leader = re.search(rf"以([{CJK}]{{2,16}}?)(?:{ROLE_RE})?([{CJK}]{{2,3}})为(?:队长|组长)的$", head)
            assignee = m.group(0)
            after_leader = _leader_after(text, lo + m.end(), known)
            if after_leader:
                assignee = after_leader       # …工作队队长、第一书记某某: the leader is the assignee
            if leader and name_at(text, lo + leader.start(2), known) == leader.group(2):
                assignee = leader.group(2)
                unit = unit_before(leader.group(1), len(leader.group(1))) or unit
            for v in targets:
                out.append(AssignmentHit(assignee, v.village, unit, m.group(0),
                                         assignee != leader_name(leader) and not after_leader,
                                         lo + m.start(), hi))
        for m in re.finditer(r"(?:驻村)?第一书记", sent):
            hit = _secretary(text, lo, hi, m, here, recent, known, helped_by)
            if hit is not None:
                out.append(hit)
        if here:
            recent = here
    return out


_SEND_ANY = re.compile(r"(?:选派|派驻|下派|派出|派来|委派|派到|派)")
_TO_VILLAGE = re.compile(r"到村|驻村|进村|村里|该村|这个村|全村")


# 某村是市林业局派驻的帮扶村 / 某村由市水务局包扶: the unit that helps a village
_HELPED_BY = re.compile(r"(?:是|由)([^，。；]{2,16}?)的?(?:派驻|包扶|帮扶|联系|定点帮扶|结对帮扶|对口帮扶)"
                        r"(?:的?(?:帮扶|联系|包扶|定点帮扶|扶贫)?(?:村|点)|[，,。])")


def _secretary(text, lo, hi, m, here, recent, known, helped_by=None) -> AssignmentHit | None:
    """A first secretary told in one sentence, in any of the usual orders:
    ``第一书记NAME（UNIT选派）``, ``UNIT选派的第一书记NAME``, ``NAME是UNIT选派到某村的第一书记``,
    ``UNIT派到某村担任第一书记的NAME``, ``从UNIT派来的第一书记NAME到村后…``,
    ``某村的第一书记、驻村工作队长NAME是UNIT派驻的干部``."""
    sent, p = text[lo:hi], lo + m.end()
    # the name: after the title (past 、…队长), after 的, or the sentence's subject before it
    chain = re.match(r"(?:、[^，。；、]{0,12}?(?:队长|组长|主任))*", text[p:hi])
    q = p + chain.end()
    name = name_at(text, q, known)
    if not name and text.startswith("的", p):
        name = name_at(text, p + 1, known)
    unit = ""
    if not name:
        name, unit = _described_after(text, p, hi, known)
    if not name:
        sm = re.search(rf"(?:^|[，。；：】])\s*([{CJK}]{{2,3}})(?:同志)?(?:是|为|系)", sent[:m.start()])
        if sm and name_at(text, lo + sm.start(1), known) == sm.group(1):
            name = sm.group(1)
    if not name:
        um = re.search(rf"(?:选派|派驻|下派|派出|委派)的?(?:年轻|优秀)?(?:干部|党员)?([{CJK}]{{2,3}}?)(?:同志)?"
                       rf"(?:\d{{4}}\s*年)?(?:\d{{1,2}}\s*月)?(?:\d{{1,2}}\s*日)?被?(?:作为|担任|任|到|至|为)",
                       sent[:m.start()])
        if um and name_at(text, lo + um.start(1), known) == um.group(1):
            name = um.group(1)
    if not name:
        # UNIT干部NAME（2015年8月）被选派到…: the unit stands before 干部
        um = re.search(rf"(?:干部|职工|党员)([{CJK}]{{2,3}}?)(?:同志)?(?:\d{{4}}\s*年)?(?:\d{{1,2}}\s*月)?"
                       rf"(?:\d{{1,2}}\s*日)?被(?:选派|派驻|下派|派)", sent[:m.start()])
        if um and name_at(text, lo + um.start(1), known) == um.group(1):
            name, unit = um.group(1), unit_before(text, lo + um.start(), lo)
    if not name:
        return None
    # the unit: in brackets after the name, else before the sending verb nearest the title
    if not unit:
        unit = _bracket_unit(text, q + len(name), hi) if text.startswith(name, q) else ""
    if not unit and text.startswith(name, q):
        # 第一书记某某是省派驻某县第一书记工作组的成员，来自省某厅: the unit they come from
        fm = re.search(r"来自([^，。；]{2,20})", text[q + len(name):hi])
        if fm:
            unit = unit_after(text, q + len(name) + fm.start(1))
    if not unit:
        # 来自县审计局的某村第一书记某某
        fm = re.search(r"来自([^，。；]{2,20}?)的[^，。；]{0,12}$", sent[:m.start()])
        if fm:
            unit = unit_before(fm.group(1), len(fm.group(1)))
    if not unit:
        # 第一书记某某来自县审计局 / 某某系市某局干部
        fm = re.search(r"(?:来自|系|是)", text[q + len(name):hi]) if text.startswith(name, q) else None
        if fm and fm.start() <= 2:
            unit = unit_after(text, q + len(name) + fm.end())
    if not unit:
        best = None
        for vm in _SEND_ANY.finditer(sent):
            cand = unit_before(text, lo + vm.start(), lo)
            if not cand and vm.group(0) == "委派":
                cand = unit_before(text, lo + vm.start() + 1, lo)   # 市发改委|派驻: 委 ends the unit
            if cand:
                dist = abs(vm.start() - m.start())
                if best is None or dist < best[0]:
                    best = (dist, cand)
        unit = best[1] if best else ""
    before = [v for v in here if v.start < lo + m.start()]
    after = [v for v in here if v.start >= lo + m.start()]
    if before or after:
        v = (before or after)[-1 if before else 0]
    elif recent and _TO_VILLAGE.search(sent):
        v = recent[-1]
    else:
        return None
    if not unit or unit.startswith("该"):
        # the unit said, a sentence before, to help this village (该局选派…: the same)
        unit = (helped_by or {}).get(v.village, "") or (_last_unit(text, lo + m.start()) if unit else "")
    if not unit and _SEND_ANY.search(sent):
        unit = unit_after(text, lo)       # 市某局在某村既派驻了第一书记某某…: the sentence's subject
    if not unit:
        return None
    return AssignmentHit(name, v.village, unit, m.group(0), False, lo + m.start(), hi)


def _last_unit(text: str, pos: int, window: int = 160) -> str:
    """The unit named last before ``pos`` (for 该局, 该委)."""
    lo = max(0, pos - window)
    for m in reversed(list(re.finditer(r"(?:局|委|厅|办|(?<![干全])部)", text[lo:pos]))):
        unit = unit_before(text, lo + m.end(), lo)
        if unit and "该" not in unit:
            return unit
    return ""


def _leader_after(text: str, pos: int, known) -> str:
    """``…工作队队长NAME`` / ``…工作队队长、第一书记NAME``: the team is told by
    its leader, who is the assignee."""
    m = re.match(r"(?:队长|组长)(?:、(?:驻村)?第一书记)?", text[pos:pos + 12])
    return name_at(text, pos + m.end(), known) if m else ""


def _described_after(text: str, p: int, hi: int, known) -> tuple[str, str]:
    """``第一书记是水利部机关干部NAME`` / ``…第一书记的是省林业局新选派的NAME``:
    the person named at the end of the clause after 是, the unit before them."""
    m = re.match(r"的?[，,]?(?:是|为|系)([^，。；！？]{3,30})", text[p:hi])
    if not m:
        return "", ""
    a, b = p + m.start(1), p + m.end(1)
    name = next((text[b - k:b] for k in (3, 2, 4) if name_at(text, b - k, known) == text[b - k:b]), "")
    if not name:
        return "", ""
    head = text[a:b - len(name)]
    head = re.sub(r"(?:新|刚|重新)?(?:选派|派驻|下派|派来|派出|委派|挂职)?的?(?:机关|挂职)?(?:干部|职工|党员)?$", "", head)
    return name, unit_before(head, len(head)) if head else ""


def leader_name(match) -> str:
    return match.group(2) if match else ""


def _targets(text, lo, hi, here, pos, before=False):
    """The villages a team or secretary of this sentence goes to: the one the
    sentence opens with (在某镇某村，…), else those after (or before) ``pos``."""
    opening = [v for v in here if re.match(r"在", text[lo:v.start]) and
               not re.search("[，,。；]", text[lo:v.start])]
    if opening and re.match(r"[，,]", text[opening[-1].end:opening[-1].end + 1]):
        return opening[-1:]
    if before:
        prior = [v for v in here if v.start < pos]
        return prior[-1:] if prior else here[:1]
    return [v for v in here if v.start > pos] or here


def _bracket_unit(text: str, pos: int, hi: int) -> str:
    """``NAME（市交通运输局选派）`` → 市交通运输局."""
    m = re.match(r"[（(]([^（）()]{2,20}?)(?:选派|派驻|下派|派)?[）)]", text[pos:hi])
    if m:
        inner = m.group(1)
        return unit_before(inner, len(inner)) or ""
    return ""


def _sent_by(text: str, lo: int, pos: int) -> str:
    """``UNIT选派的NAME到…`` / ``UNIT选派NAME到…`` before the village path."""
    head = text[lo:pos]
    m = None
    for m in re.finditer(r"(?:选派|派驻|下派|委派)(?:的)?", head):
        pass
    if m is None:
        return ""
    return unit_before(text, lo + m.start(), lo)


def _name_before_to(text: str, lo: int, pos: int) -> str:
    """``…选派张某到某村任第一书记``: the name before 到/赴."""
    head = text[lo:pos]
    m = re.search(rf"(?:选派|派驻|下派|委派)(?:的)?(?:优秀)?(?:年轻)?(?:干部|党员|同志)?([{CJK}]{{2,4}}?)(?:同志)?"
                  rf"(?:到|赴|至|前往)$", head)
    return m.group(1) if m else ""


def _led_by(sentence: str) -> str:
    m = re.search(r"由(.{2,16}?)(?:牵头|派出|选派|负责)", sentence)
    if m:
        inner = m.group(1)
        return unit_before(inner, len(inner)) or ""
    return ""
