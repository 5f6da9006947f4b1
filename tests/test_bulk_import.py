"""The neo4j-admin CSV path: the same reports give the same graph as the UNWIND writer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.errors import DatabaseError, ServerError
from graph.rdf.build import record_to_graph
from graph.record import Gap, Statement
from graph.store.bulk_import import ARRAY_DELIMITER, complete_import, render_report, run_import, write_import_files
from graph.store.connection import connect
from graph.store.model import rows_from_graph
from graph.store.server import LocalServer
from graph.store.writer import ensure_schema, write_batch

from .records import sample_record


def _reports(long_evidence: str | None = None):
    """Overlapping fictional reports: shared actors and facts, awkward text, an int and a float;
    with ``long_evidence``, a gap whose evidence is that text."""
    awkward = Statement("Sok Malis", 'She said "no", then: a, b; c\nand a second line',
                        "“Quoted, with a comma” and ; a semicolon.")
    records = [
        sample_record("r1", "h1"),
        sample_record("r2", "h2", date="2021-02-03",
                      extra_gaps=[Gap("NCCT", "insufficient-funding", "Chan Dara", "Money ran out.")]),
        sample_record("r3", "h3", hostile=True),
    ]
    records[2].statements.append(awkward)
    if long_evidence is not None:  # in a file without line breaks, which neo4j-admin reads in chunks
        records[0].gaps.append(Gap("NCCT", "insufficient-funding", "Chan Dara", long_evidence))
    records[1].statistics[0].value = 12.5
    return [rows_from_graph(record_to_graph(r), r.report.id) for r in records]


def _dump(driver, database: str) -> dict[str, list]:
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN coalesce(n.id, 'extraction:' + n.reportId) AS id, labels(n) AS labels, "
        "properties(n) AS props", database_=database)
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props",
        database_=database)
    return {
        "nodes": sorted((r["id"], tuple(sorted(r["labels"])), repr(sorted(r["props"].items()))) for r in nodes),
        "rels": sorted((r["start"], r["type"], r["end"], repr(sorted(r["props"].items()))) for r in rels),
    }


@pytest.fixture
def stopped_server(tmp_path: Path, free_ports) -> LocalServer:
    bolt, http = free_ports(2)
    server = LocalServer(home=tmp_path / "neo4j", bolt_port=bolt, http_port=http, heap="512m",
                         page_cache="128m", stop_with_parent=True)
    server.start(timeout=300)  # creates conf/, the password and the empty databases
    server.stop()
    yield server
    server.stop()


# a line longer than neo4j-admin's default read buffer (4 Mi characters), with a quote, which
# doubles in CSV, and a character that takes two bytes
_LONG = "é" + "x" * 4_400_000 + '"'


@pytest.mark.slow
def test_bulk_import_gives_the_graph_the_unwind_writer_gives(clean_db, neo4j_settings, stopped_server, tmp_path):
    database = neo4j_settings.database
    ensure_schema(clean_db, database)
    write_batch(clean_db, database, _reports(_LONG)[:2])
    write_batch(clean_db, database, _reports(_LONG)[2:])
    expected = _dump(clean_db, database)

    files = write_import_files(iter(_reports(_LONG) + _reports(_LONG)[:1]), tmp_path / "csv")  # r1 twice
    assert files.reports == 3
    assert (files.nodes, files.relationships) == (len(expected["nodes"]), len(expected["rels"]))
    with pytest.raises(DatabaseError, match="stop the Neo4j server"):
        stopped_server.start(timeout=300)
        try:
            run_import(stopped_server, files)
        finally:
            stopped_server.stop()
    broken = write_import_files(iter(_reports()), tmp_path / "broken")
    gaps = broken.node_files[0]
    gaps.write_text(gaps.read_text(encoding="utf-8") + gaps.read_text(encoding="utf-8").splitlines()[-1] + "\n",
                    encoding="utf-8")
    with pytest.raises(DatabaseError, match="import failed .*: .*DuplicateInputIdException: Id .* is defined more than once"):
        run_import(stopped_server, broken)  # the cause, not only "Error importing csv file"
    run_import(stopped_server, files)
    stopped_server.start(timeout=300)
    with connect(stopped_server.settings()) as driver:
        complete_import(driver, "neo4j")
        imported = _dump(driver, "neo4j")
        # the constraints hold on imported data, so later UNWIND ingests merge into it
        assert write_batch(driver, "neo4j", _reports(_LONG)[:1])[0].status == "unchanged"
    assert imported["nodes"] == expected["nodes"]
    assert imported["rels"] == expected["rels"]


def test_a_failed_import_is_told_by_its_innermost_cause():
    from graph.store.bulk_import import failure_reason

    output = ("Import starting\norg.neo4j.cli.CommandFailedException: Error importing csv file.\n"
              "\tat org.example.Importer.run(Importer.java:10)\n"
              "Caused by: java.lang.RuntimeException: wrapped\n\tat org.example.Step.run(Step.java:3)\n"
              "Caused by: java.lang.IllegalStateException: the real reason\n\t... 4 more\n")
    assert failure_reason(output) == "java.lang.IllegalStateException: the real reason"
    assert failure_reason("one\ntwo") == "one\ntwo"


def test_values_with_the_array_delimiter_are_refused(tmp_path):
    rows = _reports()[0]
    rows.claim_nodes["Statement"][0]["evidence"] = [f"a{ARRAY_DELIMITER}b"]
    with pytest.raises(DatabaseError, match="delimiter"):
        write_import_files([rows], tmp_path)


def _contents(files) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in files.node_files + files.relationship_files}


def test_reports_rendered_in_workers_give_the_files_their_rows_give(tmp_path):
    """db import renders each report where it was prepared; the files must not change by it,
    line for line, and a report given twice still counts once."""
    from graph.store.bulk_import import render_report

    from_rows = write_import_files(_reports() + _reports()[:1], tmp_path / "rows")
    rendered = [render_report(rows) for rows in _reports() + _reports()[:1]]
    from_rendered = write_import_files(rendered, tmp_path / "rendered")
    mixed = write_import_files([rendered[0], *_reports()[1:]], tmp_path / "mixed")
    assert from_rows.reports == from_rendered.reports == mixed.reports == 3
    assert _contents(from_rows) == _contents(from_rendered) == _contents(mixed)
    assert [p.name for p in from_rows.multiline_files] == [p.name for p in from_rendered.multiline_files] != []
    # the awkward statement's line break is inside one quoted field of the Statement file
    assert all(p.name.startswith("nodes-Statement") for p in from_rendered.multiline_files)


def test_the_read_buffer_is_raised_to_hold_the_longest_value(tmp_path):
    """neo4j-admin refuses a value longer than its read buffer (4 MiB by default)."""
    from graph.store.bulk_import import import_command

    server = LocalServer(home=tmp_path / "neo4j")
    plain = write_import_files(_reports(), tmp_path / "plain")
    assert not any(arg.startswith("--read-buffer-size") for arg in import_command(server, plain))
    long = write_import_files(_reports(_LONG), tmp_path / "long")
    longest = max(len(line) for path in long.node_files + long.relationship_files
                  for line in path.read_text(encoding="utf-8").split("\n"))
    assert longest > 4 << 20
    [option] = [arg for arg in import_command(server, long) if arg.startswith("--read-buffer-size")]
    assert int(option.removeprefix("--read-buffer-size=").removesuffix("m")) << 20 > longest
    rendered = write_import_files([render_report(rows) for rows in _reports(_LONG)], tmp_path / "rendered")
    assert rendered.longest_line == long.longest_line


def test_the_import_runs_at_least_four_threads_and_one_per_core(tmp_path):
    from graph.store.bulk_import import import_command, import_threads

    assert (import_threads(1), import_threads(2), import_threads(4), import_threads(16)) == (4, 4, 4, 16)
    command = import_command(LocalServer(home=tmp_path / "neo4j"), write_import_files(_reports(), tmp_path / "csv"))
    assert [arg for arg in command if arg.startswith("--threads")] == [f"--threads={import_threads()}"]


def test_shared_rows_cross_from_workers_packed_and_merge_as_the_rows_do():
    """A worker sends a report's actors and shared facts as plain values (marshal, or pickle for
    a value marshal cannot take); merged, they give what the rows themselves give."""
    import datetime as dt

    from graph.store.bulk_import import _packed, _unpacked
    from graph.store.model import MergedRows, shared_plain

    by_rows, by_plain = MergedRows(), MergedRows()
    for rows in _reports() + _reports()[:1]:
        by_rows.add(rows)
        by_plain.add_plain(_unpacked(_packed(shared_plain(rows))))
    assert by_plain.actor_list() == by_rows.actor_list() != []
    assert by_plain.rel_rows() == by_rows.rel_rows() != {}
    report_id, year, actors, rels = shared_plain(_reports()[0])
    dated = (report_id, year, actors, [(t, [(*rel[:6], {"since": dt.date(2020, 1, 2)}) for rel in items])
                                       for t, items in rels])
    assert _packed(dated)[:1] == b"p" and _unpacked(_packed(dated)) == dated
    assert _packed((report_id, year, actors, rels))[:1] == b"m"


def test_db_import_prepares_each_report_as_csv_lines(tmp_path):
    from graph.flows.ingest import prepare_file
    from graph.store.bulk_import import RenderedReport

    report = EXAMPLES / "reports" / "riverside-2019-shelter-shortfall.txt"
    plain, rendered = prepare_file(report), prepare_file(report, render=True)
    assert isinstance(rendered.rows, RenderedReport) and rendered.rows.report_id == plain.rows.report_id
    assert rendered.rows.triples == plain.rows.triples > 0
    assert _contents(write_import_files([rendered.rows], tmp_path / "a")) == \
        _contents(write_import_files([plain.rows], tmp_path / "b"))


def test_typed_headers_and_one_file_per_column_set(tmp_path):
    files = write_import_files(_reports(), tmp_path)
    headers = {p.name: p.read_text(encoding="utf-8").splitlines()[0] for p in files.node_files}
    statistic = sorted(h for name, h in headers.items() if name.startswith("nodes-Statistic"))
    assert [h.split(",")[2:5] for h in statistic] == [["measure", "value:double", "year:long"],
                                                      ["measure", "value:long", "year:long"]]
    report = next(h for name, h in headers.items() if name.startswith("nodes-Report"))
    assert report.startswith("id:ID,:LABEL,") and "date:date" in report and "year:long" in report
    actors = next(h for name, h in headers.items() if name.startswith("nodes-Actor"))
    assert "names:string[]" in actors and "sources:string[]" in actors


def test_the_cyclic_collector_runs_rarely_while_import_files_are_written(tmp_path):
    """The merged actors and facts of a whole corpus stay alive to the end; the collector
    walking them every few thousand allocations found nothing to free (rows form no cycles)."""
    import gc

    before = gc.get_threshold()
    seen = []

    def reports():
        for rows in _reports():
            seen.append(gc.get_threshold()[0])
            yield rows

    write_import_files(reports(), tmp_path / "ok")
    assert seen and all(young >= 50_000 for young in seen) and gc.get_threshold() == before
    broken = _reports()[0]
    broken.claim_nodes["Statement"][0]["evidence"] = [f"a{ARRAY_DELIMITER}b"]
    with pytest.raises(DatabaseError):
        write_import_files([broken], tmp_path / "refused")
    assert gc.get_threshold() == before


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.slow
@pytest.mark.neo4j
def test_db_import_gives_the_ingested_graph_and_keeps_what_is_loaded(clean_db, neo4j_settings, tmp_path, free_ports):
    from click.testing import CliRunner

    from graph.cli import cli
    from graph.flows.ingest import ingest_files

    good = sorted((EXAMPLES / "reports").iterdir()) + sorted((EXAMPLES / "cases").iterdir())
    broken = tmp_path / "in" / "empty.txt"
    broken.parent.mkdir()
    broken.write_text("")
    database = neo4j_settings.database
    summary = ingest_files(good, clean_db, database)
    assert summary.ok and summary.results
    expected = _dump(clean_db, database)

    bolt, http = free_ports(2)
    env = {"TIPGRAPH_HOME": str(tmp_path / "home"), "TIPGRAPH_BOLT_PORT": str(bolt),
           "TIPGRAPH_HTTP_PORT": str(http), "NEO4J_URI": None}
    args = ["db", "import", "-j", "1", *map(str, good), str(broken)]
    try:
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
        assert result.exit_code == 2, result.output  # the bad file failed, the rest was imported
        assert f"error: {broken}: " in result.stderr
        assert f"imported {len(summary.results)} report(s)" in result.stderr
        settings = LocalServer(home=tmp_path / "home" / "neo4j", bolt_port=bolt, http_port=http).settings()
        with connect(settings) as driver:
            assert _dump(driver, "neo4j") == expected
            # a second import would replace the graph: refused without --replace, nothing lost
            again = CliRunner().invoke(cli, args, env=env)
            assert isinstance(again.exception, ServerError) and again.exception.exit_code == 5
            assert "already holds 5 report(s)" in str(again.exception)
            assert _dump(driver, "neo4j") == expected
    finally:
        CliRunner().invoke(cli, ["db", "stop"], env=env)


def test_only_files_with_a_field_across_lines_are_parsed_line_by_line(tmp_path):
    """neo4j-admin parses a multiline file single-threaded; the others go in parallel chunks."""
    from graph.store.bulk_import import import_command

    files = write_import_files(_reports(), tmp_path / "csv")
    assert [p.name.split("-")[1] for p in files.multiline_files] == ["Statement"]  # the awkward quote
    for path in files.node_files + files.relationship_files:
        with path.open(encoding="utf-8", newline="") as handle:
            spans = any("\n" in value for row in csv.reader(handle) for value in row)
        assert spans == (path in files.multiline_files), path.name
    server = LocalServer(home=tmp_path / "neo4j")
    command = import_command(server, files)
    assert "--multiline-fields-format=v2" in command
    assert f"--multiline-fields={files.multiline_files[0]}" in command
    plain = write_import_files(_reports()[:2], tmp_path / "plain")
    assert plain.multiline_files == []
    assert not any(arg.startswith("--multiline") for arg in import_command(server, plain))
