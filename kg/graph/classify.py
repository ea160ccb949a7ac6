"""Which kind of node a free string names: area, organisation, team, person, group.

Facts carry some of their participants as plain strings (an event's agents
and places, a fund's provider and recipient, a measure's adopter).  The
emitter first reuses a node of the article with the same label; only for the
rest does it ask :func:`classify`, which goes by general rules of Chinese
naming — the suffix of administrative levels (省, 市, 县, 乡, 村 …) and of
bodies (委, 局, 办, 公司, 合作社 …).  Nothing here knows a particular name.

>>> classify("东湖县")
'County'
>>> classify("县农业局")
'Organization'
>>> classify("贫困村")          # a kind of village, not a village's name
'Group'
>>> [label for label, _ in split_place("东湖县南山镇桃花村")]
['东湖县', '南山镇', '桃花村']
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["classify", "split_place", "area_class", "is_deictic_area", "AREA_CLASSES", "LEVEL_RANK"]

#: The fp: classes of administrative areas, top down.
AREA_CLASSES = ("Province", "Prefecture", "County", "Township", "Village")
#: Rank of each area class; "AdministrativeArea" (level unknown) has none.
LEVEL_RANK = {c: i for i, c in enumerate(AREA_CLASSES)}

# Longest suffix first, so 社区 wins over 区 and 自治区 over 区.  市 is left
# without a level: it is a prefecture (地级市) or a county-level city (县级市).
_AREA_SUFFIXES = sorted([
    ("特别行政区", "Province"), ("自治区", "Province"), ("省", "Province"),
    ("自治州", "Prefecture"), ("地区", "Prefecture"), ("州", "Prefecture"), ("盟", "Prefecture"),
    ("自治县", "County"), ("自治旗", "County"), ("县", "County"), ("旗", "County"), ("区", "County"),
    ("街道", "Township"), ("乡", "Township"), ("镇", "Township"), ("苏木", "Township"),
    ("社区", "Village"), ("嘎查", "Village"), ("村", "Village"),
    ("市", "AdministrativeArea"),
], key=lambda p: -len(p[0]))

# Zones named like districts that are not a level of the division tree.
_ZONE_WORDS = ("开发区", "集聚区", "示范区", "园区", "景区", "保护区", "试验区", "新区")

_ORG_SUFFIXES = sorted([
    "合作社", "公司", "银行", "集团", "中心", "政府", "部门", "委员会", "委", "局", "部", "办",
    "办公室", "厅", "会", "站", "所", "院", "社", "处", "科", "署", "报", "台", "学校", "校",
    "大学", "厂", "联", "馆", "团", "行", "财政", "医院", "场", "店", "基地",
], key=len, reverse=True)
_TEAM_SUFFIXES = ("工作队", "队", "小组", "组")

# A place name does not start like this: these make a kind (贫困村), a
# reference (该村) or a whole (各村).
_GENERIC_PREFIXES = ("贫困", "各", "全", "所有", "重点", "行政", "这", "那", "该", "每", "其他",
                     "部分", "相关", "有关", "周边", "附近", "多个", "一些", "若干")
# …and these make any name a collective (各级部门, 全县各级, 有关单位).
_PLURAL_PREFIXES = ("各", "全", "所有", "每", "其他", "部分", "相关", "有关", "多个", "一些", "若干")
# 我市, 全县, 本镇: the article's own area, whatever it is.
_DEICTIC = re.compile(r"^(?:我|本|全|该)(?:省|市|县|区|乡|镇|村|州)$")
# Lists and counts (135个贫困村、1.8万户) describe a whole, not one named thing.
_LISTY = re.compile(r"[、，,；;/0-9０-９]|等|[一二三四五六七八九十百千万两几多]+(?:个|名|户|人)")
_CJK_ONLY = re.compile(r"^[\u3400-\u9fff]+$")

# The commonest family names (general knowledge, not anybody's name): a
# two- or three-character string starting with one of them, and fitting no
# other rule, is taken for a person.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝")
# …but not when the string is a common word of this genre.
_NOT_NAMES = ("村民", "群众", "干部", "农户", "党员", "同志", "领导", "单位", "市民", "居民", "学生",
              "老人", "儿童", "记者", "员工", "职工", "工人", "农民", "代表")


def is_deictic_area(text: str) -> bool:
    """True for 我市, 全县, 本镇 …: the article's own area, not a proper name.

    >>> is_deictic_area("全县"), is_deictic_area("东湖县")
    (True, False)
    """
    return bool(_DEICTIC.match(text))


def area_class(text: str) -> str | None:
    """The fp: area class a proper place name's suffix gives, or None.

    ``"AdministrativeArea"`` when the level is ambiguous (…市, zones).

    >>> area_class("东湖县"), area_class("南山镇"), area_class("东湖市"), area_class("局")
    ('County', 'Township', 'AdministrativeArea', None)
    """
    if is_deictic_area(text):
        return "AdministrativeArea"
    if not (2 <= len(text) <= 12) or not _CJK_ONLY.match(text):
        return None
    if text.startswith(_GENERIC_PREFIXES) or _LISTY.search(text):
        return None
    if any(text.endswith(z) for z in _ZONE_WORDS):
        return "AdministrativeArea"
    for suffix, cls in _AREA_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return cls
    return None


def classify(text: str) -> str:
    """The fp: class for a participant named only by ``text``.

    One of the area classes, ``"AdministrativeArea"``, ``"Organization"``,
    ``"Team"``, ``"Person"`` or ``"Group"`` (the fallback: 贫困户, 村民,
    帮扶单位 — people described rather than named).

    Examples
    --------
    >>> [classify(s) for s in ("东湖市", "市委", "县扶贫办", "南山种植专业合作社")]
    ['AdministrativeArea', 'Organization', 'Organization', 'Organization']
    >>> [classify(s) for s in ("驻村工作队", "赵六", "村民", "各级部门", "全市", "该县农业局")]
    ['Team', 'Person', 'Group', 'Group', 'AdministrativeArea', 'Organization']
    """
    text = text.strip()
    if not text:
        return "Group"
    area = area_class(text)
    if area:
        return area
    if text.startswith(_PLURAL_PREFIXES) or _LISTY.search(text):
        return "Group"
    for suffix in _TEAM_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return "Team"
    for suffix in _ORG_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return "Organization"
    if (2 <= len(text) <= 3 and _CJK_ONLY.match(text) and text[0] in _SURNAMES
            and text not in _NOT_NAMES and not text.endswith(("民", "众", "部", "员"))):
        return "Person"
    return "Group"


def split_place(text: str) -> list[tuple[str, str]] | None:
    """Split a chain of place names (东湖县南山镇桃花村) into ``(name, class)``.

    Every part must end in a level suffix, have two characters or more, and
    the levels must go strictly down; of the possible splits the one with
    the most parts is taken.  A 市 part is a prefecture when a
    county follows it, a county when a township or village does.  Returns
    None when ``text`` is not such a chain of two parts or more.

    Examples
    --------
    >>> split_place("东湖市西山区")
    [('东湖市', 'Prefecture'), ('西山区', 'County')]
    >>> split_place("南江省东湖市青石市")
    [('南江省', 'Province'), ('东湖市', 'Prefecture'), ('青石市', 'County')]
    >>> split_place("东村乡北岭村")         # 东村 is not cut off as a village
    [('东村乡', 'Township'), ('北岭村', 'Village')]
    >>> split_place("桃花村") is None, split_place("县农业局") is None
    (True, True)
    """
    text = text.strip()
    if len(text) < 4 or not _CJK_ONLY.match(text):
        return None
    best = _split(text, 0, -1)
    if not best or len(best) < 2:
        return None
    parts = []
    for i, (name, cls) in enumerate(best):
        if cls == "AdministrativeArea":   # a 市: its level follows from what is below
            nxt = best[i + 1][1] if i + 1 < len(best) else None
            cls = ("Prefecture" if nxt in ("County", "AdministrativeArea")
                   else "County" if nxt in ("Township", "Village")
                   else "County" if i and parts[-1][1] == "Prefecture"
                   else "Prefecture" if i and parts[-1][1] == "Province"
                   else "AdministrativeArea")
        parts.append((name, cls))
    return parts


@lru_cache(maxsize=4096)
def _split(text: str, pos: int, last_rank: float) -> tuple[tuple[str, str], ...] | None:
    """Split of ``text[pos:]`` into descending levels with the most parts
    (DP; on a tie the longer first part).  Most parts, because a level
    suffix inside a name cannot start a valid part of its own (乡 alone is
    too short, and nothing may follow a village)."""
    if pos == len(text):
        return ()
    best = None
    for end in range(len(text), pos + 1, -1):     # longest part first
        part = text[pos:end]
        cls = area_class(part)
        if cls is None or is_deictic_area(part) or any(part.endswith(z) for z in _ZONE_WORDS):
            continue
        # 市 sits between province and county: rank 1.5 (prefecture or
        # county-level); a second 市 (…市…市) is a county-level city.
        if cls == "AdministrativeArea":
            rank = 1.5 if last_rank < 1.5 else 2
        else:
            rank = LEVEL_RANK[cls]
        if rank <= last_rank:
            continue
        rest = _split(text, end, rank)
        if rest is not None and (best is None or len(rest) + 1 > len(best)):
            best = ((part, cls),) + rest
    return best
