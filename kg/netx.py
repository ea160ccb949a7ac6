"""The knowledge graph as networkx graphs, for analysis.

(Named ``netx`` so that it never shadows the ``networkx`` package.)

:func:`to_networkx` turns an RDF graph into a ``networkx.MultiDiGraph``:

- **nodes** are the graph's resources, keyed by their IRI (a ``str``), with
  the attributes ``iri``, ``label`` (the zh label), ``class`` (the most specific
  ``fp:`` class: ``Person``, ``Village``, ``Fund`` …, else a qname such as
  ``skos:ConceptScheme``), ``class_zh``, and the node's key literals:
  ``post`` (a person's posts), ``title``, ``full_title``, ``role``,
  ``amount`` (yuan, a ``float``), ``amount_text``, ``currency``, ``purpose``,
  ``flow``, ``date`` (ISO ``YYYY-MM-DD``), ``end_date``, ``headline``,
  ``division_code``, ``level_source``, ``source_file``, and ``article`` (the
  articles a fact is told in).  Several values are joined with ``；``.
  Every value is a ``str`` or a ``float``, so the graph writes to GraphML and
  GEXF as it is (:mod:`kg.graph.tabular`);
- **edges** are the triples between two resources, keyed by the predicate's
  IRI, with ``predicate`` (IRI), ``prop`` (qname, ``org:holds``), ``label``
  (zh) and ``label_en``: two properties between one pair are two edges;
- ``rdf:type`` is the ``class`` attribute, not an edge; literals are node
  attributes, not nodes, unless ``literals=True``; the provenance layer
  (``fp:Evidence``, its text selectors, and the ``schema:NewsArticle``
  nodes) is left out unless ``provenance=True``.

:func:`project` derives the views people ask for: ``"people"`` — who is
connected to whom (people ↔ units ↔ villages and other places), and
``"money"`` — where the money goes (providers → funds → recipients).

>>> from kg.analysis import example_graph
>>> G = to_networkx(example_graph())
>>> G.nodes["https://w3id.org/fupin-kg/id/person/zhao-liu"]["post"]
'市委书记'
>>> fund = G.nodes["https://w3id.org/fupin-kg/id/fund/east-lake-daily-2018-03-20/1"]
>>> fund["class"], fund["amount"], fund["purpose"]
('Fund', 250000000.0, '产业扶贫')
>>> sorted(d["prop"] for _, _, d in G.out_edges(
...     "https://w3id.org/fupin-kg/id/fund/east-lake-daily-2018-03-20/1", data=True))
['fp:provider', 'fp:recipient']
"""
from __future__ import annotations

from collections import defaultdict

from kg.viz.terms import (FOAF, FP, OA, ORG, PRIORITY, PROV, RDF_TYPE, RDFS, SDO, SKOS, Labels,
                          class_labels, norm, pick_label, qname)

__all__ = ["to_networkx", "project", "VIEWS", "PEOPLE_CLASSES", "AREA_CLASSES", "JOIN",
           "node_rows", "edge_rows"]

#: Several values of one attribute are joined with this.
JOIN = "；"

_LABEL_PROPS = (RDFS + "label", SKOS + "prefLabel", SDO + "name", FOAF + "name", SDO + "headline")

#: property -> node attribute, for the key literals kept on a node.
KEY_LITERALS = {
    FP + "title": "title", FP + "fullTitle": "full_title", FP + "role": "role",
    SDO + "amount": "amount", FP + "amountText": "amount_text", SDO + "currency": "currency",
    FP + "purpose": "purpose", FP + "flow": "flow", SDO + "startDate": "date",
    SDO + "datePublished": "date", SDO + "endDate": "end_date", SDO + "headline": "headline",
    FP + "divisionCode": "division_code", FP + "levelSource": "level_source",
    FP + "sourceFile": "source_file",
}

_PROVENANCE_TYPES = {FP + "Evidence", OA + "TextPositionSelector", OA + "TextQuoteSelector",
                     OA + "SpecificResource", SDO + "NewsArticle"}

