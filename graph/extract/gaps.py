"""Implementation gaps: cue patterns per taxonomy concept (narrow ids where the text is specific,
the broad id otherwise). The cues generalise the taxonomy's examples; every id is checked
against ``schemas/gap-taxonomy.yaml`` when the table is compiled."""

from __future__ import annotations

import re
from functools import lru_cache

from dataclasses import dataclass

import yaml

from ..errors import ExtractionError
from ..paths import schema_file
from ..taxonomy import load_taxonomy
from .gazetteer import trie_regex

__all__ = ["gap_cues", "find_gaps", "function_gaps", "load_gap_functions", "GAP_CUES", "FAMILY_CUES", "MORE_CUES"]

# id -> patterns (case-insensitive). Recommendations ("Increase the number of inspectors")
# count as the gap they imply.
GAP_CUES: dict[str, tuple[str, ...]] = {
    "weak-law-enforcement": (
        r"enforcement (?:\w+ ){0,4}(?:fall(?:ing|s)? short|has not made|weak|lax|inadequate|insufficient|limited)",
        r"(?:strengthen|improve|step up) (?:\w+ ){0,2}enforcement", r"\blax enforcement", r"laws? (?:are |were )?not enforced",
        r"\bturn(?:ed|s)? a blind eye", r"gaps in (?:\w+ ){0,4}enforcement", r"\bunchecked\b",
        r"\brarely (?:imposed|enforced)", r"enforcement (?:\w+ ){0,3}remain(?:s|ed)? (?:weak|limited|inadequate)"),
    "low-prosecution": (
        r"\b(?:few|no|low number of|decreas\w+|declin\w+) (?:\w+ ){0,2}(?:prosecutions|convictions|investigations)",
        r"(?:modest|limited|little) progress in (?:prosecution|conviction|investigat)", r"immune (?:to|from) prosecution",
        r"\bimpunity\b", r"took little or no action", r"lack of (?:investigation|accountability|prosecution)",
        r"suspended sentences", r"cases? (?:were |was )?dropped", r"penalties (?:\w+ ){0,3}not (?:uniformly )?(?:administered|imposed)",
        r"uniformly administer penalties"),
    "official-complicity": (
        r"\bcomplicit\b", r"\bcomplicity\b", r"\bcorrupt(?:ion)?\b", r"\bbribe", r"\bcollu(?:d|s)",
        r"officials? (?:\w+ ){0,4}(?:arrested|detained|charged) (?:\w+ ){0,6}(?:links?|involvement|suspicion)",
        r"(?:police|officials?|officers?) (?:\w+ ){0,6}(?:links? to|involved in) (?:\w+ ){0,3}(?:smuggling|trafficking)"),
    "legal-framework-gaps": (
        r"laws? (?:do|does|did) not (?:sufficiently )?(?:prohibit|criminali[sz]e|protect|cover|apply)",
        r"not criminally prohibited", r"gaps exist in (?:\w+ ){0,3}legal framework", r"legal framework (?:\w+ ){0,3}gaps",
        r"no legal definition", r"lacks? implementing regulations", r"(?:do|does) not apply to",
        r"ensure that (?:the )?laws? ", r"\bcriminali[sz]e\b", r"absence of a compulsory education",
        r"institute a compulsory education", r"regulations remain far from comprehensive"),
    "victim-services-shortage": (
        r"lack of (?:state |government |adequate )?(?:centres|centers|shelters|rehabilitation)",
        r"(?:too )?few (?:state )?(?:shelters|centres|centers)", r"shelters? (?:\w+ ){0,2}at capacity",
        r"relied on NGOs for (?:shelter|care)"),
    "victim-services": (
        r"victim (?:protection|services|care) (?:\w+ ){0,2}(?:remained |remains |was |were )?(?:inadequate|insufficient|limited|weak)",
        r"no rehabilitation services", r"adequate social protection services"),
    "victim-identification": (
        r"guidelines for victim identification", r"(?:no|lack of|without) (?:formal )?(?:victim )?identification (?:procedures|guidelines)",
        r"victims (?:\w+ ){0,2}(?:arrested|deported|punished) ", r"not screened", r"fail(?:ed|s)? to (?:identify|screen)"),
    "trauma-informed-care": (r"traumati[sz]ed", r"victim-cent(?:e?red|ric) approach", r"re-traumati"),
    "victim-distrust-of-justice": (r"lost faith in (?:the )?(?:justice|judicial|court|legal)", r"distrust (?:of )?(?:the )?(?:police|courts|justice)",
                                   r"fear of (?:the )?authorities"),
    "victim-participation-barriers": (r"obstacles? (?:\w+ ){0,4}(?:victims?) (?:\w+ ){0,3}(?:participat|testif|court)",
                                      r"victims? (?:\w+ ){0,2}(?:unwilling|reluctant) to (?:testify|participate|file)"),
    "victim-compensation": (r"rarely receive compensation", r"(?:no|rarely|never|little) (?:\w+ ){0,2}(?:compensation|restitution)",
                            r"restitution (?:was |is )?not awarded"),
    "weak-labour-inspection": (
        r"inactiveness inspecting", r"(?:few|no|limited|lack of|insufficient) (?:\w+ ){0,2}(?:labou?r )?inspections",
        r"inspectors? (?:\w+ ){0,3}(?:did not|do not|rarely) (?:visit|inspect|conduct)", r"inspections are concentrated",
        r"found no (?:child labou?r )?violations", r"(?:targeted|unannounced) inspections",
        r"strengthen the labou?r inspect", r"hamper (?:\w+ ){0,3}inspectorate",
        r"inspecting (?:\w+ ){0,3}recruitment (?:agents|agencies)"),
    "migration-safeguards": (r"expensive passports", r"unlicen[sc]ed (?:brokers|recruiters|agents|agencies)", r"irregular migration", r"debt to brokers", r"unofficial brokers",
                             r"slip across the border illegally"),
    "awareness-prevention": (r"(?:limited|lack of|few) (?:\w+ ){0,2}awareness", r"prevention efforts (?:\w+ ){0,2}declin",
                             r"expand coverage of (?:the )?(?:\w+ ){0,4}(?:social protection|education)",
                             r"integrate (?:\w+ ){0,4}prevention strategies", r"barriers to education",
                             r"access to (?:free )?(?:basic )?education"),
    "implementation-gap": (r"gaps? of implementation", r"implementation gaps?", r"not (?:been )?implemented", r"remain on paper",
                           r"if implemented", r"(?:plan|policy|law) (?:\w+ ){0,3}not (?:carried out|implemented)"),
    "insufficient-funding": (r"lack of (?:\w+ ){0,1}(?:funding|funds|resources|budget)", r"\bunderfunded\b", r"limited budget",
                             r"(?:did not|does not) receive any funding", r"relied on donor funding",
                             r"(?:provide|increase) (?:sufficient |adequate )?(?:resources|funding)",
                             r"inadequate resources", r"insufficient (?:funding|resources|budget)"),
    "insufficient-capacity": (r"train(?:ing)? more inspectors", r"lack of trained", r"\bunderstaffed\b", r"too few (?:inspectors|officials|police|staff)",
                              r"insufficient (?:technical )?capacity", r"inadequate training", r"(?:increase|enhance|expand) (?:\w+ ){0,3}training",
                              r"build the capacity", r"increase the number of (?:\w+ ){0,2}(?:inspectors|officers|staff|investigators)",
                              r"(?:has|have) not (?:yet )?introduced (?:\w+ ){0,4}training", r"resources and training hamper"),
    "slow-response": (r"too slow", r"\bbelated\b", r"\bdelays? in\b", r"still pending after", r"slow to respond",
                      r"gone largely ignored"),
    "poor-coordination": (r"lack of coordination", r"coordination (?:\w+ ){0,2}(?:weak|poor|lacking)", r"do not coordinate",
                          r"non-interference", r"shy away from direct diplomatic"),
    "data-gaps": (r"did not (?:provide|report) (?:comprehensive )?data", r"(?:no|not|lack of) (?:\w+ ){0,8}?(?:systematically |regularly )?collect (?:\w+ ){0,2}data",
                  r"inconsistent statistics", r"no centrali[sz]ed data", r"information is not available",
                  r"collect and publicly release data", r"not publish (?:\w+ ){0,2}data"),
}


