"""From RDF to the view drawn by the page: a networkx ``MultiDiGraph``.

Only entity and fact nodes are drawn (a resource typed with one of the ``fp:``
classes, :data:`kg.viz.terms.CLASSES`); ``fp:Evidence`` and ``schema:NewsArticle`` nodes
are not: the sentence an evidence node carries goes into the tooltip of the
fact it backs.  Literals are not nodes either: they are the facts listed in a
node's tooltip.  Every triple between two drawn nodes is an edge, keyed by its
property, so parallel edges (two properties between one pair) are kept.
"""
from __future__ import annotations

from collections import defaultdict

from kg.errors import UsageError

from .terms import (FOAF, FP, OA, ORG, PRIORITY, PROV, RDF_TYPE, RDFS, SDO, SKOS, Labels,
                    format_amount, norm, pick_label, qname, resolve_types)

__all__ = ["to_networkx_view"]

# Facts shown first in a tooltip, in this order; the others follow by label.
_KEY_FACTS = [FP + "title", FP + "fullTitle", ORG + "holds", ORG + "postIn", FP + "role",
              SDO + "amount", FP + "amountText", FP + "flow", FP + "purpose", SDO + "startDate",
              SDO + "endDate", FP + "assignee", FP + "village", FP + "dispatchingUnit",
              FP + "provider", FP + "recipient", SDO + "location", PROV + "wasAssociatedWith",
              FP + "adoptedBy", SDO + "containedInPlace", FP + "divisionCode"]
_FACT_RANK = {p: i for i, p in enumerate(_KEY_FACTS)}
_NOT_FACTS = {RDF_TYPE, RDFS + "label", FP + "evidence", SKOS + "prefLabel", FOAF + "name"}
_LABEL_PROPS = (RDFS + "label", SKOS + "prefLabel", SDO + "name", "http://schema.org/name",
                FOAF + "name", SDO + "headline", "http://schema.org/headline")
_HIDDEN_TYPES = {FP + "Evidence", SDO + "NewsArticle", "http://schema.org/NewsArticle"}
MAX_SOURCES = 10


def _triples(graph):
    from kg.graph.store import distinct_triples

    return distinct_triples(graph)


def _index(graph):
    """subject -> {property IRI: [objects]} in one pass over the graph."""
    props: dict = defaultdict(lambda: defaultdict(list))
    names: dict = {}
    for s, p, o in _triples(graph):
        name = names.get(p)
        if name is None:
            name = names[p] = norm(str(p))
        props[s][name].append(o)
    return props


def _drawn_class(types) -> str | None:
    keys = {str(t)[len(FP):] for t in types if str(t).startswith(FP)}
    if any(norm(str(t)) in _HIDDEN_TYPES for t in types):
        return None
    for key in PRIORITY:
        if key in keys:
            return key
    return None


def _node_label(term, props) -> str:
    from rdflib import Literal

    for prop in _LABEL_PROPS:
        lits = [o for o in props.get(prop, ()) if isinstance(o, Literal)]
        if lits:
            return pick_label(lits)
    return qname(str(term))


def to_networkx_view(graph, *, focus=None, depth: int = 2, types=None):
    """The drawn part of an RDF graph as a ``networkx.MultiDiGraph``.

    Nodes are the rdflib terms of entity and fact nodes, with attributes
    ``label`` (zh), ``cls`` (a key of :data:`~kg.viz.terms.CLASSES`), ``iri``, ``facts``
    (``[(zh property label, text), …]``, key facts first) and ``sources``
    (``[(sentence, article), …]``).  Edges are keyed by property IRI, with
    ``label`` (zh), ``label_en`` and ``prop`` (``org:holds``).

    ``focus`` (a label, an IRI, or a list of them) keeps the nodes within
    ``depth`` steps of the matching nodes (edges followed both ways); a label
    that matches no node exactly is looked for as a part of labels.  ``types``
    then keeps only nodes of those classes (see :func:`~kg.viz.terms.resolve_types`), the
    focus nodes always.  ``UsageError`` when ``focus`` matches nothing.
    """
    import networkx as nx
    from rdflib import BNode, Literal, URIRef

    index = _index(graph)
    labels = Labels(index)
    view = nx.MultiDiGraph()
    drawn: dict = {}
    for term, props in index.items():
        if isinstance(term, (URIRef, BNode)):
            cls = _drawn_class(props.get(RDF_TYPE, ()))
            if cls is not None:
                drawn[term] = cls
    names = {term: _node_label(term, index[term]) for term in drawn}
    for term, cls in drawn.items():
        view.add_node(term, label=names[term], cls=cls, iri=str(term) if isinstance(term, URIRef)
                      else f"_:{term}", facts=[], sources=[])
    for term in drawn:
        for prop, objects in index[term].items():
            if prop in _NOT_FACTS:
                continue
            for obj in objects:
                if obj in drawn and not isinstance(obj, Literal):
                    zh, en = labels.of(prop)
                    view.add_edge(term, obj, key=prop, label=zh, label_en=en, prop=qname(prop))
    holders = defaultdict(list)           # post -> names of the persons holding it
    for term in drawn:
        for post in index[term].get(ORG + "holds", ()):
            holders[post].append(names[term])
    own = {term: _sources(term, index) for term in drawn}
    for term in drawn:
        attrs = view.nodes[term]
        attrs["facts"] = _facts(term, index, names, labels, holders.get(term, ()))
        sources = list(own[term])
        if not sources:  # a node with no evidence of its own shows its neighbours'
            for nb in sorted(set(view.successors(term)) | set(view.predecessors(term)), key=str):
                sources += [src for src in own[nb] if src not in sources]
        attrs["sources"] = sources[:MAX_SOURCES]
    view.graph["articles"] = sorted(
        _node_label(t, p) for t, p in index.items()
        if any(norm(str(c)) in _HIDDEN_TYPES - {FP + "Evidence"} for c in p.get(RDF_TYPE, ())))
    return _restrict(view, focus=focus, depth=depth, types=types)


