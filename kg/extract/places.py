"""Places: administrative areas named in the text, the article's home area,
and villages with their township and county.

Villages are found three ways, most certain first:

1. after a path ``[county][township]`` (修武县西村乡某某村, 某镇某村), including
   lists that share one 村 (赵庄等村, 何畈、石堰、杨岗5个村);
2. bare (某某村) when the gazetteer knows a village of that name in the
   article's home prefecture;
3. again by name, once found, anywhere else in the article.

Township and county missing from the text come from the gazetteer,
restricted to the article's home prefecture so that same-named places
elsewhere do not win.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import CJK, is_cjk

__all__ = ["AreaMention", "Places", "find_places"]

_TOWNSHIP_RE = re.compile(rf"[{CJK}]{{1,5}}?(?:街道|乡|镇)")
# words ending in 村 that are not village names
GENERIC_VILLAGES = {"贫困村", "联系村", "行政村", "自然村", "重点村", "示范村", "该村", "本村", "全村", "各村",
                    "每村", "此村", "新农村", "乡村", "农村", "包村", "驻村", "进村", "到村", "村村",
                    "非贫困村", "出列村", "试点村", "帮扶村", "所在村", "邻村", "我村", "两村", "三村",
                    "一村", "深度贫困村", "定点村", "扶贫村", "贫困村村"}
# 村 that starts a following word rather than ending the village name
_CUN_WORDS = ("村民", "村委", "村级", "村干部", "村党", "村集体", "村里", "村内", "村两委", "村组",
              "村庄", "村容", "村支书", "村主任", "村医", "村小", "村部", "村道", "村口", "村头",
              "村室", "村办", "村企", "村村")
_LIST_END_RE = re.compile(r"^(?:等|和|及)?(?:\d+|[一二两三四五六七八九十]+)?个?(?:行政|自然|贫困)?村")


@dataclass(frozen=True)
class AreaMention:
    start: int
    end: int
    name: str
    level: str          # P C X T V
    index: int = -1     # gazetteer index (-1: not in the gazetteer)


@dataclass
class VillageHit:
    start: int
    end: int
    village: str
    township: str = ""
    county: str = ""
    path_start: int = -1
    source: str = "text"


@dataclass
class Places:
    """What :func:`find_places` found in one text."""
    areas: list[AreaMention] = field(default_factory=list)
    villages: list[VillageHit] = field(default_factory=list)
    home_city: int = -1                    # gazetteer index of the home prefecture
    home_counties: dict[str, int] = field(default_factory=dict)   # name -> index

    def area_names(self) -> set[str]:
        return {a.name for a in self.areas} | {v.village for v in self.villages}


def _scan_names(text: str, names: dict[str, list[int]], lengths: range) -> list[tuple[int, int, str]]:
    """Greedy longest-first scan of ``text`` for keys of ``names``."""
    out, i = [], 0
    while i < len(text):
        for n in lengths:
            s = text[i:i + n]
            if len(s) == n and s in names:
                out.append((i, i + n, s))
                i += n
                break
        else:
            i += 1
    return out


def _upper_names(gaz: Gazetteer) -> dict[str, list[int]]:
    """Names of provinces, prefectures and counties: the gazetteer's names
    (townships are reached through their county)."""
    return gaz.by_name


def _city_aliases(gaz: Gazetteer) -> list[tuple[int, tuple[str, ...]]]:
    """(index, aliases) of the prefectures that have aliases, in gazetteer order (cached on ``gaz``)."""
    aliases = gaz.__dict__.get("_city_aliases")
    if aliases is None:
        # the upper levels only: enumerating gaz.areas would read every township
        aliases = [(i, tuple(a.alias.split("/"))) for i, a in gaz.areas.upper_areas()
                   if a.level == "C" and a.alias]
        gaz.__dict__["_city_aliases"] = aliases
    return aliases


def _home_city(gaz: Gazetteer, hits, publisher: str) -> int:
    votes: Counter[int] = Counter()
    for _, _, name in hits:
        idx = [i for i in gaz.find(name) if gaz.areas[i].level in "CX"]
        for i in idx:
            city = gaz.ancestor(i, "C")
            votes[city] += (2.0 if gaz.areas[i].level == "C" else 1.0) / len(idx)
    if publisher:
        for i, alias in _city_aliases(gaz):
            if publisher.startswith(alias):
                votes[i] += 3
    if not votes:
        return -1
    best, n = votes.most_common(1)[0]
    return best if n > 0 else -1


def find_places(text: str, publisher: str = "", gaz: Gazetteer | None = None) -> Places:
    """Areas and villages named in ``text``.

    >>> p = find_places("焦作市修武县西村乡石门坡村村民在帮扶工作队的帮助下发展乡村旅游。")
    >>> [(v.village, v.township, v.county) for v in p.villages]
    [('石门坡村', '西村乡', '修武县')]
    """
    gaz = gaz or load_gazetteer()
    hits = _scan_names(text, _upper_names(gaz), range(9, 1, -1))
    hits = sorted(hits + _short_county_heads(text, gaz, hits))
    places = Places()
    places.home_city = _home_city(gaz, hits, publisher)
    if places.home_city >= 0:
        for c in gaz.descendants(places.home_city, "X"):
            places.home_counties[gaz.areas[c].name] = c
    for s, e, name in hits:
        idx = _pick(gaz, gaz.find(name), places)
        level = gaz.areas[idx].level if idx >= 0 else "X"
        places.areas.append(AreaMention(s, e, name, level, idx))
    _villages_after_paths(text, gaz, places)
    _bare_villages(text, gaz, places)
    _bare_lists(text, gaz, places)
    _stationed_villages(text, gaz, places)
    return places


_PROVINCE_SHORT = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
                   "广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆")
# 岳西：… (a headline's dateline), 岳西网讯 / 岳西讯 (a byline): a county by its short name
_SHORT_HEAD_RE = re.compile(rf"(?m)^(?:{_PROVINCE_SHORT})?([{CJK}]{{2,3}}?)(?:[：:]|网讯|讯[（(])")


def _short_county_heads(text: str, gaz: Gazetteer, hits) -> list[tuple[int, int, str]]:
    """Counties named by their short name where a line opens (``岳西：…``,
    ``江西永新：…``, ``岳西网讯``), as (start, end, full name); only a short
    name that stands for exactly one county, and not one written in full.

    >>> _short_county_heads("岳西：茶园扩面\\n正文。", load_gazetteer(), [])
    [(0, 2, '岳西县')]
    """
    written = {name for _, _, name in hits}
    out = []
    for m in _SHORT_HEAD_RE.finditer(text):
        short = m.group(1)
        if any(short + suffix in written for suffix in ("县", "市", "区", "旗")):
            continue
        found = [(i, short + suffix) for suffix in ("县", "市", "区", "旗") for i in gaz.find(short + suffix, "X")]
        if len(found) == 1:
            out.append((m.start(1), m.end(1), found[0][1]))
    return out


def _pick(gaz: Gazetteer, candidates: list[int], places: Places) -> int:
    """Of several same-named divisions, the one in the home prefecture."""
    candidates = [i for i in candidates if gaz.areas[i].level in "PCX"] or candidates
    for i in candidates:
        if places.home_city >= 0 and gaz.ancestor(i, "C") == places.home_city:
            return i
    return candidates[0] if candidates else -1


def _townships_of(gaz: Gazetteer, county_idx: int) -> list[str]:
    return sorted((gaz.areas[t].name for t in gaz.descendants(county_idx, "T")), key=len, reverse=True)


def _context_counties(places: Places) -> dict[str, int]:
    """The counties a village may lie in without the text saying which: those
    of the home prefecture, and any county the article names (a national or
    provincial page tells of counties of several prefectures)."""
    out = dict(places.home_counties)
    for a in places.areas:
        if a.level == "X" and a.index >= 0:
            out.setdefault(a.name, a.index)
    return out


def _home_townships(gaz: Gazetteer, places: Places) -> dict[str, str]:
    """Township name -> county name, over the context counties."""
    out: dict[str, str] = {}
    for county, idx in _context_counties(places).items():
        for t in gaz.descendants(idx, "T"):
            out.setdefault(gaz.areas[t].name, county)
    return out


def _village_at(text: str, pos: int) -> tuple[str, int, bool] | None:
    """A village name starting at ``pos``: (name, end, written_with_村)."""
    # 村, or 嘎查 (a village of Inner Mongolia)
    # (a village of a minority people may be longer: 某某锡伯族满族村)
    m = re.match(rf"[{CJK}]{{1,5}}?村|[{CJK}]{{2,8}}?族村|[{CJK}]{{2,6}}?嘎查", text[pos:pos + 10])
    body = m.group(0)[:-2] if m and m.group(0).endswith("嘎查") else m.group(0)[:-1] if m else ""
    if m and "村" not in body or (m and m.group(0).startswith(("西村", "东村", "南村", "北村"))):
        name = m.group(0)
        if not re.search("[等和及与的个各不少多很些里]|乡村|调研|检查|走访|督导|考察|贫困", name) and name not in GENERIC_VILLAGES and not name.endswith(("贫困村", "联系村")):
            return name, pos + len(name), True
    m = re.match(rf"[{CJK}]{{1,4}}?(?=[、和及与]|等村|等\d|等[一二三四五六七八九十])", text[pos:pos + 8])
    if m:
        # a bare name counts only in a list that ends in 村 (…等村, …5个村)
        rest = text[m.end() + pos:m.end() + pos + 40]
        clause = re.split(r"[，。；：]", rest)[0]
        if re.search(r"(?:等|\d+个|[一二两三四五六七八九十]+个)(?:行政|贫困)?村", clause) or clause.startswith("等村"):
            return m.group(0), pos + len(m.group(0)), False
    return None


@functools.lru_cache(maxsize=16)
def _alternation(names: tuple[str, ...]) -> re.Pattern:
    """``a|b|c`` of the names, compiled once per list (a prefecture's
    townships: compiling it is most of the cost of matching it)."""
    return re.compile("|".join(map(re.escape, names)) or "(?!)")


def _villages_after_paths(text: str, gaz: Gazetteer, places: Places) -> None:
    home_towns = _home_townships(gaz, places)
    town_names = sorted(home_towns, key=len, reverse=True)
    starts = [(a.end, a) for a in places.areas if a.level == "X"]
    # townships of the home prefecture written without their county
    for m in _alternation(tuple(town_names)).finditer(text):
        if not any(s == m.start() for s, _ in starts):
            starts.append((m.start(), None))
    for pos, county in sorted(starts, key=lambda x: x[0]):
        if county is not None:
            path_start = county.start
            towns = _townships_of(gaz, county.index) if county.index >= 0 else []
            tm = next((t for t in towns if text.startswith(t, pos)), None)
            if tm is None:
                g = _TOWNSHIP_RE.match(text, pos)
                tm = g.group(0) if g and "村" not in g.group(0)[:-1] else None
            if tm is None:
                continue
            county_name = county.name
        else:
            path_start = pos
            tm = next(t for t in town_names if text.startswith(t, pos))
            county_name = home_towns[tm]
        vpos = pos + len(tm)
        places.areas.append(AreaMention(pos, vpos, tm, "T"))
        _take_village_list(text, vpos, tm, county_name, path_start, places)


def _take_village_list(text, vpos, township, county, path_start, places):
    if text.startswith("的", vpos):
        vpos += 1          # 某镇的甲、乙、丙等村
    first = _village_at(text, vpos)
    if first is None:
        return
    name, end, with_cun = first
    places.villages.append(VillageHit(vpos, end, name, township, county, path_start))
    # 大沙村、西街村: further villages of the same township
    while with_cun and end + 1 < len(text) and text[end] in "、和及与":
        m = re.match(rf"[{CJK}]{{1,4}}?村(?!民|委|级|干部|集体)", text[end + 1:end + 7])
        if not m or re.search("[等和及与的个各乡镇县市区]", m.group(0)[:-1]) or m.group(0) in GENERIC_VILLAGES:
            break
        s = end + 1
        end = s + len(m.group(0))
        places.villages.append(VillageHit(s, end, m.group(0), township, county, path_start))
    # 何畈、石堰、杨岗5个村: the items after the first share its township
    while not with_cun and end < len(text) and text[end] in "、和及与":
        m = re.match(rf"[{CJK}]{{1,4}}?(?=[、和及与]|等|\d|[一二两三四五六七八九十]+个|村)", text[end + 1:end + 6])
        if not m or re.match(r"[省市县区]", m.group(0)[-1:]):
            break
        s = end + 1
        end = s + len(m.group(0))
        places.villages.append(VillageHit(s, end, m.group(0), township, county, path_start))
        if _LIST_END_RE.match(text[end:]):
            break


# characters that may stand right before a place name: prepositions, verbs of
# going, conjunctions, particles
_BEFORE_PLACE = set("在到赴驻对和与及、的了是从向把给为将由往去来至经走进入住留回全该本各同省市县区旗州盟乡镇村职访达抵")


def _bare_villages(text: str, gaz: Gazetteer, places: Places) -> None:
    """Villages written without their path: known by name from this text or
    from the gazetteer of the home prefecture."""
    counties = _context_counties(places)
    codes = frozenset(gaz.areas[i].code for i in counties.values())
    known = gaz.villages(codes) if codes else {}
    code_to_county = {gaz.areas[i].code: n for n, i in counties.items()}
    mentioned = Counter(a.name for a in places.areas if a.level == "X")
    found = {v.village for v in places.villages}
    taken = [(v.start, v.end) for v in places.villages]
    for m in re.finditer("村|嘎查", text):
        end = m.end()
        if any(s <= m.start() < e for s, e in taken) or text[end:end + 1] in ("镇", "乡"):
            continue   # inside a path already read, or a township named …村镇
        best = _after_unknown_township(text, m.start(), places)
        if best is not None:
            hit = best[1]
            if not hit.county and hit.village in known:
                hit.county = code_to_county.get(known[hit.village][0][1], "")
        lengths = range(5, 2, -1) if m.group(0) == "村" else range(8, 3, -1)
        for n in lengths if best is None else ():   # 2-4 characters before 村 (2-6 before 嘎查)
            s = end - n
            cand = text[s:end] if s >= 0 else ""
            if len(cand) < n or not re.fullmatch(rf"[{CJK}]+", cand) or cand in GENERIC_VILLAGES:
                continue
            if cand in found:
                best = (s, cand)
                break
            # a gazetteer name at the end of a longer word is not a mention
            # (沂蒙山村: a mountain village of 沂蒙, not 蒙山村)
            if cand in known and not (s > 0 and is_cjk(text[s - 1]) and text[s - 1] not in _BEFORE_PLACE):
                best = (s, cand)
                break
        if best is None:
            continue
        s, cand = best
        if isinstance(cand, VillageHit):
            places.villages.append(cand)
            found.add(cand.village)
            continue
        prior = next((v for v in places.villages if v.village == cand), None)
        if prior:
            places.villages.append(VillageHit(s, end, cand, prior.township, prior.county, -1, prior.source))
            continue
        options = known[cand]
        township, code = max(options, key=lambda o: mentioned.get(code_to_county.get(o[1], ""), 0))
        places.villages.append(VillageHit(s, end, cand, township, code_to_county.get(code, ""), -1, "gazetteer"))
        found.add(cand)


_TOWN_BEFORE = re.compile(rf"(?:^|[^{CJK}]|[到在赴驻对和与及、的])([{CJK}]{{2,4}}?(?:乡|镇|街道))([{CJK}]{{1,4}})$")


def _after_unknown_township(text: str, cun: int, places: Places):
    """``…到荆宫乡马庄村``: a township the gazetteer does not know (renamed,
    merged) followed by a village; the county is the article's only one."""
    m = _TOWN_BEFORE.search(text[max(0, cun - 10):cun])
    if not m or re.search("[等和及与的个各县市区村在已把将被让是有为了不少多很些里]", m.group(2)) or \
            m.group(2) + "村" in GENERIC_VILLAGES or re.search("[全各该本每我对]|贫困", m.group(1) + m.group(2)) \
            or re.match("[乡镇]", m.group(1)):
        return None
    counties = Counter(a.name for a in places.areas if a.level == "X")
    county = counties.most_common(1)[0][0] if len(counties) == 1 else ""
    start = cun - len(m.group(2))
    return start, VillageHit(start, cun + 1, m.group(2) + "村", m.group(1), county, start - len(m.group(1)))


