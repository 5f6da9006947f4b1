"""The extraction pass over one report (see the package docstring)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ExtractionError
from ..record import Criticism, ExtractionRecord, Gap, Position, ReportMeta, Statement, Statistic
from ..report import Report
from ..schema.vocabulary import vocabulary
from .actors import ActorTable, Mention
from .figures import figure_kind, find_figures, sentence_year, sourced_table_figures, states_year, table_figures, undated_finding
from .gaps import find_gaps
from .gazetteer import Gazetteer, load_gazetteer, norm
from .orgs import OrgContext, find_orgs, government_key, subject_country_regex
from .people import PersonHit, find_people, register_short_names
from .relations import find_cases, find_criticisms, find_part_of
from .speech import find_quotes, org_speaking, person_speaking, pronoun_speaker, reported_claims, speaks_next
from .text import Document, prepare

__all__ = ["extract"]

STATE_TYPES = vocabulary().state_types   # schemas/model.yaml
CIVIL_TYPES = frozenset(vocabulary().actor_types) - STATE_TYPES - vocabulary().person_types
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")


@lru_cache(maxsize=1)
def _subject_re(gaz_id: int) -> re.Pattern:
    return subject_country_regex(load_gazetteer())


@lru_cache(maxsize=1)
def _country_words(gaz_id: int) -> dict[str, tuple[str, ...]]:
    return {c.name: (c.name, *c.aliases, *c.demonyms) for c in load_gazetteer().countries.values()}


_DEFINED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9}s?)\)")
REPORTED_SPEECH = ("organisations", "all", "none")


def extract(report: Report, *, reported_speech: str = "all") -> ExtractionRecord:
    """The extraction record of one report. ``reported_speech`` says whose claims in reported
    speech ("X said that …") become statements besides direct quotes: ``"all"`` (the default,
    as the gold conventions read claims: by named people and organisations alike),
    ``"organisations"`` (a person's paraphrased words left to their quotes) or ``"none"``."""
    if reported_speech not in REPORTED_SPEECH:
        raise ExtractionError(f"reported_speech must be one of {REPORTED_SPEECH}, not {reported_speech!r}",
                              path=report.path)
    try:
        record = _extract(report, reported_speech)
    except (ValueError, KeyError, IndexError, re.error) as exc:
        raise ExtractionError(f"extraction failed: {exc}", path=report.path) from exc
    if report.case_rows:
        from ..loaders.case_records import extract_case_rows  # lazy: only structured case data needs it
        merge(record, extract_case_rows(report))
    return record


def merge(into: ExtractionRecord, other: ExtractionRecord) -> None:
    names = {a.name for a in into.actors}
    into.actors.extend(a for a in other.actors if a.name not in names)
    for section in ("positions", "part_of", "gaps", "statistics", "statements", "criticisms", "cases"):
        getattr(into, section).extend(getattr(other, section))


@dataclass
class _State:
    """What the passes over one report share: the record being built, the resolution context and
    the discourse memory (who spoke last, which person a pronoun means)."""

    rec: ExtractionRecord
    ctx: OrgContext
    doc: Document
    year: int | None
    reported_speech: str
    body: str
    known: dict[str, str] = field(default_factory=dict)      # names and short names -> full name
    mentioned: set[str] = field(default_factory=set)
    persons: dict[str, None] = field(default_factory=dict)   # first-seen order (byte-identical output)
    posts: dict[tuple[str, str], Position] = field(default_factory=dict)
    person_orgs: dict[str, list[str]] = field(default_factory=dict)
    last_person: str | None = None
    last_source_org: str | None = None
    last_speaker: str | None = None
    gap_keys: set[tuple[str, str]] = field(default_factory=set)
    crit_keys: set[tuple[str, str]] = field(default_factory=set)
    stat_keys: set[tuple] = field(default_factory=set)
    analysed: list = field(default_factory=list)


@dataclass
class _Here:
    """One sentence as the passes see it."""

    text: str
    orgs: list[Mention]
    people: list[PersonHit]
    speaker: str | None = None           # the person the sentence reports speaking
    speaker_org: Mention | None = None   # the organisation it reports speaking
    is_label: bool = False               # a heading, caption or table cell: it names, it claims nothing


def _extract(report: Report, reported_speech: str) -> ExtractionRecord:
    state = _start(report, reported_speech)
    for sent in state.doc.sentences:
        here = _read_sentence(state, sent.text)
        here.is_label = sent.is_label
        _speech_pass(state, here)
        _gap_pass(state, here)
        _echo_pass(state, here)
        _figure_pass(state, here)
        _criticism_pass(state, here)
        state.analysed.append((sent, here.orgs, here.people))
        state.last_person = next((p.name for p in reversed(here.people)), state.last_person)
    _table_figure_pass(state, report)
    _relation_pass(state)
    return _finish(state)


def _start(report: Report, reported_speech: str) -> _State:
    gaz = load_gazetteer()
    doc = prepare(report.text, gaz)
    year = report.year or _year_from_name(report.path)
    country = report.country or main_country(report.text, doc.title, gaz)
    ctx = OrgContext(gaz, ActorTable(_country_words(id(gaz))), country, subject_country_re=_subject_re(id(gaz)),
                     defined_acronyms=frozenset(_DEFINED_ACRONYM.findall(report.text)))
    rec = ExtractionRecord(report=_meta(report, doc.dropped, gaz, country, year))
    return _State(rec=rec, ctx=ctx, doc=doc, year=year, reported_speech=reported_speech,
                  body=" ".join(s.text for s in doc.sentences))


def _read_sentence(state: _State, s: str) -> _Here:
    """Organisations, people and their posts; who the sentence reports speaking."""
    orgs = find_orgs(s, state.ctx)
    people = find_people(s, orgs, state.ctx, state.known)
    for p in people:
        if p.name not in state.persons:
            state.persons[p.name] = None
            register_short_names(p.name, state.known, state.body)
        for pos in p.positions:
            state.posts.setdefault((pos.person, pos.org), pos)
            own = state.person_orgs.setdefault(pos.person, [])
            if pos.org not in own:
                own.append(pos.org)
    state.mentioned.update(o.key for o in orgs)
    state.mentioned.update(pos.org for pos in state.posts.values())
    here = _Here(s, orgs, people)
    sp = person_speaking(s, people)
    if sp:
        here.speaker = sp.name
    elif pronoun_speaker(s) and state.last_person:
        here.speaker = state.last_person
    here.speaker_org = org_speaking(s, orgs)
    if here.speaker_org and here.speaker_org.type in CIVIL_TYPES | STATE_TYPES:
        state.last_source_org = here.speaker_org.key
    return here


def _speech_pass(state: _State, here: _Here) -> None:
    """Quotes with their speakers, then claims of reported speech."""
    s, rec = here.text, state.rec
    for q in find_quotes(s):
        who = _resolve_quote_speaker(q, s, here.people, here.orgs, state.last_person, state.last_source_org,
                                     state.known, state.ctx)
        if who:  # an unattributed opening quote may continue the last speaker's, but not certainly
            rec.statements.append(Statement(who, q.text, s))
            state.last_speaker = who
            if who in state.persons:
                here.speaker = here.speaker or who
    if state.reported_speech == "none":
        return
    for claim in reported_claims(s, here.people, here.orgs):
        who = _claim_speaker(claim, state.last_person, state.last_source_org, state.ctx)
        if who and (state.reported_speech == "all" or who not in state.persons):
            rec.statements.append(Statement(who, claim.text, s))
            state.last_speaker = who


_BETWEEN = re.compile(r"\bbetween\s")


def _gap_pass(state: _State, here: _Here) -> None:
    """Each gap cue, attributed to the body that performs the function, with its critic."""
    s = here.text
    for gap_id, pos in find_gaps(s) if not here.is_label else ():
        found = _attribute_gap(s, pos, here.orgs, here.speaker, here.speaker_org, state.person_orgs, state.ctx)
        between = _BETWEEN.search(s, pos, pos + 60) if gap_id == "poor-coordination" else None
        if between:  # "weak coordination between the Border Guard and the Ministry of …": both of them
            pair = [o for o in here.orgs if o.start >= between.end() and o.type in STATE_TYPES][:2]
            if len(pair) == 2:
                found = [(o.key, here.speaker, None) for o in pair]
        for org, said_by, critic in found:
            _add_gap(state, org, gap_id, said_by, s)
            _add_criticism(state, critic, org, s)


def _add_gap(state: _State, org: str, gap_id: str, said_by: str | None, evidence: str) -> None:
    if (org, gap_id) not in state.gap_keys:
        state.gap_keys.add((org, gap_id))
        state.rec.gaps.append(Gap(org, gap_id, said_by, evidence))
        state.mentioned.add(org)


def _add_criticism(state: _State, critic: str | None, target: str, evidence: str) -> None:
    if critic and critic != target and (critic, target) not in state.crit_keys:
        state.crit_keys.add((critic, target))
        state.rec.criticisms.append(Criticism(critic, target, evidence))


_ECHO = re.compile(r"(?:echoed|shared|seconded) by\s")


def _echo_pass(state: _State, here: _Here) -> None:
    """"…, a concern shared by the National Committee …": the sentence's last gap is theirs too."""
    s = here.text
    echo = _ECHO.search(s)
    if not echo:
        return
    after = echo.end() - 1
    here_gaps = [g for g in state.rec.gaps if g.evidence == s]
    body = next((o for o in here.orgs if o.start >= after and o.type in STATE_TYPES), None)
    if body is not None and not any(p.start >= after for p in here.people):
        for g in [g for g in here_gaps if g.org != body.key]:
            if _echo_applies(s, g.gap, echo.start()):
                _add_gap(state, body.key, g.gap, None, s)
    for p in here.people:
        own = state.person_orgs.get(p.name)
        if p.start >= after and own:
            for g in [g for g in here_gaps if g.said_by != p.name]:
                if _echo_applies(s, g.gap, echo.start()):
                    _add_gap(state, own[0], g.gap, p.name, s)


_SOURCE_FIGURES = re.compile(r"\b(?:committee|ministry) (?:figures|data)\b", re.I)


def _figure_pass(state: _State, here: _Here) -> None:
    """Figures with the year the conventions give them and who they are credited to."""
    s, year = here.text, state.year
    for value, measure, pos in find_figures(s):
        y = sentence_year(s, year, pos)
        y2 = sentence_year(s[max(0, pos - 60):pos + 60], year) if y == year else y
        if (measure.endswith("(USD)") or undated_finding(s)) and not states_year(s):
            y2 = None  # a budget, a grant or a survey's finding with no year of its own is no year's figure
        kind = figure_kind(s, pos)
        if kind:  # a recommended or planned number is dated only by a year stated beside it
            y2 = sentence_year(s[max(0, pos - 60):pos + 60], None)
        if (value, y2) in state.stat_keys:
            continue
        state.stat_keys.add((value, y2))
        src = here.speaker_org.key if here.speaker_org else None
        if src is None and _SOURCE_FIGURES.search(s):
            src = state.ctx.last_of_type.get("Committee")
        said_by = here.speaker if here.speaker in state.persons else None
        state.rec.statistics.append(Statistic(value, measure, y2, said_by, src, s, kind))


def _criticism_pass(state: _State, here: _Here) -> None:
    for c in find_criticisms(here.text, here.orgs, state.ctx):
        _add_criticism(state, c.critic, c.target, c.evidence)


def _table_figure_pass(state: _State, report: Report) -> None:
    # source lines ("Source for all other data: … 2012") are boilerplate to the text but give the
    # years of a statistics table: that table is read from the raw lines
    raw_lines = report.text.splitlines()
    for value, y, measure, cell in [*sourced_table_figures(raw_lines), *table_figures(state.doc.lines)]:
        if not measure:
            continue  # a cell whose row label the layout lost: a number that says nothing
        if (value, y) not in state.stat_keys:
            state.stat_keys.add((value, y))
            state.rec.statistics.append(Statistic(value, measure, y, None, None, cell))


def _relation_pass(state: _State) -> None:
    """part_of and cases read the whole document (table rows, follow-up sentences)."""
    rec = state.rec
    rec.part_of = find_part_of(state.analysed, state.ctx)
    rec.cases = find_cases(state.analysed, state.ctx, state.year)
    for p in rec.part_of:
        state.mentioned.update((p.part, p.whole))
    for c in rec.cases:
        state.mentioned.update(c.agencies)


def _finish(state: _State) -> ExtractionRecord:
    """People join the actor table with their short names; the actors are those the record uses."""
    gaz, rec = state.ctx.gaz, state.rec
    for name in state.persons:
        aliases = sorted(k for k, v in state.known.items() if v == name and k != name)
        state.ctx.table.add(name, "Person", aliases)
    rec.positions = list(state.posts.values())
    keep = state.mentioned | state.persons.keys()
    keep -= {n for n in keep if n in gaz.news_agencies or n in gaz.publishers}
    rec.actors = state.ctx.table.to_actors(keep)
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
    """(org, said_by, critic) triples for one gap cue: told by a person of a civil or a state
    body, by a body about another, or by no one (the nearest state body's, else the state's)."""
    state = [o for o in orgs if o.type in STATE_TYPES or o.key == "ASEAN"]
    told = _gap_told_by_person(s, pos, state, speaker, person_orgs.get(speaker or "", []), ctx) if speaker else None
    if told is None:
        told = _gap_told_by_body(s, pos, state, speaker_org, ctx)
    if told is not None:
        return told
    target = _nearest(state, pos) or _definite_reference(s, ctx) or government_key(ctx, ctx.country)
    return [(target, speaker, None)] if target else []


def _gap_told_by_person(s: str, pos: int, state: list[Mention], speaker: str, own: list[str], ctx: OrgContext):
    """A named person's gap: an NGO's officer criticises the state body; an official reports
    their own body's gap, or another country's (then their body criticises it). None when the
    person speaks for no body."""
    own_state = [o for o in own if ctx.table.type_of(o) in STATE_TYPES]
    own_civil = [o for o in own if ctx.table.type_of(o) in CIVIL_TYPES]
    if own_civil and not own_state:
        target = _nearest(state, pos, exclude=own) or _definite_reference(s, ctx) or government_key(ctx, ctx.country)
        return [(target, speaker, own_civil[0])] if target else []
    if not own_state:
        return None
    home = ctx.table.country_of(own_state[0])
    foreign = [o for o in state if o.key not in own and home and ctx.table.country_of(o.key) not in (home, None)]
    if foreign:  # a US official on Myanmar's shortfalls: Myanmar's gap, criticised by the official's body
        return [(_nearest(foreign, pos), speaker, own_state[0])]
    if len(own_state) == 1 and not re.search(r"\b(?:ministries|government|authorities)\b", s, re.I):
        return [(own_state[0], speaker, None)]
    gk = government_key(ctx, ctx.country)
    return [(gk, speaker, None)] if gk else []


def _gap_told_by_body(s: str, pos: int, state: list[Mention], speaker_org: Mention | None, ctx: OrgContext):
    """A speaking body's gap claim about another body; None when no body speaks."""
    if speaker_org is None:
        return None
    subject = [o for o in state if speaker_org.end <= o.start <= pos and o.key != speaker_org.key]
    if speaker_org.type in STATE_TYPES and subject \
            and speaker_org.key != government_key(ctx, ctx.table.country_of(speaker_org.key)):
        # "The National Task Force notes that some provincial task forces lack funding": the body
        # the reported clause is about has the gap, and the speaking body criticises it (a body
        # named after the cue, "a concern shared by …", is no such subject; a government noting
        # its own ministry's shortfall reports it and does not criticise)
        return [(subject[-1].key, None, speaker_org.key)]
    if speaker_org.type in CIVIL_TYPES:
        target = _nearest(state, pos, exclude=[speaker_org.key]) or _definite_reference(s, ctx) \
            or government_key(ctx, ctx.country)
        return [(target, None, speaker_org.key)] if target else []
    return None


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
    for start, _end, name in gaz.org_names(body):
        key = norm(name)
        if key in gaz.generic_aliases:
            continue
        entries = gaz.by_alias.get(key) or ()
        # a name that would resolve without knowing the country ("Royal Thai Police", not
        # "Ministry of Health") tells whose report it is
        if len({e.country for e in entries}) == 1 and gaz.lookup(name, None):
            vote(entries[0].country, 2, start)
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