def _value_text(obj, prop, index, names) -> str | None:
    from rdflib import Literal

    if isinstance(obj, Literal):
        if prop == SDO + "amount":
            return format_amount(obj)
        return str(obj)
    props = index.get(obj, {})
    if obj not in names:
        if any(norm(str(t)) in _HIDDEN_TYPES for t in props.get(RDF_TYPE, ())):
            return None
        return _node_label(obj, props)
    if prop == ORG + "holds":  # a post: its title and the body it is in
        title = next(iter(props.get(FP + "fullTitle", ()) or props.get(FP + "title", ())), None)
        text = str(title) if title is not None else names[obj]
        for org in props.get(ORG + "postIn", ()):
            org_name = names.get(org) or _node_label(org, index.get(org, {}))
            if org_name not in text:
                text += f"（{org_name}）"
        return text
    return names[obj]


def _facts(term, index, names, labels, holders=()) -> list[tuple[str, str]]:
    rows = []
    props = index[term]
    for prop in sorted(props, key=lambda p: (_FACT_RANK.get(p, len(_FACT_RANK)), p)):
        if prop in _NOT_FACTS:
            continue
        values = [v for v in (_value_text(o, prop, index, names) for o in props[prop]) if v]
        for value in sorted(set(values)):
            rows.append((labels.of(prop)[0], value))
    held_by = labels.of(ORG + "heldBy")[0]
    rows += [(held_by, name) for name in sorted(set(holders))
             if (held_by, name) not in rows]
    return rows


def _sources(term, index) -> list[tuple[str, str]]:
    out = []
    for ev in index.get(term, {}).get(FP + "evidence", ()):
        ev_props = index.get(ev, {})
        article = ""
        for art in ev_props.get(OA + "hasSource", ()):
            art_props = index.get(art, {})
            article = _node_label(art, art_props) if any(
                p in art_props for p in _LABEL_PROPS) else next(
                (str(o) for o in art_props.get(FP + "sourceFile", ())), "")
        for sentence in ev_props.get(FP + "sentence", ()):
            if (str(sentence), article) not in out:
                out.append((str(sentence), article))
    return sorted(out)[:MAX_SOURCES]


def _match_focus(view, focus) -> list:
    wanted = [focus] if isinstance(focus, str) else list(focus)
    found = []
    for want in wanted:
        want = str(want).strip()
        exact = [n for n, a in view.nodes(data=True)
                 if want in (a["label"], a["iri"]) or a["iri"].endswith(("/" + want, "#" + want))]
        found += exact or [n for n, a in view.nodes(data=True) if want and want in a["label"]]
    if not found:
        raise UsageError(f"--focus {focus!r} matches no node", code="E231")
    return found


def _restrict(view, *, focus, depth, types):
    keep = set(view)
    anchors: set = set()
    if focus:
        anchors = set(_match_focus(view, focus))
        keep, frontier = set(anchors), set(anchors)
        for _ in range(max(0, int(depth))):
            frontier = {nb for n in frontier
                        for nb in (*view.successors(n), *view.predecessors(n))} - keep
            if not frontier:
                break
            keep |= frontier
    if types:
        classes = resolve_types(types)
        keep = {n for n in keep if view.nodes[n]["cls"] in classes or n in anchors}
    view.graph["focus"] = sorted(view.nodes[n]["label"] for n in anchors)
    if keep != set(view):
        sub = view.subgraph(keep).copy()
        sub.graph.update(view.graph)
        return sub
    return view
