"""Country in identity and in the model: a state body's node is its country's, never another's.

Two fictional reports, one about Indonesia and one about Cambodia, both name a "Ministry of
Health" (with the acronym MOH); each country keeps its own ministry, linked to its :Country.
"""

from __future__ import annotations

from graph.rdf.build import record_to_graph
from graph.record import Actor, ExtractionRecord, Gap, ReportMeta
from graph.resolve.resolver import Resolver, fresh_resolver
from graph.store.model import rows_from_graph
from graph.store.writer import ensure_schema, write_batch

DB = "neo4j"


def two_country_records() -> list[ExtractionRecord]:
    def record(rid: str, country: str, gap: str, sentence: str) -> ExtractionRecord:
        return ExtractionRecord(
            report=ReportMeta(file=f"{rid}.txt", id=rid, title=f"Health brief {rid}", date="2021-03-01",
                              country=country, content_hash=rid),
            actors=[Actor("Ministry of Health", "Ministry", ["MOH"]),
                    Actor("Harbour Clinic Network", "NGO", country=country),
                    Actor("UNODC", "InternationalOrganization")],
            gaps=[Gap("MOH", gap, None, sentence), Gap("UNODC", gap, None, sentence)])

    return [record("brief-id", "Indonesia", "insufficient-funding", "The health ministry ran short of funds."),
            record("brief-kh", "Cambodia", "insufficient-funding", "Clinics closed for want of money.")]


def load(driver, resolver: Resolver | None = None) -> None:
    ensure_schema(driver, DB)
    write_batch(driver, DB, [rows_from_graph(record_to_graph(r, resolver), r.report.id, r)
                             for r in two_country_records()])


def test_state_body_keys_carry_their_country_and_no_alias_joins_two_countries():
    resolver = fresh_resolver()
    assert resolver.key("Ministry of Health", country="Indonesia") == "indonesia/ministry-of-health"
    assert resolver.key("MOH", country="Cambodia") == "cambodia/ministry-of-health"
    assert resolver.key("MOH", country="Indonesia") != resolver.key("MOH", country="Cambodia")
    assert resolver.key("Myanmar government", country="Myanmar") == "burma/government-of-burma"
    # every scoped alias maps to a body of its own country only
    owners: dict[str, set[str]] = {}
    for (country, alias), key in resolver.scoped.items():
        owners.setdefault(alias, set()).add(country)
        assert not key.startswith("/")
    assert resolver.country_of("Government of Burma") == "Burma"


def test_two_countries_ministries_of_health_are_two_nodes_linked_to_their_countries(clean_db):
    load(clean_db, fresh_resolver())
    records, _, _ = clean_db.execute_query(
        "MATCH (m:Ministry) OPTIONAL MATCH (m)-[:IN_COUNTRY]->(c:Country) "
        "RETURN m.id AS id, m.country AS country, m.sources AS sources, c.name AS linked ORDER BY id",
        database_=DB)
    assert [(r["country"], r["linked"], r["sources"]) for r in records] == [
        ("Cambodia", "Cambodia", ["brief-kh"]), ("Indonesia", "Indonesia", ["brief-id"])]
    # no node holds the state bodies of two countries
    merged, _, _ = clean_db.execute_query(
        "MATCH (r:Report)-[:MENTIONS]->(a:Actor) WHERE a:Ministry OR a:Committee OR a:LawEnforcement "
        "OR a:Court OR a:GovernmentBody WITH a, collect(DISTINCT r.country) AS countries "
        "WHERE size(countries) > 1 RETURN a.name AS name, countries", database_=DB)
    assert merged == []
    # an international body stays one node for both reports
    io, _, _ = clean_db.execute_query(
        "MATCH (a:InternationalOrganization) RETURN a.sources AS sources", database_=DB)
    assert [sorted(r["sources"]) for r in io] == [["brief-id", "brief-kh"]]
    countries, _, _ = clean_db.execute_query(
        "MATCH (c:Country)<-[:IN_COUNTRY]-(a) RETURN c.name AS country, count(a) AS bodies ORDER BY country",
        database_=DB)
    # the NGO is one node (not a state body) and keeps the first country written
    assert [(r["country"], r["bodies"]) for r in countries] == [("Cambodia", 1), ("Indonesia", 2)]


def test_ftm_public_bodies_carry_their_country_and_jurisdiction():
    from graph.exporters import ftm
    from graph.subgraph import Node, Subgraph

    sub = Subgraph()
    sub.add_node(Node("x:moh-id", ("Actor", "Agency", "Ministry"), {"name": "Ministry of Health", "country": "Indonesia"}))
    sub.add_node(Node("x:ngo", ("Actor", "Agency", "NGO"), {"name": "Harbour Clinic Network", "country": "Myanmar"}))
    by_name = {e["properties"]["name"][0]: e for e in ftm.entities(sub)}
    body = by_name["Ministry of Health"]
    assert body["schema"] == "PublicBody"
    assert body["properties"]["country"] == ["id"] and body["properties"]["jurisdiction"] == ["id"]
    assert by_name["Harbour Clinic Network"]["properties"]["country"] == ["mm"]
    assert "jurisdiction" not in by_name["Harbour Clinic Network"]["properties"]


def test_lookup_by_country_exact_name_before_alias_and_errors_name_each_actor_once(clean_db):
    import pytest

    from graph.queries.lookup import find_actor_id
    from graph.errors import QueryError
    from graph.queries import resolve_params, run_named

    load(clean_db, fresh_resolver())
    with pytest.raises(QueryError) as info:
        find_actor_id(clean_db, DB, "Ministry of Health")
    message = str(info.value)
    assert "Ministry of Health (Cambodia, Ministry); Ministry of Health (Indonesia, Ministry)" in message
    assert message.count("Indonesia") == 1 and "https://" not in message
    indonesian = find_actor_id(clean_db, DB, "MOH", "Indonesia")
    assert indonesian.endswith("/agency/indonesia/ministry-of-health")
    # an exact name beats an alias: "Tide Office" is one body's name and another's alias
    ensure_schema(clean_db, DB)
    extra = ExtractionRecord(
        report=ReportMeta(file="x.txt", id="x", country="Indonesia", content_hash="x"),
        actors=[Actor("Tide Office", "GovernmentBody"), Actor("Harbour Board", "GovernmentBody", ["Tide Office"])])
    write_batch(clean_db, DB, [rows_from_graph(record_to_graph(extra, fresh_resolver()), "x", extra)])
    assert find_actor_id(clean_db, DB, "tide office").endswith("/indonesia/tide-office")
    # --country on a query narrows both the lookup and the rows
    params = resolve_params(clean_db, DB, "gaps", agency="Ministry of Health", country="Cambodia")
    rows = run_named(clean_db, DB, "gaps", **params)
    assert {r["agency_id"] for r in rows} == {params["agency"]} and "cambodia" in params["agency"]
