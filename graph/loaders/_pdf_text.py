"""From a pdfminer page layout to text: text boxes in reading order, tables rebuilt into rows,
superscript markers made citations. Private to :mod:`graph.loaders.pdf`.

Why here and not pdfminer's own text converter: it writes a table column by column (a column's
cells are one text box) and glues a superscript footnote marker onto the figure before it
("30.2"); an analyst reads the row and the figure.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from ..document import looks_like_citation

__all__ = ["page_text", "line_text"]

_SUPERSCRIPT = 0.8     # a digit this much smaller than its line's text is a footnote marker


def page_text(page) -> str:
    """One page's text as pdfminer's text converter writes it (text boxes in reading order,
    a blank line after each box), with four repairs:

    - superscript markers written as citations (:func:`line_text`);
    - a box that goes on with the sentence of the box before it (same left edge, the next line
      down, no sentence end between) joins it, so loose line spacing does not cut paragraphs;
    - text inside drawn table cells (two or more rows of cell rectangles) is a table: written
      one row per line, ``cell | cell``, a wrapped cell as one cell; pdfminer alone would
      merge a column's cells into one box and read the table column by column;
    - boxes of at most a few lines standing side by side in two or more aligned rows (a table
      without drawn cells) are a table too.
    """
    from pdfminer.layout import LTContainer, LTText, LTTextBox

    items = list(page) if isinstance(page, LTContainer) else []
    boxes = [o for o in items if isinstance(o, LTTextBox)]
    grids, owner = _grid_tables(items, boxes)
    free = [b for b in boxes if not any(id(line) in owner for line in b)]
    tables = _tables(free)
    member = {id(b): t for t, rows in enumerate(tables) for row in rows for b in row}
    state = _PageOut(grids, owner, tables, member)
    for item in items:
        if isinstance(item, LTTextBox):
            _write_box(state, item)
        elif isinstance(item, LTContainer):
            state.out.append(_render(item))
        elif isinstance(item, LTText):
            state.out.append(item.get_text())
    return "".join(state.out)


@dataclass
class _PageOut:
    """A page's tables, which boxes and lines they own, and the text written so far: a table is
    written once, where the first box or line it owns comes in reading order."""
    grids: list[list[list[str]]]        # tables drawn as cell rectangles (rows of cell texts)
    owner: dict[int, int]               # id(text line) -> its grid table
    tables: list[list[list]]            # tables of boxes standing side by side
    member: dict[int, int]              # id(text box) -> its table of boxes
    out: list[str] = field(default_factory=list)
    written: set[tuple[str, int]] = field(default_factory=set)
    prev: Any = None                    # the box written last, while the next box may go on with it


def _write_box(state: _PageOut, box) -> None:
    """A text box: its table of boxes, else the grid tables of its lines and then its other lines
    as a paragraph (joined to the box before when it goes on with that box's sentence)."""
    t = state.member.get(id(box))
    if t is not None:
        if ("box", t) not in state.written:
            state.written.add(("box", t))
            state.out.append("\n".join(" | ".join(_box_text(b, " ") for b in row) for row in state.tables[t]) + "\n\n")
        state.prev = None
        return
    lines = [line for line in box if id(line) not in state.owner]
    _write_grids_of(state, box)
    if not lines:
        return
    text = _lines_text(lines, "\n") + "\n"
    if state.prev is not None and _continues(state.prev, box) and state.out and state.out[-1] == "\n":
        state.out[-1] = ""  # no blank line: the same paragraph goes on
    state.out.append(text)
    state.out.append("\n")
    state.prev = box if len(lines) == len(box._objs) else None


def _write_grids_of(state: _PageOut, box) -> None:
    """The grid tables that lines of ``box`` are in, each once; a paragraph after a table does
    not go on with the box before it."""
    for g in dict.fromkeys(state.owner[id(line)] for line in box if id(line) in state.owner):
        if ("grid", g) not in state.written:
            state.written.add(("grid", g))
            state.out.append("\n".join(" | ".join(row) for row in state.grids[g]) + "\n\n")
        state.prev = None


def line_text(line) -> str:
    """A text line with superscript digits (smaller than the line's text, after a character)
    written as ``(N)``."""
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar)]
    if len(chars) < 3:
        return line.get_text()
    size = statistics.median(c.size for c in chars)
    out: list[str] = []
    marker: list[str] = []
    for item in line:
        text = item.get_text()
        small = (isinstance(item, LTChar) and text.isascii() and text.isdigit() and item.size < _SUPERSCRIPT * size
                 and (marker or (out and out[-1].strip())))
        if small:
            marker.append(text)
            continue
        if marker:
            out.append(f"({''.join(marker)})")
            marker = []
        out.append(text)
    if marker:
        out.append(f"({''.join(marker)})")
    return "".join(out)


