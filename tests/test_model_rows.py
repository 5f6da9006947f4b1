"""rows_from_graph reads a graph's own in-memory index (issue 16): same rows as the public path."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

import graph.store.model as model
from graph.rdf.build import record_to_graph
from graph.store.model import rows_from_graph

from .records import sample_record


def _public_rows(graph: Graph, report_id: str):
    real = model._own_spo
    model._own_spo = lambda _graph: None
    try:
        return rows_from_graph(graph, report_id)
    finally:
        model._own_spo = real


def _canonical(rows) -> tuple:
    claims = {label: sorted(items, key=lambda item: item["id"]) for label, items in rows.claim_nodes.items()}
    actors = {labels: sorted(items, key=lambda item: item["id"]) for labels, items in rows.actors.items()}
    rels = {t: sorted((r.as_param() for r in items), key=repr) for t, items in rows.rels.items()}
    return rows.report, actors, claims, rels, rows.triples


def test_the_fast_index_gives_the_rows_of_the_public_path():
    for record in (sample_record("r1"), sample_record("r2", "h2", hostile=True)):
        graph = record_to_graph(record)
        assert model._own_spo(graph) is not None  # the fast path is taken
        assert _canonical(rows_from_graph(graph, record.report.id)) == _canonical(_public_rows(graph, record.report.id))


def test_removed_triples_leave_no_trace_in_the_fast_index():
    record = sample_record("r1")
    graph = record_to_graph(record)
    expected = _canonical(_public_rows(graph, "r1"))
    extra = (URIRef("https://example.org/x"), URIRef("https://example.org/p"), URIRef("https://example.org/y"))
    graph.add(extra)
    graph.remove(extra)
    assert _canonical(rows_from_graph(graph, "r1")) == expected


def test_a_graph_sharing_its_store_takes_the_public_path():
    dataset = Dataset()
    named = dataset.graph(URIRef("https://example.org/g"))
    for triple in record_to_graph(sample_record("r1")):
        named.add(triple)
    dataset.graph(URIRef("https://example.org/other")).add(
        (URIRef("https://example.org/x"), URIRef("https://example.org/p"), URIRef("https://example.org/y")))
    assert model._own_spo(named) is None
    assert _canonical(rows_from_graph(named, "r1"))[1:] == _canonical(_public_rows(named, "r1"))[1:]


def test_a_claim_or_link_a_report_lists_twice_is_written_once():
    """The batch writer takes a report's claims and their links as the report's rows are, without
    a merged copy (issue 16): duplicates must still collapse as MERGE would collapse them."""
    from graph.store.model import RelRow
    from graph.store.model import claims_with_links

    rows = rows_from_graph(record_to_graph(sample_record("r1")), "r1")
    statement = rows.claim_nodes["Statement"][0]
    rows.claim_nodes["Statement"].append({**statement, "name": "renamed"})
    speaker = next(rel for rel in rows.rels["STATED"] if rel.end == statement["id"])
    rows.rels["STATED"].append(RelRow(speaker.start, speaker.end, "r1"))
    claims = {claim["props"]["id"]: claim for claim in claims_with_links(rows)}
    assert len(claims) == sum(len(items) for items in rows.claim_nodes.values()) - 1
    merged = claims[statement["id"]]
    assert merged["props"]["name"] == "renamed" and statement["name"] != "renamed"  # the report's row is kept
    assert [link["actor"] for link in merged["in"]].count(speaker.start) == 1
    assert all(link["sources"] == ["r1"] for claim in claims.values() for link in claim["in"] + claim["out"])


def test_a_link_to_a_claim_the_report_does_not_have_is_refused():
    import pytest

    from graph.errors import DatabaseError
    from graph.store.model import RelRow
    from graph.store.model import claims_with_links

    rows = rows_from_graph(record_to_graph(sample_record("r1")), "r1")
    rows.rels["STATED"].append(RelRow("https://example.org/someone", "https://example.org/elsewhere", "r1"))
    with pytest.raises(DatabaseError, match="belongs to no statement"):
        claims_with_links(rows)