#: The classes of places (areas), most general last.
AREA_CLASSES = ("Province", "Prefecture", "County", "Township", "Village", "AdministrativeArea")

#: The classes kept by the ``"people"`` view.
PEOPLE_CLASSES = ("Person", "Team", "Organization") + AREA_CLASSES

#: The views :func:`project` knows.
VIEWS = ("people", "money")


# --- RDF -> MultiDiGraph ----------------------------------------------------------------

def _triples(graph):
    from kg.graph.store import distinct_triples

    return distinct_triples(graph)


def _node_id(term) -> str:
    from rdflib import BNode

    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _literal_id(lit) -> str:
    return "literal:" + lit.n3()


def _class_of(types) -> str:
    """The most specific fp: class, else the qname of another type, else ''."""
    keys = {t[len(FP):] for t in types if t.startswith(FP)}
    for key in PRIORITY:
        if key in keys:
            return key
    if keys:
        return min(keys)
    return min(qname(t) for t in types) if types else ""


def _literal_value(prop: str, lit):
    """A plain value for a key literal: amounts as float, dates as ISO text."""
    if prop == SDO + "amount":
        try:
            return float(str(lit))
        except ValueError:
            return None
    return str(lit)


def _join(values) -> str:
    return JOIN.join(sorted(dict.fromkeys(v for v in values if v)))


def to_networkx(graph, *, literals: bool = False, provenance: bool = False):
    """The RDF ``graph`` as a ``networkx.MultiDiGraph`` (see the module docs).

    Parameters
    ----------
    graph : rdflib.Graph, rdflib.Dataset, str or Path
        A built graph (a dataset is taken as the union of its graphs), or a
        graph file or a folder ``kg build`` wrote.
    literals : bool
        Also make every literal a node (``class`` ``Literal``, with
        ``datatype`` and ``lang``), linked by its property; one node per
        distinct literal.
    provenance : bool
        Keep the evidence nodes, their text selectors and the articles.

    Returns
    -------
    networkx.MultiDiGraph
        Built in sorted order, so the same graph gives the same networkx
        graph (and the same exported bytes).

    Examples
    --------
    >>> from kg.analysis import example_graph
    >>> g = example_graph()
    >>> G = to_networkx(g)
    >>> G.number_of_nodes(), G.number_of_edges()
    (30, 34)
    >>> from collections import Counter
    >>> Counter(c for _, c in G.nodes(data="class")).most_common(2)
    [('Organization', 7), ('Fund', 3)]
    >>> G2 = to_networkx(g, literals=True, provenance=True)
    >>> G2.number_of_nodes() > G.number_of_nodes(), "Literal" in dict(G2.nodes(data="class")).values()
    (True, True)
    """
    import networkx as nx
    from rdflib import Literal

    if not hasattr(graph, "quads") and not hasattr(graph, "triples"):
        from kg.graph.store import load

        graph = load(graph)
    index: dict = defaultdict(lambda: defaultdict(list))   # subject -> prop -> [objects]
    names: dict = {}
    for s, p, o in _triples(graph):
        name = names.get(p)
        if name is None:
            name = names[p] = norm(str(p))
        index[s][name].append(o)
    labels = Labels(index)
    zh_class = {key: zh for key, (zh, _en) in class_labels().items()}

    def types(term) -> list[str]:
        return [norm(str(t)) for t in index.get(term, {}).get(RDF_TYPE, ())]

    # Which resources are nodes: every subject and every non-literal object
    # (classes, the objects of rdf:type, are not), less the provenance layer.
    resources = set()
    for s, props in index.items():
        resources.add(s)
        for p, objs in props.items():
            if p != RDF_TYPE:
                resources.update(o for o in objs if not isinstance(o, Literal))
    if not provenance:
        hidden = {t for t in resources if _PROVENANCE_TYPES & set(types(t))}
        hidden |= {sel for t in hidden for sel in index.get(t, {}).get(OA + "hasSelector", ())}
        resources -= hidden

    G = nx.MultiDiGraph()
    for term in sorted(resources, key=_node_id):
        props = index.get(term, {})
        cls = _class_of(types(term))
        attrs = {"iri": _node_id(term), "label": _label(term, props), "class": cls,
                 "class_zh": zh_class.get(cls, cls)}
        values: dict[str, list] = defaultdict(list)
        for prop, attr in KEY_LITERALS.items():
            for lit in props.get(prop, ()):
                if isinstance(lit, Literal):
                    value = _literal_value(prop, lit)
                    if value is not None:
                        values[attr].append(value)
        for attr, vals in values.items():
            attrs[attr] = vals[0] if attr == "amount" else _join(vals)
        post = _posts(term, props, index)
        if post:
            attrs["post"] = post
        article = _articles(props, index)
        if article:
            attrs["article"] = article
        G.add_node(_node_id(term), **attrs)
    for term in sorted(resources, key=_node_id):
        for prop in sorted(index.get(term, {})):
            if prop == RDF_TYPE:
                continue
            zh, en = labels.of(prop)
            for obj in sorted(index[term][prop], key=lambda o: o.n3()):
                if isinstance(obj, Literal):
                    if not literals:
                        continue
                    target = _literal_id(obj)
                    if target not in G:
                        G.add_node(target, iri="", label=str(obj), **{"class": "Literal"},
                                   class_zh="字面值", datatype=str(obj.datatype or ""),
                                   lang=obj.language or "")
                elif obj in resources:
                    target = _node_id(obj)
                else:
                    continue
                G.add_edge(_node_id(term), target, key=prop, predicate=prop, prop=qname(prop),
                           label=zh, label_en=en)
    G.graph["name"] = "fupin-kg"
    return G


