"""`query evidence` (relationships grouped, sentences made only for the groups the rows need,
rows packed in one record) gives the rows of the query it replaced
(tests/fixtures/evidence-reference.cypher) for every node of the fictional network, with limits
that cut inside and between groups, and with rows that two relationships repeat."""

from __future__ import annotations

from pathlib import Path

import re

from graph.queries import get_query, run_named
from graph.rdf.build import record_to_graph
from graph.record import ExtractionRecord, Gap, Position
from graph.store.model import REL_TYPES, rows_from_graph
from graph.store.writer import write_batch

from .test_queries import ACTORS, DB, _meta, load_network

REFERENCE = (Path(__file__).parent / "fixtures" / "evidence-reference.cypher").read_text(encoding="utf-8")


def test_evidence_rows_are_the_rows_of_the_ungrouped_query(clean_db):
    load_network(clean_db)
    # one sentence for two titles of one post: two relationships of one group, the same rows
    extra = ExtractionRecord(
        report=_meta("q6", "2021-03-03"), actors=list(ACTORS),
        positions=[Position("Lim Sovan", "Ministry of Welfare", "Minister", "Lim Sovan, minister and chair, spoke."),
                   Position("Lim Sovan", "Ministry of Welfare", "Chair", "Lim Sovan, minister and chair, spoke.")],
        gaps=[Gap("Ministry of Welfare", "data-gaps", None, "No register of shelters exists."),
              Gap("Ministry of Welfare", "data-gaps", None, "Figures were not kept.")])
    write_batch(clean_db, DB, [rows_from_graph(record_to_graph(extra), "q6")])
    nodes = [r["id"] for r in clean_db.execute_query(
        "MATCH (n) WHERE (n:Actor OR n:Gap OR n:Case OR n:Statistic OR n:Statement) AND n.id IS NOT NULL "
        "RETURN n.id AS id ORDER BY id", database_=DB).records]
    query = get_query("evidence")
    compared = 0
    for node in nodes:
        for given in ({}, {"limit": 1}, {"limit": 2}, {"limit": 3}, {"limit": 5}, {"type": "HOLDS_POSITION"},
                      {"type": "HAS_GAP", "limit": 2}):
            params = query.params({"node": node, **given})
            expected = [r.data() for r in clean_db.execute_query(REFERENCE, params, database_=DB).records]
            assert run_named(clean_db, DB, "evidence", node=node, **given) == expected, (node, given)
            compared += len(expected)
    assert compared > 100
    welfare = next(n for n in nodes if n.endswith("ministry-of-welfare"))
    posts = run_named(clean_db, DB, "evidence", node=welfare, type="HOLDS_POSITION")
    assert [r["sentence"] for r in posts].count("Lim Sovan, minister and chair, spoke.") == 1


def test_evidence_expands_every_relationship_type_of_the_model_but_the_bookkeeping_ones():
    typed = re.search(r"MATCH \(n\)-\[r:([A-Z_|]+)\]-\(m\)", get_query("evidence").cypher)
    assert typed and set(typed.group(1).split("|")) == set(REL_TYPES) - {"MENTIONS", "BROADER", "REPORTED", "VICTIM"}
