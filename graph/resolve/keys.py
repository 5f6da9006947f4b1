"""Entity keys: one deterministic IRI per actor, whatever the spelling.

A name is normalised (case, a leading "the", British/American spelling, punctuation) into a key;
the key, not the surface name, makes the IRI. Cross-report resolution (gazetteer canonical names,
investigators' judgements) plugs in through :class:`graph.resolve.resolver.Resolver`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["STATE_TYPES", "normalise_name", "lookup_keys", "name_key", "country_key", "canonical_country"]


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


def lookup_keys(names: Iterable[str]) -> list[str]:
    """The normalised forms of an actor's names and aliases, sorted, each once: stored on the
    actor (``nameKeys``) so that finding it by a name is a comparison on the server, not a
    read of every actor's names.

    >>> lookup_keys(["Ministry of Labour", "ministry of labor", "MOL", "!!!"])
    ['ministry of labor', 'mol']
    """
    return sorted({key for key in map(_cached_normalise, names) if key})


@lru_cache(maxsize=65536)
def _cached_normalise(name: str) -> str:
    # a writer computes the keys of every actor of every batch: the same names again and again
    return normalise_name(name)


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
    from ..extract.gazetteer import load_gazetteer

    return load_gazetteer().country_name(country) or country.strip()


def country_key(country: str) -> str:
    """The IRI segment of a country.

    >>> country_key("Myanmar")
    'burma'
    """
    return name_key(canonical_country(country) or country)


def __getattr__(name: str):
    # STATE_TYPES: the actor types that belong to one state (``state: true`` in
    # schemas/model.yaml): their identity includes their country, so the Ministry of Health of
    # Indonesia and that of Cambodia are two nodes
    if name == "STATE_TYPES":
        from ..schema.vocabulary import vocabulary

        return vocabulary().state_types
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
