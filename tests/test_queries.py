"""Every named query against the real Neo4j, through the library and through the CLI.

The graph is three fictional reports (written for these tests) about an invented province:
agencies share gaps, officials hold posts, an NGO criticises, two reports disagree on a
yearly case total, and cases link agencies through referrals.
"""

from __future__ import annotations

import json

import pytest

from graph.errors import QueryError
from graph.queries import get_query, named_queries, resolve_params, run_named
from graph.rdf.build import record_to_graph
from graph.record import (Actor, Case, Criticism, ExtractionRecord, Gap, PartOf, Position, ReportMeta,
                          Statement, Statistic)
from graph.store.model import REL_TYPES, rows_from_graph
from graph.store.writer import ensure_schema, write_batch

from .conftest import tipgraph_command, tipgraph_env, tipgraph_in_process

DB = "neo4j"

ACTORS = [
    Actor("Lim Sovan", "Person"),
    Actor("Pen Rachana", "Person"),
    Actor("Ministry of Welfare", "Ministry", ["welfare ministry"], country="Norland"),
    Actor("Anti-Trafficking Council", "Committee", ["ATC"], country="Norland"),
    Actor("Border Police Unit", "LawEnforcement", country="Norland"),
    Actor("Harbour Provincial Court", "Court", country="Norland"),
    Actor("Government of Norland", "GovernmentBody", ["government"], country="Norland"),
    Actor("Safe Passage", "NGO"),
    Actor("Lone Registry Office", "GovernmentBody", country="Norland"),
]


def _meta(report_id: str, date: str) -> ReportMeta:
    return ReportMeta(file=f"{report_id}.txt", id=report_id, title=f"Norland update {report_id}", date=date,
                      country="Norland", content_hash=report_id, format="text")


def network_records() -> list[ExtractionRecord]:
    """Three fictional reports (2018, 2019, 2020) about Norland."""
    first = ExtractionRecord(
        report=_meta("q1", "2018-05-02"), actors=list(ACTORS),
        positions=[Position("Lim Sovan", "Ministry of Welfare", "Minister", "Minister Lim Sovan opened the shelter."),
                   Position("Pen Rachana", "ATC", "Secretary", "Pen Rachana, secretary of the ATC, spoke.")],
        part_of=[PartOf("Border Police Unit", "Government of Norland", "The unit answers to the government.")],
        gaps=[Gap("Ministry of Welfare", "insufficient-funding", "Lim Sovan", "The welfare budget ran dry."),
              Gap("ATC", "insufficient-funding", None, "The council lacked money for outreach."),
              Gap("Border Police Unit", "insufficient-funding", None, "Patrol boats sat idle for want of fuel."),
              Gap("Ministry of Welfare", "victim-distrust-of-justice", None, "Survivors avoid the courts."),
              Gap("ATC", "victim-distrust-of-justice", "Pen Rachana", "Few survivors trust a hearing.")],
        statistics=[Statistic(12, "trafficking cases", 2017, "Pen Rachana", "ATC", "Twelve cases were opened in 2017.")],
        statements=[Statement("Pen Rachana", "We need boats", "“We need boats,” she said.")],
        criticisms=[Criticism("Safe Passage", "government", "Safe Passage called the response timid.")],
        cases=[Case("Fishing crew held at sea", 2017, "Harbour Town", "rescued", "labour",
                    ["Border Police Unit", "Ministry of Welfare"], ["Lim Sovan"], victims=9,
                    evidence="Police freed nine deckhands.",
                    roles={"referred_from": ["Border Police Unit"], "referred_to": ["Ministry of Welfare"],
                           "victim": ["Deckhand Kiri"]})],
    )
    second = ExtractionRecord(
        report=_meta("q2", "2019-07-20"), actors=list(ACTORS),
        gaps=[Gap("Ministry of Welfare", "insufficient-funding", None, "Shelters closed early again."),
              Gap("Border Police Unit", "slow-response", None, "Police took weeks to act."),
              Gap("ATC", "slow-response", None, "The council met only twice.")],
        statistics=[Statistic(15, "Trafficking cases", 2017, None, "Ministry of Welfare", "Fifteen cases were logged in 2017.")],
        criticisms=[Criticism("Safe Passage", "Border Police Unit", "Safe Passage said the unit ignored tips.")],
        cases=[Case("Karaoke bar raid", 2017, "Harbour Town", "prosecuted", "sexual exploitation",
                    ["Border Police Unit", "Harbour Provincial Court"], [], evidence="The court heard the bar case.",
                    roles={"investigated_by": ["Border Police Unit"], "tried_by": ["Harbour Provincial Court"],
                           "referred_from": ["Border Police Unit"], "referred_to": ["Ministry of Welfare"]})],
    )
    third = ExtractionRecord(
        report=_meta("q3", "2020-02-11"), actors=list(ACTORS),
        gaps=[Gap("Lone Registry Office", "data-gaps", None, "The office keeps no records.")],
        statistics=[Statistic(12, "trafficking cases", 2017, None, "ATC", "The council repeated twelve cases for 2017."),
                    Statistic(40, "victims identified", 2019, None, "ATC", "Forty victims were identified in 2019.")],
    )
    return [first, second, third]


