"""The default, rule-based extractor: mentions and facts from one document.

Each rule module works on the repaired text and its sentence spans and
returns hits with spans; this module turns them into the fact dataclasses of
:mod:`kg.model`, resolves them inside the article (one village per name, one
official per name and post) and attaches the evidence spans.
"""
from __future__ import annotations

import re

from kg.model import (Assignment, Document, Event, Evidence, Facts, Fund, Measure, Mention, Official,
                      VillageFact)

from .assignments import find_assignments
from .clauses import antecedent
from .events import find_events
from .funds import find_funds
from .gazetteer import load_gazetteer
from .measures import find_measures
from .people import find_officials
from .places import find_places

__all__ = ["extract_rules"]


def _context_year(doc: Document) -> int | None:
    """A year stated in a headline (2016年脱贫攻坚大事记) frames bare dates."""
    for b in doc.blocks:
        if b.kind == "headline":
            m = re.search(r"(\d{4})\s*年", doc.text[b.start:b.end])
            if m and (doc.date is None or int(m.group(1)) <= doc.date.year):
                return int(m.group(1))
    return None


def _same_village(a: str, b: str) -> bool:
    return a == b or a + "村" == b or a == b + "村"


def extract_rules(doc: Document) -> Facts:
    """Facts of ``doc`` by the project's rules.

    >>> from kg.text import parse_text
    >>> doc = parse_text("某县日报\\n\\n县委书记张建华到李庄村调研。", date="2019-05-06")
    >>> [(o.name, o.post, o.organization) for o in extract_rules(doc).officials]
    [('张建华', '县委书记', '县委')]
    """
    text = doc.text
    spans = [(s.start, s.end, s.kind) for s in doc.sentences]
    facts = Facts()
    gaz = load_gazetteer()
    places = find_places(text, doc.publisher, gaz)

    # officials
    hits = find_officials(text, spans, places.area_names(), doc.publisher)
    names = {h.name for h in hits}
    officials = [Official(h.name, h.post, h.organization, Evidence(h.start, h.end), h.full_title, h.place)
                 for h in hits]

    # villages: one per name (with or without 村), the fullest path wins
    villages: list[VillageFact] = []
    for v in sorted(places.villages, key=lambda v: (v.path_start < 0, v.start)):
        if any(_same_village(x.village, v.village) for x in villages):
            continue
        fact = VillageFact(v.village, v.township, v.county, Evidence(max(v.path_start, 0) if v.path_start >= 0
                                                                     else v.start, v.end),
                           source=v.source)
        county = places.home_counties.get(v.county)
        if county is None and v.county:
            found = gaz.find(v.county, "X")
            county = found[0] if len(found) == 1 else None
        if county is not None:
            line = gaz.lineage(county)
            fact.province, fact.city, fact.code = line[0].name, line[1].name if len(line) > 2 else "", \
                gaz.areas[county].code
        villages.append(fact)
    facts.villages = villages

    # assignments; a first secretary's body is the unit that sent them
    sentences = [(s, e) for s, e, _ in spans]
    for a in find_assignments(text, sentences, places.villages, names):
        village = next((v.village for v in villages if _same_village(v.village, a.village)), a.village)
        facts.assignments.append(Assignment(a.assignee, village, a.unit, Evidence(a.start, a.end), a.role,
                                            a.is_team))
        if not a.is_team:
            match = [o for o in officials if o.name == a.assignee and o.post.endswith(a.role)]
            # the sent person's posts on the ground (第一书记, 驻村工作队长) belong to the sending unit
            for o in officials:
                if o.name == a.assignee and re.search("第一书记|工作队|工作组", o.post) and \
                        (not o.organization or re.search("(?:工作队|工作组)$", o.organization)):
                    o.organization = a.unit
            if match:
                for o in match:
                    o.post = a.role if o.post.endswith(a.role) and not o.post.startswith("驻村") else o.post
            elif not re.search("(?:工作队|工作组|服务队)$", a.role):
                # (a team's leader holds the team's 队长 post, found as a post already)
                officials.append(Official(a.assignee, a.role, a.unit, Evidence(a.start, a.end), a.role))
    facts.officials = officials

    village_hits = sorted(places.villages, key=lambda v: v.start)
    for f in find_funds(text, spans):
        provider = _party(text, f.provider, f.start, names, village_hits)
        recipient = _party(text, f.recipient, f.start, names, village_hits)
        facts.funds.append(Fund(f.amount, f.purpose, provider, recipient, Evidence(f.start, f.end),
                                f.amount_text, f.flow))
    for m in find_measures(text, spans):
        adopter = _named_before(m.adopter, m.start, village_hits, places.areas, 600) or m.adopter
        facts.measures.append(Measure(m.name, adopter, Evidence(m.start, m.end), m.is_document))

    area_names = {a.name for a in places.areas} | {v.village for v in villages}
    for ev in find_events(text, spans, doc.date, _context_year(doc), names, area_names):
        facts.events.append(Event(ev.date, ev.label, ev.agents, ev.places, Evidence(ev.start, ev.end)))

    facts.mentions = _mentions(facts)
    if doc.date is None:
        facts.warnings.append("W101 no publication date found: dates without a year are left out "
                              "(give --date YYYY-MM-DD)")
    return facts


# words that stand for an area of one level named before them
_DEICTIC_LEVEL = {"村里": "V", "该村": "V", "本村": "V", "全村": "V", "这个村": "V", "乡里": "T", "镇里": "T",
                  "该乡": "T", "该镇": "T", "全乡": "T", "全镇": "T", "本乡": "T", "本镇": "T", "县里": "X",
                  "该县": "X", "当地": "X"}
_DEICTIC_VILLAGE = tuple(w for w, level in _DEICTIC_LEVEL.items() if level == "V")


def _named_before(word: str, pos: int, villages, areas, window: int) -> str:
    """The village, township or county that ``word`` (村里/乡里/县里, 该村,
    全镇 …) stands for: the one of its level named last before ``pos``,
    within ``window`` characters; ``""`` when there is none."""
    level = _DEICTIC_LEVEL.get(word)
    if level == "V":
        named = [(v.start, v.village) for v in villages if pos - window <= v.start < pos]
    elif level:
        named = [(a.start, a.name) for a in areas if a.level == level and pos - window <= a.start < pos]
    else:
        return ""
    return max(named)[1] if named else ""


def _party(text: str, party: str, pos: int, names: set[str], villages, window: int = 400) -> str:
    """A fund's provider or recipient: 他/她 → the official named last before
    ``pos``; 村里/该村 … → the village named last before it; else ``party``."""
    if party in ("他", "她"):
        return antecedent(text, pos, names, window) or party
    word = next((w for w in _DEICTIC_VILLAGE if party.startswith(w)), "")
    return _named_before(word, pos, villages, (), window) or party


def _mentions(facts: Facts) -> list[Mention]:
    """Typed spans of the facts' key entities (for inspection and tests)."""
    out = [Mention("PERSON", o.evidence.start, o.evidence.end, o.name) for o in facts.officials]
    out += [Mention("VILLAGE", v.evidence.start, v.evidence.end, v.village) for v in facts.villages]
    out += [Mention("MONEY", f.evidence.start, f.evidence.end, f.amount_text, f.amount_yuan)
            for f in facts.funds]
    out += [Mention("MEASURE", m.evidence.start, m.evidence.end, m.name) for m in facts.measures]
    out += [Mention("DATE", e.evidence.start, e.evidence.end, e.label, e.date.isoformat())
            for e in facts.events]
    return sorted(out, key=lambda m: (m.start, m.end, m.label))
