"""graph.registry: names to dotted paths, imported when asked for, unknown names refused
with the caller's error and the list of choices."""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

import graph.registry
from graph.errors import ExportError, InputError, QueryError
from graph.registry import Registry


def test_a_module_path_gives_the_module_and_a_colon_path_its_attribute():
    import json
    import pathlib

    reg = Registry("thing", {"json": "json", "path": "pathlib:Path"})
    assert reg.load("json") is json
    assert reg.load("path") is pathlib.Path


def test_names_keep_the_given_order_and_the_registry_reads_as_a_mapping():
    reg = Registry("thing", {"b": "json", "a": "os.path", "c": "pathlib:Path"})
    assert reg.names() == ["b", "a", "c"] == list(reg)
    assert len(reg) == 3 and "a" in reg and "z" not in reg
    assert reg["c"] == "pathlib:Path" and dict(reg) == {"b": "json", "a": "os.path", "c": "pathlib:Path"}


def test_an_unknown_name_raises_the_callers_error_listing_the_choices():
    reg = Registry("colour", {"red": "json", "blue": "json"}, error=ExportError)
    with pytest.raises(ExportError, match=r"^unknown colour 'green'; choose from red, blue$") as info:
        reg.load("green")
    assert info.value.__cause__ is None and info.value.__suppress_context__
    with pytest.raises(LookupError, match="unknown thing 'x'"):
        Registry("thing", {}).load("x")


def test_a_registry_built_from_a_dict_is_not_changed_by_changing_the_dict():
    paths = {"a": "json"}
    reg = Registry("thing", paths)
    paths["b"] = "os"
    assert list(reg) == ["a"]


def test_loading_is_lazy_nothing_is_imported_until_asked():
    code = ("import sys; from graph.registry import Registry; "
            "r = Registry('t', {'x': 'graph.exporters.graphml'}); "
            "assert 'graph.exporters.graphml' not in sys.modules; r.load('x'); "
            "assert 'graph.exporters.graphml' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_loaders_exporters_and_analytics_use_it_with_their_own_error():
    from graph.analytics import MEASURES, NETWORKS
    from graph.exporters import EXPORTER_MODULES
    from graph.loaders import LOADER_MODULES

    for registry, error, kind in ((LOADER_MODULES, InputError, "input format"),
                                  (EXPORTER_MODULES, ExportError, "export format"),
                                  (NETWORKS, QueryError, "network"), (MEASURES, QueryError, "measure")):
        assert isinstance(registry, Registry)
        with pytest.raises(error, match=f"^unknown {kind} 'nope'; choose from {', '.join(registry)}$"):
            registry.load("nope")


def test_the_docstring_example_runs():
    result = doctest.testmod(graph.registry)
    assert result.attempted > 0 and result.failed == 0
