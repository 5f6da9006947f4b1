"""Figures: numbers with what they count and the year they refer to. Years, ages, article
numbers, dates, percentages and citation markers are not figures."""

from __future__ import annotations

import re

__all__ = ["parse_number", "find_figures", "sentence_year", "states_year", "table_figures"]

_MULT = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "half a": 0.5}
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<cur>\$|US\$|USD ?)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten)(?= (?:million|billion)))"
    r"(?:\s?(?P<mult>thousand|million|billion))?(?P<pct>\s?%|\s?percent|\s?per cent)?(?![\w,]*\d)(?!-year|-month|-day|-old)")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_NOT_FIGURE_BEFORE = re.compile(
    rf"(?:\b(?:[Aa]rticles?|[Aa]rt\.|[Nn]o\.|[Nn]umber|[Tt]ier|[Ss]treet|[Aa]ges?|aged|[Gg]rade|[Tt]able|[Ss]ection|[Cc]hapter|"
    rf"[Pp]age|[Ll]aw|C\.|under|[Rr]oute|[Hh]ighway|{_MONTHS}|[Pp]hase|[Pp]arts?|[Dd]ecree|[Oo]rder|[Ll]evel|and|to|[Vv]ol\.)\s?$"
    rf"|\d\s?[-–]\s?$|[-–]$)")
_NOT_FIGURE_AFTER = re.compile(
    rf"^(?:\s?(?:{_MONTHS})\b|\s?(?:years? old|-year-old|years? of age|a\.m\.|p\.m\.|am\b|pm\b|hours|o'clock)"
    rf"|\s?[-–]\s?\d|\s?(?:and|to) \d+ years|\s?(?:st|nd|rd|th)\b|\)|,\s\d{{4}}|:\d)")
_AGE_AFTER_NAME = re.compile(r"[A-Z][a-z]+,\s$")
_RELATIVE = re.compile(
    r"\b(?:(?P<past>last year|past year|previous year)|this year|yesterday|today|this (?:month|week)|last (?:week|month)"
    r"|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b", re.I)
_MEASURE_STOP = re.compile(r"\b(?:in|on|at|from|since|during|for|by|with|and|who|which|that|to|after|before|of the|"
                           r"were|was|are|is|have|had|has|this|last|compared|according)\b|[,.;:()\"“”]")


def parse_number(num: str, mult: str | None = None) -> float | int:
    if num in _WORDNUM:
        value: float = _WORDNUM[num]
    else:
        value = float(num.replace(",", ""))
    value *= _MULT.get(mult or "", 1)
    return int(value) if float(value).is_integer() else value


def sentence_year(sentence: str, report_year: int | None, start: int | None = None) -> int | None:
    """The year a figure at ``start`` refers to: a relative expression near it, else the
    closest explicit year in the sentence, else the report's year."""
    window = sentence if start is None else sentence[start:start + 60]
    if report_year:
        rel = _RELATIVE.search(window)
        if rel:
            return report_year - 1 if rel.group("past") else report_year
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(sentence)]
    years = [y for y in years if not re.match(r"\s?[-–]\s?\d", sentence[y[0] + 4:y[0] + 7])]
    if years:
        if start is None:
            return years[0][1]
        return min(years, key=lambda y: abs(y[0] - start))[1]
    return report_year


# What a number measures when it is a distance, a weight, a span of time or a count of
# countries at a meeting: context, not a figure about trafficking or its response.
_NOT_A_TIP_MEASURE = re.compile(
    r"^(?:metres|meters|kilometres|kilometers|km|miles|feet|hectares|acres|kilograms|kg|tonnes|tons"
    r"|seconds|minutes|hours|days|weeks|months|decades|nations|countries|member states)\b", re.I)


def states_year(sentence: str) -> bool:
    """Whether the sentence names a year, explicitly or relatively ("last year")."""
    return bool(_YEAR.search(sentence) or _RELATIVE.search(sentence))


def find_figures(sentence: str) -> list[tuple[float | int, str | None, int]]:
    """(value, measure, position) for each figure in the sentence."""
    out = []
    for m in _NUMBER.finditer(sentence):
        num = m.group("num")
        if m.group("pct"):
            continue
        if _YEAR.fullmatch(num) and not m.group("cur") and not m.group("mult"):
            continue
        before, after = sentence[:m.start()], sentence[m.end():]
        if _NOT_FIGURE_BEFORE.search(before[-12:]) or _NOT_FIGURE_AFTER.match(after):
            continue
        if _AGE_AFTER_NAME.search(before[-30:]) and after.startswith(","):
            continue
        value = parse_number(num, m.group("mult"))
        if value < 2 and not m.group("mult"):
            continue
        measure = _measure(after)
        if measure is not None and _NOT_A_TIP_MEASURE.match(measure):
            continue
        if measure is None and out and re.match(r"\s(?:last|this) year|\sin (?:19|20)\d\d", after):
            measure = out[-1][1]  # "240 cases this year, compared with 180 last year"
        if measure is None and not m.group("cur"):
            continue
        if m.group("cur"):
            measure = (measure + " (USD)") if measure else "amount (USD)"
        out.append((value, measure, m.start()))
    return out


def _measure(after: str) -> str | None:
    text = after.strip()
    text = re.sub(r"^(?:more|fewer|less|additional|other|of the|of)\s", "", text)
    stop = _MEASURE_STOP.search(text)
    phrase = text[:stop.start()] if stop else text
    words = phrase.split()[:6]
    if not words or not words[0][:1].isalpha():
        return None
    return " ".join(words)


_VALUE_LINE = re.compile(r"^\s*(?:\$?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)|Unknown|Yes|No|N/A|None)\*?\s*(?:\(\d+(?:[-–,\s\d]*)\))?\s*$")
_YEAR_LINE = re.compile(r"^\s*(19[5-9]\d|20[0-4]\d)\s*$")


def table_figures(lines: list[str]) -> list[tuple[float | int, int, str]]:
    """Figures from year columns of tables laid out one cell per line: a line holding only a
    year, then a run of value cells ("408 (47)", "Unknown (47)", "Yes")."""
    out = []
    i = 0
    while i < len(lines):
        ym = _YEAR_LINE.match(lines[i])
        if not ym:
            i += 1
            continue
        year = int(ym.group(1))
        cells = []
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or _VALUE_LINE.match(lines[j])) \
                and not _YEAR_LINE.match(lines[j]):  # the next column's header ends this one
            if lines[j].strip():
                cells.append(lines[j])
            j += 1
        if len(cells) >= 3:
            for c in cells:
                m = _VALUE_LINE.match(c)
                if m and m.group("num"):
                    value = parse_number(m.group("num"))
                    if value >= 2:
                        out.append((value, year, c.strip()))
        i = j if j > i + 1 and len(cells) >= 3 else i + 1
    return out
