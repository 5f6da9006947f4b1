"""The evaluation against the shared gold files, with the shared scorer (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.flows.evaluate import default_scorer_path, evaluate

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir() or not default_scorer_path().exists(),
                                  reason="../shared (gold files and scorer) is not present")


@needs_shared
def test_gold_thresholds():
    result = evaluate(SHARED / "reports", SHARED / "gold")
    sections = result["sections"]
    # Floors just under what extraction measures on the 17 gold reports (conventions of
    # gold/README.md); raise them as work lands. Measured when set (2026-12-02): overall 0.899,
    # actors 0.93, positions 1.00, part_of 0.74, gaps_broad 0.87, statistics 0.93, statements 0.91;
    # genres news 0.93, state-dept 0.97, factbook 0.96, dol-findings 0.86.
    assert result["overall"]["f1"] >= 0.88
    floors = {"actors": 0.91, "positions": 0.95, "part_of": 0.70, "gaps_broad": 0.85, "statistics": 0.90,
              "statements": 0.88}
    assert {s: sections[s]["f1"] >= f for s, f in floors.items()} == {s: True for s in floors}
    genre_floors = {"news": 0.90, "state-dept": 0.95, "factbook": 0.93, "dol-findings": 0.84}
    assert {g: v["f1"] >= genre_floors[g] for g, v in result["genres"].items()} == {g: True for g in genre_floors}
    assert not result["missing"] and len(result["leaks"]) <= 1  # "Indonesian National Armed Forces"


@needs_shared
def test_seed_report_reaches_first_target():
    result = evaluate(SHARED / "reports", SHARED / "gold")
    assert result["documents"]["phnompenhpost-2016-trafficking-unabated"]["overall"] >= 0.80


@needs_shared
def test_cli_prints_sections_and_overall():
    from graph.cli import cli

    out = CliRunner().invoke(cli, ["evaluate", str(SHARED / "reports"), str(SHARED / "gold")])
    assert out.exit_code == 0, out.output
    assert "actors" in out.output and out.output.strip().splitlines()[-1].startswith("overall F1")
    assert "genre state-dept" in out.output and "genre dol-findings" in out.output


@needs_shared
def test_a_gold_file_without_its_report_is_said_not_scored(tmp_path):
    from graph.cli import cli

    fixtures = Path(__file__).parent / "fixtures"
    out = CliRunner().invoke(cli, ["evaluate", str(fixtures / "reports"), str(fixtures / "gold")])
    assert out.exit_code == 0, out.output
    assert "warning: no report" in out.stderr and "riverside-2019-shelter-shortfall.txt" in out.stderr
    result = evaluate(fixtures / "reports", fixtures / "gold")
    assert "riverside-2019-shelter-shortfall" not in result["documents"]
    assert len(result["missing"]) == 3
