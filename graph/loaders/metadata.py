"""Title and publication date by rules that hold on real files, shared by the loaders.

Why rules and not "the first line" or "the file's date": the first line of a page or dump is
often a site name, a running header, "CHAPTER 2" or a whole first paragraph; a PDF's
``/CreationDate`` is when the file was made (a 2021 report printed in 2022), and a copyright
line ("© 2019 …") dates the publisher's notice, not the report. Every fact whose year comes
from the report would inherit those mistakes.

- **Title**: a document title from the file's metadata unless it is a file name or a word
  processor's placeholder; else the first heading-like block of the first page: not a page
  header or footer, not a site name, not a chapter or part label, not a sentence (a paragraph
  ends in a full stop and runs long), not a date or a byline.
- **Date**: an explicit "Date:/Published:/Posted:" line, a dated byline, or a date standing
  alone in the first lines; never on a copyright line, never the PDF creation date.
- **Year**: when no date is found, a year the title states ("2020 Findings on …").
"""

from __future__ import annotations

import re
from datetime import date

from ..document import line_kinds, split_lines
from ._common import parse_date

__all__ = ["choose_title", "text_date", "title_year", "is_placeholder_title"]

_CHAPTER = re.compile(r"^\s*(?:chapter|part|section|annex|appendix)\s+(?:[0-9]+|[ivxlc]+|[a-z])\b[.:]?\s*$", re.I)
_SECTION = re.compile(r"^\s*(?:[IVXLC]{1,5}|\d{1,2}(?:\.\d{1,2})*|[A-H])[.)]\s+\S")  # "II. Legal framework"
_SITE = re.compile(r"^\s*(?:www\.|https?://)|\.(?:com|org|net|gov|int)(?:\.[a-z]{2})?\s*$|"
                   r"^\s*(?:home|menu|skip to (?:main )?content|search|navigation)\b", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.I)
_BYLINE = re.compile(r"^\s*(?:by|posted by|written by)\s", re.I)
_DATE_LINE = re.compile(r"^\s*(?:date|published|posted|updated|released)\s*(?:on)?\s*:?\s*(\S.{4,40})$", re.I)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_LONE_DATE = re.compile(rf"^\s*(?:\w+day,?\s+)?((?:\d{{1,2}}\s+(?:{_MONTHS})\.?|(?:{_MONTHS})\.?\s+\d{{1,2}},?)\s+\d{{4}}"
                        rf"|\d{{4}}-\d{{2}}-\d{{2}})\s*$", re.I)
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
_TITLE_KINDS = frozenset({"heading", "paragraph"})
_TITLE_CHARS = 6000  # the title is among the first lines
_BODY_LINES = 6      # lines of body text after which no title comes any more
_DANGLING = re.compile(r"\b(?:and|of|for|the|on|in|to|against|a|an|with|by)$", re.I)
_MAX_TITLE = 200
_HEAD_LINES = 15


def is_placeholder_title(title: str | None) -> bool:
    """A metadata title that is no title: a file name, "Microsoft Word - …", "Untitled".

    >>> is_placeholder_title("Microsoft Word - draft3.docx"), is_placeholder_title("2020 Findings: Laos")
    (True, False)
    """
    if not title or not title.strip():
        return True
    t = title.strip()
    return bool(re.search(r"\.(?:docx?|pdf|indd|rtf|odt|txt)$", t, re.I)) or t.lower().startswith(
        ("microsoft word -", "untitled", "document", "slide ")) or len(t) < 3


def choose_title(meta_title: str | None, text: str, *, site_name: str | None = None,
                 allow_running: bool = False) -> str | None:
    """The title (see the module docstring): the metadata title, else the first line of the
    first page that reads as a title and comes before the body's first sentences.
    ``allow_running``: a running header on the first page may be the title (a country name on
    top of every page of a country chapter).

    >>> choose_title(None, "CHAPTER 2\\n\\nForced Labour in Fishing Fleets\\nBy Dara\\n\\nIn 2019 the police ...")
    'Forced Labour in Fishing Fleets'
    >>> choose_title(None, "In 2019 the police of the northern provinces opened\\ninvestigations into 12 boats.") is None
    True
    """
    if not is_placeholder_title(meta_title):
        return " ".join(meta_title.split())[:_MAX_TITLE]
    site = (site_name or "").strip().lower()
    lines = split_lines(text[:_TITLE_CHARS])
    kinds = line_kinds(lines)
    allowed = _TITLE_KINDS | ({"page_header"} if allow_running else set())
    body = 0
    for i, (ln, kind) in enumerate(zip(lines, kinds)):
        if ln.page > 1 or body >= _BODY_LINES:
            break
        line = " ".join(ln.text.split())
        if not line or kind not in allowed:
            continue
        nxt = next((" ".join(x.text.split()) for x in lines[i + 1:] if x.text.strip()), "")
        stands_alone = not nxt or not nxt[:1].islower() and not line.endswith((",", "-")) \
            and not _DANGLING.search(line)
        if stands_alone and _is_title(line) and line.lower() != site:
            return line
        if kind == "paragraph":
            if _is_sentence(line):
                return None  # the body has begun: titles come before it
            body += 1
    return None


def text_date(text: str) -> date | None:
    """The publication date stated near the top of a text (see the module docstring).

    >>> text_date("Rescue at sea\\n© 2019 Harbour Press\\nPublished: 14 March 2021\\n...")
    datetime.date(2021, 3, 14)
    >>> text_date("Rescue at sea\\nCopyright March 3, 2019\\n") is None
    True
    """
    lines = [ln for ln in text[:4000].split("\n") if ln.strip()][:_HEAD_LINES]
    for ln in lines:
        if _COPYRIGHT.search(ln):
            continue
        m = _DATE_LINE.match(ln)
        if m and (d := parse_date(m.group(1).strip())):
            return d
        m = _LONE_DATE.match(ln)
        if m and (d := parse_date(" ".join(m.group(1).replace(".", " ").replace(",", ", ").split()).replace(" ,", ","))):
            return d
    return None


def title_year(title: str | None) -> int | None:
    """The one year a title states ("2020 Findings on …"), else None."""
    years = set(_YEAR.findall(title or ""))
    return int(years.pop()) if len(years) == 1 else None


def _is_title(text: str) -> bool:
    if not text or len(text) > _MAX_TITLE or _CHAPTER.match(text) or _SITE.search(text) or _SECTION.match(text):
        return False
    if _COPYRIGHT.search(text) or _BYLINE.match(text) or _LONE_DATE.match(text) or _DATE_LINE.match(text):
        return False
    if re.match(r"^[\d\W]+$", text) or len(re.findall(r"\d+|%", text)) > 3:  # numbers: a table row
        return False
    if not (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'"):
        return False
    return not _is_sentence(text)


def _is_sentence(text: str) -> bool:
    """A line of body text: it ends a sentence after a few words, or runs long."""
    return (text.endswith((".", "!", "?")) and len(text.split()) >= 6) or len(text) > 120
