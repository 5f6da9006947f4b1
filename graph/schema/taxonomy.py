"""The implementation-gap taxonomy (``schemas/gap-taxonomy.yaml``): stable ids, two levels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..paths import schema_file
from .vocabulary import read_schema_yaml

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
    """The taxonomy of ``schemas/gap-taxonomy.yaml``; SchemaError (file, line) if malformed."""
    src = read_schema_yaml(schema_file("gap-taxonomy.yaml"))
    concepts = {}
    try:
        for c in src.data["concepts"]:
            concepts[c["id"]] = GapConcept(
                id=c["id"], label=c["label"], pillar=c["pillar"], definition=c["definition"],
                broader=c.get("broader"), cues=tuple(c.get("cues") or ()))
        pillars = dict(src.data["pillars"])
    except (KeyError, TypeError, ValueError) as exc:
        raise src.error(f"malformed gap taxonomy: {exc!r}", "concepts") from exc
    for c in concepts.values():
        if c.broader and c.broader not in concepts:
            raise src.error(f"{c.id} has unknown broader {c.broader}", "concepts")
    return Taxonomy(pillars=pillars, concepts=concepts)
