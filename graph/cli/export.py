"""`tipgraph export`: a subgraph to GraphML, GEXF, JSON, Cytoscape, CSV, Turtle, JSON-LD,
neo4j-admin CSV, FollowTheMoney or a self-contained HTML view."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import connection
from .cypher import parse_params


def _format_names() -> list[str]:
    from ..exporters import exporter_names

    return exporter_names()


@click.command(epilog="Example:\n\n  tipgraph export --format graphml -o agencies.graphml --query shared-gaps --param level=broad\n\n"
                      "  tipgraph export --format html -o network.html --actor 'Ministry of Interior' --hops 2")
@click.option("--format", "fmt", type=click.Choice(_format_names()), required=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="File (or directory for csv / neo4j-admin) to write; '-' or omitted: stdout for single-file formats.")
@click.option("--query", "query_name", help="Export the nodes behind a named query's result.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Parameter for --query or --cypher (repeatable).")
@click.option("--actor", help="Export an actor's network (any name or alias).")
@click.option("--hops", type=click.IntRange(0, 6), default=1, show_default=True,
              help="Hops for --actor: relationships, as in `query neighbours` (a shared gap or case is 2).")
@click.option("--country", help="Look the --actor name up among this country's bodies.")
@click.option("--cypher", "cypher_query", help="Export the nodes, relationships and paths a Cypher query returns.")
@click.option("--redact", "redact_scope", type=click.Choice(["victims", "private", "none"]), default="victims",
              show_default=True, help="Protect victims and witnesses (default), every private person, or nobody.")
@click.option("--redact-mode", type=click.Choice(["pseudonymise", "drop"]), default="pseudonymise", show_default=True)
def export(fmt, output, query_name, params, actor, hops, country, cypher_query, redact_scope, redact_mode):
    """Export a subgraph: the whole graph (default), a named query's result (--query),
    an actor's ego network (--actor/--hops) or a Cypher query's result (--cypher).

    The whole graph as csv is written as it is read, so a graph of millions of facts
    exports in little memory; other formats and slices are assembled in memory first."""
    from ..exporters import is_multi_file
    from ..flows.export import Selection, export_selection

    parsed = parse_params(params)
    selection = Selection(query=query_name, query_params=parsed if query_name else None, actor=actor,
                          hops=hops, country=country, cypher=cypher_query, cypher_params=parsed if cypher_query else None)
    if is_multi_file(fmt) and (output is None or str(output) == "-"):
        raise click.UsageError(f"--format {fmt} writes several files: give a directory with -o")
    target = sys.stdout if output is None or str(output) == "-" else output
    with connection() as db:
        def progress(n: int) -> None:
            if sys.stderr.isatty():
                click.echo(f"\rfetched {n} nodes", err=True, nl=False)

        exported = export_selection(db.driver, db.database, selection, fmt, target,
                                    redact=None if redact_scope == "none" else redact_scope,
                                    redact_mode=redact_mode, progress=progress)
    if target is not sys.stdout:
        click.echo(f"exported {exported.nodes} nodes and {exported.relationships} relationships "
                   f"as {fmt} to {output}", err=True)
