"""Injection, access and secrets (issue 6).

- hostile names go in through `tipgraph ingest` and come back verbatim from `query` and
  `cypher`, and nothing is deleted on the way;
- `tipgraph cypher` refuses writes unless --write;
- Cypher text in graph/ never interpolates anything but whitelisted names (a static check);
- exports write only where they are told to;
- the Neo4j password appears in no output, log or file, the local server keeps it in a 0600
  file in a 0700 home, and `tipgraph db status` shows the URI and user only.
"""

from __future__ import annotations

import ast
import json
import os
import re
import stat
from pathlib import Path

import pytest

from graph.store.server import LocalServer

from .conftest import empty_database, tipgraph_in_process
from .test_faults import graph_hash
from .test_robustness_input import (EXAMPLES, HOSTILE_AGENCY, HOSTILE_NAMES, ROOT, _csv, graph_snapshot,
                                    run_tipgraph, run_tipgraph_concurrently, tipgraph_env)

PATH_NAMES = ["../../escape", "/etc/passwd", "nodes.csv", "..", "a/b\\c"]


@pytest.fixture
def env(clean_db, neo4j_settings, tmp_path):
    return tipgraph_env(neo4j_settings, tmp_path / "home")


@pytest.fixture
def reader_env(neo4j_settings, tmp_path):
    """Like ``env`` but leaves the database as it is."""
    return tipgraph_env(neo4j_settings, tmp_path / "home")


def ingest_hostile(env, directory: Path) -> None:
    directory.mkdir(exist_ok=True)
    names = HOSTILE_NAMES + PATH_NAMES
    (directory / "hostile.csv").write_text(_csv(
        ["case_id", "year", "status", "investigated_by", "suspect"],
        [[f"HN-{i}", "2019", "arrested", HOSTILE_AGENCY, f"{n}\nTouch Samnang" if ";" in n else n]
         for i, n in enumerate(names, 1)]), encoding="utf-8")
    proc = run_tipgraph(env, "ingest", str(EXAMPLES / "reports"), str(directory))
    assert proc.returncode == 0, proc.stderr


_HOSTILE_GRAPH: dict[str, tuple] = {}  # the graph hash right after the shared hostile ingest


@pytest.fixture
def hostile_graph(neo4j_driver, neo4j_settings, tmp_path_factory):
    """The example reports and the hostile case file, ingested by `tipgraph ingest` into an
    empty database once for the tests that read them; emptied and ingested again whenever
    the database is not what that ingest left (another test wiped it or wrote to it)."""
    if _HOSTILE_GRAPH.get("hash") != graph_hash(neo4j_driver, neo4j_settings.database):
        empty_database(neo4j_driver, neo4j_settings.database)
        home = tmp_path_factory.mktemp("hostile")
        ingest_hostile(tipgraph_env(neo4j_settings, home / "home"), home / "in")
        _HOSTILE_GRAPH["hash"] = graph_hash(neo4j_driver, neo4j_settings.database)
    return neo4j_driver


# --- injection ----------------------------------------------------------------------------

def test_hostile_names_come_back_verbatim_and_delete_nothing(reader_env, hostile_graph):
    env = reader_env
    before = graph_hash(hostile_graph)

    listed = json.loads(run_tipgraph(env, "cypher", "MATCH (a:Actor) WHERE a.name IN $names RETURN a.name AS name",
                                     "--param", "names=" + json.dumps(HOSTILE_NAMES), "--format", "json").stdout)
    assert sorted(r["name"] for r in listed) == sorted(HOSTILE_NAMES)

    # the installed command above, the rest through the same main() in this process
    in_process = tipgraph_in_process(env)
    cases = in_process("query", "cases", "--format", "json", check=False)
    assert cases.returncode == 0, cases.stderr
    text = cases.stdout
    for name in HOSTILE_NAMES + [HOSTILE_AGENCY]:
        assert json.dumps(name, ensure_ascii=False)[1:-1] in text, name

    # a hostile name as a query argument is a parameter, never Cypher
    for name in HOSTILE_NAMES[:5]:
        proc = in_process("query", "neighbours", name, "--format", "json", check=False)
        assert proc.returncode == 0, (name, proc.stderr)
        assert "Traceback" not in proc.stderr
    shared = in_process("query", "shared-gaps", "--format", "json", check=False)
    assert shared.returncode == 0 and json.loads(shared.stdout)
    csv_out = in_process("query", "cases", "--format", "csv").stdout
    assert '"Sok ""Big"" Dara"' in csv_out  # CSV quoting, not a broken row
    assert graph_hash(hostile_graph) == before


