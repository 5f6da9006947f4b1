"""Structured case records → an :class:`~graph.record.ExtractionRecord`.

The ``cases`` loader (graph/loaders/cases.py) has already mapped each row onto the canonical
columns of ``schemas/case-columns.yaml``; here one row becomes one :class:`CaseRecord` and the
agencies and people named in its role columns become actors.

- Names are looked up in the gazetteer (:func:`graph.extract.gazetteer.load_gazetteer`: name
  or alias, compared as extraction compares them), so "Anti-Human Trafficking and Juvenile Protection Department" in a
  spreadsheet becomes the same actor a text report names. Unknown names keep their spelling
  and get a type guessed from keywords (Court, Police → LawEnforcement, Ministry, Committee,
  NGO …), falling back on what the role implies (``tried_by`` → Court).
- Victims are ``Person`` actors carrying the role ``victim`` (:class:`CaseActor`). They are
  kept out of ``Case.people`` and out of the report text; who is private, and redaction, are
  :mod:`graph.privacy`'s.

``CaseRecord`` and ``CaseActor`` extend :class:`graph.record.Case` / :class:`graph.record.Actor`
with ``id``, ``roles`` (role → names), ``stage``, ``country``, ``date`` and the actor's
``roles``; code that knows only the base classes still works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from ..extract.gazetteer import Gazetteer, load_gazetteer, norm
from ..privacy.rule import PRIVATE_ROLES
from ..record import Actor, Case, ExtractionRecord, ReportMeta
from ..report import Report
from ..schema.vocabulary import vocabulary
from .cases import ROLE_COLUMNS, case_summary

__all__ = ["CaseRecord", "CaseActor", "AGENCY_ROLES", "PERSON_ROLES", "extract_case_rows",
           "guess_actor_type"]

# the case roles of schemas/model.yaml that name agencies, and those that name people
AGENCY_ROLES = vocabulary().roles_naming("agency")
PERSON_ROLES = vocabulary().roles_naming("person")

# first match wins: specific before general ("Court prosecutor" is a prosecutor, not a court)
_TYPE_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I)) for kind, pattern in (
        ("InternationalOrganization", r"\b(united nations|UN[A-Z]{2,}|UNICEF|UNODC|UNHCR|IOM|ILO|"
                                      r"international organi[sz]ation for migration|"
                                      r"international labou?r organi[sz]ation|interpol|asean)\b"),
        ("Company", r"\b(co\.?,? ?ltd|ltd|limited|sdn\.? bhd|plc|inc|corp(oration)?|company|"
                    r"recruitment agency|employment agency|enterprises?|trading|fishing fleet)\b\.?"),
        ("GovernmentBody", r"\b(prosecutors?|prosecution|procurator|attorney[- ]general)\b"),
        ("Ministry", r"\bminist(ry|ries|erio)\b"),
        ("Court", r"\b(court|tribunal|judge|judiciary)\b"),
        ("LawEnforcement", r"\b(police|gendarmerie|navy|coast ?guard|maritime enforcement|"
                           r"border guard|special investigation|enforcement agency|"
                           r"anti-human trafficking and juvenile protection|"
                           r"anti-trafficking in persons division|immigration police)\b"),
        ("Committee", r"\b(committee|council|commission|task ?force)\b"),
        ("NGO", r"\b(NGO|foundation|association|shelter|alliance|network|mission|legal aid|"
                r"league|haven|charity|trust|center for|centre for|rights)\b"),
        ("GovernmentBody", r"\b(department|office|administration|government|authority|"
                           r"municipal|provincial|commune|embassy|consulate|immigration|bureau|"
                           r"agency|directorate|inspectorate)\b"),
    ))
_COMPANY = next(pattern for kind, pattern in _TYPE_KEYWORDS if kind == "Company")


@dataclass
class CaseRecord(Case):
    """A :class:`~graph.record.Case` from a structured row: its id and who did what."""

    id: str | None = None
    date: str | None = None  # ISO date
    country: str | None = None
    stage: str | None = None
    roles: dict[str, list[str]] = field(default_factory=dict)  # role column -> actor names


@dataclass
class CaseActor(Actor):
    """An :class:`~graph.record.Actor` with the case roles it plays (``victim`` → redact)."""

    roles: list[str] = field(default_factory=list)

    @property
    def is_victim(self) -> bool:
        return "victim" in self.roles


def extract_case_rows(report: Report) -> ExtractionRecord:
    """One :class:`CaseRecord` per row of ``report.case_rows`` and its actors.

    >>> from graph.report import Report
    >>> rec = extract_case_rows(Report(path="c.csv", text="", format="cases", case_rows=(
    ...     {"case_id": "KH-1", "year": 2019, "status": "convicted",
    ...      "tried_by": ["Phnom Penh Municipal Court"], "suspect": ["Sok Dara"]},)))
    >>> [(c.id, c.status, c.agencies, c.people) for c in rec.cases]
    [('KH-1', 'convicted', ['Phnom Penh Municipal Court'], ['Sok Dara'])]
    >>> [(a.name, a.type) for a in rec.actors]
    [('Phnom Penh Municipal Court', 'Court'), ('Sok Dara', 'Person')]
    """
    gazetteer = load_gazetteer()
    actors: dict[str, CaseActor] = {}
    cases = [_case(row, gazetteer, actors, default_country=report.country) for row in report.case_rows]
    return ExtractionRecord(report=_report_meta(report), actors=list(actors.values()), cases=cases)


def guess_actor_type(name: str, role: str | None = None) -> str:
    """An actor type for ``name`` from keywords, else from what ``role`` implies.

    >>> guess_actor_type("Siem Reap Provincial Court")
    'Court'
    >>> guess_actor_type("Banteay Meanchey Provincial Police")
    'LawEnforcement'
    >>> guess_actor_type("Kampot Court Prosecutor")
    'GovernmentBody'
    >>> guess_actor_type("Sok Dara", "suspect")
    'Person'
    """
    if role in PERSON_ROLES:
        # a suspect may be a recruitment company; anything else named in a person role is a person
        return "Company" if _COMPANY.search(name) else "Person"
    for kind, pattern in _TYPE_KEYWORDS:
        if pattern.search(name):
            return kind
    declared = vocabulary().case_roles.get(role or "")
    return declared.default_type if declared else "GovernmentBody"


# --- helpers ---------------------------------------------------------------------------

def _case(row: dict[str, Any], gazetteer: Gazetteer, actors: dict[str, CaseActor],
          default_country: str | None) -> CaseRecord:
    country = row.get("country") or default_country
    roles: dict[str, list[str]] = {}
    for role in ROLE_COLUMNS:
        for raw_name in row.get(role) or []:
            actor = _actor(raw_name, role, country, gazetteer, actors)
            roles.setdefault(role, [])
            if actor.name not in roles[role]:
                roles[role].append(actor.name)
    agencies = _unique(n for r in AGENCY_ROLES + PERSON_ROLES for n in roles.get(r, [])
                       if actors[n.casefold()].type != "Person")
    people = _unique(n for r in AGENCY_ROLES + PERSON_ROLES if r not in PRIVATE_ROLES
                     for n in roles.get(r, []) if actors[n.casefold()].type == "Person")
    place = ", ".join(p for p in (row.get("place"), country) if p) or None
    return CaseRecord(
        summary=row.get("summary") or _short_summary(row),
        year=row.get("year"), place=place, status=row.get("status"),
        exploitation=row.get("exploitation"), agencies=agencies, people=people,
        victims=row.get("victims"), suspects=row.get("suspects"), evidence=case_summary(row),
        id=row.get("case_id"), date=row.get("date"), country=country, stage=row.get("stage"),
        roles=roles,
    )


def _actor(raw_name: str, role: str, country: str | None, gazetteer: Gazetteer,
           actors: dict[str, CaseActor]) -> CaseActor:
    # a gazetteer hit names an organisation; people (victims above all) are never looked up
    known = _known(gazetteer, raw_name) if role in AGENCY_ROLES else None
    name, kind = known if known else (raw_name, guess_actor_type(raw_name, role))
    actor = actors.get(name.casefold())
    if actor is None:
        actor = CaseActor(name=name, type=kind, country=country if kind != "InternationalOrganization" else None)
        actors[name.casefold()] = actor
    if raw_name != name and raw_name not in actor.aliases:
        actor.aliases.append(raw_name)
    if role not in actor.roles:
        actor.roles.append(role)
    return actor


def _short_summary(row: dict[str, Any]) -> str:
    words = [row.get("exploitation", "") and f"{row['exploitation'].replace('_', ' ')} exploitation",
             "case", row.get("place") and f"in {row['place']}",
             row.get("status") and f"({row['status']})"]
    return " ".join(w for w in words if w)


def _report_meta(report: Report) -> ReportMeta:
    values = {"file": report.path, "id": report.id, "title": report.title, "publisher": report.publisher,
              "date": report.date.isoformat() if report.date else None, "author": report.author,
              "url": report.url, "country": report.country, "year": report.year,
              "format": report.format, "content_hash": report.content_hash}
    known = {f.name for f in fields(ReportMeta)}  # ReportMeta may gain fields; fill what exists
    return ReportMeta(**{k: v for k, v in values.items() if k in known})


def _known(gazetteer: Gazetteer, raw_name: str) -> tuple[str, str] | None:
    """(canonical name, type) of the gazetteer organisation called ``raw_name``, if any."""
    key = norm(raw_name)
    entries = [e for e in gazetteer.by_alias.get(key, ()) if key not in e.context_norms]
    return (entries[0].name, entries[0].type) if entries else None


def _unique(names: Any) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out