def _label(term, props) -> str:
    from rdflib import Literal

    for prop in _LABEL_PROPS:
        lits = [o for o in props.get(prop, ()) if isinstance(o, Literal)]
        if lits:
            return pick_label(lits)
    return qname(str(term))


def _posts(term, props, index) -> str:
    """A person's posts: the title as written, with the body when the title
    does not name it (``第一书记（市农业局）``)."""
    out = []
    for post in props.get(ORG + "holds", ()):
        pp = index.get(post, {})
        title = next(iter(pp.get(FP + "fullTitle", ()) or pp.get(FP + "title", ())), None)
        if title is None:
            continue
        text = str(title)
        for org in pp.get(ORG + "postIn", ()):
            org_name = _label(org, index.get(org, {}))
            if org_name not in text:
                text += f"（{org_name}）"
        out.append(text)
    return _join(out)


def _articles(props, index) -> str:
    """The articles a fact is told in: the stems of its evidence's sources."""
    out = []
    for ev in props.get(FP + "evidence", ()):
        for art in index.get(ev, {}).get(OA + "hasSource", ()):
            out.append(str(art).rstrip("/").rsplit("/", 1)[-1])
    return _join(out)


# --- views ---------------------------------------------------------------------------------

def _as_networkx(G):
    return G if hasattr(G, "nodes") and hasattr(G, "adj") else to_networkx(G)


def _out(G, node, prop: str) -> list[str]:
    """Targets of ``node``'s edges keyed ``prop`` (a full IRI)."""
    return sorted(v for _, v, k in G.out_edges(node, keys=True) if k == prop)


def _in(G, node, prop: str) -> list[str]:
    return sorted(u for u, _, k in G.in_edges(node, keys=True) if k == prop)


def _link(H, G, a, b, relation: str, label: str, via: str, keep) -> None:
    if a == b or not (keep(a) and keep(b)):
        return
    for n in (a, b):
        if n not in H:
            H.add_node(n, **G.nodes[n])
    if H.has_edge(a, b):
        d = H.edges[a, b]
        d["weight"] += 1
        for attr, value in (("relation", relation), ("label", label), ("via", via)):
            parts = d[attr].split(JOIN) if d[attr] else []
            if value and value not in parts:
                d[attr] = _join(parts + [value])
    else:
        H.add_edge(a, b, weight=1, relation=relation, label=label or "", via=via)


