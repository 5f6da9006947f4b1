"""Find an actor by any name or alias, with a clear "did you mean" when nothing matches."""

from __future__ import annotations

import difflib

from .errors import QueryError
from .resolve import normalise_name

__all__ = ["find_actor_id"]

_CANDIDATES = """
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, coalesce(a.names, []) + coalesce(a.aliases, []) AS names
"""


def find_actor_id(driver, database: str, name: str) -> str:
    """The id of the actor called ``name`` (exact id, name or alias after normalisation; then a
    unique close match); raises QueryError listing the closest names otherwise."""
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(_CANDIDATES, database_=database, routing_=RoutingControl.READ)
    wanted = normalise_name(name)
    by_name: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    for rec in records:
        if rec["id"] == name:
            return rec["id"]
        for n in [rec["name"], *rec["names"]]:
            if n:
                key = normalise_name(n)
                by_name.setdefault(key, set()).add(rec["id"])
                display.setdefault(key, rec["name"])
    hits = by_name.get(wanted)
    if hits and len(hits) == 1:
        return next(iter(hits))
    if hits:
        raise QueryError(f"{name!r} names several actors: {', '.join(sorted(hits))}; pass the id instead")
    close = difflib.get_close_matches(wanted, list(by_name), n=5, cutoff=0.6)
    if len(close) == 1 and len(by_name[close[0]]) == 1:
        return next(iter(by_name[close[0]]))
    suggestion = f"; did you mean {', '.join(repr(display[c]) for c in close)}?" if close else ""
    raise QueryError(f"no actor called {name!r}{suggestion}")
