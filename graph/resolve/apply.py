"""Apply investigators' judgements to the loaded graph, without reading any report again.

Every report written by ``tipgraph ingest`` keeps its extraction record beside the graph (an
``:Extraction`` node with the record as JSON). Applying a judgement re-resolves the reports that
mention an actor of a judged name: their RDF is built again from the stored record with a
resolver made from the current judgements, and each report's contribution is replaced in one
transaction, exactly as a changed report is on ingest. The graph is therefore the one a fresh
ingest with these judgements would give: a merge joins two nodes' relationships and evidence,
and keep-apart splits them back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

from .judgements import load_judgements
from .keys import normalise_name
from .resolver import fresh_resolver

__all__ = ["ApplyResult", "apply_judgements"]

_ACTORS = """
MATCH (a:Actor)
RETURN a.id AS id, [a.name] + coalesce(a.names, []) + coalesce(a.aliases, []) AS names
"""
_REPORTS = """
MATCH (r:Report)-[:MENTIONS]->(a:Actor) WHERE a.id IN $ids
WITH DISTINCT r
OPTIONAL MATCH (x:Extraction {reportId: r.reportId})
RETURN r.reportId AS report, x.record AS record, COLLECT { MATCH (r)-[:MENTIONS]->(m) RETURN m.id } AS mentioned
ORDER BY report
"""


@dataclass
class ApplyResult:
    reports: list[str] = field(default_factory=list)   # re-resolved and rewritten
    unchanged: list[str] = field(default_factory=list)  # resolved to the same actors: not rewritten
    missing: list[str] = field(default_factory=list)   # no stored record: `ingest --force` them


def apply_judgements(driver, database: str, names: Iterable[str] | None = None) -> ApplyResult:
    """Re-resolve the reports that mention an actor called one of ``names`` (default: every
    name in the judgements file) and rewrite, in one transaction, those whose actors change."""
    from neo4j import RoutingControl

    from ..rdf.build import record_to_graph
    from ..record import ExtractionRecord
    from ..store.model import rows_from_graph
    from ..store.writer import write_batch

    judgements = load_judgements()
    wanted = {normalise_name(n) for n in names} if names is not None else judgements.names()
    result = ApplyResult()
    if not wanted:
        return result
    actors, _, _ = driver.execute_query(_ACTORS, database_=database, routing_=RoutingControl.READ)
    ids = [rec["id"] for rec in actors if any(normalise_name(n) in wanted for n in rec["names"] if n)]
    if not ids:
        return result
    reports, _, _ = driver.execute_query(_REPORTS, ids=ids, database_=database, routing_=RoutingControl.READ)
    resolver = fresh_resolver(judgements)
    prepared = []
    for rec in reports:
        if rec["record"] is None:
            result.missing.append(rec["report"])
            continue
        record = ExtractionRecord.from_dict(json.loads(rec["record"]))
        rows = rows_from_graph(record_to_graph(record, resolver), record.report.id, record)
        moved = {rel.end for rel in rows.rels.get("MENTIONS", ())} != set(rec["mentioned"])
        prepared.append((rec, rows, moved))
    # resolution only changes which actor a name is: a report that names the same actors as
    # before is the same graph, unless it shares a judged actor with a report that moves away
    # (that node keeps the names the other report gave it until it is written anew)
    left = {i for rec, _, moved in prepared if moved for i in rec["mentioned"]} & set(ids)
    batch = []
    for rec, rows, moved in prepared:
        if moved or left & set(rec["mentioned"]):
            batch.append(rows)
            result.reports.append(rec["report"])
        else:
            result.unchanged.append(rec["report"])
    write_batch(driver, database, batch, force=True)
    return result