def load_network(driver) -> None:
    """Write :func:`network_records` into an emptied database."""
    ensure_schema(driver, DB)
    batch = [rows_from_graph(record_to_graph(r), r.report.id) for r in network_records()]
    write_batch(driver, DB, batch)


@pytest.fixture
def db(clean_db):
    load_network(clean_db)
    return clean_db


def query(driver, name: str, **params):
    return run_named(driver, DB, name, **resolve_params(driver, DB, name, **params))


def by(rows, *keys):
    return {tuple(row[k] for k in keys): row for row in rows}


# --- the registry --------------------------------------------------------------------------

def test_every_registered_query_has_cypher_summary_example_and_valid_options():
    queries = named_queries()
    assert {"shared-gaps", "gaps", "officials", "neighbours", "path", "criticism", "figures", "evidence",
            "cases", "case-network"} <= set(queries)
    for q in queries.values():
        assert q.cypher.strip() and q.summary and q.example.startswith(f"tipgraph query {q.name}")
        for key in (*q.actor_params, *q.node_params, *q.arguments, *q.choices, *q.types, *q.ranges):
            assert key in q.defaults, (q.name, key)
        for key, value in q.defaults.items():
            if key in q.lookup_params:
                assert f"${key}" not in q.cypher, (q.name, key)
                continue
            assert (f"${key}" in q.cypher or any(f"${key}" in v.cypher for v in q.variants)
                    or key in q.python_params), (q.name, key)
        assert set(q.python_params) <= set(q.defaults) and (q.function or not q.python_params), q.name
    assert set(get_query("evidence").choices["type"]) <= set(REL_TYPES)
    from graph.record import CASE_STATUSES
    assert get_query("cases").choices["status"] == list(CASE_STATUSES)


def test_unknown_parameters_and_out_of_range_values_are_query_errors():
    with pytest.raises(QueryError, match="no parameter"):
        get_query("gaps").params({"agencyy": "x"})
    with pytest.raises(QueryError, match="between 1 and 4"):
        get_query("neighbours").params({"actor": "x", "hops": 5})
    with pytest.raises(QueryError, match="needs actor"):
        get_query("neighbours").params({})


# --- each query on the fictional network ---------------------------------------------------

