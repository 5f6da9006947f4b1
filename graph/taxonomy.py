"""The implementation-gap taxonomy (``schemas/gap-taxonomy.yaml``): stable ids, two levels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from .paths import schema_file

__all__ = ["GapConcept", "Taxonomy", "load_taxonomy"]


@dataclass(frozen=True)
class GapConcept:
    id: str
    label: str
    pillar: str
    definition: str
    broader: str | None
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    pillars: dict[str, str]
    concepts: dict[str, GapConcept]

    def broad(self, gap_id: str) -> str:
        """The broad (top-level) concept of ``gap_id``; a top concept is its own broad concept."""
        concept = self.concepts[gap_id]
        return concept.broader or concept.id

    def __contains__(self, gap_id: object) -> bool:
        return gap_id in self.concepts


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    data = yaml.load(schema_file("gap-taxonomy.yaml").read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: faster start-up
    concepts = {}
    for c in data["concepts"]:
        concepts[c["id"]] = GapConcept(
            id=c["id"], label=c["label"], pillar=c["pillar"], definition=c["definition"],
            broader=c.get("broader"), cues=tuple(c.get("cues") or ()))
    for c in concepts.values():
        if c.broader and c.broader not in concepts:
            raise ValueError(f"gap-taxonomy.yaml: {c.id} has unknown broader {c.broader}")
    return Taxonomy(pillars=dict(data["pillars"]), concepts=concepts)
