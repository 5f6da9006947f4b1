"""Redaction of private people: who is protected, pseudonym consistency, quotes and evidence."""

from __future__ import annotations

import json

import pytest

from .exporter_fixtures import HOSTILE_NAME, iri, sample_subgraph
from graph.errors import ExportError
from graph.exporters import export
from graph.privacy.subgraph import PSEUDONYM_ID_PREFIX, REDACTED, private_people, redact
from graph.subgraph import Node, Relationship, Subgraph


def _all_text(sg: Subgraph) -> str:
    return json.dumps([[n.id, n.properties] for n in sg.nodes.values()]
                      + [[r.start, r.end, r.properties] for r in sg.relationships], ensure_ascii=False)


def test_private_people_are_victims_and_people_without_a_public_role():
    # sokha holds a position, hostile is flagged public; the victim and the bystander are private
    assert private_people(sample_subgraph()) == sorted([iri("person/victim"), iri("person/bystander")])


def test_a_flagged_victim_is_private_even_with_a_position():
    sg = Subgraph.of([Node("p", ("Person",), {"name": "W", "role": "witness", "public": True}),
                      Node("o", ("Agency",), {"name": "O"})], [Relationship("HOLDS_POSITION", "p", "o")])
    assert private_people(sg) == ["p"]


def test_pseudonymise_is_deterministic_by_sorted_id_and_consistent():
    out = redact(sample_subgraph())
    # sorted ids: .../person/bystander < .../person/victim
    bystander, victim = f"{PSEUDONYM_ID_PREFIX}1", f"{PSEUDONYM_ID_PREFIX}2"
    assert out.nodes[bystander].name == "Person 1" and out.nodes[victim].name == "Person 2"
    assert out.nodes[victim].properties == {"id": victim, "name": "Person 2"}  # role etc. gone
    assert iri("person/victim") not in out.nodes and iri("person/bystander") not in out.nodes
    text = _all_text(out)
    assert "Dara Chenda" not in text and "Nalin Phromma" not in text
    criticism = next(r for r in out.relationships if r.type == "CRITICISED" and r.start == iri("org/ngo"))
    assert criticism.properties["evidence"] == ["The alliance said police ignored Person 2 and Person 1 for weeks."]
    case = out.nodes[iri("case/1")]
    assert case.properties["people"] == ["Person 2", "Person 1"]
    mentions = {(r.start, r.end) for r in out.relationships if r.type == "MENTIONS"}
    assert (iri("case/1"), victim) in mentions and (iri("case/1"), bystander) in mentions
    assert redact(sample_subgraph()).nodes.keys() == out.nodes.keys()  # same input, same output


def test_quotes_of_private_people_are_removed_in_both_modes():
    for mode in ("pseudonymise", "drop"):
        out = redact(sample_subgraph(), mode=mode)
        assert iri("statement/2") not in out.nodes
        assert iri("statement/1") in out.nodes  # the minister's quote stays
        assert all(iri("statement/2") not in (r.start, r.end) for r in out.relationships)


def test_officials_and_public_people_are_untouched():
    out = redact(sample_subgraph())
    assert out.nodes[iri("person/sokha")].name == "Sokha Vannak"
    assert out.nodes[iri("person/hostile")].name == HOSTILE_NAME
    holds = next(r for r in out.relationships if r.type == "HOLDS_POSITION")
    assert "Sokha Vannak" in holds.properties["evidence"][0]


def test_drop_removes_people_their_edges_and_their_names():
    out = redact(sample_subgraph(), mode="drop")
    assert not any(n.id.startswith(PSEUDONYM_ID_PREFIX) for n in out.nodes.values())
    assert {iri("person/victim"), iri("person/bystander")}.isdisjoint(out.nodes)
    assert all(r.start in out.nodes and r.end in out.nodes for r in out.relationships)
    investigated = next(r for r in out.relationships if r.type == "INVESTIGATED")
    assert investigated.properties["evidence"] == [f"Police questioned {REDACTED} about the Blue Horizon boats."]


def test_names_match_regardless_of_case_and_longest_first():
    sg = Subgraph.of([Node("p", ("Person",), {"name": "Dara Chenda", "aliases": ["Dara"]}),
                      Node("o", ("Agency",), {"name": "Police"})],
                     [Relationship("MENTIONS", "o", "p", {"evidence": ["DARA CHENDA met police; Dara left."]})])
    out = redact(sg)
    assert out.relationships[0].properties["evidence"] == ["Person 1 met police; Person 1 left."]


def test_redacted_subgraph_exports_without_the_names(tmp_path):
    for fmt in ("json", "ftm", "html"):
        path = tmp_path / f"r.{fmt}"
        export(redact(sample_subgraph()), fmt, path)
        text = path.read_text(encoding="utf-8")
        assert "Dara Chenda" not in text and "Nalin Phromma" not in text and "Person 2" in text


def test_unknown_mode_is_an_error():
    with pytest.raises(ExportError, match="redaction mode"):
        redact(sample_subgraph(), mode="blur")
