"""``tipgraph evaluate``: score extraction against gold annotations (thin layer over
:mod:`graph.flows.evaluate`); output through the one renderer (:mod:`graph.cli.output`)."""

from __future__ import annotations

import click

__all__ = ["evaluate"]

SCORE_COLUMNS = ["scope", "name", "precision", "recall", "f1", "tp", "fp", "fn", "documents"]


@click.command(epilog="Example:\n\n  tipgraph evaluate ../shared/reports ../shared/gold\n\n"
                        "  tipgraph evaluate ../shared/reports/pdf ../shared/gold --suffix .pdf")
@click.argument("reports_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--scorer", type=click.Path(exists=True), default=None,
              help="score_extraction.py (or its folder); default ../shared/tools beside the repository.")
@click.option("--suffix", default=None, metavar=".EXT",
              help="Score another rendering of the same reports: the gold report's name with this "
                   "extension (e.g. .pdf with REPORTS_DIR ../shared/reports/pdf).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True, help="table: the scores to read; json: the full result; jsonl / csv: "
                                      "one row per section, genre and report.")
@click.option("--json", "fmt", flag_value="json", hidden=True, help="Same as --format json.")
def evaluate(reports_dir: str, gold_dir: str, scorer: str | None, suffix: str | None, fmt: str) -> None:
    """Extract each report that has a gold file and print precision / recall / F1 per section,
    per genre (news, State Dept, Factbook, Dept of Labor findings) and per report."""
    from ..flows.evaluate import evaluate as run, score_rows
    from .output import render, render_object

    result = run(reports_dir, gold_dir, scorer, suffix=suffix)
    for path in result["missing"]:
        click.echo(f"warning: no report {path} for its gold file; not scored", err=True)
    if fmt in ("jsonl", "csv"):
        render(score_rows(result), fmt, columns=SCORE_COLUMNS)
    else:
        render_object(result, fmt, text=_summary)


def _summary(result: dict) -> str:
    lines = [f"{name:12} P {v['precision']:.2f}  R {v['recall']:.2f}  F1 {v['f1']:.2f}"
             f"   (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})" for name, v in result["sections"].items()]
    lines += [f"genre {genre:13} P {g['precision']:.2f}  R {g['recall']:.2f}  F1 {g['f1']:.2f}"
              f"   ({g['documents']} reports)" for genre, g in result["genres"].items()]
    lines += [f"  {stem[:60]:60} F1 {d['overall']:.2f}" for stem, d in result["documents"].items()]
    if result["leaks"]:
        lines.append("not-actors extracted as actors: " + ", ".join(result["leaks"]))
    o = result["overall"]
    lines += [f"overall P {o['precision']:.2f} R {o['recall']:.2f}", f"overall F1 {o['f1']:.3f}"]
    return "\n".join(lines)
