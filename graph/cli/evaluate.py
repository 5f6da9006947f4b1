"""``tipgraph evaluate``: score extraction against gold annotations (thin layer over graph.evaluate)."""

from __future__ import annotations

import json

import click

__all__ = ["evaluate"]


@click.command(epilog="Example:\n\n  tipgraph evaluate ../shared/reports ../shared/gold\n\n"
                        "  tipgraph evaluate ../shared/reports/pdf ../shared/gold --suffix .pdf")
@click.argument("reports_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--scorer", type=click.Path(exists=True), default=None,
              help="score_extraction.py (or its folder); default ../shared/tools beside the repository.")
@click.option("--suffix", default=None, metavar=".EXT",
              help="Score another rendering of the same reports: the gold report's name with this "
                   "extension (e.g. .pdf with REPORTS_DIR ../shared/reports/pdf).")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
def evaluate(reports_dir: str, gold_dir: str, scorer: str | None, suffix: str | None, as_json: bool) -> None:
    """Extract each report that has a gold file and print precision / recall / F1 per section,
    per genre (news, State Dept, Factbook, Dept of Labor findings) and per report."""
    from ..evaluate import evaluate as run

    result = run(reports_dir, gold_dir, scorer, suffix=suffix)
    for path in result["missing"]:
        click.echo(f"warning: no report {path} for its gold file; not scored", err=True)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    for name, v in result["sections"].items():
        click.echo(f"{name:12} P {v['precision']:.2f}  R {v['recall']:.2f}  F1 {v['f1']:.2f}"
                   f"   (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})")
    for genre, g in result["genres"].items():
        click.echo(f"genre {genre:13} P {g['precision']:.2f}  R {g['recall']:.2f}  F1 {g['f1']:.2f}"
                   f"   ({g['documents']} reports)")
    for stem, d in result["documents"].items():
        click.echo(f"  {stem[:60]:60} F1 {d['overall']:.2f}")
    if result["leaks"]:
        click.echo("not-actors extracted as actors: " + ", ".join(result["leaks"]))
    o = result["overall"]
    click.echo(f"overall P {o['precision']:.2f} R {o['recall']:.2f}")
    click.echo(f"overall F1 {o['f1']:.3f}")
