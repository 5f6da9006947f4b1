"""`tipgraph resolve`: review and correct entity resolution."""

from __future__ import annotations

import click

from .common import emit_rows, format_option, open_connection


@click.group(invoke_without_command=True,
             epilog="Example:\n\n  tipgraph resolve candidates --threshold 0.85\n\n"
                    "  tipgraph resolve merge 'Ministry of Labour' MOLVT && tipgraph ingest reports/")
@click.pass_context
def resolve(ctx):
    """List likely duplicate actors, and record merge / keep-apart judgements that every
    later ingest applies (kept in judgements.yaml in the data directory)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(candidates)


@resolve.command(epilog="Example:\n\n  tipgraph resolve candidates --format csv > review.csv")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              help="Least similarity score to list a pair.")
@format_option()
def candidates(threshold, fmt):
    """Pairs of actors in the graph that are probably the same, best first."""
    from ..duplicates import ActorName, duplicate_candidates
    from ..judgements import load_judgements

    connection = open_connection()
    try:
        records, _, _ = connection.driver.execute_query(
            "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, coalesce(a.names, []) + coalesce(a.aliases, []) AS aliases, "
            "a:Person AS person", database_=connection.database, routing_="r")
    finally:
        connection.driver.close()
    actors = [ActorName(r["id"], r["name"], tuple(r["aliases"]), r["person"]) for r in records]
    found = duplicate_candidates(actors, threshold=threshold, keep_apart=load_judgements().keep_apart)
    emit_rows([{"score": c.score, "actor_a": c.a.name, "actor_b": c.b.name, "reason": c.reason,
                "id_a": c.a.id, "id_b": c.b.id} for c in found], fmt,
              columns=["score", "actor_a", "actor_b", "reason", "id_a", "id_b"])


@resolve.command(epilog="Example:\n\n  tipgraph resolve merge 'Ministry of Labour and Vocational Training' MOLVT 'labour ministry'")
@click.argument("names", nargs=-1, required=True)
def merge(names):
    """Record that NAMES are one actor (the first is canonical). Re-ingest to apply."""
    from ..judgements import add_judgement

    path = add_judgement("merge", names)
    click.echo(f"recorded in {path}; re-run `tipgraph ingest` on your reports to apply", err=True)


@resolve.command("keep-apart", epilog="Example:\n\n  tipgraph resolve keep-apart 'National Police' 'National Police Commission'")
@click.argument("names", nargs=-1, required=True)
def keep_apart(names):
    """Record that NAMES are different actors: `resolve candidates` stops proposing them."""
    from ..judgements import add_judgement

    path = add_judgement("keep_apart", names)
    click.echo(f"recorded in {path}", err=True)