# Cue families: a shortfall word with the thing that falls short, in either order ("a shortage of
# funding", "shelters were full", "the ministry lacked trained staff", "too few inspectors"), so
# that paraphrases match, not only the taxonomy's example strings.
_SHORT = (r"(?:insufficient|inadequate|limited|scarce|scant|meag(?:re|er)|(?:too|very|so|relatively) few|(?<!\ba )few"
          r"|too little|(?<!\ba )little|no|not enough|(?:a |the )?lack(?:ed|ing|s)?(?: of)?|(?:a |the )?shortages? of"
          r"|(?:a )?shortfalls? (?:in|of)|(?:a )?dearth of|short of|ran short of|run out of|ran out of|without (?:any |enough )?"
          r"|not (?:hired|recruited|trained|deployed|allocated|provided) enough|only a handful of|understaffed|underfunded)")
_SHORT_AFTER = (r"(?:(?:was|were|is|are|remained|remains|remain|had been|has been|have been|became|seemed|appeared|ran)"
                r" (?:\w+ )?(?:short|scarce|insufficient|inadequate|limited|lacking|stretched|overstretched|full|overcrowded"
                r"|at capacity|over capacity|cut|slashed|reduced|too small|far too small|running out|out|exhausted|thin)"
                r"|running at capacity|ran out|had run out|too small to)")
_FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "insufficient-funding": (r"(?:funding|funds|budgets?|money|(?<!human )resources|financing|financial support|donor support)",
                             ("fund", "budget", "money", "resourc", "financ")),
    "insufficient-capacity": (r"(?:(?:trained |qualified |skilled |specialised |specialized )?(?:staff|staffing|personnel"
                              r"|investigators|prosecutors|judges|social workers|inspectors|officers|case workers"
                              r"|interpreters|translators|manpower|expertise|human resources)|staff trained)",
                              ("staff", "personnel", "investigator", "prosecutor", "judges", "social worker",
                               "inspector", "officers", "interpreter", "translator", "manpower", "expertise")),
    "victim-services-shortage": (r"(?:(?:state |government |public )?(?:shelters?|shelter space|shelter places|beds|safe houses"
                                 r"|rehabilitation centres|rehabilitation centers|(?:support |care )?centres|(?:support |care )?centers))",
                                 ("shelter", "beds", "safe house", "centres", "centers")),
}


def _family_cues(words: str) -> tuple[str, str]:
    return (rf"\b{_SHORT} (?:\w+ ){{0,2}}{words}\b", rf"\b{words} (?:\w+ ){{0,4}}{_SHORT_AFTER}\b")


FAMILY_CUES = {g: _family_cues(w) for g, (w, _keys) in _FAMILIES.items()}