WRITES = [
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Report) SET n.title = 'x'",
    "CREATE (:Scratch {id: 'x'})",
    "MERGE (:Scratch {id: 'x'})",
    "MATCH (n:Report) REMOVE n.title",
    "FOREACH (x IN [1] | CREATE (:Scratch))",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS RETURN 1",
    "CALL db.createLabel('Evil')",
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Report) ON (n.title)",
    "CREATE USER eve SET PASSWORD 'a-long-password'",
    "match (n) detach delete n",
]


def test_cypher_refuses_writes_without_write(reader_env, hostile_graph):
    before = graph_hash(hostile_graph)
    # the first through the installed command, the rest through the same main() in this
    # process (one Python start-up instead of twelve)
    in_process = tipgraph_in_process(reader_env)
    for i, query in enumerate(WRITES):
        proc = (run_tipgraph(reader_env, "cypher", query) if i == 0
                else in_process("cypher", query, check=False))
        assert proc.returncode == 6, (query, proc.stderr)
        assert proc.stderr.startswith("Error: ") and "--write" in proc.stderr, (query, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and proc.stdout == "", (query, proc.stderr)
    # procedures that do not exist or are not allowed are clear one-line errors too
    proc = in_process("cypher", "CALL dbms.security.createUser('eve', 'a-long-password', false)", check=False)
    assert proc.returncode == 6 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert graph_hash(hostile_graph) == before
    # and --write does write
    assert run_tipgraph(reader_env, "cypher", "CREATE (:Scratch {id: 'x'})", "--write").returncode == 0
    assert graph_hash(hostile_graph)[0] == before[0] + 1
    hostile_graph.execute_query("MATCH (n:Scratch) DELETE n")  # the shared graph as it was


def test_cypher_refuses_load_csv_without_write(reader_env):
    env = reader_env
    proc = run_tipgraph(env, "cypher", "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row")
    assert proc.returncode == 6 and "--write" in proc.stderr, proc.stderr


# --- labels and types never come from user input: a static check over graph/ -----------------

_CLAUSE = re.compile(r"\b(?:MATCH|MERGE|CREATE|UNWIND)\s+[\(\$]|\bDETACH DELETE\b|\bMATCH \(")
WHITELISTS = {"NODE_LABELS", "REL_TYPES", "PROVENANCE_RELS", "_ENDPOINT_LABEL"}


def cypher_interpolation_problems(source: str, filename: str = "<src>") -> list[str]:
    """Places where Cypher text is built from values that are not checked against the model.

    Cypher text is a string with a clause like ``MATCH (`` or ``UNWIND $``. It may be built by
    an f-string only when (1) every interpolated value is a plain local name (no call,
    attribute or item access that could carry data in) and (2) the function doing it checks
    names against the model's whitelist (``NODE_LABELS``, ``REL_TYPES`` …) or calls a
    ``_check…`` guard, or the f-string sits in a comprehension over literals or a whitelist
    (``for label in ("Case", "Statement")``). ``%``-formatting and ``.format()`` of Cypher text are never allowed, nor
    is ``+`` with anything but literals, module constants and such f-strings. A module that
    uses dynamic labels (``$(…)``) must check values against the whitelist too.
    """
    tree = ast.parse(source, filename)
    problems: list[str] = []
    module_constants = {t.id for node in tree.body if isinstance(node, ast.Assign)
                        for t in node.targets if isinstance(t, ast.Name)}

    def is_cypher(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return bool(_CLAUSE.search(node.value))
        if isinstance(node, ast.JoinedStr):
            return bool(_CLAUSE.search("".join(v.value for v in node.values if isinstance(v, ast.Constant))))
        return False

    def guarded(func: ast.AST | None) -> bool:
        if func is None:
            return False
        for node in ast.walk(func):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
                if any(isinstance(c, ast.Name) and c.id in WHITELISTS for c in node.comparators):
                    return True
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("_check"):
                return True
        return False

    def enclosing(target: ast.AST) -> ast.AST | None:
        best = None
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    node.lineno <= target.lineno <= (node.end_lineno or node.lineno):
                best = node if best is None or node.lineno >= best.lineno else best
        return best

    def literal_or_whitelist(it: ast.AST) -> bool:
        if isinstance(it, (ast.Tuple, ast.List, ast.Set)):
            return all(isinstance(e, ast.Constant) for e in it.elts)
        return isinstance(it, ast.Name) and it.id in WHITELISTS

    over_whitelist: set[int] = set()
    for comp in ast.walk(tree):
        if isinstance(comp, (ast.GeneratorExp, ast.ListComp, ast.SetComp)) and \
                all(literal_or_whitelist(g.iter) for g in comp.generators):
            over_whitelist |= {id(n) for n in ast.walk(comp.elt) if isinstance(n, ast.JoinedStr)}

    uses_dynamic_labels = False
    for node in ast.walk(tree):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and is_cypher(node) and "$(" in node.value:
            uses_dynamic_labels = True
        if isinstance(node, ast.JoinedStr) and is_cypher(node):
            for value in node.values:
                if isinstance(value, ast.FormattedValue) and not isinstance(value.value, ast.Name):
                    problems.append(f"{where}: Cypher f-string interpolates {ast.unparse(value.value)!r}, "
                                    "not a checked name")
            if id(node) not in over_whitelist and not guarded(enclosing(node)):
                problems.append(f"{where}: Cypher f-string in a function that checks no whitelist")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and is_cypher(node.left):
            problems.append(f"{where}: Cypher built with % formatting")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "format" and is_cypher(node.func.value):
            problems.append(f"{where}: Cypher built with .format()")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (is_cypher(node.left) or is_cypher(node.right)):
            for side in (node.left, node.right):
                ok = (isinstance(side, (ast.Constant, ast.JoinedStr, ast.BinOp))
                      or isinstance(side, ast.Name) and (side.id in module_constants or side.id.isupper()
                                                         or guarded(enclosing(node))))
                if not ok:
                    problems.append(f"{where}: Cypher concatenated with {ast.unparse(side)!r}")
    if uses_dynamic_labels and not any(name in source for name in ("NODE_LABELS", "REL_TYPES")):
        problems.append(f"{filename}: dynamic labels $(…) without a whitelist check in the module")
    return problems


def test_the_static_check_catches_interpolated_user_input():
    bad = '''
def find(tx, label, name):
    tx.run(f"MATCH (n:{label}) WHERE n.name = '{name}' RETURN n")
def by_attr(tx, opts):
    if opts.label in NODE_LABELS:
        tx.run(f"MATCH (n:{opts.label}) RETURN n")
def old(tx, t):
    tx.run("MATCH (n:%s) RETURN n" % t)
    tx.run("MERGE (n:{}) RETURN n".format(t))
    tx.run("MATCH (n:" + t + ") RETURN n")
'''
    problems = cypher_interpolation_problems(bad)
    assert len(problems) == 5, problems
    good = '''
def rel_query(rel_type):
    if rel_type not in REL_TYPES:
        raise ValueError(rel_type)
    return f"MATCH (a)-[r:{rel_type}]->(b) RETURN r"
'''
    assert cypher_interpolation_problems(good) == []
    listed = 'FIXES = [f"MATCH (n:{label}) RETURN n" for label in ("Case", "Statement")]\n'
    assert cypher_interpolation_problems(listed) == []
    from_input = 'def f(labels):\n    return [f"MATCH (n:{label}) RETURN n" for label in labels]\n'
    assert len(cypher_interpolation_problems(from_input)) == 1


def test_no_cypher_in_graph_interpolates_unchecked_values():
    problems = []
    files = sorted((ROOT / "graph").rglob("*.py"))
    assert len(files) > 30
    for path in files:
        problems += cypher_interpolation_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert problems == []


# --- exports write only where they are told ----------------------------------------------------

def _files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


def test_exports_never_write_outside_the_requested_path(reader_env, hostile_graph, tmp_path):
    from graph.exporters import exporter_names, is_multi_file

    env = reader_env
    area = tmp_path / "area"
    area.mkdir()
    outside = area / "outside.csv"
    outside.write_text("untouched\n", encoding="utf-8")
    before = _files_under(area)
    # the installed command for the first format, the same main() in this process for the rest
    in_process = tipgraph_in_process(env)
    for number, fmt in enumerate(exporter_names()):
        if is_multi_file(fmt):
            target = area / f"out-{fmt}"
            target.mkdir()
            for name in ("nodes.csv", "relationships.csv", "actors.csv"):  # symlinks that lead out
                (target / name).symlink_to(outside)
        else:
            target = area / f"out.{fmt}"
        args = ("export", "--format", fmt, "-o", str(target), "--redact", "none")
        proc = run_tipgraph(env, *args) if number == 0 else in_process(*args, check=False)
        if is_multi_file(fmt):
            # replacing the planted symlinks or refusing them are both fine; following them is not
            assert proc.returncode in (0, 7), (fmt, proc.stderr)
            assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) <= 1, proc.stderr
        else:
            assert proc.returncode == 0, (fmt, proc.stderr)
    assert outside.read_text(encoding="utf-8") == "untouched\n"
    after = _files_under(area)
    for name in set(after) - set(before):
        assert name.startswith("out"), name
    assert not (tmp_path / "escape").exists() and not (ROOT / "escape").exists()


# --- secrets ------------------------------------------------------------------------------

def _all_text_under(root: Path) -> str:
    chunks = []
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink():
            try:
                chunks.append(p.read_bytes().decode("utf-8", errors="replace"))
            except OSError:
                continue
    return "\n".join(chunks)


def test_password_never_printed_logged_or_written(env, clean_db, neo4j_settings, tmp_path):
    password = neo4j_settings.password
    assert len(password) >= 8
    outputs = []
    work = tmp_path / "work"
    work.mkdir()
    report = work / "r.txt"
    report.write_text((EXAMPLES / "reports" / "riverside-2019-shelter-shortfall.txt").read_text(encoding="utf-8"),
                      encoding="utf-8")
    commands = [
        ("ingest", str(report)), ("--debug", "ingest", str(report)),
        ("query", "shared-gaps"), ("--debug", "query", "shared-gaps", "--format", "json"),
        ("cypher", "RETURN 1 AS one"), ("cypher", "MATCH (n) DELETE n"), ("--debug", "cypher", "MATCH (n) DELETE n"),
        ("--debug", "cypher", "THIS IS NOT CYPHER"),
        ("db", "status"), ("db", "status", "--format", "json"),
        ("export", "--format", "json", "-o", str(work / "all.json")),
        ("export", "--format", "csv", "-o", str(work / "csv")),
        ("--debug", "export", "--format", "graphml", "-o", str(work / "nope" / "x" / "y.graphml")),
    ]
    failing = {**env, "NEO4J_DATABASE": "nope"}
    failing_commands = [("--debug", "ingest", str(report)), ("--debug", "query", "shared-gaps"), ("cypher", "RETURN 1")]
    unreachable = {**env, "NEO4J_URI": "neo4j://127.0.0.1:9"}
    # whole processes, so that whatever the interpreter or a logger prints is seen; they do
    # not depend on each other's results, so they run a few at a time
    procs = run_tipgraph_concurrently([(env, args) for args in commands]
                                      + [(failing, args) for args in failing_commands]
                                      + [(unreachable, ("--debug", "ingest", str(report)))])
    for proc in procs[len(commands):len(commands) + len(failing_commands)]:
        assert proc.returncode != 0, proc.args
    for proc in procs:
        outputs += [proc.stdout, proc.stderr]
    assert any("Traceback" in out for out in outputs), "the --debug runs should have shown tracebacks"
    for out in outputs:
        assert password not in out
    assert password not in _all_text_under(work)
    assert password not in _all_text_under(tmp_path)  # exports, TIPGRAPH_HOME, everything the runs wrote


@pytest.mark.slow
def test_local_server_password_file_and_status(tmp_path, free_ports):
    """`tipgraph db start` in a fresh home: 0600 password in a 0700 home, and the password in
    no command output and no log; `db status` shows URI and user only."""
    home = tmp_path / "tg-home"
    home.mkdir()
    # share the installed jars instead of downloading them into this home again
    runtime = LocalServer(home=tmp_path / "probe").lib_dir.parent
    if not (runtime / "lib").is_dir():
        pytest.fail(f"the Neo4j jars are not installed in {runtime} (the test server fixture installs them)")
    (home / runtime.name).symlink_to(runtime)
    bolt, http = free_ports(2)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(TIPGRAPH_HOME=str(home), TIPGRAPH_BOLT_PORT=str(bolt), TIPGRAPH_HTTP_PORT=str(http))
    outputs = []
    try:
        start = run_tipgraph(env, "db", "start", "--timeout", "180")
        assert start.returncode == 0, start.stderr
        outputs += [start.stdout, start.stderr]
        server_home = home / "neo4j"
        password = (server_home / "password").read_text(encoding="utf-8").strip()
        assert len(password) >= 24
        assert stat.S_IMODE((server_home / "password").stat().st_mode) == 0o600
        assert stat.S_IMODE(server_home.stat().st_mode) == 0o700

        table = run_tipgraph(env, "db", "status", "--format", "table")
        as_json = run_tipgraph(env, "db", "status", "--format", "json")
        outputs += [table.stdout, table.stderr, as_json.stdout, as_json.stderr]
        status = json.loads(as_json.stdout)
        assert status["bolt_uri"] == f"neo4j://127.0.0.1:{bolt}" and status["username"] == "neo4j"
        assert not any("password" in key and key != "password_file" for key in status)
        assert f"neo4j://127.0.0.1:{bolt}" in table.stdout and "neo4j" in table.stdout

        report = tmp_path / "r.txt"
        report.write_text((EXAMPLES / "reports" / "riverside-2020-labour-inspection.txt").read_text(encoding="utf-8"),
                          encoding="utf-8")
        for args in (("ingest", str(report)), ("query", "shared-gaps"), ("--debug", "cypher", "NOT CYPHER")):
            proc = run_tipgraph(env, *args)  # the local server, found through TIPGRAPH_HOME
            outputs += [proc.stdout, proc.stderr]
        assert "Traceback" in outputs[-1]
    finally:
        stop = run_tipgraph(env, "db", "stop")
        outputs += [stop.stdout, stop.stderr]
    for out in outputs:
        assert password not in out
    logs = _all_text_under(server_home / "logs") + _all_text_under(server_home / "conf") \
        + _all_text_under(server_home / "run")
    assert password not in logs
