"""The gazetteer of real organisations (``schemas/gazetteer.yaml``), loaded once and indexed for
fast lookup: aliases go into two trie-shaped regular expressions (acronyms and one-word names
case-sensitive, longer names case-insensitive) so a whole text is scanned in one pass."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import SchemaError
from ..record import ACTOR_TYPES
from ..schema.vocabulary import vocabulary
from .literals import Prefiltered
from .rule_files import read_rule_file

__all__ = ["OrgEntry", "CountryEntry", "Gazetteer", "load_gazetteer", "norm", "trie_regex", "capitalised_word_regex"]

_GENERIC = re.compile(
    r"^(the )?((ministry|department|bureau|office) (of|for) (the )?[\w']+( (affairs|security|resources))?"
    r"|[\w']+ ministry|[\w']+ affairs ministry|national police|supreme court|[\w']+ (department|bureau|command)"
    r"|department of [\w']+|bureau of [\w']+|border guards?|foreign ministry|department of state|state department)$",
    re.I)


STATE_TYPES = vocabulary().state_types   # schemas/model.yaml
_ORG_KEYS = frozenset({"name", "type", "country", "aliases", "context_aliases", "part_of"})


# names remembered by the name caches below: the 106 real reports hold 3,278 distinct names, and
# a report's own names repeat within it; 65,536 let a long ingest's workers grow by 25 MB
# (0.4 KB a name) as a hundred thousand reports' new names filled them
NAME_CACHE_SIZE = 4096

_QUOTES = re.compile(r"[\u2018\u2019`]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=NAME_CACHE_SIZE)
def norm(name: str) -> str:
    """The comparison form of a name (as the shared scorer compares): lower case, one space, no
    leading "the", no edge punctuation."""
    s = _SPACES.sub(" ", _QUOTES.sub("'", name or "").strip().lower())
    if s.startswith("the "):
        s = s[4:]
    return s.strip(" .,;:")


@dataclass(frozen=True)
class OrgEntry:
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...]
    part_of: str | None
    context_norms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CountryEntry:
    name: str
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]
    government: str
    government_aliases: tuple[str, ...]


@dataclass
class Gazetteer:
    orgs: list[OrgEntry]
    countries: dict[str, CountryEntry]
    places: frozenset[str]                                        # places and regions
    news_agencies: frozenset[str]
    publishers: frozenset[str]
    boilerplate: list[re.Pattern]
    by_alias: dict[str, list[OrgEntry]] = field(default_factory=dict)
    generic_aliases: set[str] = field(default_factory=set)
    country_of: dict[str, str] = field(default_factory=dict)      # name/alias/demonym -> country
    by_name: dict[str, OrgEntry] = field(default_factory=dict)
    org_regex_cs: re.Pattern | None = None
    org_regex_ci: re.Pattern | None = None
    org_regex_lower: re.Pattern | None = None   # org_regex_ci without re.I, run over lower-cased text
    country_regex: re.Pattern | None = None
    place_country: dict[str, str] = field(default_factory=dict)   # place -> its country
    place_regex: re.Pattern | None = None                         # every place and region, longest first
    boilerplate_regex: tuple[re.Pattern, Prefiltered] | None = None
    _country_names: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)  # memo

    def is_boilerplate(self, line: str) -> bool:
        if self.boilerplate_regex is None:  # line-start patterns are matched, the others searched
            start = [p.pattern[1:] for p in self.boilerplate if p.pattern.startswith("^")]
            rest = [p.pattern for p in self.boilerplate if not p.pattern.startswith("^")]
            self.boilerplate_regex = (re.compile("|".join(f"(?:{p})" for p in start), re.I),
                                      Prefiltered.compile("|".join(f"(?:{p})" for p in rest), re.I))
        start_rx, rest_rx = self.boilerplate_regex
        return start_rx.match(line) is not None or rest_rx.search(line) is not None

    def org_names(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, text) of each name of a body in ``text``: the longer names matched
        case-insensitively first, then acronyms and one-word names as written."""
        lower = text.lower()
        if len(lower) == len(text):  # twice as fast as re.I; lower() keeps the offsets here
            for m in self.org_regex_lower.finditer(lower):
                yield m.start(), m.end(), text[m.start():m.end()]
        else:
            for m in self.org_regex_ci.finditer(text):
                yield m.start(), m.end(), m.group(0)
        for m in self.org_regex_cs.finditer(text):
            yield m.start(), m.end(), m.group(0)

    def lookup(self, name: str, country: str | None = None, *, context: bool = False,
               foreign_acronyms: bool = True) -> OrgEntry | None:
        """The entry named ``name``; a generic alias ("Ministry of Labour") only resolves to the
        body of ``country``. ``context`` also allows ambiguous context-only aliases;
        ``foreign_acronyms`` lets an acronym ("USDOL") name another country's body (not when the
        report defines that acronym itself: then it is the report's own body)."""
        key = norm(name)
        cands = self.by_alias.get(key)
        if not cands:
            return None
        if not context:
            cands = [e for e in cands if key not in e.context_norms]
            if not cands:
                return None
        local = [e for e in cands if e.country == country]
        if local or key in self.generic_aliases:
            return local[0] if local else None
        # A state body of another country only where the name says whose it is ("Royal Thai
        # Police", "Cambodian National Council for Children"): a bare "Council of Ministers" or
        # "Ministry of Health" in an Indonesian report is Indonesia's, never the gazetteer's
        # Cambodian entry of that name.
        named = self.countries_named(name)
        acronym = foreign_acronyms and len(name) >= 4 and name.isalpha() and name.isupper()  # "USDOL", not "MOJ"
        foreign = [e for e in cands
                   if e.country is None or e.type not in STATE_TYPES or e.country in named or acronym]
        return foreign[0] if foreign else None

    def countries_named(self, text: str) -> set[str]:
        """The countries whose name, alias or demonym occurs in ``text``."""
        if self.country_regex is None:
            return set()
        return {c for m in self.country_regex.finditer(text) if (c := self.country_name(m.group(0)))}

    def country_name(self, word: str) -> str | None:
        found = self._country_names.get(word, _UNSEEN)
        if found is _UNSEEN:
            if len(self._country_names) >= NAME_CACHE_SIZE:
                self._country_names.clear()  # every word a long ingest met would stay otherwise
            found = self._country_names[word] = self.country_of.get(norm(word))
        return found


