"""The evaluation against the shared gold files, with the shared scorer (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.evaluate import default_scorer_path, evaluate

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir() or not default_scorer_path().exists(),
                                  reason="../shared (gold files and scorer) is not present")


@needs_shared
def test_gold_thresholds():
    result = evaluate(SHARED / "reports", SHARED / "gold")
    sections = result["sections"]
    assert result["overall"]["f1"] >= 0.85
    assert sections["actors"]["f1"] >= 0.90
    assert sections["gaps_broad"]["f1"] >= 0.75
    assert not result["leaks"]


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