_MAX_CELL_LINES = 3     # a table cell box has at most this many lines
_SHORT_CELL = 25        # characters
_ROW_GAP = 40           # points between two runs of rows with the same columns: one table
_MAX_RECTS = 1500       # more rectangles than this on a page: a drawing, not a table grid
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', ")")


def _render(item) -> str:
    from pdfminer.layout import LTContainer, LTText, LTTextLine

    if isinstance(item, LTTextLine):
        return line_text(item)
    if isinstance(item, LTContainer):
        return "".join(_render(child) for child in item)
    return item.get_text() if isinstance(item, LTText) else ""


def _box_text(box, joiner: str) -> str:
    return _lines_text(list(box), joiner)


def _lines_text(objs: list, joiner: str) -> str:
    lines = [line_text(line).strip() for line in objs]
    lines = [ln for ln in lines if ln]
    if joiner == "\n":
        return "\n".join(lines)
    out = ""
    for ln in lines:  # a wrapped cell: one cell, hyphenation repaired
        if out.endswith("-") and ln[:1].isalpha():  # "inves-" "tigations"; "Anti-" "Human"
            out = out[:-1] + ln if ln[:1].islower() else out + ln
        else:
            out = out + " " + ln if out else ln
    return out


def _grid_tables(items: list, boxes: list) -> tuple[list[list[list[str]]], dict[int, int]]:
    """Tables drawn as cell rectangles: each text line goes to the smallest rectangle holding
    it; cells with the same top edge are a row; rows that touch are a table (two or more rows,
    one of them with two or more cells). Returns the tables (rows of cell texts) and, for each
    line placed in one, the table's index."""
    from pdfminer.layout import LTRect

    rects = [r for r in items if isinstance(r, LTRect) and r.width > 6 and r.height > 6]
    if len(rects) < 4 or len(rects) > _MAX_RECTS:
        return [], {}
    cells = _lines_by_cell(boxes, rects)
    groups = _row_groups(_cell_rows(cells, rects), rects)
    tables: list[list[list[str]]] = []
    owner: dict[int, int] = {}
    for group in groups:
        if len(group) < 2 or not any(len(row) >= 2 for row in group):
            continue
        index = len(tables)
        tables.append([[_lines_text(sorted(cells[c], key=lambda ln: -ln.y1), " ") for c in sorted(row, key=lambda c: rects[c].x0)]
                       for row in group])
        for row in group:
            for c in row:
                owner.update((id(line), index) for line in cells[c])
    return tables, owner


def _lines_by_cell(boxes: list, rects: list) -> dict[int, list]:
    """The text lines in each rectangle (by index), each line in the smallest rectangle that
    holds it: a drawn table's frame also holds every line of its cells."""
    cells: dict[int, list] = {}
    for box in boxes:
        for line in box:
            best = _smallest_rect_holding(line, rects)
            if best is not None:
                cells.setdefault(best, []).append(line)
    return cells


