"""`tipgraph resolve`: review and correct entity resolution."""

from __future__ import annotations

import click

from .common import connection, emit_rows, format_option


@click.group(invoke_without_command=True,
             epilog="Example:\n\n  tipgraph resolve candidates --threshold 0.85\n\n"
                    "  tipgraph resolve merge 'Ministry of Labour' MOLVT")
@click.pass_context
def resolve(ctx):
    """List likely duplicate actors, and record merge / keep-apart judgements (kept in
    judgements.yaml in the data directory). A judgement takes effect on the loaded graph at
    once, and every later ingest applies it too."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(candidates)


@resolve.command(epilog="Example:\n\n  tipgraph resolve candidates --format csv > review.csv")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              help="Least similarity score to list a pair.")
@format_option()
def candidates(threshold, fmt):
    """Pairs of actors in the graph that are probably the same, best first, with their country
    and type. Bodies of two countries are never proposed (except international organisations)."""
    from ..resolve.candidates import CANDIDATE_COLUMNS, candidate_rows

    with connection() as db:
        rows = candidate_rows(db.driver, db.database, threshold=threshold)
    emit_rows(rows, fmt, columns=CANDIDATE_COLUMNS)


def _apply(names) -> None:
    import time

    from ..resolve.apply import apply_judgements

    with connection() as db:
        started = time.perf_counter()
        result = apply_judgements(db.driver, db.database, names)
    click.echo(f"applied to the graph in {time.perf_counter() - started:.2f} s: {len(result.reports)} "
               f"report(s) rewritten, {len(result.unchanged)} unchanged", err=True)
    if result.missing:
        click.echo(f"{len(result.missing)} report(s) were loaded without their extraction record "
                   f"(e.g. by `db import`); run `tipgraph ingest --force` on them: "
                   f"{', '.join(result.missing[:10])}", err=True)


_NO_APPLY = click.option("--no-apply", is_flag=True,
                         help="Only record the judgement; apply it later with `tipgraph resolve apply`.")


@resolve.command(epilog="Example:\n\n  tipgraph resolve merge 'Ministry of Labour and Vocational Training' MOLVT 'labour ministry'")
@click.argument("names", nargs=-1, required=True)
@_NO_APPLY
def merge(names, no_apply):
    """Record that NAMES are one actor (the first is canonical) and merge their nodes in the
    loaded graph: one node with both nodes' relationships and evidence. State bodies are merged
    within each country, never across countries."""
    from ..resolve.judgements import add_judgement

    path = add_judgement("merge", names)
    click.echo(f"recorded in {path}", err=True)
    if not no_apply:
        _apply(names)


@resolve.command("keep-apart", epilog="Example:\n\n  tipgraph resolve keep-apart 'National Police' 'National Police Commission'")
@click.argument("names", nargs=-1, required=True)
@_NO_APPLY
def keep_apart(names, no_apply):
    """Record that NAMES are different actors: `resolve candidates` stops proposing them, and a
    node an earlier merge made of them is split back in the loaded graph."""
    from ..resolve.judgements import add_judgement

    path = add_judgement("keep_apart", names)
    click.echo(f"recorded in {path}", err=True)
    if not no_apply:
        _apply(names)


@resolve.command(epilog="Example:\n\n  tipgraph resolve apply")
def apply():
    """Apply every judgement in judgements.yaml to the loaded graph (no report is read again)."""
    _apply(None)