# More paraphrase cues per concept (negation is handled in find_gaps, not here).
MORE_CUES: dict[str, tuple[str, ...]] = {
    "insufficient-capacity": (r"\b(?:train|hire|recruit|deploy) more (?:\w+ ){0,2}(?:staff|inspectors|investigators|officers"
                              r"|prosecutors|judges|social workers)",
                              r"\bonly \d+ (?:\w+ ){0,2}(?:inspectors|investigators|officers|staff|social workers|prosecutors)"
                              r" (?:\w+ ){0,2}(?:for|to cover|covering)"),
    "weak-labour-inspection": (r"\b(?:weak|poor|lax|little|limited|infrequent|rare|inadequate|insufficient|irregular|(?<!\ba )few|no)"
                               r" (?:\w+ ){0,1}(?:labou?r |port |workplace |factory |worksite )?(?:inspections?|inspectorate"
                               r"|oversight|monitoring|checks) (?:of|on) (?:\w+ ){0,3}(?:recruit|agenc|broker|employer|factor"
                               r"|worksite|workplace|vessel|boat|farm|plantation)",
                               r"\bpassed (?:\w+ ){0,2}inspections? without", r"\binspectors? (?:\w+ ){0,2}checked (?:only )?the paperwork"),
    "low-prosecution": (r"\bfew (?:\w+ ){0,2}cases (?:\w+ ){0,2}(?:reached|went to|made it to|came to|ended in) (?:court|trial|conviction)",
                        r"\b(?:rarely|seldom|never) (?:\w+ ){0,2}(?:prosecuted|convicted|brought to (?:court|trial|justice)|punished)"),
    "victim-distrust-of-justice": (
        r"\b(?:no longer|did not|do not|don't|didn't|rarely|seldom|never) (?:\w+ ){0,1}(?:trust(?:ed)?|believed? in|believe|have faith in"
        r"|had faith in|rel(?:y|ied) on)(?: (?:in|on))? (?:the )?(?:courts?|police|justice|judicial|legal system|authorities)",
        r"\b(?:mistrust|distrust|lack of trust|lack of confidence|lost (?:all )?(?:faith|confidence|trust)) (?:in |of )?(?:the )?"
        r"(?:courts?|police|justice|judicial|legal|authorities)",
        r"\b(?:seldom|rarely|never|did not|do not|would not) report\w* (?:\w+ ){0,4}to (?:the )?(?:police|authorities)"),
    "victim-compensation": (r"\b(?:seldom|hardly|rarely|never|few|not|unlikely to) (?:\w+ ){0,2}(?:receive[ds]?|saw|see|get|got|obtain(?:ed)?)"
                            r" (?:any |the )?(?:compensation|restitution|damages|the money)",
                            r"\b(?:seldom|hardly) (?:\w+ ){0,2}(?:compensation|restitution)",
                            r"\b(?:compensation|restitution) (?:\w+ ){0,5}(?:never|rarely|seldom|not|almost never) (?:\w+ )?"
                            r"(?:paid|enforced|awarded|received|collected|honou?red)"),
    "victim-participation-barriers": (
        r"\b(?:reluctant|unwilling|afraid|scared|frightened|hesitant|too (?:afraid|scared|frightened)) to (?:testify|give evidence"
        r"|file (?:a )?complaints?|press charges|come forward|cooperate)",
        r"\b(?:deported|repatriated|sent home) (?:\w+ ){0,3}before (?:they could |being able to )?(?:testify|testifying|giving evidence)",
        r"\binstead of filing complaints"),
    "official-complicity": (r"\b(?:took|taken|taking|accepted|demanded|received) (?:\w+ ){0,2}(?:payments|bribes|kickbacks)",
                            r"\b(?:paid|bribed) by (?:the )?(?:recruiters|brokers|traffickers|agents|employers|smugglers)"),
    "data-gaps": (r"\bpublish (?:\w+ ){0,2}data", r"\bdata (?:\w+ ){0,5}(?:were|was|are|is) not (?:\w+ ){0,1}(?:collected|published|shared"
                  r"|available|disaggregated|consistent|reliable)",
                  r"\b(?:no|inconsistent|unreliable|incomplete|patchy) (?:official |reliable |comprehensive |national )?(?:data|statistics)\b"),
    "weak-law-enforcement": (r"\benforcement (?:is|was|has been|remains|remained) (?:not|lacking|absent|missing)\b",
                             r"\brather than (?:on )?enforcement\b"),
    "victim-services-shortage": (r"^(?:Increase|Expand) (?:the number of |the capacity of )?(?:\w+ ){0,1}(?:shelters|safe houses)",
                                 r"\b(?:needs?|needed|calls? for|called for|urged? (?:\w+ ){0,3}to (?:build|open|provide))"
                                 r" (?:more|additional) (?:\w+ ){0,1}(?:shelters|safe houses)\b"),
    "poor-coordination": (r"\b(?:weak|poor|limited|little|inadequate|insufficient|no) (?:\w+ ){0,2}coordination",
                          r"\b(?:failed|fail|failure) to (?:coordinate|share information)"),
}


