"""`tipgraph query NAME`: the named network queries, one subcommand each, generated from the
query registry (graph/queries/queries.yaml) so every query's options and help come from data."""

from __future__ import annotations

import click

from .common import emit_rows, format_option, open_connection


def _option_name(param: str) -> str:
    return "--" + "".join("-" + c.lower() if c.isupper() else c for c in param)


def _make_command(query) -> click.Command:
    def callback(fmt, **kwargs):
        from ..actor_lookup import find_actor_id
        from ..queries import run_named

        connection = open_connection()
        try:
            params = {}
            for key, value in kwargs.items():
                if value is not None and key in query.actor_params:
                    value = find_actor_id(connection.driver, connection.database, value)
                params[key] = value
            rows = run_named(connection.driver, connection.database, query.name, **params)
        finally:
            connection.driver.close()
        emit_rows(rows, fmt, columns=list(query.columns) or None)

    params: list[click.Parameter] = []
    for arg in query.arguments:
        params.append(click.Argument([arg]))
    for key, default in query.defaults.items():
        if key in query.arguments:
            continue
        choices = query.choices.get(key)
        declared = query.types.get(key)
        kind = click.Choice(choices) if choices else (
            int if declared == "int" or isinstance(default, int) else str)
        params.append(click.Option([_option_name(key), key], type=kind, default=None,
                                   help=query.help.get(key, "") + (f" [default: {default}]" if default is not None else "")))
    command = click.Command(query.name, callback=callback, params=params, help=query.summary,
                            epilog=f"Example:\n\n  {query.example}", short_help=query.summary)
    return format_option()(command)


class QueryGroup(click.Group):
    def list_commands(self, ctx):
        from ..queries import named_queries

        return sorted(named_queries())

    def get_command(self, ctx, name):
        from ..queries import named_queries

        query = named_queries().get(name)
        return _make_command(query) if query else None


@click.group(cls=QueryGroup, epilog="Example:\n\n  tipgraph query shared-gaps --level broad")
def query():
    """Run a named network query against the graph (read-only)."""