def people_view(G, *, classes=PEOPLE_CLASSES):
    """Who is connected to whom: an undirected ``networkx.Graph`` of people,
    teams, bodies and places (``classes``), linked through the facts that
    join them.

    Links: a person and the body (and the place) of a post they hold
    (``任职``, labelled with the post); an assignee, the village it is sent
    to and the dispatching unit, pairwise (``派驻``); a team and its unit
    (``隶属``); an event's agents and places (``活动``, labelled with the
    event).  Each edge has ``weight`` (the number of facts behind it),
    ``relation``, ``label`` and ``via`` (the facts' IRIs), joined with ``；``.

    >>> from kg.analysis import example_graph
    >>> P = people_view(to_networkx(example_graph()))
    >>> qian = "https://w3id.org/fupin-kg/id/person/qian-qi"
    >>> sorted(P.nodes[n]["label"] for n in P[qian])
    ['市农业局', '桃花村']
    >>> P.edges[qian, "https://w3id.org/fupin-kg/id/village/qing-shan-xian/tao-hua-cun"]["relation"]
    '活动；派驻'
    """
    import networkx as nx

    G = _as_networkx(G)
    wanted = set(classes)

    def keep(n) -> bool:
        return G.nodes[n].get("class") in wanted

    H = nx.Graph(name="people")
    for n, d in sorted(G.nodes(data=True)):
        cls = d.get("class")
        if cls == "Post":
            holders = sorted(set(_in(G, n, ORG + "holds")) | set(_out(G, n, ORG + "heldBy")))
            title = d.get("full_title") or d.get("title") or d.get("label", "")
            for person in holders:
                for org in _out(G, n, ORG + "postIn") + _out(G, n, FP + "postPlace"):
                    _link(H, G, person, org, "任职", title, n, keep)
        elif cls == "Assignment":
            role = d.get("role", "")
            assignees = _out(G, n, FP + "assignee")
            villages = _out(G, n, FP + "village")
            units = _out(G, n, FP + "dispatchingUnit")
            for a in assignees:
                for v in villages + units:
                    _link(H, G, a, v, "派驻", role, n, keep)
            for u in units:
                for v in villages:
                    _link(H, G, u, v, "派驻", role, n, keep)
        elif cls == "Team":
            for org in _out(G, n, ORG + "unitOf"):
                _link(H, G, n, org, "隶属", "", n, keep)
        elif cls == "Event":
            agents = _out(G, n, PROV + "wasAssociatedWith")
            places = _out(G, n, SDO + "location")
            ends = agents + places
            for i, a in enumerate(ends):
                for b in ends[i + 1:]:
                    if a in places and b in places:
                        continue             # two places of one event: not a link
                    _link(H, G, a, b, "活动", d.get("label", ""), n, keep)
    return H


def money_view(G, *, collapse: bool = False):
    """Where the money goes: a ``networkx.DiGraph`` provider → fund →
    recipient (a group, a body or a place).

    Fund nodes keep their attributes (``amount``, ``purpose`` …); every edge
    has ``amount`` and ``weight`` (both the fund's yuan).  With
    ``collapse=True`` the funds are folded into the edges: provider →
    recipient, with ``amount`` and ``weight`` summed, ``funds`` (their
    number) and ``purpose`` (joined); a fund with no provider or no
    recipient has the missing end as a node ``（未注明）``.

    >>> from kg.analysis import example_graph
    >>> M = money_view(to_networkx(example_graph()), collapse=True)
    >>> sorted((M.nodes[u]["label"], M.nodes[v]["label"], d["amount"]) for u, v, d in M.edges(data=True))
    [('县扶贫办', '桃花村', 800000.0), ('市民政局', '白沙县', 1200000.0), ('市财政', '青山县', 250000000.0)]
    """
    import networkx as nx

    G = _as_networkx(G)
    H = nx.DiGraph(name="money")
    unknown = "（未注明）"
    for n, d in sorted(G.nodes(data=True)):
        if d.get("class") != "Fund":
            continue
        amount = float(d.get("amount", 0.0))
        providers = _out(G, n, FP + "provider") + _out(G, n, SDO + "funder")
        recipients = _out(G, n, FP + "recipient") + _out(G, n, SDO + "recipient")
        for x in providers + recipients:
            if x not in H:
                H.add_node(x, **G.nodes[x])
        if collapse:
            for end in (providers, recipients):
                if not end:
                    if unknown not in H:
                        H.add_node(unknown, iri="", label=unknown, **{"class": ""}, class_zh="")
                    end.append(unknown)
            for p in providers:
                for r in recipients:
                    if H.has_edge(p, r):
                        e = H.edges[p, r]
                        e["amount"] += amount
                        e["weight"] += amount
                        e["funds"] += 1
                        e["purpose"] = _join(e["purpose"].split(JOIN) + [d.get("purpose", "")])
                    else:
                        H.add_edge(p, r, amount=amount, weight=amount, funds=1,
                                   purpose=d.get("purpose", ""))
        else:
            H.add_node(n, **d)
            for p in providers:
                H.add_edge(p, n, amount=amount, weight=amount, label="出资")
            for r in recipients:
                H.add_edge(n, r, amount=amount, weight=amount, label="受益")
    return H


