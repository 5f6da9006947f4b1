"""Writing RDF into the real Neo4j: idempotence, provenance, updates, hostile names, shared gaps."""

from __future__ import annotations

import pytest

from graph.rdf.build import record_to_graph
from graph.record import Gap
from graph.store.model import rows_from_graph
from graph.store.writer import ensure_schema, write_batch, write_batches
from graph.queries import run_named

from .records import HOSTILE, sample_record

DB = "neo4j"


def rows(**kw):
    record = sample_record(**kw)
    return rows_from_graph(record_to_graph(record), record.report.id)


def counts(driver):
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels",
        database_=DB)
    return records[0]["nodes"], records[0]["rels"]


@pytest.fixture
def db(clean_db):
    ensure_schema(clean_db, DB)
    return clean_db


def test_ingesting_twice_changes_nothing(db):
    assert [r.status for r in write_batch(db, DB, [rows()])] == ["created"]
    before = counts(db)
    assert [r.status for r in write_batch(db, DB, [rows()])] == ["unchanged"]
    assert counts(db) == before


def test_a_fact_from_two_reports_is_one_relationship_with_two_sources(db):
    write_batch(db, DB, [rows(report_id="r1")])
    write_batch(db, DB, [rows(report_id="r2", content_hash="x")])
    records, _, _ = db.execute_query(
        "MATCH (a:Agency {name: 'Ministry of Social Affairs'})-[r:HAS_GAP]->(g:Gap {gapId: 'insufficient-funding'}) "
        "RETURN count(r) AS n, r.sources AS sources, r.evidenceSources AS ev, r.saidBy AS saidBy", database_=DB)
    rec = records[0]
    assert rec["n"] == 1
    assert sorted(rec["sources"]) == ["r1", "r2"]
    assert sorted(rec["ev"]) == ["r1", "r2"]
    assert rec["saidBy"] == ["Chan Dara", "Chan Dara"]


def test_updated_report_replaces_only_its_own_contribution(db):
    write_batch(db, DB, [rows(report_id="r1")])
    write_batch(db, DB, [rows(report_id="r2", content_hash="a")])
    baseline = counts(db)
    extra = [Gap("Anti-Human Trafficking Department", "official-complicity", None, "Officers took bribes.")]
    assert write_batch(db, DB, [rows(report_id="r2", content_hash="b", extra_gaps=extra)])[0].status == "updated"
    assert counts(db) == (baseline[0], baseline[1] + 1)
    write_batch(db, DB, [rows(report_id="r2", content_hash="c")])
    assert counts(db) == baseline
    records, _, _ = db.execute_query(
        "MATCH ()-[r:HAS_GAP]->() RETURN collect(DISTINCT size(r.sources)) AS sizes", database_=DB)
    assert records[0]["sizes"] == [2]


def test_a_batch_is_all_or_nothing(db):
    good = rows(report_id="good")
    bad = rows(report_id="bad")
    bad.rels["HAS_GAP"][0].start = "https://w3id.org/tipgraph/id/agency/x"  # no such node: MATCH drops it
    bad.claim_nodes["Statement"][0]["quote"] = {"not": "a property value"}  # maps are not property values
    with pytest.raises(Exception):
        write_batch(db, DB, [good, bad])
    assert counts(db)[0] == 23  # only the gap taxonomy: the good report was rolled back too


def test_hostile_names_are_stored_verbatim_and_delete_nothing(db):
    write_batch(db, DB, [rows(hostile=True)])
    records, _, _ = db.execute_query("MATCH (a:NGO) RETURN a.name AS name", database_=DB)
    assert HOSTILE in records[0]["name"]
    assert counts(db)[0] > 23


def test_shared_gaps_pairs_agencies_with_support(db):
    write_batch(db, DB, [rows(report_id="r1"), rows(report_id="r2", content_hash="z", date="2021-01-01")])
    result = run_named(db, DB, "shared-gaps")
    pairs = {(r["agency_a"], r["agency_b"]): r for r in result}
    pair = pairs[("Ministry of Social Affairs", "National Committee for Counter Trafficking")]
    assert pair["gaps"] == ["victim-distrust-of-justice"]
    assert pair["reports"] == 2
    assert run_named(db, DB, "shared-gaps", since=2020)[0]["reports"] == 1
    assert run_named(db, DB, "shared-gaps", minShared=2) == []
    broad = run_named(db, DB, "shared-gaps", level="broad")
    assert broad[0]["gaps"] == ["victim-access-to-justice"]


def test_parallel_writers_give_the_graph_of_one_writer(db):
    reports = [rows(report_id=f"p{i}", content_hash=f"h{i}") for i in range(12)]
    results = list(write_batches(db, DB, ([r] for r in reports), writers=3))
    assert [r.report_id for r in results] == [f"p{i}" for i in range(12)]  # input order
    assert {r.status for r in results} == {"created"}
    parallel = counts(db)
    db.execute_query("MATCH (n) DETACH DELETE n", database_=DB)
    ensure_schema(db, DB)
    for report in reports:
        write_batch(db, DB, [report])
    assert counts(db) == parallel


