"""Several writers at once: parallel `tipgraph ingest` processes over overlapping report sets
give exactly the graph of one sequential run (no duplicate node or relationship, the same
provenance), and the writer's own guarantees behind that (an update equals a fresh write,
streamed loading equals batch writes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.rdf.build import record_to_graph
from graph.record import Gap
from graph.store.model import rows_from_graph
from graph.store.writer import ensure_schema, load_graphs, write_batch

from .conftest import empty_database
from .records import sample_record

TIPGRAPH = str(Path(sys.executable).parent / "tipgraph")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "reports"

# Fictional reports in the style of a news wire: the same ministries, committee, police and
# NGOs turn up in every one, and several state the same gaps, so writers collide on shared
# actors and on shared HAS_GAP relationships.
_MINISTERS = ["Chan Dara", "Keo Sovann", "Lim Bopha", "Meas Rithy"]
_PLACES = ["Battambang", "Kampot", "Kratie", "Takeo", "Pursat", "Kep", "Svay Rieng", "Koh Kong"]
_TEMPLATE = """Officials in {place} say trafficking response still falls short
Date: 20{year:02d}-0{month}-1{day}

Minister of Social Affairs {minister} told a provincial meeting in {place} that a lack of funding had held up two new shelters for survivors.

Sok Malis, deputy director of the National Committee for Counter Trafficking, said many survivors no longer trusted the courts.

The committee recorded {cases} trafficking cases in 20{prev:02d}, according to figures presented at the meeting.

Pen Sokha, of the NGO Legal Aid Network, said the government response was still too slow and urged the Anti-Human Trafficking Police to train more staff.

The Anti-Human Trafficking Police reports to the Ministry of Interior.

“We cannot protect victims without more shelters,” {minister} said.
"""


def fictional_reports(folder: Path, count: int = 8) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        text = _TEMPLATE.format(place=_PLACES[i % len(_PLACES)], year=15 + i % 6, month=1 + i % 9,
                                day=i % 10, minister=_MINISTERS[i % len(_MINISTERS)], cases=100 + 17 * i,
                                prev=14 + i % 6)
        path = folder / f"wire-{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def snapshot(driver, database: str) -> dict[str, object]:
    """Everything that must not differ between two loads of the same reports."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN coalesce(n.id, 'extraction:' + n.reportId) AS id, labels(n) AS labels, "
        "n.sources AS sources", database_=database)
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, r.key AS key, "
        "r.sources AS sources, r.evidence AS evidence", database_=database)
    node_ids = [r["id"] for r in nodes]
    rel_keys = [(r["start"], r["type"], r["end"], r["key"]) for r in rels]
    return {
        "node_count": len(node_ids),
        "rel_count": len(rel_keys),
        "duplicate_nodes": len(node_ids) - len(set(node_ids)),
        "duplicate_rels": len(rel_keys) - len(set(rel_keys)),
        "nodes": sorted((r["id"], tuple(sorted(r["labels"])), tuple(sorted(r["sources"] or ())))
                        for r in nodes),
        "rels": sorted((r["start"], r["type"], r["end"], r["key"] or "",
                        tuple(sorted(r["sources"] or ())), tuple(sorted(r["evidence"] or ())))
                       for r in rels),
    }


def _env(settings) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
            "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database}


