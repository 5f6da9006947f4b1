"""The actor table of one report: every organisation and person found, merged under one
canonical name with the aliases the report (and the gazetteer) uses for it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..record import Actor
from .gazetteer import NAME_CACHE_SIZE, norm

__all__ = ["Mention", "ActorTable"]


@dataclass(frozen=True)
class Mention:
    """A span of one sentence that names an actor (``key`` is its canonical name)."""

    start: int
    end: int
    key: str
    type: str
    text: str


@dataclass
class _Entry:
    name: str
    type: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    order: int = 0


class ActorTable:
    def __init__(self, countries: Mapping[str, Iterable[str]] | None = None) -> None:
        """``countries`` maps each country to its names and demonyms: a body of a country is the
        same body with or without them ("Indonesian National Police" = "National Police" of an
        Indonesian body; "Ministry of Justice of Thailand" = a Thai "Ministry of Justice")."""
        self._by_key: dict[str, _Entry] = {}
        self._alias: dict[str, str] = {}
        self._loose: dict[str, str] = {}   # spelling-blind key of an organisation's names -> its key
        self._own_words = _own_words_res(tuple((c, tuple(w)) for c, w in (countries or {}).items()))
        self._loose_keys: dict[tuple[str, str | None], str] = {}   # the same names recur in a report

    def add(self, name: str, type_: str, aliases: tuple[str, ...] | list[str] = (),
            country: str | None = None) -> str:
        """Register an actor (or find it by any of its names); returns its canonical name."""
        key = self.resolve(name)
        if key is None:
            for a in aliases:
                key = self.resolve(a)
                if key:
                    break
        if key is None and type_ != "Person":
            # one report spelling one body two ways ("Department of Special Investigation(s)",
            # "Ministry of Women's Empowerment …", "Inter-Agency"/"Interagency"): one actor
            key = self._loose.get(self._loose_key(name, country))
        if key is None:
            self._by_key[name] = _Entry(name, type_, country, order=len(self._by_key))
            key = name
            self._alias[norm(name)] = key
        entry = self._by_key[key]
        for a in (name, *aliases):
            self.add_alias(key, a)
        if entry.country is None:
            entry.country = country
        return key

    def add_alias(self, key: str, alias: str) -> None:
        n = norm(alias)
        if not n or n in self._alias and self._alias[n] != key:
            return
        self._alias[n] = key
        entry = self._by_key[key]
        if entry.type != "Person":
            self._loose.setdefault(self._loose_key(alias, entry.country), key)
        if alias != entry.name and alias not in entry.aliases:
            entry.aliases.append(alias)

    def _loose_key(self, name: str, country: str | None) -> str:
        known = self._loose_keys.get((name, country))
        if known is None:
            key = _loose_key(name)
            own = self._own_words.get(country or "")
            known = key if own is None else f"{country}|{' '.join(own.sub('', key).split()) or key}"
            self._loose_keys[(name, country)] = known
        return known

    def resolve(self, name: str) -> str | None:
        return self._alias.get(norm(name))

    def type_of(self, key: str) -> str | None:
        e = self._by_key.get(key)
        return e.type if e else None

    def country_of(self, key: str) -> str | None:
        e = self._by_key.get(key)
        return e.country if e else None

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def keys(self) -> list[str]:
        return list(self._by_key)

    def to_actors(self, keep: set[str]) -> list[Actor]:
        return [Actor(name=e.name, type=e.type, aliases=list(e.aliases), country=e.country)
                for e in sorted(self._by_key.values(), key=lambda e: e.order) if e.name in keep]


_SPELLING = (("organization", "organisation"), ("labor", "labour"), ("defense", "defence"), ("center", "centre"))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _loose_key(name: str) -> str:
    """A key blind to case, punctuation, hyphens, a possessive or plural s, British/American
    spelling, small words and word order: "Department of Labor, Protection, and Welfare" =
    "Department of Labour Protection and Welfare"; "Division of Anti-Trafficking in Persons" =
    "Anti-Trafficking in Persons Division"; "Ministry for People's Welfare" = "Ministry of …"."""
    k = norm(name).replace("-", "").replace("’", "'").replace("task force", "taskforce")
    k = re.sub(r"[^\w\s]", "", k)
    for a, b in _SPELLING:
        k = k.replace(a, b)
    k = re.sub(r"s\b", "", k)
    return " ".join(sorted(w for w in k.split() if w not in _SMALL_WORDS))


_SMALL_WORDS = frozenset({"and", "of", "for", "the", "in", "on", "to"})


@lru_cache(maxsize=4)
def _own_words_res(countries: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, re.Pattern]:
    """Per country, a pattern of its names and demonyms as they stand in a loose key."""
    out = {}
    for country, words in countries:
        keys = sorted({_loose_key(w) for w in words if _loose_key(w)}, key=len, reverse=True)
        if keys:
            out[country] = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b")
    return out
