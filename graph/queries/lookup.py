"""Find the node a query starts from: a node id, a gap id, or an actor's name or alias
(:func:`find_node_id`), and an actor by any name or alias with a clear "did you mean" when
nothing matches (:func:`find_actor_id`).

For an actor, the order of precedence: the exact id; an actor's own name (its `name` or `names`); then an alias;
then a unique close match. ``country`` leaves out every other country's bodies at each step, so
"Ministry of Interior" with ``--country Cambodia`` is Cambodia's ministry. When a name still
means several actors, the error lists each once as "name (country, type)".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..errors import QueryError
from ..resolve.keys import canonical_country, normalise_name

__all__ = ["find_actor_id", "find_node_id"]

# every actor, for the closest names when no name matches
_CANDIDATES = """
MATCH (a:Actor)
RETURN collect([a.id, a.name, coalesce(a.names, []), coalesce(a.aliases, []), a.country,
                [l IN labels(a) WHERE NOT l IN ['Actor', 'Agency']][0]]) AS actors
"""
# The node a key is the id (or gap id) of, and the actors it can name: those whose normalised
# names include it (``nameKeys``, kept by the writers), the one whose id it is, and any written
# before actors had keys, whose names are compared here. One round trip, one record: the
# driver's cost is mostly per record.
_NODE_OR_NAMED = """
RETURN head(COLLECT {
  MATCH (n:Actor {id: $name}) RETURN n.id AS id
  UNION MATCH (n:Gap {id: $name}) RETURN n.id AS id
  UNION MATCH (n:Gap {gapId: $name}) RETURN n.id AS id
  UNION MATCH (n:Case {id: $name}) RETURN n.id AS id
  UNION MATCH (n:Statistic {id: $name}) RETURN n.id AS id
  UNION MATCH (n:Statement {id: $name}) RETURN n.id AS id
}) AS id,
COLLECT {
  MATCH (a:Actor) WHERE a.id = $name OR a.nameKeys IS NULL OR $key IN a.nameKeys
  RETURN [a.id, a.name, coalesce(a.names, []), coalesce(a.aliases, []), a.country,
          [l IN labels(a) WHERE NOT l IN ['Actor', 'Agency']][0]]
} AS actors
"""


@dataclass(frozen=True)
class _Actor:
    id: str
    name: str
    country: str | None
    type: str | None

    @property
    def label(self) -> str:
        detail = ", ".join(x for x in (self.country, self.type or "Agency") if x)
        return f"{self.name} ({detail})"


def find_actor_id(driver, database: str, name: str, country: str | None = None) -> str:
    """The id of the actor called ``name`` (of ``country`` when given); raises QueryError
    listing the actors it could mean, or the closest names, otherwise."""
    from neo4j import RoutingControl

    wanted = normalise_name(name)
    records, _, _ = driver.execute_query(_NODE_OR_NAMED, name=name, key=wanted, database_=database,
                                         routing_=RoutingControl.READ)
    # the actors only: an actor's name never means a gap or a case, even one with that id
    return _actor_among(driver, database, records[0]["actors"], name, wanted, country)


def find_node_id(driver, database: str, key: str, country: str | None = None) -> str:
    """The id of the node ``key`` names: itself when it is a node id, the gap with that gap id,
    else the actor with that name or alias (QueryError with "did you mean" when none)."""
    from neo4j import RoutingControl

    wanted = normalise_name(key)
    records, _, _ = driver.execute_query(_NODE_OR_NAMED, name=key, key=wanted, database_=database,
                                         routing_=RoutingControl.READ)
    if records[0]["id"] is not None:
        return records[0]["id"]
    return _actor_among(driver, database, records[0]["actors"], key, wanted, country)


def _actor_among(driver, database: str, named, name: str, wanted: str, country: str | None) -> str:
    from neo4j import RoutingControl

    found = _match(named, name, wanted, country)
    if found is not None:
        return found
    # no actor has the name: the closest names, from every actor
    records, _, _ = driver.execute_query(_CANDIDATES, database_=database, routing_=RoutingControl.READ)
    return _match(records[0]["actors"], name, wanted, country, close=True)


def _match(actors, name: str, wanted: str, country: str | None, *, close: bool = False) -> str | None:
    """The id ``name`` means among ``actors``; None when no actor has it (unless ``close``: then
    a unique close match, or QueryError naming the closest)."""
    place = normalise_name(canonical_country(country) or "") if country else None
    by_name: dict[str, dict[str, _Actor]] = {}
    by_alias: dict[str, dict[str, _Actor]] = {}
    for actor_id, actor_name, names, aliases, actor_country, kind in actors:
        if actor_id == name:
            return actor_id
        # another country's body is out; people and bodies with no country stay candidates
        if place is not None and actor_country and normalise_name(actor_country) != place:
            continue
        actor = _Actor(actor_id, actor_name or actor_id, actor_country, kind)
        for n in (actor_name, *names):
            if n:
                by_name.setdefault(normalise_name(n), {})[actor.id] = actor
        for n in aliases:
            if n:
                by_alias.setdefault(normalise_name(n), {})[actor.id] = actor
    where = f" in {country}" if country else ""
    for table in (by_name, by_alias):  # an exact name beats an alias
        hits = table.get(wanted)
        if hits and len(hits) == 1:
            return next(iter(hits))
        if hits:
            listed = "; ".join(sorted({a.label for a in hits.values()}))
            hint = "" if country else " or --country"
            raise QueryError(f"{name!r} names {len(hits)} actors{where}: {listed}; "
                             f"pass the id{hint} to choose one")
    if not close:
        return None
    known = {**by_alias, **by_name}
    close_names = difflib.get_close_matches(wanted, list(known), n=5, cutoff=0.6)
    if len(close_names) == 1 and len(known[close_names[0]]) == 1:
        return next(iter(known[close_names[0]]))
    labels = sorted({a.label for c in close_names for a in known[c].values()})
    suggestion = f"; did you mean {', '.join(labels)}?" if labels else ""
    raise QueryError(f"no actor called {name!r}{where}{suggestion}")
