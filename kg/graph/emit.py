"""The facts of one article as RDF in the project's ontology.

:func:`to_rdf` turns a :class:`~kg.model.Document` and its
:class:`~kg.model.Facts` into triples: one node per real thing (a person
name, a post, a body, an area, a team), one node per fact (assignment, fund,
event; measures one per name), and for every fact its evidence as a W3C Web
Annotation selection of the raw text.  See ``docs/ontology.md`` for the shape.

The output is deterministic: IRIs come from pinyin slugs (:mod:`kg.graph.iri`),
there are no blank nodes, and nothing depends on the folder the input was in,
so two builds of the same input serialise byte for byte the same.

>>> from kg.model import Document, Evidence, Facts, Official
>>> text = "县委书记赵六到桃花村调研。"
>>> doc = Document(source="in/demo.txt", raw=text, text=text,
...                offsets=list(range(len(text) + 1)))
>>> facts = Facts(officials=[Official("赵六", "县委书记", "县委", Evidence(0, 6))])
>>> g = to_rdf(doc, facts)
>>> from kg.graph.vocab import ID
>>> from rdflib.namespace import ORG
>>> [str(p).rsplit("/", 1)[1] for p in g.objects(ID["person/zhao-liu"], ORG.holds)]
['xian-wei-xian-wei-shu-ji']
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, SDO, SKOS

from ..model import Document, Evidence, Facts
from .classify import AREA_CLASSES, classify, is_deictic_area, split_place
from .iri import Minter, article_slug, node_iri
from .vocab import FP, OA, bind_prefixes

__all__ = ["to_rdf", "MEASURE_SCHEME", "decimal_text"]

#: The SKOS concept scheme every measure is in.
MEASURE_SCHEME = node_iri("scheme", "measures")

_UPPER = ("Province", "Prefecture", "County", "AdministrativeArea")
_LOWER = ("Township", "Village")
# Kinds of node a free string may be resolved to by its label.
_NAMED_KINDS = ("person", "area", "org", "team", "group", "place")


def to_rdf(doc: Document, facts: Facts, graph: Graph | None = None, *, area_level=None) -> Graph:
    """Add the triples of one article to ``graph`` (a new graph if None).

    Parameters
    ----------
    doc : Document
        The article; ``doc.source`` gives the article's IRI (its file stem),
        ``doc.raw`` the text the evidence offsets point into.
    facts : Facts
        What was extracted from it.
    graph : rdflib.Graph, optional
        Add into this graph, so that several articles can share one; nodes
        with global IRIs (people, areas) are then shared between articles.
    area_level : callable, optional
        ``area_level(name) -> "Province" | "Prefecture" | "County" |
        "Township" | "Village" | None``, e.g. backed by the gazetteer, to
        settle the level of a name like ``…市`` that the suffix leaves open.

    Returns
    -------
    rdflib.Graph
        ``graph``, with the project's prefixes bound.

    Examples
    --------
    >>> from kg.model import Document, Evidence, Facts, Fund
    >>> text = "县财政投入50万元修路。"
    >>> doc = Document(source="demo.txt", raw=text, text=text,
    ...                offsets=list(range(len(text) + 1)))
    >>> g = to_rdf(doc, Facts(funds=[Fund("500000", "修路", "县财政", "", Evidence(0, 12))]))
    >>> from kg.graph.vocab import ID
    >>> from rdflib.namespace import SDO
    >>> g.value(ID["fund/demo/1"], SDO.amount)
    rdflib.term.Literal('500000', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    g = graph if graph is not None else Graph()
    bind_prefixes(g)
    _Emitter(doc, facts, g, area_level).run()
    return g


def decimal_text(value: str) -> str | None:
    """The canonical xsd:decimal form of an amount: no exponent, no
    trailing zeros after the point, no point for whole numbers.

    >>> decimal_text("2.2E+8"), decimal_text("93835000.0"), decimal_text("12.50"), decimal_text("x")
    ('220000000', '93835000', '12.5', None)
    """
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(eq=False)
class _Node:
    """A node before it has its IRI (IRIs are minted once all are known)."""
    kind: str                       # person, org, team, group, area, place, post, measure
    label: str
    path: tuple                     # Minter path; township/village get theirs at minting
    key: str                        # Minter key (unique within path)
    slug_text: str | None = None
    types: list = field(default_factory=list)
    props: list = field(default_factory=list)       # (predicate, Literal | URIRef | _Node)
    evidence: list = field(default_factory=list)    # Evidence
    parent: "_Node | None" = None                   # schema:containedInPlace
    level: str = ""                 # area: the first specific level it was given
    scope: str = ""                 # township/village: the county's label, "" if unknown
    iri: URIRef | None = None

    def add_type(self, cls: str | URIRef) -> None:
        if cls not in self.types:
            self.types.append(cls)

    def add(self, pred: URIRef, obj) -> None:
        if (pred, obj) not in self.props:
            self.props.append((pred, obj))


def _zh(text: str) -> Literal:
    return Literal(_xml_safe(text), lang="zh")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (C0 controls but tab
    and line breaks, lone surrogates, U+FFFE/U+FFFF) as U+FFFD, one for one,
    so that the graph writes in every format and quotes keep their offsets.

    >>> _xml_safe("a\\x01b\\fc")
    'a\ufffdb\ufffdc'
    """
    return _NOT_XML.sub("\ufffd", text)


def _unique_in_order(items: list, key) -> list:
    """``items`` in document order (by evidence span), exact duplicates dropped."""
    seen, out = set(), []
    for item in sorted(items, key=key):
        r = repr(item)
        if r not in seen:
            seen.add(r)
            out.append(item)
    return out


class _Emitter:
    """One article's worth of nodes and triples."""

    def __init__(self, doc: Document, facts: Facts, graph: Graph, area_level):
        self.doc, self.facts, self.g, self.area_level = doc, facts, graph, area_level
        self.art = article_slug(doc.source)
        self.article = node_iri("article", self.art)
        self.nodes: dict[tuple, _Node] = {}
        self.by_label: dict[str, _Node] = {}
        self.titles: dict[str, set[str]] = {}      # person name -> the titles seen with it
        self.fact_nodes: list[tuple[URIRef, list]] = []   # (iri, [(pred, obj)]) of numbered facts
        self.evidence_nodes: dict[URIRef, Evidence] = {}

    # --- nodes ---------------------------------------------------------------
    def _node(self, key: tuple, kind: str, label: str, path: tuple, mint_key: str | None = None,
              slug_text: str | None = None) -> _Node:
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = _Node(kind, label, path, mint_key or label, slug_text)
            if kind in _NAMED_KINDS:
                self.by_label.setdefault(label, node)
        return node

    def person(self, name: str) -> _Node:
        found = self.by_label.get(name)
        if found is not None and found.kind == "person":
            return found
        node = self._node(("person", name), "person", name, ("person",))
        node.add_type(FP.Person)
        node.add(FOAF.name, _zh(name))
        return node

    def org(self, label: str, *, shared: bool = False) -> _Node:
        # Most body names are relative to the article's place (市委, 县扶贫办),
        # so they are scoped to the article; the publisher is the same paper
        # in every article and is shared.
        node = self._node(("org", label), "org", label, ("org",) if shared else ("org", self.art))
        node.add_type(FP.Organization)
        return node

    def team(self, label: str, unit: _Node | None) -> _Node:
        unit_label = unit.label if unit is not None else ""
        node = self._node(("team", unit_label, label), "team", label, ("team", self.art),
                          mint_key=f"{unit_label}|{label}", slug_text=f"{unit_label} {label}")
        node.add_type(FP.Team)
        if unit is not None:
            node.add(ORG.unitOf, unit)
        return node

    def group(self, label: str) -> _Node:
        node = self._node(("group", label), "group", label, ("group", self.art))
        node.add_type(FP.Group)
        return node

    def place(self, label: str) -> _Node:
        """A place that is neither an administrative area nor a body (田间, 大棚)."""
        node = self._node(("place", label), "place", label, ("place", self.art))
        node.add_type(SDO.Place)
        return node

    def area(self, label: str, cls: str, county: str = "") -> _Node:
        """An administrative area; townships and villages are told apart by county."""
        if cls in _LOWER:
            if not county:   # 某某村 written alone: the village already placed in its county
                known = next((n for k, n in self.nodes.items() if k[:2] == ("area", label) and n.level == cls), None)
                if known is not None:
                    return known
            node = self._node(("area", label, county), "area", label, (), mint_key=label)
            node.scope = county
        else:
            path = ("area", self.art) if is_deictic_area(label) else ("area",)
            node = self._node(("area", label), "area", label, path)
        self._set_level(node, cls)
        return node

    @staticmethod
    def _set_level(node: _Node, cls: str) -> None:
        # A node keeps the first specific level it is given: a second,
        # different guess (from a suffix) must not make it two levels at once.
        if cls == "AdministrativeArea":
            if not node.level:
                node.add_type(FP.AdministrativeArea)
            return
        if not node.level:
            node.level = cls
            node.add_type(FP[cls])

    # --- free strings --------------------------------------------------------
    def resolve(self, text: str, ev: Evidence, role: str) -> _Node | None:
        """The node a participant string names.

        ``role`` is ``agent`` (who acts, provides, adopts, receives),
        ``place`` (where), ``org`` (a body: dispatching unit, a post's body),
        ``area`` (must be an area: a post's place) or ``village``.
        """
        text = text.strip()
        if not text:
            return None
        node = self.by_label.get(text)
        if node is None:
            node = self._titled_person(text)
        if node is None:
            chain = split_place(text)
            if chain:
                node = self._chain(chain)
        if node is None:
            node = self._new(text, role)
        if node.kind == "area" and node.level == "Village" and not node.evidence:
            node.evidence.append(ev)    # where the article names the village
        return node

    def _titled_person(self, text: str) -> _Node | None:
        """市委书记赵六 → the person 赵六, when 市委书记 is a title seen with that name."""
        for name, titles in self.titles.items():
            if len(text) > len(name) and text.endswith(name) and text[:-len(name)] in titles:
                return self.nodes[("person", name)]
        return None

    def _chain(self, chain: list[tuple[str, str]]) -> _Node:
        """Nodes for 东湖县南山镇桃花村, each inside the one before."""
        parent, county = None, ""
        for label, cls in chain:
            found = self.by_label.get(label)
            node = found if found is not None and found.kind == "area" else \
                self.area(label, cls, county if cls in _LOWER else "")
            self._set_level(node, cls)
            if cls == "County":
                county = label
            if parent is not None and node.parent is None and node is not parent:
                node.parent = parent
            parent = node
        return parent

    def _new(self, text: str, role: str) -> _Node:
        cls = classify(text)
        if cls == "AdministrativeArea" and self.area_level is not None:
            cls = self.area_level(text) or cls
        if role == "village":
            return self.area(text, "Village")
        if role == "area" and cls not in AREA_CLASSES + ("AdministrativeArea",):
            cls = "AdministrativeArea"
        if role == "org" and cls not in ("Organization", "Team"):
            cls = "Organization"
        if role == "place" and cls in ("Person", "Group", "Team"):
            return self.place(text)
        if cls in AREA_CLASSES or cls == "AdministrativeArea":
            return self.area(text, cls)
        if cls == "Organization":
            return self.org(text)
        if cls == "Team":
            return self.team(text, None)
        if cls == "Person":
            return self.person(text)
        return self.group(text)

    # --- facts ---------------------------------------------------------------
    def run(self) -> None:
        doc, facts = self.doc, self.facts
        publisher = self.org(doc.publisher.strip(), shared=True) if doc.publisher.strip() else None
        by_span = lambda f: (f.evidence.start, f.evidence.end)   # noqa: E731

        # villages first: a village named again in a post, an event or a fund
        # is then the same node, with its township and county
        for v in _unique_in_order(facts.villages, by_span):
            self._village(v)
        for o in _unique_in_order(facts.officials, by_span):
            self._official(o)
        for i, a in enumerate(_unique_in_order(facts.assignments, by_span), 1):
            self._assignment(i, a)
        for m in _unique_in_order(facts.measures, by_span):
            self._measure(m)
        for i, f in enumerate(_unique_in_order(facts.funds, by_span), 1):
            self._fund(i, f)
        for i, e in enumerate(_unique_in_order(facts.events, by_span), 1):
            self._event(i, e)

        self._mint()
        self._write_article(publisher)
        self._write_nodes()
        self._write_facts()
        self._write_evidence()

    def _official(self, o) -> None:
        if not o.name.strip() or not o.post.strip():
            return          # nothing to hold, or no one to hold it
        ev = o.evidence
        person = self.person(o.name.strip())
        org = self.resolve(o.organization, ev, "org")
        place = self.resolve(o.place, ev, "area")
        post = self._node(("post", o.place, o.organization, o.post), "post", o.post,
                          ("post", self.art), mint_key=f"{o.place}|{o.organization}|{o.post}",
                          slug_text=f"{o.place} {o.organization} {o.post}")
        post.add_type(FP.Post)
        post.add(FP.title, _zh(o.post))
        if o.full_title:
            post.add(FP.fullTitle, _zh(o.full_title))
        if org is not None:
            post.add(ORG.postIn, org)
        if place is not None:
            post.add(FP.postPlace, place)
        post.add(ORG.heldBy, person)
        post.evidence.append(ev)
        person.add(ORG.holds, post)
        self.titles.setdefault(person.label, set()).update(
            t for t in (o.post, o.full_title, o.organization + o.post, o.place + o.post) if t)

    def _village(self, v) -> None:
        parent, county_node = None, None
        for label, cls in ((v.province, "Province"), (v.city, "Prefecture"), (v.county, "County"),
                           (v.township, "Township"), (v.village, "Village")):
            label = label.strip()
            if not label:
                continue
            if cls in _LOWER:
                node = self.area(label, cls, v.county.strip())
            else:
                found = self.by_label.get(label)
                node = found if found is not None and found.kind == "area" else self.area(label, cls)
                self._set_level(node, cls)
            if cls == "County":
                county_node = node
            if parent is not None and node.parent is None and node is not parent:
                node.parent = parent
            parent = node
        if parent is None or parent.level != "Village":
            return
        parent.evidence.append(v.evidence)
        parent.add(FP.levelSource, Literal(v.source or "text"))
        if v.code and county_node is not None and not any(p == FP.divisionCode for p, _ in county_node.props):
            county_node.add(FP.divisionCode, Literal(v.code))

    def _assignment(self, i: int, a) -> None:
        ev = a.evidence
        unit = self.resolve(a.dispatching_unit, ev, "org")
        who = None
        if a.assignee.strip():
            who = self.team(a.assignee.strip(), unit) if a.assignee_is_team else self.person(a.assignee.strip())
        village = self.resolve(a.village, ev, "village")
        props = [(RDF.type, FP.Assignment),
                 (RDFS.label, _zh(f"{a.assignee.strip()} → {a.village.strip()}"))]
        if who is not None:         # else the shapes report the assignment as incomplete
            props.append((FP.assignee, who))
        if village is not None:
            props.append((FP.village, village))
        if unit is not None:
            props.append((FP.dispatchingUnit, unit))
        if a.role:
            props.append((FP.role, _zh(a.role)))
        self._fact(node_iri("assignment", self.art, i), props, ev)

    def _measure(self, m) -> None:
        name = m.name.strip()
        if not name:
            return
        node = self._node(("measure", name), "measure", name, ("measure", self.art))
        node.add_type(FP.Measure)
        if m.is_document:
            node.add_type(FP.PolicyDocument)
        node.add(SKOS.prefLabel, _zh(name))
        node.add(SKOS.inScheme, MEASURE_SCHEME)
        adopter = self.resolve(m.adopter, m.evidence, "agent")
        if adopter is not None:
            node.add(FP.adoptedBy, adopter)
        node.evidence.append(m.evidence)

    def _fund(self, i: int, f) -> None:
        amount = decimal_text(f.amount_yuan)
        shown = f.amount_text.strip() or (f"{amount}元" if amount else f.amount_yuan)
        props = [(RDF.type, FP.Fund),
                 (RDFS.label, _zh(" ".join(p for p in (shown, f.purpose.strip()) if p))),
                 (SDO.currency, Literal("CNY"))]
        if amount is not None:
            props.append((SDO.amount, Literal(amount, datatype=XSD.decimal)))
        for pred, value in ((FP.amountText, f.amount_text), (FP.purpose, f.purpose), (FP.flow, f.flow)):
            if value.strip():
                props.append((pred, _zh(value.strip())))
        for pred, value in ((FP.provider, f.provider), (FP.recipient, f.recipient)):
            node = self.resolve(value, f.evidence, "agent")
            if node is not None:
                props.append((pred, node))
        self._fact(node_iri("fund", self.art, i), props, f.evidence)

    def _event(self, i: int, e) -> None:
        props = [(RDF.type, FP.Event), (RDFS.label, _zh(e.label.strip()))]
        if e.date:      # an event without a date is kept, and flagged by the shapes
            date = e.date.isoformat() if isinstance(e.date, _dt.date) else str(e.date)
            props.append((SDO.startDate, Literal(date, datatype=XSD.date)))
        for agent in e.agents:
            node = self.resolve(agent, e.evidence, "agent")
            if node is not None:
                props.append((PROV.wasAssociatedWith, node))
        for place in e.places:
            node = self.resolve(place, e.evidence, "place")
            if node is not None:
                props.append((SDO.location, node))
        self._fact(node_iri("event", self.art, i), props, e.evidence)

    def _fact(self, iri: URIRef, props: list, ev: Evidence) -> None:
        props.append((FP.evidence, self._evidence(ev)))
        props.append((FP.readingOrder, self._reading_order([ev])))
        self.fact_nodes.append((iri, props))

    # --- IRIs ----------------------------------------------------------------
    def _mint(self) -> None:
        # Townships and villages are named inside their county, so the
        # county's IRI must be known first: two rounds.
        first, second = Minter(self.g), Minter(self.g)
        lower = [n for n in self.nodes.values() if n.kind == "area" and n.level in _LOWER]
        for n in self.nodes.values():
            if not (n.kind == "area" and n.level in _LOWER):
                first.add(n.path, n.key, n.slug_text, n.label)
        iris = first.assign()
        for n in self.nodes.values():
            if (n.path, n.key) in iris:
                n.iri = iris[n.path, n.key]
        for n in lower:
            county = self.nodes.get(("area", n.scope)) if n.scope else None
            if county is not None and county.iri is not None and county.path == ("area",):
                n.path = (n.level.lower(), str(county.iri).rsplit("/", 1)[1])
            else:
                n.path = (n.level.lower(), self.art)
            n.key = f"{n.scope}|{n.label}"
            second.add(n.path, n.key, n.label, n.label)
        iris = second.assign()
        for n in lower:
            n.iri = iris[n.path, n.key]

    # --- triples -------------------------------------------------------------
    def _write_article(self, publisher: _Node | None) -> None:
        g, doc, a = self.g, self.doc, self.article
        name = doc.source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        g.add((a, RDF.type, SDO.NewsArticle))
        g.add((a, RDFS.label, _zh(doc.title.strip()) if doc.title.strip()
               else Literal(_xml_safe(name or self.art))))
        if doc.title.strip():
            g.add((a, SDO.headline, _zh(doc.title.strip())))
            self._original_label(a, doc.title.strip())
        if doc.date:
            g.add((a, SDO.datePublished, Literal(doc.date.isoformat(), datatype=XSD.date)))
        if publisher is not None:
            g.add((a, SDO.publisher, publisher.iri))
        g.add((a, FP.sourceFile, Literal(_xml_safe(name))))
        # The decoded text as UTF-8: the raw bytes are not kept in Document,
        # and this digest is the same whatever the file's encoding was.
        g.add((a, FP.sha256, Literal(hashlib.sha256(doc.raw.encode("utf-8")).hexdigest())))
        for node in self.nodes.values():
            g.add((a, SDO.mentions, node.iri))

    def _obj(self, value):
        return value.iri if isinstance(value, _Node) else value

    def _write_nodes(self) -> None:
        g = self.g
        if any(n.kind == "measure" for n in self.nodes.values()):
            g.add((MEASURE_SCHEME, RDF.type, SKOS.ConceptScheme))
            for lang, text in (("zh", "扶贫措施"), ("en", "Poverty-alleviation measures")):
                g.add((MEASURE_SCHEME, RDFS.label, Literal(text, lang=lang)))
                g.add((MEASURE_SCHEME, SKOS.prefLabel, Literal(text, lang=lang)))
        for n in self.nodes.values():
            types = n.types
            if n.level:     # a specific level makes the generic class redundant
                types = [t for t in types if t != FP.AdministrativeArea]
            for t in types:
                g.add((n.iri, RDF.type, t))
            g.add((n.iri, RDFS.label, _zh(n.label)))
            self._original_label(n.iri, n.label)
            for pred, obj in n.props:
                g.add((n.iri, pred, self._obj(obj)))
            if n.parent is not None:
                g.add((n.iri, SDO.containedInPlace, n.parent.iri))
            for ev in n.evidence:
                g.add((n.iri, FP.evidence, self._evidence(ev)))
            if n.evidence:
                g.add((n.iri, FP.readingOrder, self._reading_order(n.evidence)))

    def _original_label(self, iri: URIRef, label: str) -> None:
        """An article in Traditional characters: the label as it wrote it
        (``skos:altLabel``, ``@zh-Hant``; the ``@zh`` label is Simplified)."""
        if self.doc.original and label:
            written = self.doc.original_of(label)
            if written != label:
                self.g.add((iri, SKOS.altLabel, Literal(_xml_safe(written), lang="zh-Hant")))

    def _write_facts(self) -> None:
        for iri, props in self.fact_nodes:
            for pred, obj in props:
                self.g.add((iri, pred, self._obj(obj)))

    def _evidence(self, ev: Evidence) -> URIRef:
        start, end = self._clamp(ev)
        a, b = self.doc.raw_span(start, end)
        iri = node_iri("evidence", self.art, f"{a}-{b}")
        self.evidence_nodes.setdefault(iri, Evidence(start, end))
        return iri

    def _reading_order(self, evidence: list[Evidence]) -> Literal:
        """The sort key of a fact: the article's slug and the raw offset,
        zero-padded, of the first place it is said.  It repeats what the
        evidence selectors hold, so that the questions can list facts in
        reading order without joining every fact to its evidence (that join
        was most of their time on a million triples: docs/performance.md)."""
        first = min(self.doc.raw_span(*self._clamp(ev))[0] for ev in evidence)
        return Literal(f"{self.art} {first:012d}")

    def _clamp(self, ev: Evidence) -> tuple[int, int]:
        n = len(self.doc.text)
        start = min(max(ev.start, 0), n)
        return start, min(max(ev.end, start), n)

    def _write_evidence(self) -> None:
        g, doc = self.g, self.doc
        for iri, ev in self.evidence_nodes.items():
            a, b = doc.raw_span(ev.start, ev.end)
            pos, quote = URIRef(f"{iri}/position"), URIRef(f"{iri}/quote")
            g.add((iri, RDF.type, FP.Evidence))
            g.add((iri, OA.hasSource, self.article))
            g.add((iri, OA.hasSelector, pos))
            g.add((iri, OA.hasSelector, quote))
            g.add((pos, RDF.type, OA.TextPositionSelector))
            g.add((pos, OA.start, Literal(a)))
            g.add((pos, OA.end, Literal(b)))
            page = doc.page_at(a)
            if page is not None:         # a PDF: the page the span starts on
                g.add((iri, FP.page, Literal(page)))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            # oa:exact is the text as it stands in the file: a plain string,
            # as the Web Annotation model has it.
            g.add((quote, OA.exact, Literal(_xml_safe(doc.raw[a:b]))))
            first = doc.sentence_at(ev.start)
            last = doc.sentence_at(max(ev.end - 1, ev.start))
            if first is not None:
                stop = last.end if last is not None and last.end > first.end else first.end
                g.add((iri, FP.sentence, _zh(doc.text[first.start:stop])))
                g.add((iri, FP.blockKind, Literal(first.kind)))
            else:
                g.add((iri, FP.sentence, _zh(doc.text[ev.start:ev.end])))
                kind = next((blk.kind for blk in doc.blocks if blk.start <= ev.start < blk.end), "")
                if kind:
                    g.add((iri, FP.blockKind, Literal(kind)))
