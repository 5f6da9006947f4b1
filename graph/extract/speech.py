"""Who says what: direct quotes and their speakers, and the speaker of a sentence of reported
speech, following pronouns ("he said") and short names to the right person."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import Mention
from .people import PersonHit

__all__ = ["Quote", "find_quotes", "SPEECH_VERBS"]

SPEECH_VERBS = (r"said|says|say|told|tells|added|adds|explained|warned|noted|stated|acknowledged|admitted|agreed"
                r"|urged|insisted|claimed|argued|announced|confirmed|stressed|wrote|estimated|found|reported|believes"
                r"|believed|showed|shows|concluded|recommended|observed|pledged")
_QUOTE = re.compile(r"“([^”“]{3,}?)(?:”|$)|\"([^\"]{3,}?)(?:\"|$)")
_AFTER = re.compile(rf"^[,.!?]?\s*[”\"]?\s*,?\s*(?P<who>he|she|they|it|the report|the study|the statement|[A-Z][\w'. -]{{1,60}}?)"
                    rf"\s(?:also\s)?(?:{SPEECH_VERBS})\b")
_AFTER_INV = re.compile(rf"^[,.!?]?\s*[”\"]?\s*,?\s*(?:{SPEECH_VERBS})\s(?P<who>the report|the study|[A-Z][\w'. -]{{1,60}}?)[,.]")
_PRONOUN_SPEECH = re.compile(rf"\b(?P<who>[Hh]e|[Ss]he)\s(?:also\s|later\s|further\s)?(?:{SPEECH_VERBS})\b")


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
    return bool(_PRONOUN_SPEECH.search(sentence))


def person_speaking(sentence: str, people: list[PersonHit]) -> PersonHit | None:
    """The person the sentence reports speaking: "X said", "according to X", "echoed by X" aside."""
    for p in people:
        after = sentence[p.end:p.end + 40]
        before = sentence[max(0, p.start - 20):p.start]
        if re.match(rf"^,?\s(?:also\s|later\s|meanwhile,\s)?(?:{SPEECH_VERBS})\b", after) or \
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
