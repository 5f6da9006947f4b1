"""Victims and witnesses named in a report's text, so that redaction protects them.

Case records say who the victims are; a news report says it in words: "Chea Sreymom, a
19-year-old victim", "a witness, Lim Rithy", "police rescued Dara Sok", "survivor Vanna Keo
testified". :func:`assign_private_roles` reads the report's sentences and gives the people it
finds so described the role ``victim`` or ``witness`` (the roles every export redacts by
default); a person so described whom extraction missed is added as a Person actor, because a
name that is not an actor cannot be found and replaced later.

Erring on the side of privacy is intended: a public official described as a victim is
pseudonymised in exports, never the reverse.

Example:
    >>> from graph.record import Actor, ExtractionRecord, ReportMeta
    >>> rec = ExtractionRecord(ReportMeta(file="x.txt", id="x.txt"),
    ...                        actors=[Actor("Lim Rithy", "Person", aliases=["Rithy"])])
    >>> assign_private_roles(rec, "A witness, Lim Rithy, spoke. The victim, Sokha Mean, did not.")
    2
    >>> [(a.name, a.roles) for a in rec.actors]
    [('Lim Rithy', ['witness']), ('Sokha Mean', ['victim'])]
"""

from __future__ import annotations

import re

from ..record import Actor, ExtractionRecord

__all__ = ["assign_private_roles", "roles_in_text"]

# a person's name as reports write it: two to four capitalised words
_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})"
_VICTIM = r"(?i:victims?|survivors?|trafficked\s+(?:girl|boy|woman|man|child|worker)|child\s+victim)"
_WITNESS = r"(?i:witness(?:es)?)"
_ROLE = rf"(?P<role>{_VICTIM}|{_WITNESS})"
_ARTICLE = r"(?i:(?:a|an|the|one|another)\s+)?"
_AGE = r"(?:\d{1,2}-year-old\s+)?"
_FILLER = r"(?:[\w-]+\s+){0,3}?"

# the role word before the name: "a witness, Lim Rithy", "the victim Sokha Mean", "survivor Vanna Keo"
_BEFORE = re.compile(rf"(?<![\w-]){_ROLE},?\s+(?i:named\s+|called\s+)?{_NAME}")
# the name, then an apposition: "Chea Sreymom, a 19-year-old victim from Kampot"
_AFTER = re.compile(rf"{_NAME},\s+{_ARTICLE}{_AGE}{_FILLER}{_ROLE}\b")
# what is done to a victim: "police rescued Dara Sok", "Dara Sok was trafficked"
_RESCUED = re.compile(rf"\b(?i:rescued|freed|trafficked|sold|smuggled)\s+{_NAME}")
_PASSIVE = re.compile(rf"{_NAME},?(?:\s+\d{{1,2}},)?\s+(?i:was|had\s+been|were)\s+(?:\w+\s+)?"
                      r"(?i:trafficked|rescued|sold|exploited|abused|raped|enslaved|freed)\b")
_TESTIFIED = re.compile(rf"{_NAME}\s+(?i:testified|gave\s+evidence)\b")

# capitalised words that start no person's name in these patterns
_NOT_A_NAME = frozenset("""the a an police ministry department court committee ngo government province
district he she they it his her their this that officials authorities agency office unit
victim victims survivor survivors witness witnesses""".split())
# words that make a capitalised phrase an organisation or a title, not a person
_ORG_WORDS = frozenset("""unit support centre center office department ministry committee police court
director chief minister service services network foundation association council programme program
fund project bureau agency commission force team hotline shelter act mission division
international law coordinator organisation organization institute""".split())
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n{2,}")


def roles_in_text(text: str) -> dict[str, list[str]]:
    """``{name as written: ["victim", "witness"]}`` for the people the text so describes."""
    found: dict[str, list[str]] = {}
    for sentence in _SENTENCE.split(text):
        for pattern in (_BEFORE, _AFTER):
            for m in pattern.finditer(sentence):
                _add(found, m.group("name"), "witness" if m.group("role").lower().startswith("witness") else "victim")
        for pattern, role in ((_RESCUED, "victim"), (_PASSIVE, "victim"), (_TESTIFIED, "witness")):
            for m in pattern.finditer(sentence):
                _add(found, m.group("name"), role)
    return found


def assign_private_roles(record: ExtractionRecord, text: str) -> int:
    """Give the people ``text`` describes as victims or witnesses that role in ``record`` (in
    place), adding those extraction missed as Person actors; returns how many people got a role."""
    people: dict[str, Actor] = {}
    others: set[str] = set()
    for actor in record.actors:
        for name in (actor.name, *actor.aliases):
            if actor.type == "Person":
                people.setdefault(name.casefold(), actor)
            else:
                others.add(name.casefold())
    marked: set[int] = set()
    for name, roles in roles_in_text(text).items():
        key = name.casefold()
        if key in others:
            continue  # "the victim Ministry …" is not a person
        actor = people.get(key) or _longest_known_part(people, key)
        if actor is None and len(name.split()) < 2:
            continue  # a lone word is no name to add
        if actor is None:
            actor = Actor(name, "Person")
            record.actors.append(actor)
            people[key] = actor
        actor.roles = [*actor.roles, *(r for r in roles if r not in actor.roles)]
        marked.add(id(actor))
    return len(marked)


def _add(found: dict[str, list[str]], name: str, role: str) -> None:
    words = name.split()
    while words and words[0].casefold() in _NOT_A_NAME:  # "The victim Sokha Mean": lead word
        words = words[1:]
    if not words or any(w.casefold() in _ORG_WORDS for w in words):
        return
    roles = found.setdefault(" ".join(words), [])
    if role not in roles:
        roles.append(role)


def _longest_known_part(people: dict[str, Actor], key: str) -> Actor | None:
    """A known person inside a longer match ("Rithy Said" → "Rithy")."""
    for known in sorted(people, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(known)}(?!\w)", key):
            return people[known]
    return None
