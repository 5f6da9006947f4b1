"""The extraction rules' word lists (``schemas/lexicon.yaml``), loaded once and checked.

Rules are built from these lists rather than from words spelt inside patterns, so that a family
of phrasings ("has said", "says", "estimates") is one entry, and every entry is data a reviewer
can read with its examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import SchemaError
from .gazetteer import trie_regex
from .rule_files import read_rule_file

__all__ = ["Lexicon", "load_lexicon"]

_VERB_KEYS = frozenset({"forms", "claims", "object", "that"})


@dataclass(frozen=True)
class Lexicon:
    speech_forms: tuple[str, ...]        # every form of every speech verb
    claim_forms: tuple[str, ...]         # the forms that introduce a claim clause
    that_forms: tuple[str, ...]          # forms that introduce a claim only with "that"
    object_forms: tuple[str, ...]        # forms that take an object before the claim ("told reporters")
    auxiliaries: tuple[str, ...]         # words between speaker and verb ("has", "also")
    participles: tuple[str, ...]         # "…, adding that CLAUSE": one more claim by the same speaker
    org_heads_first: tuple[str, ...]     # regex alternatives: "Ministry", "Task Force" …
    org_heads_last: tuple[str, ...]      # regex alternatives: "Police", "Committees?" …
    org_head_nouns: frozenset[str]       # lower case: no person's name ends in one
    person_titles: frozenset[str]        # lower case: stripped from the edges of a name
    role_verbs: frozenset[str]           # lower case: a table cell's opening verb, never part of a name
    name_stop_words: frozenset[str]      # lower case: no name begins with one ("within", "including")
    name_modifier_suffixes: tuple[str, ...]  # "-based", "-run": a modifier before a name, not in it
    months: tuple[str, ...]
    month_abbreviations: tuple[str, ...]
    examples: dict
    name_examples: tuple[dict, ...] = ()     # {text, names, not}: see schemas/lexicon.yaml
    claim_nouns: tuple[str, ...] = ()      # "according to X's estimate of CLAIM": the noun
    figure_kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()   # kind -> regexes of its cue words
    figure_kind_examples: tuple[tuple, ...] = ()                 # (sentence, value, kind or None)

    def alternation(self, forms: tuple[str, ...]) -> str:
        """A regex alternation of ``forms`` shaped as a trie (no backtracking over shared
        prefixes: "said|says|say" costs one test of "sa"); a longer form wins over its prefix."""
        return trie_regex(sorted(set(forms)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data, path = read_rule_file("lexicon.yaml")
    verbs = data.get("speech_verbs")
    if not isinstance(verbs, dict) or not verbs:
        raise SchemaError("lexicon has no speech_verbs", path=path)
    speech, claims, objects, that = [], [], [], []
    for lemma, spec in verbs.items():
        unknown = set(spec or {}) - _VERB_KEYS
        if unknown or not (spec or {}).get("forms"):
            raise SchemaError(f"speech verb {lemma!r}: needs forms; unknown keys {sorted(unknown)}",
                                  path=path)
        forms = [str(f) for f in spec["forms"]]
        speech += forms
        if spec.get("claims", True):
            (objects if spec.get("object") else that if spec.get("that") else claims).extend(forms)
    return Lexicon(speech_forms=tuple(speech), claim_forms=tuple(claims), that_forms=tuple(that), object_forms=tuple(objects),
                   auxiliaries=tuple(str(a) for a in data.get("speech_auxiliaries") or ()),
                   participles=tuple(str(a) for a in data.get("speech_participles") or ()),
                   org_heads_first=_words(data, "org_heads_first", path),
                   org_heads_last=_words(data, "org_heads_last", path),
                   org_head_nouns=frozenset(_words(data, "org_head_nouns", path)),
                   person_titles=frozenset(_words(data, "person_titles", path)),
                   role_verbs=frozenset(_words(data, "role_verbs", path)),
                   name_stop_words=frozenset(_words(data, "name_stop_words", path)),
                   name_modifier_suffixes=_words(data, "name_modifier_suffixes", path),
                   months=_words(data, "months", path),
                   month_abbreviations=_words(data, "month_abbreviations", path),
                   examples=data.get("speech_examples") or {},
                   name_examples=tuple(data.get("name_examples") or ()),
                   claim_nouns=tuple(str(w) for w in data.get("claim_nouns") or ()),
                   figure_kinds=tuple((str(k), tuple(str(p) for p in v))
                                      for k, v in (data.get("figure_kinds") or {}).items()),
                   figure_kind_examples=tuple(tuple(x) for x in data.get("figure_kind_examples") or ()))


def _words(data: dict, key: str, path) -> tuple[str, ...]:
    words = data.get(key)
    if not isinstance(words, list) or not words:
        raise SchemaError(f"lexicon has no list {key!r}", path=path)
    return tuple(str(w) for w in words)
