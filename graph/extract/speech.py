"""Who says what: direct quotes and their speakers, and the speaker of a sentence of reported
speech, following pronouns ("he said") and short names to the right person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .actors import Mention
from .lexicon import load_lexicon
from .literals import Prefiltered
from .people import PersonHit

__all__ = ["Quote", "find_quotes", "SPEECH_VERBS", "person_speaking", "speaks_next", "org_speaking",
           "pronoun_speaker", "reported_claims"]

_LEX = load_lexicon()
SPEECH_VERBS = _LEX.alternation(_LEX.speech_forms)
_AUX = rf"(?:(?:{_LEX.alternation(_LEX.auxiliaries)})\s){{0,2}}"  # "has also said", "later told"
_QUOTE = re.compile(r"“([^”“]{3,}?)(?:”|$)|\"([^\"]{3,}?)(?:\"|$)")
_AFTER = re.compile(rf"^[,.!?]?\s*[”\"]?\s*,?\s*(?P<who>he|she|they|it|the report|the study|the statement|[A-Z][\w'. -]{{1,60}}?)"
                    rf"\s{_AUX}(?:{SPEECH_VERBS})\b")
_AFTER_INV = re.compile(rf"^[,.!?]?\s*[”\"]?\s*,?\s*(?:{SPEECH_VERBS})\s(?P<who>the report|the study|[A-Z][\w'. -]{{1,60}}?)[,.]")
_PRONOUN_SPEECH = Prefiltered.compile(rf"\b(?P<who>[Hh]e|[Ss]he|[Tt]he (?:minister|official|spokes(?:man|woman|person)|director|governor"
                             rf"|chief|secretary|ambassador))\s{_AUX}(?:{SPEECH_VERBS})\b")


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
    return bool(_has_speech_verb(sentence) and _PRONOUN_SPEECH.search(sentence))


# "X, director of Y, said" — and, as often written, "X, director of Y said" (no second comma);
# a relative clause ("X, whom the minister said …") makes someone else the speaker
_APPOSITIVE_THEN_VERB = re.compile(
    rf"^(?:(?:,(?!\s(?:who|whom|whose|which|that|where|when)\b)[^,\"“]{{1,90}}){{1,2}},?|,)?"
    rf"\s(?:meanwhile,\s)?{_AUX}(?:{SPEECH_VERBS})\b")


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
        after = sentence[o.end:o.end + 80]
        before = sentence[max(0, o.start - 20):o.start]
        if _ORG_SPEAKS.match(after) or re.search(r"according to (?:the )?$", before):
            return o
    return None


# the people who speak for a body: "Ministry of Manpower officials disclosed that …"
_VOICES = r"(?: officials?| representatives?| spokes(?:man|woman|person)| staff)?"
# "the NBI maintained nine agents" is no speech: a verb with a second sense needs its "that"
_ORG_SPEAKS = re.compile(
    rf"^(?:'s)?(?:\s(?:report|research|study|data|figures|statement))?{_VOICES},?\s{_AUX}"
    rf"(?:(?!(?:{_LEX.alternation(_LEX.that_forms)})\b)(?:{SPEECH_VERBS})\b"
    rf"|(?:{_LEX.alternation(_LEX.that_forms)})(?: to [\w' ]{{1,30}}?)?(?: on \w+)? that\b)")


# --- reported speech: "X said (that) …", "…, X said", "according to X, …"

_REPORT_VERBS = (rf"{_LEX.alternation(_LEX.claim_forms)}"
                 rf"|(?:{_LEX.alternation(_LEX.object_forms)}) (?:reporters|journalists|the \w+|a \w+(?: \w+)?|\w+)"
                 rf"|(?:{_LEX.alternation(_LEX.that_forms)})(?=(?: to [\w' ]{{1,30}}?)?(?: on \w+)? that\b)")
_WHEN = r"(?: (?:on|last|this|earlier|late) \w+| yesterday| today)?"
_VERB_AFTER = re.compile(rf"^(?P<and> and (?:the )?[A-Z][\w'-]*(?: [A-Z][\w'-]*){{0,3}})?{_VOICES}"
                         rf"(?:(?:,[^,\"“]{{1,90}}){{1,2}},|,| (?:on|last|this) \w+)?\s{_AUX}(?:{_REPORT_VERBS}){_WHEN}"
                         rf"(?P<rest>.*)$")
_CLAUSE_START = re.compile(r"^,?\s(?:that\s)?(?!to\b|by\b|in a\b|at a\b|on\b)(?P<clause>[^\"“”].*)$")
_PRONOUN_SUBJ = re.compile(rf"(?:^|[,;]\s|\band\s|\bbut\s)(?P<who>[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Tt]he (?:minister|ministry|committee"
                           rf"|report|study|statement|agency|department|group|organi[sz]ation|police|official))"
                           rf"\s{_AUX}(?:{_REPORT_VERBS}){_WHEN}(?P<rest>.*)$")
_MIN_WORDS = 4
# a cheap test before the pronoun patterns: some speech verb occurs at all
_ANY_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")


@lru_cache(maxsize=4)
def _has_speech_verb(sentence: str) -> bool:  # asked by two passes of the same sentence
    return _ANY_VERB.search(sentence) is not None
_PARTICIPLES = _LEX.alternation(_LEX.participles)
_PARTICIPLE = re.compile(rf",\s(?:{_PARTICIPLES}) that (?P<clause>[^\"“”]+)$")
_PARTICIPLE_REST = re.compile(rf"^,\s(?:{_PARTICIPLES})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?:the )?$")
_OPENING_ACCORDING = re.compile(r"^[Aa]ccording to (?:the )?$")
# "According to the ILO['s technical] advice of CLAIM, …": the source claims the of-phrase only
_SOURCE_NOUN_CLAIM = re.compile(rf"^(?:['’]s)? (?:[\w-]+ ){{0,2}}?(?:{'|'.join(_LEX.claim_nouns)}) (?:of|that) "
                                rf"(?P<claim>(?:[^,;]|,(?=\d))+)")
_INVERTED = re.compile(rf",\s(?:{SPEECH_VERBS})\s$")  # ", said " before the speaker
_TITLE_LINKS = frozenset("of and for the on to in head chief director deputy spokesman spokeswoman spokesperson "
                         "minister secretary general president chairman chair official officer".split())


@dataclass
class Claim:
    """A claim in reported speech: who (a person, an org mention or a pronoun phrase) and what."""
    text: str
    person: PersonHit | None = None
    org: Mention | None = None
    pronoun: str | None = None


def reported_claims(sentence: str, people: list[PersonHit], orgs: list[Mention]) -> list[Claim]:
    """Claims of reported speech. Without direct quotes, the claim is the clause after the verb
    ("X said that CLAUSE"), before it ("CLAUSE, X said", "CLAUSE, said X", "CLAUSE, according to
    X") or after an opening "According to X, CLAUSE". With or without quotes, a participle adds
    one more ("…, X said, adding that CLAUSE")."""
    quoted = "“" in sentence or '"' in sentence
    out: list[Claim] = []
    spans = sorted([(p.start, p.end, p, None) for p in people] + [(o.start, o.end, None, o) for o in orgs],
                   key=lambda x: x[0])
    for i, (start, end, person, org) in enumerate(spans if not quoted else ()):
        clause = _claim_around(sentence, start, end)
        if clause:
            out.append(Claim(clause, person=person, org=org))
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            if nxt and re.fullmatch(r" and (?:the )?", sentence[end:nxt[0]]):  # "Malaysia and Indonesia say …"
                out.append(Claim(clause, person=nxt[2], org=nxt[3]))
            break
    if not out and not quoted and _has_speech_verb(sentence) and (m := _PRONOUN_SUBJ.search(sentence)):
        rest = m.group("rest")
        clause = (_before_clause(sentence, m.start("who")) if _PARTICIPLE_REST.match(rest) else None) \
            or _after_clause(rest) or _before_clause(sentence, m.start("who"))
        if clause:
            out.append(Claim(clause, pronoun=m.group("who").lower()))
    if (p := _PARTICIPLE.search(sentence)) and len(p.group("clause").split()) >= _MIN_WORDS:
        who = _speaker_before(sentence, p.start(), spans, out)
        if who is not None:
            out.append(Claim(p.group("clause").strip().rstrip("."), *who))
    return out


def _claim_around(sentence: str, start: int, end: int) -> str | None:
    """The claim of the speaker at ``start:end``, if a speech verb or "according to" ties them."""
    if m := _VERB_AFTER.match(sentence[end:]):
        rest = m.group("rest")
        if _PARTICIPLE_REST.match(rest):  # "CLAUSE, Lewa said, estimating that …": the first clause
            return _before_clause(sentence, start) or _after_clause(rest)
        return _after_clause(rest) or _before_clause(sentence, start)
    before = sentence[max(0, start - 40):start]
    if _ACCORDING.search(before):
        opening = _OPENING_ACCORDING.match(sentence[:start])
        if opening and (noun := _SOURCE_NOUN_CLAIM.match(sentence[end:])):
            return noun.group("claim") if len(noun.group("claim").split()) >= _MIN_WORDS else None
        if opening:  # "According to the AHTJP, police rescued …"
            comma = sentence.find(", ", end)
            return _after_clause(sentence[comma + 1:]) if comma > 0 else None
        return _clause_before_cue(sentence, start - len(_ACCORDING.search(before).group(0)))
    if (m := _INVERTED.search(before)) and re.match(r"\s*(?:[,.]|$)", sentence[end:]):
        # "…, one carrying 430 people, said Steve Hamilton, deputy chief" (not "…, said police had found")
        return _clause_before_cue(sentence, start - len(m.group(0)) + 1)
    return None


def _clause_before_cue(sentence: str, cue: int) -> str | None:
    """"CLAUSE, according to X" / "CLAUSE, said X": everything before the cue's comma."""
    head = sentence[:cue].rstrip()
    if not head.endswith(","):
        return None
    clause = head[:-1].strip()
    return clause if len(clause.split()) >= _MIN_WORDS else None


def _speaker_before(sentence: str, pos: int, spans, claims: list[Claim]):
    """Who speaks the participle at ``pos``: the speaker already found, else the last person or
    organisation before it that a speech verb follows, else a pronoun subject."""
    if claims:
        c = claims[0]
        return (c.person, c.org, c.pronoun)
    for start, end, person, org in reversed([x for x in spans if x[1] <= pos]):
        if re.match(rf"[^.;]{{0,120}}?\b(?:{SPEECH_VERBS})\b", sentence[end:pos]):
            return (person, org, None)
    m = _PRONOUN_SPEECH.regex.search(sentence, max(0, pos - 60), pos)
    return (None, None, m.group("who").lower()) if m else None


_TO_WHOM = re.compile(r"^(?: to [\w' ]{1,30}?)?(?: on \w+)?(?= that\b)")  # "confirmed to Al Jazeera on Thursday that"


def _after_clause(rest: str) -> str | None:
    m = _CLAUSE_START.match(rest[_TO_WHOM.match(rest).end():] if _TO_WHOM.match(rest) else rest)
    if not m:
        return None
    clause = m.group("clause").strip().rstrip(".")
    return clause if len(clause.split()) >= _MIN_WORDS else None


def _before_clause(sentence: str, start: int, *, limit: int = 6) -> str | None:
    """"Trafficking has risen, Interior Minister X said": the clause ends at the last comma before
    the speaker and its title. A title of more than ``limit`` words passes when it is all names and
    title words ("Interior Minister and National Committee for Combating Trafficking head")."""
    head = sentence[:start]
    comma = head.rfind(", ")
    if comma < 0:
        return None
    title = head[comma + 2:].split()
    if len(title) > limit and any(w[:1].islower() and w not in _TITLE_LINKS for w in title):
        return None
    clause = head[:comma].strip()
    return clause if len(clause.split()) >= _MIN_WORDS else None
