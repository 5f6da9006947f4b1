"""Gap cues as data: the phrase cues (schemas/gap-cues.yaml) and the compositional cues
(schemas/gap-functions.yaml) — every example yields its gap, every near-miss none; every cued id
is in the taxonomy; and the whole extraction attributes a recommendation's gap."""

from __future__ import annotations

import pytest

from graph.extract import extract
from graph.extract.gaps import find_gaps, function_gaps, load_gap_cues, load_gap_functions
from graph.loaders.text import parse_text

_SPEC = load_gap_functions()
_CUES = load_gap_cues()


@pytest.mark.parametrize("sentence,gap", _CUES.examples)
def test_phrase_cue_examples_give_their_gap(sentence, gap):
    assert gap in {g for g, _ in find_gaps(sentence)}


@pytest.mark.parametrize("sentence", _CUES.near_misses)
def test_phrase_cue_near_misses_give_none(sentence):
    assert find_gaps(sentence) == []


def test_every_cued_id_has_an_example_and_is_in_the_taxonomy():
    from graph.schema.taxonomy import load_taxonomy

    cued = {*_CUES.phrases, *_CUES.families, *_CUES.more_phrases}
    assert cued <= set(load_taxonomy().concepts)
    assert {g for _, g in _CUES.examples} >= set(_CUES.phrases)


@pytest.mark.parametrize("sentence,gap", _SPEC.examples)
def test_examples_give_their_gap(sentence, gap):
    assert gap in {g for g, _ in function_gaps(sentence)}
    assert gap in {g for g, _ in find_gaps(sentence)}


@pytest.mark.parametrize("sentence", _SPEC.near_misses)
def test_near_misses_give_none(sentence):
    assert function_gaps(sentence) == []


def test_a_recommendation_names_the_body_it_is_about():
    text = ("Suggested actions\nDate: 2021-03-01\n\nThe Harbour Labour Office inspects fishing boats in "
            "Orlandia.\n\nEnsure that the Harbour Labour Office receives sufficient funding to inspect boats.\n")
    gaps = {(g.org, g.gap) for g in extract(parse_text(text, path="actions-2021.txt", fmt="text")).gaps}
    assert ("Harbour Labour Office", "insufficient-funding") in gaps
