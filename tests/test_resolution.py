"""Entity resolution: name keys, gazetteer canonical names, judgements, duplicate candidates,
and one node for one ministry named differently by two reports."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from graph.resolve.candidates import ActorName, duplicate_candidates
from graph.resolve.judgements import add_judgement, load_judgements
from graph.resolve.keys import name_key, normalise_name
from graph.resolve.resolver import Resolver

TIPGRAPH = str(Path(sys.executable).parent / "tipgraph")


def test_name_keys_fold_case_articles_spelling_and_punctuation():
    assert name_key("The Ministry of Labour") == name_key("ministry of labor")
    assert name_key("Women’s Affairs Ministry") == name_key("Women's Affairs Ministry")
    assert normalise_name("Centre for Human Rights & Development") == "center for human rights and development"
    assert name_key('"}) DETACH DELETE n //') == "detach-delete-n"
    assert name_key("!!!").startswith("h")


def test_judgements_merge_names_and_change_the_fingerprint(tmp_path, monkeypatch):
    monkeypatch.setenv("TIPGRAPH_JUDGEMENTS", str(tmp_path / "j.yaml"))
    before = Resolver(load_judgements().merge_map())
    path = add_judgement("merge", ["Ministry of Labour and Vocational Training", "labour ministry", "MOLVT"])
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    after = Resolver(load_judgements().merge_map())
    assert after.key("labour ministry") == after.key("MOLVT") == "ministry-of-labor-and-vocational-training"
    assert before.fingerprint != after.fingerprint
    add_judgement("keep_apart", ["National Police", "National Police Commission"])
    assert load_judgements().keep_apart == (("National Police", "National Police Commission"),)


def test_bad_judgements_file_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "j.yaml"
    bad.write_text(yaml.safe_dump({"merge": [["only one"]]}))
    monkeypatch.setenv("TIPGRAPH_JUDGEMENTS", str(bad))
    from graph.errors import InputError
    with pytest.raises(InputError, match="j.yaml.*two or more"):
        load_judgements()


def test_candidates_use_blocking_and_find_acronyms_and_variants():
    actors = [ActorName("1", "Ministry of Labour"), ActorName("2", "Ministry of Labor and Vocational Training"),
              ActorName("3", "MOLVT"), ActorName("4", "Ministry of Interior"),
              ActorName("5", "Chan Dara", (), True), ActorName("6", "Dara", (), True)]
    pairs = {(c.a.id, c.b.id) for c in duplicate_candidates(actors)}
    assert ("2", "3") in pairs or ("3", "2") in pairs
    assert any({"1", "2"} == {a, b} for a, b in pairs)
    assert any({"5", "6"} == {a, b} for a, b in pairs)
    assert not any("4" in p for p in pairs)
    apart = duplicate_candidates(actors, keep_apart=[("Ministry of Labour", "Ministry of Labor and Vocational Training")])
    assert not any({"1", "2"} == {c.a.id, c.b.id} for c in apart)


def test_candidates_scale_without_all_pairs():
    actors = [ActorName(str(i), f"Provincial Office {i:05d} of Something") for i in range(20000)]
    started = time.perf_counter()
    duplicate_candidates(actors)
    assert time.perf_counter() - started < 20  # 20k actors: all pairs would be 2e8 comparisons


def test_two_reports_naming_one_ministry_differently_make_one_node(clean_db, neo4j_settings, tmp_path):
    one = tmp_path / "one.txt"
    two = tmp_path / "two.txt"
    one.write_text("Ministry says inspections lag\nDate: 2020-01-05\n\n"
                   "The Ministry of Labour and Vocational Training said on Monday that it lacked the "
                   "inspectors needed to check recruitment agencies in Cambodia.\n")
    two.write_text("MOLVT admits funding gap\nDate: 2021-02-07\n\n"
                   "Cambodia's MOLVT said its anti-trafficking budget was too small to fund "
                   "inspections of brokers in Phnom Penh.\n")
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database,
           "TIPGRAPH_JUDGEMENTS": str(tmp_path / "j.yaml")}
    proc = subprocess.run([TIPGRAPH, "ingest", str(one), str(two)], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    records, _, _ = clean_db.execute_query(
        "MATCH (r:Report)-[:MENTIONS]->(a:Ministry) RETURN a.id AS id, collect(r.file) AS files",
        database_=neo4j_settings.database)
    labour = [r for r in records if "labor" in r["id"]]
    assert len(labour) == 1, records
    assert sorted(labour[0]["files"]) == ["one.txt", "two.txt"]


def test_candidates_are_blocked_by_country_and_named_with_it():
    actors = [ActorName("kh-moh", "Ministry of Health", ("MOH",), False, "Cambodia", "Ministry"),
              ActorName("id-moh", "Ministry of Health", ("MOH",), False, "Indonesia", "Ministry"),
              ActorName("id-health", "Health Ministry", (), False, "Indonesia", "Ministry"),
              ActorName("mm-gov", "Government of Burma", ("government",), False, "Burma", "GovernmentBody"),
              ActorName("id-gov", "Government of Indonesia", ("government",), False, "Indonesia", "GovernmentBody"),
              ActorName("io-1", "UNODC", (), False, "Cambodia", "InternationalOrganization"),
              ActorName("io-2", "UN Office on Drugs and Crime", ("UNODC",), False, "Thailand",
                        "InternationalOrganization")]
    pairs = {frozenset((c.a.id, c.b.id)) for c in duplicate_candidates(actors)}
    assert frozenset(("kh-moh", "id-moh")) not in pairs
    assert frozenset(("mm-gov", "id-gov")) not in pairs
    assert frozenset(("id-moh", "id-health")) in pairs
    assert frozenset(("io-1", "io-2")) in pairs  # international bodies cross borders
    assert actors[0].label == "Ministry of Health (Cambodia, Ministry)"