# Required words for concepts whose patterns start with a group (no literal can be derived).
_KEYS: dict[str, tuple[str, ...]] = {
    "low-prosecution": ("prosecut", "conviction", "convicted", "investigation", "impunity", "action", "accountab",
                        "sentence", "dropped", "penalt", "court", "trial", "justice", "punished"),
    "official-complicity": ("complicit", "corrupt", "bribe", "collu", "link", "involved", "payment", "kickback", "paid by"),
    "legal-framework-gaps": ("law", "criminal", "legal", "regulation", "apply to", "compulsory"),
    "victim-services-shortage": ("shelter", "centres", "centers", "rehabilitation", "beds", "safe house"),
    "victim-distrust-of-justice": ("faith", "trust", "confidence", "fear", "report", "believ", "rely", "relied"),
    "victim-participation-barriers": ("testif", "obstacle", "complaint", "evidence", "charges", "come forward",
                                      "cooperate"),
    "victim-compensation": ("compensation", "restitution", "damages", "money"),
    "weak-labour-inspection": ("inspect", "violations", "oversight", "monitoring", "checks"),
    "implementation-gap": ("implement", "on paper"),
    "insufficient-funding": ("fund", "resources", "budget", "money", "financ"),
    "insufficient-capacity": ("inspector", "trained", "staff", "personnel", "police", "officials", "capacity",
                              "training", "investigator", "prosecutor", "judges", "social worker", "officers",
                              "interpreter", "translator", "manpower", "expertise", "human resources"),
    "poor-coordination": ("coordinat", "non-interference", "diplomatic", "share information"),
    "data-gaps": ("data", "statistic", "information is not available"),
}


@lru_cache(maxsize=1)
def gap_cues() -> list[tuple[str, re.Pattern]]:
    return [(g, rx) for g, rx, _keys in _compiled()]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern, tuple[str, ...] | None]]:
    """Each concept's regex, with the literal words one of which must occur for it to match
    (None when some pattern has no required literal): a cheap substring test skips the regex."""
    taxonomy = load_taxonomy()
    out = []
    for gap_id in dict.fromkeys([*GAP_CUES, *FAMILY_CUES, *MORE_CUES]):
        if gap_id not in taxonomy:
            raise ExtractionError(f"gap cue table names unknown taxonomy id {gap_id!r}")
        base = GAP_CUES.get(gap_id, ())
        extra = MORE_CUES.get(gap_id, ())
        patterns = [*base, *FAMILY_CUES.get(gap_id, ()), *extra]
        required = _KEYS.get(gap_id)
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
    wanted: set[int] = set()
    for m in keys_rx.finditer(sentence.lower()):
        wanted |= patterns_of[m.group(0)]
    if not wanted:
        return []
    first: dict[str, int] = {}
    for i in sorted(wanted):
        gap_id, rx = _PATTERNS[i]
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
    window: int                       # words after the marker
    functions: tuple[tuple[str, re.Pattern], ...]
    direct: tuple[tuple[str, re.Pattern], ...]   # phrases that state a gap on their own
    examples: tuple[tuple[str, str], ...]
    near_misses: tuple[str, ...]


_CLAUSE_BREAK = re.compile(r";|,\s(?:but|however|although|while|whereas)\b")