_UNSEEN = object()


def trie_regex(words: list[str]) -> str:
    """A regular expression matching any of ``words``, shaped as a trie so matching costs no
    backtracking over alternatives that share a prefix."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node and len(node) == 1:
            return ""
        alts = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            alts.append(re.escape(ch) + build(node[ch]))
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return build(trie)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    data, path = read_rule_file("gazetteer.yaml")
    return build_gazetteer(data, path)


def build_gazetteer(data: dict, source: str = "gazetteer") -> Gazetteer:
    countries = _countries(data)
    orgs = _orgs(data, source)
    places, place_country = _places(data, countries, source)
    gaz = Gazetteer(
        orgs=orgs, countries=countries,
        places=places, place_country=place_country,
        news_agencies=frozenset(data.get("news_agencies") or ()),
        publishers=frozenset(data.get("publishers") or ()),
        boilerplate=[re.compile(p, re.I) for p in data.get("boilerplate") or ()])
    _index_aliases(gaz)
    for c in countries.values():
        for w in (c.name, *c.aliases, *c.demonyms):
            gaz.country_of.setdefault(norm(w), c.name)
    _compile_regexes(gaz)
    return gaz


def _countries(data: dict) -> dict[str, CountryEntry]:
    """The countries by name; a country without a listed government is governed by "Government
    of <name>"."""
    countries = {}
    for cname, c in (data.get("countries") or {}).items():
        countries[cname] = CountryEntry(
            name=cname, demonyms=tuple(c.get("demonyms") or ()), aliases=tuple(c.get("aliases") or ()),
            government=c.get("government") or f"Government of {cname}",
            government_aliases=tuple(c.get("government_aliases") or ()))
    return countries


def _orgs(data: dict, source: str) -> list[OrgEntry]:
    """The organisations in file order (lookups prefer the first of several entries with one alias)."""
    return [_org_entry(i, o, source) for i, o in enumerate(data.get("organisations") or [])]


