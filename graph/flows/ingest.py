"""The whole path for a batch of report files: load → extract → RDF → SHACL → Neo4j.

Preparation (everything before Neo4j) runs in worker processes when there are many files, so both
cores work. A file that fails to load, extract or validate is reported with its path and reason and
the rest of the batch goes on; writes are one transaction per batch of reports (25 by default,
chosen with ``scripts/bench_ingest_batches``; each part of a split case file alone), so nothing
is half-written.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import DatabaseError, InputError, ServerError
from ..record import ExtractionRecord
from .discovery import SourceFile
from .workers import Failure, each_file

__all__ = ["Duplicate", "Prepared", "IngestSummary", "extract_file", "extract_parts", "prepare_file", "prepare_files",
           "ingest_files", "bulk_import_files", "file_hash", "DEFAULT_MAX_CHARS"]

ProgressFn = Callable[[str], None]

DEFAULT_MAX_CHARS = 5_000_000
# cases per report (and so per transaction) when a large case file is loaded: 100,000 rows in
# one transaction went over Neo4j's default transaction memory limit
CASE_ROWS_PER_REPORT = 2_000
# file bytes allowed per character of text (see max_file_bytes): PDFs carry fonts and images
_BYTES_PER_CHAR = {".pdf": 20, ".html": 4, ".htm": 4, ".xhtml": 4}
_DEFAULT_BYTES_PER_CHAR = 4


@dataclass
class Prepared:
    path: str
    # None when prepared by prepare_files (for ingest and import): the rows carry the record as
    # JSON, and its objects, sent back from the worker, cost the ingest process 11.5 KB a report
    record: ExtractionRecord | None
    rows: object  # graph.store.model.ReportRows; for db import, its bulk_import.RenderedReport
    triples: int
    parts: list = field(default_factory=list)  # every part's rows, when a case file was split

    @property
    def all_rows(self) -> list:
        return self.parts or [self.rows]


@dataclass(frozen=True)
class Duplicate:
    """A file whose content is already in the graph as a report whose file is gone (moved)."""

    path: str
    report_id: str       # the id its own name would have given
    kept_as: str         # the file name of the report that holds this content


@dataclass
class IngestSummary:
    """What an ingest did. ``results`` lists one LoadResult per report, or is None when the
    caller wants only the counts (the CLI): a run of a million reports then keeps no per-report
    record, and its memory does not grow with the batch."""

    results: list | None = field(default_factory=list)  # graph.store.writer.LoadResult
    failures: list[Failure] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})

    def add(self, result) -> None:
        self.statuses[result.status] += 1
        if self.results is not None:
            self.results.append(result)

    @property
    def written(self) -> int:
        """Reports written or found unchanged so far (duplicates and failures aside)."""
        return sum(self.statuses.values())

    @property
    def ok(self) -> bool:
        return not self.failures

    def counts(self) -> dict[str, int]:
        return {**self.statuses, "unchanged": self.statuses["unchanged"] + len(self.duplicates),
                "failed": len(self.failures)}


def extract_file(path: str | Path, fmt: str = "auto", *,
                 max_chars: int | None = DEFAULT_MAX_CHARS, name: str | None = None) -> ExtractionRecord:
    """Load and extract one file (no database, no RDF).

    ``name`` is the report's name, its path relative to the ingest root (see
    :mod:`graph.flows.discovery`); the file name when not given. Raises InputError naming the file
    when the file is larger than :func:`max_file_bytes` allows (checked before it is parsed) or
    its text is longer than ``max_chars`` (None: no cap).
    """
    return extract_parts(path, fmt, max_chars=max_chars, name=name, rows_per_part=None)[0]


def extract_parts(path: str | Path, fmt: str = "auto", *, max_chars: int | None = DEFAULT_MAX_CHARS,
                  name: str | None = None,
                  rows_per_part: int | None = CASE_ROWS_PER_REPORT) -> list[ExtractionRecord]:
    """Like :func:`extract_file`, but a case file of more than ``rows_per_part`` rows comes out
    as several records, parts of ``rows_per_part`` cases each (report ids ``<id>-part-0001`` …,
    one ``file`` for all): each part is written in a transaction of its own, so a large case
    register stays under the server's transaction memory limit. If a file shrinks, parts it no
    longer has stay in the graph until removed."""
    from ..extract import extract
    from ..loaders import load_report
    from ..privacy.roles import assign_private_roles
    from ..report import report_id_for

    if isinstance(path, SourceFile):
        path, name = path.path, name or path.name
    check_file_size(path, max_chars)
    report = load_report(path, fmt)
    rows = report.case_rows
    if rows_per_part and len(rows) > rows_per_part:
        from ..loaders.cases import case_summary

        parts = [replace(report, case_rows=chunk, text="\n\n".join(case_summary(r) for r in chunk))
                 for chunk in (rows[i:i + rows_per_part] for i in range(0, len(rows), rows_per_part))]
    else:
        parts = [report]
    longest = max(len(part.text) for part in parts)
    if max_chars is not None and longest > max_chars:
        raise InputError(f"text is {longest / 1e6:.1f} million characters, over the limit of "
                         f"{max_chars / 1e6:g} million for one report; split the file or raise --max-mb",
                         path=str(path))
    report_id = report_id_for(report.path, name)
    records = []
    for number, part in enumerate(parts, start=1):
        record = extract(part)
        # victims and witnesses named in the text get their role, so exports redact them
        assign_private_roles(record, part.text)
        record.report.file = name or Path(report.path).name
        record.report.id = report_id if len(parts) == 1 else f"{report_id}-part-{number:04d}"
        record.report.format = part.format
        record.report.content_hash = part.content_hash
        records.append(record)
    return records


def max_file_bytes(path: str | Path, max_chars: int) -> int:
    """The largest file that may hold a text of ``max_chars`` characters: markup, PDF streams
    and case-record columns take room, so a file may be this many times larger."""
    return max_chars * _BYTES_PER_CHAR.get(Path(path).suffix.lower(), _DEFAULT_BYTES_PER_CHAR)


def check_file_size(path: str | Path, max_chars: int | None) -> None:
    """Refuse a file too large for ``max_chars`` *before* it is parsed: a 50 MB HTML file would
    otherwise take a minute and gigabytes of memory only to be refused afterwards."""
    if max_chars is None:
        return
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # the loader says what is wrong, naming the file
    limit = max_file_bytes(path, max_chars)
    if size > limit:
        raise InputError(f"file is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:g} MB for this "
                         f"kind of file (--max-mb {max_chars / 1e6:g}); split it or raise --max-mb",
                         path=str(path))


def prepare_file(path: str | Path, fmt: str = "auto", validate: bool = True, *,
                 max_chars: int | None = DEFAULT_MAX_CHARS, name: str | None = None,
                 render: bool = False) -> Prepared:
    """Load, extract, build RDF, validate it and map it to Neo4j rows; with ``render``, each
    part's rows are then rendered as neo4j-admin CSV lines
    (:class:`~graph.store.bulk_import.RenderedReport`, for ``db import``), in the worker that
    prepared them rather than in the one process that writes the files."""
    from ..rdf.build import record_to_graph
    from ..rdf.shacl import ensure_valid
    from ..resolve.resolver import default_resolver
    from ..store.model import rows_from_graph
    from .limits import cap_names

    digest = file_hash(path.path if isinstance(path, SourceFile) else path, fmt)
    records = extract_parts(path, fmt, max_chars=max_chars, name=name, rows_per_part=CASE_ROWS_PER_REPORT)
    resolver = default_resolver()
    parts, triples = [], 0
    for record in records:
        cap_names(record)
        graph = record_to_graph(record, resolver)
        if validate:
            ensure_valid(graph, path=str(path))
        rows = rows_from_graph(graph, record.report.id, record)
        # the file's bytes as read, so that a later ingest knows it unchanged before extracting
        rows.report["fileHash"], rows.report["fileParts"] = digest, len(records)
        if render:
            from ..store.bulk_import import render_report

            rows = render_report(rows)
        parts.append(rows)
        triples += len(graph)
    return Prepared(str(path), records[0], parts[0], triples, parts if len(parts) > 1 else [])


def _prepare_one(path: str, name: str | None, fmt: str, validate: bool, max_chars: int | None,
                 render: bool = False) -> Prepared:
    return replace(prepare_file(path, fmt, validate, max_chars=max_chars, name=name, render=render), record=None)


def file_hash(path: str | Path, fmt: str = "auto") -> str | None:
    """SHA-256 of a file's bytes and of the loader asked for (another loader may read the same
    bytes differently); None if the file cannot be read (its loader will say why)."""
    import hashlib

    digest = hashlib.sha256(f"{fmt}\0".encode("utf-8"))
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# files whose report(s) the graph holds from the same bytes: one report, or every part of a
# case file that was split (each part carries ``fileParts``, the number of parts)
_UNCHANGED_FILES = """
UNWIND $files AS f
CALL (f) {
    MATCH (r:Report {id: f.iri}) WHERE r.fileHash = f.hash
    RETURN 1 AS parts
  UNION
    MATCH (p:Report) WHERE p.id STARTS WITH f.partPrefix AND p.fileHash = f.hash
    WITH count(p) AS found, max(p.fileParts) AS parts
    WHERE found > 0 AND found = parts
    RETURN parts
}
RETURN f.key AS key, max(parts) AS parts
"""
# files asked about per query: a chunk's questions weigh about 0.8 KB a file while it is asked
# (hashes, ids, the packed message); 1,000 keeps that under a megabyte whatever the batch, and a
# query per 1,000 files costs little beside hashing them
UNCHANGED_QUERY_FILES = 1_000


def _name_of(path: str | Path | SourceFile) -> str | None:
    return path.name if isinstance(path, SourceFile) else None


def _without_unchanged(driver, database: str, paths: Iterable, fmt: str,
                       on_unchanged: Callable[[object, tuple[str, ...]], None]) -> Iterator:
    """``paths`` less the files the graph holds from the same bytes (each handed to
    ``on_unchanged`` with its report ids), found *before* anything is extracted. One query per
    :data:`UNCHANGED_QUERY_FILES` files, each chunk hashed just before it is asked about as the
    files stream past: neither the files nor the questions for all of them are ever held
    (the questions weigh about 500 bytes a file)."""
    source = iter(paths)
    while chunk := list(itertools.islice(source, UNCHANGED_QUERY_FILES)):
        unchanged = _unchanged_chunk(driver, database, chunk, fmt)
        for index, path in enumerate(chunk):
            if index in unchanged:
                on_unchanged(path, unchanged[index])
            else:
                yield path


def _unchanged_chunk(driver, database: str, paths: list, fmt: str) -> dict[int, tuple[str, ...]]:
    """Index in ``paths`` -> the ids of its report(s), for the files the graph holds from the same bytes."""
    from ..rdf.vocab import ID
    from ..report import report_id_for

    asked = []
    for index, path in enumerate(paths):
        name = _name_of(path)
        real = path.path if isinstance(path, SourceFile) else path
        digest = file_hash(real, fmt)
        if digest is not None:
            rid = report_id_for(str(real), name)
            asked.append({"key": index, "rid": rid, "iri": str(ID[f"report/{rid}"]),
                          "partPrefix": str(ID[f"report/{rid}-part-"]), "hash": digest})
    if not asked:
        return {}
    records, _, _ = driver.execute_query(_UNCHANGED_FILES, files=asked, database_=database, routing_="r")
    by_key = {item["key"]: item["rid"] for item in asked}
    return {record["key"]: ((by_key[record["key"]],) if record["parts"] == 1 else
                            tuple(f"{by_key[record['key']]}-part-{number:04d}"
                                  for number in range(1, record["parts"] + 1)))
            for record in records}


def prepare_files(paths: Iterable[str | Path], fmt: str = "auto", *, jobs: int = 1,
                  validate: bool = True, max_chars: int | None = DEFAULT_MAX_CHARS,
                  render: bool = False) -> Iterator[Prepared | Failure]:
    """Prepare files in order, in ``jobs`` worker processes; failures are yielded, not raised.
    ``render``: see :func:`prepare_file`. Each Prepared comes without its record (``None``):
    what is written is in its rows."""
    yield from each_file(_prepare_one, paths, fmt, validate, max_chars, render, jobs=jobs)


def _prepared(paths: Iterable[str | Path], summary: IngestSummary, progress: ProgressFn | None,
              **options) -> Iterator[Prepared]:
    """The files that prepared well; the others go to ``summary.failures``. Each file counts
    once towards ``progress``, after its item has been handled."""
    for item, _ in _prepared_with_sources(paths, summary, progress, **options):
        yield item


def _prepared_with_sources(paths: Iterable[str | Path | SourceFile], summary: IngestSummary,
                           progress: ProgressFn | None, **options) -> Iterator[tuple[Prepared, object]]:
    """:func:`_prepared`, each item with the entry of ``paths`` it came from. ``paths`` is read
    once (it may be a stream): each entry is noted as the workers take it and handed back with
    its item, which comes back in the same order."""
    taken: deque = deque()

    def noting(entries: Iterable) -> Iterator:
        for entry in entries:
            taken.append(entry)
            yield entry

    for item in prepare_files(noting(paths), **options):
        source = taken.popleft()
        if isinstance(item, Failure):
            summary.failures.append(item)
        else:
            yield item, source
        if progress:
            progress(item.path)


def ingest_files(paths: Iterable[str | Path], driver, database: str, *, fmt: str = "auto",
                 jobs: int = 1, batch_size: int = 25, writers: int = 1, validate: bool = True,
                 max_chars: int | None = DEFAULT_MAX_CHARS, settings=None,
                 progress: ProgressFn | None = None, force: bool = False,
                 keep_results: bool = True) -> IngestSummary:
    """Ingest files into Neo4j; returns what was created, updated, unchanged and what failed
    (``keep_results=False``: the counts, without a result per report).

    Batches of ``batch_size`` reports are written ``writers`` transactions at a time (more
    than one is faster for bulk loads, but the order of the reports in provenance lists then
    follows the order of commits, so two loads may list the same sources in another order). A
    database error aborts the run (raised as :class:`DatabaseError`, naming the server from
    ``settings`` when given); reports committed before it stay, the batches in flight are
    rolled back, and rerunning the same command finishes the job (unchanged reports are
    skipped). ``force`` rewrites unchanged reports too (after a new extraction or resolution).
    """
    from ..store.connection import neo4j_errors, translate_error
    from ..store.writer import LoadResult, ReportRefused, ensure_schema, refused_for_content, write_batches

    summary = IngestSummary(results=[] if keep_results else None)
    # report id -> file, for the reports handed to the writer and not yet committed (a
    # database error names their files); what is committed leaves it, so it stays small
    sent: dict[str, str] = {}

    def batches(todo: Iterable) -> Iterator[list]:
        # the moved-file check asks about a window of whole batches (one batch unless batches
        # are small), and the window is then cut into batches: no report waits in a window
        # besides the batch it goes out in, so the reports held in this process stay few
        window_size = batch_size * -(-MOVED_CHECK_WINDOW // batch_size)
        window: list[tuple[Prepared, Path | None]] = []
        for item, source in _prepared_with_sources(todo, summary, progress, fmt=fmt, jobs=jobs, validate=validate,
                                                   max_chars=max_chars):
            window.append((item, source.root if isinstance(source, SourceFile) else None))
            if len(window) >= window_size:
                yield from cut(_drop_moved(driver, database, window, summary))
                window = []
        if window:
            yield from cut(_drop_moved(driver, database, window, summary))

    def cut(items: Iterable[Prepared]) -> Iterator[list]:
        batch: list = []
        for item in items:
            if item.parts:
                # a part of a split case file is already as large as one transaction should be
                # (CASE_ROWS_PER_REPORT cases): each goes alone, whatever the batch size
                if batch:
                    check_space()
                    yield batch
                    batch = []
                for rows in item.parts:
                    sent[rows.report_id] = item.path
                    check_space()
                    yield [rows]
                continue
            sent[item.rows.report_id] = item.path
            batch.append(item.rows)
            if len(batch) >= batch_size:
                check_space()
                yield batch
                batch = []
        if batch:
            check_space()
            yield batch

    try:
        with neo4j_errors(settings, database=database):
            ensure_schema(driver, database)
            check_space = _space_check(settings, driver)
            todo = paths
            if not force:
                # files the graph holds from the same bytes are neither loaded nor extracted
                def unchanged(path, report_ids: tuple[str, ...]) -> None:
                    for rid in report_ids:
                        summary.add(LoadResult(rid, "unchanged", 0))
                    if progress:
                        progress(str(path))

                todo = _without_unchanged(driver, database, paths, fmt, unchanged)
            # closed here, so that on an error the extraction workers are shut down now and not
            # whenever the generator happens to be collected
            with contextlib.closing(batches(todo)) as source:
                for result in write_batches(driver, database, source, writers=writers, force=force):
                    summary.add(result)
                    sent.pop(result.report_id, None)
    except DatabaseError as exc:
        done = summary.written
        cause = f"{exc} {exc.__cause__ or ''}".lower()
        if exc.__cause__ is not None and ("no space left" in cause or "could not append transaction" in cause):
            raise DatabaseError(
                f"no space left on the disk holding the Neo4j data (the server could not append to its "
                f"transaction log); ingest stopped after {done} report(s) were written (they stay). Free some "
                "space; if the server stopped, `tipgraph db start` says how to recover it; then rerun the "
                "same command") from exc
        files = list(dict.fromkeys(sent.values()))
        what = exc
        if isinstance(exc, ReportRefused):
            # the writer found which report of the batch the server refuses: name only its file
            files = [sent.get(exc.report_id, exc.report_id)]
            what = translate_error(exc.__cause__, settings, database=database)
        held = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        if isinstance(exc, ReportRefused) or refused_for_content(exc.__cause__):
            # the server refused the data itself: a rerun would fail the same way
            refused = held if isinstance(exc, ReportRefused) else f"the batch holding {held or 'no file'}"
            raise DatabaseError(f"{what}; the server refused {refused} — "
                                f"rerunning will fail the same way: ingest the other files without "
                                f"{'it' if len(files) == 1 else 'them'} and report the problem "
                                f"({done} report(s) written before stay)") from exc
        raise DatabaseError(f"{exc}; ingest stopped after {done} report(s) were written "
                            "(they stay; the batches in flight were rolled back"
                            + (f": {held}" if held else "") + ") — rerun the same command to finish") from exc
    return summary


MIN_FREE_BYTES = 200_000_000  # below this, Neo4j cannot be trusted to append its logs


def _space_check(settings, driver) -> Callable[[], None]:
    """For a server on this machine (whose disk we can see), a check run before each batch:
    stop with a clear "no space left" *before* Neo4j fails to append a transaction and panics."""
    if settings is None or not settings.is_local:
        return lambda: None
    logs = _transaction_logs_dir(driver)

    def check() -> None:
        try:
            free = shutil.disk_usage(logs if logs.exists() else logs.parent).free
        except OSError:
            return
        if free < MIN_FREE_BYTES:
            raise DatabaseError(f"no space left on the disk holding {logs}: {free / 1e6:.0f} MB free, "
                                f"{MIN_FREE_BYTES / 1e6:.0f} MB needed to write safely; free some space and rerun "
                                "the same command (reports already written stay)")
    return check


_LOGS_SETTING = """
SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.transaction.logs.root' RETURN value
"""


def _transaction_logs_dir(driver) -> Path:
    """Where the server appends its transactions, as it says itself (any local server, wherever
    its home); the user's own server's if it will not say (a user without the privilege)."""
    from neo4j.exceptions import Neo4jError

    from ..store.server import LocalServer

    try:
        records, _, _ = driver.execute_query(_LOGS_SETTING, database_="system", routing_="r")
        if records and records[0]["value"]:
            return Path(records[0]["value"])
    except Neo4jError:
        pass
    return LocalServer.from_env().data_dir / "transactions"


# reports holding the same text as a file of the window under another name, while no report
# has that file's own name yet
_SAME_CONTENT = """
UNWIND $files AS f
MATCH (r:Report {contentHash: f.hash}) WHERE r.reportId <> f.id
AND NOT EXISTS { MATCH (:Report {id: f.iri}) }
RETURN f.key AS key, r.file AS file ORDER BY key, r.reportId
"""
# the fewest prepared files asked about per moved-file query (whole batches: a batch of more is
# asked about alone): one round trip per file cost a fifth of an ingest's time at one report per batch
MOVED_CHECK_WINDOW = 16


def _drop_moved(driver, database: str, window: list[tuple[Prepared, Path | None]],
                summary: IngestSummary) -> Iterator[Prepared]:
    """The items of ``window`` that were not moved, in order; moved ones go to ``summary``."""
    moved = _moved(driver, database, window)
    for key, (item, _root) in enumerate(window):
        if key in moved:
            summary.duplicates.append(moved[key])
        else:
            yield item


def _moved(driver, database: str, window: list[tuple[Prepared, Path | None]]) -> dict[int, Duplicate]:
    """The rule for moved files, for a window of prepared files (one query): index in
    ``window`` -> its Duplicate. A report is named by its path under the ingest root, so a
    file moved to another folder would be a second report with the same facts. Instead, a file
    whose name is new to the graph, whose content is already there as another report, and whose
    old file is no longer under the same root, *was moved*: it stays one report, under its first
    name (the summary says so). A copy (both files present) is a report of its own; a changed
    file under a known name is an update as always."""
    asked = [{"key": key, "hash": item.rows.report["contentHash"], "id": item.rows.report_id,
              "iri": item.rows.report["id"]}
             for key, (item, root) in enumerate(window)
             if root is not None and item.rows.report.get("contentHash")]
    if not asked:
        return {}
    records, _, _ = driver.execute_query(_SAME_CONTENT, files=asked, database_=database, routing_="r")
    moved: dict[int, Duplicate] = {}
    for record in records:
        key, old = record["key"], record["file"]
        item, root = window[key]
        if key not in moved and old and not (root / old).exists():
            moved[key] = Duplicate(item.path, item.rows.report_id, old)
    return moved


def bulk_import_files(paths: Iterable[str | Path], server, *, fmt: str = "auto", jobs: int = 1,
                      validate: bool = True, max_chars: int | None = DEFAULT_MAX_CHARS,
                      progress: ProgressFn | None = None, replace: bool = False,
                      workdir: str | Path | None = None,
                      log: Callable[[str], None] = lambda _message: None) -> IngestSummary:
    """First load of a large corpus into the local ``server``'s empty database.

    A database that already holds reports is refused (:class:`ServerError`) unless ``replace``
    is set, since the import replaces the whole database.
    Files are prepared as for :func:`ingest_files` (bad ones are listed, the rest go on),
    written as neo4j-admin CSV into a temporary directory (under ``workdir`` if given), and
    imported offline: the server is stopped for the import and started again afterwards to
    create the constraints, so it is left running. The result is the graph ``ingest_files``
    would have made in an empty database (of a report listed twice, the first version); later
    ingests merge into it. Only a local server can be bulk-loaded: neo4j-admin writes its files.
    """
    import tempfile

    from ..store.bulk_import import complete_import, run_import, write_import_files
    from ..store.connection import connect
    from ..store.writer import LoadResult

    server.start(timeout=300)  # no-op if it runs; a first start creates its conf and password
    settings = server.settings()
    with connect(settings) as driver:
        records, _, _ = driver.execute_query("MATCH (r:Report) RETURN count(r) AS reports",
                                             database_=settings.database)
    if records[0]["reports"] and not replace:
        raise ServerError(f"the graph in {server.home} already holds {records[0]['reports']} report(s); "
                         "a bulk import replaces the whole database — use `tipgraph ingest` to add "
                         "to it, or --replace to discard it")
    summary = IngestSummary()
    seen: set[str] = set()

    def rows() -> Iterator:
        for item in _prepared(paths, summary, progress, fmt=fmt, jobs=jobs, validate=validate,
                              max_chars=max_chars, render=True):
            for rows in item.all_rows:  # RenderedReports
                if rows.report_id not in seen:
                    seen.add(rows.report_id)
                    summary.add(LoadResult(rows.report_id, "created", rows.triples))
                    yield rows

    with tempfile.TemporaryDirectory(prefix="tipgraph-import-", dir=workdir) as tmp:
        with contextlib.closing(rows()) as source:
            files = write_import_files(source, Path(tmp))
        log(f"importing {files.nodes:,} nodes and {files.relationships:,} relationships with "
            "neo4j-admin (the server is stopped meanwhile) …")
        server.stop()
        run_import(server, files)
        server.start(timeout=300)
    log("creating constraints and indexes …")
    with connect(settings) as driver:
        complete_import(driver, settings.database)
    return summary
