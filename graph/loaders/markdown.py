"""Markdown reports: markup stripped, text kept; YAML front matter becomes metadata.

Parsing uses markdown-it-py (CommonMark, with GFM tables) so that links, emphasis, code
spans and tables come out as their text instead of being guessed at with regexes.
Paragraphs, headings and list items become paragraphs separated by a blank line; table
rows become ``cell | cell`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import InputError
from ..report import Report
from ._common import clean_value, decode_text, header_metadata, parse_date

__all__ = ["NAME", "EXTENSIONS", "sniff", "load", "parse_markdown", "strip_markdown"]

NAME = "markdown"
EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(rb"^#{1,6} \S", re.M)
_TAG = re.compile(r"<[^>]*>")
_BLOCK_ENDS = {"paragraph_close", "heading_close", "blockquote_close", "list_item_close", "table_close"}


def sniff(head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf")
    has_front_matter = head.startswith(b"---\n") and b"\n---" in head[4:]
    return has_front_matter or bool(_HEADING.search(head[:1024]))


def load(path: Path) -> Report:
    return parse_markdown(decode_text(path.read_bytes(), path), path=str(path))


def parse_markdown(source: str, *, path: str) -> Report:
    """A :class:`Report` from Markdown source (front matter first, if any)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = _split_front_matter(source, path)
    text = strip_markdown(body)
    if not text.strip():
        raise InputError("empty report (no text after removing Markdown markup)", path=path)
    header = header_metadata(text)
    return Report(
        path=path, text=text, format=NAME,
        title=clean_value(meta.get("title")) or _first_heading(body) or header.title,
        publisher=clean_value(_first(meta, "publisher", "source", "site", "site_name", "outlet"))
        or header.publisher,
        date=parse_date(_first(meta, "date", "published", "pubdate", "published_at")) or header.date,
        author=_author(meta) or header.author,
        url=clean_value(_first(meta, "url", "source_url", "link", "canonical_url", "canonical"))
        or header.url,
        country=clean_value(meta.get("country")),
    )


def strip_markdown(source: str) -> str:
    """The text of a Markdown document without its markup.

    >>> strip_markdown("# Raid\\n\\nPolice **raided** a [bar](http://x.example) in *Poipet*.")
    'Raid\\n\\nPolice raided a bar in Poipet.'
    """
    md = MarkdownIt("commonmark").enable("table")
    blocks: list[str] = []
    row: list[str] = []
    table_rows: list[str] = []
    current: list[str] = []
    for token in md.parse(source):
        if token.type == "inline":
            current.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            if html_text := " ".join(_TAG.sub(" ", token.content).split()):
                blocks.append(html_text)
        elif token.type in ("th_close", "td_close"):
            row.append(" ".join(current).strip())
            current = []
        elif token.type == "tr_close":
            table_rows.append(" | ".join(row))
            row = []
        elif token.type in _BLOCK_ENDS:
            if token.type == "table_close":
                blocks.append("\n".join(table_rows))
                table_rows = []
            elif joined := " ".join(current).strip():
                blocks.append(joined)
            current = []
    return "\n\n".join(b for b in blocks if b.strip())


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # alt text
    return "".join(parts)


def _split_front_matter(source: str, path: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(source.lstrip("\ufeff"))
    if not match:
        return {}, source
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise InputError(f"malformed YAML front matter{where}: {getattr(exc, 'problem', exc)}",
                         path=path) from exc
    if not isinstance(meta, dict):
        raise InputError("front matter is not a YAML mapping of key: value", path=path)
    return {str(k).lower(): v for k, v in meta.items()}, source.lstrip("\ufeff")[match.end():]


def _first(meta: dict[str, Any], *keys: str) -> Any:
    return next((meta[k] for k in keys if meta.get(k) not in (None, "")), None)


def _author(meta: dict[str, Any]) -> str | None:
    value = _first(meta, "author", "authors", "by")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return clean_value(value)


def _first_heading(body: str) -> str | None:
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", body, re.M)
    return strip_markdown(match.group(1)) or None if match else None
