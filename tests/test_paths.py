"""The installed package finds its schema files; registries import and work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph.paths import neo4j_pom, schema_file, schemas_dir

TIPGRAPH = str(Path(sys.executable).parent / "tipgraph")


def test_schema_files_resolve():
    for name in ("tipgraph.ttl", "shapes.ttl", "gaps.ttl", "gap-taxonomy.yaml", "constraints.cypher",
                 "gazetteer.yaml", "case-columns.yaml"):
        assert schema_file(name).is_file(), name
    assert (schemas_dir() / "tipgraph.ttl").exists()
    assert neo4j_pom().name == "pom.xml"


def test_schemas_override_by_environment(tmp_path, monkeypatch):
    (tmp_path / "tipgraph.ttl").write_text("")
    monkeypatch.setenv("TIPGRAPH_SCHEMAS", str(tmp_path))
    assert schemas_dir() == tmp_path


def test_every_loader_and_exporter_is_registered_and_importable():
    from graph.exporters import exporter_names, get_exporter
    from graph.loaders import get_loader, loader_names

    for name in loader_names():
        module = get_loader(name)
        assert module.NAME == name and module.EXTENSIONS and module.__doc__
    for name in exporter_names():
        module = get_exporter(name)
        assert module.NAME == name and module.DESCRIPTION and module.__doc__


def test_help_lists_every_command_without_heavy_imports():
    code = ("import sys; from graph.cli import cli; from click.testing import CliRunner; "
            "r = CliRunner().invoke(cli, ['--help']); print(r.output); "
            "print('HEAVY', [m for m in ('rdflib', 'neo4j', 'networkx', 'pyshacl') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for command in ("db", "extract", "ingest", "query", "cypher", "export", "resolve", "evaluate"):
        assert f"\n  {command} " in out
    assert "HEAVY []" in out
