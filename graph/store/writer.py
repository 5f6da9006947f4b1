"""Writes report rows into Neo4j: batched ``UNWIND … MERGE`` inside managed transactions.

A batch of reports is one transaction (all or nothing). Managed transactions are retried by the
driver on transient errors (deadlocks, leader changes on a cluster), so every statement here is
idempotent: nodes are merged on constrained ids, relationship provenance is appended only when
the report is not yet among the relationship's sources.

Re-ingesting a report whose content changed first removes that report's contribution (its
statements, figures and cases, its entries in shared relationships, actors only it mentioned)
and then writes the new version; other reports' facts are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from ..errors import DatabaseError
from ..paths import schema_file
from .model import NODE_LABELS, REL_TYPES, RelRow, ReportRows

__all__ = ["LoadResult", "ensure_schema", "write_batch", "SCHEMA_STATEMENTS"]

_PROVENANCE_RELS = ("HOLDS_POSITION", "PART_OF", "HAS_GAP", "CRITICISED")
_ENDPOINT_LABEL = {"Person": "Actor", "Agency": "Actor", "Actor": "Actor", "Report": "Report",
                   "Gap": "Gap", "Statement": "Statement", "Statistic": "Statistic", "Case": "Case"}


@dataclass(frozen=True)
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
    from ..taxonomy import load_taxonomy

    for statement in _schema_statements():
        driver.execute_query(statement, database_=database)
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


def write_batch(driver, database: str, batch: list[ReportRows]) -> list[LoadResult]:
    """Write several reports in ONE managed transaction; returns what happened to each."""
    if not batch:
        return []
    with driver.session(database=database) as session:
        return session.execute_write(_write_tx, batch)


def _write_tx(tx, batch: list[ReportRows]) -> list[LoadResult]:
    current = {rec["id"]: (rec["present"], rec["hash"]) for rec in tx.run(
        "UNWIND $ids AS rid OPTIONAL MATCH (r:Report {id: rid}) "
        "RETURN rid AS id, r IS NOT NULL AS present, r.contentHash AS hash",
        ids=[rows.report["id"] for rows in batch])}
    results, todo = [], []
    for rows in batch:
        existed, old = current[rows.report["id"]]
        new = rows.report.get("contentHash")
        if existed and new is not None and old == new:
            results.append(LoadResult(rows.report_id, "unchanged", rows.triples))
            continue
        if existed:
            _remove_contribution(tx, rows.report["id"], rows.report_id)
        results.append(LoadResult(rows.report_id, "updated" if existed else "created", rows.triples))
        todo.append(rows)
    if todo:
        _merge(tx, todo)
    return results


def _remove_contribution(tx, report_iri: str, report_id: str) -> None:
    params = {"iri": report_iri, "rid": report_id}
    tx.run("MATCH (:Report {id: $iri})-[:REPORTED]->(c) DETACH DELETE c", params)
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
             [i IN range(0, size(coalesce(r.saidById, [])) - 1) WHERE r.saidBySources[i] <> $rid | r.saidById[i]] AS sbi
        SET r.sources = [s IN r.sources WHERE s <> $rid],
            r.evidence = ev,
            r.evidenceSources = [s IN coalesce(r.evidenceSources, []) WHERE s <> $rid],
            r.saidBy = CASE WHEN r.saidBy IS NULL THEN null ELSE sb END,
            r.saidById = CASE WHEN r.saidById IS NULL THEN null ELSE sbi END,
            r.saidBySources = CASE WHEN r.saidBySources IS NULL THEN null
                                   ELSE [s IN r.saidBySources WHERE s <> $rid] END""", params)
    tx.run("MATCH (a:Actor) WHERE a.id IN $ids AND size(a.sources) = 0 DETACH DELETE a", ids=actor_ids)


