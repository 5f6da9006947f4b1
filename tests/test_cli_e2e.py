"""End to end through the installed `tipgraph` console script against the real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def graph_counts(clean_db, neo4j_settings):
    """Nodes and relationships, read by the test's own driver: the commands are under test,
    the counts only check them (and a process each would cost half a second)."""
    def counts() -> tuple[int, int]:
        records, _, _ = clean_db.execute_query("MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() "
                                               "RETURN nodes, count(r) AS rels", database_=neo4j_settings.database)
        return records[0]["nodes"], records[0]["rels"]

    return counts


def test_ingest_examples_then_shared_gaps_and_idempotence(run, graph_counts):
    first = run("ingest", str(ROOT / "examples" / "reports"), str(ROOT / "examples" / "cases"))
    assert "0 failed" in first.stderr
    before = graph_counts()
    again = run("ingest", str(ROOT / "examples" / "reports"), str(ROOT / "examples" / "cases"))
    assert "0 created, 0 updated" in again.stderr
    assert graph_counts() == before
    pairs = json.loads(run("query", "shared-gaps", "--format", "json").stdout)
    assert pairs, "the example reports share gaps"
    for row in pairs:
        assert row["shared"] == len(row["gaps"]) >= 1
        assert row["reports"] >= 1
    csv_out = run("query", "shared-gaps", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("agency_a,agency_b,shared")


def test_cypher_is_read_only_unless_write(run, graph_counts):
    run("ingest", str(ROOT / "examples" / "reports"))
    before = graph_counts()
    refused = run("cypher", "MATCH (n) DETACH DELETE n", check=False)
    assert refused.returncode == 6
    assert "--write" in refused.stderr and "Traceback" not in refused.stderr
    assert graph_counts() == before
    rows = json.loads(run("cypher", "MATCH (g:Gap {gapId: $gap}) RETURN g.name AS name",
                          "--param", "gap=slow-response", "--format", "json").stdout)
    assert rows == [{"name": "Slow government response"}]
    run("cypher", "CREATE (:Scratch {id: 'x'})", "--write")
    assert graph_counts()[0] == before[0] + 1


def test_bad_files_beside_a_good_report(run, tmp_path):
    bad = tmp_path / "batch"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "good.txt").write_text((ROOT / "examples" / "reports" / "riverside-2019-shelter-shortfall.txt").read_text())
    proc = run("ingest", str(bad), check=False)
    assert proc.returncode == 2
    assert "empty.txt" in proc.stderr and "binary.txt" in proc.stderr
    assert "1 created" in proc.stderr and "2 failed" in proc.stderr
    assert "Traceback" not in proc.stderr
    rows = json.loads(run("cypher", "MATCH (r:Report) RETURN r.file AS file", "--format", "json").stdout)
    assert [r["file"] for r in rows] == ["good.txt"]


def test_extract_json_shape_without_database(run):
    out = run("extract", str(ROOT / "examples" / "reports" / "riverside-2019-shelter-shortfall.txt")).stdout
    record = json.loads(out)
    assert set(record) >= {"actors", "positions", "part_of", "gaps", "statistics", "statements", "criticisms", "cases"}
    assert all({"name", "type"} <= set(a) for a in record["actors"])
    assert all(g["evidence"] for g in record["gaps"])


@pytest.mark.skipif(not (SHARED / "reports").is_dir(), reason="needs ../shared/reports beside the checkout")
def test_seed_report_pairs_social_affairs_with_the_committee(run, graph_counts):
    seed = SHARED / "reports" / "phnompenhpost-2016-trafficking-unabated.txt"
    run("ingest", str(seed))
    before = graph_counts()
    run("ingest", str(seed))
    assert graph_counts() == before
    pairs = json.loads(run("query", "shared-gaps", "--format", "json").stdout)
    hits = [p for p in pairs if "victim-distrust-of-justice" in p["gaps"]
            and any("Social Affairs" in p[k] for k in ("agency_a", "agency_b"))
            and any("Committee" in p[k] for k in ("agency_a", "agency_b"))]
    assert hits, pairs


def test_extract_output_dir_gives_each_report_its_own_file(tmp_path):
    from click.testing import CliRunner

    from graph.cli import cli

    cases = ROOT / "examples" / "cases"  # the same register as .csv and as .json
    report = ROOT / "examples" / "reports" / "riverside-2019-shelter-shortfall.txt"
    out = tmp_path / "records"
    result = CliRunner().invoke(cli, ["extract", "-j", "1", "--output-dir", str(out), str(cases), str(report)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "mekong-case-register-2019.csv.json", "mekong-case-register-2019.json.json",
        "riverside-2019-shelter-shortfall.json"]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.iterdir())]
    assert [r["report"]["file"] for r in records][:2] == ["mekong-case-register-2019.csv",
                                                         "mekong-case-register-2019.json"]
    assert all(r["cases"] for r in records[:2])

    turtle = tmp_path / "ttl"
    result = CliRunner().invoke(cli, ["extract", "-j", "1", "--format", "turtle", "--output-dir", str(turtle), str(report)])
    assert result.exit_code == 0, result.output
    from rdflib import Graph

    graph = Graph().parse(turtle / "riverside-2019-shelter-shortfall.ttl", format="turtle")
    assert len(graph) > 50
