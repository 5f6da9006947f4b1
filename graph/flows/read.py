"""What the extractor reads in a report: its blocks as rows, the library behind
``tipgraph read``, so a user can see why a fact was or was not found (a figure in an endnote,
a name in a running header, a table read cell by cell)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..document import BLOCK_KINDS, SKIP_KINDS
from ..errors import InputError
from ..loaders import load_report

__all__ = ["read_blocks"]


def read_blocks(path: str | Path, fmt: str = "auto", *, kinds: tuple[str, ...] = (),
                max_chars: int | None = None) -> list[dict[str, Any]]:
    """One row per block of the report at ``path``: ``page``, ``kind``, ``read`` (whether
    extraction reads it), ``start``/``end`` offsets, ``text`` (cut at ``max_chars``) and, for
    tables, ``rows`` (lists of cells). ``kinds`` keeps only those kinds."""
    unknown = set(kinds) - set(BLOCK_KINDS)
    if unknown:
        raise InputError(f"unknown block kind(s) {', '.join(sorted(unknown))}; choose from {', '.join(BLOCK_KINDS)}")
    report = load_report(path, fmt)
    rows = []
    for block in report.blocks:
        if kinds and block.kind not in kinds:
            continue
        text = block.text if max_chars is None or len(block.text) <= max_chars else block.text[:max_chars - 1] + "…"
        row: dict[str, Any] = {"page": block.page, "kind": block.kind, "read": block.kind not in SKIP_KINDS,
                               "start": block.start, "end": block.end, "text": text}
        if block.rows:
            row["rows"] = [list(r) for r in block.rows]
        rows.append(row)
    return rows
