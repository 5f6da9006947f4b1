"""The extraction pass over one report (see the package docstring)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..errors import ExtractionError
from ..record import Criticism, ExtractionRecord, Gap, PartOf, Position, ReportMeta, Statement, Statistic
from ..report import Report
from .actors import ActorTable, Mention
from .figures import find_figures, sentence_year, states_year, table_figures
from .gaps import find_gaps
from .gazetteer import Gazetteer, load_gazetteer, norm
from .orgs import OrgContext, find_orgs, government_key, subject_country_regex
from .people import PersonHit, find_people, register_short_names
from .relations import find_cases, find_criticisms, find_part_of
from .speech import find_quotes, org_speaking, person_speaking, pronoun_speaker, reported_claims, speaks_next
from .text import prepare

__all__ = ["extract"]

STATE_TYPES = frozenset({"Ministry", "Committee", "LawEnforcement", "Court", "GovernmentBody"})
CIVIL_TYPES = frozenset({"NGO", "InternationalOrganization", "Company"})
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")


@lru_cache(maxsize=1)
def _subject_re(gaz_id: int) -> re.Pattern:
    return subject_country_regex(load_gazetteer())


REPORTED_SPEECH = ("organisations", "all", "none")


def extract(report: Report, *, reported_speech: str = "organisations") -> ExtractionRecord:
    """The extraction record of one report. ``reported_speech`` says whose claims in reported
    speech ("X said that …") become statements besides direct quotes: ``"organisations"`` (the
    default, as analysts annotate: "Unicef warned that …"; a person's paraphrased words are
    left to their quotes), ``"all"`` (people too) or ``"none"``."""
    if reported_speech not in REPORTED_SPEECH:
        raise ExtractionError(f"reported_speech must be one of {REPORTED_SPEECH}, not {reported_speech!r}",
                              path=report.path)
    try:
        record = _extract(report, reported_speech)
    except (ValueError, KeyError, IndexError, re.error) as exc:
        raise ExtractionError(f"extraction failed: {exc}", path=report.path) from exc
    if report.case_rows:
        from ..case_records import extract_case_rows  # lazy: only structured case data needs it
        merge(record, extract_case_rows(report))
    return record


def merge(into: ExtractionRecord, other: ExtractionRecord) -> None:
    names = {a.name for a in into.actors}
    into.actors.extend(a for a in other.actors if a.name not in names)
    for section in ("positions", "part_of", "gaps", "statistics", "statements", "criticisms", "cases"):
        getattr(into, section).extend(getattr(other, section))


def _extract(report: Report, reported_speech: str) -> ExtractionRecord:
    gaz = load_gazetteer()
    doc = prepare(report.text, gaz)
    year = report.year or _year_from_name(report.path)
    country = report.country or main_country(report.text, doc.title, gaz)
    ctx = OrgContext(gaz, ActorTable(), country, subject_country_re=_subject_re(id(gaz)))
    body = " ".join(s.text for s in doc.sentences)
    known: dict[str, str] = {}
    rec = ExtractionRecord(report=_meta(report, doc.dropped, gaz, country, year))

    mentioned: set[str] = set()
    persons: set[str] = set()
    posts: dict[tuple[str, str], Position] = {}
    person_orgs: dict[str, list[str]] = {}
    last_person: str | None = None
    last_source_org: str | None = None
    last_speaker: str | None = None
    gap_keys: set[tuple[str, str]] = set()
    crit_keys: set[tuple[str, str]] = set()
    stat_keys: set[tuple] = set()
    analysed = []

    for sent in doc.sentences:
        s = sent.text
        orgs = find_orgs(s, ctx)
        people = find_people(s, orgs, ctx, known)
        for p in people:
            if p.name not in persons:
                persons.add(p.name)
                register_short_names(p.name, known, body)
            for pos in p.positions:
                posts.setdefault((pos.person, pos.org), pos)
                person_orgs.setdefault(pos.person, [])
                if pos.org not in person_orgs[pos.person]:
                    person_orgs[pos.person].append(pos.org)
        mentioned.update(o.key for o in orgs)
        for pos in posts.values():
            mentioned.add(pos.org)

        # --- who speaks in this sentence
        speaker = None
        sp = person_speaking(s, people)
        quotes = find_quotes(s)
        if sp:
            speaker = sp.name
        elif pronoun_speaker(s) and last_person:
            speaker = last_person
        speaker_org = org_speaking(s, orgs)
        if speaker_org and speaker_org.type in CIVIL_TYPES | STATE_TYPES:
            last_source_org = speaker_org.key

        for q in quotes:
            who = _resolve_quote_speaker(q, s, people, orgs, last_person, last_source_org, known, ctx)
            if who is None and q.start == 0 and last_speaker and not q.who:
                who = None  # an unattributed opening quote: continuation, but not certain
            if who:
                rec.statements.append(Statement(who, q.text, s))
                last_speaker = who
                if who in persons:
                    speaker = speaker or who

        if not quotes and reported_speech != "none":
            for claim in reported_claims(s, people, orgs):
                who = _claim_speaker(claim, last_person, last_source_org, ctx)
                if who and (reported_speech == "all" or who not in persons):
                    rec.statements.append(Statement(who, claim.text, s))
                    last_speaker = who

        # --- gaps (a standalone heading, caption or table cell is a label, not a claim)
        for gap_id, pos in find_gaps(s) if not sent.is_label else ():
            found = _attribute_gap(s, pos, orgs, speaker, speaker_org, person_orgs, ctx)
            between = re.compile(r"\bbetween\s").search(s, pos, pos + 60) if gap_id == "poor-coordination" else None
            if between:  # "weak coordination between the Border Guard and the Ministry of …": both of them
                pair = [o for o in orgs if o.start >= between.end() and o.type in STATE_TYPES][:2]
                if len(pair) == 2:
                    found = [(o.key, speaker, None) for o in pair]
            for org, said_by, critic in found:
                if (org, gap_id) not in gap_keys:
                    gap_keys.add((org, gap_id))
                    rec.gaps.append(Gap(org, gap_id, said_by, s))
                    mentioned.add(org)
                if critic and (critic, org) not in crit_keys and critic != org:
                    crit_keys.add((critic, org))
                    rec.criticisms.append(Criticism(critic, org, s))
        echo = re.search(r"(?:echoed|shared|seconded) by\s", s)
        if echo:
            for o in orgs:  # "…, a concern shared by the National Committee …"
                if o.start >= echo.end() - 1 and o.type in STATE_TYPES and not any(p.start >= echo.end() - 1 for p in people):
                    for g in [g for g in rec.gaps if g.evidence == s and g.org != o.key]:
                        if (o.key, g.gap) not in gap_keys and _echo_applies(s, g.gap, echo.start()):
                            gap_keys.add((o.key, g.gap))
                            rec.gaps.append(Gap(o.key, g.gap, None, s))
                    break
            for p in people:
                if p.start >= echo.end() - 1 and person_orgs.get(p.name):
                    for g in [g for g in rec.gaps if g.evidence == s and g.said_by != p.name]:
                        org = person_orgs[p.name][0]
                        if (org, g.gap) not in gap_keys and _echo_applies(s, g.gap, echo.start()):
                            gap_keys.add((org, g.gap))
                            rec.gaps.append(Gap(org, g.gap, p.name, s))

        # --- figures
        for value, measure, pos in find_figures(s):
            y = sentence_year(s, year, pos)
            y2 = sentence_year(s[max(0, pos - 60):pos + 60], year) if y == year else y
            if measure.endswith("(USD)") and not states_year(s):
                y2 = None  # a budget or grant with no year of its own is not that year's figure
            key = (value, y2)
            if key in stat_keys:
                continue
            stat_keys.add(key)
            src = speaker_org.key if speaker_org else None
            if src is None and re.search(r"\b(?:committee|ministry) (?:figures|data)\b", s, re.I):
                src = ctx.last_of_type.get("Committee")
            rec.statistics.append(Statistic(value, measure, y2, speaker if speaker in persons else None, src, s))

        for c in find_criticisms(s, orgs, ctx):
            if (c.critic, c.target) not in crit_keys:
                crit_keys.add((c.critic, c.target))
                rec.criticisms.append(c)
        analysed.append((sent, orgs, people))
        subject_person = next((p.name for p in reversed(people)), None)
        if subject_person:
            last_person = subject_person

    for value, y, cell in table_figures(doc.lines):
        if (value, y) not in stat_keys:
            stat_keys.add((value, y))
            rec.statistics.append(Statistic(value, None, y, None, None, cell))

    rec.part_of = find_part_of(analysed, ctx)
    rec.cases = find_cases(analysed, ctx, year)
    for p in rec.part_of:
        mentioned.update((p.part, p.whole))
    for c in rec.cases:
        mentioned.update(c.agencies)
    for name in persons:
        aliases = sorted(k for k, v in known.items() if v == name and k != name)
        ctx.table.add(name, "Person", aliases)
    rec.positions = list(posts.values())
    keep = mentioned | persons
    keep -= {n for n in keep if n in gaz.news_agencies or n in gaz.publishers}
    rec.actors = ctx.table.to_actors(keep)
    return rec


def _echo_applies(sentence: str, gap_id: str, echo_pos: int) -> bool:
    """"…, a sentiment echoed by X" repeats the clause right before it: only the last gap."""
    from .gaps import gap_cues
    rx = dict(gap_cues())[gap_id]
    last = None
    for g, r in gap_cues():
        m = None
        for m in r.finditer(sentence[:echo_pos]):
            pass
        if m and (last is None or m.start() > last[1]):
            last = (g, m.start())
    return bool(last and last[0] == gap_id and rx)


_PRONOUN_TYPES = {"the ministry": "Ministry", "the committee": "Committee", "the police": "LawEnforcement",
                  "the department": "GovernmentBody", "the agency": "GovernmentBody"}


def _claim_speaker(claim, last_person: str | None, last_source_org: str | None, ctx: OrgContext) -> str | None:
    if claim.person is not None:
        return claim.person.name
    if claim.org is not None:
        return claim.org.key
    p = claim.pronoun or ""
    if p in {"he", "she", "the minister", "the official"}:
        return last_person
    if p in _PRONOUN_TYPES:
        return ctx.last_of_type.get(_PRONOUN_TYPES[p])
    if p in {"it", "they", "the report", "the study", "the statement", "the group", "the organisation",
             "the organization"}:
        return last_source_org
    return None


def _resolve_quote_speaker(q, s: str, people: list[PersonHit], orgs: list[Mention], last_person: str | None,
                           last_source_org: str | None, known: dict[str, str], ctx: OrgContext) -> str | None:
    who = q.who
    if who:
        w = who.strip()
        if w.lower() in {"he", "she"}:
            return last_person
        if w.lower() in {"it", "the report", "the study", "the statement", "they"}:
            return last_source_org
        for p in people:
            if p.start >= q.end and s[p.start:p.end] in w:
                return p.name
        for o in orgs:
            if o.start >= q.end and o.text in w:
                return o.key
        if w in known and known[w]:
            return known[w]
        return None
    for p in people:  # '"…," Sam Dara, head of the unit said' (the appositive hides him from q.who)
        if q.end <= p.start <= q.end + 4 and speaks_next(s, p):
            return p.name
    before = [p for p in people if p.end <= q.start]
    if before:
        return before[0].name
    if re.search(r"\b(?:[Hh]e|[Ss]he)\s(?:\w+\s){0,2}$", s[:q.start]) or re.search(r"\b(?:[Hh]e|[Ss]he) (?:added|said)", s[:q.start]):
        return last_person
    o = org_speaking(s[:q.start], [o for o in orgs if o.end <= q.start])
    if o:
        return o.key
    if re.search(r"\b(?:[Tt]he|[Ii]ts) (?:report|study|survey|statement)s? (?:\w+ ){0,2}(?:said|says|noted|notes|found|finds"
                 r"|stated|states|warned|warns|concluded|concludes)(?: that)?[^“”\"]{0,160}$", s[:q.start]):
        return last_source_org
    return None


def _attribute_gap(s: str, pos: int, orgs: list[Mention], speaker: str | None, speaker_org: Mention | None,
                   person_orgs: dict[str, list[str]], ctx: OrgContext):
    """(org, said_by, critic) triples for one gap cue."""
    state = [o for o in orgs if o.type in STATE_TYPES or o.key == "ASEAN"]
    own = person_orgs.get(speaker or "", [])
    own_state = [o for o in own if ctx.table.type_of(o) in STATE_TYPES]
    own_civil = [o for o in own if ctx.table.type_of(o) in CIVIL_TYPES]
    generic = re.search(r"\b(?:ministries|government|authorities)\b", s, re.I)
    if speaker and own_civil and not own_state:
        target = _nearest(state, pos, exclude=own) or _definite_reference(s, ctx) or government_key(ctx, ctx.country)
        return [(target, speaker, own_civil[0])] if target else []
    if speaker and own_state:
        if len(own_state) == 1 and not generic:
            return [(own_state[0], speaker, None)]
        gk = government_key(ctx, ctx.country)
        return [(gk, speaker, None)] if gk else []
    if speaker_org and speaker_org.type in CIVIL_TYPES:
        target = _nearest(state, pos, exclude=[speaker_org.key]) or _definite_reference(s, ctx) \
            or government_key(ctx, ctx.country)
        return [(target, None, speaker_org.key)] if target else []
    target = _nearest(state, pos) or _definite_reference(s, ctx)
    if target is None:
        target = government_key(ctx, ctx.country)
    return [(target, speaker, None)] if target else []


_DEFINITE = (("Ministry", re.compile(r"\b[Tt]he ministry\b")), ("Committee", re.compile(r"\b[Tt]he committee\b")),
             ("Court", re.compile(r"\b(?:[Tt]he|[Cc]ourt) (?:court|orders?|rulings?)\b")))


def _definite_reference(s: str, ctx: OrgContext) -> str | None:
    """"the ministry lacked trained staff": the ministry last named (no state body in the sentence)."""
    for type_, rx in _DEFINITE:
        if type_ in ctx.last_of_type and rx.search(s):
            return ctx.last_of_type[type_]
    return None


def _nearest(orgs: list[Mention], pos: int, exclude=()) -> str | None:
    cands = [o for o in orgs if o.key not in exclude]
    if not cands:
        return None
    before = [o for o in cands if o.start <= pos]
    if before:
        return max(before, key=lambda o: o.start).key
    return min(cands, key=lambda o: o.start).key


def main_country(text: str, title: str | None, gaz: Gazetteer) -> str | None:
    """The country a report is about. Every clue votes: country names and demonyms (1), places
    and agencies that belong to one country (2 each, their country is certain), with the title
    and the opening paragraphs counting double; so a story set in Phnom Penh about Cambodian
    ministries stays Cambodian when it mentions once that workers returned from Thailand."""
    counts: Counter[str] = Counter()
    body = text[:20000]
    lead = len(title or "") + 1200

    def vote(country: str | None, weight: int, pos: int) -> None:
        if country:
            counts[country] += weight * (2 if pos < lead else 1)

    for m in gaz.country_regex.finditer(body):
        vote(gaz.country_name(m.group(0)), 1, m.start())
    for m in gaz.place_regex.finditer(body):
        vote(gaz.place_country.get(m.group(0)), 2, m.start())
    for rx in (gaz.org_regex_ci, gaz.org_regex_cs):
        for m in rx.finditer(body):
            key = norm(m.group(0))
            if key in gaz.generic_aliases:
                continue
            entries = gaz.by_alias.get(key) or ()
            if len({e.country for e in entries}) == 1:
                vote(entries[0].country, 2, m.start())
    for m in gaz.country_regex.finditer(title or ""):
        c = gaz.country_name(m.group(0))
        if c:
            counts[c] += 3
    return counts.most_common(1)[0][0] if counts else None


def _year_from_name(path: str) -> int | None:
    m = _YEAR_IN_NAME.search(Path(path).name)
    return int(m.group(1)) if m else None


def _meta(report: Report, dropped: list[str], gaz: Gazetteer, country: str | None, year: int | None) -> ReportMeta:
    publisher = report.publisher
    author = report.author
    for line in dropped:
        if publisher is None:
            for p in sorted(gaz.publishers, key=len, reverse=True):
                if p.lower() in line.lower():
                    publisher = p
                    break
        if author is None and (m := re.match(r"^\s*(?:additional )?reporting by ([A-Z][\w.' -]+)", line, re.I)):
            author = m.group(1).strip()
    return ReportMeta(file=Path(report.path).name, id=report.id, title=report.title, publisher=publisher,
                      date=report.date.isoformat() if report.date else None, author=author, url=report.url,
                      country=country, year=year)
