"""The whole path for a batch of report files: load → extract → RDF → SHACL → Neo4j.

Preparation (everything before Neo4j) runs in worker processes when there are many files, so both
cores work. A file that fails to load, extract or validate is reported with its path and reason and
the rest of the batch goes on; writes are one transaction per batch of reports (one report by
default), so nothing is half-written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import DatabaseError, InputError, ServerError, TipgraphError
from .record import ExtractionRecord

__all__ = ["Failure", "Prepared", "IngestSummary", "extract_file", "prepare_file", "prepare_files",
           "ingest_files", "bulk_import_files", "default_jobs", "worker_pool", "failure_for", "DEFAULT_MAX_CHARS"]

ProgressFn = Callable[[str], None]

DEFAULT_MAX_CHARS = 5_000_000


@dataclass(frozen=True)
class Failure:
    path: str
    message: str


@dataclass
class Prepared:
    path: str
    record: ExtractionRecord
    rows: object  # graph.store.model.ReportRows
    triples: int


@dataclass
class IngestSummary:
    results: list = field(default_factory=list)  # graph.store.writer.LoadResult
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def counts(self) -> dict[str, int]:
        out = {"created": 0, "updated": 0, "unchanged": 0, "failed": len(self.failures)}
        for r in self.results:
            out[r.status] += 1
        return out


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with the command: a killed `tipgraph ingest` must not
    leave orphaned workers extracting (and holding its output pipes open) for minutes."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),))


def _die_with_parent(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def extract_file(path: str | Path, fmt: str = "auto", *,
                 max_chars: int | None = DEFAULT_MAX_CHARS) -> ExtractionRecord:
    """Load and extract one file (no database, no RDF).

    Raises InputError naming the file when its text is longer than ``max_chars`` (None: no cap).
    """
    from .extract import extract
    from .loaders import load_report

    report = load_report(path, fmt)
    if max_chars is not None and len(report.text) > max_chars:
        raise InputError(f"text is {len(report.text) / 1e6:.1f} million characters, over the limit of "
                         f"{max_chars / 1e6:g} million for one report; split the file or raise --max-mb",
                         path=str(path))
    record = extract(report)
    record.report.file = record.report.file or Path(report.path).name
    record.report.id = report.id
    record.report.format = report.format
    record.report.content_hash = report.content_hash
    return record


def prepare_file(path: str | Path, fmt: str = "auto", validate: bool = True, *,
                 max_chars: int | None = DEFAULT_MAX_CHARS) -> Prepared:
    """Load, extract, build RDF, validate it and map it to Neo4j rows."""
    from .rdf.build import record_to_graph
    from .rdf.shacl import ensure_valid
    from .resolve import default_resolver
    from .store.model import rows_from_graph

    record = extract_file(path, fmt, max_chars=max_chars)
    graph = record_to_graph(record, default_resolver())
    if validate:
        ensure_valid(graph, path=str(path))
    return Prepared(str(path), record, rows_from_graph(graph, record.report.id, record), len(graph))


def failure_for(path: str, exc: Exception) -> Failure:
    """One file's failure as a one-line reason (the path is said once, by the caller).

    Anything other than a TipgraphError is a bug in a loader or in extraction; the batch
    still goes on, and the reason names the exception so the bug can be reported.
    """
    if isinstance(exc, TipgraphError):
        message = str(exc).removeprefix(f"{path}: ")
    elif isinstance(exc, (OSError, ValueError, UnicodeError, RecursionError, MemoryError)):
        message = f"{type(exc).__name__}: {exc}"
    else:
        message = f"internal error ({type(exc).__name__}: {exc}); please report it with this file"
    return Failure(path, " ".join(message.split()) or type(exc).__name__)


def _prepare_safely(args: tuple[str, str, bool, int | None]) -> Prepared | Failure:
    path, fmt, validate, max_chars = args
    try:
        return prepare_file(path, fmt, validate, max_chars=max_chars)
    except Exception as exc:  # noqa: BLE001 — one bad file must not stop the batch; reported
        return failure_for(path, exc)


def prepare_files(paths: Iterable[str | Path], fmt: str = "auto", *, jobs: int = 1,
                  validate: bool = True,
                  max_chars: int | None = DEFAULT_MAX_CHARS) -> Iterator[Prepared | Failure]:
    """Prepare files in order, in ``jobs`` worker processes; failures are yielded, not raised."""
    work = [(str(p), fmt, validate, max_chars) for p in paths]
    if jobs <= 1 or len(work) < 4:
        yield from map(_prepare_safely, work)
        return
    with worker_pool(jobs) as pool:
        yield from pool.map(_prepare_safely, work, chunksize=max(1, len(work) // (jobs * 8)))


def _prepared(paths: Iterable[str | Path], summary: IngestSummary, progress: ProgressFn | None,
              **options) -> Iterator[Prepared]:
    """The files that prepared well; the others go to ``summary.failures``. Each file counts
    once towards ``progress``, after its item has been handled."""
    for item in prepare_files(paths, **options):
        if isinstance(item, Failure):
            summary.failures.append(item)
        else:
            yield item
        if progress:
            progress(item.path)


def ingest_files(paths: Iterable[str | Path], driver, database: str, *, fmt: str = "auto",
                 jobs: int = 1, batch_size: int = 1, writers: int = 1, validate: bool = True,
                 max_chars: int | None = DEFAULT_MAX_CHARS, settings=None,
                 progress: ProgressFn | None = None, force: bool = False) -> IngestSummary:
    """Ingest files into Neo4j; returns what was created, updated, unchanged and what failed.

    Batches of ``batch_size`` reports are written ``writers`` transactions at a time (more
    than one is faster for bulk loads, but the order of the reports in provenance lists then
    follows the order of commits, so two loads may list the same sources in another order). A
    database error aborts the run (raised as :class:`DatabaseError`, naming the server from
    ``settings`` when given); reports committed before it stay, the batches in flight are
    rolled back, and rerunning the same command finishes the job (unchanged reports are
    skipped). ``force`` rewrites unchanged reports too (after a new extraction or resolution).
    """
    from .store.connection import neo4j_errors
    from .store.writer import ensure_schema, write_batches

    summary = IngestSummary()

    def batches() -> Iterator[list]:
        batch: list = []
        for item in _prepared(paths, summary, progress, fmt=fmt, jobs=jobs, validate=validate,
                              max_chars=max_chars):
            batch.append(item.rows)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    try:
        with neo4j_errors(settings, database=database):
            ensure_schema(driver, database)
            # closed here, so that on an error the extraction workers are shut down now and not
            # whenever the generator happens to be collected
            with contextlib.closing(batches()) as source:
                summary.results.extend(write_batches(driver, database, source, writers=writers,
                                                     force=force))
    except DatabaseError as exc:
        done = len(summary.results)
        raise DatabaseError(f"{exc}; ingest stopped after {done} report(s) were written "
                            "(they stay; the batches in flight were rolled back) — rerun the same "
                            "command to finish") from exc
    return summary


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

    from .store.bulk_import import complete_import, run_import, write_import_files
    from .store.connection import connect
    from .store.writer import LoadResult

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
                              max_chars=max_chars):
            if item.rows.report_id not in seen:
                seen.add(item.rows.report_id)
                summary.results.append(LoadResult(item.rows.report_id, "created", item.triples))
                yield item.rows

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