def _org_entry(i: int, o: dict, source: str) -> OrgEntry:
    """Organisation #``i``; an unknown key or type is an error, not silently dropped: an unquoted
    comma in a name splits it into keys YAML accepts."""
    unknown = set(o) - _ORG_KEYS
    if unknown:
        raise SchemaError(f"organisation #{i} ({o.get('name')}) has unknown keys {sorted(unknown)} "
                              f"(quote names that contain a comma)", path=source)
    if o.get("type") not in ACTOR_TYPES:
        raise SchemaError(f"organisation #{i} ({o.get('name')}) has unknown type {o.get('type')!r}",
                              path=source)
    return OrgEntry(name=o["name"], type=o["type"], country=o.get("country"),
                    aliases=tuple(o.get("aliases") or ()),
                    context_aliases=tuple(o.get("context_aliases") or ()),
                    part_of=o.get("part_of"),
                    context_norms=frozenset(norm(a) for a in o.get("context_aliases") or ()))


def _places(data: dict, countries: dict[str, CountryEntry], source: str) -> tuple[frozenset[str], dict[str, str]]:
    """Every place and region, and the country of each place. ``places`` is either a plain list
    or a mapping country -> places, whose countries must be known."""
    raw_places = data.get("places") or ()
    place_country = {}
    if isinstance(raw_places, dict):  # country -> places
        place_country = {p: c for c, ps in raw_places.items() for p in ps or ()}
        for c in raw_places:
            if c not in countries:
                raise SchemaError(f"places are listed under unknown country {c!r}", path=source)
    places = frozenset([*place_country, *(() if isinstance(raw_places, dict) else raw_places),
                        *(data.get("regions") or ())])
    return places, place_country


def _index_aliases(gaz: Gazetteer) -> None:
    """Fill ``by_name``, ``by_alias`` and ``generic_aliases``: an alias is generic when several
    entries share it or it names a kind of body ("Ministry of Labour"), so lookups resolve it
    only within a country."""
    counts: dict[str, int] = {}
    for e in gaz.orgs:
        gaz.by_name[norm(e.name)] = e
        for a in {norm(x) for x in (e.name, *e.aliases)}:
            gaz.by_alias.setdefault(a, []).append(e)
            counts[a] = counts.get(a, 0) + 1
    for e in gaz.orgs:
        for a in (e.name, *e.aliases):
            if a != e.name and (counts[norm(a)] > 1 or _GENERIC.match(a)):
                gaz.generic_aliases.add(norm(a))


def _word_regex(words: list[str], flags: int = 0) -> re.Pattern:
    """A trie regex of ``words`` that matches only whole words, never a hyphenated part of one."""
    return re.compile(r"(?<![\w-])(?:" + trie_regex(words) + r")(?![\w-])", flags)


def capitalised_word_regex(words: list[str], not_after: str = r"[\w-]", end: str = r"(?![\w-])") -> re.Pattern:
    """:func:`_word_regex` for names that start with a capital or a digit, written to open with
    their first letters (the word-start test, no ``not_after`` character before the name, comes
    after the first letter): Python's regex engine then skips to the places a name can begin, a
    third of the time in running text."""
    if not words:
        return re.compile(r"(?!)")
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    alternatives = [re.escape(first) + rf"(?<!{not_after}.)" + trie_regex(sorted(rest))
                    for first, rest in sorted(by_first.items())]
    return re.compile("(?:" + "|".join(alternatives) + ")" + end)


def _compile_regexes(gaz: Gazetteer) -> None:
    """The one-pass scanners. Context-only aliases are left out (they count only where the
    report already names the body); acronyms and one-word names match case-sensitively so a
    common word is not taken for a name, longer names case-insensitively."""
    cs, ci = [], []
    for e in gaz.orgs:
        for a in (e.name, *e.aliases):
            if a in e.context_aliases:
                continue
            (cs if (" " not in a) else ci).append(a)
    gaz.org_regex_cs = capitalised_word_regex(sorted(set(cs)))
    gaz.org_regex_ci = _word_regex(sorted({a.lower() for a in ci}), re.I)
    gaz.org_regex_lower = _word_regex(sorted({a.lower() for a in ci}))
    cwords = sorted({w for c in gaz.countries.values() for w in (c.name, *c.aliases, *c.demonyms)
                     if w[:1].isupper()})
    gaz.country_regex = capitalised_word_regex(cwords)
    gaz.place_regex = capitalised_word_regex(sorted(gaz.places))
