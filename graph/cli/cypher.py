"""`tipgraph cypher`: an investigator's own Cypher, read-only unless --write."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import connection, emit_rows, format_option


def parse_params(pairs: tuple[str, ...]) -> dict:
    """``key=value`` pairs; a value that parses as JSON is taken as JSON (numbers, lists …)."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise click.BadParameter(f"expected key=value, got {pair!r}", param_hint="--param")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


@click.command(epilog='Example:\n\n  tipgraph cypher "MATCH (a:Agency)-[:HAS_GAP]->(g:Gap {gapId: $gap}) RETURN a.name" --param gap=slow-response')
@click.argument("query", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a file.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Query parameter (repeatable); JSON values allowed.")
@click.option("--write", is_flag=True, help="Allow the query to write (default: read-only).")
@format_option()
def cypher(query, query_file, params, write, fmt):
    """Run your own Cypher QUERY and print the rows.

    Queries run in a READ transaction unless --write is given, so an accidental
    DELETE or SET is refused by the server. Use $name placeholders and --param name=value
    rather than pasting values into the query.
    """
    from ..queries.cypher import run_cypher
    from .output import escape_controls

    if bool(query) == bool(query_file):
        raise click.UsageError("give a QUERY or --file, not both or neither")
    text = query_file.read_text(encoding="utf-8") if query_file else query
    notices: list[str] = []
    with connection() as db:
        rows = run_cypher(db.driver, db.database, text, parse_params(params), write=write, notices=notices)
    for notice in notices:  # e.g. a misspelt label: say why the answer may be empty
        click.echo(f"warning: {escape_controls(notice)}", err=True)
    emit_rows(rows, fmt)
