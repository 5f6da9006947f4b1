"""Figures: numbers with what they count and the year they refer to. Years, ages, article
numbers, dates, percentages and citation markers are not figures."""

from __future__ import annotations

import re

from .lexicon import load_lexicon

__all__ = ["parse_number", "find_figures", "sentence_year", "states_year", "undated_finding", "table_figures",
           "sourced_table_figures"]

_MULT = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "half a": 0.5}
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<cur>\$|US\$|USD ?)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten)(?= (?:million|billion)))"
    r"(?:\s?(?P<mult>thousand|million|billion))?(?P<pct>\s?%|\s?percent|\s?per cent)?(?![\w,]*\d)(?!-year|-month|-day|-old)")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_LEX = load_lexicon()
_MONTHS = "|".join((*_LEX.months, *_LEX.month_abbreviations))   # schemas/lexicon.yaml
_NOT_FIGURE_BEFORE = re.compile(
    rf"(?:\b(?:[Aa]rticles?|[Aa]rt\.|[Nn]o\.|[Nn]umber|[Tt]ier|[Ss]treet|[Aa]ges?|aged|[Gg]rade|[Tt]able|[Ss]ection|[Cc]hapter|"
    rf"[Pp]age|[Ll]aw|C\.|under|[Rr]oute|[Hh]ighway|{_MONTHS}|[Pp]hase|[Pp]arts?|[Dd]ecree|[Oo]rder|[Ll]evel|[Vv]ol\.|"
    rf"[Hh]otlines?|[Hh]elplines?|[Cc]all)\s?$"
    rf"|\d\s?[-–]\s?$|[-–]$|\d:$|\d(?:\s?%| percent)? (?:and|to)\s$)")
# the end of a range of ages or values ("children ages 15 through 17", "between 20 and 40"), and a
# ratio's base ("1 inspector for every 15,000 workers"): no count of its own
_RANGE_END = re.compile(r"\b(?:[Bb]etween|[Ff]rom|[Aa]ges?|aged) \S+ (?:and|to|through)\s$|\b(?:for every|per)\s$")
# the last number of a list of provisions: "Articles 10, 12, 15-17, and 19 of the Law …"
_PROVISION_LIST = re.compile(r"\b(?:[Aa]rticles?|[Ss]ections?|[Cc]hapters?|[Pp]aragraphs?|[Pp]ages?|[Cc]lauses?)"
                             r" [\d,\s–-]*(?:and\s|or\s)?$")
# a measure that is the title of a law is a provision number, never a count ("346 of the Penal Code")
_LAW_MEASURE = re.compile(r"^(?:the )?(?:[A-Z][\w-]* )*(?:Law|Code|Act|Decree|Constitution|Convention|Protocol)\b")
_NOT_FIGURE_AFTER = re.compile(
    rf"^(?:\s?(?:{_MONTHS})\b|\s?(?:years? old|-year-old|years? of age|a\.m\.|p\.m\.|am\b|pm\b|hours|o'clock)"
    rf"|\s?[-–]\s?\d|\s?(?:and|to) \d+ years|\s?(?:st|nd|rd|th)\b|\)|,\s\d{{4}}|:\d"
    rf"|\s(?:GMT|UTC)\b|\s(?:[\w-]+ ){{0,2}}(?:[Hh]otline|[Hh]elpline|Actionline)\b"  # "the 1343 emergency hotline",
    rf"(?!\s(?:calls?|reports?|cases?|complaints?)\b))")                                # not "1,300 hotline calls"
_AGE_AFTER_NAME = re.compile(r"[A-Z][a-z]+,\s$")
_RELATIVE = re.compile(
    r"\b(?:(?P<past>last year|past year|previous year)|this year|yesterday|today|this (?:month|week)|last (?:week|month)"
    r"|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b", re.I)
_MEASURE_STOP = re.compile(r"\b(?:in|on|at|from|since|during|for|by|with|and|who|which|that|to|after|before|of the|under|per|"
                           r"were|was|are|is|have|had|has|this|last|compared|according)\b|[,.;:()\"“”]")


def parse_number(num: str, mult: str | None = None) -> float | int:
    if num in _WORDNUM:
        value: float = _WORDNUM[num]
    else:
        value = float(num.replace(",", ""))
    value *= _MULT.get(mult or "", 1)
    if "." in num and not mult:
        return value  # "12.0%" keeps the precision it was given with
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
    years = [y for y in years if not _IN_SPAN.search(sentence, max(0, y[0] - 6), y[0] + 10)]
    if years:
        if start is None:
            return years[0][1]
        return min(years, key=lambda y: abs(y[0] - start))[1]
    return report_year


