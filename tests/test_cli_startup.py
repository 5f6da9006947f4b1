"""What a command imports before it talks to the database: the merge-then-query loop of an
investigator (`tipgraph resolve merge A B`, then `tipgraph query …`) pays Python start-up
twice, so neither command may pull in the extraction engine, networkx or the PDF reader."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("graph.extract.engine", "networkx", "pdfminer", "pyshacl")


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True, timeout=120).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_name_resolution_reads_the_gazetteer_without_the_extraction_engine():
    loaded = _modules_after("from graph.resolve.resolver import fresh_resolver\nfresh_resolver()")
    assert "graph.extract.gazetteer" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_merge_and_query_commands_import_no_heavy_module():
    for command in ("graph.cli.resolve", "graph.cli.query"):
        # the command module and what it needs before the first statement is sent
        loaded = _modules_after(f"import {command}\nimport graph.cli.common, graph.queries, graph.resolve.apply")
        heavy = {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}
        assert not heavy, (command, sorted(heavy))


def test_the_extract_package_still_offers_extract_and_its_modules():
    from graph.extract import extract, orgs

    assert callable(extract) and hasattr(orgs, "__name__")


def test_cli_imports_the_driver_without_numpy_and_numpy_still_works_after():
    loaded = _modules_after(
        "from graph.cli.common import _import_driver_without_dataframes\n"
        "_import_driver_without_dataframes()\n"
        "import neo4j, sys\n"
        "assert 'numpy' not in sys.modules, 'numpy came with the driver'\n"
        "import numpy, networkx\n"   # analytics and the HTML layout import them later
        "assert numpy.arange(3).sum() == 3\n"
        "from neo4j._optional_deps import np\n"
        "assert np is None\n")
    assert "neo4j" in loaded and "numpy" in loaded
