"""The resolver: any known name of an actor → its canonical key.

Investigators' judgements (:mod:`graph.resolve.judgements`) over the gazetteer's canonical names
over name normalisation (:mod:`graph.resolve.keys`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .judgements import load_judgements
from .keys import country_key, name_key, normalise_name

__all__ = ["Resolver", "gazetteer_tables", "default_resolver", "fresh_resolver"]


@dataclass
class Resolver:
    """Maps any known name of an actor to its canonical key.

    ``aliases`` maps a normalised name to a canonical key (gazetteer entries, judgements);
    ``scoped`` maps (country key, normalised name) to a canonical key, for names that mean a
    body of that country only ("Ministry of Labour" in a Cambodian report); ``countries`` maps a
    government's normalised names to its country ("Government of Burma" -> Burma).
    Names it does not know fall back to their own key. A state body's key (see
    :data:`STATE_TYPES`) is prefixed with its country's key: ``cambodia/ministry-of-interior``.
    """

    aliases: dict[str, str] = field(default_factory=dict)
    scoped: dict[tuple[str, str], str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    # investigators' merge judgements: normalised name -> the group's first name, normalised;
    # looked up first, so a judged name resolves as its canonical name would (in its country)
    judged: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Changes when the alias table changes, so reports are re-resolved on the next ingest."""
        digest = hashlib.sha256()
        for alias, key in sorted(self.aliases.items()):
            digest.update(f"{alias}\x1f{key}\x1e".encode("utf-8"))
        for (country, alias), key in sorted(self.scoped.items()):
            digest.update(f"{country}\x1f{alias}\x1f{key}\x1e".encode("utf-8"))
        for alias, canonical in sorted(self.judged.items()):
            digest.update(f"={alias}\x1f{canonical}\x1e".encode("utf-8"))
        return digest.hexdigest()[:16]

    def country_of(self, *names: str) -> str | None:
        """The country the gazetteer gives a body of one of these names, if any."""
        for name in names:
            hit = self.countries.get(normalise_name(name))
            if hit:
                return hit
        return None

    def key(self, *names: str, country: str | None = None) -> str:
        """The canonical key of the actor called ``names``; ``country`` (given for state bodies
        only) scopes it."""
        scope = country_key(country) if country else None
        if self.judged:
            names = tuple(self.judged.get(normalise_name(n), n) for n in names)
        base = None
        for name in names:
            norm = normalise_name(name)
            base = (self.scoped.get((scope, norm)) if scope else None) or self.aliases.get(norm)
            if base:
                break
        base = base or name_key(names[0])
        return f"{scope}/{base}" if scope else base


def gazetteer_tables() -> tuple[dict[str, str], dict[tuple[str, str], str], dict[str, str]]:
    """The gazetteer as resolver tables: (unscoped aliases, country-scoped aliases, name ->
    country). A body of a country is found by its aliases within that country only, so no alias
    joins the bodies of two countries; an alias two bodies of one country share is left to the
    extractor. International bodies keep unscoped aliases when they are unambiguous. Only a
    government's names say which country they belong to: "Ministry of Health" exists everywhere,
    so a ministry's country is the record's or the report's."""
    from ..extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    unscoped: dict[str, str] = {}
    scoped: dict[tuple[str, str], set[str]] = {}
    countries: dict[str, set[str]] = {}
    for alias, entries in gazetteer.by_alias.items():
        norm = normalise_name(alias)
        stateless = {e.name for e in entries if not e.country}
        if len(stateless) == 1 and len(entries) == 1 and alias not in gazetteer.generic_aliases:
            unscoped[norm] = name_key(next(iter(stateless)))
        for entry in entries:
            if entry.country:
                scoped.setdefault((country_key(entry.country), norm), set()).add(name_key(entry.name))
    for country in gazetteer.countries.values():
        for alias in (country.government, *country.government_aliases):
            norm = normalise_name(alias)
            scoped[(country_key(country.name), norm)] = {name_key(country.government)}
            countries.setdefault(norm, set()).add(country.name)
    return (unscoped, {k: next(iter(v)) for k, v in scoped.items() if len(v) == 1},
            {k: next(iter(v)) for k, v in countries.items() if len(v) == 1})


_DEFAULT: Resolver | None = None


def default_resolver() -> Resolver:
    """The resolver every ingest uses: investigators' judgements (``judgements.yaml`` in the data
    directory) over the gazetteer's canonical names over name normalisation."""
    global _DEFAULT  # built once per process: the gazetteer and judgements don't change mid-run
    if _DEFAULT is None:
        _DEFAULT = fresh_resolver()
    return _DEFAULT


def fresh_resolver(judgements=None) -> Resolver:
    """A resolver built now from the gazetteer and ``judgements`` (default: the file's)."""
    unscoped, scoped, countries = gazetteer_tables()
    judged = (judgements or load_judgements()).canonical_names()
    return Resolver(aliases=unscoped, scoped=scoped, countries=countries, judged=judged)
