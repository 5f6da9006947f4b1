"""Implementation gaps: cue patterns per taxonomy concept (narrow ids where the text is specific,
the broad id otherwise). The cues generalise the taxonomy's examples; every id is checked
against ``schemas/gap-taxonomy.yaml`` when the table is compiled."""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import ExtractionError
from ..taxonomy import load_taxonomy

__all__ = ["gap_cues", "GAP_CUES"]

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
        r"strengthen the labou?r inspect", r"hamper (?:\w+ ){0,3}inspectorate", r"unlicensed brokers",
        r"inspecting (?:\w+ ){0,3}recruitment (?:agents|agencies)"),
    "migration-safeguards": (r"expensive passports", r"irregular migration", r"debt to brokers", r"unofficial brokers",
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
    "data-gaps": (r"did not (?:provide|report) (?:comprehensive )?data", r"(?:no|not|lack of) (?:\w+ ){0,3}(?:systematically )?collect (?:\w+ ){0,2}data",
                  r"inconsistent statistics", r"no centrali[sz]ed data", r"information is not available",
                  r"collect and publicly release data", r"not publish (?:\w+ ){0,2}data"),
}


# Required words for concepts whose patterns start with a group (no literal can be derived).
_KEYS: dict[str, tuple[str, ...]] = {
    "low-prosecution": ("prosecut", "conviction", "investigation", "impunity", "action", "accountab", "sentences",
                        "dropped", "penalties"),
    "official-complicity": ("complicit", "corrupt", "bribe", "collu", "link", "involved"),
    "victim-services-shortage": ("centres", "centers", "shelter", "rehabilitation"),
    "victim-compensation": ("compensation", "restitution"),
    "implementation-gap": ("implement", "on paper"),
    "insufficient-funding": ("fund", "resources", "budget"),
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
    for gap_id, patterns in GAP_CUES.items():
        if gap_id not in taxonomy:
            raise ExtractionError(f"gap cue table names unknown taxonomy id {gap_id!r}")
        keys = [_required_literal(p) for p in patterns]
        required = _KEYS.get(gap_id) or (None if any(k is None for k in keys) else tuple(keys))
        out.append((gap_id, re.compile("|".join(f"(?:{p})" for p in patterns), re.I), required))
    return out


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


def find_gaps(sentence: str) -> list[tuple[str, int]]:
    """(gap id, position of the cue) for each concept the sentence states."""
    low = sentence.lower()
    hits = []
    for gap_id, rx, keys in _compiled():
        if keys is not None and not any(k in low for k in keys):
            continue
        m = rx.search(sentence)
        if m:
            hits.append((gap_id, m.start()))
    return hits
