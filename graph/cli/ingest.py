"""`tipgraph ingest`: reports → RDF → SHACL → Neo4j."""

from __future__ import annotations

from pathlib import Path

import click

from ..flows.ingest import DEFAULT_MAX_CHARS
from .common import connection, discover_files, exit_on_failures, progress_bar

DEFAULT_MAX_MB = DEFAULT_MAX_CHARS / 1e6


@click.command(epilog="Example:\n\n  tipgraph ingest reports/ examples/cases/sample-cases.csv")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--input-format", default="auto", show_default=True, help="Loader to use (auto picks by extension and content).")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes for extraction [default: all cores].")
@click.option("--batch-size", type=click.IntRange(1), default=25, show_default=True,
              help="Reports per transaction (each batch is all or nothing).")
@click.option("--writers", type=click.IntRange(1), default=1, show_default=True,
              help="Transactions written at once; 2 speeds up bulk loads, but provenance lists "
                   "then follow commit order.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster bulk loads).")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_MB, show_default=True,
              help="Refuse a report whose text is longer than this many million characters.")
@click.option("--force", is_flag=True, help="Re-extract and rewrite reports even when unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def ingest(paths, input_format, jobs, batch_size, writers, no_validate, max_mb, force, quiet):
    """Extract reports, validate their RDF and load it into Neo4j.

    Idempotent: an unchanged report is skipped; a changed one replaces its earlier
    contribution. Bad files are listed with the reason and the rest of the batch goes on;
    the exit code is 2 if any file failed, 4 on a database error (reports written before it
    stay; rerun the same command to finish).
    """
    from .output import escape_controls
    from ..flows.ingest import ingest_files
    from ..flows.workers import default_jobs

    files, skipped = discover_files(list(paths), quiet=quiet, stream=True)
    if not len(files) and not skipped:
        raise click.UsageError("no files found under the given paths")
    with connection() as db:
        with progress_bar(range(len(files)), "ingesting", quiet=quiet) as bar:
            done = iter(bar)

            def step(_path: str) -> None:
                next(done, None)

            summary = ingest_files(files, db.driver, db.database, fmt=input_format,
                                   jobs=jobs or default_jobs(), batch_size=batch_size, writers=writers,
                                   validate=not no_validate, max_chars=int(max_mb * 1e6),
                                   settings=db.settings, progress=step, force=force,
                                   keep_results=False)
    summary.failures[:0] = skipped
    counts = summary.counts()
    if not quiet:
        for dup in summary.duplicates:
            click.echo(f"note: {escape_controls(dup.path)} is report {escape_controls(dup.kept_as)} moved "
                       "(same content, old file gone); kept under its first name", err=True)
    if not quiet or summary.failures:
        click.echo(f"ingested {len(files)} file(s): {counts['created']} created, {counts['updated']} updated, "
                   f"{counts['unchanged']} unchanged, {counts['failed']} failed", err=True)
    exit_on_failures(summary.failures)
