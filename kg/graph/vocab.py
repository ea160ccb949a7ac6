"""The project's own vocabulary, as closed namespaces.

A term that is not declared here raises ``AttributeError`` when the code uses
it (rdflib's ``DefinedNamespace``), so a typo fails loudly instead of minting a
new, undeclared IRI.  Every term here is declared, with zh and en labels, in
``ontology/fupin.ttl``; ``tests/test_ontology.py`` checks both ways.

Standard vocabularies are reused where they fit (see ``docs/ontology.md``):
W3C ORG for posts and units, PROV-O for evidence and activities, SKOS for the
measure taxonomy, schema.org for articles, amounts, events and places, FOAF
for people and groups, and the W3C Web Annotation vocabulary (OA) for text
selectors.
"""
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["FP", "ID", "OA", "BASE", "ONTOLOGY_IRI", "bind_prefixes"]

BASE = "https://w3id.org/fupin-kg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")

#: Instances (people, villages, funds …) live under this namespace.
ID = Namespace(BASE + "id/")

#: W3C Web Annotation vocabulary (rdflib does not ship it).
OA = Namespace("http://www.w3.org/ns/oa#")


class FP(DefinedNamespace):
    """fupin-kg ontology terms (``fp:``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # --- classes -----------------------------------------------------------
    Person: URIRef             # a named person (foaf:Person, schema:Person)
    Post: URIRef               # a post held in a body (org:Post)
    Organization: URIRef       # a Party/government body, unit, company, paper (org:Organization)
    Team: URIRef               # a help team / work team sent to villages (org:OrganizationalUnit)
    Group: URIRef              # a group of people described, not named (贫困户, 村民)
    AdministrativeArea: URIRef  # schema:AdministrativeArea
    Province: URIRef
    Prefecture: URIRef         # 地级市, 州, 盟
    County: URIRef             # 县, 县级市, 区, 旗
    Township: URIRef           # 乡, 镇, 街道
    Village: URIRef            # 村, 社区
    Assignment: URIRef         # a person or team sent to a village (prov:Activity)
    Fund: URIRef               # a sum of money put in, raised, lent, granted or paid
    Measure: URIRef            # a named measure, mechanism, campaign (skos:Concept, prov:Plan)
    PolicyDocument: URIRef     # a named document 《…》 (a Measure and a foaf:Document)
    Event: URIRef              # something that happened on a day (schema:Event, prov:Activity)
    Evidence: URIRef           # where in the article a fact is said (oa:SpecificResource)

    # --- object properties -------------------------------------------------
    assignee: URIRef           # Assignment -> Person | Team
    village: URIRef            # Assignment -> Village
    dispatchingUnit: URIRef    # Assignment -> Organization
    provider: URIRef           # Fund -> agent or area that puts the money in
    recipient: URIRef          # Fund -> place or group the money goes to
    adoptedBy: URIRef          # Measure -> agent or area that adopted it
    postPlace: URIRef          # Post -> the proper place its title names (封丘县 of 封丘县委书记)
    evidence: URIRef           # any fact -> Evidence (sub-property of prov:wasDerivedFrom)

    # --- datatype properties -----------------------------------------------
    title: URIRef              # Post: the title as stated without the place name (县委书记)
    fullTitle: URIRef          # Post: the title as written (封丘县委书记)
    role: URIRef               # Assignment: the role of the assignee (第一书记, 帮扶工作队)
    purpose: URIRef            # Fund: what it is for, in the article's words
    amountText: URIRef         # Fund: the amount as written (3000 万元)
    flow: URIRef               # Fund: how the money moves, the article's verb (投入, 下拨)
    divisionCode: URIRef       # AdministrativeArea: the statistical division code
    levelSource: URIRef        # AdministrativeArea: "text" or "gazetteer": where its parents came from
    sentence: URIRef           # Evidence: the repaired sentence
    blockKind: URIRef          # Evidence: masthead, body, caption, chronicle …
    page: URIRef               # Evidence: the page of a PDF the span starts on (1, 2 …)
    sourceFile: URIRef         # schema:NewsArticle: the file name it was built from
    sha256: URIRef             # schema:NewsArticle: digest of the raw bytes
    readingOrder: URIRef       # any fact: "<article slug> <raw offset, 12 digits>", a sort key


def bind_prefixes(graph):
    """Bind the prefixes used in serialisations (deterministic output)."""
    from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

    for prefix, ns in (("fp", FP._NS), ("id", ID), ("oa", OA), ("org", ORG), ("prov", PROV),
                       ("skos", SKOS), ("schema", SDO), ("foaf", FOAF), ("rdf", RDF),
                       ("rdfs", RDFS), ("owl", OWL), ("xsd", XSD)):
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
