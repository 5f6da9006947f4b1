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

__all__ = ["normalise_name", "name_key", "Resolver"]

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


@dataclass
class Resolver:
    """Maps any known name of an actor to its canonical key.

    ``aliases`` maps a normalised name to a canonical key (gazetteer entries, judgements);
    names it does not know fall back to their own key.
    """

    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Changes when the alias table changes, so reports are re-resolved on the next ingest."""
        digest = hashlib.sha256()
        for alias, key in sorted(self.aliases.items()):
            digest.update(f"{alias}\x1f{key}\x1e".encode("utf-8"))
        return digest.hexdigest()[:16]

    def key(self, *names: str) -> str:
        for name in names:
            hit = self.aliases.get(normalise_name(name))
            if hit:
                return hit
        return name_key(names[0])


def gazetteer_aliases() -> dict[str, str]:
    """Unambiguous names and acronyms of the gazetteer's bodies → the body's canonical key.
    Aliases shared by several bodies ("Ministry of Labour" exists in many countries) are left to
    the extractor, which knows the report's country."""
    from .extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    out: dict[str, str] = {}
    for alias, entries in gazetteer.by_alias.items():
        names = {e.name for e in entries}
        if len(names) == 1 and alias not in gazetteer.generic_aliases:
            out[normalise_name(alias)] = name_key(next(iter(names)))
    for country in gazetteer.countries.values():
        for alias in (country.government, *country.government_aliases):
            out[normalise_name(alias)] = name_key(country.government)
    return out


_DEFAULT: Resolver | None = None


def default_resolver() -> Resolver:
    """The resolver every ingest uses: investigators' judgements (``judgements.yaml`` in the data
    directory) over the gazetteer's canonical names over name normalisation."""
    global _DEFAULT  # built once per process: the gazetteer and judgements don't change mid-run
    if _DEFAULT is None:
        from .judgements import load_judgements

        _DEFAULT = Resolver(aliases={**gazetteer_aliases(), **load_judgements().merge_map()})
    return _DEFAULT
