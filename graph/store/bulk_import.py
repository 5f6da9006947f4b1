"""First load of a very large corpus: CSV files for ``neo4j-admin database import full``.

The UNWIND writer (:mod:`graph.store.writer`) goes through transactions, locks and indexes;
for the first load of millions of triples into an empty database, Neo4j's offline importer
is much faster. This module writes the same property graph the writer would make, as CSV:

- a report's own nodes (the report, its statements, figures and cases) and the relationships
  that hang off them are streamed to disk as the reports arrive;
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
:class:`~graph.store.server.LocalServer` (``org.neo4j.server.startup.Neo4jAdminBoot`` with
``NEO4J_HOME``/``NEO4J_CONF``). The server must be stopped and must have been started once
(its ``conf/`` exists); the database is overwritten. Start the server afterwards and call
:func:`complete_import` (constraints, indexes, empty lists).

Example (not run as a doctest: it needs a stopped local server)::

    files = write_import_files(reports, Path("import"))   # reports: Iterable[ReportRows]
    run_import(server, files)
    server.start(); complete_import(driver, "neo4j")
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

from ..errors import DatabaseError
from .rare_gc import rare_gc
from .model import PROVENANCE_RELS, MergedRows, ReportRows, claims_with_links

__all__ = ["ARRAY_DELIMITER", "ImportFiles", "write_import_files", "import_command", "run_import",
           "complete_import"]

ARRAY_DELIMITER = "\x1f"

# the type a column gets when a row has no value for it (None is written as an empty field)
_DEFAULT_TYPES = {"date": "date", "year": "long", "value": "double", "victimCount": "long",
                  "suspectCount": "long", "evidence": "string[]", "names": "string[]",
                  "aliases": "string[]", "sources": "string[]", "roles": "string[]", "years": "long[]",
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


def write_import_files(reports: Iterable[ReportRows], directory: Path) -> ImportFiles:
    """Write the CSV files for ``reports`` (a stream; a report id seen twice counts once)."""
    from ..rdf.gapscheme import gap_iri
    from ..schema.taxonomy import load_taxonomy
    from .writer import country_rows

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with rare_gc(), _Sinks(directory) as sinks:
        for concept in load_taxonomy().concepts.values():
            sinks.node(("Gap",), {"id": str(gap_iri(concept.id)), "gapId": concept.id, "name": concept.label,
                               "definition": concept.definition, "pillar": concept.pillar,
                               "level": "narrow" if concept.broader else "broad"})
            if concept.broader:
                sinks.relationship("BROADER", str(gap_iri(concept.id)), str(gap_iri(concept.broader)), {})
        shared = MergedRows()
        seen: set[str] = set()
        for rows in reports:
            if rows.report_id in seen:
                continue
            seen.add(rows.report_id)
            # only what other reports can add to is held back; the rest goes to disk now
            shared.add(rows)
            sinks.node(("Report",), rows.report)
            if rows.extraction is not None:
                sinks.extraction(rows.report_id, rows.extraction)
            for claim in claims_with_links(rows):
                claim_id = claim["props"]["id"]
                sinks.node((claim["label"],), claim["props"])
                sinks.relationship("REPORTED", claim["reportIri"], claim_id, {})
                for direction in ("out", "in"):
                    for link in claim[direction]:
                        years = link["years"]
                        props = {"sources": link["sources"], "years": years,
                                 "firstYear": years[0] if years else None, "lastYear": years[-1] if years else None}
                        start, end = (claim_id, link["actor"]) if direction == "out" else (link["actor"], claim_id)
                        sinks.relationship(link["type"], start, end, props)
            mentions = {"sources": [rows.report_id]}
            for actor in sorted({rel.end for rel in rows.rels.get("MENTIONS", ())}):
                sinks.relationship("MENTIONS", rows.report["id"], actor, mentions)
        countries: dict[str, str] = {}
        actors = shared.actor_list()
        for row in actors:
            labels = row.pop("labels")
            sinks.node(("Actor", *labels), row)
            row["labels"] = labels  # country_rows tells people from organisations by it
        for link in country_rows(actors):
            if link["countryId"] not in countries:
                countries[link["countryId"]] = link["country"]
                sinks.node(("Country",), {"id": link["countryId"], "name": link["country"]})
            sinks.relationship("IN_COUNTRY", link["id"], link["countryId"], {})
        for rel_type, items in shared.rel_rows().items():
            for row in items:
                props: dict[str, Any] = dict(row["props"])
                if rel_type == "HOLDS_POSITION":
                    props["key"] = row["key"]
                for key in _PROVENANCE_LISTS + _YEAR_PROPS + (_SAID_BY_LISTS if rel_type == "HAS_GAP" else ()):
                    props[key] = row[key]
                sinks.relationship(rel_type, row["start"], row["end"], props)
        return sinks.result(len(seen))


def import_command(server, files: ImportFiles, database: str = "neo4j") -> list[str]:
    """The ``neo4j-admin database import full`` command line for ``files`` on ``server``."""
    from .server import find_java

    classpath = os.pathsep.join(str(p) for p in (server.home / "plugins" / "*", server.conf_dir / "*",
                                                 server.lib_dir / "*"))
    return [find_java(), "-Xmx1g", "-cp", classpath, "org.neo4j.server.startup.Neo4jAdminBoot",
            # the database name first: --nodes/--relationships take a variable number of
            # files and would swallow a trailing one
            "database", "import", "full", database, "--overwrite-destination=true", "--id-type=string",
            *_multiline_options(files), f"--array-delimiter={ARRAY_DELIMITER}",
            f"--report-file={files.directory / 'import.report'}",
            *[f"--nodes={path}" for path in files.node_files],
            *[f"--relationships={path}" for path in files.relationship_files]]


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
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise DatabaseError(f"neo4j-admin database import failed (exit code {result.returncode}):\n{tail}",
                            path=str(files.directory))
    return output


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
    """MATCH (n:Actor) WHERE n.names IS NULL OR n.aliases IS NULL OR n.roles IS NULL
       CALL (n) { SET n.names = coalesce(n.names, []), n.aliases = coalesce(n.aliases, []),
                  n.roles = coalesce(n.roles, []) } IN TRANSACTIONS OF 10000 ROWS""",
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


class _Sinks:
    """Open CSV files, one per (kind, header); headers are typed from the first row's values."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._files: dict[tuple[str, tuple[str, ...]], IO[str]] = {}
        self._node_files: list[Path] = []
        self._rel_files: list[Path] = []
        self._nodes = 0
        self._relationships = 0
        self._multiline: dict[Path, None] = {}

    def __enter__(self) -> _Sinks:
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self._files.values():
            handle.close()

    def node(self, labels: tuple[str, ...], props: dict[str, Any]) -> None:
        keys = [k for k in props if k != "id"]
        header = ("id:ID", ":LABEL", *_columns(keys, props))
        values = [props["id"], labels, *(props[k] for k in keys)]
        self._write(f"nodes-{'-'.join(labels)}", header, values, self._node_files)
        self._nodes += 1

    def extraction(self, report_id: str, record: str) -> None:
        """The report's extraction record, keyed by ``reportId`` (an :Extraction node has no id)."""
        header = ("reportId:ID(Extraction)", ":LABEL", "record")
        self._write("nodes-Extraction", header, [report_id, ("Extraction",), record], self._node_files)
        self._nodes += 1

    def relationship(self, rel_type: str, start: str, end: str, props: dict[str, Any]) -> None:
        keys = list(props)
        header = (":START_ID", ":END_ID", ":TYPE", *_columns(keys, props))
        self._write(f"rels-{rel_type}", header, [start, end, rel_type, *(props[k] for k in keys)],
                    self._rel_files)
        self._relationships += 1

    def result(self, reports: int) -> ImportFiles:
        for handle in self._files.values():
            handle.flush()
        return ImportFiles(self.directory, list(self._node_files), list(self._rel_files), self._nodes,
                           self._relationships, reports, list(self._multiline))

    def _write(self, stem: str, header: tuple[str, ...], values: list[Any], registry: list[Path]) -> None:
        handle = self._files.get((stem, header))
        if handle is None:
            path = self.directory / f"{stem}-{len(registry) + 1}.csv"
            handle = self._files[(stem, header)] = path.open("w", encoding="utf-8", newline="")
            handle.write(",".join(header) + "\n")
            registry.append(path)
        line = ",".join(map(_field, values))
        if "\n" in line or "\r" in line:
            self._multiline[Path(handle.name)] = None
        handle.write(line + "\n")


# (key, kind of value) -> typed column; the kind is what _column's answer depends on, so a row's
# header costs a dictionary look-up per property (the CSV of ten million triples has millions)
_COLUMNS: dict[tuple[str, Any], str] = {}


def _columns(keys: list[str], props: dict[str, Any]) -> list[str]:
    out = []
    for key in keys:
        value = props[key]
        kind = type(value)
        if kind is list or kind is tuple:
            kind = ("empty" if not value else
                    "ints" if all(type(v) is int for v in value) else "other")
        column = _COLUMNS.get((key, kind))
        if column is None:
            column = _COLUMNS[(key, kind)] = _column(key, value)
        out.append(column)
    return out


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


def _field(value: Any) -> str:
    """One CSV field: None is empty (no property); everything else is quoted."""
    kind = type(value)
    if kind is str:
        return '"' + value.replace('"', '""') + '"'
    if kind is list and all(type(item) is str for item in value):
        joined = ARRAY_DELIMITER.join(value)
        if value and joined.count(ARRAY_DELIMITER) == len(value) - 1:
            return '"' + joined.replace('"', '""') + '"'
        if not value:
            return '""'
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
