"""The RDF stage: ontology terms, gap scheme, builder, SHACL."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from graph.errors import ExtractionError, ValidationError
from graph.paths import schema_file
from graph.rdf.build import record_to_graph
from graph.rdf.gapscheme import gap_iri, gap_scheme_graph
from graph.rdf.shacl import ensure_valid, validate
from graph.rdf.vocab import TG
from graph.record import Gap
from graph.schema.taxonomy import load_taxonomy

from .records import HOSTILE, sample_record


def test_closed_namespace_rejects_unknown_terms():
    assert str(TG.GapClaim).endswith("#GapClaim")
    with pytest.raises(AttributeError):
        TG.GapClaims  # noqa: B018 - a typo must fail


def test_published_gap_scheme_is_in_sync_with_the_taxonomy():
    published = Graph().parse(schema_file("gaps.ttl"), format="turtle")
    assert isomorphic(published, gap_scheme_graph())


def test_gap_scheme_keeps_ids_and_broader():
    g = gap_scheme_graph()
    taxonomy = load_taxonomy()
    from rdflib import SKOS
    for concept in taxonomy.concepts.values():
        assert (gap_iri(concept.id), SKOS.notation, Literal(concept.id)) in g
        if concept.broader:
            assert (gap_iri(concept.id), SKOS.broader, gap_iri(concept.broader)) in g
    assert str(gap_iri("weak-law-enforcement")) == "https://w3id.org/tipgraph/gap/weak-law-enforcement"


def test_builder_is_deterministic_and_valid():
    first, second = record_to_graph(sample_record()), record_to_graph(sample_record())
    assert isomorphic(first, second)
    assert set(first) == set(second)  # no blank nodes: the very same triples
    assert validate(first).conforms


def test_every_claim_traces_to_its_report_with_evidence():
    g = record_to_graph(sample_record())
    report = URIRef("https://w3id.org/tipgraph/id/report/r1")
    claims = [s for s, _, o in g.triples((None, RDF.type, None)) if o in
              (TG.Position, TG.PartOf, TG.GapClaim, TG.Statement, TG.Statistic, TG.Criticism, TG.Case)]
    assert len(claims) == 11
    for claim in claims:
        assert (claim, PROV.wasDerivedFrom, report) in g
        assert list(g.objects(claim, TG.evidence)), claim


def test_aliases_resolve_to_one_actor_and_spellings_unify():
    rec = sample_record()
    rec.actors.append(rec.actors[2].__class__("Ministry of Labour", "Ministry"))
    g = record_to_graph(rec)
    agencies = set(g.subjects(RDF.type, TG.Agency))
    assert URIRef("https://w3id.org/tipgraph/id/agency/cambodia/ministry-of-labor") in agencies
    # "NCCT" in a gap and the committee's full name are the same node
    ncct = URIRef("https://w3id.org/tipgraph/id/agency/cambodia/national-committee-for-counter-trafficking")
    assert any(g.triples((None, TG.agency, ncct)))


def test_hostile_and_unicode_names_make_safe_iris():
    g = record_to_graph(sample_record(hostile=True))
    for s in set(g.subjects()):
        assert not any(ch in str(s) for ch in '"`{}<> '), s
    names = {str(o) for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert any(HOSTILE in n for n in names)
    assert any("ព្រះរាជាណាចក្រ" in n for n in names)
    assert validate(g).conforms


def test_unknown_gap_id_is_an_error_naming_the_report():
    rec = sample_record(extra_gaps=[Gap("government", "not-a-gap")])
    with pytest.raises(ExtractionError, match="r1.txt.*not-a-gap"):
        record_to_graph(rec)


def test_shacl_rejects_a_claim_without_its_report():
    g = record_to_graph(sample_record())
    for claim in list(g.subjects(RDF.type, TG.GapClaim))[:1]:
        g.remove((claim, PROV.wasDerivedFrom, None))
    with pytest.raises(ValidationError, match="trace to the report"):
        ensure_valid(g, path="broken.txt")


def test_a_report_without_a_date_takes_its_year_from_the_file_name(tmp_path):
    from graph.extract import extract
    from graph.loaders import load_report
    from graph.store.model import rows_from_graph

    path = tmp_path / "labour-review-2017-norland.txt"
    path.write_text("Labour review\n\nThe Ministry of Labour said it lacks inspectors.\n", encoding="utf-8")
    record = extract(load_report(path))
    graph = record_to_graph(record)
    ensure_valid(graph, path=str(path))
    report = URIRef(f"https://w3id.org/tipgraph/id/report/{record.report.id}")
    assert graph.value(report, TG.year) == Literal(2017)
    assert rows_from_graph(graph, record.report.id).report["year"] == 2017