# What a number measures when it is a distance, a weight, a span of time or a count of
# countries at a meeting: context, not a figure about trafficking or its response.
_NOT_A_TIP_MEASURE = re.compile(
    r"^(?:metres|meters|kilometres|kilometers|km|miles|feet|hectares|acres|kilograms|kg|tonnes|tons"
    r"|seconds|minutes|hours|days|weeks|months|years|decades|nations|countries|member states)\b", re.I)


def states_year(sentence: str) -> bool:
    """Whether the sentence names a year, explicitly or relatively ("last year"); the years of a
    span ("(2012–2018)", a project's life) date no figure."""
    return bool(_RELATIVE.search(sentence)) or any(not _IN_SPAN.search(sentence, max(0, m.start() - 6), m.end() + 6)
                                                   for m in _YEAR.finditer(sentence))


_IN_SPAN = re.compile(r"(?:19|20)\d\d\s?[-–]\s?(?:19|20)\d\d")
# a survey's or a study's finding with no year of its own is not the report year's figure
_UNDATED_FINDING = re.compile(r"\b(?:survey|census|study|data)\b[^.;]{0,80}?\b(?:showed|shows|found|identified|indicated"
                              r"|estimated|revealed)\b", re.I)


_LIST_NEXT = re.compile(r"^\s?(?:%|percent|per cent)?(?:,\s(?:and\s)?|\sand\s|\sor\s)$")
_CHANGE_BEFORE = re.compile(r"\b(?:the )?(?:number|total|amount|share|proportion|rate) of (?P<m>[\w ,-]{3,60}?)"
                            r"(?: \w+ly)? (?:decreased|increased|fell|rose|dropped|declined|grew|went up|went down)"
                            r"(?: by)?\s$")


def undated_finding(sentence: str) -> bool:
    """"Data from the most recent survey identified 26,000 children …": a finding with no year."""
    return bool(_UNDATED_FINDING.search(sentence)) and not states_year(sentence)


_KINDS = tuple((kind, re.compile("|".join(f"(?:{p})" for p in cues), re.I)) for kind, cues in _LEX.figure_kinds)
_CLAUSE_START = re.compile(r"[;:]\s|,\s(?:and|but|while|whereas|although)\s")


def figure_kind(sentence: str, pos: int) -> str | None:
    """"recommended" or "target" when the words before the figure at ``pos``, in its clause, say a
    standard recommends the number or a plan aims at it (schemas/lexicon.yaml ``figure_kinds``);
    None for a count of what happened."""
    before = sentence[max(0, pos - 120):pos]
    before = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0):]
    kind = next((kind for kind, rx in _KINDS if rx.search(before)), None)
    return None if kind == "actual" else kind


def find_figures(sentence: str) -> list[tuple[float | int, str | None, int]]:
    """(value, measure, position) for each figure in the sentence. In a list ("13 percent,
    11 percent and 7 percent of the population") each value takes the measure the list ends
    with."""
    out = _find_figures(sentence)
    pending = [f for f in out if f[1] is None]
    if not pending:
        return out
    done: list[tuple[float | int, str | None, int]] = []
    following: str | None = None
    for i in range(len(out) - 1, -1, -1):  # from the end: each item takes the measure after it
        value, measure, pos = out[i]
        if measure is None and i + 1 < len(out):
            between = re.sub(r"^[\d.,]+", "", sentence[pos:out[i + 1][2]])
            measure = following if _LIST_NEXT.match(between) else None
        following = measure
        if measure is not None:
            done.append((value, measure, pos))
    return done[::-1]


_MAY_HOLD_NUMBER = re.compile(r"\d|illion")   # what every _NUMBER match contains


