"""The one output contract: table / json / jsonl / csv, chosen or defaulted by terminal."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from graph.cli.output import render, resolve_format

ROWS = [{"agency": "Ministry of Labour", "gaps": ["a", "b"], "reports": 2, "date": date(2020, 1, 2)},
        {"agency": 'Watch "}) DETACH DELETE n //', "gaps": [], "reports": 1, "date": None}]


def out(fmt: str) -> str:
    buf = io.StringIO()
    render(ROWS, fmt, buf)
    return buf.getvalue()


def test_json_is_a_list_of_objects():
    data = json.loads(out("json"))
    assert data[0] == {"agency": "Ministry of Labour", "gaps": ["a", "b"], "reports": 2, "date": "2020-01-02"}
    assert data[1]["agency"].startswith('Watch "})')


def test_jsonl_is_one_object_per_line():
    lines = out("jsonl").splitlines()
    assert [json.loads(line)["reports"] for line in lines] == [2, 1]


def test_csv_has_a_header_and_joins_lists():
    rows = list(csv.reader(io.StringIO(out("csv"))))
    assert rows[0] == ["agency", "gaps", "reports", "date"]
    assert rows[1] == ["Ministry of Labour", "a; b", "2", "2020-01-02"]


def test_table_aligns_and_counts():
    text = out("table")
    assert text.splitlines()[0].split() == ["agency", "gaps", "reports", "date"]
    assert text.rstrip().endswith("(2 rows)")
    buf = io.StringIO()
    render([], "table", buf)
    assert buf.getvalue() == "(no rows)\n"


def test_default_format_is_table_on_a_terminal_and_json_when_piped():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert resolve_format(None, Tty()) == "table"
    assert resolve_format(None, io.StringIO()) == "json"
    assert resolve_format("csv", Tty()) == "csv"


def test_tables_use_the_width_of_a_wide_terminal_and_debug_goes_anywhere(monkeypatch):
    import io

    from graph.cli.common import hoist_debug
    from graph.cli.output import render

    name = "Ministry of Labour and Vocational Training of the Kingdom of Cambodia, Phnom Penh office"
    monkeypatch.setenv("COLUMNS", "250")
    out = io.StringIO()
    render([{"agency": name}], "table", out)
    assert name in out.getvalue()
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    render([{"agency": name}], "table", out)
    assert name not in out.getvalue() and "…" in out.getvalue()
    assert hoist_debug(["query", "gaps", "--debug"]) == ["--debug", "query", "gaps"]
    assert hoist_debug(["cypher", "--", "--debug"]) == ["cypher", "--", "--debug"]
