"""First load of a very large corpus: CSV files for ``neo4j-admin database import full``.

The UNWIND writer (:mod:`graph.store.writer`) goes through transactions, locks and indexes;
for the first load of millions of triples into an empty database, Neo4j's offline importer
is much faster. This module writes the same property graph the writer would make, as CSV:

- a report's own nodes (the report, its statements, figures and cases) and the relationships
  that hang off them are rendered as CSV lines (:func:`render_report`, in the worker process
  that prepared the report when there is one) and streamed to disk as the reports arrive;
- actors and the facts several reports share (``HOLDS_POSITION``, ``PART_OF``, ``HAS_GAP``,
  ``CRITICISED``) are merged in memory (:class:`graph.store.model.MergedRows`) and written at
  the end, so memory grows with the number of distinct actors and facts, not with triples;
- the gap taxonomy is written as ``:Gap`` nodes with ``BROADER`` relationships, as
  :func:`graph.store.writer.ensure_schema` would merge them.

Files carry typed headers (``year:long``, ``date:date``, ``names:string[]`` …); one file per
node kind and column set, since a column's type is fixed per file (a figure's ``value`` is a
``long`` or a ``double``). Array elements are joined by U+001F, which no text we keep contains
(a value that does is refused). Empty arrays are written as empty strings.

:func:`run_import` then runs ``neo4j-admin database import full`` from the jars of a
:class:`~graph.store.server.LocalServer` (:meth:`~graph.store.server.LocalServer.admin_command`,
with ``NEO4J_HOME``/``NEO4J_CONF``). The server must be stopped and must have been started once
(its ``conf/`` exists); the database is overwritten. Start the server afterwards and call
:func:`complete_import` (constraints, indexes, empty lists).

Example (not run as a doctest: it needs a stopped local server)::

    files = write_import_files(reports, Path("import"))   # reports: Iterable[ReportRows]
    run_import(server, files)
    server.start(); complete_import(driver, "neo4j")
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import pickle
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

from ..errors import DatabaseError
from .rare_gc import rare_gc
from .model import PROVENANCE_RELS, MergedRows, ReportRows, claims_with_links, shared_plain

__all__ = ["ARRAY_DELIMITER", "ImportFiles", "RenderedReport", "render_report", "write_import_files",
           "import_command", "import_threads", "run_import", "complete_import"]

ARRAY_DELIMITER = "\x1f"
_DEFAULT_READ_BUFFER = 4 << 20  # neo4j-admin's --read-buffer-size: characters, though it says bytes

# the type a column gets when a row has no value for it (None is written as an empty field)
_DEFAULT_TYPES = {"date": "date", "year": "long", "value": "double", "victimCount": "long",
                  "suspectCount": "long", "evidence": "string[]", "names": "string[]",
                  "aliases": "string[]", "nameKeys": "string[]", "sources": "string[]", "roles": "string[]", "years": "long[]",
                  "firstYear": "long", "lastYear": "long"}
_PROVENANCE_LISTS = ("sources", "evidence", "evidenceSources")
_SAID_BY_LISTS = ("saidBy", "saidById", "saidBySources")
_YEAR_PROPS = ("years", "firstYear", "lastYear")


@dataclass
class ImportFiles:
    """What :func:`write_import_files` wrote: the CSV files and how many rows they hold."""

    directory: Path
    node_files: list[Path] = field(default_factory=list)
    relationship_files: list[Path] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    reports: int = 0
    # the files with a field that spans lines: only these are parsed line-aware by neo4j-admin,
    # which parses the others in parallel chunks
    multiline_files: list[Path] = field(default_factory=list)
    longest_line: int = 0  # characters in the longest row, which neo4j-admin's read buffer must hold


@dataclass(slots=True)
class RenderedReport:
    """One report's own CSV lines, rendered where the report was prepared (in a worker process
    of ``db import``), and what it adds to the facts reports share, which only the process that
    writes the files can merge. Rendering is most of the CSV work: the writing process only
    appends lines and merges ``shared``.

    ``groups`` maps (file stem, typed header) to the lines for that file, joined and encoded as
    UTF-8 (one ``bytes`` crosses from the worker far faster than thousands of strings, and the
    writing process need not encode them); ``multiline`` names the keys whose lines hold a
    line break."""

    report_id: str
    triples: int
    groups: dict[tuple[str, tuple[str, ...]], bytes]
    multiline: frozenset[tuple[str, tuple[str, ...]]]
    nodes: int
    relationships: int
    shared: bytes  # the report's actors and PROVENANCE_RELS rows, packed (see _packed)
    longest: int = 0  # characters in the longest line


def render_report(rows: ReportRows) -> RenderedReport:
    """``rows`` as CSV lines: the report, its extraction record, its statements, figures and
    cases with the relationships that hang off them, and its mentions.
    Raises DatabaseError for a value neo4j-admin cannot take (see :func:`_field`)."""
    out = _Lines()
    out.node(("Report",), rows.report)
    if rows.extraction is not None:
        out.extraction(rows.report_id, rows.extraction)
    reported: list[tuple[str, str]] = []
    # every link of a claim to an actor carries the report's own provenance: the same
    # properties, rendered once per type and report
    links: dict[tuple[str, tuple], list[tuple[str, str]]] = {}
    for claim in claims_with_links(rows):
        claim_id = claim["props"]["id"]
        out.node((claim["label"],), claim["props"])
        reported.append((claim["reportIri"], claim_id))
        for direction in ("out", "in"):
            for link in claim[direction]:
                pair = (claim_id, link["actor"]) if direction == "out" else (link["actor"], claim_id)
                links.setdefault((link["type"], tuple(link["sources"]), tuple(link["years"])), []).append(pair)
    out.relationship_pairs("REPORTED", reported, {})
    for (rel_type, sources, years), pairs in links.items():
        out.relationship_pairs(rel_type, pairs, {"sources": list(sources), "years": list(years),
                                                 "firstYear": years[0] if years else None,
                                                 "lastYear": years[-1] if years else None})
    mentions = sorted({rel.end for rel in rows.rels.get("MENTIONS", ())})
    out.relationship_pairs("MENTIONS", [(rows.report["id"], actor) for actor in mentions],
                           {"sources": [rows.report_id]})
    shared = _packed(shared_plain(rows))
    groups = {key: _encoded(lines) for key, lines in out.groups.items()}
    return RenderedReport(rows.report_id, rows.triples, groups, frozenset(out.multiline), out.nodes,
                          out.relationships, shared, out.longest)


def write_import_files(reports: Iterable[ReportRows | RenderedReport], directory: Path) -> ImportFiles:
    """Write the CSV files for ``reports`` (a stream; a report id seen twice counts once), each
    given as its rows or already rendered by :func:`render_report` (in a worker process)."""
    from ..rdf.gapscheme import gap_iri
    from ..schema.taxonomy import load_taxonomy

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with rare_gc(), _Sinks(directory) as sinks:
        out = _Lines()
        for concept in load_taxonomy().concepts.values():
            out.node(("Gap",), {"id": str(gap_iri(concept.id)), "gapId": concept.id, "name": concept.label,
                                "definition": concept.definition, "pillar": concept.pillar,
                                "level": "narrow" if concept.broader else "broad"})
            if concept.broader:
                out.relationship("BROADER", str(gap_iri(concept.id)), str(gap_iri(concept.broader)), {})
        sinks.take(out)
        shared = MergedRows()
        seen: set[str] = set()
        for item in reports:
            if item.report_id in seen:
                continue
            seen.add(item.report_id)
            rendered = item if isinstance(item, RenderedReport) else render_report(item)
            # only what other reports can add to is held back; the rest goes to disk now
            shared.add_plain(_unpacked(rendered.shared))
            sinks.take(rendered)
        _write_shared(shared, sinks, out)
        sinks.take(out)
        return sinks.result(len(seen))


def _write_shared(shared: MergedRows, sinks: _Sinks, out: _Lines) -> None:
    """The actors, their countries and the facts several reports share, once every report is merged."""
    from .writer import country_rows

    countries: set[str] = set()
    actors = shared.actor_list()
    for row in actors:
        labels = row.pop("labels")
        out.node(("Actor", *labels), row)
        row["labels"] = labels  # country_rows tells people from organisations by it
        _take_every(sinks, out)
    for link in country_rows(actors):
        if link["countryId"] not in countries:
            countries.add(link["countryId"])
            out.node(("Country",), {"id": link["countryId"], "name": link["country"]})
        out.relationship("IN_COUNTRY", link["id"], link["countryId"], {})
        _take_every(sinks, out)
    for rel_type, items in shared.rel_rows().items():
        for row in items:
            props: dict[str, Any] = dict(row["props"])
            if rel_type == "HOLDS_POSITION":
                props["key"] = row["key"]
            for key in _PROVENANCE_LISTS + _YEAR_PROPS + (_SAID_BY_LISTS if rel_type == "HAS_GAP" else ()):
                props[key] = row[key]
            out.relationship(rel_type, row["start"], row["end"], props)
            _take_every(sinks, out)


def _packed(plain: tuple) -> bytes:
    """``plain`` (from :func:`shared_plain`) as bytes: ``marshal``, which loads several times
    faster than pickle (the process that merges every report's shared rows is the one that
    sets the pace of a bulk import), or pickle for a value marshal cannot take."""
    try:
        return b"m" + marshal.dumps(plain)
    except ValueError:  # a date among a fact's properties, a str subclass …
        return b"p" + pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)


def _unpacked(data: bytes) -> tuple:
    body = memoryview(data)[1:]
    return marshal.loads(body) if data[:1] == b"m" else pickle.loads(body)


def _take_every(sinks: _Sinks, out: _Lines, lines: int = 10_000) -> None:
    """Hand ``out``'s lines to the files every ``lines`` lines: the shared section of a large
    corpus has millions, which need not all be held at once."""
    if out.nodes + out.relationships >= lines:
        sinks.take(out)


def import_command(server, files: ImportFiles, database: str = "neo4j") -> list[str]:
    """The ``neo4j-admin database import full`` command line for ``files`` on ``server``."""
    from .server import find_java

    # the JVM's default heap (a quarter of the memory), as the neo4j-admin launcher gives it
    return server.admin_command(
        find_java(),
        # the database name first: --nodes/--relationships take a variable number of
        # files and would swallow a trailing one
        # --verbose: on failure it prints the cause, where otherwise it says only "Error importing csv file"
        "database", "import", "full", database, "--overwrite-destination=true", "--id-type=string", "--verbose",
        f"--threads={import_threads()}", *_multiline_options(files), *_read_buffer_options(files),
        f"--array-delimiter={ARRAY_DELIMITER}",
        f"--report-file={files.directory / 'import.report'}",
        *[f"--nodes={path}" for path in files.node_files],
        *[f"--relationships={path}" for path in files.relationship_files])


def import_threads(cores: int | None = None) -> int:
    """neo4j-admin's worker threads: one per core, but at least four. Its default (one per core)
    leaves a small machine's cores idle while threads wait on the page cache: on 2 cores, four
    threads took the relationship stage from 4.5-4.8 s to 3.4-3.9 s and the whole import of 10M
    triples from a median 19.3 s to 17.5 s (10 alternated runs each); eight were slower again."""
    return max(4, cores or os.cpu_count() or 1)


def _read_buffer_options(files: ImportFiles) -> list[str]:
    """A read buffer that holds the longest line, where the default may not: neo4j-admin cuts
    its input into chunks of that many characters at line ends, and fails on a longer line
    ("Error importing csv file"; with --verbose, "no newline character in the whole buffer").
    A fact that many reports state carries every report's sentence in one field, so at scale a
    line can outgrow it."""
    needed = files.longest_line + 2
    if needed <= _DEFAULT_READ_BUFFER:
        return []
    return [f"--read-buffer-size={-(-needed // (1 << 20))}m"]


def _multiline_options(files: ImportFiles) -> list[str]:
    """Line-aware parsing for the files that need it only: it is single-threaded, and with
    ``--multiline-fields=true`` neo4j-admin applies it to every file. The list is comma-separated,
    so a directory whose path holds a comma falls back to ``true``."""
    if not files.multiline_files:
        return []
    if any("," in str(path) for path in files.multiline_files):
        return ["--multiline-fields=true"]
    return ["--multiline-fields-format=v2",
            "--multiline-fields=" + ",".join(str(path) for path in files.multiline_files)]


def run_import(server, files: ImportFiles, database: str = "neo4j", *, timeout: float = 3600) -> str:
    """Import ``files`` into ``database`` of the stopped local ``server``; returns the tool's output.

    Raises DatabaseError if the server runs, was never started, or the import fails.
    """
    if server.status().running:
        raise DatabaseError(f"stop the Neo4j server in {server.home} before a bulk import "
                            "(neo4j-admin writes the database files directly)")
    if not (server.conf_dir / "neo4j.conf").exists():
        raise DatabaseError(f"the Neo4j home {server.home} has no conf/neo4j.conf; start the server "
                            "once (tipgraph db start), stop it, then import")
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(server.conf_dir)}
    try:
        result = subprocess.run(import_command(server, files, database), capture_output=True, text=True,
                                env=env, cwd=files.directory, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise DatabaseError(f"neo4j-admin import of {files.directory} took over {timeout:.0f} s") from exc
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise DatabaseError(f"neo4j-admin database import failed (exit code {result.returncode}): "
                            f"{failure_reason(output)}", path=str(files.directory))
    return output


def failure_reason(output: str) -> str:
    """What made neo4j-admin fail, from its ``--verbose`` output: the innermost cause of its
    stack trace (a duplicate id, a row longer than the read buffer …), else its last lines."""
    lines = [line.strip() for line in output.strip().splitlines()]
    causes = [line.removeprefix("Caused by: ") for line in lines if line.startswith("Caused by: ")]
    return causes[-1] if causes else "\n".join(lines[-15:])


def complete_import(driver, database: str = "neo4j") -> None:
    """After the imported database is started: create the constraints and indexes and give
    the list properties that were empty (which a CSV cannot tell from missing) their ``[]``,
    so the graph is the one the UNWIND writer makes and later ingests merge into it."""
    from .writer import ensure_schema

    ensure_schema(driver, database)
    with driver.session(database=database) as session:
        for statement in _EMPTY_LIST_FIXES:
            session.run(statement).consume()



_EMPTY_LIST_FIXES = (
    """MATCH (n:Actor) WHERE n.names IS NULL OR n.aliases IS NULL OR n.roles IS NULL OR n.nameKeys IS NULL
       CALL (n) { SET n.names = coalesce(n.names, []), n.aliases = coalesce(n.aliases, []),
                  n.roles = coalesce(n.roles, []), n.nameKeys = coalesce(n.nameKeys, []) }
       IN TRANSACTIONS OF 10000 ROWS""",
    *(f"""MATCH (n:{label}) WHERE n.evidence IS NULL
       CALL (n) {{ SET n.evidence = [] }} IN TRANSACTIONS OF 10000 ROWS"""
      for label in ("Statement", "Statistic", "Case")),
    *(f"""MATCH ()-[r:{rel_type}]->() WHERE r.evidence IS NULL OR r.evidenceSources IS NULL
       CALL (r) {{ SET r.evidence = coalesce(r.evidence, []),
                   r.evidenceSources = coalesce(r.evidenceSources, []) }} IN TRANSACTIONS OF 10000 ROWS"""
      for rel_type in PROVENANCE_RELS),
    """MATCH ()-[r]->() WHERE r.sources IS NOT NULL AND r.years IS NULL AND NOT r:MENTIONS
       CALL (r) { SET r.years = [] } IN TRANSACTIONS OF 10000 ROWS""",
    """MATCH ()-[r:HAS_GAP]->() WHERE r.saidBy IS NULL OR r.saidById IS NULL OR r.saidBySources IS NULL
       CALL (r) { SET r.saidBy = coalesce(r.saidBy, []), r.saidById = coalesce(r.saidById, []),
                  r.saidBySources = coalesce(r.saidBySources, []) } IN TRANSACTIONS OF 10000 ROWS""",
)


# -- CSV writing ------------------------------------------------------------------------------


class _Lines:
    """CSV lines grouped by file (stem and typed header); headers are typed from each row's values."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self.multiline: set[tuple[str, tuple[str, ...]]] = set()
        self.nodes = 0
        self.relationships = 0
        self.longest = 0  # characters in the longest line

    def node(self, labels: tuple[str, ...], props: dict[str, Any]) -> None:
        keys = tuple([k for k in props if k != "id"])
        values = [props[k] for k in keys]
        self._add(_file_key(f"nodes-{'-'.join(labels)}", ("id:ID", ":LABEL"), keys, values),
                  [props["id"], labels, *values])
        self.nodes += 1

    def extraction(self, report_id: str, record: str) -> None:
        """The report's extraction record, keyed by ``reportId`` (an :Extraction node has no id)."""
        key = _file_key("nodes-Extraction", ("reportId:ID(Extraction)", ":LABEL", "record"), (), [])
        self._add(key, [report_id, ("Extraction",), record])
        self.nodes += 1

    def relationship(self, rel_type: str, start: str, end: str, props: dict[str, Any]) -> None:
        keys = tuple(props)
        values = list(props.values())
        self._add(_file_key(f"rels-{rel_type}", (":START_ID", ":END_ID", ":TYPE"), keys, values),
                  [start, end, rel_type, *values])
        self.relationships += 1

    def relationship_pairs(self, rel_type: str, pairs: list[tuple[str, str]], props: dict[str, Any]) -> None:
        """A relationship from start to end for each pair, all with the same ``props``."""
        if not pairs:
            return
        keys = tuple(props)
        values = list(props.values())
        key = _file_key(f"rels-{rel_type}", (":START_ID", ":END_ID", ":TYPE"), keys, values)
        suffix = _line([rel_type, *values])
        lines = [_line(pair) + "," + suffix for pair in pairs]
        self.longest = max(self.longest, max(map(len, lines)))
        if "\n" in suffix or "\r" in suffix or any("\n" in line or "\r" in line for line in lines):
            self.multiline.add(key)
        self.groups.setdefault(key, []).extend(lines)
        self.relationships += len(pairs)

    def _add(self, key: tuple[str, tuple[str, ...]], values: list[Any]) -> None:
        line = _line(values)
        if len(line) > self.longest:
            self.longest = len(line)
        if "\n" in line or "\r" in line:
            self.multiline.add(key)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = []
        group.append(line)


