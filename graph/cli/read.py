"""``tipgraph read``: the blocks of a report with their kinds and pages (thin layer over
graph.flows.read)."""

from __future__ import annotations

from pathlib import Path

import click

from ..document import BLOCK_KINDS
from .common import emit_rows, format_option

__all__ = ["read"]


@click.command(epilog="Example:\n\n  tipgraph read report.pdf --kind table --kind references --format json")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--kind", "kinds", multiple=True, type=click.Choice(BLOCK_KINDS),
              help="Only blocks of this kind (repeatable).")
@click.option("--input-format", default="auto", show_default=True,
              help="Loader to use (auto picks by extension and content).")
@format_option()
def read(path: Path, kinds: tuple[str, ...], input_format: str, fmt: str | None) -> None:
    """Print the blocks of a report as the extractor sees them: page, kind (heading,
    paragraph, table, endnote, page_header …), whether extraction reads it, and its text.
    References, endnotes, page headers and footers, tables of contents and source credits are
    shown but not read."""
    from .output import resolve_format
    from ..flows.read import read_blocks

    chosen = resolve_format(fmt)
    rows = read_blocks(path, input_format, kinds=kinds, max_chars=None if chosen != "table" else 200)
    columns = ["page", "kind", "read", "text"] if chosen in {"table", "csv"} else None
    emit_rows(rows, chosen, columns=columns)
