"""The ontology declares every term the code uses, with zh and en labels."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO, SKOS, XSD

from graph_fixture import make_document, make_facts
from kg.graph.emit import to_rdf
from kg.graph.vocab import FP, OA, ONTOLOGY_IRI
from kg.validate import load_ontology, load_shapes, ontology_dir

SH = Namespace("http://www.w3.org/ns/shacl#")
FP_NS = str(FP._NS)

#: The terms of other vocabularies the emitter may use.
STANDARD_TERMS = {
    RDF.type, RDFS.label,
    FOAF.name,
    ORG.holds, ORG.heldBy, ORG.postIn, ORG.unitOf,
    PROV.wasAssociatedWith,
    SDO.NewsArticle, SDO.Place, SDO.headline, SDO.datePublished, SDO.publisher, SDO.mentions,
    SDO.containedInPlace, SDO.location, SDO.startDate, SDO.amount, SDO.currency,
    SKOS.ConceptScheme, SKOS.prefLabel, SKOS.inScheme,
    OA.hasSource, OA.hasSelector, OA.TextPositionSelector, OA.TextQuoteSelector,
    OA.start, OA.end, OA.exact,
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_dir() / "fupin.ttl", format="turtle")


@pytest.fixture(scope="module")
def emitted() -> Graph:
    doc = make_document()
    return to_rdf(doc, make_facts(doc))


def fp_terms() -> list[URIRef]:
    return sorted(FP[name] for name in FP.__annotations__)


def langs(g: Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def test_files_parse():
    for name in ("fupin.ttl", "labels.ttl", "shapes.ttl"):
        assert len(Graph().parse(ontology_dir() / name, format="turtle")) > 20, name


def test_ontology_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("fupin-kg developers")


@pytest.mark.parametrize("term", fp_terms(), ids=lambda t: t.split("#")[1])
def test_every_fp_term_is_declared_with_zh_and_en(onto, term):
    kinds = set(onto.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term
    assert {"zh", "en"} <= langs(onto, term, RDFS.label), term
    assert {"zh", "en"} <= langs(onto, term, SKOS.definition), term
    assert onto.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_ontology_declares_nothing_the_code_lacks(onto):
    declared = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(FP_NS)}
    assert declared == set(fp_terms())


@pytest.mark.parametrize("sub,sup", [
    (FP.Person, FOAF.Person), (FP.Person, SDO.Person), (FP.Post, ORG.Post),
    (FP.Organization, ORG.Organization), (FP.Team, ORG.OrganizationalUnit), (FP.Group, FOAF.Group),
    (FP.AdministrativeArea, SDO.AdministrativeArea), (FP.Province, FP.AdministrativeArea),
    (FP.Prefecture, FP.AdministrativeArea), (FP.County, FP.AdministrativeArea),
    (FP.Township, FP.AdministrativeArea), (FP.Village, FP.AdministrativeArea),
    (FP.Assignment, PROV.Activity), (FP.Measure, SKOS.Concept), (FP.Measure, PROV.Plan),
    (FP.PolicyDocument, FP.Measure), (FP.PolicyDocument, FOAF.Document),
    (FP.Event, SDO.Event), (FP.Event, PROV.Activity), (FP.Evidence, OA.SpecificResource),
])
def test_alignment_to_standard_classes(onto, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in onto


def test_evidence_property_is_a_derivation(onto):
    assert (FP.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom) in onto


def test_measure_scheme_declared(onto):
    scheme = URIRef("https://w3id.org/fupin-kg/id/scheme/measures")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    assert {"zh", "en"} <= langs(onto, scheme, RDFS.label)


def test_emitted_terms_are_declared(emitted):
    used = set(emitted.predicates()) | set(emitted.objects(None, RDF.type))
    undeclared = {t for t in used if not (str(t).startswith(FP_NS) and t in set(fp_terms()))
                  and t not in STANDARD_TERMS}
    assert not undeclared


def test_emitted_terms_have_zh_and_en_labels(emitted):
    labels = load_ontology()
    used = set(emitted.predicates()) | set(emitted.objects(None, RDF.type))
    missing = sorted(str(t) for t in used if not {"zh", "en"} <= langs(labels, t, RDFS.label))
    assert not missing


def test_shapes_have_english_messages():
    shapes = load_shapes()
    messages = list(shapes.subject_objects(SH.message))
    assert messages
    for subject in {s for s, _ in messages}:
        assert "en" in langs(shapes, subject, SH.message), subject


def test_shapes_target_only_declared_classes(onto):
    shapes = load_shapes()
    for cls in shapes.objects(None, SH.targetClass):
        assert cls in STANDARD_TERMS or (cls, RDF.type, OWL.Class) in onto, cls


def test_datatypes_of_literals_match_ranges(onto, emitted):
    # Declared ranges (langString, xsd:string) hold in the emitted data.
    for prop in fp_terms():
        rng = onto.value(prop, RDFS.range)
        if rng not in (RDF.langString, XSD.string):
            continue
        for value in emitted.objects(None, prop):
            if rng == RDF.langString:
                assert value.language == "zh", (prop, value)
            else:
                assert value.language is None and value.datatype in (None, XSD.string), (prop, value)