def test_shared_gaps_pairs_filters_and_groups(db):
    pairs = by(query(db, "shared-gaps"), "agency_a", "agency_b")
    assert set(pairs) == {("Anti-Trafficking Council", "Border Police Unit"),
                          ("Anti-Trafficking Council", "Ministry of Welfare"),
                          ("Border Police Unit", "Ministry of Welfare")}
    welfare_council = pairs["Anti-Trafficking Council", "Ministry of Welfare"]
    assert sorted(welfare_council["gaps"]) == ["insufficient-funding", "victim-distrust-of-justice"]
    assert welfare_council["reports"] == 2  # funding in q1 and q2
    assert [r["gaps"] for r in query(db, "shared-gaps", since=2019)] == [["slow-response"]]
    police_2018 = query(db, "shared-gaps", until=2018, agency="Border Police Unit")
    assert [(r["agency_a"], r["agency_b"], r["gaps"]) for r in police_2018] == [
        ("Anti-Trafficking Council", "Border Police Unit", ["insufficient-funding"]),
        ("Border Police Unit", "Ministry of Welfare", ["insufficient-funding"])]
    assert len(query(db, "shared-gaps", minShared=2)) == 2
    broad = by(query(db, "shared-gaps", level="broad"), "agency_a", "agency_b")
    assert "victim-access-to-justice" in broad["Anti-Trafficking Council", "Ministry of Welfare"]["gaps"]
    groups = query(db, "shared-gaps", minAgencies=3)
    assert [(g["gap"], g["agency_count"], g["agencies"]) for g in groups] == [
        ("insufficient-funding", 3, ["Anti-Trafficking Council", "Border Police Unit", "Ministry of Welfare"])]
    assert {g["gap"] for g in query(db, "shared-gaps", minAgencies=2, agency="welfare ministry")} == {
        "insufficient-funding", "victim-distrust-of-justice"}
    assert query(db, "shared-gaps", country="Atlantis") == []
    # by kind of agency: each kind has one agency here, so no pair of the same kind shares a gap
    assert query(db, "shared-gaps", type="Ministry") == []
    assert {(r["agency_a"], r["agency_b"]) for r in query(db, "shared-gaps", type="Committee")} == set()
    assert [g["agencies"] for g in query(db, "shared-gaps", minAgencies=1, type="LawEnforcement")][0] == [
        "Border Police Unit"]


def test_gaps_profile_counts_reports_and_first_last_dates(db):
    rows = by(query(db, "gaps", agency="Ministry of Welfare"), "gap")
    assert set(rows) == {("insufficient-funding",), ("victim-distrust-of-justice",)}
    funding = rows["insufficient-funding",]
    assert (funding["reports"], funding["first_reported"], funding["last_reported"]) == (2, "2018-05-02", "2019-07-20")
    assert sorted(funding["report_ids"]) == ["q1", "q2"] and funding["said_by"] == ["Lim Sovan"]
    assert rows["victim-distrust-of-justice",]["broader"] == "victim-access-to-justice"
    everyone = query(db, "gaps")
    assert {r["agency"] for r in everyone} == {"Ministry of Welfare", "Anti-Trafficking Council",
                                              "Border Police Unit", "Lone Registry Office"}
    assert [r["gap"] for r in query(db, "gaps", minReports=2)] == ["insufficient-funding"]
    assert {r["agency"] for r in query(db, "gaps", type="LawEnforcement")} == {"Border Police Unit"}


def test_officials_lists_posts_with_reports(db):
    rows = query(db, "officials")
    assert [(r["person"], r["title"], r["agency"], r["reports"], r["first_reported"]) for r in rows] == [
        ("Pen Rachana", "Secretary", "Anti-Trafficking Council", ["q1"], "2018-05-02"),
        ("Lim Sovan", "Minister", "Ministry of Welfare", ["q1"], "2018-05-02")]
    assert [r["person"] for r in query(db, "officials", agency="ATC")] == ["Pen Rachana"]
    assert query(db, "officials", title="secret")[0]["person"] == "Pen Rachana"


def test_neighbours_by_hops_never_lists_victims(db):
    # a hop is one relationship: a shared gap (agency → gap ← agency) is two
    one = by(query(db, "neighbours", actor="ATC"), "actor")
    assert set(one) == {("Pen Rachana",)}
    assert one["Pen Rachana",]["via"] == "HOLDS_POSITION Secretary"
    two = by(query(db, "neighbours", actor="ATC", hops=2), "actor")
    assert set(two) == {("Pen Rachana",), ("Border Police Unit",), ("Ministry of Welfare",)}
    assert two["Border Police Unit",]["via"] == "HAS_GAP" and two["Border Police Unit",]["hops"] == 2
    assert two["Border Police Unit",]["from"] in ("insufficient-funding", "slow-response")
    three = by(query(db, "neighbours", actor="ATC", hops=3), "actor")
    assert three["Safe Passage",]["hops"] == 3 and three["Safe Passage",]["from"] == "Border Police Unit"
    four = by(query(db, "neighbours", actor="ATC", hops=4), "actor")
    assert four["Harbour Provincial Court",]["hops"] == 4 and four["Harbour Provincial Court",]["from"] == "Karaoke bar raid"
    everyone = query(db, "neighbours", actor="Border Police Unit", hops=4)
    assert "Deckhand Kiri" not in {r["actor"] for r in everyone}
    assert all(r["type"] == "Person" for r in query(db, "neighbours", actor="ATC", hops=3, type="Person"))


