"""The ``tipgraph`` command line: a thin layer over library functions.

Subcommands live in their own modules and are imported only when invoked, so that
``tipgraph --help`` stays fast (no rdflib/neo4j import at start-up).
"""

from __future__ import annotations

import click

from ..registry import Registry
from .common import run_cli

__all__ = ["main", "cli", "COMMANDS"]

# command name -> "module:attribute" of a click command or group; help text shown in the list
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("graph.cli.db:db", "Install, start, stop, inspect and bulk-load the local Neo4j server."),
    "extract": ("graph.cli.extract:extract", "Extract actors, posts, gaps, figures … from reports (no database)."),
    "ingest": ("graph.cli.ingest:ingest", "Extract reports, validate the RDF and load it into Neo4j."),
    "query": ("graph.cli.query:query", "Run a named network query (shared-gaps, gaps, officials …)."),
    "cypher": ("graph.cli.cypher:cypher", "Run your own Cypher query (read-only unless --write)."),
    "analyze": ("graph.cli.analyze:analyze", "Network measures: centrality and Louvain communities (networkx)."),
    "resolve": ("graph.cli.resolve:resolve", "Review likely duplicate actors; record merge / keep-apart judgements."),
    "export": ("graph.cli.export:export", "Export a subgraph (GraphML, GEXF, JSON, CSV, Turtle, JSON-LD, HTML …)."),
    "evaluate": ("graph.cli.evaluate:evaluate", "Score extraction against gold annotations (P/R/F1 per section)."),
    "read": ("graph.cli.read:read", "Show a report's blocks (headings, tables, endnotes …) as the extractor reads them."),
}


_COMMAND_PATHS = Registry("command", {name: path for name, (path, _) in COMMANDS.items()}, error=click.UsageError)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return _COMMAND_PATHS.load(name) if name in _COMMAND_PATHS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Example:\n\n  tipgraph ingest reports/ && tipgraph query shared-gaps")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="tipgraph")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """tipgraph — a knowledge graph of agencies, officials, implementation gaps and cases
    in trafficking-in-persons reporting.

    Data goes to stdout, progress and logs to stderr. Connection: the local server that
    `tipgraph db start` runs, or NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    run_cli(cli)
