"""`query shared-gaps` (pairs ranked and groups made in Python) gives the rows of the
all-Cypher queries it replaced, on random graphs made to have ties (few reports, agencies with
equal gap sets) and with every filter: the references are tests/fixtures/shared-gaps-*.cypher."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.queries import get_query, run_named
from graph.queries.shared_gaps import holdings, rank_pairs
from graph.store.writer import ensure_schema

DB = "neo4j"
ID = "https://w3id.org/tipgraph/id/"
FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = (FIXTURES / "shared-gaps-reference.cypher").read_text(encoding="utf-8")
GROUPS_REFERENCE = (FIXTURES / "shared-gaps-groups-reference.cypher").read_text(encoding="utf-8")
LABELS = ("Ministry", "Committee", "LawEnforcement", "GovernmentBody", "NGO")


def random_graph(driver, seed: int, agencies: int = 24, reports: int = 9) -> list[str]:
    """Agencies holding random gaps from few reports; returns the agencies' ids."""
    rng = random.Random(seed)
    ensure_schema(driver, DB)
    gaps = [r["id"] for r in driver.execute_query("MATCH (g:Gap) RETURN g.gapId AS id ORDER BY id",
                                                  database_=DB).records]
    driver.execute_query("UNWIND $rows AS row CREATE (r:Report) SET r = row", database_=DB,
                         rows=[{"id": f"{ID}report/r{i}", "reportId": f"r{i}", "year": 2015 + i % 6}
                               for i in range(reports)])
    ids, template = [], None
    agencies_of: dict[str, list[dict]] = {label: [] for label in LABELS}
    holdings = []
    for i in range(agencies):
        label = LABELS[i % len(LABELS)]
        name = f"Government of Land {i}" if label == "GovernmentBody" and i % 2 else f"Agency {i:02d} {label}"
        ids.append(f"{ID}agency/a{(i * 7) % agencies:02d}")  # id order is not name order
        agencies_of[label].append({"id": ids[-1], "name": name, "country": f"C{i % 2}"})
        if template is not None and rng.random() < 0.3:
            held = template  # equal gap sets: pairs tied on shared
        else:
            held = rng.sample(gaps, rng.randint(0, 7))
            template = held
        for gap in held:
            sources = sorted({f"r{rng.randrange(reports)}" for _ in range(rng.randint(1, 3))})
            holdings.append({"a": ids[-1], "g": gap, "sources": sources})
    for label, rows in agencies_of.items():  # a label cannot be a parameter: one statement per label
        driver.execute_query(f"UNWIND $rows AS row CREATE (a:Actor:Agency:{label}) SET a = row", rows=rows, database_=DB)
    driver.execute_query("UNWIND $rows AS row MATCH (a:Actor {id: row.a}), (g:Gap {gapId: row.g}) "
                         "CREATE (a)-[:HAS_GAP {sources: row.sources}]->(g)", rows=holdings, database_=DB)
    return ids


def reference(driver, params):
    records, _, _ = driver.execute_query(GROUPS_REFERENCE if params.get("minAgencies") else REFERENCE, params,
                                         database_=DB)
    return [r.data() for r in records]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pairs_are_the_rows_of_the_all_cypher_query(clean_db, seed):
    ids = random_graph(clean_db, seed)
    cases = [{}, {"limit": 1}, {"limit": 3}, {"limit": 7}, {"limit": 20}, {"minShared": 2}, {"minShared": 3, "limit": 4},
             {"level": "broad"}, {"level": "broad", "limit": 5}, {"since": 2017}, {"until": 2017, "limit": 6},
             {"since": 2016, "until": 2018, "level": "broad"}, {"agency": ids[3]}, {"agency": ids[4], "limit": 2},
             {"agency": ids[3], "includeGovernments": True}, {"includeGovernments": True, "limit": 9},
             {"type": "Ministry"}, {"country": "C1", "limit": 5}, {"gap": "insufficient-funding"}, {"limit": 0},
             {"minAgencies": 1}, {"minAgencies": 2, "limit": 4}, {"minAgencies": 3, "level": "broad"},
             {"minAgencies": 2, "agency": ids[3]}, {"minAgencies": 2, "since": 2018, "includeGovernments": True}]
    compared = 0
    for given in cases:
        params = get_query("shared-gaps").params(given)
        expected = reference(clean_db, params)
        got = run_named(clean_db, DB, "shared-gaps", **given)
        assert got == expected, given
        compared += len(expected)
    assert compared > 50  # the cases are not all empty


def test_ties_on_shared_are_broken_by_reports_then_names_without_counting_every_pair():
    """The pruning by reports keeps the rows of a full sort; checked on made-up holdings."""
    rng = random.Random(5)
    gaps = [f"g{i}" for i in range(4)]
    records = []
    for i in range(60):  # everyone holds every gap: all pairs tie on shared
        records.append({"id": f"x{i:02d}", "name": f"N{rng.randrange(30):02d}", "gaps": gaps,
                        "sources": [[f"r{rng.randrange(400)}" for _ in range(rng.randint(1, 30 if i % 9 else 200))]
                                    for _ in gaps]})
    agencies = holdings(records)
    for limit in (1, 5, 50, 2000):
        got = rank_pairs(agencies, limit=limit, min_shared=1)
        everything = rank_pairs(agencies, limit=10**6, min_shared=1)
        assert got == everything[:limit]
    assert len(everything) == 60 * 59 // 2
    keys = [(-r["shared"], -r["reports"], r["agency_a"], r["agency_b"], r["agency_a_id"], r["agency_b_id"])
            for r in everything]
    assert keys == sorted(keys) and len({r["reports"] for r in everything}) > 20


def _brute_force(agencies, limit: int, least: int, only: str | None = None):
    """Every pair counted and fully sorted: what the pruning must give."""
    listed, out = list(agencies.values()), []
    for i, x in enumerate(listed):
        for y in listed[i + 1:]:
            a, b = sorted((x, y), key=lambda z: z.id)
            gaps = sorted(set(a.reports) & set(b.reports))
            if len(gaps) < least or (only and only not in (a.id, b.id)):
                continue
            reports = len(set().union(*(a.reports[g] | b.reports[g] for g in gaps)))
            out.append((-len(gaps), -reports, a.sort_key, b.sort_key, a.id, b.id, (a.id, b.id, gaps, reports)))
    return [row[-1] for row in sorted(out)[:limit]]


def test_pruned_ranking_equals_counting_every_pair():
    gaps = [f"g{i:02d}" for i in range(12)]
    for seed in range(60):
        rng = random.Random(seed)
        records, template = [], None
        for i in range(rng.randint(2, 30)):
            held = template if template and rng.random() < 0.4 else rng.sample(gaps, rng.randint(1, 6))
            template = held
            if rng.random() < 0.2:
                held = held + held[:1]  # a broad gap listed once per narrow gap under it
            records.append({"id": f"id{rng.randrange(1000):04d}-{i}", "gaps": held,
                            "name": None if rng.random() < 0.05 else f"N{rng.randrange(8)}",
                            "sources": [[f"r{rng.randrange(15)}" for _ in range(rng.randint(1, 4))] for _ in held]})
        agencies = holdings(records)
        for limit in (1, 2, 5, 17, 1000):
            for least in (1, 3):
                for only in (None, records[0]["id"]):
                    got = [(r["agency_a_id"], r["agency_b_id"], r["gaps"], r["reports"])
                           for r in rank_pairs(agencies, limit=limit, min_shared=least, agency=only)]
                    assert got == _brute_force(agencies, limit, least, only), (seed, limit, least, only)
