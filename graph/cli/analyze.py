"""`tipgraph analyze`: network measures (networkx) over a network fetched from Neo4j."""

from __future__ import annotations

import click

from .common import emit_rows, format_option, open_connection

# the registry in graph.analytics, repeated as literals so `--help` needs no networkx import;
# tests/test_docs.py checks the two agree
NETWORK_CHOICES = ("actor", "agency-gap")

_network_option = click.option(
    "--network", type=click.Choice(NETWORK_CHOICES), default="agency-gap", show_default=True,
    help="agency-gap: agencies and their gaps (bipartite); actor: actors linked by posts, "
         "part-of, criticism and shared cases.")


def _run(family: str, network: str, fmt: str | None, columns: list[str], **options) -> None:
    from ..analytics import analyze as compute

    connection = open_connection()
    try:
        rows = compute(connection.driver, connection.database, network, family, **options)
    finally:
        connection.driver.close()
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
