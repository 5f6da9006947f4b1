"""Entity keys: one deterministic IRI per actor, whatever the spelling.

A name is normalised (case, a leading "the", British/American spelling, punctuation) into a key;
the key, not the surface name, makes the IRI. Cross-report resolution (gazetteer canonical names,
investigators' judgements) plugs in through :class:`Resolver`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["STATE_TYPES", "normalise_name", "name_key", "country_key", "canonical_country", "Resolver",
           "default_resolver"]

# Actor types that belong to one state: their identity includes their country, so the Ministry
# of Health of Indonesia and that of Cambodia are two nodes.
STATE_TYPES = frozenset({"Ministry", "Committee", "LawEnforcement", "Court", "GovernmentBody"})

# British → American spellings that appear in agency names; keys use one spelling.
_SPELLING = {
    "labour": "labor", "organisation": "organization", "organisations": "organizations",
    "centre": "center", "centres": "centers", "programme": "program", "defence": "defense",
    "counselling": "counseling", "judgement": "judgment", "favour": "favor",
}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalise_name(name: str) -> str:
    """Case-folded words joined by one space, without a leading 'the', spelling unified.

    >>> normalise_name("The Ministry of Labour & Vocational Training")
    'ministry of labor and vocational training'
    """
    text = unicodedata.normalize("NFKC", name).replace("&", " and ").replace("’", "'")
    text = re.sub(r"'s\b", "s", text)
    words = [w.casefold() for w in _WORD.findall(text)]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(_SPELLING.get(w, w) for w in words)


def name_key(name: str) -> str:
    """A slug usable in an IRI path segment; a hash when nothing word-like is left.

    >>> name_key("Ministry of Labour")
    'ministry-of-labor'
    """
    norm = normalise_name(name)
    if not norm:
        return "h" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]
    return norm.replace(" ", "-")


def canonical_country(country: str | None) -> str | None:
    """The gazetteer's name of a country ("Myanmar" -> "Burma"); other names unchanged."""
    if not country or not country.strip():
        return None
    from .extract.gazetteer import load_gazetteer

    return load_gazetteer().country_name(country) or country.strip()


def country_key(country: str) -> str:
    """The IRI segment of a country.

    >>> country_key("Myanmar")
    'burma'
    """
    return name_key(canonical_country(country) or country)


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
    from .extract.gazetteer import load_gazetteer

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
    from .judgements import load_judgements

    unscoped, scoped, countries = gazetteer_tables()
    judged = (judgements or load_judgements()).canonical_names()
    return Resolver(aliases=unscoped, scoped=scoped, countries=countries, judged=judged)
