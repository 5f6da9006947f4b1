"""`tipgraph query NAME`: the named network queries, one subcommand each, generated from the
query registry (graph/queries/queries.yaml) so every query's options and help come from data."""

from __future__ import annotations

import click

from .common import connection, emit_rows, format_option


def _option_name(param: str) -> str:
    return "--" + "".join("-" + c.lower() if c.isupper() else c for c in param)


def _make_command(query) -> click.Command:
    def callback(fmt, **kwargs):
        from ..queries import resolve_params, run_named

        with connection() as db:
            params = resolve_params(db.driver, db.database, query.name, **kwargs)
            rows = run_named(db.driver, db.database, query.name, **params)
        _, columns = query.variant(query.params(params))
        emit_rows(rows, fmt, columns=list(columns) or None)

    params: list[click.Parameter] = []
    for arg in query.arguments:
        params.append(click.Argument([arg]))
    for key, default in query.defaults.items():
        if key in query.arguments:
            continue
        choices = query.choices.get(key)
        declared = query.types.get(key)
        if declared == "flag":
            params.append(click.Option([_option_name(key), key], is_flag=True, default=False,
                                       help=query.help.get(key, "")))
            continue
        kind = click.Choice(choices) if choices else (
            int if declared == "int" or isinstance(default, int) else str)
        params.append(click.Option([_option_name(key), key], type=kind, default=None,
                                   help=query.help.get(key, "") + (f" [default: {default}]" if default is not None else "")))
    described = [f"  {arg.upper()}  {query.help[arg]}" for arg in query.arguments if query.help.get(arg)]
    help_text = query.summary + ("\n\n\b\nArguments:\n" + "\n".join(described) if described else "")
    command = click.Command(query.name, callback=callback, params=params, help=help_text,
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