@lru_cache(maxsize=1)
def load_gap_functions() -> GapFunctions:
    path = schema_file("gap-functions.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    taxonomy = load_taxonomy()
    functions = []
    for item in data.get("functions") or ():
        if item.get("gap") not in taxonomy:
            raise ExtractionError(f"gap-functions.yaml names unknown taxonomy id {item.get('gap')!r}", path=str(path))
        functions.append((item["gap"], re.compile(r"\b(?:" + "|".join(item["words"]) + r")\b", re.I)))
    direct = []
    for gap_id, patterns in (data.get("direct") or {}).items():
        if gap_id not in taxonomy:
            raise ExtractionError(f"gap-functions.yaml names unknown taxonomy id {gap_id!r}", path=str(path))
        direct.append((gap_id, re.compile("|".join(f"(?:{p})" for p in patterns), re.I)))
    verbs = "|".join(data.get("recommendation_verbs") or ())
    window = int(data.get("window") or 6)
    markers = "|".join(f"(?:{m})" for m in data.get("deficiency_markers") or ())
    if not functions or not verbs or not markers:
        raise ExtractionError("gap-functions.yaml needs functions, recommendation_verbs and deficiency_markers",
                              path=str(path))
    return GapFunctions(
        recommendation=re.compile(rf"^(?:{verbs}),?\s(?!(?:for|of|on)\b)[a-z]"),
        deficiency=re.compile(rf"\b(?:{markers})\s", re.I),
        window=window,
        functions=tuple(functions),
        direct=tuple(direct),
        examples=tuple((str(a), str(b)) for a, b in data.get("examples") or ()),
        near_misses=tuple(str(x) for x in data.get("near_misses") or ()))


def function_gaps(sentence: str) -> list[tuple[str, int]]:
    """(gap id, position) from compositional cues: a recommendation ("Ensure that the unit
    receives sufficient funding") gives the first function it names; each deficiency marker ("the
    task force failed to coordinate") the first function within its window, in the same clause."""
    spec = load_gap_functions()
    out: list[tuple[str, int]] = []
    if spec.recommendation.match(sentence):
        hit = _first_function(spec, sentence, 0, len(sentence))
        if hit:
            out.append(hit)
    for m in spec.deficiency.finditer(sentence):
        end = _window_end(sentence, m.end(), spec.window)
        brk = _CLAUSE_BREAK.search(sentence, m.end(), end)
        hit = _first_function(spec, sentence, m.end(), brk.start() if brk else end)
        if hit and hit[0] not in {g for g, _ in out}:
            out.append((hit[0], m.start()))
    for gap_id, rx in spec.direct:
        if gap_id not in {g for g, _ in out} and (m := rx.search(sentence)):
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
    best = None
    for gap_id, rx in spec.functions:
        m = rx.search(sentence, start, end)
        if m and (best is None or m.start() < best[1]):
            best = (gap_id, m.start())
    return best


_PATTERNS: list[tuple[str, re.Pattern]] = []
_ORDER: dict[str, int] = {}   # concept -> its place in the cue tables (the order hits are reported in)


@lru_cache(maxsize=1)
def _prefilter() -> tuple[re.Pattern, dict[str, frozenset[int]]]:
    """One pass over a sentence finds the words each cue pattern needs (a trie regex of all of
    them); only the patterns whose words occur are run. A word found stands for every required
    word it contains ("inspectors" has "inspect" and "inspector")."""
    taxonomy = load_taxonomy()
    needs: list[tuple[str, ...]] = []
    for gap_id in dict.fromkeys([*GAP_CUES, *FAMILY_CUES, *MORE_CUES]):
        if gap_id not in taxonomy:
            raise ExtractionError(f"gap cue table names unknown taxonomy id {gap_id!r}")
        concept_keys = _KEYS.get(gap_id)
        for p in (*GAP_CUES.get(gap_id, ()), *MORE_CUES.get(gap_id, ())):
            lit = _required_literal(p)
            keys = (lit,) if lit else concept_keys
            if keys is None:
                raise ExtractionError(f"gap cue {p!r} of {gap_id} needs required words in _KEYS")
            _PATTERNS.append((gap_id, _cue_regex(p)))
            needs.append(keys)
        for p in FAMILY_CUES.get(gap_id, ()):
            _PATTERNS.append((gap_id, _cue_regex(p)))
            needs.append(_FAMILIES[gap_id][1])
    _ORDER.update({g: n for n, g in enumerate(dict.fromkeys(g for g, _rx in _PATTERNS))})
    all_keys = sorted({k for keys in needs for k in keys}, key=len, reverse=True)
    patterns_of = {k: frozenset(i for i, keys in enumerate(needs) if any(x in k for x in keys)) for k in all_keys}
    return re.compile(trie_regex(all_keys)), patterns_of
