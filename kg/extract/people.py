"""People with public posts: officials, dispatched cadres, reporters, page staff.

Forms handled (each with a name that starts with a known surname):

* title first, titles stacked: 市委副书记、市长某某 → two posts;
* place inside the title: 封丘县委书记某某 → post 县委书记, body 县委, place 封丘县;
* name first: 某某（县委副书记、县长）, 某某、某某同志任副组长;
* press: 本报记者 某某, 通讯员 某某 摄, 编辑：某 某│校对：…

A name's length (2 or 3 characters) is settled where the text shows a clear
boundary (a comma, 同志, the end of a field) and reused elsewhere in the
article; otherwise a third character is taken unless it is a function word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (CJK, LEVEL_CHARS, NAME_STOP, NOT_NAMES, ORG_SUFFIXES, PRESS_RE, ROLE_RE,
                      SURNAMES_1, SURNAMES_2, TIBETAN_NAME_PARTS)

__all__ = ["PersonPost", "find_officials", "split_title", "name_at"]

_BOUNDARY = set("，,。；;：:、（）()“”\"'！？!?│|■•·\n 　") | {""}
# never in a given name: title and unit characters, particles
_HARD_BAD = set("第组副市县区乡镇村委局部办会省州书记主任的了在和与及是被说讲称")
_BAD_GIVEN = NAME_STOP | _HARD_BAD
_PROPER_PLACE_RE = re.compile(rf"^([{CJK}]{{1,6}}?[省市县区州盟旗乡镇])(?=[{LEVEL_CHARS}乡镇])|"
                              rf"^([{CJK}]{{1,5}}?村|[{CJK}]{{2,8}}?族村|[{CJK}]{{2,6}}?嘎查)(?=党|村委|委会|居委)")
_ORG_END = tuple(sorted(ORG_SUFFIXES + ["党委", "党组", "党支部", "党总支", "支部", "工作队", "工作组",
                                        "督导组", "领导小组", "指挥部"], key=len, reverse=True))


@dataclass
class PersonPost:
    name: str
    post: str             # without the proper place name
    organization: str
    full_title: str
    place: str
    start: int            # span of title+name in the text
    end: int


def _surname_len(text: str, pos: int) -> int:
    if text[pos:pos + 2] in SURNAMES_2:
        return 2
    return 1 if text[pos:pos + 1] in SURNAMES_1 else 0


def _valid_name(cand: str, sl: int, bad=_BAD_GIVEN) -> bool:
    """Surname of length ``sl`` + one or two given-name characters, not a common word.

    Where the text shows the name's end (a comma, 同志), ``bad`` is only the
    hard set: 为 and 建 are function words and given-name characters both.
    """
    return bool(re.fullmatch(rf"[{CJK}]+", cand)) and not any(c in bad for c in cand[sl:]) \
        and cand not in NOT_NAMES and cand[:2] not in NOT_NAMES and cand[sl:] not in NOT_NAMES


# after 一, words rather than a name: 一行, 一起, 一道 …
_AFTER_YI = set("行起同道直定些致并度线切年月次步个批样般流级体带户村人家天周")

# Characters Chinese uses to transcribe Mongolian, Uyghur and other names,
# rarely found in a given name of Chinese.
_TRANSCRIPTION = set("尔勒格图其日巴特乌木赫斯琴娜仁拉布苏德扎莫依热克提甫孜汗玛娅迪买艾吾力敦楞嘎吉")

# A transcribed name in two parts joined by a middle dot (热依拉·艾买提).
_DOTTED_RE = re.compile(rf"[{CJK}]{{1,7}}[·•・‧][{CJK}]{{2,7}}")


def _minority_name(text: str, pos: int) -> str:
    """A name without a Chinese surname at ``pos``: two parts joined by a dot,
    or a Tibetan name of two known parts (one part alone before a boundary).

    >>> _minority_name("县长艾尔肯·吐尔洪介绍", 2), _minority_name("格桑顿珠说", 0)
    ('艾尔肯·吐尔洪', '格桑顿珠')
    """
    m = _DOTTED_RE.match(text, pos)
    if m:
        name = m.group(0)
        dot = next(i for i, c in enumerate(name) if c in "·•・‧")
        # the second part ends where a verb or particle begins (买买提介绍)
        cut = next((i for i in range(dot + 3, len(name)) if name[i] in NAME_STOP), len(name))
        return name[:cut]
    # a transcribed four-character name (Mongolian, Uyghur …) whose last three
    # characters are all transcription characters: 某日格勒说
    four = text[pos:pos + 4]
    if len(four) == 4 and all(c in _TRANSCRIPTION for c in four[1:]) and \
            text[pos + 4:pos + 5] in _BOUNDARY | NAME_STOP:
        return four
    if text[pos:pos + 2] in TIBETAN_NAME_PARTS:
        if text[pos + 2:pos + 4] in TIBETAN_NAME_PARTS:
            return text[pos:pos + 4]
        if not _surname_len(text, pos) and text[pos + 2:pos + 3] in _BOUNDARY | NAME_STOP:
            return text[pos:pos + 2]
    return ""


def name_at(text: str, pos: int, known: set[str] = frozenset()) -> str:
    """The person's name starting at ``pos``, or ''.

    >>> name_at("韩远山不设预案", 0), name_at("钱进│版式", 0), name_at("任第一组长", 0)
    ('韩远山', '钱进', '')
    >>> name_at("次仁卓玛告诉记者", 0)
    '次仁卓玛'
    """
    minority = _minority_name(text, pos)
    if minority:
        return minority
    sl = _surname_len(text, pos)
    if not sl:
        return ""
    for n in (sl + 2, sl + 1):
        if text[pos:pos + n] in known:
            return text[pos:pos + n]
    # 一 is a stop word (某某一行) but also a given-name character (某一鸣):
    # taken when the name ends right after it on a boundary
    yi = text[pos:pos + sl + 2]
    if len(yi) == sl + 2 and yi[sl] == "一" and yi[-1] not in _AFTER_YI and \
            re.fullmatch(rf"[{CJK}]", yi[-1]) and yi[-1] not in _BAD_GIVEN and \
            text[pos + sl + 2:pos + sl + 3] in _BOUNDARY | NAME_STOP:
        return yi
    cands = []
    for n in (sl + 1, sl + 2):
        cand = text[pos:pos + n]
        if len(cand) < n or not _valid_name(cand, sl):
            break
        cands.append(cand)
    if not cands:
        return ""
    if len(cands) == 2:
        after3 = text[pos + len(cands[1]):pos + len(cands[1]) + 1]
        after2 = text[pos + len(cands[0]):pos + len(cands[0]) + 1]
        # prefer the reading that ends on a boundary; else the longer name
        if after2 in _BOUNDARY and after3 not in _BOUNDARY and after3 not in NAME_STOP:
            return cands[0]
        return cands[1]
    return cands[0]


def split_title(prefix: str, role: str, places: set[str] = frozenset()) -> tuple[str, str, str]:
    """(post, organization, place) of a title written ``prefix + role``.

    >>> split_title("市委", "书记")
    ('市委书记', '市委', '')
    >>> split_title("封丘县委", "书记", {"封丘县"})
    ('县委书记', '县委', '封丘县')
    >>> split_title("", "市长")
    ('市长', '', '')
    """
    place = ""
    if prefix.startswith("中共"):
        prefix = prefix[2:]
    # 区农业农村局驻村工作队队长: the unit sends, the post is the team's
    if "驻" in prefix[1:]:
        unit, _, team = prefix.partition("驻")
        if unit.endswith(_ORG_END) and team:
            return "驻" + team + role, unit, ""
    by_len = sorted(places, key=len, reverse=True)
    if prefix in places or _PROPER_PLACE_RE.fullmatch(prefix):
        return role, "", prefix          # 山阳县副县长: the place only, no body
    while True:   # a path of places: 某镇某村党支部 → 村党支部
        p = next((p for p in by_len if prefix.startswith(p) and len(prefix) > len(p)), None)
        if p is None:
            m = _PROPER_PLACE_RE.match(prefix)
            p = (m.group(1) or m.group(2)) if m else None
            p = p if p and len(p) >= 3 else None
            if p is None:
                break
        if prefix[len(p)] in "委":
            place, prefix = place + p, prefix[len(p) - 1:]
            break
        place, prefix = place + p, prefix[len(p):]
    if place and prefix and prefix[0] not in LEVEL_CHARS + "乡镇村":
        prefix = place[-1] + prefix          # 封丘县 + 委 → 县委
    return prefix + role, prefix, place


_TASK_BODY = re.compile(r"(?:指挥部|领导小组|小组|专班|工作队|工作组|督查组|督导组)$")


def _prefix_before(text: str, pos: int, lo: int, places: set[str] = frozenset()) -> str:
    """The longest valid unit name that ends at ``pos`` (市委, 市水利局), or ''."""
    run_start = pos
    while run_start > max(lo, pos - 22) and re.match(rf"[{CJK}]", text[run_start - 1]):
        run_start -= 1
    for s in range(run_start, pos):
        cand = text[s:pos]
        if cand.startswith("中共"):
            body = cand[2:]
        else:
            body = cand
        if not body or body[0] not in LEVEL_CHARS + "乡镇村党团" and not cand.startswith("中共") and \
                not any(body.startswith(p) for p in places):
            continue
        inner = re.sub(r"(?<=[\u4e00-\u9fff]{2})[和与](?=[\u4e00-\u9fff]{2})", "", body)   # 水利和湖泊局
        if body.endswith(_ORG_END) and not re.search("[的在到对和与及把将了是]|挂职|任职", inner):
            return cand
    # 督查组组长: a group named at the start of a clause
    cand = text[run_start:pos]
    if cand.endswith(("组", "队", "专班", "指挥部")) and (run_start == 0 or text[run_start - 1] in "，,。；、：\n") \
            and not re.search("[的在到对和与及把将了是]", cand):
        return cand
    return ""


def find_officials(text: str, spans: list[tuple[int, int, str]], places: set[str],
                   publisher: str = "") -> list[PersonPost]:
    """Officials in the sentences ``spans`` ((start, end, block kind)) of ``text``."""
    out: list[PersonPost] = []
    known: set[str] = set()
    # pass 1: names with clear boundaries, to settle lengths elsewhere
    for s, e, kind in spans:
        for m in re.finditer(rf"(?:{ROLE_RE}|{PRESS_RE})[：:]?", text[s:e]):
            p = s + m.end()
            sl = _surname_len(text, p)
            for n in (sl + 2, sl + 1) if sl else ():
                after = text[p + n:p + n + 1]
                cand = text[p:p + n]
                if (after in _BOUNDARY or text.startswith(("同志", "摄"), p + n) or p + n == e) and \
                        _valid_name(cand, sl, _HARD_BAD):
                    known.add(cand)
                    break
    for s, e, kind in spans:
        for m in re.finditer(rf"([{CJK}]{{2,3}})同志", text[s:e]):
            cand = m.group(1)
            if _surname_len(cand, 0) and _valid_name(cand, _surname_len(cand, 0), _HARD_BAD):
                known.add(cand)
    for s, e, kind in spans:
        sent = text[s:e]
        if kind in ("masthead", "byline", "credit") or re.search(PRESS_RE, sent):
            out.extend(_press(text, s, e, kind, publisher, known))
        out.extend(_title_first(text, s, e, places, known))
        out.extend(_name_first(text, s, e, places, known))
    seen, unique = set(), []
    for o in out:
        if (o.name, o.post) not in seen:
            seen.add((o.name, o.post))
            unique.append(o)
    return unique


def _press(text, s, e, kind, publisher, known):
    """Press roles and the names after them; names are separated by spaces
    (kept by the repair) or run together (split on surnames)."""
    out = []
    only_roles = kind in ("masthead", "byline", "credit")
    role_re = rf"({PRESS_RE})[：:]?\s*" if only_roles else rf"(?<![{CJK}])({PRESS_RE})[：:]?\s*"
    for m in re.finditer(role_re, text[s:e]):
        role = m.group(1)
        p = s + m.end()
        stop = p
        while stop < e and re.match(rf"[{CJK} 　、·•・]", text[stop]) and stop - p < 16:
            stop += 1
        chunk = re.split(PRESS_RE, text[p:stop])[0].rstrip(" 　、")
        chunk = re.sub(r"\s*摄$", "", chunk)
        for suffix in ("报道", "采写", "整理", "文", "图"):
            if chunk.endswith(suffix) and len(chunk) > len(suffix) + 1:
                chunk = chunk[:-len(suffix)].rstrip()
        tokens = [t for t in re.split(r"[ 　、]+", chunk) if t]
        if not only_roles:
            # in running text the name must follow the role at once and end on a boundary
            name = tokens[0] if tokens and text[p:p + len(tokens[0])] == tokens[0] else ""
            if not (2 <= len(name) <= 4 and _surname_len(name, 0) and
                    (text[p + len(name):p + len(name) + 1] in _BOUNDARY | {"摄"} or
                     text.startswith(("报道", "通讯员", "记者"), p + len(name)))):
                continue
            tokens = [name]
        names = []
        for t in tokens:
            # a token set off by spaces is one name (a four-character Yi name); run-together ones are split
            dotted = _DOTTED_RE.fullmatch(t) is not None       # 热依拉·艾买提: one name
            names += [t] if len(t) <= 4 or dotted or not only_roles and len(tokens) > 1 else _split_names(t, known)
        # 通讯员 某某 某某日报记者 某某: the paper's name is not a person
        names = [n for n in names if not re.search(r"(?:日报|晚报|报社|融媒体中心|电视台|新闻网)$", n)]
        for name in names:
            if (2 <= len(name) <= 6 or _DOTTED_RE.fullmatch(name)) and (len(tokens) > 1 or len(chunk) > len(name) or _surname_len(name, 0)
                                        or only_roles) and not re.search(PRESS_RE, name):
                # a plain 通讯员 writes for the paper but is not on its staff
                org = "" if role == "通讯员" else publisher
                out.append(PersonPost(name, role, org, role, "", s + m.start(), p + len(chunk)))
        if not only_roles and len(tokens) == 1 and not _surname_len(chunk, 0):
            out = [o for o in out if o.name != chunk]
    return out


def _split_names(chunk: str, known: set[str]) -> list[str]:
    """本报记者张三李四 → 张三, 李四 (names run together once spaces are repaired)."""
    if 2 <= len(chunk) <= 3 or chunk in known:
        return [chunk]
    names, i = [], 0
    while i < len(chunk):
        n = name_at(chunk, i, known)
        if not n:
            break
        if len(chunk) - i in (4, 5) and len(n) == 3 and _surname_len(chunk, i + 2) and \
                (len(chunk) - i == 4 or _surname_len(chunk, i + 3) == 0):
            n = chunk[i:i + 2]
        names.append(n)
        i += len(n)
    return names if i == len(chunk) else names[:1] if names and len(names[0]) >= 2 else []


def _title_first(text, s, e, places, known):
    out = []
    roles = list(re.finditer(ROLE_RE, text[s:e]))
    for k, r in enumerate(roles):
        p = s + r.end()
        opened = text.rfind("《", s, p)
        if opened >= 0 and text.find("》", opened, p) < 0:
            continue          # a title inside a document's name: 《某县驻村第一书记管理考核办法》
        name = name_at(text, p, known) or _name_after_title(text, p, e, known, s + r.start(), s)
        if not name or text.startswith(("任", "兼", "和", "与"), p) and name[1:] not in known:
            continue
        p = text.index(name, p)
        if name[0] == "任" and text[p + 1:p + 2] in set("第副组") | {c for c in ROLE_RE if c != "|"}:
            continue
        # the chain of titles ending here: A、B、C + name
        chain = [k]
        j = k
        while j > 0 and text[s + roles[j - 1].end()] == "、" and (
                roles[j - 1].end() + 1 == roles[j].start() - len(_prefix_before(text, s + roles[j].start(), s, places))
                or re.fullmatch(rf"[{CJK}]{{1,10}}(?:{'|'.join(_ORG_END)})",
                                text[s + roles[j - 1].end() + 1:s + roles[j].start()])):
            j -= 1
            chain.insert(0, j)
        for idx in chain:
            rr = roles[idx]
            lo = s + (roles[idx - 1].end() if idx > 0 else 0)
            prefix = _prefix_before(text, s + rr.start(), lo, places)
            start = s + rr.start() - len(prefix)
            if prefix.startswith(("村工作队", "村工作组")) and start > lo and text[start - 1] == "驻":
                prefix = "驻" + prefix        # …派驻某村的驻村工作队队长: the team's post
            if not prefix and idx > 0 and idx != chain[0]:
                between = text[lo + 1:s + rr.start()]
                if between.endswith(_ORG_END) and re.fullmatch(rf"[{CJK}]{{2,10}}", between):
                    prefix = between
            post, org, place = split_title(prefix, rr.group(0), places)
            out.append(PersonPost(name, post, org, prefix + rr.group(0), place,
                                  s + rr.start() - len(prefix), p + len(name)))
    return out


def _name_after_title(text: str, p: int, e: int, known, title_start: int, s: int) -> str:
    """A name set a little apart from its title: ``镇党委书记 张某`` (a caption
    or signature line, the name ending the field), or ``任副县长的水利部干部张某``
    (the title held, then the person described)."""
    if text[p:p + 1] in (" ", "　"):
        name = name_at(text, p + 1, known)
        after = text[p + 1 + len(name):p + 2 + len(name)]
        return name if name and (after in _BOUNDARY or p + 1 + len(name) >= e) else ""
    m = re.match(rf"的([{CJK}]{{2,12}}?(?:干部|同志|职工))?", text[p:e])
    if not m:
        return ""
    # without 干部 the title must be one the person holds: 任…的
    held = re.search(r"(?:任|担任|挂职)[^，。；]{0,16}$", text[s:title_start])
    if not m.group(1) and not held:
        return ""
    name = name_at(text, p + m.end(), known)
    q = p + m.end() + len(name)
    ends = text[q:q + 1] in _BOUNDARY | NAME_STOP or text.startswith(("告诉", "表示", "认为", "指出"), q)
    return name if name and (m.group(1) or ends) else ""


def _name_first(text, s, e, places, known):
    out = []
    sent = text[s:e]
    # 某某（县委副书记、县长）
    for m in re.finditer(r"[（(]([^（）()]{2,40})[）)]", sent):
        inner = m.group(1)
        titles = inner.split("、")
        if not all(re.fullmatch(rf"[{CJK}]*?(?:{ROLE_RE})", t) for t in titles):
            continue
        name = _name_before(text, s + m.start(), s, known)
        if not name:
            continue
        for t in titles:
            r = re.search(rf"(?:{ROLE_RE})$", t)
            post, org, place = split_title(t[:r.start()], r.group(0), places)
            out.append(PersonPost(name, post, org, t, place, s + m.start() - len(name), s + m.end()))
    # 某某某，某县委书记，…: a name, then its title set off by commas
    for m in re.finditer(rf"(?:^|(?<=[。；！？\n]))([{CJK}]{{2,3}})，([{CJK}]{{2,16}}?(?:{ROLE_RE}))(?=[，。])", sent):
        name = m.group(1)
        if name_at(text, s + m.start(1), known) != name:
            continue
        t = m.group(2)
        r = re.search(rf"(?:{ROLE_RE})$", t)
        post, org, place = split_title(t[:r.start()], r.group(0), places)
        out.append(PersonPost(name, post, org, t, place, s + m.start(), s + m.end()))
    # …队长某某是市审计局副局长。: a post told after the name, ending the clause
    for m in re.finditer(rf"([{CJK}]{{2,4}})(?:同志)?(?:是|系|现任|现为)([{CJK}]{{2,16}}?(?:{ROLE_RE}))(?=[，。；])",
                         sent):
        name = m.group(1)
        for k in range(len(name) - 2, -1, -1):      # the name ends at 是: 队长某某是 → 某某
            if name_at(text, s + m.start(1) + k, known) == name[k:]:
                name = name[k:]
                break
        else:
            continue
        start = s + m.start(1) + k
        t = m.group(2)
        r = re.search(rf"(?:{ROLE_RE})$", t)
        prefix = t[:r.start()]
        if not prefix or not prefix.endswith(_ORG_END) and prefix not in places:
            continue           # 是书记: too bare to tell the body
        post, org, place = split_title(prefix, r.group(0), places)
        out.append(PersonPost(name, post, org, t, place, start, s + m.end()))
    # 以县水利局副局长某某为队长的驻村工作队: the leader of a team
    for m in re.finditer(rf"以([{CJK}]{{0,16}}?)([{CJK}]{{2,3}})为({ROLE_RE})的([{CJK}]{{0,8}}?(?:工作队|工作组|专班))", sent):
        name = m.group(2)
        if name_at(text, s + m.start(2), known) != name:
            continue
        out.append(PersonPost(name, m.group(3), m.group(4), m.group(3), "", s + m.start(), s + m.end()))
    # 某某、某某同志任副组长
    for m in re.finditer(rf"同志(?:任|担任|为)((?:[{CJK}]*?(?:{ROLE_RE})、?)+)", sent):
        names, pos = [], s + m.start()
        while True:
            name = _name_before(text, pos, s, known)
            if not name:
                break
            names.insert(0, name)
            pos -= len(name)
            if pos - 1 >= s and text[pos - 1] == "、":
                pos -= 1
            else:
                break
        for t in m.group(1).rstrip("、").split("、"):
            r = re.search(rf"(?:{ROLE_RE})$", t)
            if not r:
                continue
            post, org, place = split_title(t[:r.start()], r.group(0), places)
            if _TASK_BODY.search(org):
                post = r.group(0)    # 同志任县脱贫攻坚指挥部指挥长: appointed in a task body, the post is the role
            for name in names:
                out.append(PersonPost(name, post, org, t, place, s + m.start(), s + m.end()))
    return out


def _name_before(text, pos, lo, known):
    for n in (3, 2, 4):
        st = pos - n
        if st < lo:
            continue
        cand = text[st:pos]
        before = text[st - 1:st] if st > lo else ""
        if cand in known or (before in _BOUNDARY or st == lo or n == 3) and name_at(text, st, known) == cand:
            return cand
    return ""
