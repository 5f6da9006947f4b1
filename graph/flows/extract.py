"""Extraction of many files at once, in worker processes, for `tipgraph extract`."""

from __future__ import annotations

from pathlib import Path

from ..record import ExtractionRecord
from .discovery import SourceFile
from .ingest import DEFAULT_MAX_CHARS, extract_file
from .workers import Failure, each_file

__all__ = ["extract_many"]


def _extract_one(path: str, name: str | None, fmt: str, redact: bool, max_chars: int | None) -> ExtractionRecord:
    record = extract_file(path, fmt, max_chars=max_chars, name=name)
    if redact:
        from ..privacy.record import redact_record

        record = redact_record(record)
    return record


def extract_many(paths: list[Path | SourceFile], fmt: str = "auto", *, jobs: int = 1, redact: bool = False,
                 max_chars: int | None = DEFAULT_MAX_CHARS) -> tuple[list[ExtractionRecord], list[Failure]]:
    """Records in input order, and the files that failed (never raised)."""
    results = list(each_file(_extract_one, paths, fmt, redact, max_chars, jobs=jobs))
    records = [r for r in results if isinstance(r, ExtractionRecord)]
    failures = [r for r in results if isinstance(r, Failure)]
    return records, failures