def test_neighbours_and_path_follow_only_the_links_asked_for(db):
    assert [r["actor"] for r in query(db, "neighbours", actor="ATC", hops=4, via="POSTS,PART_OF")] == ["Pen Rachana"]
    assert [r["actor"] for r in query(db, "neighbours", actor="ATC", hops=4, excludeKind="Gap")] == ["Pen Rachana"]
    no_gaps = {r["actor"] for r in query(db, "neighbours", actor="Border Police Unit", hops=2, excludeKind="Gap")}
    assert "Harbour Provincial Court" in no_gaps and "Anti-Trafficking Council" not in no_gaps
    shortest = query(db, "path", source="Border Police Unit", target="Ministry of Welfare")
    assert len({r["path"] for r in shortest}) >= 2 and max(r["step"] for r in shortest) == 2
    cases_only = query(db, "path", source="Border Police Unit", target="Ministry of Welfare", excludeKind="Gap")
    assert cases_only and all("Gap" not in r["to"] for r in cases_only)
    assert {r["relationship"].strip("←→ ") for r in cases_only} <= {
        "INVOLVES", "REFERRED_FROM", "REFERRED_TO", "INVESTIGATED_BY"}
    assert query(db, "path", source="Border Police Unit", target="Ministry of Welfare", via="POSTS,PART_OF") == []
    with pytest.raises(QueryError, match="via 'OWNS' is not one of"):
        query(db, "neighbours", actor="ATC", via="OWNS")


def test_export_hops_mean_what_neighbours_hops_mean(db):
    from graph.store.fetch import fetch_ego

    start = resolve_params(db, DB, "neighbours", actor="ATC")["actor"]
    for hops in (1, 2, 3):
        listed = {r["actor_id"] for r in query(db, "neighbours", actor="ATC", hops=hops)}
        sub = fetch_ego(db, DB, start, hops)
        exported = {n.id for n in sub.nodes.values() if "Actor" in n.labels
                    and "victim" not in (n.properties.get("roles") or [])}
        assert exported == listed | {start}, hops


def test_path_steps_carry_their_evidence(db):
    rows = query(db, "path", source="Lim Sovan", target="Safe Passage")
    assert [r["step"] for r in rows] == [1, 2, 3]
    assert rows[0]["from"] == "Lim Sovan" and rows[-1]["to"] == "Safe Passage"
    assert rows[-1]["relationship"] == "← CRITICISED"
    assert rows[-1]["evidence"] == ["Safe Passage said the unit ignored tips. [q2]"]
    assert all(r["evidence"] for r in rows)  # case roles carry the case's sentence
    assert query(db, "path", source="Lim Sovan", target="Safe Passage", maxLength=2) == []
    assert query(db, "path", source="ATC", target="ATC") == []
    with pytest.raises(QueryError, match="between 1 and 10"):
        query(db, "path", source="ATC", target="Safe Passage", maxLength=11)


def test_criticism_with_evidence(db):
    rows = query(db, "criticism")
    assert {(r["critic"], r["target"], r["target_type"]) for r in rows} == {
        ("Safe Passage", "Government of Norland", "GovernmentBody"),
        ("Safe Passage", "Border Police Unit", "LawEnforcement")}
    police = query(db, "criticism", target="Border Police Unit")
    assert police[0]["evidence"] == ["Safe Passage said the unit ignored tips. [q2]"] and police[0]["reports"] == ["q2"]
    assert len(query(db, "criticism", actor="Safe Passage")) == 2


