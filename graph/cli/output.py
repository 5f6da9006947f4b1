"""One output contract for every row-producing command: a table on a terminal, or
``json`` (a list of objects), ``jsonl`` (one object per line) or ``csv`` when asked or piped.
Rows go to stdout; nothing else does."""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable, Iterable, TextIO

__all__ = ["FORMATS", "render", "resolve_format", "to_jsonable", "escape_controls"]

# C0 and C1 control characters and DEL: a newline in a name would forge a line of output, an
# ESC sequence would drive the terminal (colours, cursor moves, window titles)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\n``, ``\\x1b``), for the terminal.

    >>> escape_controls("a\\nb\\x1b[31m")
    'a\\\\nb\\\\x1b[31m'
    """
    return _CONTROLS.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


FORMATS = ("table", "json", "jsonl", "csv")


def resolve_format(fmt: str | None, stream: TextIO | None = None) -> str:
    if fmt:
        return fmt
    stream = stream or sys.stdout
    return "table" if getattr(stream, "isatty", lambda: False)() else "json"


def to_jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def _jsonable_leaf(value: Any) -> Any:
    """``json.dumps``'s ``default``: what :func:`to_jsonable` makes of a value json cannot write."""
    converted = to_jsonable(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return converted


def _cell(value: Any) -> str:
    value = to_jsonable(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render(rows: Iterable[dict[str, Any]], fmt: str, stream: TextIO | None = None,
           columns: list[str] | None = None, max_width: int | None = None) -> None:
    """``max_width``: the widest a table cell gets (default: half the terminal, at least 60)."""
    stream = stream or sys.stdout
    rows = list(rows)
    if columns is None:
        columns = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
    if fmt == "json":
        # one write: json.dump writes every token on its own (100k writes for 5,000 rows); values
        # json cannot write are converted as met, not by a copy of every row made first
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2, default=_jsonable_leaf) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False, default=_jsonable_leaf) + "\n")
    elif fmt == "csv":
        from ..exporters.values import SafeCsvWriter  # cells beginning = + - @ neutralised

        writer = SafeCsvWriter(stream, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    elif fmt == "table":
        _table(rows, columns, stream, max_width or cell_width())
    else:
        raise ValueError(f"unknown output format {fmt!r}")


def render_object(value: Any, fmt: str, stream: TextIO | None = None, *,
                  text: Callable[[Any], str] | None = None) -> None:
    """One document rather than rows: ``json`` indented, ``jsonl`` one line per item of a list
    (or one line), ``table`` (or ``text``) the human form ``text(value)`` gives.

    >>> import io; out = io.StringIO()
    >>> render_object({"a": 1}, "jsonl", out); out.getvalue()
    '{"a": 1}\\n'
    """
    stream = stream or sys.stdout
    if fmt == "json":
        json.dump(to_jsonable(value), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt == "jsonl":
        for item in value if isinstance(value, list) else [value]:
            stream.write(json.dumps(to_jsonable(item), ensure_ascii=False) + "\n")
    elif fmt in ("table", "text") and text is not None:
        body = text(value)
        stream.write(body if body.endswith("\n") else body + "\n")
    else:
        raise ValueError(f"unknown output format {fmt!r}")


def cell_width() -> int:
    """Half the terminal's width, at least 60 characters: long names stay whole on a wide
    terminal ($COLUMNS or the terminal's size)."""
    import shutil

    return max(60, shutil.get_terminal_size((120, 24)).columns // 2)


def _table(rows: list[dict[str, Any]], columns: list[str], stream: TextIO, max_width: int) -> None:
    if not rows:
        stream.write("(no rows)\n")
        return
    cells = [[_clip(_cell(row.get(c)), max_width) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    stream.write(line.rstrip() + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        stream.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
    stream.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _clip(text: str, width: int) -> str:
    text = escape_controls(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"
