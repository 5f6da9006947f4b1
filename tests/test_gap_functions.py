"""Compositional gap cues as data (schemas/gap-functions.yaml): every example yields its gap,
every near-miss none; and the whole extraction attributes a recommendation's gap."""

from __future__ import annotations

import pytest

from graph.extract import extract
from graph.extract.gaps import find_gaps, function_gaps, load_gap_functions
from graph.loaders.text import parse_text

_SPEC = load_gap_functions()


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
