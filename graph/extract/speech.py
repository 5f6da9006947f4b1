"""Who says what: direct quotes and their speakers, and the speaker of a sentence of reported
speech, following pronouns ("he said") and short names to the right person."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import Mention
from .people import PersonHit

__all__ = ["Quote", "find_quotes", "SPEECH_VERBS", "person_speaking", "speaks_next", "org_speaking",
           "pronoun_speaker", "reported_claims"]

SPEECH_VERBS = (r"said|says|say|told|tells|added|adds|explained|warned|noted|stated|acknowledged|admitted|agreed"
                r"|urged|insisted|claimed|argued|announced|confirmed|stressed|wrote|estimated|found|reported|believes"
                r"|believed|showed|shows|concluded|recommended|observed|pledged")
_QUOTE = re.compile(r"“([^”“]{3,}?)(?:”|$)|\"([^\"]{3,}?)(?:\"|$)")
_AFTER = re.compile(rf"^[,.!?]?\s*[”\"]?\s*,?\s*(?P<who>he|she|they|it|the report|the study|the statement|[A-Z][\w'. -]{{1,60}}?)"
                    rf"\s(?:also\s)?(?:{SPEECH_VERBS})\b")
_AFTER_INV = re.compile(rf"^[,.!?]?\s*[”\"]?\s*,?\s*(?:{SPEECH_VERBS})\s(?P<who>the report|the study|[A-Z][\w'. -]{{1,60}}?)[,.]")
_PRONOUN_SPEECH = re.compile(rf"\b(?P<who>[Hh]e|[Ss]he|[Tt]he (?:minister|official|spokes(?:man|woman|person)|director|governor"
                             rf"|chief|secretary|ambassador))\s(?:also\s|later\s|further\s)?(?:{SPEECH_VERBS})\b")


@dataclass
class Quote:
    text: str
    start: int
    end: int
    who: str | None     # the raw speaker phrase after the quote, if any


def find_quotes(sentence: str) -> list[Quote]:
    out = []
    for m in _QUOTE.finditer(sentence):
        text = (m.group(1) or m.group(2) or "").strip()
        if len(text.split()) < 3:
            continue
        after = sentence[m.end():]
        who = None
        if (a := _AFTER.match(after)) or (a := _AFTER_INV.match(after)):
            who = a.group("who")
        out.append(Quote(text, m.start(), m.end(), who))
    return out


def pronoun_speaker(sentence: str) -> bool:
    return bool(_ANY_VERB.search(sentence) and _PRONOUN_SPEECH.search(sentence))


# "X, director of Y, said" — and, as often written, "X, director of Y said" (no second comma);
# a relative clause ("X, whom the minister said …") makes someone else the speaker
_APPOSITIVE_THEN_VERB = re.compile(
    rf"^(?:(?:,(?!\s(?:who|whom|whose|which|that|where|when)\b)[^,\"“]{{1,90}}){{1,2}},?|,)?"
    rf"\s(?:also\s|later\s|meanwhile,\s)?(?:{SPEECH_VERBS})\b")


def speaks_next(sentence: str, person: PersonHit) -> bool:
    """Whether a speech verb follows the person, past an appositive ("X, head of Y, said")."""
    return bool(_APPOSITIVE_THEN_VERB.match(sentence[person.end:person.end + 160]))


def person_speaking(sentence: str, people: list[PersonHit]) -> PersonHit | None:
    """The person the sentence reports speaking: "X said", "according to X", "echoed by X" aside."""
    for p in people:
        before = sentence[max(0, p.start - 20):p.start]
        if speaks_next(sentence, p) or \
                re.search(r"according to\s$", before) or re.search(rf"(?:{SPEECH_VERBS})\s$", before):
            return p
    return None


def org_speaking(sentence: str, orgs: list[Mention]) -> Mention | None:
    for o in orgs:
        after = sentence[o.end:o.end + 40]
        before = sentence[max(0, o.start - 20):o.start]
        if re.match(rf"^(?:'s)?(?:\s(?:report|research|study|data|figures|statement))?,?\s(?:also\s)?(?:{SPEECH_VERBS})\b", after) \
                or re.search(r"according to (?:the )?$", before):
            return o
    return None


# --- reported speech: "X said (that) …", "…, X said", "according to X, …"

_REPORT_VERBS = (r"said|says|added|adds|warned|warns|noted|notes|stated|acknowledged|admitted|insisted|claimed|argued"
                 r"|conceded|explained|estimated|reported|told (?:reporters|journalists|the \w+|a \w+(?: \w+)?|\w+)"
                 r"|denied|stressed|maintained|believes|believed|found|concluded|confirmed|announced")
_WHEN = r"(?: (?:on|last|this|earlier|late) \w+| yesterday| today)?"
_VERB_AFTER = re.compile(rf"^(?:(?:,[^,\"“]{{1,90}}){{1,2}},|,)?\s(?:also |later |again |further |previously |then )?(?:{_REPORT_VERBS}){_WHEN}"
                         rf"(?P<rest>.*)$")
_CLAUSE_START = re.compile(r"^,?\s(?:that\s)?(?!to\b|by\b|in a\b|at a\b|on\b)(?P<clause>[^\"“”].*)$")
_PRONOUN_SUBJ = re.compile(rf"(?:^|[,;]\s|\band\s|\bbut\s)(?P<who>[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Tt]he (?:minister|ministry|committee"
                           rf"|report|study|statement|agency|department|group|organi[sz]ation|police|official))"
                           rf"\s(?:also |later |again |further )?(?:{_REPORT_VERBS}){_WHEN}(?P<rest>.*)$")
_MIN_WORDS = 4
# a cheap test before the pronoun patterns: some speech verb occurs at all
_ANY_VERB = re.compile(r"\b(?:said|says|say|told|tells|added|adds|warned|warns|noted|notes|stated|acknowledged|admitted"
                       r"|agreed|urged|insisted|claimed|argued|conceded|announced|confirmed|stressed|wrote|estimated|found"
                       r"|reported|believes|believed|showed|shows|concluded|recommended|observed|pledged|explained|denied"
                       r"|maintained)\b")


@dataclass
class Claim:
    """A claim in reported speech: who (a person, an org mention or a pronoun phrase) and what."""
    text: str
    person: PersonHit | None = None
    org: Mention | None = None
    pronoun: str | None = None


def reported_claims(sentence: str, people: list[PersonHit], orgs: list[Mention]) -> list[Claim]:
    """Claims of reported speech in a sentence without direct quotes. The claim is the clause
    after the verb ("X said that CLAUSE") or, inverted, the clause before ("CLAUSE, X said")."""
    if "“" in sentence or '"' in sentence:
        return []
    out: list[Claim] = []
    spans = [(p.start, p.end, p, None) for p in people] + [(o.start, o.end, None, o) for o in orgs]
    for start, end, person, org in sorted(spans, key=lambda x: x[0]):
        m = _VERB_AFTER.match(sentence[end:])
        if not m:
            continue
        clause = _after_clause(m.group("rest")) or _before_clause(sentence, start)
        if clause:
            out.append(Claim(clause, person=person, org=org))
            break
    if not out and _ANY_VERB.search(sentence) and (m := _PRONOUN_SUBJ.search(sentence)):
        clause = _after_clause(m.group("rest")) or _before_clause(sentence, m.start("who"))
        if clause:
            out.append(Claim(clause, pronoun=m.group("who").lower()))
    return out


def _after_clause(rest: str) -> str | None:
    m = _CLAUSE_START.match(rest)
    if not m:
        return None
    clause = m.group("clause").strip().rstrip(".")
    return clause if len(clause.split()) >= _MIN_WORDS else None


def _before_clause(sentence: str, start: int) -> str | None:
    """"Trafficking has risen, Interior Minister X said": the clause ends at the last comma before
    the speaker and its title."""
    head = sentence[:start]
    comma = head.rfind(", ")
    if comma < 0 or len(head[comma + 2:].split()) > 6:
        return None
    clause = head[:comma].strip()
    return clause if len(clause.split()) >= _MIN_WORDS else None