_BARE_LIST_RE = re.compile(rf"((?:[{CJK}]{{2,6}}、)+[{CJK}]{{2,4}})(?:等|(?:\d+|[一二两三四五六七八九十]+)个)(?:行政|贫困|脱贫)?村")
_LIST_LEAD = re.compile(r"^(?:来自|支持|带动|帮助|包括|涉及|覆盖|辐射|惠及|组织|动员|推动|引导|在|到|对|为|和|与|从|把|将|让|使|"
                        r"走进|深入|前往|来到|走访)+")
_NOT_ITEM = re.compile(r"贫困|重点|示范|各|全|该|本|乡镇|[县市区省州]$|[的了着过在和与及]")


def _bare_lists(text: str, gaz: Gazetteer, places: Places) -> None:
    """甲、乙、丙等村 / 甲、乙2个村 with no path in front: villages named by a
    list that shares one 村; their township comes from the gazetteer, else
    from the township the sentence names before them."""
    counties = _context_counties(places)
    codes = frozenset(gaz.areas[i].code for i in counties.values())
    known = gaz.villages(codes) if codes else {}
    code_to_county = {gaz.areas[i].code: n for n, i in counties.items()}
    home_towns = _home_townships(gaz, places)
    taken = [(v.start, v.end) for v in places.villages]
    for m in _BARE_LIST_RE.finditer(text):
        items = m.group(1).split("、")
        start = m.start(1)
        first = items[0]
        # the first item may carry the words before it: 来自上游 → 上游
        trimmed = next((first[k:] for k in range(len(first) - 1) if first[k:] + "村" in known), None)
        if trimmed is None:
            trimmed = _LIST_LEAD.sub("", first)
        start += len(first) - len(trimmed)
        items[0] = trimmed
        if any(len(i) < 2 or len(i) > 4 or _NOT_ITEM.search(i) and i + "村" not in known for i in items):
            continue
        pos = start
        sentence_start = max(text.rfind(c, 0, start) for c in "。！？\n") + 1
        town = _township_before(text, sentence_start, start, places)
        if not town:
            # the township most items of the list share in the gazetteer
            shared = Counter(o[0] for i in items for o in set(known.get(i + "村", ())))
            town = shared.most_common(1)[0][0] if shared and shared.most_common(1)[0][1] > 1 else ""
            if not town:
                prior = [v for v in places.villages if v.village in {i + "村" for i in items} | set(items)]
                town = prior[0].township if prior else ""
        for item in items:
            end = pos + len(item)
            if not any(a <= pos < b for a, b in taken):
                township, county, source = town, home_towns.get(town, ""), "text"
                if item + "村" in known:
                    options = known[item + "村"]
                    pick = next((o for o in options if o[0] == town), options[0])
                    township, county = pick[0], code_to_county.get(pick[1], "")
                    source = "text" if pick[0] == town else "gazetteer"
                if not county:
                    counties = {a.name for a in places.areas if a.level == "X"}
                    county = next(iter(counties)) if len(counties) == 1 else ""
                places.villages.append(VillageHit(pos, end, item, township, county, -1, source))
            pos = end + 1