def _find_figures(sentence: str) -> list[tuple[float | int, str | None, int]]:
    out: list[tuple[float | int, str | None, int]] = []
    for m in _NUMBER.finditer(sentence) if _MAY_HOLD_NUMBER.search(sentence) else ():
        num = m.group("num")
        if _YEAR.fullmatch(num) and not m.group("cur") and not m.group("mult"):
            continue
        before, after = sentence[max(0, m.start() - 120):m.start()], sentence[m.end():]
        if _NOT_FIGURE_BEFORE.search(before[-12:]) or _NOT_FIGURE_AFTER.match(after) \
                or _PROVISION_LIST.search(before[-80:]) or _RANGE_END.search(before[-30:]):
            continue
        if _AGE_AFTER_NAME.search(before[-30:]) and after.startswith(","):
            continue
        value = parse_number(num, m.group("mult"))
        if value < 2 and not m.group("mult") and not m.group("pct"):
            continue
        measure = _measure(after)
        if measure is not None and (_NOT_A_TIP_MEASURE.match(measure) or _LAW_MEASURE.match(measure)):
            continue
        if measure is None and out and re.match(r"\s(?:last|this) year|\sin (?:19|20)\d\d", after):
            measure = out[-1][1]  # "240 cases this year, compared with 180 last year"
        if measure is None and not m.group("cur") and not m.group("pct"):
            continue
        if m.group("cur"):
            measure = (measure + " (USD)") if measure else "amount (USD)"
        elif m.group("pct"):  # a share is a figure in its own unit (gold convention: "… (percent)")
            change = _CHANGE_BEFORE.search(before[-120:])
            if change:  # "the number of labor inspections decreased by 40 percent"
                measure = f"change in {change.group('m').strip()}"
            if measure is None:
                out.append((value, None, m.start()))  # may end a list whose last item names it
                continue
            measure += " (percent)"
        out.append((value, measure, m.start()))
    return out


def _measure(after: str) -> str | None:
    text = after.strip()
    text = re.sub(r"^(?:more|fewer|less|additional|other|of the|of)\s", "", text)
    text = re.sub(r"^[\d,.]+-\w+\s", "", text)  # "of the 17,000-strong commune population"
    stop = _MEASURE_STOP.search(text)
    phrase = text[:stop.start()] if stop else text
    words = phrase.split()[:6]
    if not words or not words[0][:1].isalpha():
        return None
    if stop and stop.group(0) == "and" and len(words) < 6:  # "40 police and immigration officers"
        words += _coordinated(text[stop.end():])
    paren = text.find("(")
    named = _NAMED_BY_ACRONYM.match(text, paren) if paren > 0 and text[:paren].split() == words \
        and words[0][:1].isupper() and any(word.lower() in _LEX.org_head_nouns for word in words) else None
    if named and not _PLACE_PREPOSITION.match(named.group("rest")):
        # "310 Bureau of Fisheries Control (BFC) field officers": the body's field officers
        rest = named.group("rest")
        head = _coordinated(rest[4:]) if rest.startswith("and ") else (_measure(rest) or "").split()
        if head:
            return " ".join([named.group("acronym"), *head])
    return " ".join(words)


# a body's name, its acronym in brackets, then what of it is counted: "(BFC) field officers"
_PLACE_PREPOSITION = re.compile(r"(?:across|throughout|nationwide|around|within|among|along|over|into|through|"
                                r"between|outside|inside|near|beyond)\b", re.I)
_NAMED_BY_ACRONYM = re.compile(r"\(\s*(?P<acronym>[A-Z][A-Za-z]*[A-Z])\s*\)\s+(?P<rest>[A-Za-z].*)")


# a word that opens a new phrase or clause after "and", not a second noun of the measure's
_NOT_COORDINATED = re.compile(r"(?i)^(?:an|the|this|these|those|its|their|them|they|it|he|she|his|her|we|our|"
                              r"also|then|other|others|more|many|most|few|some|all|each|both|not|no|several|"
                              r"dozens|hundreds|thousands|" + "|".join(w for w in _WORDNUM if " " not in w) + ")$")
_PARTICIPLE = re.compile(r"(?i)\w(?:ed|ing)$")
_CLAUSE_VERBS = frozenset(_LEX.role_verbs) | {form.lower() for form in _LEX.speech_forms}


def _coordinated(rest: str) -> list[str]:
    """The words a measure gains when it is a coordination of nouns: ["and", …] or [].

    "115 police and immigration officers" measures "police and immigration officers", and
    "60 parents and teachers interviewed" "parents and teachers": the words after "and",
    up to the measure's next stop or a participle, when there are at most four and none opens
    a new phrase or clause ("40 victims and referred them", "12 cases and the ministry",
    "20 shelters and provides meals", "30 raids and 4 arrests")."""
    following = _MEASURE_STOP.search(rest)
    tail = (rest[:following.start()] if following else rest).split()
    added: list[str] = []
    for word in tail[:5]:
        if added and _PARTICIPLE.search(word):
            return ["and", *added]  # a participle closes the noun phrase: "… investigators trained"
        if not word[:1].isalpha() or _NOT_COORDINATED.match(word) or _PARTICIPLE.search(word) \
                or word.lower() in _CLAUSE_VERBS:
            return []
        added.append(word)
    return ["and", *added] if added and len(tail) <= 4 else []


