"""Victims' privacy for extraction records: people who hold no post (victims, witnesses,
migrants named in stories) are pseudonymised consistently ("Person 1", "Person 2" … by sorted
name) and their quotes dropped; public officials and organisation representatives stay."""

from __future__ import annotations

import copy
import re

from .record import ExtractionRecord

__all__ = ["private_people", "redact_record"]


def private_people(record: ExtractionRecord) -> list[str]:
    """Names of the Person actors without a post in the record."""
    officials = {p.person.casefold() for p in record.positions}
    out = []
    for actor in record.actors:
        if actor.type != "Person":
            continue
        names = {actor.name.casefold(), *(a.casefold() for a in actor.aliases)}
        if not names & officials:
            out.append(actor.name)
    return sorted(out)


def redact_record(record: ExtractionRecord) -> ExtractionRecord:
    record = copy.deepcopy(record)
    private = private_people(record)
    if not private:
        return record
    pseudonym: dict[str, str] = {}
    surface: list[tuple[str, str]] = []
    for index, name in enumerate(private, start=1):
        actor = record.actor(name)
        alias = f"Person {index}"
        for n in (actor.name, *actor.aliases):
            pseudonym[n.casefold()] = alias
            surface.append((n, alias))
        actor.name, actor.aliases = alias, []
    # longest names first so "Has Nang" is replaced before "Nang"
    pattern = re.compile("|".join(re.escape(n) for n, _ in sorted(surface, key=lambda s: -len(s[0]))))
    lookup = {n: a for n, a in surface}

    def scrub(text: str | None) -> str | None:
        return pattern.sub(lambda m: lookup[m.group(0)], text) if text else text

    def swap(name: str | None) -> str | None:
        return pseudonym.get(name.casefold(), name) if name else name

    record.statements = [s for s in record.statements if s.speaker.casefold() not in pseudonym]
    for item in (*record.gaps, *record.statistics, *record.criticisms, *record.cases,
                 *record.positions, *record.part_of):
        item.evidence = scrub(item.evidence)
    for gap in record.gaps:
        gap.said_by = swap(gap.said_by)
    for stat in record.statistics:
        stat.said_by = swap(stat.said_by)
    for crit in record.criticisms:
        crit.critic, crit.target = swap(crit.critic), swap(crit.target)
    for case in record.cases:
        case.people = [swap(p) for p in case.people]
        case.summary = scrub(case.summary)
    return record