def _township_before(text: str, lo: int, hi: int, places: Places) -> str:
    """The last township named in ``text[lo:hi]`` (在许家坝镇，…)."""
    towns = [a for a in places.areas if a.level == "T" and lo <= a.start < hi]
    if towns:
        return towns[-1].name
    found = re.findall(rf"([{CJK}]{{2,6}}?(?:镇|乡|街道))(?=[，,]|党委|政府|举办|召开)", text[lo:hi])
    found = [re.sub(r"^(?:在|到|于|由|从)", "", f) for f in found]
    return found[-1] if found else ""


_STATIONED_RE = re.compile(rf"(?:驻|派驻|进驻|入驻)((?:[{CJK}]{{1,4}}?村、)*[{CJK}]{{1,4}}?村)(?=的?(?:驻村)?(?:帮扶|扶贫|"
                           rf"乡村振兴|脱贫攻坚)?(?:工作队|工作组))")


def _stationed_villages(text: str, gaz: Gazetteer, places: Places) -> None:
    """UNIT驻甲村、乙村的工作队: the villages a team is stationed in, even when
    the gazetteer does not know them; the township is the one the sentence
    names before (在某镇，…)."""
    taken = [(v.start, v.end) for v in places.villages]
    home_towns = _home_townships(gaz, places)
    for m in _STATIONED_RE.finditer(text):
        pos = m.start(1)
        sentence_start = max(text.rfind(c, 0, pos) for c in "。！？\n") + 1
        town = _township_before(text, sentence_start, pos, places)
        for name in m.group(1).split("、"):
            end = pos + len(name)
            if not any(a <= pos < b for a, b in taken) and name not in GENERIC_VILLAGES and \
                    not re.search("[等和及与的个各不少多很些里该全每]|贫困", name[:-1]):
                counties = {a.name for a in places.areas if a.level == "X"}
                county = home_towns.get(town, "") or (next(iter(counties)) if len(counties) == 1 else "")
                places.villages.append(VillageHit(pos, end, name, town, county, -1, "text"))
            pos = end + 1
