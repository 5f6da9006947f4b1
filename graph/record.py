"""The extraction record: what tipgraph reads out of one report.

``ExtractionRecord.to_dict()`` is exactly the shape ``shared/tools/score_extraction.py`` reads
(see ``shared/gold/README.md``), plus ``evidence`` (the sentence a fact came from) on each fact,
which the scorer ignores and the RDF stage turns into provenance.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = [
    "ACTOR_TYPES",
    "CASE_STATUSES",
    "Actor",
    "Position",
    "PartOf",
    "Gap",
    "Statistic",
    "Statement",
    "Criticism",
    "Case",
    "ReportMeta",
    "ExtractionRecord",
]

def __getattr__(name: str) -> Any:
    # ACTOR_TYPES and CASE_STATUSES are declared in schemas/model.yaml (graph.schema.vocabulary),
    # read when first asked for
    if name in ("ACTOR_TYPES", "CASE_STATUSES"):
        from .schema.vocabulary import vocabulary

        return vocabulary().actor_types if name == "ACTOR_TYPES" else vocabulary().case_statuses
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class Actor:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    roles: list[str] = field(default_factory=list)  # e.g. "victim", "witness": private people


@dataclass
class Position:
    person: str
    org: str
    title: str | None = None
    evidence: str | None = None


@dataclass
class PartOf:
    part: str
    whole: str
    evidence: str | None = None


@dataclass
class Gap:
    org: str
    gap: str
    said_by: str | None = None
    evidence: str | None = None


@dataclass
class Statistic:
    value: float | int
    measure: str | None = None
    year: int | None = None
    said_by: str | None = None
    source_org: str | None = None
    evidence: str | None = None
    kind: str | None = None   # None: an actual count; "recommended" or "target" (graph.extract.figures)


@dataclass
class Statement:
    speaker: str
    quote: str
    evidence: str | None = None


@dataclass
class Criticism:
    critic: str
    target: str
    evidence: str | None = None


@dataclass
class Case:
    summary: str | None = None
    year: int | None = None
    place: str | None = None
    status: str | None = None
    exploitation: str | None = None
    agencies: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    victims: int | None = None
    suspects: int | None = None
    evidence: str | None = None
    id: str | None = None
    date: str | None = None  # ISO date
    country: str | None = None
    stage: str | None = None  # recruitment / transit / exploitation
    # investigated_by, prosecuted_by, tried_by, victims_assisted_by, referred_from, referred_to,
    # implicated_official, suspect, victim -> names
    roles: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ReportMeta:
    file: str
    id: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO date
    author: str | None = None
    url: str | None = None
    country: str | None = None
    year: int | None = None
    format: str | None = None
    content_hash: str | None = None


_SECTIONS = {
    "actors": Actor,
    "positions": Position,
    "part_of": PartOf,
    "gaps": Gap,
    "statistics": Statistic,
    "statements": Statement,
    "criticisms": Criticism,
    "cases": Case,
}


@dataclass
class ExtractionRecord:
    report: ReportMeta
    actors: list[Actor] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    part_of: list[PartOf] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    criticisms: list[Criticism] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"report": _drop_none(asdict(self.report))}
        for name in _SECTIONS:
            out[name] = [_drop_none(asdict(item)) for item in getattr(self, name)]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ExtractionRecord":
        meta_fields = {f.name for f in fields(ReportMeta)}
        report = ReportMeta(**{k: v for k, v in (data.get("report") or {}).items() if k in meta_fields})
        kwargs: dict[str, Any] = {"report": report}
        for name, kind in _SECTIONS.items():
            known = {f.name for f in fields(kind)}
            kwargs[name] = [kind(**{k: v for k, v in item.items() if k in known})
                            for item in data.get(name) or []]
        return cls(**kwargs)

    def actor(self, name: str) -> Actor | None:
        """The actor whose name or alias is ``name`` (case-insensitive)."""
        key = name.casefold()
        for actor in self.actors:
            if actor.name.casefold() == key or key in (a.casefold() for a in actor.aliases):
                return actor
        return None


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != [] and v != {}}  # keeps the JSON lean
