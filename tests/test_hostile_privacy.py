"""Nobody exposed (issue 14): victims and witnesses named in text reports are redacted by
default, redaction scrubs names of private people outside the exported slice, and user Cypher
cannot reach outside the graph or disturb other sessions. Against the real Neo4j."""

from __future__ import annotations

import io
import json
import os
import socket
import stat
import threading

import pytest

from graph.queries.cypher import run_cypher
from graph.flows.discovery import discover
from graph.errors import QueryError
from graph.flows.export import Selection, export_selection
from graph.flows.ingest import extract_file, ingest_files
from graph.privacy.record import redact_record

from .conftest import tipgraph_in_process
from .test_privacy import PRIVATE, QUOTES, VICTIM_REPORT, _mentions
from .test_robustness_input import run_tipgraph, tipgraph_env

TITLED = VICTIM_REPORT.replace("Survivor recounts months on a fishing boat",
                               "Chea Sreymom recounts months on a fishing boat")
MORE_VICTIMS = """\
Raid on a karaoke bar
Date: 2021-02-02

Police rescued Dara Sokhom from a karaoke bar in Kampot. The victim, Sophea Mean, was later sent to a shelter.

Survivor Vanna Keo testified against the broker at Kampot Provincial Court.
"""


@pytest.fixture
def loaded(clean_db, tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "victims.txt").write_text(TITLED, encoding="utf-8")
    (root / "raid.txt").write_text(MORE_VICTIMS, encoding="utf-8")
    summary = ingest_files(discover([root]).files, clean_db, "neo4j")
    assert not summary.failures, summary.failures
    return clean_db


def _export(driver, selection: Selection, **opts) -> str:
    out = io.StringIO()
    export_selection(driver, "neo4j", selection, "json", out, **opts)
    return out.getvalue()


# --- finding 1: roles of people named in text -------------------------------------------------

def test_text_victims_and_witnesses_get_roles(tmp_path):
    path = tmp_path / "raid.txt"
    path.write_text(MORE_VICTIMS, encoding="utf-8")
    roles = {a.name: a.roles for a in extract_file(path).actors if a.roles}
    assert roles == {"Dara Sokhom": ["victim"], "Sophea Mean": ["victim"], "Vanna Keo": ["victim", "witness"]}


def test_default_export_redacts_victims_named_in_text(loaded):
    text = _export(loaded, Selection())
    for name in ["Chea Sreymom", "Sreymom", "Lim Rithy", "Dara Sokhom", "Sophea Mean", "Vanna Keo"]:
        assert not _mentions(text, name), name
    for quote in QUOTES:
        assert quote not in text
    assert "Keo Vibol" in text  # the minister stays


# --- finding 2: names outside the slice, titles -----------------------------------------------

@pytest.mark.parametrize("selection", [
    Selection(actor="Ministry of Labour", hops=1),
    Selection(actor="Cambodian National Police", hops=1),
    Selection(query="cases"),
    Selection(cypher="MATCH (r:Report) RETURN r"),
    Selection(cypher="MATCH (a:Agency)-[h:HAS_GAP]->(g) RETURN a, h, g"),
])
def test_slices_never_name_private_people_outside_them(loaded, selection):
    unredacted = _export(loaded, Selection(), redact=None)
    assert "Chea Sreymom" in unredacted  # the premise
    text = _export(loaded, selection)
    for forms in PRIVATE.values():
        for form in forms:
            assert not _mentions(text, form), (form, selection)
    for name in ["Dara Sokhom", "Sophea Mean", "Vanna Keo", "chea-sreymom"]:
        assert not _mentions(text, name), (name, selection)


def test_extract_redact_cleans_the_title(tmp_path):
    path = tmp_path / "victims.txt"
    path.write_text(TITLED, encoding="utf-8")
    record = redact_record(extract_file(path))
    dumped = json.dumps(record.to_dict(), ensure_ascii=False)
    assert "Sreymom" not in dumped and "Lim Rithy" not in dumped
    assert record.report.title.endswith("recounts months on a fishing boat")


# --- finding 15: exports that name people are 0600 --------------------------------------------

def test_exports_naming_people_are_private_files(loaded, tmp_path):
    target = tmp_path / "out.graphml"
    export_selection(loaded, "neo4j", Selection(), "graphml", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = tmp_path / "rows"
    export_selection(loaded, "neo4j", Selection(), "csv", rows, redact=None)
    assert {stat.S_IMODE(f.stat().st_mode) for f in rows.iterdir()} == {0o600}


def test_an_export_has_no_edge_to_a_missing_node(loaded):
    from graph.flows.export import select_subgraph

    graph = select_subgraph(loaded, "neo4j", Selection())
    assert all(r.start in graph.nodes and r.end in graph.nodes for r in graph.relationships)


# --- findings 7 and 8: one read-only guard --------------------------------------------------

@pytest.mark.parametrize("query", [
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW TRANSACTIONS YIELD transactionId TERMINATE TRANSACTIONS transactionId",
    "CALL dbms.killConnection('bolt-1')",
    "CALL db.clearQueryCaches()",
    "CALL db.stats.stop('QUERIES')",
    "CALL `db`.`clearQueryCaches`()",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
])
def test_cypher_refuses_what_disturbs_others(clean_db, query):
    with pytest.raises(QueryError, match="--write"):
        run_cypher(clean_db, "neo4j", query)


def test_cypher_still_runs_read_only_procedures(clean_db):
    rows = run_cypher(clean_db, "neo4j", "CALL db.labels() YIELD label RETURN count(label) AS n")
    assert rows[0]["n"] >= 0


class _Listener:
    """A TCP listener that records whether anyone connected (LOAD CSV from http://…)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def _run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.hits += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def test_export_cypher_uses_the_same_guard(clean_db, neo4j_settings, tmp_path):
    env = tipgraph_env(neo4j_settings, tmp_path / "home")
    listener = _Listener()
    try:
        proc = run_tipgraph(env, "export", "--format", "json", "-o", str(tmp_path / "x.json"), "--cypher",
                            f"LOAD CSV FROM 'http://127.0.0.1:{listener.port}/x.csv' AS row RETURN row")
    finally:
        listener.close()
    assert proc.returncode == 6, proc.stderr
    assert listener.hits == 0
    assert len(proc.stderr.strip().splitlines()) == 1 and "LOAD CSV" in proc.stderr
    in_process = tipgraph_in_process(env)  # the same main() as the command above, without its start-up
    write = in_process("export", "--format", "json", "-o", str(tmp_path / "y.json"), "--cypher",
                       "CREATE (n:Scratch {id: 'https://w3id.org/tipgraph/id/agency/x'}) RETURN n", check=False)
    assert write.returncode == 6, write.stderr
    assert len(write.stderr.strip().splitlines()) == 1 and "Traceback" not in write.stderr, write.stderr
    killed = in_process("export", "--format", "json", "-o", str(tmp_path / "z.json"), "--cypher",
                        "CALL db.clearQueryCaches() YIELD value RETURN value", check=False)
    assert killed.returncode == 6, killed.stderr
    assert not os.path.exists(tmp_path / "x.json")
