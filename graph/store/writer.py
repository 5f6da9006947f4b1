"""Writes report rows into Neo4j: batched ``UNWIND … MERGE`` inside managed transactions.

A batch of reports is one transaction (all or nothing). Managed transactions are retried by the
driver on transient errors (deadlocks, leader changes on a cluster); a retry starts from a
rolled-back state, and the transaction itself decides what to write from what it finds:

1. ``MERGE`` every report of the batch on its id (sorted, so concurrent writers lock in one
   order). A report whose node already carries the same content hash is *unchanged* and
   skipped; one with another hash is *updated*: its old contribution (its statements, figures
   and cases, its entries in shared relationships, actors only it mentioned) is removed first,
   and other reports' facts are untouched.
2. The rest of the batch is then in the graph with none of its contribution, so it is written
   with a handful of large statements: actors ``MERGE``d once per batch on their constrained
   id, shared facts ``MERGE``d as one relationship whose provenance lists grow by whole
   batches, and everything that hangs off a report's own nodes ``CREATE``d.

Writing the same report twice, or two writers writing it at once, therefore gives the graph of
one write: nodes are merged on unique ids and a report's sources are added exactly once.
"""

from __future__ import annotations

import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

from neo4j.exceptions import ClientError, Neo4jError, TransientError
from rdflib import Graph

from ..errors import DatabaseError
from ..paths import schema_file
from .rare_gc import collect_young, rare_gc
from .model import (ACTOR_LABELS, NODE_LABELS, PROVENANCE_RELS, REL_TYPES, MergedRows, ReportRows,
                    claims_with_links, rows_from_graph)

__all__ = ["LoadResult", "ReportRefused", "refused_for_content", "PreparedBatch", "prepare_batch", "country_rows", "ensure_schema", "write_batch", "write_batches", "load_graphs", "SCHEMA_STATEMENTS"]

_SCHEMA_RACE_CODES = frozenset({
    "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
    "Neo.ClientError.Schema.ConstraintAlreadyExists",
    "Neo.ClientError.Schema.IndexAlreadyExists",
})
# The graph grows by a whole batch between two runs of the same statement, so Neo4j would
# find its statistics stale and plan every statement again (tens to hundreds of ms each, a
# third of the load time in bench_load). The plans are index seeks on unique constraints that
# no statistic changes, so the cached plan is kept.
_CYPHER = "CYPHER replan=skip "
# a relationship's endpoint label (REL_TYPES) -> the label its node is matched by: every actor
# is matched as :Actor, whose id constraint the lookup uses
_ENDPOINT_LABEL = {label: "Actor" if label in ACTOR_LABELS.values() else label for label in NODE_LABELS}


@dataclass(frozen=True, slots=True)
class LoadResult:
    report_id: str
    status: str  # created | updated | unchanged
    triples: int


