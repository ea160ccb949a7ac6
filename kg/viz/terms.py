"""Names, colours and labels: the vocabulary of the view.

The drawn classes with their colour and shape (:data:`CLASSES`), the zh/en
labels of classes and properties (from the graph, else the ontology files
``kg/ontology/*.ttl``, else :data:`FALLBACK_LABELS`, so the viewer works
without the ontology), the names ``--types`` accepts, and amounts in 万元.
Plain strings only: rdflib is imported when labels are looked up.
"""
from __future__ import annotations

import functools
import logging
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import UsageError

__all__ = ["CLASSES", "CLASS_KEYS", "FALLBACK_LABELS", "TYPE_ALIASES", "Labels", "qname",
           "ontology_labels", "class_labels", "resolve_types", "format_amount"]

log = logging.getLogger(__name__)

FP = "https://w3id.org/fupin-kg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SDO = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"

PREFIXES = {FP: "fp", ORG: "org", PROV: "prov", SDO: "schema", "http://schema.org/": "schema",
            SKOS: "skos", FOAF: "foaf", RDFS: "rdfs", OA: "oa", "https://w3id.org/fupin-kg/id/": "id",
            "http://www.w3.org/2002/07/owl#": "owl",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf"}

#: The drawn classes, in legend order: (local name, zh, en, colour, vis shape).
CLASSES = (
    ("Person", "人物", "Person", "#e4572e", "dot"),
    ("Post", "职务", "Post", "#f4a261", "dot"),
    ("Organization", "机构", "Organization", "#2a6f97", "diamond"),
    ("Team", "工作队", "Team", "#61a5c2", "diamond"),
    ("Group", "群体", "Group", "#9d4edd", "triangle"),
    ("Province", "省", "Province", "#081c15", "hexagon"),
    ("Prefecture", "地级市", "Prefecture", "#1b4332", "hexagon"),
    ("County", "县", "County", "#2d6a4f", "hexagon"),
    ("Township", "乡镇", "Township", "#40916c", "hexagon"),
    ("Village", "村", "Village", "#74c69d", "hexagon"),
    ("AdministrativeArea", "行政区", "Administrative area", "#95d5b2", "hexagon"),
    ("Assignment", "派驻", "Assignment", "#c9184a", "triangleDown"),
    ("Fund", "资金", "Fund", "#e9b000", "square"),
    ("Measure", "措施", "Measure", "#0f9d8a", "star"),
    ("PolicyDocument", "政策文件", "Policy document", "#7f5539", "star"),
    ("Event", "事件", "Event", "#3d5a80", "triangle"),
)
CLASS_KEYS = tuple(c[0] for c in CLASSES)
#: When a node has several fp: types, the most specific one wins.
PRIORITY = ("PolicyDocument", "Measure", "Team", "Organization", "Village", "Township",
             "County", "Prefecture", "Province", "AdministrativeArea", "Person", "Post", "Group",
             "Assignment", "Fund", "Event")

#: --types accepts these besides class names and their zh/en labels.
TYPE_ALIASES = {
    "official": ("Person", "Post"), "officials": ("Person", "Post"), "官员": ("Person", "Post"),
    "people": ("Person",), "org": ("Organization",), "policy": ("PolicyDocument",),
    "document": ("PolicyDocument",), "area": ("Province", "Prefecture", "County", "Township",
                                              "Village", "AdministrativeArea"),
    "place": ("Province", "Prefecture", "County", "Township", "Village", "AdministrativeArea"),
    "地点": ("Province", "Prefecture", "County", "Township", "Village", "AdministrativeArea"),
}

#: Built-in labels of properties (zh, en), used when neither the graph nor the
#: ontology files label them.
FALLBACK_LABELS = {
    ORG + "holds": ("担任", "holds"), ORG + "postIn": ("任职机构", "post in"),
    ORG + "heldBy": ("任职者", "held by"), ORG + "memberOf": ("成员", "member of"),
    ORG + "subOrganizationOf": ("隶属", "sub-organization of"), ORG + "unitOf": ("隶属", "unit of"),
    SDO + "containedInPlace": ("位于", "contained in place"), SDO + "location": ("地点", "location"),
    SDO + "startDate": ("日期", "date"), SDO + "endDate": ("结束日期", "end date"),
    SDO + "amount": ("金额", "amount"), SDO + "name": ("名称", "name"),
    SDO + "headline": ("标题", "headline"), SDO + "datePublished": ("发布日期", "published"),
    PROV + "wasAssociatedWith": ("参与者", "associated with"),
    SKOS + "broader": ("上位", "broader"), SKOS + "altLabel": ("别名", "alternative label"),
    RDFS + "label": ("名称", "label"), RDFS + "comment": ("说明", "comment"),
    FP + "assignee": ("派驻人员", "assignee"), FP + "village": ("派驻村", "village"),
    FP + "dispatchingUnit": ("派出单位", "dispatching unit"), FP + "provider": ("出资方", "provider"),
    FP + "recipient": ("受益方", "recipient"), FP + "adoptedBy": ("采用者", "adopted by"),
    FP + "postPlace": ("职务所在地", "post place"), FP + "title": ("职务", "title"),
    FP + "fullTitle": ("职务全称", "full title"), FP + "role": ("角色", "role"),
    FP + "purpose": ("用途", "purpose"), FP + "amountText": ("原文金额", "amount as written"),
    FP + "flow": ("资金动作", "flow"), FP + "divisionCode": ("区划代码", "division code"),
    FP + "levelSource": ("层级来源", "level source"), FP + "sentence": ("原句", "sentence"),
}


def norm(iri: str) -> str:
    """schema.org terms compare equal over http and https."""
    return SDO + iri[18:] if iri.startswith("http://schema.org/") else iri


def qname(iri: str) -> str:
    """``org:holds`` for a known namespace, else the IRI's last segment."""
    for ns, prefix in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


@functools.lru_cache(maxsize=1)
def ontology_labels() -> dict[str, dict[str, str]]:
    """``{iri: {"zh": …, "en": …}}`` from ``kg/ontology/*.ttl``; empty if none parse."""
    import kg

    folder = Path(kg.__file__).parent / "ontology"
    out: dict[str, dict[str, str]] = {}
    if not folder.is_dir():
        return out
    from rdflib import Graph, Literal, URIRef

    for path in sorted(folder.glob("*.ttl")):
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # a half-written ontology must not break the viewer
            log.warning("viz: ignoring %s: %s", path.name, e)
            continue
        for prop in (RDFS + "label", SKOS + "prefLabel"):
            for s, o in g.subject_objects(URIRef(prop)):
                lang = (o.language or "").split("-")[0].lower() if isinstance(o, Literal) else ""
                if lang in ("zh", "en"):
                    out.setdefault(norm(str(s)), {}).setdefault(lang, str(o))
    return out


def pick_label(literals, lang_order=("zh", None, "en")) -> str | None:
    by_lang: dict = {}
    for lit in literals:
        lang = (lit.language or "").split("-")[0].lower() or None
        by_lang.setdefault(lang, []).append(str(lit))
    for lang in lang_order:
        if by_lang.get(lang):
            return sorted(by_lang[lang])[0]
    for values in by_lang.values():
        return sorted(values)[0]
    return None


class Labels:
    """zh/en labels of classes and properties: graph, then ontology, then built in."""

    def __init__(self, props):
        self.props = props            # the graph's subject -> {property: [objects]}
        self.onto = ontology_labels()
        self.cache: dict[str, tuple[str, str]] = {}

    def of(self, iri: str) -> tuple[str, str]:
        iri = norm(iri)
        if iri not in self.cache:
            from rdflib import URIRef

            lits = [o for p in (RDFS + "label", SKOS + "prefLabel")
                    for o in self.props.get(URIRef(iri), {}).get(p, ())]
            zh = pick_label(lits, ("zh",)) if lits else None
            en = pick_label(lits, ("en",)) if lits else None
            onto, fallback = self.onto.get(iri, {}), FALLBACK_LABELS.get(iri, (None, None))
            zh = zh or onto.get("zh") or fallback[0] or qname(iri)
            en = en or onto.get("en") or fallback[1] or qname(iri)
            self.cache[iri] = (zh, en)
        return self.cache[iri]


def class_labels() -> dict[str, tuple[str, str]]:
    """``{class key: (zh, en)}`` for the legend: ontology labels where present."""
    onto = ontology_labels()
    return {key: (onto.get(FP + key, {}).get("zh") or zh, onto.get(FP + key, {}).get("en") or en)
            for key, zh, en, _c, _s in CLASSES}


def format_amount(value) -> str:
    """``3000 万元（30,000,000 元）`` for an amount in yuan.

    >>> format_amount("30000000")
    '3000 万元（30,000,000 元）'
    >>> format_amount("1234.50")
    '0.12345 万元（1,234.5 元）'
    """
    try:
        yuan = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not yuan.is_finite():
        return str(value)
    wan = (yuan / 10000).normalize()
    return f"{wan:f} 万元（{yuan.normalize():,f} 元）"


def resolve_types(types) -> set[str]:
    """Class keys named by ``types``: class names, zh/en labels or aliases,
    as a list or one comma-separated string.  ``UsageError`` for an unknown one."""
    if isinstance(types, str):
        types = types.split(",")
    names = {}
    for key, (zh, en) in class_labels().items():
        for name in (key, zh, en, en.replace(" ", "")):
            names[name.lower()] = (key,)
    names.update(TYPE_ALIASES)
    out: set[str] = set()
    for name in (t.strip() for t in types):
        if not name:
            continue
        if name.lower() not in names:
            raise UsageError(f"unknown type {name!r}; known: {', '.join(CLASS_KEYS)}, Official",
                             code="E230")
        out.update(names[name.lower()])
    return out
