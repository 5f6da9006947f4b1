"""The lexicon's own examples (schemas/lexicon.yaml): every claim example yields its statement,
every near-miss none. Rules are data; this one parametrised test runs them all."""

from __future__ import annotations

import pytest

from graph.extract import extract
from graph.extract.lexicon import load_lexicon
from graph.loaders.text import parse_text

_EXAMPLES = load_lexicon().examples


def _statements(sentence: str):
    # a fictional lead sentence names the people, so short names and titles resolve as in a report
    text = f"Fishing fleet report\nDate: 2019-05-02\n\n{sentence}\n"
    return extract(parse_text(text, path="lexicon-example.txt", fmt="text")).statements


@pytest.mark.parametrize("sentence,speaker,fragment", _EXAMPLES["claims"])
def test_claim_examples_match(sentence, speaker, fragment):
    found = [(s.speaker, s.quote) for s in _statements(sentence)]
    assert any(who == speaker and fragment in quote for who, quote in found), found


@pytest.mark.parametrize("sentence", _EXAMPLES["not_claims"])
def test_near_misses_do_not_match(sentence):
    assert _statements(sentence) == []


def test_every_speech_verb_has_forms_and_the_lists_do_not_overlap():
    lex = load_lexicon()
    assert lex.speech_forms and lex.participles
    assert not set(lex.claim_forms) & set(lex.that_forms)
    assert set(lex.claim_forms) | set(lex.that_forms) | set(lex.object_forms) <= set(lex.speech_forms)


def test_word_lists_are_loaded_from_the_lexicon_and_shape_the_rules():
    from graph.extract import orgs, people

    lex = load_lexicon()
    assert "Task Force" in lex.org_heads_first and "Police" in lex.org_heads_last
    # order kept (a longer alternative before its prefix), each head also in the plural
    assert [h.removesuffix("s?") for h in orgs._HEAD_FIRST.split("|")] == list(lex.org_heads_first)
    assert people._TITLE_WORDS == lex.person_titles and "minister" in lex.person_titles
    assert len(lex.months) == 12


def test_a_lexicon_without_a_word_list_is_refused(tmp_path, monkeypatch):
    import yaml

    from graph.errors import SchemaError
    from graph.paths import schema_file

    data = yaml.safe_load(schema_file("lexicon.yaml").read_text(encoding="utf-8"))
    del data["months"]
    broken = tmp_path / "schemas"
    broken.mkdir()
    (broken / "lexicon.yaml").write_text(yaml.safe_dump(data))
    monkeypatch.setenv("TIPGRAPH_SCHEMAS", str(broken))
    load_lexicon.cache_clear()
    try:
        with pytest.raises(SchemaError, match="months"):
            load_lexicon()
    finally:
        monkeypatch.delenv("TIPGRAPH_SCHEMAS")
        load_lexicon.cache_clear()


def _names(text: str) -> set[str]:
    doc = f"Orlandia harbour report\nDate: 2020-03-01\n\n{text}"
    return {a.name for a in extract(parse_text(doc, path="name-example.txt", fmt="text")).actors}


@pytest.mark.parametrize("example", load_lexicon().name_examples, ids=lambda e: e["text"][:40])
def test_name_examples_yield_whole_names_and_no_fragments(example):
    names = _names(example["text"])
    assert set(example["names"]) <= names, names
    assert not set(example["not"]) & names, names


@pytest.mark.parametrize("sentence,value,kind", load_lexicon().figure_kind_examples, ids=lambda x: str(x)[:30])
def test_figure_kind_examples(sentence, value, kind):
    doc = f"Orlandia labor report\nDate: 2020-03-01\n\n{sentence}\n"
    stats = extract(parse_text(doc, path="figure-example.txt", fmt="text")).statistics
    kinds = {s.kind for s in stats if s.value == value}
    assert kinds == {kind}, [(s.value, s.kind) for s in stats]


def test_a_recommended_figure_takes_no_year_unless_one_is_stated_beside_it():
    doc = ("Orlandia labor report\nDate: 2020-03-01\n\nIn 2019, the ministry employed 210 inspectors. "
           "Under the regional standard, Orlandia would employ about 2,310 labor inspectors.\n")
    stats = {s.value: s for s in extract(parse_text(doc, path="figure-year.txt", fmt="text")).statistics}
    assert stats[210].year == 2019 and stats[210].kind is None
    assert stats[2310].kind == "recommended" and stats[2310].year is None
