"""Likely duplicate actors for an investigator to review (`tipgraph resolve`).

Blocking keeps this linear-ish: each actor is filed under a few keys (its rarer name tokens,
its acronym, a person's family and given name), only actors sharing a key are compared, and
oversized blocks (very common tokens) are skipped. Never all pairs.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable

from .keys import normalise_name

__all__ = ["ActorName", "Candidate", "duplicate_candidates", "graph_actors", "candidates_in_graph", "candidate_rows",
           "CANDIDATE_COLUMNS"]

_ACTORS = """
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, coalesce(a.names, []) + coalesce(a.aliases, []) AS aliases,
       a:Person AS person, a.country AS country,
       [l IN labels(a) WHERE NOT l IN ['Actor', 'Agency']][0] AS type
"""

_GENERIC = frozenset("""
of the and for on in to a an national ministry department committee council office bureau agency
police court government royal general provincial municipal affairs division unit authority
commission center centre services service organization international foundation association
""".split())
_MAX_BLOCK = 200


@dataclass(frozen=True)
class ActorName:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    person: bool = False
    country: str | None = None
    type: str | None = None  # Ministry, NGO, … (the most specific label)

    @property
    def label(self) -> str:
        """"name (country, type)", as investigators tell actors apart."""
        detail = ", ".join(x for x in (self.country, self.type) if x)
        return f"{self.name} ({detail})" if detail else self.name


@dataclass(frozen=True)
class Candidate:
    score: float
    a: ActorName
    b: ActorName
    reason: str


def _acronyms(norm: str) -> set[str]:
    """"ministry of labor and vocational training" → {"molavt", "mlvt", "molvt"}: reports write
    acronyms with and without the small words, and often keep only "of"."""
    words = norm.split()
    small = ("of", "the", "and", "for", "on", "in")
    return {"".join(w[0] for w in words),
            "".join(w[0] for w in words if w not in small),
            "".join(w[0] for w in words if w not in small or w == "of")}


def _keys(actor: ActorName) -> set[str]:
    keys = set()
    for name in (actor.name, *actor.aliases):
        norm = normalise_name(name)
        words = norm.split()
        if not words:
            continue
        if actor.person:
            keys.add("p:" + words[-1])
            keys.add("p:" + words[0])
            continue
        keys.update("t:" + w for w in words if w not in _GENERIC and len(w) > 2)
        if len(words) == 1 and len(words[0]) <= 6:
            keys.add("a:" + words[0])
        elif len(words) > 1:
            keys.update("a:" + a for a in _acronyms(norm))
    return keys


def _score(a: ActorName, b: ActorName) -> tuple[float, str]:
    names_a = {normalise_name(n) for n in (a.name, *a.aliases)} - {""}
    names_b = {normalise_name(n) for n in (b.name, *b.aliases)} - {""}
    if names_a & names_b:
        return 1.0, "share a name or alias"
    for x in names_a:
        for y in names_b:
            if " " not in x and len(x) <= 6 and x in _acronyms(y):
                return 0.9, f"{x!r} is the acronym of {y!r}"
            if " " not in y and len(y) <= 6 and y in _acronyms(x):
                return 0.9, f"{y!r} is the acronym of {x!r}"
    best, pair = 0.0, ("", "")
    for x in names_a:
        for y in names_b:
            ratio = difflib.SequenceMatcher(None, x, y).ratio()
            tx, ty = set(x.split()), set(y.split())
            if tx and ty and (tx <= ty or ty <= tx):
                ratio = max(ratio, 0.8)  # "Ministry of Labor" within "Ministry of Labor and Vocational Training"
            if ratio > best:
                best, pair = ratio, (x, y)
    return best, f"similar names {pair[0]!r} / {pair[1]!r}"


def graph_actors(driver, database: str) -> list[ActorName]:
    """Every actor of the graph with its names, country and type (read mode)."""
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(_ACTORS, database_=database, routing_=RoutingControl.READ)
    return [ActorName(r["id"], r["name"], tuple(r["aliases"]), r["person"], r["country"], r["type"])
            for r in records]


def candidates_in_graph(driver, database: str, *, threshold: float = 0.8) -> list[Candidate]:
    """:func:`duplicate_candidates` over the graph's actors, minus pairs judged apart."""
    from .judgements import load_judgements

    return duplicate_candidates(graph_actors(driver, database), threshold=threshold,
                                keep_apart=load_judgements().keep_apart)


def _other_countries(a: ActorName, b: ActorName) -> bool:
    """Bodies of two countries are two bodies, however alike their names ("Ministry of Health");
    only international organisations cross borders."""
    if not a.country or not b.country or normalise_name(a.country) == normalise_name(b.country):
        return False
    return not (a.type == b.type == "InternationalOrganization")


def duplicate_candidates(actors: Iterable[ActorName], *, threshold: float = 0.8,
                         keep_apart: Iterable[tuple[str, ...]] = ()) -> list[Candidate]:
    """Pairs of actors that probably are one, best first; never two countries' bodies."""
    actors = list(actors)
    apart = {frozenset(normalise_name(n) for n in group) for group in keep_apart}
    blocks: dict[str, list[ActorName]] = defaultdict(list)
    for actor in actors:
        for key in _keys(actor):
            blocks[key].append(actor)
    seen: set[tuple[str, str]] = set()
    out = []
    for members in blocks.values():
        if len(members) > _MAX_BLOCK:
            continue
        for a, b in combinations(members, 2):
            if a.person != b.person or a.id == b.id or _other_countries(a, b):
                continue
            pair = tuple(sorted((a.id, b.id)))
            if pair in seen:
                continue
            seen.add(pair)
            if any({normalise_name(a.name), normalise_name(b.name)} <= group for group in apart):
                continue
            score, reason = _score(a, b)
            if score >= threshold:
                out.append(Candidate(round(score, 3), a, b, reason))
    return sorted(out, key=lambda c: (-c.score, c.a.name, c.b.name))


CANDIDATE_COLUMNS = ["score", "actor_a", "actor_b", "country_a", "country_b", "type_a", "type_b", "reason",
                     "id_a", "id_b"]


def candidate_rows(driver, database: str, threshold: float = 0.8) -> list[dict]:
    """:func:`candidates_in_graph` as rows of :data:`CANDIDATE_COLUMNS`, best first (`tipgraph
    resolve candidates`)."""
    return [{"score": c.score, "actor_a": c.a.name, "actor_b": c.b.name, "country_a": c.a.country,
             "country_b": c.b.country, "type_a": c.a.type, "type_b": c.b.type, "reason": c.reason,
             "id_a": c.a.id, "id_b": c.b.id}
            for c in candidates_in_graph(driver, database, threshold=threshold)]
