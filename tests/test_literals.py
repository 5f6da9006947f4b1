"""The literal prefilter (graph/extract/literals.py): what a regex needs is read right, and a rule
never loses a match to it — every sentence a rule's regex matches passes its prefilter."""

from __future__ import annotations

import re

import pytest

from graph.extract.gaps import _NEEDS, _PATTERNS, _prefilter, load_gap_cues, load_gap_functions
from graph.extract.gazetteer import capitalised_word_regex, load_gazetteer
from graph.extract.literals import Prefiltered, required_literals


@pytest.mark.parametrize("pattern,flags,needs", [
    (r"\bshelters? (?:were|was) full", re.I, {"shelter"}),
    (r"[Mm]inistr(?:y|ies) of", 0, {"ministr"}),
    (r"(?:lack|shortage) of (?:funds|money)", re.I, {"funds", "money"}),
    (r"copyright|all rights reserved", 0, {"copyright", "all rights reserved"}),
    (r"(?:inspect(?:or|ion)s?)+ (?:were )?rare", 0, {"inspect"}),
    (r"\d+ people", 0, {" people"}),
    (r"(?<!human )resources", 0, {"resources"}),
])
def test_needs_are_read_from_the_pattern(pattern, flags, needs):
    assert required_literals(pattern, flags) == needs


@pytest.mark.parametrize("pattern", [r"\d+", r"(?:funds)?\s", r"[A-Z][a-z]+", r"x|\d", r"(", r"a{0,3}"])
def test_no_needs_when_a_match_may_lack_every_literal(pattern):
    assert required_literals(pattern) is None


def test_a_needed_string_is_found_whatever_its_case():
    rule = Prefiltered.compile(r"\btask force\b", re.I)
    assert rule.search("The Provincial TASK FORCE met.") is not None
    assert rule.search("The committee met.") is None


_prefilter()  # builds the cue pattern tables
_SENTENCES = [s for s, _g in load_gap_cues().examples] + [s for s, _g in load_gap_functions().examples] \
    + list(load_gap_cues().near_misses) + list(load_gap_functions().near_misses)


@pytest.mark.parametrize("index", range(len(_PATTERNS)))
def test_no_cue_pattern_loses_a_match_to_its_prefilter(index):
    _gap, rx = _PATTERNS[index]
    for sentence in _SENTENCES:
        if rx.search(sentence):
            assert _NEEDS[index].may_match(sentence.lower()), (rx.pattern, sentence)


def test_direct_gap_phrases_and_boilerplate_keep_their_matches():
    for _gap, rule in load_gap_functions().direct:
        for sentence in _SENTENCES:
            assert bool(rule.search(sentence)) == bool(rule.regex.search(sentence))
    gaz = load_gazetteer()
    for line in ["Copyright 2020 Harbour Daily. All rights reserved.", "Harbour Trading Co., Ltd.",
                 "(c) 2019 The Lantern", "The ministry reserved two rooms."]:
        plain = any(p.search(line) for p in gaz.boilerplate)
        assert gaz.is_boilerplate(line) == plain, line


def test_a_capitalised_word_regex_matches_as_the_plain_word_regex_does():
    words = ["Laos", "Lao PDR", "Thai", "Thailand", "UN", "UNODC"]
    fast = capitalised_word_regex(words)
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![\w-])")
    text = "Thailand, Lao PDR and non-Thai UNODC staff met UN-backed Laos officials; XThai; Thais"
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
