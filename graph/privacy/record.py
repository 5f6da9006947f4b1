"""Victims' privacy for extraction records: people who hold no post (victims, witnesses,
migrants named in stories) are pseudonymised consistently ("Person 1", "Person 2" … by sorted
name) and their quotes dropped; public officials and organisation representatives stay.

People marked as victims or witnesses (an actor's ``roles``, a case's ``victim`` role) are
private even when the extraction also found a post for them. Names are replaced ignoring case
and, for Latin-script names, only as whole words ("Dara" in "Daravy" stays).
"""

from __future__ import annotations

import copy
import re

from ..record import ExtractionRecord
from .rule import PRIVATE_ROLES, is_private, marked_private, name_pattern

__all__ = ["private_people", "redact_record"]


def private_people(record: ExtractionRecord, scope: str = "private") -> list[str]:
    """Names of the people to protect (:mod:`graph.privacy.rule`): anyone marked as a victim
    or witness (as an actor or in a case's roles) and, with scope ``private``, Person actors
    without a post."""
    officials = {p.person.casefold() for p in record.positions}
    out = set()
    for actor in record.actors:
        roles = getattr(actor, "roles", None) or ()
        if actor.type != "Person" and not marked_private(roles):
            continue
        names = {actor.name.casefold(), *(a.casefold() for a in actor.aliases)}
        if is_private(roles=roles, holds_post=bool(names & officials), scope=scope):
            out.add(actor.name)
    for case in record.cases:
        for role in PRIVATE_ROLES:
            out.update((getattr(case, "roles", None) or {}).get(role, []))
    return sorted(out)


def redact_record(record: ExtractionRecord) -> ExtractionRecord:
    record = copy.deepcopy(record)
    private = private_people(record)
    if not private:
        return record
    pseudonym: dict[str, str] = {}
    surface: list[tuple[str, str]] = []
    index = 0
    for name in private:
        if name.casefold() in pseudonym:  # an alias of a person already numbered
            continue
        index += 1
        actor = record.actor(name)
        alias = f"Person {index}"
        for n in (name, *(actor.aliases if actor else ())):
            pseudonym[n.casefold()] = alias
            surface.append((n, alias))
        if actor is not None:
            actor.name, actor.aliases = alias, []
    # longest names first so "Has Nang" is replaced before "Nang"
    pattern = re.compile("|".join(name_pattern(n) for n, _ in sorted(surface, key=lambda s: -len(s[0]))),
                         re.IGNORECASE)

    def scrub(text: str | None) -> str | None:
        # (IGNORECASE and casefold() differ on a few letters such as ß: never fail open)
        return pattern.sub(lambda m: pseudonym.get(m.group(0).casefold(), "[redacted]"), text) if text else text

    def swap(name: str | None) -> str | None:
        return pseudonym.get(name.casefold(), name) if name else name

    record.statements = [s for s in record.statements if s.speaker.casefold() not in pseudonym]
    for item in (*record.gaps, *record.statistics, *record.criticisms, *record.cases,
                 *record.positions, *record.part_of):
        item.evidence = scrub(item.evidence)
    for position in record.positions:
        position.person = swap(position.person)
    for gap in record.gaps:
        gap.said_by = swap(gap.said_by)
    for stat in record.statistics:
        stat.said_by = swap(stat.said_by)
    for crit in record.criticisms:
        crit.critic, crit.target = swap(crit.critic), swap(crit.target)
    for case in record.cases:
        case.people = [swap(p) for p in case.people]
        case.summary = scrub(case.summary)
        if getattr(case, "roles", None):
            case.roles = {role: _unique(swap(n) for n in names) for role, names in case.roles.items()}
    # then every other string of the record — titles, quotes of other speakers, places,
    # measures — so no field is forgotten: a name not named above is still a name
    record.report.title = scrub(record.report.title)
    for items in (record.actors, record.positions, record.part_of, record.gaps, record.statistics,
                  record.statements, record.criticisms, record.cases):
        for item in items:
            for key, value in vars(item).items():
                if isinstance(value, str):
                    setattr(item, key, scrub(value))
                elif isinstance(value, list):
                    setattr(item, key, [scrub(v) if isinstance(v, str) else v for v in value])
    return record


def _unique(names) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))