def _merge(tx, todo: list[ReportRows]) -> None:
    tx.run("""
        UNWIND $rows AS row
        MERGE (r:Report {id: row.id})
        SET r += row""", rows=[rows.report for rows in todo])
    actors: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    claims: dict[str, list[dict[str, Any]]] = {}
    rels: dict[str, list[RelRow]] = {}
    for rows in todo:
        for labels, items in rows.actors.items():
            actors.setdefault(labels, []).extend(items)
        for label, items in rows.claim_nodes.items():
            claims.setdefault(label, []).extend(
                {"props": item, "reportIri": rows.report["id"]} for item in items)
        for rel_type, items in rows.rels.items():
            rels.setdefault(rel_type, []).extend(items)
    for labels, items in sorted(actors.items()):
        tx.run(_actor_query(labels), rows=sorted(items, key=lambda i: i["id"]))
    for label, items in sorted(claims.items()):
        tx.run(_claim_query(label), rows=items)
    for rel_type, items in sorted(rels.items()):
        params = [r.as_param() for r in sorted(items, key=lambda r: (r.start, r.end, r.key))]
        tx.run(_rel_query(rel_type), rows=params)


@lru_cache(maxsize=None)
def _actor_query(labels: tuple[str, ...]) -> str:
    _check_labels(labels)
    extra = "".join(f":{label}" for label in labels)
    return f"""
        UNWIND $rows AS row
        MERGE (n:Actor {{id: row.id}})
        ON CREATE SET n.name = row.names[0], n.names = [], n.aliases = [], n.sources = []
        SET n{extra},
            n.names = n.names + [x IN row.names WHERE NOT x IN n.names],
            n.aliases = n.aliases + [x IN row.aliases WHERE NOT x IN n.aliases AND NOT x IN n.names],
            n.sources = CASE WHEN row.source IN n.sources THEN n.sources ELSE n.sources + row.source END,
            n.country = coalesce(n.country, row.country),
            n.roles = coalesce(n.roles, []) + [x IN row.roles WHERE NOT x IN coalesce(n.roles, [])]"""


@lru_cache(maxsize=None)
def _claim_query(label: str) -> str:
    _check_labels((label,))
    return f"""
        UNWIND $rows AS row
        MATCH (rep:Report {{id: row.reportIri}})
        MERGE (n:{label} {{id: row.props.id}})
        SET n += row.props
        MERGE (rep)-[:REPORTED]->(n)"""


@lru_cache(maxsize=None)
def _rel_query(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise DatabaseError(f"relationship type {rel_type!r} is not in the model")
    start, end = (_ENDPOINT_LABEL[x] for x in REL_TYPES[rel_type])
    merge_key = " {key: row.key}" if rel_type == "HOLDS_POSITION" else ""
    if rel_type not in _PROVENANCE_RELS:
        return f"""
            UNWIND $rows AS row
            MATCH (a:{start} {{id: row.start}})
            MATCH (b:{end} {{id: row.end}})
            MERGE (a)-[r:{rel_type}]->(b)
            ON CREATE SET r.sources = []
            WITH r, row WHERE NOT row.source IN r.sources
            SET r.sources = r.sources + row.source"""
    said_by = rel_type == "HAS_GAP"
    on_create = "r.sources = [], r.evidence = [], r.evidenceSources = []" + (
        ", r.saidBy = [], r.saidById = [], r.saidBySources = []" if said_by else "")
    said_set = (""",
                r.saidBy = r.saidBy + row.saidBy,
                r.saidById = r.saidById + row.saidById,
                r.saidBySources = r.saidBySources + [x IN row.saidById | row.source]""" if said_by else "")
    return f"""
        UNWIND $rows AS row
        MATCH (a:{start} {{id: row.start}})
        MATCH (b:{end} {{id: row.end}})
        MERGE (a)-[r:{rel_type}{merge_key}]->(b)
        ON CREATE SET {on_create}
        WITH r, row WHERE NOT row.source IN r.sources
        SET r += row.props,
            r.sources = r.sources + row.source,
            r.evidence = r.evidence + row.evidence,
            r.evidenceSources = r.evidenceSources + [x IN row.evidence | row.source]{said_set}"""


def _check_labels(labels: Iterable[str]) -> None:
    for label in labels:
        if label not in NODE_LABELS:
            raise DatabaseError(f"label {label!r} is not in the model")
