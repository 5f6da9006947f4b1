"""`tipgraph analyze`: network measures (networkx) over a network fetched from Neo4j."""

from __future__ import annotations

import click

from .common import connection, emit_rows, format_option

# the registry in graph.analytics, repeated as literals so `--help` needs no networkx import;
# tests/test_docs.py checks the two agree
NETWORK_CHOICES = ("actor", "agency-gap", "agency-agency")
PROJECTION_FORMATS = ("graphml", "gexf", "csv")  # graph.analytics.projection.FORMATS

_network_option = click.option(
    "--network", type=click.Choice(NETWORK_CHOICES), default="agency-gap", show_default=True,
    help="agency-gap: agencies and their gaps (bipartite); actor: actors linked by posts, "
         "part-of, criticism and shared cases; agency-agency: agencies linked by the gaps they "
         "share (weight: shared gaps; whole governments left out).")


def _run(family: str, network: str, fmt: str | None, columns: list[str], **options) -> None:
    from ..analytics import analyze as compute

    with connection() as db:
        rows = compute(db.driver, db.database, network, family, **options)
    emit_rows(rows, fmt, columns=columns)


@click.group(epilog="Example:\n\n  tipgraph analyze centrality --network actor --top 10")
def analyze():
    """Network measures over the graph: centrality and communities (read-only)."""


@analyze.command(epilog="Example:\n\n  tipgraph analyze centrality --network agency-gap --top 10 --format csv")
@_network_option
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the N most central nodes.")
@click.option("--sample", "k", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness from N sampled nodes (for big networks).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for the betweenness sample.")
@format_option()
def centrality(network, top, k, seed, fmt):
    """Degree, weighted degree (strength), betweenness and PageRank of every node, most central
    (by PageRank) first."""
    _run("centrality", network, fmt,
         ["rank", "name", "kind", "type", "degree", "strength", "betweenness", "pagerank"],
         top=top, k=k, seed=seed)


@analyze.command(epilog="Example:\n\n  tipgraph analyze communities --network actor --seed 42")
@_network_option
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for Louvain (same seed, same result).")
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Louvain resolution: above 1 gives more, smaller communities.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the N largest communities.")
@format_option()
def communities(network, seed, resolution, top, fmt):
    """Communities found by Louvain modularity optimisation, largest first, with their members."""
    _run("communities", network, fmt, ["community", "size", "kinds", "members", "modularity"],
         seed=seed, resolution=resolution, top=top)


@analyze.command(epilog="Example:\n\n  tipgraph analyze projection --format graphml -o agencies.graphml --level broad\n\n"
                        "  tipgraph analyze projection --format csv -o gephi/ --country Cambodia")
@click.option("--format", "fmt", type=click.Choice(PROJECTION_FORMATS), required=True,
              help="graphml / gexf (a file; edge attribute weight) or csv (a directory with Gephi's "
                   "nodes.csv Id,Label,… and edges.csv Source,Target,Type,Weight,…).")
@click.option("--output", "-o", type=click.Path(), required=True, help="File, or directory for csv.")
@click.option("--level", type=click.Choice(["narrow", "broad"]), default=None,
              help="Compare gaps as extracted (narrow, default) or by their broader concept.")
@click.option("--country", default=None, help="Only agencies of this country.")
@click.option("--type", "kind", default=None, help="Only agencies of this kind (e.g. Ministry).")
@click.option("--since", type=int, default=None, help="Only reports from this year on.")
@click.option("--until", type=int, default=None, help="Only reports up to this year.")
@click.option("--min-shared", type=click.IntRange(min=1), default=None, help="Least number of shared gaps in a link.")
@click.option("--include-governments", is_flag=True,
              help="Also include whole governments (\"Government of X\"), left out by default.")
def projection(fmt, output, level, country, kind, since, until, min_shared, include_governments):
    """Export the agency–agency projection: agencies linked by the implementation gaps they
    share, weighted by the number of shared gaps (the pairs of `query shared-gaps`), for Gephi
    or networkx."""
    from ..analytics.projection import shared_gap_projection, write_projection

    with connection() as db:
        graph = shared_gap_projection(db.driver, db.database, level=level, country=country,
                                      type=kind, since=since, until=until, minShared=min_shared,
                                      includeGovernments=include_governments or None)
    write_projection(graph, fmt, output)
    click.echo(f"exported {graph.number_of_nodes()} agencies and {graph.number_of_edges()} links as {fmt} "
               f"to {output}", err=True)
