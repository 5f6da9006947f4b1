"""Extraction of many files at once, in worker processes, for `tipgraph extract`."""

from __future__ import annotations

from pathlib import Path

from .discovery import SourceFile
from .pipeline import DEFAULT_MAX_CHARS, Failure, extract_file, failure_for, worker_pool
from .record import ExtractionRecord

__all__ = ["extract_many"]


def _one(args: tuple[str, str | None, str, bool, int | None]) -> ExtractionRecord | Failure:
    path, name, fmt, redact, max_chars = args
    try:
        record = extract_file(path, fmt, max_chars=max_chars, name=name)
        if redact:
            from .redact_record import redact_record

            record = redact_record(record)
        return record
    except Exception as exc:  # noqa: BLE001 — one bad file must not stop the batch; reported
        return failure_for(path, exc)


def extract_many(paths: list[Path | SourceFile], fmt: str = "auto", *, jobs: int = 1, redact: bool = False,
                 max_chars: int | None = DEFAULT_MAX_CHARS) -> tuple[list[ExtractionRecord], list[Failure]]:
    """Records in input order, and the files that failed (never raised)."""
    work = [(str(p), getattr(p, "name", None) if isinstance(p, SourceFile) else None, fmt, redact, max_chars)
            for p in paths]
    if jobs > 1 and len(work) >= 4:
        with worker_pool(jobs) as pool:
            results = list(pool.map(_one, work, chunksize=max(1, len(work) // (jobs * 8))))
    else:
        results = [_one(w) for w in work]
    records = [r for r in results if isinstance(r, ExtractionRecord)]
    failures = [r for r in results if isinstance(r, Failure)]
    return records, failures
