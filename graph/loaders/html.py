"""HTML pages: the main text only (no navigation, adverts, footers, scripts), with
title / author / date / publisher / URL from the page's meta tags.

Main-text extraction is trafilatura's (offline, no network). When it finds nothing — tiny
pages, pages whose tree is too deep for lxml (thousands of nested ``div``), badly broken
markup — a streaming fallback built on the standard library's ``html.parser`` takes the text
outside boilerplate elements. It keeps no tree, so nesting depth costs nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from ..report import Report
from ._common import clean_value, decode_text, parse_date
from .metadata import choose_title

__all__ = ["NAME", "EXTENSIONS", "sniff", "load", "parse_html", "fallback_text", "page_metadata"]

log = logging.getLogger(__name__)

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype html|html|head|body)\b", re.I | re.S)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)


def sniff(head: bytes) -> bool:
    return bool(_SNIFF.match(head.lstrip(b"\xef\xbb\xbf")))


def load(path: Path) -> Report:
    return parse_html(_decode(path.read_bytes(), path), path=str(path))


def parse_html(source: str, *, path: str) -> Report:
    """A :class:`Report` from an HTML page: main text and meta-tag metadata."""
    if not source.strip():
        raise InputError("empty report (no HTML)", path=path)
    meta = page_metadata(source)
    text, found = _main_text(source, path)
    if not text.strip():
        raise InputError("no readable text in the HTML page (only markup, scripts or navigation)",
                         path=path)
    publisher = clean_value(found.get("sitename")) or meta.get("publisher")
    title = clean_value(found.get("title")) or meta.get("title")
    if not title or (publisher and title.strip().lower() == publisher.strip().lower()):
        title = choose_title(None, text, site_name=publisher)  # a site name is no title
    return Report(
        path=path, text=text, format=NAME,
        title=title,
        publisher=publisher,
        date=parse_date(found.get("date")) or parse_date(meta.get("date")),
        author=clean_value(found.get("author")) or meta.get("author"),
        url=clean_value(found.get("url")) or meta.get("url"),
    )


def fallback_text(source: str) -> str:
    """Text outside scripts, styles, navigation, headers, footers and ad/menu blocks,
    one paragraph per line."""
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    return parser.text()


def page_metadata(source: str) -> dict[str, str]:
    """title / author / date / publisher / url from ``<title>``, ``<meta>`` and
    ``<link rel=canonical>``, first value wins."""
    parser = _MetaParser()
    parser.feed(source[: 200_000])  # metadata lives in <head>; don't walk a huge body twice
    parser.close()
    return parser.meta


# --- helpers ---------------------------------------------------------------------------

def _decode(raw: bytes, path: Path) -> str:
    if (m := _CHARSET.search(raw[:4096])) and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong charset declaration is common; detect it ourselves
    return decode_text(raw, path)


def _main_text(source: str, path: str) -> tuple[str, dict]:
    """(text, trafilatura metadata); trafilatura first, the streaming fallback if it finds nothing."""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(source, with_metadata=True, include_comments=False,
                                          include_tables=True, deduplicate=False)
    except Exception as exc:  # trafilatura raises assorted lxml/parsing errors on broken pages
        log.warning("%s: trafilatura failed (%s); using the fallback HTML reader", path, exc)
        doc = None
    found = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = found.get("text") or ""
    if len(text.strip()) < 40:  # nothing, or only a title: trafilatura gave up on the body
        log.info("%s: trafilatura found no main text; using the fallback HTML reader", path)
        text = fallback_text(source)
    return text, found


_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer",
              "aside", "form", "iframe", "button", "select", "head"}
_BOILERPLATE = re.compile(r"(?:^|[\s_-])(?:ad|ads|advert\w*|banner|breadcrumbs?|cookie\w*|footer|"
                          r"masthead|menu|nav\w*|newsletter|promo\w*|related|share|sharing|"
                          r"sidebar|social|sponsor\w*|subscribe)(?:$|[\s_-])", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "table", "article", "section", "main", "blockquote", "pre", "dd", "dt", "hr",
               "figcaption", "address"}
_CELL_TAGS = {"td", "th"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
              "source", "track", "wbr", "param"}


class _TextParser(HTMLParser):
    """Collects visible text; skips one boilerplate region at a time by counting its tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._lines: list[str] = []
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag in _SKIP_TAGS or (tag not in _VOID_TAGS and _is_boilerplate(attrs)):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag in _BLOCK_TAGS:
            self._break()
        elif tag in _CELL_TAGS and self._current:
            self._current.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip_tag is None:
            self._current.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self._lines)

    def _break(self) -> None:
        if self._current:
            line = " ".join("".join(self._current).split()).strip(" |")
            if line:
                self._lines.append(line)
            self._current = []


def _is_boilerplate(attrs: Iterable[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name in ("class", "id", "role") and value and _BOILERPLATE.search(value):
            return True
    return False


_META_KEYS = {
    "author": "author", "article:author": "author", "dc.creator": "author", "byl": "author",
    "og:site_name": "publisher", "publisher": "publisher", "dc.publisher": "publisher",
    "application-name": "publisher",
    "article:published_time": "date", "date": "date", "pubdate": "date", "publish-date": "date",
    "dc.date": "date", "dc.date.issued": "date", "og:published_time": "date",
    "og:title": "title", "dc.title": "title",
    "og:url": "url",
}


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v for k, v in attrs if v is not None}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _META_KEYS and (value := clean_value(a.get("content"))):
                self.meta.setdefault(_META_KEYS[key], value)
        elif tag == "link" and "canonical" in (a.get("rel") or "").lower() and a.get("href"):
            self.meta.setdefault("url", a["href"].strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            if title := clean_value("".join(self._title)):
                self.meta.setdefault("title", title)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