def _statements(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


@lru_cache(maxsize=1)
def _schema_statements() -> tuple[str, ...]:
    return tuple(_statements(schema_file("constraints.cypher").read_text(encoding="utf-8")))


SCHEMA_STATEMENTS = _schema_statements


def ensure_schema(driver, database: str) -> None:
    """Constraints and indexes (``IF NOT EXISTS``), then the gap taxonomy as :Gap nodes."""
    from ..rdf.gapscheme import gap_iri
    from ..schema.taxonomy import load_taxonomy

    for statement in _schema_statements():
        try:
            driver.execute_query(statement, database_=database)
        except ClientError as exc:
            # IF NOT EXISTS is checked before the rule is created: two writers starting at
            # once can both pass it, and the slower one learns the rule now exists
            if exc.code not in _SCHEMA_RACE_CODES:
                raise
    # a new index is populated in the background and the planner ignores it until it is
    # online: without this wait the first batch would MERGE through label scans
    driver.execute_query("CALL db.awaitIndexes($seconds)", seconds=300, database_=database)
    taxonomy = load_taxonomy()
    gaps = [{"id": str(gap_iri(c.id)), "gapId": c.id, "name": c.label, "definition": c.definition,
             "pillar": c.pillar, "broader": str(gap_iri(c.broader)) if c.broader else None,
             "level": "narrow" if c.broader else "broad"}
            for c in taxonomy.concepts.values()]
    driver.execute_query(
        """
        UNWIND $gaps AS g
        MERGE (n:Gap {id: g.id})
        SET n.gapId = g.gapId, n.name = g.name, n.definition = g.definition, n.pillar = g.pillar,
            n.level = g.level
        WITH n, g WHERE g.broader IS NOT NULL
        MERGE (b:Gap {id: g.broader})
        MERGE (n)-[:BROADER]->(b)
        """,
        gaps=gaps, database_=database)


def write_batch(driver, database: str, batch: list[ReportRows], *, force: bool = False) -> list[LoadResult]:
    """Write several reports in ONE managed transaction; returns what happened to each.
    ``force`` rewrites reports whose content hash is unchanged (new extraction or resolution).

    Reports are written with seven ``UNWIND`` statements for the whole batch, so a batch of
    hundreds of reports costs the same number of round trips as a single report.
    """
    return _write_batch(driver, database, batch, None, force)


class ReportRefused(DatabaseError):
    """The server refused one report of a batch for what it holds (a rerun would fail the same
    way); the batch was rolled back whole. The driver's error is the cause."""

    def __init__(self, report_id: str, message: str):
        self.report_id = report_id
        super().__init__(message)


def refused_for_content(error: BaseException | None) -> bool:
    """Whether a driver error is the server refusing a write for what it contains (not for
    being busy, down or shutting down)."""
    if not isinstance(error, Neo4jError) or isinstance(error, TransientError):
        return False
    code, message = str(error.code or ""), str(error.message or "").lower()
    if code.startswith(("Neo.ClientError.Statement", "Neo.ClientError.Schema")):
        return True
    # "Property value is too large to index" comes as a DatabaseError, as do failures of a
    # server that is shutting down, which a rerun does fix: only the former counts
    return code == "Neo.DatabaseError.Statement.ExecutionFailed" and "too large" in message


def _write_batch(driver, database: str, batch: list[ReportRows], prepared: list | None,
                 force: bool = False) -> list[LoadResult]:
    if not batch:
        return []
    try:
        with driver.session(database=database) as session:
            return session.execute_write(_write_tx, batch, prepared, force)
    except Neo4jError as exc:
        if not refused_for_content(exc):
            raise
        culprit = batch[0].report_id if len(batch) == 1 else _refused_report(driver, database, batch, force)
        if culprit is None:
            raise
        raise ReportRefused(culprit, str(exc)) from exc
    finally:
        collect_young()  # the driver's cycles from this transaction (see rare_gc)


def _refused_report(driver, database: str, batch: list[ReportRows], force: bool) -> str | None:
    """The first report of a refused batch that the server refuses on its own, each tried in
    a transaction that is rolled back (nothing of the batch is written): the error can then
    name one file, not the whole batch."""
    for rows in batch:
        with driver.session(database=database) as session:
            # not `with tx`: leaving that block without an error would commit
            tx = session.begin_transaction()
            try:
                _write_tx(tx, [rows], None, force)
            except Neo4jError as exc:
                if refused_for_content(exc):
                    return rows.report_id
                raise
            finally:
                tx.close()  # rolls back
    return None


def load_graphs(driver, database: str, graphs: Iterable[tuple[str, Graph]], *,
                batch_size: int = 500, writers: int = 2) -> Iterator[LoadResult]:
    """Stream ``(report id, RDF graph)`` pairs into Neo4j, ``batch_size`` reports per transaction.

    Graphs are mapped to rows here, batch by batch, while :func:`write_batches` writes the
    batches before them, so memory holds a few batches of rows whatever the number of
    reports. ``graphs`` may be a generator that builds each graph on demand.
    """
    if batch_size < 1:
        raise DatabaseError(f"batch size must be at least 1, not {batch_size}")

    def batches() -> Iterator[list[ReportRows]]:
        chunk: list[ReportRows] = []
        for report_id, graph in graphs:
            chunk.append(rows_from_graph(graph, report_id))
            _let_writers_run()
            if len(chunk) >= batch_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    return write_batches(driver, database, batches(), writers=writers)


def write_batches(driver, database: str, batches: Iterable[list[ReportRows] | PreparedBatch], *,
                  writers: int = 2, force: bool = False) -> Iterator[LoadResult]:
    """Write batches of reports, each in its own transaction, ``writers`` transactions at once.

    One transaction keeps one core of the server busy, and a commit does not overlap its own
    statements; a second writer fills those gaps (1.6x the throughput of one in bench_load on
    two cores). Results come back in input order. A report that is still being written by
    another writer is not written again before that finishes, so when the same report comes
    twice the later version wins, as it would one batch after the other. Concurrent writers
    are safe for the same reasons concurrent ingests are (see the module's docstring); a
    deadlock between them is transient and retried by the driver. If a batch fails, the ones
    already in flight finish (each commits or rolls back whole), their results are yielded,
    and then the error is raised.
    """
    if writers < 1:
        raise DatabaseError(f"writers must be at least 1, not {writers}")
    in_flight: deque[tuple[Future, frozenset[str]]] = deque()
    with rare_gc(), ThreadPoolExecutor(writers, thread_name_prefix="tipgraph-writer") as pool:
        try:
            for batch in batches:
                # the statement parameters are computed here, by the thread that maps the
                # batches, while the writers' transactions run: a writer only sends and waits,
                # so the server always has ``writers`` transactions to work on
                if not isinstance(batch, PreparedBatch):
                    batch = prepare_batch(batch)
                ids = frozenset(rows.report["id"] for rows in batch.rows)
                # one batch queued beyond the running ones, so a writer never waits for the
                # next batch to be mapped
                while in_flight and (len(in_flight) > writers
                                     or any(ids & pending for _, pending in in_flight)):
                    yield from in_flight.popleft()[0].result()
                in_flight.append((pool.submit(_write_batch, driver, database, batch.rows, batch.params, force),
                                  ids))
            while in_flight:
                yield from in_flight.popleft()[0].result()
        except Exception:
            started = [future for future, _ in in_flight if not future.cancel()]
            in_flight.clear()
            for future in started:
                if future.exception() is None:  # waits for it
                    yield from future.result()
            raise
        except BaseException:  # closed early or interrupted: nothing more is yielded
            for future, _ in in_flight:
                future.cancel()
            raise


def _let_writers_run() -> None:
    """Hand the interpreter lock to a writer thread waiting for it, between two reports of
    mapping. A writer needs the lock for a moment at each of the server's responses (about ten
    a transaction) to send what comes next; while the thread that maps batches runs, CPython
    makes it wait up to the 5 ms switch interval, and its transaction, half the server's
    work, waits with it. ``bench_load --without-handoff`` (1M triples, best of 4 alternating
    loads): 10.19 s with it, 11.12 s without, 9.09 s for the server alone. A 0.2 ms switch
    interval did as well, but that setting is the whole process's."""
    time.sleep(0)


@dataclass(frozen=True)
class PreparedBatch:
    """A batch of reports with the parameters of the statements that write it (None when they
    must be computed in the transaction: a report listed twice)."""

    rows: list[ReportRows]
    params: list | None


def prepare_batch(chunk: list[ReportRows]) -> PreparedBatch:
    """A batch and, guessing that its reports are new (the common case of a large load), the
    parameters of the statements that write it, computed before the transaction starts so a
    retried transaction does not compute them again."""
    unique = {rows.report["id"] for rows in chunk}
    if len(unique) != len(chunk):
        return PreparedBatch(chunk, None)
    return PreparedBatch(chunk, _statement_params(chunk))


def _write_tx(tx, batch: list[ReportRows], prepared: list | None = None, force: bool = False) -> list[LoadResult]:
    # the last version of a report listed twice wins, in the place of its first; reports are
    # written in input order, so provenance lists name them in the order of the files (as
    # `db import` does, and as one report per batch did), but locked in sorted order below,
    # which gives concurrent writers one lock order on the Report nodes
    by_iri = {rows.report["id"]: rows for rows in batch}
    ordered = list(by_iri.values())
    # MERGE first: it locks each Report id, so of two writers racing on the same new report
    # the second waits and then sees the first one's node (and its content hash); the
    # SET/REMOVE takes the node's write lock before the hash is read, so two writers updating
    # the same report also take turns instead of both removing the same old version
    current = {rec["id"]: (rec["new"], rec["hash"]) for rec in tx.run(
        _CYPHER + "UNWIND $ids AS rid MERGE (r:Report {id: rid}) "
        "SET r.tipgraphLock = true REMOVE r.tipgraphLock "
        "RETURN rid AS id, r.reportId IS NULL AS new, r.contentHash AS hash",
        ids=sorted(by_iri))}
    outcome: dict[str, LoadResult] = {}
    todo: list[ReportRows] = []
    stamps: list[dict[str, Any]] = []
    for rows in ordered:
        is_new, old = current[rows.report["id"]]
        new = rows.report.get("contentHash")
        if not force and not is_new and new is not None and old == new:
            outcome[rows.report_id] = LoadResult(rows.report_id, "unchanged", rows.triples)
            if rows.report.get("fileHash"):
                stamps.append({"id": rows.report["id"], "fileHash": rows.report["fileHash"],
                               "fileParts": rows.report.get("fileParts")})
            continue
        if not is_new:
            _remove_contribution(tx, rows.report["id"], rows.report_id)
        outcome[rows.report_id] = LoadResult(rows.report_id, "created" if is_new else "updated", rows.triples)
        todo.append(rows)
    if stamps:
        # same text from other bytes (or a report written before files were hashed): the next
        # ingest then knows the file unchanged without extracting it
        tx.run(_CYPHER + "UNWIND $rows AS row MATCH (r:Report {id: row.id}) "
               "WHERE r.fileHash IS NULL OR r.fileHash <> row.fileHash "
               "SET r.fileHash = row.fileHash, r.fileParts = row.fileParts", rows=stamps)
    if todo:
        # parameters prepared for the whole batch fit only if every report is to be written
        _write_new(tx, todo, prepared if len(todo) == len(batch) else None)
    seen: set[str] = set()
    results = []
    for rows in batch:  # one result per input report, in input order
        if rows.report_id not in seen:
            seen.add(rows.report_id)
            results.append(outcome[rows.report_id])
    return results


def _remove_contribution(tx, report_iri: str, report_id: str) -> None:
    """Take one report out of the graph; afterwards it is as if it had never been written."""
    params = {"iri": report_iri, "rid": report_id}
    tx.run("MATCH (:Report {id: $iri})-[:REPORTED]->(c) DETACH DELETE c", params)
    tx.run("MATCH (x:Extraction {reportId: $rid}) DELETE x", params)
    actor_ids = [r["id"] for r in tx.run(
        "MATCH (:Report {id: $iri})-[:MENTIONS]->(a:Actor) "
        "SET a.sources = [s IN a.sources WHERE s <> $rid] RETURN a.id AS id", params)]
    tx.run("""
        MATCH (:Report {id: $iri})-[:MENTIONS]->(:Actor)-[r]-()
        WHERE r.sources IS NOT NULL AND $rid IN r.sources
        WITH DISTINCT r WHERE size(r.sources) = 1
        DELETE r""", params)
    tx.run("""
        MATCH (:Report {id: $iri})-[:MENTIONS]->(:Actor)-[r]-()
        WHERE r.sources IS NOT NULL AND $rid IN r.sources
        WITH DISTINCT r
        WITH r,
             [i IN range(0, size(coalesce(r.evidence, [])) - 1) WHERE r.evidenceSources[i] <> $rid | r.evidence[i]] AS ev,
             [i IN range(0, size(coalesce(r.saidBy, [])) - 1) WHERE r.saidBySources[i] <> $rid | r.saidBy[i]] AS sb,
             [i IN range(0, size(coalesce(r.saidById, [])) - 1) WHERE r.saidBySources[i] <> $rid | r.saidById[i]] AS sbi,
             COLLECT { MATCH (rep:Report) WHERE rep.reportId IN r.sources AND rep.reportId <> $rid
                       AND rep.year IS NOT NULL RETURN DISTINCT rep.year AS y ORDER BY y } AS ys
        SET r.sources = [s IN r.sources WHERE s <> $rid],
            r.years = ys, r.firstYear = ys[0], r.lastYear = ys[-1],
            r.evidence = ev,
            r.evidenceSources = [s IN coalesce(r.evidenceSources, []) WHERE s <> $rid],
            r.saidBy = CASE WHEN r.saidBy IS NULL THEN null ELSE sb END,
            r.saidById = CASE WHEN r.saidById IS NULL THEN null ELSE sbi END,
            r.saidBySources = CASE WHEN r.saidBySources IS NULL THEN null
                                   ELSE [s IN r.saidBySources WHERE s <> $rid] END""", params)
    # last: the patterns above reach the report's relationships through its MENTIONS
    tx.run("MATCH (:Report {id: $iri})-[m:MENTIONS]->() DELETE m", params)
    tx.run("MATCH (a:Actor) WHERE a.id IN $ids AND size(a.sources) = 0 DETACH DELETE a", ids=actor_ids)


def _write_new(tx, todo: list[ReportRows], prepared: list | None = None) -> None:
    """Write reports none of whose contribution is in the graph (new, or just removed).

    That precondition is what makes the statements cheap: claim nodes and the relationships
    that hang off a report's own nodes are CREATEd, and provenance lists are appended to
    without checking for the report first (a check that costs the length of the list).
    Actors and shared facts come merged over the whole batch (sorted by id, one lock order
    for every writer), so a hub actor is locked and rewritten once per batch, not per report.
    Seven statements write any batch: each new statement text costs Neo4j a plan (0.1–0.3 s
    on a small machine), so labels and types that vary per row are set dynamically
    (``$(…)``), from values checked against the model's whitelist here. ``prepared`` are
    the statement parameters for ``todo`` if the caller computed them already.
    """
    params = prepared if prepared is not None else _statement_params(todo)
    for query, rows in params:
        if not rows:
            continue
        sent = list(rows)  # a copy: a retried transaction runs with ``prepared`` again
        tx.run(query, rows=sent)
        # the driver's Result keeps its parameters and sits in a reference cycle, which only
        # the cyclic collector frees, and that runs rarely during a load (rare_gc): a few
        # thousand reports' rows stayed alive between two collections (the ingest process's
        # memory swung by 10 MB). tx.run has sent them by now, so the copy can be emptied
        sent.clear()


def _statement_params(todo: list[ReportRows]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The statements that write ``todo`` (reports listed once each) and their ``$rows``, in
    order. Actors and shared facts are merged over the batch; everything else belongs to one
    report and goes into the parameters as its rows already are, without a merged copy."""
    merged = MergedRows()
    claims: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    for rows in todo:
        merged.add(rows)
        mentioned = {rel.end for rel in rows.rels.get("MENTIONS", ())}
        reports.append({"props": rows.report, "mentions": sorted(mentioned)})
        claims += claims_with_links(rows)
        _let_writers_run()
    actors = merged.actor_list()
    for labels in {tuple(row["labels"]) for row in actors}:
        _check_labels(labels)
    rels = merged.rel_rows()
    params = [
        (_ACTORS, actors),
        (_COUNTRIES, country_rows(actors)),
        (_REPORTS, reports),
        (_EXTRACTIONS, [{"reportId": rows.report_id, "record": rows.extraction}
                        for rows in todo if rows.extraction is not None]),
        (_CLAIMS, claims),
    ]
    params += [(_rel_query(t), rels[t]) for t in PROVENANCE_RELS if rels.get(t)]
    return params


# nameKeys (graph/queries/lookup.py finds actors by them): an actor written before they existed
# has none and keeps none, since a list of only the names written later would hide it from a
# lookup by an older name; a lookup reads such an actor's names instead
_ACTORS = _CYPHER + """
    UNWIND $rows AS row
    MERGE (n:Actor {id: row.id})
    ON CREATE SET n:$(row.labels), n.name = row.name, n.names = row.names, n.aliases = row.aliases,
        n.nameKeys = row.nameKeys, n.sources = row.sources, n.country = row.country, n.roles = row.roles
    ON MATCH SET n:$(row.labels),
        n.names = n.names + [x IN row.names WHERE NOT x IN n.names],
        n.aliases = n.aliases + [x IN row.aliases WHERE NOT x IN n.aliases AND NOT x IN n.names],
        n.nameKeys = CASE WHEN n.nameKeys IS NULL THEN null
                          ELSE n.nameKeys + [x IN row.nameKeys WHERE NOT x IN n.nameKeys] END,
        n.sources = n.sources + row.sources,
        n.country = coalesce(n.country, row.country),
        n.roles = coalesce(n.roles, []) + [x IN row.roles WHERE NOT x IN coalesce(n.roles, [])]"""

def country_rows(actors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``{id, country, countryId}`` for every organisation with a country, for :data:`_COUNTRIES`."""
    return [{"id": row["id"], "country": row["country"], "countryId": _country_id(row["country"])}
            for row in actors if row.get("country") and "Person" not in row.get("labels", ())]


@lru_cache(maxsize=4096)
def _country_id(country: str) -> str:
    from ..rdf.build import country_iri

    return str(country_iri(country))


# an organisation is linked to the country it keeps (the first one written, for a non-state body)
_COUNTRIES = _CYPHER + """
    UNWIND $rows AS row
    MATCH (n:Actor {id: row.id}) WHERE n.country = row.country
    MERGE (c:Country {id: row.countryId})
    ON CREATE SET c.name = row.country
    MERGE (n)-[:IN_COUNTRY]->(c)"""

# no `id` and no relationship: the record is bookkeeping, not part of the network, so whole-graph
# fetches and exports (MATCH (n) WHERE n.id IS NOT NULL) never see it
_EXTRACTIONS = _CYPHER + """
    UNWIND $rows AS row
    MERGE (x:Extraction {reportId: row.reportId})
    SET x.record = row.record"""

_REPORTS = _CYPHER + """
    UNWIND $rows AS row
    MATCH (r:Report {id: row.props.id})
    SET r = row.props
    WITH r, row
    UNWIND row.mentions AS actorId
    MATCH (a:Actor {id: actorId})
    CREATE (r)-[:MENTIONS {sources: [row.props.reportId]}]->(a)"""

_CLAIMS = _CYPHER + """
    UNWIND $rows AS row
    MATCH (rep:Report {id: row.reportIri})
    CREATE (rep)-[:REPORTED]->(n:$(row.label))
    SET n = row.props
    WITH n, row
    CALL (n, row) {
        UNWIND row.out AS link
        MATCH (a:Actor {id: link.actor})
        CREATE (n)-[:$(link.type) {sources: link.sources, years: link.years, firstYear: link.years[0],
                                   lastYear: link.years[-1]}]->(a)
    }
    CALL (n, row) {
        UNWIND row.in AS link
        MATCH (a:Actor {id: link.actor})
        CREATE (a)-[:$(link.type) {sources: link.sources, years: link.years, firstYear: link.years[0],
                                   lastYear: link.years[-1]}]->(n)
    }"""


# the years already on a relationship and a batch's, sorted and distinct (an insertion sort:
# a fact has a handful of years)
_SORTED_UNION = ("reduce(acc = [], y IN coalesce(r.years, []) + row.years | CASE WHEN y IN acc THEN acc "
                 "ELSE [x IN acc WHERE x < y] + y + [x IN acc WHERE x > y] END)")


@lru_cache(maxsize=None)
def _rel_query(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise DatabaseError(f"relationship type {rel_type!r} is not in the model")
    start, end = (_ENDPOINT_LABEL[x] for x in REL_TYPES[rel_type])
    match = _CYPHER + f"""
        UNWIND $rows AS row
        MATCH (a:{start} {{id: row.start}})
        MATCH (b:{end} {{id: row.end}})"""
    if rel_type not in PROVENANCE_RELS:
        raise DatabaseError(f"{rel_type} relationships are written with their statement, figure or case")
    merge_key = " {key: row.key}" if rel_type == "HOLDS_POSITION" else ""
    said_by = rel_type == "HAS_GAP"
    said_create = (", r.saidBy = row.saidBy, r.saidById = row.saidById, r.saidBySources = row.saidBySources"
                   if said_by else "")
    said_match = (""",
            r.saidBy = r.saidBy + row.saidBy, r.saidById = r.saidById + row.saidById,
            r.saidBySources = r.saidBySources + row.saidBySources""" if said_by else "")
    return match + f"""
        MERGE (a)-[r:{rel_type}{merge_key}]->(b)
        ON CREATE SET r += row.props, r.sources = row.sources, r.evidence = row.evidence,
            r.evidenceSources = row.evidenceSources, r.years = row.years,
            r.firstYear = row.firstYear, r.lastYear = row.lastYear{said_create}
        ON MATCH SET r += row.props, r.sources = r.sources + row.sources,
            r.years = {_SORTED_UNION},
            r.firstYear = CASE WHEN r.firstYear IS NULL OR row.firstYear < r.firstYear
                               THEN coalesce(row.firstYear, r.firstYear) ELSE r.firstYear END,
            r.lastYear = CASE WHEN r.lastYear IS NULL OR row.lastYear > r.lastYear
                              THEN coalesce(row.lastYear, r.lastYear) ELSE r.lastYear END,
            r.evidence = r.evidence + row.evidence,
            r.evidenceSources = r.evidenceSources + row.evidenceSources{said_match}"""


def _check_labels(labels: Iterable[str]) -> None:
    for label in labels:
        if label not in NODE_LABELS:
            raise DatabaseError(f"label {label!r} is not in the model")
