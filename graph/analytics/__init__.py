"""Network analytics with networkx over subgraphs fetched from Neo4j.

One measure family per module (:mod:`.centrality`, :mod:`.communities`), each plain data in
(a networkx graph) and plain data out (rows of dicts), with ``seed=`` for anything random.
:mod:`.networks` builds the networks from the database. The registries below name them, so the
CLI's choices come from data; modules are imported only when used.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from ..errors import QueryError

__all__ = ["NETWORKS", "MEASURES", "fetch_network", "measure", "analyze"]

# network name -> "module:function(driver, database) -> networkx.Graph"
NETWORKS: dict[str, str] = {
    "agency-gap": "graph.analytics.networks:agency_gap_network",
    "actor": "graph.analytics.networks:actor_network",
    "agency-agency": "graph.analytics.projection:shared_gap_network",
}
# measure family -> "module:function(graph, **options) -> list[dict]"
MEASURES: dict[str, str] = {
    "centrality": "graph.analytics.centrality:centrality_rows",
    "communities": "graph.analytics.communities:community_rows",
}


def _load(registry: dict[str, str], name: str, kind: str) -> Callable[..., Any]:
    try:
        module_name, attr = registry[name].split(":")
    except KeyError:
        raise QueryError(f"unknown {kind} {name!r}; choose from {', '.join(sorted(registry))}") from None
    return getattr(importlib.import_module(module_name), attr)


def fetch_network(driver, database: str, network: str):
    """The named network as a networkx graph, read from Neo4j in READ mode."""
    return _load(NETWORKS, network, "network")(driver, database)


def measure(name: str) -> Callable[..., list[dict[str, Any]]]:
    """The function computing the measure family ``name``."""
    return _load(MEASURES, name, "measure")


def analyze(driver, database: str, network: str, family: str, **options: Any) -> list[dict[str, Any]]:
    """Fetch ``network`` and compute ``family`` on it; ``options`` go to the measure."""
    compute = measure(family)
    return compute(fetch_network(driver, database, network), **options)
