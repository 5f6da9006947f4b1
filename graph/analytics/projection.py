"""The agency–agency projection of the agency–gap network: two agencies are linked when they
share implementation gaps, and the link's ``weight`` is the number of gaps they share (the rows
of ``tipgraph query shared-gaps``, with the same filters; whole governments are left out unless
``includeGovernments``). Written for Gephi and networkx:

- ``graphml`` / ``gexf``: networkx's writers; edges carry ``weight`` (Gephi reads it as the
  edge weight), ``gaps`` (``;``-joined) and ``reports``; nodes ``label``, ``country``, ``type``.
- ``csv``: a directory with Gephi's spreadsheet import tables, ``nodes.csv``
  (``Id,Label,Country,Type``) and ``edges.csv`` (``Source,Target,Type,Weight,Gaps,Reports``,
  Type ``Undirected``).

Example (a pure function, no database):

>>> g = projection_graph([{"agency_a_id": "a", "agency_b_id": "b", "shared": 2, "gaps": ["x", "y"],
...                        "reports": 3}], {"a": {"name": "A"}, "b": {"name": "B"}})
>>> g["a"]["b"]["weight"]
2
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from ..errors import ExportError

__all__ = ["FORMATS", "shared_gap_projection", "shared_gap_network", "projection_graph", "write_projection"]

FORMATS = ("graphml", "gexf", "csv")
_ALL_PAIRS = 1_000_000  # the query's row limit, lifted: a projection keeps every pair

_AGENCIES = """
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a.id AS id, a.name AS name, a.country AS country,
       head([l IN labels(a) WHERE NOT l IN ['Actor', 'Agency']] + ['Agency']) AS type
"""


def shared_gap_projection(driver, database: str, **params: Any) -> nx.Graph:
    """The projection for the filters of the ``shared-gaps`` query (names are looked up)."""
    from neo4j import RoutingControl

    from ..queries import resolve_params, run_named

    params = {"limit": _ALL_PAIRS, **{k: v for k, v in params.items() if v is not None}}
    rows = run_named(driver, database, "shared-gaps", **resolve_params(driver, database, "shared-gaps", **params))
    ids = sorted({r["agency_a_id"] for r in rows} | {r["agency_b_id"] for r in rows})
    records, _, _ = driver.execute_query(_AGENCIES, ids=ids, database_=database, routing_=RoutingControl.READ)
    return projection_graph(rows, {r["id"]: r.data() for r in records})


def shared_gap_network(driver, database: str) -> nx.Graph:
    """The registry's ``agency-agency`` network: the projection with the default filters."""
    return shared_gap_projection(driver, database)


def projection_graph(rows: Iterable[dict[str, Any]], agencies: dict[str, dict[str, Any]]) -> nx.Graph:
    """An undirected graph from ``shared-gaps`` rows and the agencies' names, countries, types."""
    graph = nx.Graph()
    for row in rows:
        for key in ("agency_a_id", "agency_b_id"):
            node = row[key]
            if node not in graph:
                info = agencies.get(node, {})
                graph.add_node(node, name=info.get("name") or node, label=info.get("name") or node,
                               country=info.get("country") or "", type=info.get("type") or "Agency",
                               kind="agency")
        graph.add_edge(row["agency_a_id"], row["agency_b_id"], weight=int(row["shared"]),
                       gaps=";".join(row.get("gaps") or []), reports=int(row.get("reports") or 0))
    return graph


def write_projection(graph: nx.Graph, fmt: str, target: str | Path) -> None:
    """Write ``graph`` as ``fmt`` (see :data:`FORMATS`) to a file, or for csv a directory."""
    target = Path(target)
    try:
        if fmt == "graphml":
            nx.write_graphml(graph, target)
        elif fmt == "gexf":
            nx.write_gexf(graph, target)
        elif fmt == "csv":
            _write_csv(graph, target)
        else:
            raise ExportError(f"unknown projection format {fmt!r}; choose from {', '.join(FORMATS)}")
    except OSError as exc:
        raise ExportError(f"cannot write the projection: {exc}", path=str(target)) from exc


def _write_csv(graph: nx.Graph, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "nodes.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Id", "Label", "Country", "Type"])
        for node, data in sorted(graph.nodes(data=True)):
            out.writerow([node, data["label"], data["country"], data["type"]])
    with (directory / "edges.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Source", "Target", "Type", "Weight", "Gaps", "Reports"])
        for a, b, data in sorted(graph.edges(data=True)):
            out.writerow([a, b, "Undirected", data["weight"], data["gaps"], data["reports"]])
