"""What every command shares: error translation, output options, the database connection."""

from __future__ import annotations

import sys
from typing import Callable

import click

__all__ = ["run_cli", "format_option", "debug_enabled"]


def debug_enabled() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return bool(root and root.obj and root.obj.get("debug")) or "--debug" in sys.argv


def run_cli(cli: click.Group) -> None:
    """Run the CLI; library errors become one clear line on stderr and a documented exit code."""
    from ..errors import TipgraphError

    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except TipgraphError as exc:
        if debug_enabled():
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:  # e.g. `tipgraph … | head`
        sys.stderr.close()
        sys.exit(0)


def format_option(default: str = "table", choices: tuple[str, ...] = ("table", "json", "jsonl", "csv")) -> Callable:
    return click.option("--format", "-f", "fmt", type=click.Choice(choices), default=None,
                        show_default=False,
                        help=f"Output format (default: table on a terminal, {'json' if 'json' in choices else choices[0]} when piped).")
