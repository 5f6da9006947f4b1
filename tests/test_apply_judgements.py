"""Judgements that apply: `resolve merge` joins two nodes of the loaded graph at once (their
relationships and evidence), `resolve keep-apart` splits them back, without reading any report
again; `ingest --force` rewrites unchanged reports.

Two fictional reports about the invented Norland name one coast guard in two ways.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.resolve.apply import apply_judgements
from graph.resolve.judgements import add_judgement, load_judgements
from graph.rdf.build import record_to_graph
from graph.record import Actor, Criticism, ExtractionRecord, Gap, Position, ReportMeta
from graph.resolve.resolver import fresh_resolver
from graph.store.model import rows_from_graph
from graph.store.writer import ensure_schema, write_batch

from .conftest import tipgraph_in_process

DB = "neo4j"
TIPGRAPH = str(Path(sys.executable).parent / "tipgraph")


def records() -> list[ExtractionRecord]:
    def meta(rid: str) -> ReportMeta:
        return ReportMeta(file=f"{rid}.txt", id=rid, title=f"Norland coast {rid}", date="2022-04-01",
                          country="Norland", content_hash=rid)

    first = ExtractionRecord(
        report=meta("coast-a"),
        actors=[Actor("Norland Coast Guard", "LawEnforcement"), Actor("Aru Tenka", "Person")],
        positions=[Position("Aru Tenka", "Norland Coast Guard", "Commander", "Commander Aru Tenka spoke.")],
        gaps=[Gap("Norland Coast Guard", "insufficient-funding", None, "The guard had no fuel for patrols.")])
    second = ExtractionRecord(
        report=meta("coast-b"),
        actors=[Actor("Coastal Protection Force", "LawEnforcement"), Actor("Tide Watch", "NGO")],
        gaps=[Gap("Coastal Protection Force", "slow-response", None, "The force took days to answer calls.")],
        criticisms=[Criticism("Tide Watch", "Coastal Protection Force", "Tide Watch said the force ignored boats.")])
    return [first, second]


@pytest.fixture
def judged(clean_db, tmp_path, monkeypatch):
    monkeypatch.setenv("TIPGRAPH_JUDGEMENTS", str(tmp_path / "judgements.yaml"))
    ensure_schema(clean_db, DB)
    resolver = fresh_resolver(load_judgements())
    write_batch(clean_db, DB, [rows_from_graph(record_to_graph(r, resolver), r.report.id, r) for r in records()])
    return clean_db


def guards(driver) -> list[dict]:
    rows, _, _ = driver.execute_query(
        """
        MATCH (a:LawEnforcement)
        OPTIONAL MATCH (a)-[r:HAS_GAP|HOLDS_POSITION|CRITICISED]-(other)
        WITH a, r, other ORDER BY type(r), other.name
        RETURN a.name AS name, a.names AS names, a.sources AS sources,
               collect(type(r) + ':' + coalesce(other.gapId, other.name)) AS links,
               reduce(ev = [], x IN collect(r.evidence) | ev + x) AS evidence
        ORDER BY name""", database_=DB)
    return [r.data() for r in rows]


def test_merge_joins_two_nodes_in_the_loaded_graph_and_keep_apart_splits_them(judged):
    before = guards(judged)
    assert [g["name"] for g in before] == ["Coastal Protection Force", "Norland Coast Guard"]

    add_judgement("merge", ["Norland Coast Guard", "Coastal Protection Force"])
    started = time.perf_counter()
    result = apply_judgements(judged, DB, ["Norland Coast Guard", "Coastal Protection Force"])
    merged = guards(judged)
    elapsed = time.perf_counter() - started
    # only the report whose actor changes is rewritten
    assert (result.reports, result.unchanged, result.missing) == (["coast-b"], ["coast-a"], [])
    assert len(merged) == 1, merged
    node = merged[0]
    assert node["name"] == "Norland Coast Guard"
    assert sorted(node["names"]) == ["Coastal Protection Force", "Norland Coast Guard"]
    assert sorted(node["sources"]) == ["coast-a", "coast-b"]
    assert node["links"] == ["CRITICISED:Tide Watch", "HAS_GAP:insufficient-funding", "HAS_GAP:slow-response",
                             "HOLDS_POSITION:Aru Tenka"]
    assert sorted(node["evidence"]) == sorted([
        "Commander Aru Tenka spoke.", "The guard had no fuel for patrols.",
        "The force took days to answer calls.", "Tide Watch said the force ignored boats."])

    add_judgement("keep_apart", ["Norland Coast Guard", "Coastal Protection Force"])
    assert load_judgements().merge == ()
    started = time.perf_counter()
    apply_judgements(judged, DB, ["Norland Coast Guard", "Coastal Protection Force"])
    assert guards(judged) == before
    # the first run in a process also loads the gazetteer and has Neo4j plan the statements
    # that remove a report's contribution; from then on a judgement reaches the next query
    # within about a second (0.2–1.7 s on two cores shared by four test runs)
    again = time.perf_counter() - started
    assert again < 3, f"judgement to query took {elapsed:.2f} s, then {again:.2f} s"


def test_resolve_merge_on_the_cli_applies_at_once(judged, neo4j_settings, tmp_path):
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database}
    proc = subprocess.run([TIPGRAPH, "resolve", "merge", "Norland Coast Guard", "Coastal Protection Force"],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "1 report(s) rewritten, 1 unchanged" in proc.stderr
    assert len(guards(judged)) == 1
    # the installed command above; the same main() in this process below
    in_process = tipgraph_in_process(env)
    in_process("resolve", "keep-apart", "Coastal Protection Force", "Norland Coast Guard")
    assert len(guards(judged)) == 2
    in_process("resolve", "apply")


def test_ingest_force_rewrites_unchanged_reports(clean_db, neo4j_settings, tmp_path):
    report = tmp_path / "force.txt"
    report.write_text("Norland shelters short of staff\nDate: 2022-06-01\n\n"
                      "The Ministry of Welfare of Norland said it lacked the staff to run its shelters.\n")
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database,
           "TIPGRAPH_JUDGEMENTS": str(tmp_path / "j.yaml")}
    first = subprocess.run([TIPGRAPH, "ingest", str(report)], env=env, capture_output=True, text=True)
    assert first.returncode == 0 and "1 created" in first.stderr, first.stderr
    in_process = tipgraph_in_process(env)  # the same main(), without a second and third start-up
    again = in_process("ingest", str(report))
    assert "1 unchanged" in again.stderr, again.stderr
    forced = in_process("ingest", "--force", str(report))
    assert forced.returncode == 0 and "1 updated" in forced.stderr, forced.stderr
    stored, _, _ = clean_db.execute_query("MATCH (x:Extraction) RETURN x.reportId AS id", database_=DB)
    assert [r["id"] for r in stored] == ["force.txt"]
