"""Entity resolution across the articles of a corpus.

Inside one article the emitter already makes one node per person, area and
body (:mod:`kg.graph.emit`).  Across articles, some IRIs are shared by
construction (``docs/ontology.md``): ``id:person/<name>`` and
``id:area/<name>``.  Shared IRIs merge on a *name*, and a name is not enough:
a common name (张三) names many people, and there is a 鼓楼区 in four prefectures.  This
module decides, for every shared IRI used by two articles or more, which
mentions are the same thing, renames the others apart, and records why.

The rules (each a ``skos:Concept`` in ``id:scheme/resolution-rules``, see
:data:`RULES`):

``same-unit``
    Two mentions of one person name are one person when they are linked to a
    body of the same full name (the body of a post they hold, or the unit
    that sent them to a village): 焦作市委组织部 … 焦作市委组织部.  Relative
    names (市委, 县扶贫办) are made full with the article's only prefecture or
    county (焦作市 + 市委 → 焦作市委); an article with several keeps them
    relative, and relative names never match.
``same-place``
    …or to the same place: the place of a post they hold or the village they
    were sent to, with its township, county and prefecture (never a province,
    never an area scoped to one article such as 全县).  Two clusters that
    both have counties, none in common, are never merged, whatever else they
    share.
``name-only``
    Mentions of one name with no unit or place in common stay apart: each
    is its own node, ``id:person/<name>/<where>``.
``same-area``
    An area name (``id:area/<name>``: province, prefecture, county) is one
    node in every article, unless the articles place it in different parents
    or give it different division codes:
``area-split``
    …then each placement is its own node, ``id:area/<name>/<parent>``; a
    mention that names no parent stays on ``id:area/<name>``.

When every mention of a shared IRI resolves to one node, the IRI is kept as
it is, so a corpus of unrelated articles, and any one article alone, are
built exactly as before.  The decisions are written into the named graph
``id:graph/resolution`` as PROV activities, queryable with SPARQL (the rule,
the articles, the shared place or body)::

    SELECT ?node ?label ?rule ?article ?because WHERE {
      GRAPH <https://w3id.org/fupin-kg/id/graph/resolution> {
        ?r a prov:Activity ; prov:generated ?node ; rdfs:label ?label ;
           prov:qualifiedAssociation/prov:hadPlan ?rule ; prov:used ?article .
        OPTIONAL { ?r prov:wasInfluencedBy ?because }
      }
    }

>>> m = {"a": {"persons": {"https://w3id.org/fupin-kg/id/person/wang-wu":
...        {"name": "王五", "places": [], "units": ["焦作市委"]}}, "areas": {}},
...      "b": {"persons": {"https://w3id.org/fupin-kg/id/person/wang-wu":
...        {"name": "王五", "places": [], "units": ["焦作市委"]}}, "areas": {}}}
>>> r = resolve(m)
>>> r.renames, [x.rule for x in r.records]
({}, ['same-unit'])
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["mentions_of", "resolve", "Resolution", "Record", "RULES", "RESOLUTION_GRAPH",
           "RULE_SCHEME"]

ID = "https://w3id.org/fupin-kg/id/"
RESOLUTION_GRAPH = ID + "graph/resolution"
RULE_SCHEME = ID + "scheme/resolution-rules"

#: rule -> (zh label, en label, en definition)
RULES = {
    "same-unit": ("同一单位", "same unit",
                  "Mentions of one person name in different articles are one person when both are "
                  "linked to a body of the same full name (the body of a post held, or the unit "
                  "that sent them)."),
    "same-place": ("同一地点", "same place",
                   "Mentions of one person name in different articles are one person when both are "
                   "linked to the same place below the province (the place of a post held, or the "
                   "village sent to, with its township, county and prefecture), and their "
                   "counties, where both have some, agree."),
    "name-only": ("仅同名", "name only",
                  "Mentions of one person name with no body or place in common are kept apart: "
                  "a name alone never merges two people."),
    "same-area": ("同一行政区", "same area",
                  "An administrative area name is one node in every article, unless the articles "
                  "place it in different parent areas or give different division codes."),
    "area-split": ("同名异地", "same name, different place",
                   "One area name placed in different parent areas (or with different division "
                   "codes) by different articles: one node per placement; a mention with no parent "
                   "keeps the bare name's node."),
}

_LEVEL_RANK = {"Village": 0, "Township": 1, "County": 2, "Prefecture": 3, "AdministrativeArea": 3}
_NAMING_RANK = {"County": 0, "Township": 1, "Village": 2, "Prefecture": 3, "AdministrativeArea": 4}
_RELATIVE = "市县区州旗盟乡镇"


# --- what an article says about its shared nodes (runs in the workers) -------

def mentions_of(graph, article_slug: str) -> dict:
    """The shared person and area nodes of one article's graph, with what
    resolution needs to know about them, as plain JSON-able data::

        {"persons": {iri: {"name": 王五, "places": [[level, iri], …], "units": [full name, …]}},
         "areas":   {iri: {"label": …, "level": …, "parent": label | "", "code": … | ""}}}
    """
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import FOAF, ORG, SDO

    from kg.graph.vocab import FP

    levels = {FP[k]: k for k in ("Province", "Prefecture", "County", "Township", "Village",
                                 "AdministrativeArea")}

    def level(node) -> str:
        found = [levels[t] for t in graph.objects(node, RDF.type) if t in levels]
        specific = [x for x in found if x != "AdministrativeArea"]
        return (specific or found or [""])[0]

    def label(node) -> str:
        value = graph.value(node, RDFS.label)
        return str(value) if value is not None else ""

    scoped = tuple(f"{ID}{kind}/{article_slug}/" for kind in ("area", "township", "village"))

    def shared_area(node) -> bool:
        s = str(node)
        return s.startswith((ID + "area/", ID + "township/", ID + "village/")) and not s.startswith(scoped)

    # the article's own prefecture and county, when it names only one of each
    only: dict[str, str] = {}
    for lvl in ("Prefecture", "County"):
        names = sorted({label(a) for a in graph.subjects(RDF.type, FP[lvl]) if shared_area(a)})
        if len(names) == 1:
            only[lvl] = names[0]

    def full_name(body) -> str:
        name = label(body).strip()
        if len(name) < 2:
            return ""
        if name[0] in _RELATIVE or name.startswith(("本", "我", "全", "该", "各", "省")):
            lvl = "Prefecture" if name[0] in "市州盟" else "County" if name[0] in "县区旗" else ""
            place = only.get(lvl, "")
            if not place:
                return ""
            return place + name[1:] if place.endswith(name[0]) else place + name
        return name

    def chain(area) -> list[list[str]]:
        out, seen = [], set()
        while area is not None and area not in seen and isinstance(area, URIRef):
            seen.add(area)
            lvl = level(area)
            if shared_area(area) and lvl in _LEVEL_RANK:
                out.append([lvl, str(area)])
            area = graph.value(area, SDO.containedInPlace)
        return out

    persons = {}
    for person in sorted(set(graph.subjects(RDF.type, FP.Person))):
        iri = str(person)
        if not iri.startswith(ID + "person/") or iri.count("/") != (ID + "person/x").count("/"):
            continue
        places, units = [], []
        for post in sorted(graph.objects(person, ORG.holds)):
            for area in graph.objects(post, FP.postPlace):
                places += chain(area)
            for body in graph.objects(post, ORG.postIn):
                units.append(full_name(body))
        for assignment in sorted(graph.subjects(FP.assignee, person)):
            for village in graph.objects(assignment, FP.village):
                places += chain(village)
            for body in graph.objects(assignment, FP.dispatchingUnit):
                units.append(full_name(body))
        name = graph.value(person, FOAF.name) or graph.value(person, RDFS.label) or ""
        persons[iri] = {"name": str(name),
                        "places": sorted({tuple(p) for p in places}),
                        "units": sorted({u for u in units if u})}
    areas = {}
    for lvl_name in ("Province", "Prefecture", "County", "AdministrativeArea"):
        for area in sorted(graph.subjects(RDF.type, FP[lvl_name])):
            iri = str(area)
            if not iri.startswith(ID + "area/") or "/" in iri[len(ID + "area/"):] or iri in areas:
                continue
            parent = graph.value(area, SDO.containedInPlace)
            code = graph.value(area, FP.divisionCode)
            areas[iri] = {"label": label(area), "level": level(area),
                          "parent": label(parent) if parent is not None else "",
                          "code": str(code) if code is not None else ""}
    return {"persons": persons, "areas": areas}


# --- deciding (runs once, over every article's mentions) ----------------------

@dataclass
class Record:
    """One resolved node: which rule made it, from which articles, because of what."""
    kind: str                       # person | area
    node: str                       # the IRI in the built graph
    label: str
    rule: str                       # a key of RULES
    articles: list[str]             # article slugs, in corpus order
    because: list[str] = field(default_factory=list)   # IRIs of shared places / areas
    units: list[str] = field(default_factory=list)     # shared body names
    was: str = ""                   # the IRI before renaming ("" if kept)


@dataclass
class Resolution:
    """The decisions for a corpus: per-article renames and their records."""
    renames: dict[str, dict[str, str]]          # article slug -> {old IRI: new IRI}
    records: list[Record]

    def stats(self) -> dict[str, int]:
        """Counts for the build summary."""
        out = {"persons_merged": 0, "persons_kept_apart": 0, "areas_merged": 0, "areas_split": 0}
        for r in self.records:
            if r.kind == "person":
                out["persons_merged" if r.rule != "name-only" else "persons_kept_apart"] += 1
            else:
                out["areas_merged" if r.rule == "same-area" else "areas_split"] += 1
        return out

    def ntriples(self) -> list[str]:
        """The triples of the ``id:graph/resolution`` graph, as sorted N-Triples lines."""
        if not self.records:
            return []
        rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        rdfs = "http://www.w3.org/2000/01/rdf-schema#"
        skos = "http://www.w3.org/2004/02/skos/core#"
        prov = "http://www.w3.org/ns/prov#"
        lines = set()

        def t(s, p, o):
            lines.add(f"<{s}> <{p}> {o} .")

        def iri(x):
            return f"<{x}>"

        def lit(text, lang=None):
            esc = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                   .replace("\r", "\\r"))
            return f'"{esc}"@{lang}' if lang else f'"{esc}"'

        agent = ID + "agent/kg-resolve"
        t(agent, rdf + "type", iri(prov + "SoftwareAgent"))
        t(agent, rdfs + "label", lit("kg resolve", "en"))
        t(RULE_SCHEME, rdf + "type", iri(skos + "ConceptScheme"))
        t(RULE_SCHEME, rdfs + "label", lit("实体消解规则", "zh"))
        t(RULE_SCHEME, rdfs + "label", lit("Entity resolution rules", "en"))
        used_rules = sorted({r.rule for r in self.records})
        for rule in used_rules:
            zh, en, definition = RULES[rule]
            r = ID + "rule/" + rule
            t(r, rdf + "type", iri(skos + "Concept"))
            t(r, rdf + "type", iri(prov + "Plan"))
            t(r, skos + "inScheme", iri(RULE_SCHEME))
            t(r, skos + "prefLabel", lit(zh, "zh"))
            t(r, skos + "prefLabel", lit(en, "en"))
            t(r, skos + "definition", lit(definition, "en"))
            t(r, skos + "notation", lit(rule))
        for rec in self.records:
            node_path = rec.node[len(ID):]
            act = f"{ID}resolution/{node_path}"
            assoc = act + "/association"
            t(act, rdf + "type", iri(prov + "Activity"))
            t(act, rdfs + "label", lit(rec.label, "zh"))
            t(act, prov + "generated", iri(rec.node))
            t(act, prov + "qualifiedAssociation", iri(assoc))
            t(assoc, rdf + "type", iri(prov + "Association"))
            t(assoc, prov + "agent", iri(agent))
            t(assoc, prov + "hadPlan", iri(ID + "rule/" + rec.rule))
            for slug in rec.articles:
                t(act, prov + "used", iri(ID + "article/" + slug))
            for b in rec.because:
                t(act, prov + "wasInfluencedBy", iri(b))
            for u in rec.units:
                t(act, rdfs + "comment", lit(f"同一单位: {u}", "zh"))
            if rec.was:
                t(act, prov + "invalidated", iri(rec.was))
            t(act, rdfs + "comment", lit(_explain(rec), "en"))
        return sorted(lines)


def _explain(rec: Record) -> str:
    n = len(rec.articles)
    where = f"{n} article{'s' if n != 1 else ''}"
    if rec.rule == "same-unit":
        return f"{rec.label}: one person in {where}: same body ({', '.join(rec.units)})"
    if rec.rule == "same-place":
        return f"{rec.label}: one person in {where}: same place"
    if rec.rule == "name-only":
        return f"{rec.label}: kept apart from others of the same name ({where})"
    if rec.rule == "same-area":
        return f"{rec.label}: one area in {where}"
    return f"{rec.label}: one of several areas of this name ({where})"


class _Clusters:
    """Union-find over mention indices, refusing merges that conflict."""

    def __init__(self, n: int, conflict):
        self.parent = list(range(n))
        self.members = {i: [i] for i in range(n)}
        self.conflict = conflict

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.conflict(self.members[ra], self.members[rb]):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)
        return True

    def groups(self) -> list[list[int]]:
        return sorted((sorted(m) for m in self.members.values()), key=lambda m: m[0])


def _slug(text: str) -> str:
    from kg.graph.iri import slug

    return slug(text)


def resolve(mentions: dict[str, dict]) -> Resolution:
    """Decide the cross-article identity of every shared node.

    Parameters
    ----------
    mentions : dict
        article slug -> :func:`mentions_of` of its graph, in corpus order.

    Returns
    -------
    Resolution
        ``renames[article][old] = new`` for every node renamed apart, and a
        record of every shared IRI used by two articles or more.
    """
    order = list(mentions)
    renames: dict[str, dict[str, str]] = {}
    records: list[Record] = []

    # areas first: persons' places are compared after areas are settled
    area_uses: dict[str, list[tuple[str, dict]]] = {}
    for art in order:
        for iri, info in mentions[art].get("areas", {}).items():
            area_uses.setdefault(iri, []).append((art, info))
    area_map: dict[tuple[str, str], str] = {}          # (article, old) -> new
    for iri in sorted(area_uses):
        uses = area_uses[iri]
        if len({a for a, _ in uses}) < 2:
            continue
        for rec, (art_iris) in _resolve_area(iri, uses):
            records.append(rec)
            for art in art_iris:
                if rec.node != iri:
                    area_map[art, iri] = rec.node
                    renames.setdefault(art, {})[iri] = rec.node

    person_uses: dict[str, list[tuple[str, dict]]] = {}
    for art in order:
        for iri, info in mentions[art].get("persons", {}).items():
            person_uses.setdefault(iri, []).append((art, info))
    for iri in sorted(person_uses):
        uses = person_uses[iri]
        if len(uses) < 2:
            continue
        for rec in _resolve_person(iri, uses, area_map):
            records.append(rec)
            if rec.node != iri:
                for art in rec.articles:
                    renames.setdefault(art, {})[iri] = rec.node
    return Resolution(renames, records)


def _resolve_area(iri: str, uses: list[tuple[str, dict]]):
    label = uses[0][1]["label"]

    def conflict(a: list[int], b: list[int]) -> bool:
        if {uses[i][1]["label"] for i in a} != {uses[i][1]["label"] for i in b}:
            return True         # homophones: 襄城县 and 乡城县 are both xiang-cheng-xian
        pa = {uses[i][1]["parent"] for i in a} - {""}
        pb = {uses[i][1]["parent"] for i in b} - {""}
        ca = {uses[i][1]["code"] for i in a} - {""}
        cb = {uses[i][1]["code"] for i in b} - {""}
        return bool((pa and pb and not pa & pb) or (ca and cb and not ca & cb))

    labels = sorted({info["label"] for _, info in uses})
    placed = [i for i, (_, info) in enumerate(uses) if info["parent"] or info["code"]
              or len(labels) > 1]
    cl = _Clusters(len(uses), conflict)
    for i in placed:
        for j in placed:
            if i < j:
                cl.union(i, j)
    groups = [g for g in cl.groups() if any(i in placed for i in g)]
    bare = [i for i in range(len(uses)) if i not in placed]
    if len(groups) <= 1:
        # one placement (or none): every mention is the one area
        yield Record("area", iri, label, "same-area", [a for a, _ in uses]), [a for a, _ in uses]
        return
    taken: set[str] = set()
    for g in groups:
        own = uses[g[0]][1]["label"]
        parent = next((uses[i][1]["parent"] for i in g if uses[i][1]["parent"]), "")
        code = next((uses[i][1]["code"] for i in g if uses[i][1]["code"]), "")
        base = f"{iri}/{_slug(parent) if parent else code or str(labels.index(own) + 1)}"
        node, n = base, 2
        while node in taken:
            node, n = f"{base}-{n}", n + 1
        taken.add(node)
        arts = [uses[i][0] for i in g]
        where = parent or code
        yield Record("area", node, f"{own}（{where}）" if where else own, "area-split", arts,
                     was=iri), arts
    if bare:
        arts = [uses[i][0] for i in bare]
        yield Record("area", iri, label, "area-split", arts), arts


def _resolve_person(iri: str, uses: list[tuple[str, dict]], area_map: dict):
    def places(i: int) -> dict[str, str]:
        art, info = uses[i]
        return {area_map.get((art, p), p): lvl for lvl, p in info["places"]}

    place_sets = [places(i) for i in range(len(uses))]
    unit_sets = [set(info["units"]) for _, info in uses]
    names = [info["name"] for _, info in uses]

    def counties(group: list[int]) -> set[str]:
        return {p for i in group for p, lvl in place_sets[i].items() if lvl == "County"}

    def conflict(a: list[int], b: list[int]) -> bool:
        ca, cb = counties(a), counties(b)
        return bool(ca and cb and not ca & cb)

    cl = _Clusters(len(uses), conflict)
    why: dict[tuple[int, int], tuple[str, list[str], list[str]]] = {}
    pairs = []
    for i in range(len(uses)):
        for j in range(i + 1, len(uses)):
            if names[i] != names[j] or uses[i][0] == uses[j][0]:
                continue
            shared_units = sorted(unit_sets[i] & unit_sets[j])
            shared_places = sorted(set(place_sets[i]) & set(place_sets[j]),
                                   key=lambda p: (_LEVEL_RANK.get(place_sets[i][p], 9), p))
            if shared_units:
                pairs.append((0, i, j, "same-unit", shared_units, shared_places))
            elif shared_places:
                rank = _LEVEL_RANK.get(place_sets[i][shared_places[0]], 9)
                pairs.append((1 + rank, i, j, "same-place", [], shared_places))
    for _, i, j, rule, units, shared in sorted(pairs, key=lambda p: p[:3]):
        if cl.union(i, j):
            why[i, j] = (rule, units, shared)
    groups = cl.groups()
    label = names[0]
    out = []
    split = len(groups) > 1
    taken: set[str] = set()
    for g in groups:
        arts = [uses[i][0] for i in g]
        members = set(g)
        reasons = [v for (i, j), v in sorted(why.items()) if i in members and j in members]
        if len(g) > 1:
            rule = "same-unit" if any(r[0] == "same-unit" for r in reasons) else "same-place"
        else:
            rule = "name-only"
        units = sorted({u for r in reasons for u in r[1]})
        because = sorted({p for r in reasons for p in r[2]})
        node = iri
        if split:
            node = _person_node(iri, g, place_sets, unit_sets, uses, taken)
            taken.add(node)
        out.append(Record("person", node, names[g[0]] if g else label, rule, arts, because, units,
                          was=iri if node != iri else ""))
    return out


def _person_node(iri, group, place_sets, unit_sets, uses, taken) -> str:
    """``id:person/<name>/<where>``: the group's county (else its township,
    village, prefecture), else its body, else its first article."""
    where = ""
    best = sorted({(_NAMING_RANK.get(lvl, 9), p) for i in group for p, lvl in place_sets[i].items()})
    if best:
        where = best[0][1].rstrip("/").rsplit("/", 1)[-1]
    else:
        units = sorted({u for i in group for u in unit_sets[i]})
        where = _slug(units[0]) if units else uses[group[0]][0]
    base = f"{iri}/{where}"
    node, n = base, 2
    while node in taken:
        node, n = f"{base}-{n}", n + 1
    return node
