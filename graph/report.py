"""The loaded form of one report: its main text, its blocks and metadata, whatever the input format."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Block

__all__ = ["Report", "report_id_for"]


def report_id_for(path: str | Path, name: str | None = None) -> str:
    """A stable id from the report's name: its path relative to the ingest root (see
    :mod:`graph.flows.discovery`), or the file name of ``path`` when no name is given. The extension
    counts (``x.csv`` and ``x.json`` are two reports), so a corrected report replaces its earlier
    version.

    A name inside a folder also carries a short hash of the exact name, so ``2019/summary.txt``,
    ``2020/summary.txt`` and a top-level ``2019-summary.txt`` are three reports.

    >>> report_id_for("/data/in/summary.txt"), report_id_for("x", "2019/summary.txt")
    ('summary.txt', '2019-summary.txt-9ebaaa89')
    """
    name = (name or Path(path).name).strip("/")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-").lower()
    if "/" in name:
        return f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"
    return slug or hashlib.sha1(str(path).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Report:
    """A report after loading. ``text`` is the main text only (no navigation, footers,
    page headers); ``case_rows`` holds structured case records when the input was case data."""

    path: str
    text: str
    format: str
    title: str | None = None
    publisher: str | None = None
    date: date | None = None
    author: str | None = None
    url: str | None = None
    country: str | None = None
    case_rows: tuple[dict, ...] = field(default=())
    stated_year: int | None = None  # the year the title states, when no date is known

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """The text as typed blocks (headings, paragraphs, tables, references, page headers …,
        see :mod:`graph.document`), each with its page and offsets in the cleaned text."""
        from .document import clean_text, segment

        return tuple(segment(clean_text(self.text)))

    @property
    def id(self) -> str:
        return report_id_for(self.path)

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256(self.text.encode("utf-8"))
        for row in self.case_rows:
            digest.update(repr(sorted(row.items())).encode("utf-8"))
        return digest.hexdigest()

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else self.stated_year
