"""`tipgraph extract`: print extraction records, no database involved."""

from __future__ import annotations

import io
import sys
from collections import Counter
from pathlib import Path

import click

from ..flows.ingest import DEFAULT_MAX_CHARS
from .output import render_object


@click.command(epilog="Example:\n\n  tipgraph extract reports/article.txt --format json > article.json")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "turtle"]), default="json",
              show_default=True, help="json: one object per report (a list for several); jsonl: one per line; turtle: the RDF.")
@click.option("--input-format", default="auto", show_default=True,
              help="Loader to use (auto picks by extension and content).")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one file per report into this directory (<report>.json, or .ttl with "
                   "--format turtle) instead of stdout.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes [default: all cores for many files].")
@click.option("--redact", is_flag=True, help="Pseudonymise private people (victims, witnesses) and drop their quotes.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_CHARS / 1e6,
              show_default=True, help="Refuse a report whose text is longer than this many million characters.")
def extract(paths, fmt, input_format, output_dir, jobs, redact, max_mb):
    """Extract actors, posts, gaps, figures, statements, criticisms and cases from reports.

    PATHS are files or directories. Bad files are reported on stderr and skipped; the exit
    code is 2 if any file failed.
    """
    from ..flows.extract import extract_many
    from ..flows.workers import default_jobs
    from .common import discover_files, exit_on_failures

    files, skipped = discover_files(list(paths))
    records, failures = extract_many(files, input_format, jobs=jobs or default_jobs(), redact=redact,
                                     max_chars=int(max_mb * 1e6))
    failures[:0] = skipped
    if output_dir:
        output_dir.mkdir(parents=True, exist_ok=True)
        suffix = ".ttl" if fmt == "turtle" else ".json"
        for record, name in zip(records, output_names([r.report.file for r in records], suffix)):
            if fmt == "turtle":
                from ..rdf.build import record_to_graph

                text = record_to_graph(record).serialize(format="turtle")
            else:
                buffer = io.StringIO()
                render_object(record.to_dict(), "json", buffer)
                text = buffer.getvalue()
            (output_dir / name).write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(records)} record(s) to {output_dir}", err=True)
    elif fmt == "turtle":
        from ..rdf.build import record_to_graph
        from ..rdf.vocab import bind_prefixes
        from rdflib import Graph

        union = bind_prefixes(Graph())
        for record in records:
            union += record_to_graph(record)
        sys.stdout.write(union.serialize(format="turtle"))
    else:
        data = [r.to_dict() for r in records]
        render_object(data[0] if fmt == "json" and len(data) == 1 and len(files) == 1 else data, fmt)
    if failures:
        click.echo(f"{len(failures)} of {len(files) + len(skipped)} file(s) failed", err=True)
    exit_on_failures(failures)


def output_names(files: list[str], suffix: str) -> list[str]:
    """One file name per report: its stem, or its whole name where two stems are alike
    (``cases.csv`` and ``cases.json``), and a counter where even those are alike."""
    stems = [Path(f).stem for f in files]
    shared = {stem for stem, n in Counter(stems).items() if n > 1}
    names = [Path(f).name if stem in shared else stem for f, stem in zip(files, stems)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return [name + suffix for name in unique]
