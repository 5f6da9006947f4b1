"""Docs that run: every command's --help has a help text and ends with an example, every named
query has a summary and an example, and the analytics docstring Examples pass as doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import click
import pytest
from click.testing import CliRunner

import graph.analytics
from graph.cli import COMMANDS, cli
from graph.queries import named_queries


def walk(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()):
    """Every (path, command) below ``group``, lazily loaded subcommands included."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, f"{' '.join(prefix + (name,))} is listed but does not load"
        path = prefix + (name,)
        yield path, command
        if isinstance(command, click.Group):
            yield from walk(command, click.Context(command, parent=ctx, info_name=name), path)


def all_commands():
    root = click.Context(cli, info_name="tipgraph")
    return [(("",), cli), *walk(cli, root)]


def test_the_tree_includes_every_registered_command_and_every_named_query():
    paths = {" ".join(path) for path, _ in all_commands()}
    assert set(COMMANDS) <= paths
    assert {f"query {name}" for name in named_queries()} <= paths
    assert {"analyze centrality", "analyze communities"} <= paths


@pytest.mark.parametrize("path,command", all_commands(), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_and_ends_with_an_example(path, command):
    args = [p for p in path if p] + ["--help"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (command.help or "").strip(), f"tipgraph {' '.join(path)} has no help text"
    assert "Example:" in (command.epilog or ""), f"tipgraph {' '.join(path)} --help has no example"
    tail = result.output.rstrip().splitlines()
    example_at = max(i for i, line in enumerate(tail) if line.strip() == "Example:")
    # click prints the epilog last, so the example is what --help ends with
    assert any("tipgraph " in line for line in tail[example_at:]), result.output


def test_every_named_query_has_a_summary_and_a_runnable_looking_example():
    for name, query in named_queries().items():
        assert len(query.summary) > 20, name
        assert query.example.startswith(f"tipgraph query {name}"), name
        options = {"--" + "".join("-" + c.lower() if c.isupper() else c for c in key) for key in query.defaults}
        used = {word for word in query.example.split() if word.startswith("--")}
        assert used <= options | {"--format"}, (name, used - options)


def test_analyze_network_choices_match_the_registry():
    from graph.cli.analyze import NETWORK_CHOICES

    assert set(NETWORK_CHOICES) == set(graph.analytics.NETWORKS)


def test_analytics_doctests_pass():
    modules = [graph.analytics] + [importlib.import_module(f"graph.analytics.{m.name}")
                                   for m in pkgutil.iter_modules(graph.analytics.__path__)]
    attempted = 0
    for module in modules:
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, f"{module.__name__}: {result.failed} doctest(s) failed"
        attempted += result.attempted
    assert attempted >= 8
