"""Time the GraphML exporter against plain ``networkx.write_graphml`` on a 100k-node subgraph.

The goal: our export (Subgraph → flat networkx graph → GraphML) takes at most 1.5× the
networkx writer alone on an equivalent, already prepared graph. Both run in the same process
on the same synthetic graph; each is timed ``--repeat`` times and the best run counts.

    .venv/bin/python scripts/bench_export.py [--nodes 100000] [--repeat 2]

Prints both times, then ``ratio <ours / networkx>`` as the last line.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.exporter_fixtures import synthetic_subgraph  # noqa: E402
from graph.exporters import graphml  # noqa: E402
from graph.exporters.flat import flat_networkx  # noqa: E402


def best_of(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    subgraph = synthetic_subgraph(args.nodes)
    prepared = flat_networkx(subgraph)  # the equivalent graph networkx is given ready-made
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, theirs_path = os.path.join(tmp, "ours.graphml"), os.path.join(tmp, "nx.graphml")
        theirs = best_of(args.repeat, lambda: nx.write_graphml(prepared, theirs_path))
        ours = best_of(args.repeat, lambda: graphml.write(subgraph, ours_path))
        same_size = os.path.getsize(ours_path) == os.path.getsize(theirs_path)
    print(f"nodes {len(subgraph.nodes)} relationships {len(subgraph.relationships)}")
    print(f"networkx.write_graphml {theirs:.2f} s")
    print(f"tipgraph graphml export {ours:.2f} s (same output size: {same_size})")
    print(f"ratio {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