def test_figures_flag_conflicting_values_and_case_totals(db):
    rows = by(query(db, "figures"), "measure", "year", "value")
    twelve = rows["trafficking cases", 2017, 12]
    assert sorted(twelve["reports"]) == ["q1", "q3"] and twelve["conflict"] is True
    assert twelve["other_values"] == ["15 (q2)"]
    assert set(twelve["sources"]) == {"Pen Rachana", "Anti-Trafficking Council"}
    # two Case nodes are recorded for 2017: neither 12 nor 15 agrees
    assert (twelve["recorded_cases"], twelve["cases_disagree"]) == (2, True)
    victims = rows["victims identified", 2019, 40]
    assert (victims["conflict"], victims["recorded_cases"], victims["cases_disagree"]) == (False, None, False)
    flagged = query(db, "figures", conflictsOnly=True)
    assert {r["measure"] for r in flagged} == {"trafficking cases"}
    assert [r["value"] for r in query(db, "figures", measure="VICTIMS", since=2019)] == [40]


def test_evidence_of_an_actor_a_relationship_a_gap_and_a_case(db):
    rows = query(db, "evidence", node="welfare ministry")
    assert ("HAS_GAP", "The welfare budget ran dry.", "q1") in {(r["relationship"], r["sentence"], r["report"]) for r in rows}
    gaps_only = query(db, "evidence", node="Ministry of Welfare", type="HAS_GAP")
    assert {r["relationship"] for r in gaps_only} == {"HAS_GAP"} and len(gaps_only) == 3
    post = query(db, "evidence", node="Ministry of Welfare", to="Lim Sovan")
    assert {(r["relationship"], r["sentence"]) for r in post} >= {
        ("HOLDS_POSITION", "Minister Lim Sovan opened the shelter.")}
    gap = query(db, "evidence", node="insufficient-funding")
    assert len(gap) == 4 and {r["report"] for r in gap} == {"q1", "q2"}
    case_id = query(db, "cases", place="harbour", status="rescued")[0]["case_id"]
    case_rows = query(db, "evidence", node=case_id)
    assert ("(self)", "Police freed nine deckhands.") in {(r["relationship"], r["sentence"]) for r in case_rows}
    assert all(r["to"] != "Deckhand Kiri" for r in case_rows)
    with pytest.raises(QueryError, match="no actor called"):
        query(db, "evidence", node="Nobody Special")


def test_cases_filters_and_no_victims(db):
    rows = query(db, "cases")
    assert [r["summary"] for r in rows] == ["Fishing crew held at sea", "Karaoke bar raid"]
    fishing = rows[0]
    assert fishing["agencies"] == ["Border Police Unit", "Ministry of Welfare"]
    assert fishing["people"] == ["Lim Sovan"] and fishing["report"] == "q1"
    assert "Border Police Unit: referred_from" in fishing["roles"]
    assert "Deckhand Kiri" not in json.dumps(rows)
    assert [r["summary"] for r in query(db, "cases", agency="Harbour Provincial Court")] == ["Karaoke bar raid"]
    assert [r["summary"] for r in query(db, "cases", exploitation="SEXUAL")] == ["Karaoke bar raid"]
    assert query(db, "cases", year=2018) == []
    assert len(query(db, "cases", year=2017, place="harbour")) == 2


def test_case_network_weights_pairs_by_shared_cases_and_referrals(db):
    rows = by(query(db, "case-network"), "agency_a", "agency_b")
    police_welfare = rows["Border Police Unit", "Ministry of Welfare"]
    assert police_welfare["shared_cases"] == 2
    assert (police_welfare["referrals_a_to_b"], police_welfare["referrals_b_to_a"]) == (2, 0)
    assert rows["Border Police Unit", "Harbour Provincial Court"]["shared_cases"] == 1
    assert list(by(query(db, "case-network", minCases=2), "agency_a", "agency_b")) == [
        ("Border Police Unit", "Ministry of Welfare")]
    assert len(query(db, "case-network", agency="Harbour Provincial Court")) == 2


# --- the same through the console script ---------------------------------------------------

@pytest.fixture
def cli(db, neo4j_settings):
    return tipgraph_command(neo4j_settings)


