"""Implementation gaps, from two kinds of rule kept as data: phrase cues per taxonomy concept
(``schemas/gap-cues.yaml``: narrow ids where the text is specific, the broad id otherwise) and
compositional cues (``schemas/gap-functions.yaml``: a deficiency or recommendation bearing on a
function). Every id is checked against ``schemas/gap-taxonomy.yaml`` when the tables load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import SchemaError
from ..schema.taxonomy import load_taxonomy
from .gazetteer import trie_regex
from .literals import Prefiltered
from .rule_files import read_rule_file

__all__ = ["gap_cues", "find_gaps", "function_gaps", "load_gap_cues", "load_gap_functions"]

@dataclass(frozen=True)
class GapCues:
    """schemas/gap-cues.yaml: the phrase cues by taxonomy id (see its header)."""

    phrases: dict[str, tuple[str, ...]]
    families: dict[str, tuple[str, ...]]        # id -> the two shortfall patterns built around its words
    family_keys: dict[str, tuple[str, ...]]     # id -> words one of which a family match contains
    more_phrases: dict[str, tuple[str, ...]]
    required_words: dict[str, tuple[str, ...]]
    examples: tuple[tuple[str, str], ...]
    near_misses: tuple[str, ...]


@lru_cache(maxsize=1)
def load_gap_cues() -> GapCues:
    data, path = read_rule_file("gap-cues.yaml")
    before, after = data.get("shortfall_before"), data.get("shortfall_after")
    if not before or not after or not data.get("phrases"):
        raise SchemaError("gap-cues.yaml needs shortfall_before, shortfall_after and phrases", path=path)

    def table(key: str) -> dict[str, tuple[str, ...]]:
        return {g: tuple(str(p) for p in patterns) for g, patterns in (data.get(key) or {}).items()}

    # a shortfall word with the thing that falls short, in either order ("a shortage of funding",
    # "shelters were full", "too few inspectors")
    families = {g: (rf"\b{before} (?:\w+ ){{0,2}}{spec['words']}\b", rf"\b{spec['words']} (?:\w+ ){{0,4}}{after}\b")
                for g, spec in (data.get("families") or {}).items()}
    family_keys = {g: tuple(str(k) for k in spec["keys"]) for g, spec in (data.get("families") or {}).items()}
    return GapCues(phrases=table("phrases"), families=families, family_keys=family_keys,
                   more_phrases=table("more_phrases"),
                   required_words=table("required_words"),
                   examples=tuple((str(a), str(b)) for a, b in data.get("examples") or ()),
                   near_misses=tuple(str(x) for x in data.get("near_misses") or ()))


@lru_cache(maxsize=1)
def gap_cues() -> list[tuple[str, re.Pattern]]:
    return [(g, rx) for g, rx, _keys in _compiled()]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern, tuple[str, ...] | None]]:
    """Each concept's regex, with the literal words one of which must occur for it to match
    (None when some pattern has no required literal): a cheap substring test skips the regex."""
    taxonomy = load_taxonomy()
    cues = load_gap_cues()
    out = []
    for gap_id in dict.fromkeys([*cues.phrases, *cues.families, *cues.more_phrases]):
        if gap_id not in taxonomy:
            raise SchemaError(f"gap-cues.yaml names unknown taxonomy id {gap_id!r}")
        patterns = [*cues.phrases.get(gap_id, ()), *cues.families.get(gap_id, ()), *cues.more_phrases.get(gap_id, ())]
        required = cues.required_words.get(gap_id)
        if required is None:
            keys = [_required_literal(p) for p in patterns]
            required = None if any(k is None for k in keys) else tuple(keys)
        out.append((gap_id, _cue_regex("|".join(f"(?:{p})" for p in patterns)), required))
    return out


def _cue_regex(pattern: str) -> re.Pattern:
    # a filler word may be hyphenated ("has not introduced anti-trafficking training")
    return re.compile(pattern.replace(r"(?:\w+ )", r"(?:[\w'-]+ )"), re.I)


def _required_literal(pattern: str) -> str | None:
    """The longest run of plain letters outside any group: it must occur in every match."""
    depth, best, cur = 0, "", ""
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur = ""
            i += 2
            continue
        if ch == "(":
            depth += 1
            cur = ""
        elif ch == ")":
            depth -= 1
            cur = ""
        elif depth == 0 and (ch.isalpha() or ch in " '-"):
            if i + 1 < len(pattern) and pattern[i + 1] in "?*{":
                cur = ""  # a quantified letter is optional: the run ends before it
            else:
                cur += ch
                if len(cur.strip()) > len(best):
                    best = cur.strip()
        else:
            cur = ""
        i += 1
    return best.lower() if len(best) >= 4 else None


_DENIAL = re.compile(r"\b(?:denied|denies|deny|dismissed|rejected|refuted|disputed|no longer a problem)\b(?!.*[;:])"
                     r"(?:(?!\b(?:but|although|though|however)\b).)*$", re.I)


def find_gaps(sentence: str) -> list[tuple[str, int]]:
    """(gap id, position of the cue) for each concept the sentence states; a cue inside a denial
    ("denied that there were too few inspectors") states nothing."""
    keys_rx, patterns_of = _prefilter()
    lower = sentence.lower()
    wanted: set[int] = set()
    for m in keys_rx.finditer(lower):
        wanted |= patterns_of[m.group(0)]
    if not wanted:
        return []
    first: dict[str, int] = {}
    for i in sorted(wanted):
        gap_id, rx = _PATTERNS[i]
        if not _NEEDS[i].may_match(lower):
            continue  # the pattern's own literals are missing (the key was another pattern's)
        for m in rx.finditer(sentence):
            if m.start() < first.get(gap_id, len(sentence)) and \
                    not _DENIAL.search(sentence, max(0, m.start() - 80), m.start()):
                first[gap_id] = m.start()
                break
    for gap_id, pos in function_gaps(sentence):
        if gap_id not in first and not _DENIAL.search(sentence, max(0, pos - 80), pos):
            first[gap_id] = pos
    return sorted(first.items(), key=lambda x: _ORDER.get(x[0], len(_ORDER)))


# --- compositional cues (schemas/gap-functions.yaml): a deficiency or a recommendation bearing on
# a function, within one clause; the function decides the taxonomy id

@dataclass(frozen=True)
class GapFunctions:
    recommendation: re.Pattern        # a sentence that opens with a recommending verb
    deficiency: re.Pattern            # a shortfall marker; a function must follow within the window
    marker_words: re.Pattern          # a cheap test first: a literal word of some marker (lower case)
    window: int                       # words after the marker
    functions: tuple[tuple[str, re.Pattern], ...]
    any_function: re.Pattern          # all of ``functions`` in one regex, group ``f<i>`` for the i-th
    direct: tuple[tuple[str, Prefiltered], ...]   # phrases that state a gap on their own
    examples: tuple[tuple[str, str], ...]
    near_misses: tuple[str, ...]


_CLAUSE_BREAK = re.compile(r";|,\s(?:but|however|although|while|whereas)\b")


@lru_cache(maxsize=1)
def load_gap_functions() -> GapFunctions:
    data, path = read_rule_file("gap-functions.yaml")
    taxonomy = load_taxonomy()
    functions = []
    for item in data.get("functions") or ():
        if item.get("gap") not in taxonomy:
            raise SchemaError(f"gap-functions.yaml names unknown taxonomy id {item.get('gap')!r}", path=path)
        functions.append((item["gap"], re.compile(r"\b(?:" + "|".join(item["words"]) + r")\b", re.I)))
    direct = []
    for gap_id, patterns in (data.get("direct") or {}).items():
        if gap_id not in taxonomy:
            raise SchemaError(f"gap-functions.yaml names unknown taxonomy id {gap_id!r}", path=path)
        direct.append((gap_id, Prefiltered.compile("|".join(f"(?:{p})" for p in patterns), re.I)))
    verbs = "|".join(data.get("recommendation_verbs") or ())
    window = int(data.get("window") or 6)
    markers = "|".join(f"(?:{m})" for m in data.get("deficiency_markers") or ())
    if not functions or not verbs or not markers:
        raise SchemaError("gap-functions.yaml needs functions, recommendation_verbs and deficiency_markers",
                              path=path)
    return GapFunctions(
        recommendation=re.compile(rf"^(?:{verbs}),?\s(?!(?:for|of|on)\b)[a-z]"),
        deficiency=re.compile(rf"\b(?:{markers})\s", re.I),
        marker_words=re.compile(trie_regex(sorted({_required_literal(m) or m.lower()
                                                   for m in data.get("deficiency_markers") or ()}))),
        window=window,
        functions=tuple(functions),
        any_function=re.compile("|".join(f"(?P<f{i}>{rx.pattern})" for i, (_g, rx) in enumerate(functions)), re.I),
        direct=tuple(direct),
        examples=tuple((str(a), str(b)) for a, b in data.get("examples") or ()),
        near_misses=tuple(str(x) for x in data.get("near_misses") or ()))


def function_gaps(sentence: str) -> list[tuple[str, int]]:
    """(gap id, position) from compositional cues: a recommendation ("Ensure that the unit
    receives sufficient funding") gives the first function it names; each deficiency marker ("the
    task force failed to coordinate") the first function within its window, in the same clause."""
    spec = load_gap_functions()
    lower = sentence.lower()
    out: list[tuple[str, int]] = []
    if spec.recommendation.match(sentence):
        hit = _first_function(spec, sentence, 0, len(sentence))
        if hit:
            out.append(hit)
    for m in spec.deficiency.finditer(sentence) if spec.marker_words.search(lower) else ():
        end = _window_end(sentence, m.end(), spec.window)
        brk = _CLAUSE_BREAK.search(sentence, m.end(), end)
        hit = _first_function(spec, sentence, m.end(), brk.start() if brk else end)
        if hit and hit[0] not in {g for g, _ in out}:
            out.append((hit[0], m.start()))
    for gap_id, rx in spec.direct:
        if gap_id not in {g for g, _ in out} and (m := rx.search(sentence, lower)):
            out.append((gap_id, m.start()))
    return out


_WORD_END = re.compile(r"[\w'-]+")


def _window_end(sentence: str, start: int, words: int) -> int:
    """Where the ``words``-th word after ``start`` ends (the end of the sentence if sooner)."""
    end = start
    for n, m in enumerate(_WORD_END.finditer(sentence, start)):
        end = m.end()
        if n >= words:
            break
    return end




def _first_function(spec: GapFunctions, sentence: str, start: int, end: int) -> tuple[str, int] | None:
    # the leftmost function; at one place the first in the file (the order alternatives are tried)
    m = spec.any_function.search(sentence, start, end)
    return (spec.functions[int(m.lastgroup[1:])][0], m.start()) if m else None


_PATTERNS: list[tuple[str, re.Pattern]] = []
_NEEDS: list[Prefiltered] = []   # what each of _PATTERNS needs (see literals.required_literals)
_ORDER: dict[str, int] = {}   # concept -> its place in the cue tables (the order hits are reported in)


@lru_cache(maxsize=1)
def _prefilter() -> tuple[re.Pattern, dict[str, frozenset[int]]]:
    """One pass over a sentence finds the words each cue pattern needs (a trie regex of all of
    them); only the patterns whose words occur are run. A word found stands for every required
    word it contains ("inspectors" has "inspect" and "inspector")."""
    taxonomy = load_taxonomy()
    cues = load_gap_cues()
    needs: list[tuple[str, ...]] = []
    for gap_id in dict.fromkeys([*cues.phrases, *cues.families, *cues.more_phrases]):
        if gap_id not in taxonomy:
            raise SchemaError(f"gap-cues.yaml names unknown taxonomy id {gap_id!r}")
        concept_keys = cues.required_words.get(gap_id)
        for p in (*cues.phrases.get(gap_id, ()), *cues.more_phrases.get(gap_id, ())):
            lit = _required_literal(p)
            keys = (lit,) if lit else concept_keys
            if keys is None:
                raise SchemaError(f"gap cue {p!r} of {gap_id} needs required_words in gap-cues.yaml")
            _PATTERNS.append((gap_id, _cue_regex(p)))
            needs.append(keys)
        for p in cues.families.get(gap_id, ()):
            _PATTERNS.append((gap_id, _cue_regex(p)))
            needs.append(cues.family_keys[gap_id])
    _ORDER.update({g: n for n, g in enumerate(dict.fromkeys(g for g, _rx in _PATTERNS))})
    _NEEDS.extend(Prefiltered.of(rx) for _g, rx in _PATTERNS)
    all_keys = sorted({k for keys in needs for k in keys}, key=len, reverse=True)
    patterns_of = {k: frozenset(i for i, keys in enumerate(needs) if any(x in k for x in keys)) for k in all_keys}
    return re.compile(trie_regex(all_keys)), patterns_of