_VALUE_LINE = re.compile(r"^\s*(?:\$?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)|Unknown|Yes|No|N/A|None)\*?\s*(?:\(\d+(?:[-–,\s\d]*)\))?\s*$")
_YEAR_LINE = re.compile(r"^\s*(19[5-9]\d|20[0-4]\d)\s*$")


_CAPTION = re.compile(r"^\s*Table \d+\.")


def _row_labels(lines: list[str], year_at: int, rows: int) -> list[str] | None:
    """The row labels of a year column at ``year_at``: the label lines between the table's
    caption ("Table 6. …") and its first year column, when there are exactly as many as the
    column has cells (a column header such as "Overview of …" may stand first). Else None:
    a value is never tied to a row it may not belong to."""
    labels: list[str] = []
    for j in range(year_at - 1, max(-1, year_at - 200), -1):
        text = lines[j].strip()
        if _CAPTION.match(text):
            break
        if _YEAR_LINE.match(text) or _VALUE_LINE.match(text):
            labels = []  # a previous column: the labels stand before it
            continue
        if text:
            labels.append(text)
    else:
        return None
    labels.reverse()
    if len(labels) == rows + 1:
        labels = labels[1:]
    return labels if len(labels) == rows else None


_TABLE_CAPTION = re.compile(r"Table (\d+)\.\s*(.{3,120}?)\s*$", re.I)


def _caption_of(lines: list[str], year_at: int) -> str | None:
    """"value in: labor law enforcement efforts related to child labor (table 6)" for a column
    under the caption "Table 6. Labor Law Enforcement Efforts Related to Child Labor"."""
    for j in range(year_at - 1, max(-1, year_at - 200), -1):
        m = _TABLE_CAPTION.search(lines[j])  # a page header may run into the caption ("…LABORTable 6.")
        if m:
            return f"value in: {m.group(2).lower()} (table {m.group(1)})"
    return None


def _label_measure(label: str, cell: str) -> str:
    """"Number of Labor Inspectors" → "labor inspectors"; a money cell's measure says USD."""
    measure = re.sub(r"^(?:Number|Total|Amount) of ", "", label.strip()).lower()
    return measure + " (USD)" if cell.lstrip().startswith("$") else measure


def table_figures(lines: list[str]) -> list[tuple[float | int, int, str | None, str]]:
    """Figures from year columns of tables laid out one cell per line: a line holding only a
    year, then a run of value cells ("408 (47)", "Unknown (47)", "Yes"). Each is (value, year,
    measure, evidence): the measure and the evidence ("row label: cell") come from the row label
    where the labels can be aligned with the cells, else the measure is None."""
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
            labels = _row_labels(lines, i, len(cells))
            caption = None if labels else _caption_of(lines, i)
            for row, c in enumerate(cells):
                m = _VALUE_LINE.match(c)
                if m and m.group("num"):
                    value = parse_number(m.group("num"))
                    if value >= 2 or labels:
                        # a cell whose row cannot be told still says which table it stands in
                        measure = _label_measure(labels[row], c) if labels else caption
                        out.append((value, year, measure, f"{labels[row]}: {c.strip()}" if labels else c.strip()))
        i = j if j > i + 1 and len(cells) >= 3 else i + 1
    return out


# --- a statistics table whose years come from its source lines ("Table 1. Statistics on …" with
# rows "Working (% and population)", values "9.4 (276,583)", and "Source for …: Data from 2015")
_STATS_CAPTION = re.compile(r"^\s*Table \d+\.\s+Statistics on\b", re.I)
_RATE_LABEL = re.compile(r"^\s*(?P<label>[A-Z][^()]{2,60}?)\s*\((?P<kind>%(?: and population)?)\)\s*$")
_RATE_VALUE = re.compile(r"^\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s*(?:\((?P<pop>\d{1,3}(?:,\d{3})+|\d+)\))?\s*$")
_SOURCE_LINE = re.compile(r"^\s*Source for (?P<what>[^:]{3,60}):(?P<rest>.*)$", re.I)
_SECTOR_SHARE = re.compile(r"^\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s?%\s*$")
_SECTOR_NAME = re.compile(r"^\s*(?P<name>[A-Z][a-z]+(?: [a-z]+)?)\s*$")


_BEFORE_CAPTION = 60   # lines: a PDF's reading order may put a drawn table's rows above its caption