CLI_CASES = [
    (["shared-gaps", "--min-agencies", "3"], "agency_count", 1),
    (["shared-gaps", "--level", "broad", "--min-shared", "2"], "agency_a", 2),
    (["gaps", "--agency", "welfare ministry"], "first_reported", 2),
    (["officials", "--agency", "ATC"], "title", 1),
    (["neighbours", "ATC", "--hops", "4", "--via", "POSTS,GAPS,CASES"], "via", 5),
    (["path", "Lim Sovan", "Safe Passage"], "evidence", 3),
    (["criticism", "--target", "government"], "critic", 1),
    (["figures", "--conflicts-only"], "other_values", 2),
    (["evidence", "Border Police Unit", "--type", "CRITICISED"], "sentence", 1),
    (["cases", "--status", "prosecuted"], "agencies", 1),
    (["case-network", "--min-cases", "2"], "referrals_a_to_b", 1),
]


def test_every_query_through_the_cli_in_every_format(cli, neo4j_settings):
    # the installed command once (the first query, as JSON), everything else through the same
    # click command in this process: one Python start-up instead of forty-four
    from click.testing import CliRunner

    from graph.cli import cli as main

    env = {"NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database}

    def in_process(*args: str):
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stderr)
        return result

    for number, (args, column, count) in enumerate(CLI_CASES):
        run = cli if number == 0 else in_process
        as_json = run("query", *args, "--format", "json")
        rows = json.loads(as_json.stdout)
        assert len(rows) == count and column in rows[0], (args, rows)
        lines = in_process("query", *args, "--format", "jsonl").stdout.splitlines()
        assert [json.loads(line) for line in lines] == rows
        header = in_process("query", *args, "--format", "csv").stdout.splitlines()[0]
        assert column in header.split(","), (args, header)
        table = in_process("query", *args, "--format", "table")
        assert table.stdout.rstrip().endswith(f"({count} row{'s' if count != 1 else ''})")
        assert table.stderr == ""


def test_cli_query_errors_are_one_line_with_exit_code_6(cli):
    unknown = cli("query", "neighbours", "Nobody Special", check=False)
    assert unknown.returncode == 6 and unknown.stdout == ""
    assert "no actor called 'Nobody Special'" in unknown.stderr and "Traceback" not in unknown.stderr
    typo = json.loads(cli("query", "neighbours", "Ministy of Welfare", "--format", "json").stdout)
    assert {r["actor"] for r in typo} >= {"Lim Sovan"}  # one close name: taken
    too_far = cli("query", "neighbours", "ATC", "--hops", "9", check=False)
    assert too_far.returncode == 6 and "between 1 and 4" in too_far.stderr


def test_claims_carry_the_years_of_their_reports_and_gaps_filter_by_them(db):
    rows, _, _ = db.execute_query(
        "MATCH (a:Agency {name: 'Ministry of Welfare'})-[r:HAS_GAP]->(:Gap {gapId: 'insufficient-funding'}) "
        "RETURN r.years AS years, r.firstYear AS first, r.lastYear AS last", database_=DB)
    assert (rows[0]["years"], rows[0]["first"], rows[0]["last"]) == ([2018, 2019], 2018, 2019)
    posts, _, _ = db.execute_query("MATCH ()-[r:HOLDS_POSITION]->() RETURN DISTINCT r.years AS years", database_=DB)
    assert [r["years"] for r in posts] == [[2018]]
    figures, _, _ = db.execute_query(
        "MATCH (s:Statistic)-[r:CREDITED_TO]->() RETURN s.report AS report, r.firstYear AS year ORDER BY report",
        database_=DB)
    assert {(r["report"], r["year"]) for r in figures} == {("q1", 2018), ("q2", 2019), ("q3", 2020)}
    since = by(query(db, "gaps", since=2019), "agency", "gap")
    assert since[("Ministry of Welfare", "insufficient-funding")]["report_ids"] == ["q2"]
    assert ("Ministry of Welfare", "victim-distrust-of-justice") not in since
    until = by(query(db, "gaps", until=2018), "agency", "gap")
    assert until[("Ministry of Welfare", "insufficient-funding")]["report_ids"] == ["q1"]
    # rewriting a report takes its year out and puts it back
    second = network_records()[1]
    write_batch(db, DB, [rows_from_graph(record_to_graph(second), second.report.id)], force=True)
    again, _, _ = db.execute_query(
        "MATCH (a:Agency {name: 'Ministry of Welfare'})-[r:HAS_GAP]->(:Gap {gapId: 'insufficient-funding'}) "
        "RETURN r.years AS years, r.firstYear AS first, r.lastYear AS last", database_=DB)
    assert (again[0]["years"], again[0]["first"], again[0]["last"]) == ([2018, 2019], 2018, 2019)