def _encoded(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


class _Sinks:
    """Open CSV files, one per (stem, header), in the order they were first given lines."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._files: dict[tuple[str, tuple[str, ...]], IO[bytes]] = {}
        self._node_files: list[Path] = []
        self._rel_files: list[Path] = []
        self._nodes = 0
        self._relationships = 0
        self._multiline: dict[Path, None] = {}
        self._longest = 0

    def __enter__(self) -> _Sinks:
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self._files.values():
            handle.close()

    def take(self, lines: _Lines | RenderedReport) -> None:
        """Append ``lines``' groups to their files (a :class:`_Lines` is emptied)."""
        for key, group in lines.groups.items():
            handle = self._files.get(key)
            if handle is None:
                stem, header = key
                registry = self._node_files if stem.startswith("nodes-") else self._rel_files
                path = self.directory / f"{stem}-{len(registry) + 1}.csv"
                # a report adds a few KB to each of its files: with the default 8 KB buffer
                # every other append was a system call (10M triples: 1.2 s of the writing
                # process's 14 s; 27 files x 1 MiB here)
                handle = self._files[key] = path.open("wb", buffering=1 << 20)
                handle.write(_encoded([",".join(header)]))
                registry.append(path)
            if key in lines.multiline:
                self._multiline[Path(handle.name)] = None
            handle.write(group if isinstance(group, bytes) else _encoded(group))
        self._nodes += lines.nodes
        self._relationships += lines.relationships
        self._longest = max(self._longest, lines.longest)
        if isinstance(lines, _Lines):
            lines.groups, lines.multiline, lines.nodes, lines.relationships, lines.longest = {}, set(), 0, 0, 0

    def result(self, reports: int) -> ImportFiles:
        for handle in self._files.values():
            handle.flush()
        return ImportFiles(self.directory, list(self._node_files), list(self._rel_files), self._nodes,
                           self._relationships, reports, list(self._multiline), self._longest)


# (stem, property keys, kinds of their values) -> (stem, typed header): one look-up per row
# (the CSV of ten million triples has millions), and one key object per file in the process,
# which a batch of rendered reports then pickles once rather than a dozen column names a report
_FILE_KEYS: dict[tuple[str, tuple[str, ...], tuple[Any, ...]], tuple[str, tuple[str, ...]]] = {}


def _file_key(stem: str, fixed: tuple[str, ...], keys: tuple[str, ...],
              values: list[Any]) -> tuple[str, tuple[str, ...]]:
    """The file a row goes to: its stem and its header, fixed columns then one typed column per
    property (a column's type depends on its key and on the kind of its value)."""
    kinds = tuple(map(type, values))
    if list in kinds or tuple in kinds:
        kinds = tuple([_list_kind(v) if k is list or k is tuple else k for k, v in zip(kinds, values)])
    signature = (stem, keys, kinds)
    file_key = _FILE_KEYS.get(signature)
    if file_key is None:
        file_key = _FILE_KEYS[signature] = (stem, (*fixed, *map(_column, keys, values)))
    return file_key


def _list_kind(value: list | tuple) -> str:
    """What a list's column type depends on: empty (the key's default), all integers, or other."""
    if not value:
        return "empty"
    return "ints" if type(value[0]) is int and all(type(v) is int for v in value) else "other"


def _column(key: str, value: Any) -> str:
    kind = _DEFAULT_TYPES.get(key, "string") if value is None else _type_of(key, value)
    return key if kind == "string" else f"{key}:{kind}"


def _type_of(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, (list, tuple)):
        if not value:
            return _DEFAULT_TYPES.get(key, "string[]")
        if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return "long[]"
        return "string[]"
    if isinstance(value, str):
        return "string"
    raise DatabaseError(f"property {key!r} has a value of type {type(value).__name__}, "
                        "which neo4j-admin cannot import")


def _line(values: Iterable[Any]) -> str:
    # strings, most fields, are quoted here rather than in a call each
    return ",".join(['"' + v.replace('"', '""') + '"' if type(v) is str else _field(v) for v in values])


def _field(value: Any) -> str:
    """One CSV field: None is empty (no property); everything else is quoted."""
    kind = type(value)
    if kind is str:
        return '"' + value.replace('"', '""') + '"'
    if kind is list:
        try:
            joined = ARRAY_DELIMITER.join(value)  # the check that every element is a string, too
        except TypeError:
            pass  # numbers: the general path below
        else:
            if not value:
                return '""'
            if joined.count(ARRAY_DELIMITER) == len(value) - 1:
                return '"' + joined.replace('"', '""') + '"'
            # an element holds the delimiter: the general path below names it
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        for item in value:
            if ARRAY_DELIMITER in str(item):
                raise DatabaseError(f"an array element contains the import's array delimiter U+001F: {item!r}")
        value = ARRAY_DELIMITER.join(str(item) for item in value)
    return '"' + str(value).replace('"', '""') + '"'
