"""From a report's raw text to clean sentences: the text is segmented into typed blocks
(:mod:`graph.document`); page headers and footers, reference lists, endnotes, tables of
contents, source credits, boilerplate lines and citation markers go; wrapped lines are joined;
the text is split into sentences, each knowing the kind of block it came from, none longer
than a few hundred characters (a longer run is cut at ``;`` or ``,``), so evidence stays a
sentence and never a whole entry.

The splitter is a few precompiled regular expressions, so that extraction stays faster than a
bare spaCy sentencizer pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import SKIP_KINDS, clean_text, line_kinds, split_lines
from .gazetteer import Gazetteer
from .lexicon import load_lexicon
from .literals import Prefiltered

__all__ = ["Sentence", "Document", "prepare", "strip_citations", "MAX_SENTENCE"]

_LABEL_WORDS = 6
MAX_SENTENCE = 400  # characters; a longer "sentence" (a Factbook entry, a table) is cut

_MOJIBAKE = str.maketrans({"\u00a0": " ", "\u00c2": "", "\u200b": "", "\ufeff": "", "\u2013": "-",
                          "\u2014": " - ", "\u2026": "...", "\u2018": "'", "\u2019": "'", "\u00ad": ""})
_HEADER = re.compile(r"^\s*(date|published|posted|source url|url)\s*:", re.I)
_CITATION = Prefiltered.compile(r"\s?\((?:\d{1,3}(?:\s?[-–]\s?\d{1,3})?)(?:,\s*\d{1,3}(?:\s?[-–]\s?\d{1,3})?)*\)")
_END_PUNCT = re.compile(r"[.!?:;\"”)]\s*$")
_BOUNDARY = re.compile(r"([.!?]|\.\.\.)([\"”')\]]*)\s+(?=[\"“'(\[]?[A-Z0-9])")
_DANGLING = re.compile(r"\b(?:and|of|for|the|on|in|to|against|&)$|\w['’]s$")  # "Women and Children's" | "Service Unit"
_LINK_START = re.compile(r"(?:Against|Of|And|&)\s")  # a wrapped title-case name's second line
_LEX = load_lexicon()
# a line that ends inside a head-first name ("… and Directorate of Norms" | "Supervision of Women …")
_OPEN_NAME = re.compile(rf"\b(?:{'|'.join(_LEX.org_heads_first)}) (?:of|for|on|to|against|Against|in)(?: the)?"
                        rf"(?: [A-Z][\w'-]*,?(?: (?:and|of|for|on|in|to|against|the|&))?){{1,8}}$")
_SEMI_BOUNDARY = re.compile(r"\s+\|\s+")
_YEAR_CELL = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
_ABBREV = frozenset("""mr mrs ms dr gen lt col maj capt sgt st no nos jan feb mar apr jun jul aug sep sept oct
nov dec co inc ltd corp dept gov govt sen rep vs etc e.g i.e u.s u.n u.k pol maj.gen brig fig art arts
sec approx est jr sr prof op ed vol pp""".split())


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    para: int
    kind: str = "paragraph"   # the kind of block it came from (graph.document.BLOCK_KINDS)

    @property
    def is_label(self) -> bool:
        """A heading, a caption, or a short cell or column header without a sentence end
        ("Unannounced Inspections Permitted"): it names a topic or a column, it claims nothing."""
        if self.kind in {"heading", "caption"}:
            return True
        words = self.text.split()
        return len(words) <= _LABEL_WORDS and not _END_PUNCT.search(self.text) and (
            self.kind == "table" or all(w[:1].isupper() or not w[:1].isalpha() for w in words))


@dataclass
class Document:
    sentences: list[Sentence]
    lines: list[str]          # cleaned raw lines of the body (for tables)
    dropped: list[str]        # boilerplate lines (for meta: publisher, author)
    title: str | None


def _clean_chars(raw: str) -> str:
    """``raw.translate(_MOJIBAKE)``, by ``str.replace`` of the characters present (much faster than
    ``translate`` with a dict on long texts)."""
    for ch, rep in _MOJIBAKE.items():
        c = chr(ch)
        if c in raw:
            raw = raw.replace(c, rep or "")
    return raw


def strip_citations(text: str) -> str:
    """Drop bracketed reference numbers like ``(20, 44, 70)`` that reports put after claims."""
    return _CITATION.sub("", text)


def prepare(raw: str, gaz: Gazetteer) -> Document:
    """The sentences extraction reads: those of body blocks only (see the module docstring)."""
    text = clean_text(_clean_chars(raw))
    split = split_lines(text)
    kinds = line_kinds(split)
    lines = [ln.text for ln in split]
    title = next((ln.strip() for ln in lines if ln.strip()), None)
    kept: list[str] = []
    dropped: list[str] = []
    # a PDF-to-text dump ends a wrapped line with a space and the last line of a cell without:
    # the one sign that tells "Eliminate the Worst ⏎ Forms of …" from two stacked cells
    wrapped = [ln.endswith((" ", "\t")) for ln in lines]
    for ln, kind in zip(lines, kinds):
        if kind in SKIP_KINDS:
            kept.append("")  # keeps paragraph breaks where a skipped line was
        elif _HEADER.match(ln) or gaz.is_boilerplate(ln):
            dropped.append(ln.strip())
            kept.append("")
        else:
            kept.append(ln.rstrip())
    sentences: list[Sentence] = []
    table_lines = _columns_of_tables(kept, kinds)
    for p_index, (para, first) in enumerate(_paragraphs(kept, wrapped)):
        kind = kinds[first] if kinds[first] != "blank" else "paragraph"
        for s in split_sentences(strip_citations(para)):
            for piece in _bounded(s):
                sentences.append(Sentence(len(sentences), piece, p_index, kind))
    return Document(sentences=sentences, lines=table_lines, dropped=dropped, title=title)


def _columns_of_tables(lines: list[str], kinds: list[str]) -> list[str]:
    """The lines with each table written as rows of ``cell | cell`` turned column by column
    (each column's header, then its cells, one per line), the layout the table readers of
    extraction take: a column headed by a year gives that year to its figures."""
    out: list[str] = []
    header: list[str] | None = None  # the last table's header row, when it names years
    i = 0
    while i < len(lines):
        if kinds[i] != "table" or " | " not in lines[i]:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and kinds[j] == "table" and " | " in lines[j]:
            j += 1
        rows = [[c.strip() for c in ln.split(" | ")] for ln in lines[i:j]]
        if any(_YEAR_CELL.match(c) for c in rows[0]):
            header = rows[0]
        elif header and len(rows[0]) == len(header):
            rows.insert(0, header)  # a table continued after a gap or a page keeps its columns
        width = max(len(r) for r in rows)
        for col in range(width):
            out.extend(r[col] for r in rows if col < len(r) and r[col])
            out.append("")
        out.extend([""] * max(0, (j - i) - (sum(1 for c in range(width) for r in rows if c < len(r) and r[c]) + width)))
        i = j
    return out


def _bounded(sentence: str, limit: int = MAX_SENTENCE) -> list[str]:
    """A sentence longer than ``limit`` cut at ``; `` (else ``, ``) into pieces under it."""
    if len(sentence) <= limit:
        return [sentence]
    for sep in ("; ", ", ", " "):
        parts = sentence.split(sep)
        if len(parts) < 2:
            continue
        out: list[str] = []
        buf = ""
        for part in parts:
            if buf and len(buf) + len(sep) + len(part) > limit:
                out.append(buf)
                buf = part
            else:
                buf = buf + sep + part if buf else part
        if buf:
            out.append(buf)
        if all(len(p) <= limit for p in out):
            return out
        return [q for p in out for q in _bounded(p, limit)] if sep != " " else [p[:limit] for p in out]
    return [sentence[i:i + limit] for i in range(0, len(sentence), limit)]


def _name_goes_on(line: str, nxt: str) -> bool:
    """Whether a line ending inside an organisation's name continues on the next line (a wrapped
    table cell), rather than a new cell opening with a verb ("Provides …") or a label ("Role:")."""
    first = nxt.split()[0]
    # a long line or one with a sentence in it is a description column interleaved with names
    cell = len(nxt) < 60 and ". " not in nxt
    return cell and bool(_OPEN_NAME.search(line)) and first.lower() not in _LEX.role_verbs and not first.endswith(":")


_NAME_LINE = re.compile(r"^(?:[A-Z][\w'’-]*|and|of|for|on|in|the|&)(?: (?:[A-Z][\w'’-]*|and|of|for|on|in|the|&))*$")


def _wrapped_name(line: str, nxt: str) -> bool:
    """A name's line wrapped inside a table cell ("Provincial and District Task" ⏎ "Forces for
    the …", "Indonesian Child Protection" ⏎ "Commission (KPAI)"): title-case words only, going on
    in title case; never a cell that opens with a role verb."""
    first = nxt.split()[0]
    return bool(_NAME_LINE.match(line)) and len(nxt) < 60 and ". " not in nxt and first[:1].isupper() \
        and first.lower() not in _LEX.role_verbs and not first.endswith(":") and len(line.split()) >= 2


def _paragraphs(lines: list[str], wrapped: list[bool] | None = None) -> list[tuple[str, int]]:
    """Join wrapped lines; a blank line, or a short line without end punctuation followed by a
    capitalised line (a heading or table cell), ends a paragraph. Each paragraph comes with the
    index of its first line. ``wrapped[i]`` says line i was marked as wrapped by its source; a
    name still open in the lines joined so far then goes on ("National Committee ⏎ to Eliminate
    the Worst ⏎ Forms of Child Labor")."""
    out: list[tuple[str, int]] = []
    buf = ""
    first = 0
    marks = bool(wrapped) and any(wrapped)

    def open_line(i: int) -> bool:  # where the source marks wrapped lines, an unmarked one ends its cell
        return not marks or wrapped[i]

    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            if buf:
                out.append((buf, first))
            buf = ""
            continue
        if buf:
            if buf.endswith("-") and s[:1].isalpha() and not buf.endswith(" -"):
                buf = buf + s
            else:
                buf = buf + " " + s
        else:
            buf = s
            first = i
        nxt = next((x.strip() for x in lines[i + 1:i + 2]), "")
        if not nxt:
            continue
        ends = bool(_END_PUNCT.search(s)) and not s.endswith(";")  # a list goes on after a semicolon
        if ends and (nxt[:1].isupper() or nxt[:1] in "\"“'"):
            out.append((buf, first))
            buf = ""
        elif not ends and len(s) < 50 and nxt[:1].isupper() and not s.endswith(("-", ",")) \
                and not _DANGLING.search(s) and not _LINK_START.match(nxt) \
                and not (open_line(i) and _name_goes_on(s, nxt)) \
                and not (wrapped and wrapped[i] and (_name_goes_on(buf[-160:], nxt) or _wrapped_name(s, nxt))):
            # "Ministry of Labour, Invalids and" | "National Commission" + "Against Child Labor" go on
            out.append((buf, first))
            buf = ""
    if buf:
        out.append((buf, first))
    return out


def split_sentences(para: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(para):
        end = m.end(2)
        prev = para[start:m.start() + 1].rsplit(None, 1)
        word = prev[-1].lower().rstrip(".").lstrip("(\"“'") if prev else ""
        if m.group(1) == "." and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
            continue
        piece = para[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = para[start:].strip()
    if tail:
        out.append(tail)
    return [p for part in out for p in (_SEMI_BOUNDARY.split(part) if "|" in part else (part,)) if p.strip()]