def project(G, view: str = "people", **kw):
    """The projection ``view`` of ``G`` (a graph from :func:`to_networkx`, or
    an RDF graph or path): ``"people"`` (:func:`people_view`) or ``"money"``
    (:func:`money_view`); keywords go to that function.

    >>> from kg.analysis import example_graph
    >>> G = to_networkx(example_graph())
    >>> project(G, "people").number_of_nodes(), project(G, "money").number_of_edges()
    (10, 6)
    >>> project(G, "gossip")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: E240 unknown view 'gossip'; known: people, money
    """
    if view == "people":
        return people_view(G, **kw)
    if view == "money":
        return money_view(G, **kw)
    from kg.errors import UsageError

    raise UsageError(f"unknown view {view!r}; known: {', '.join(VIEWS)}", code="E240")


# --- tables ---------------------------------------------------------------------------------

_NODE_FIRST = ("id", "label", "class", "class_zh", "iri")
_EDGE_FIRST = ("source", "target", "key", "label", "label_en", "prop", "predicate")


def node_rows(G) -> tuple[list[str], list[dict]]:
    """The columns and rows of a node table of ``G``: ``id`` (the node),
    then its attributes (``label``, ``class`` … first, the rest sorted);
    a missing attribute is ``''``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("a", label="甲", amount=1.5); G.add_node("b")
    >>> node_rows(G)
    (['id', 'label', 'amount'], [{'id': 'a', 'label': '甲', 'amount': 1.5}, {'id': 'b', 'label': '', 'amount': ''}])
    """
    names = {k for _, d in G.nodes(data=True) for k in d}
    columns = ["id"] + [c for c in _NODE_FIRST[1:] if c in names]
    columns += sorted(names - set(columns))
    rows = []
    for n, d in G.nodes(data=True):
        row = {"id": n}
        row.update({c: d.get(c, "") for c in columns[1:]})
        rows.append(row)
    return columns, rows


def edge_rows(G) -> tuple[list[str], list[dict]]:
    """The columns and rows of an edge table of ``G``: ``source``,
    ``target``, ``key`` (a multigraph's edge key), then the attributes.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", key="p", label="担任")
    >>> edge_rows(G)
    (['source', 'target', 'key', 'label'], [{'source': 'a', 'target': 'b', 'key': 'p', 'label': '担任'}])
    """
    multi = G.is_multigraph()
    edges = list(G.edges(keys=True, data=True)) if multi else \
        [(u, v, None, d) for u, v, d in G.edges(data=True)]
    names = {k for *_, d in edges for k in d}
    columns = ["source", "target"] + (["key"] if multi else [])
    columns += [c for c in _EDGE_FIRST[3:] if c in names]
    columns += sorted(names - set(columns))
    rows = []
    for u, v, k, d in edges:
        row = {"source": u, "target": v}
        if multi:
            row["key"] = k
        for c in columns:
            if c not in row:
                row[c] = d.get(c, "")
        rows.append(row)
    return columns, rows
