"""Caps on what one extraction record may send to the graph.

Actor names become node ids (IRIs) and values of the ``actor_name`` index; Neo4j refuses an
index key over about 8 KB, and that error aborts the whole transaction — with it the batch, and
with it every later file. A name that long is an extraction accident (a paragraph without
sentence ends read as one agency name), so names are cut to :data:`MAX_NAME_CHARS` here, at the
boundary between record and graph, consistently wherever the same name is referred to, and the
file is named in a warning.
"""

from __future__ import annotations

import logging

from ..record import ExtractionRecord

__all__ = ["MAX_NAME_CHARS", "cap_names"]

MAX_NAME_CHARS = 300
_log = logging.getLogger(__name__)

# (list attribute of the record, fields of its items that name an actor or are indexed)
_NAME_FIELDS = (
    ("positions", ("person", "org", "title")),
    ("part_of", ("part", "whole")),
    ("gaps", ("org", "said_by")),
    ("statistics", ("said_by", "source_org", "measure")),
    ("statements", ("speaker",)),
    ("criticisms", ("critic", "target")),
    ("cases", ("place", "id")),
)


def cap_names(record: ExtractionRecord, limit: int = MAX_NAME_CHARS) -> int:
    """Cut over-long names in ``record`` (in place) to ``limit`` characters; returns how many
    distinct names were cut, after logging one warning naming the report's file."""
    cut: dict[str, str] = {}

    def cap(value):
        if isinstance(value, str) and len(value) > limit:
            return cut.setdefault(value, value[: limit - 1].rstrip() + "…")
        return value

    for actor in record.actors:
        actor.name = cap(actor.name)
        actor.aliases = [cap(a) for a in actor.aliases]
    for attribute, fields in _NAME_FIELDS:
        for item in getattr(record, attribute):
            for name in fields:
                setattr(item, name, cap(getattr(item, name, None)))
    for case in record.cases:
        case.agencies = [cap(a) for a in case.agencies]
        case.people = [cap(p) for p in case.people]
        case.roles = {role: [cap(n) for n in names] for role, names in (case.roles or {}).items()}
    if cut:
        longest = max(map(len, cut))
        _log.warning("%s: %d name(s) longer than %d characters (the longest %s) were cut to that "
                     "length; the text probably lacks sentence ends there", record.report.file,
                     len(cut), limit, f"{longest:,}")
    return len(cut)