def _ingest_processes(settings, file_sets: list[tuple[list[Path], int]]) -> list[subprocess.Popen]:
    return [subprocess.Popen([TIPGRAPH, "ingest", "--jobs", "1", "--batch-size", str(batch), "--quiet",
                              *map(str, files)],
                             env=_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for files, batch in file_sets]


@pytest.mark.slow  # bulk load
@pytest.mark.parametrize("writers", [2, 4])
def test_parallel_ingests_of_overlapping_sets_equal_one_sequential_run(
        writers, clean_db, neo4j_settings, tmp_path):
    database = neo4j_settings.database
    own = fictional_reports(tmp_path / "wire")
    examples = sorted(EXAMPLES.glob("*.txt"))
    everything = own + examples
    # every writer takes most of the reports, in its own order and batch size, so most
    # reports are written by several processes at about the same time
    file_sets = []
    for w in range(writers):
        files = everything[w:] + everything[:w]
        files = files[: len(files) - (w % 3)]
        file_sets.append((files if w % 2 == 0 else files[::-1], 1 + w % 3))
    covered = {p for files, _ in file_sets for p in files}

    procs = _ingest_processes(neo4j_settings, file_sets)
    outcomes = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for code, stderr in outcomes:
        assert code == 0, stderr
        assert "error" not in stderr.lower(), stderr
    parallel = snapshot(clean_db, database)

    empty_database(clean_db, database)
    sequential_run = subprocess.run([TIPGRAPH, "ingest", "--jobs", "1", "--quiet", *map(str, sorted(covered))],
                                    env=_env(neo4j_settings), capture_output=True, text=True, timeout=600)
    assert sequential_run.returncode == 0, sequential_run.stderr
    sequential = snapshot(clean_db, database)

    assert parallel["duplicate_nodes"] == 0
    assert parallel["duplicate_rels"] == 0
    assert sequential["rel_count"] > sequential["node_count"] > 23  # more than the gap taxonomy
    assert (parallel["node_count"], parallel["rel_count"]) == (sequential["node_count"], sequential["rel_count"])
    assert parallel["nodes"] == sequential["nodes"]
    assert parallel["rels"] == sequential["rels"]
    shared, _, _ = clean_db.execute_query(
        "MATCH (:Agency)-[r:HAS_GAP]->(:Gap) WHERE size(r.sources) > 1 RETURN count(r) AS n", database_=database)
    assert shared[0]["n"] > 0  # the reports did collide on shared facts


def _rows(report_id: str, content_hash: str, **kw):
    record = sample_record(report_id=report_id, content_hash=content_hash, **kw)
    return rows_from_graph(record_to_graph(record), record.report.id)


def test_an_updated_report_leaves_the_graph_a_fresh_load_would_make(clean_db, neo4j_settings):
    database = neo4j_settings.database
    ensure_schema(clean_db, database)
    extra = [Gap("Anti-Human Trafficking Department", "official-complicity", "Chan Dara", "Officers took bribes.")]
    write_batch(clean_db, database, [_rows("r1", "a"), _rows("r2", "a", extra_gaps=extra)])
    assert [r.status for r in write_batch(clean_db, database, [_rows("r2", "b", date="2021-05-01")])] == ["updated"]
    updated = snapshot(clean_db, database)

    empty_database(clean_db, database)
    ensure_schema(clean_db, database)
    write_batch(clean_db, database, [_rows("r1", "a")])
    write_batch(clean_db, database, [_rows("r2", "b", date="2021-05-01")])
    assert updated == snapshot(clean_db, database)


def test_a_batch_with_new_unchanged_and_updated_reports(clean_db, neo4j_settings):
    database = neo4j_settings.database
    ensure_schema(clean_db, database)
    write_batch(clean_db, database, [_rows("r1", "a"), _rows("r2", "a")])
    results = write_batch(clean_db, database, [_rows("r3", "a"), _rows("r1", "a"), _rows("r2", "changed")])
    assert [(r.report_id, r.status) for r in results] == [("r3", "created"), ("r1", "unchanged"), ("r2", "updated")]
    assert snapshot(clean_db, database)["duplicate_rels"] == 0


def test_streamed_loading_equals_one_batch_per_report(clean_db, neo4j_settings):
    database = neo4j_settings.database
    ensure_schema(clean_db, database)
    records = [sample_record(report_id=f"s{i}", content_hash=str(i), date=f"20{10 + i}-01-01") for i in range(7)]
    graphs = [(r.report.id, record_to_graph(r)) for r in records]
    results = list(load_graphs(clean_db, database, iter(graphs), batch_size=3))
    assert [r.status for r in results] == ["created"] * 7
    streamed = snapshot(clean_db, database)

    empty_database(clean_db, database)
    ensure_schema(clean_db, database)
    for report_id, graph in graphs:
        write_batch(clean_db, database, [rows_from_graph(graph, report_id)])
    assert streamed == snapshot(clean_db, database)
    assert [r.status for r in load_graphs(clean_db, database, iter(graphs), batch_size=4)] == ["unchanged"] * 7


def test_streamed_loading_raises_the_mapping_error(clean_db, neo4j_settings):
    database = neo4j_settings.database

    def broken():
        yield "r1", record_to_graph(sample_record())
        raise ValueError("unreadable graph")

    with pytest.raises(ValueError, match="unreadable graph"):
        list(load_graphs(clean_db, database, broken(), batch_size=5))
