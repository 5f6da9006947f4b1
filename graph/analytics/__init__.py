"""Network analytics with networkx over subgraphs fetched from Neo4j.

One measure family per module (:mod:`.centrality`, :mod:`.communities`), each plain data in
(a networkx graph) and plain data out (rows of dicts), with ``seed=`` for anything random.
:mod:`.networks` builds the networks from the database. The registries below name them, so the
CLI's choices come from data; modules are imported only when used.
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import QueryError
from ..registry import Registry

__all__ = ["NETWORKS", "MEASURES", "fetch_network", "measure", "analyze"]

# network name -> "module:function(driver, database) -> networkx.Graph"
NETWORKS = Registry("network", {
    "agency-gap": "graph.analytics.networks:agency_gap_network",
    "actor": "graph.analytics.networks:actor_network",
    "agency-agency": "graph.analytics.projection:shared_gap_network",
}, error=QueryError)
# measure family -> "module:function(graph, **options) -> list[dict]"
MEASURES = Registry("measure", {
    "centrality": "graph.analytics.centrality:centrality_rows",
    "communities": "graph.analytics.communities:community_rows",
}, error=QueryError)


def fetch_network(driver, database: str, network: str):
    """The named network as a networkx graph, read from Neo4j in READ mode."""
    return NETWORKS.load(network)(driver, database)


def measure(name: str) -> Callable[..., list[dict[str, Any]]]:
    """The function computing the measure family ``name``."""
    return MEASURES.load(name)


def analyze(driver, database: str, network: str, family: str, **options: Any) -> list[dict[str, Any]]:
    """Fetch ``network`` and compute ``family`` on it; ``options`` go to the measure."""
    compute = measure(family)
    return compute(fetch_network(driver, database, network), **options)