def _smallest_rect_holding(line, rects: list) -> int | None:
    """The index of the smallest rectangle holding ``line`` (its width, and its middle height,
    with a point or two of slack for strokes), None when none does."""
    cy = (line.y0 + line.y1) / 2
    best = None
    for k, r in enumerate(rects):
        if r.x0 - 2 <= line.x0 and line.x1 <= r.x1 + 2 and r.y0 - 1 <= cy <= r.y1 + 1 and (
                best is None or r.width * r.height < rects[best].width * rects[best].height):
            best = k
    return best


def _cell_rows(cells: dict[int, list], rects: list) -> list[list[int]]:
    """The cells holding text as rows, top to bottom: cells whose top edges are within two
    points are one row, in left-to-right order."""
    rows: list[list[int]] = []
    for k in sorted(cells, key=lambda k: (-rects[k].y1, rects[k].x0)):
        for row in rows:
            if abs(rects[row[0]].y1 - rects[k].y1) <= 2:
                row.append(k)
                break
        else:
            rows.append([k])
    return rows


def _row_groups(rows: list[list[int]], rects: list) -> list[list[list[int]]]:
    """Runs of rows that are one table: each row touches the row above it, or stands a short gap
    below it with the same column edges."""
    groups: list[list[list[int]]] = []
    for row in rows:
        if groups and _row_goes_on(groups[-1][-1], row, rects):
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def _row_goes_on(above: list[int], row: list[int], rects: list) -> bool:
    """Whether ``row`` continues the table whose last row is ``above``."""
    top = rects[row[0]].y1
    return any(abs(rects[c].y0 - top) <= 3 for c in above) or (
        min(rects[c].y0 for c in above) - top <= _ROW_GAP
        and _aligned(sorted(round(rects[c].x0) for c in row), sorted(round(rects[c].x0) for c in above)))


def _continues(prev, box) -> bool:
    last = prev.get_text().rstrip()
    height = max(1.0, prev.height / max(1, len(prev)))
    return (abs(prev.x0 - box.x0) < 3 and 0 <= prev.y0 - box.y1 < 1.5 * height
            and not last.endswith(_SENTENCE_END) and bool(box.get_text().strip()))


def _tables(boxes: list) -> list[list[list]]:
    """Rows of small boxes side by side; two or more rows in a vertical run with the same
    column edges make a table (rows top to bottom, cells left to right)."""
    small = [b for b in boxes if len(b) <= _MAX_CELL_LINES and b.get_text().strip()]
    rows: list[list] = []
    for b in sorted(small, key=lambda b: -b.y1):
        for row in rows:
            ref = row[0]
            overlap = min(ref.y1, b.y1) - max(ref.y0, b.y0)
            if overlap > 0.5 * min(ref.height, b.height) and all(b.x1 <= o.x0 or b.x0 >= o.x1 for o in row):
                row.append(b)
                break
        else:
            rows.append([b])
    rows = [sorted(r, key=lambda b: b.x0) for r in rows if len(r) >= 2]
    tables: list[list[list]] = []
    for row in sorted(rows, key=lambda r: -max(b.y1 for b in r)):
        edges = [round(b.x0) for b in row]
        if tables and _aligned(edges, [round(b.x0) for b in tables[-1][-1]]):
            tables[-1].append(row)
        else:
            tables.append([row])
    return [t for t in tables if len(t) >= 2 and _looks_tabular(t)]


def _looks_tabular(rows: list[list]) -> bool:
    """Most cells short, and nothing of a reference list (two columns of endnotes also stand
    side by side in aligned rows)."""
    cells = [b.get_text().strip() for row in rows for b in row]
    short = sum(len(c) <= _SHORT_CELL for c in cells)
    citing = any(looks_like_citation(c) for c in cells)
    return short >= 0.5 * len(cells) and not citing


def _aligned(a: list[int], b: list[int]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 4 for x, y in zip(a, b))