def test_a_report_listed_twice_ends_as_its_last_version(db):
    first = rows(report_id="twice", content_hash="v1")
    extra = [Gap("Anti-Human Trafficking Department", "official-complicity", None, "Officers took bribes.")]
    last = rows(report_id="twice", content_hash="v2", extra_gaps=extra)
    results = list(write_batches(db, DB, [[first], [rows(report_id="other")], [last]], writers=2))
    assert [r.status for r in results] == ["created", "created", "updated"]
    records, _, _ = db.execute_query(
        "MATCH (r:Report {reportId: 'twice'}) RETURN r.contentHash AS hash", database_=DB)
    assert records[0]["hash"] == "v2"


def test_a_failed_batch_keeps_the_batches_written_in_parallel(db):
    bad = rows(report_id="bad")
    bad.claim_nodes["Statement"][0]["quote"] = {"not": "a property value"}
    written = []
    with pytest.raises(Exception):
        for result in write_batches(db, DB, [[bad], [rows(report_id="ok", content_hash="k")]], writers=2):
            written.append(result.report_id)
    ids = {r["id"] for r in db.execute_query("MATCH (r:Report) RETURN r.reportId AS id", database_=DB)[0]}
    assert "bad" not in ids
    assert set(written) == ids  # every report committed was reported as written


def test_the_cyclic_collector_runs_rarely_while_batches_are_written_and_as_before_after(db):
    """Rows form no reference cycles; the collector walking everything alive every few
    thousand allocations only took CPU from the server (bench_load). Its thresholds are back
    afterwards, also after an error, and a collector switched off stays off."""
    import gc

    reports = [rows(report_id=f"g{i}", content_hash=f"h{i}") for i in range(3)]
    before = gc.get_threshold()
    seen = [gc.get_threshold()[0] for _ in write_batches(db, DB, ([r] for r in reports), writers=2)]
    assert all(young >= 50_000 for young in seen) and len(seen) == 3
    assert gc.get_threshold() == before

    def failing():
        yield [reports[0]]
        raise RuntimeError("the batches' source broke")

    with pytest.raises(RuntimeError):
        list(write_batches(db, DB, failing(), writers=2))
    assert gc.get_threshold() == before
    gc.set_threshold(0)
    try:
        list(write_batches(db, DB, ([r] for r in reports), writers=2))
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_a_written_batch_leaves_no_rows_in_the_drivers_cyclic_garbage(db):
    """The driver's Result keeps its parameters and is freed only by the cyclic collector,
    which runs rarely during a load: the rows a batch was written with must not stay alive
    with it (the ingest process's memory swung with thousands of reports' rows)."""
    import gc

    gc.collect()
    gc.disable()
    try:
        list(write_batches(db, DB, [[rows(report_id="kept", content_hash="k1")]]))
        # the Results' metadata: {"query": …, "parameters": {…}, "server": …, "database": …}
        runs = [o for o in gc.get_objects()
                if type(o) is dict and "query" in o and isinstance(o.get("parameters"), dict)]
        statements = [run for run in runs if "$rows" in run["query"]]
    finally:
        gc.enable()
    assert statements, "the driver no longer keeps parameters this way: check what it keeps"
    assert all(run["parameters"]["rows"] == [] for run in statements)


def test_a_transactions_cyclic_garbage_is_freed_when_it_ends(db):
    """The driver's Results sit in reference cycles; with the young threshold raised for a load,
    they waited for tens of thousands more before a collection, and the ingest process's peak
    grew with the length of the run. They must be gone once the batch is written."""
    import gc

    from neo4j import Result

    gc.collect()
    young, *older = gc.get_threshold()
    gc.set_threshold(10_000_000, *older)  # no collection but the writer's own
    try:
        list(write_batches(db, DB, [[rows(report_id="first")], [rows(report_id="second")]], writers=1))
        left = [o for o in gc.get_objects() if isinstance(o, Result)]
    finally:
        gc.set_threshold(young, *older)
    assert left == []


@pytest.mark.parametrize("older", [1, 2])
def test_garbage_that_reached_an_older_generation_is_freed_by_later_batches(older):
    """With two writers a transaction's Results may still be alive when the other one collects,
    and move on to an older generation, which the raised threshold would never reach: later
    batches' collections must come to it, as the collector's own schedule would."""
    import gc
    import weakref

    from graph.store.rare_gc import collect_young

    class Node:
        pass

    gc.collect()
    young, *thresholds = gc.get_threshold()
    gc.set_threshold(10_000_000, *thresholds)  # no collection but the ones asked for
    try:
        cycle = Node()
        cycle.me = cycle
        alive = weakref.ref(cycle)
        for generation in range(older):
            gc.collect(generation)  # survives, so moves to generation + 1
        del cycle
        calls = 0
        while alive() is not None and calls < 1 + 11 * 11:
            collect_young()
            calls += 1
    finally:
        gc.set_threshold(young, *thresholds)
    assert alive() is None, f"still alive after {calls} batches"


def test_cyclic_garbage_made_during_a_load_is_freed_during_it():
    """What the caller makes while a load runs (here: rdflib graphs, which refer to their store
    and back) is still collected: memory must not grow with the number of reports."""
    import gc
    import weakref

    from graph.store.rare_gc import rare_gc

    gc.collect()  # counts from zero: the graph below is built between two young collections
    with rare_gc():
        graph = record_to_graph(sample_record(report_id="cyclic"))
        alive = weakref.ref(graph)
        del graph
        junk = [[i] for i in range(120_000)]  # allocations enough for two young collections
        del junk
        assert alive() is None