def _add_government_gaps(driver) -> None:
    extra = ExtractionRecord(
        report=_meta("q4", "2021-01-15"), actors=list(ACTORS),
        gaps=[Gap("Government of Norland", "insufficient-funding", None, "The state budget for victims was cut."),
              Gap("Government of Norland", "slow-response", None, "Ministries answered late.")])
    write_batch(driver, DB, [rows_from_graph(record_to_graph(extra), "q4")])


def test_shared_gaps_leave_whole_governments_out_unless_asked(db):
    _add_government_gaps(db)
    names = {name for r in query(db, "shared-gaps") for name in (r["agency_a"], r["agency_b"])}
    assert "Government of Norland" not in names and "Ministry of Welfare" in names
    with_gov = {name for r in query(db, "shared-gaps", includeGovernments=True) for name in (r["agency_a"], r["agency_b"])}
    assert "Government of Norland" in with_gov
    # asking for the government by name includes it
    assert query(db, "shared-gaps", agency="Government of Norland")


def test_agency_projection_graphml_opens_in_networkx_with_weights(db, cli, neo4j_settings, tmp_path):
    import csv

    import networkx as nx

    from graph.analytics.projection import shared_gap_projection, write_projection

    _add_government_gaps(db)
    graph = shared_gap_projection(db, DB)
    write_projection(graph, "graphml", tmp_path / "p.graphml")
    back = nx.read_graphml(tmp_path / "p.graphml")
    weights = {frozenset((back.nodes[a]["label"], back.nodes[b]["label"])): d["weight"]
               for a, b, d in back.edges(data=True)}
    assert weights[frozenset(("Ministry of Welfare", "Anti-Trafficking Council"))] == 2
    assert all(isinstance(w, int) for w in weights.values())
    assert not any("Government of Norland" in pair for pair in weights)
    cli("analyze", "projection", "--format", "csv", "-o", str(tmp_path / "gephi"), "--include-governments")
    with (tmp_path / "gephi" / "edges.csv").open() as fh:
        edges = list(csv.DictReader(fh))
    assert list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
    with (tmp_path / "gephi" / "nodes.csv").open() as fh:
        nodes = list(csv.DictReader(fh))
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert "Government of Norland" in {n["Label"] for n in nodes}
    in_process = tipgraph_in_process(tipgraph_env(neo4j_settings, tmp_path / "home"))
    in_process("analyze", "projection", "--format", "gexf", "-o", str(tmp_path / "p.gexf"))  # one start-up less
    assert nx.read_gexf(tmp_path / "p.gexf").number_of_edges() == back.number_of_edges()
    cli("analyze", "centrality", "--network", "agency-agency", "--format", "json")


def test_figures_compare_actual_with_actual_and_recommended_with_recommended(db):
    target = Statistic(100, "trafficking cases", 2017, None, "ATC", "The plan aimed at a hundred cases for 2017.",
                       kind="recommended")  # what extraction sets on a recommended figure
    extra = ExtractionRecord(report=_meta("q5", "2018-09-09"), actors=list(ACTORS), statistics=[target])
    write_batch(db, DB, [rows_from_graph(record_to_graph(extra), "q5")])
    rows = query(db, "figures", measure="trafficking cases")
    recommended = [r for r in rows if r["kind"] == "recommended"]
    assert [(r["value"], r["conflict"]) for r in recommended] == [(100, False)]
    actual = {r["value"]: r for r in rows if r["kind"] == "actual" and r["year"] == 2017}
    assert actual[12]["conflict"] and all("100" not in o for o in actual[12]["other_values"])
    assert 100 not in {r["value"] for r in query(db, "figures", conflictsOnly=True)}