def _cells_around(lines: list[str], start: int):
    """(line index, text) of the table's cells: rows just above the caption that are drawn table
    rows ("label | age | value"), then the lines below it; a row's cells come one by one (index
    -1: a cell is never a source line)."""
    rows = next((j for j in range(start - 1, max(-1, start - _BEFORE_CAPTION), -1)
                 if " | " in lines[j] and _RATE_LABEL.match(lines[j].split(" | ")[0])), None)
    if rows is not None:
        top = rows
        while top > 0 and " | " in lines[top - 1]:
            top -= 1
        for j in range(top, rows + 1):
            for cell in lines[j].split(" | "):
                yield -1, cell.strip()
    for j in range(start + 1, min(len(lines), start + 80)):
        if " | " in lines[j]:
            for cell in lines[j].split(" | "):
                yield -1, cell.strip()
        else:
            yield j, lines[j].strip()


def sourced_table_figures(lines: list[str]) -> list[tuple[float | int, int | None, str, str]]:
    """(value, year, measure, evidence) from statistics tables whose values stand in the order
    of their rate rows and whose years are given by "Source for …" lines beneath: a rate (percent)
    and, where given in brackets, its population; and the shares of a "by Sector" figure next to
    it, which take the year of "all other data". Nothing when values and rows do not align."""
    out = []
    for i, line in enumerate(lines):
        if _STATS_CAPTION.match(line):
            out += _one_sourced_table(lines, i)
    return out


_Label = tuple[str, str]                 # (row label, "%" or "% and population")
_Value = tuple[str, str | None, str]     # (percent, population, cell)
_Share = tuple[str, str, str]            # (sector, percent, evidence)


def _one_sourced_table(lines: list[str], start: int):
    labels, values, sources, sectors = _read_sourced_table(lines, start)
    if not labels or len(values) < len(labels) or not sources:
        return []
    return _sourced_figures(labels, values, sources, sectors)


def _read_sourced_table(lines: list[str], start: int
                        ) -> tuple[list[_Label], list[_Value], dict[str, int], list[_Share]]:
    """The rate rows, values, source years (by what they are the source for) and sector shares
    of the statistics table captioned at ``start``, up to the next table's caption. The cells come
    in reading order, not row by row, so each is told apart by its shape."""
    labels, values, sources, sectors = [], [], {}, []
    last_sector = None
    for j, text in _cells_around(lines, start):
        if _CAPTION.match(text) and "Statistics" not in text:
            break
        if j >= 0 and (m := _SOURCE_LINE.match(text)):
            if (year := _source_year(lines, j, m.group("rest"))) is not None:
                sources[m.group("what").strip().lower()] = year
        elif m := _RATE_LABEL.match(text):
            labels.append((m.group("label").strip(), m.group("kind")))
        elif m := _RATE_VALUE.match(text):
            if len(values) < 8:
                values.append((m.group("pct"), m.group("pop"), text))
        elif m := _SECTOR_SHARE.match(text):
            if last_sector:  # a share counts only right after its sector's name
                sectors.append((last_sector, m.group("pct"), f"{last_sector}: {text}"))
                last_sector = None
        elif m := _SECTOR_NAME.match(text):
            last_sector = m.group("name")
    return labels, values, sources, sectors


def _source_year(lines: list[str], j: int, rest: str) -> int | None:
    """The year of the data a "Source for …:" line at ``j`` cites (``rest`` is its text after the
    colon), None when it gives no year. Bracketed citation numbers are not years."""
    for nxt in lines[j + 1:j + 4]:  # a source line wraps over up to three lines
        if not nxt.strip() or _SOURCE_LINE.match(nxt):
            break
        rest += " " + nxt.strip()
    years = [int(y) for y in _YEAR.findall(re.sub(r"\(\d[\d,;\s-]*\)", "", rest))]
    if not years:
        return None
    # "Data from 2015, published … 2016": the year of the data comes first
    return years[0] if "data from" in rest.lower() else years[-1]


def _sourced_figures(labels: list[_Label], values: list[_Value], sources: dict[str, int],
                     sectors: list[_Share]) -> list[tuple[float | int, int | None, str, str]]:
    """The figures of a table whose values align with its rate rows: each row takes the year of
    the source named like it, else that of "all other data", as do the sector shares."""
    other = next((y for what, y in sources.items() if "other" in what), None)
    out = []
    for (label, kind), (pct, pop, evidence) in zip(labels, values[:len(labels)]):
        year = next((y for what, y in sources.items() if what in label.lower() or label.lower() in what), other)
        measure = label.lower() if "rate" in label.lower() else f"children {label.lower()}"
        out.append((parse_number(pct), year, f"{measure} (percent)", f"{label}: {evidence}"))
        if pop and kind.endswith("population"):
            out.append((parse_number(pop), year, measure, f"{label}: {evidence}"))
    for name, pct, evidence in sectors:
        out.append((parse_number(pct), other, f"working children in {name.lower()} (percent)", evidence))
    return out
