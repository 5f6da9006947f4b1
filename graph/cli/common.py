"""What every command shares: error translation, output options, the database connection."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Callable

import click

__all__ = ["run_cli", "hoist_debug", "format_option", "debug_enabled", "connection", "emit_rows", "progress_bar",
           "exit_on_failures", "discover_files"]


def debug_enabled() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return bool(root and root.obj and root.obj.get("debug")) or "--debug" in sys.argv


def hoist_debug(args: list[str]) -> list[str]:
    """``--debug`` anywhere before a ``--`` means the top-level option (click only knows it there).

    >>> hoist_debug(["query", "gaps", "--debug"])
    ['--debug', 'query', 'gaps']
    """
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]


def run_cli(cli: click.Group) -> None:
    """Run the CLI; library errors become one clear line on stderr and a documented exit code."""
    from ..errors import TipgraphError

    _quiet_driver_logs()
    try:
        cli.main(args=hoist_debug(sys.argv[1:]), standalone_mode=False)
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


def _quiet_driver_logs() -> None:
    # The neo4j driver logs warnings ("Unable to retrieve routing information", "Transaction
    # failed and will be retried") that Python's last-resort handler prints on stderr, ahead
    # of our one-line error. The error we raise says it all; --debug shows the driver's log.
    if "--debug" in sys.argv:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        return
    logging.getLogger("neo4j").addHandler(logging.NullHandler())


def format_option(choices: tuple[str, ...] = ("table", "json", "jsonl", "csv")) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(choices), default=None,
                        help="Output format [default: table on a terminal, json when piped].")


class Connection:
    """The database a command talks to: one driver per process, created at the edge."""

    def __init__(self, driver, settings):
        self.driver = driver
        self.settings = settings

    @property
    def database(self) -> str:
        return self.settings.database


@contextmanager
def connection() -> Iterator[Connection]:
    """The database a command talks to, for the length of the ``with`` block, then closed.

    Settings come from the environment (or the local server). Every neo4j driver error inside
    the block (ServiceUnavailable, TransientError, AuthError, SessionExpired …) comes out as
    one DatabaseError line and exit code 4, never a traceback; errors the library raised on
    purpose pass unchanged.
    """
    _import_driver_without_dataframes()
    from ..store.connection import connect, neo4j_errors
    from ..store.server import settings_from_env

    settings = settings_from_env()
    driver = connect(settings, notifications_min_severity="OFF")
    try:
        with neo4j_errors(settings):
            yield Connection(driver, settings)
    finally:
        driver.close()


def _import_driver_without_dataframes() -> None:
    """Import the neo4j driver without its optional numpy / pandas / pyarrow support, unless
    the process already has them: the driver imports numpy at start-up (0.2 s of every
    command's 0.5 s of imports) only to accept numpy and pandas values as query parameters,
    which no command passes. A later ``import numpy`` (analytics, the HTML layout) works."""
    if "neo4j" in sys.modules:
        return
    blocked = [name for name in ("numpy", "pandas", "pyarrow") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # makes `import name` raise ImportError, as if not installed
    try:
        import neo4j  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


def emit_rows(rows, fmt: str | None, columns=None) -> None:
    from .output import render, resolve_format

    render(rows, resolve_format(fmt), columns=columns)


def progress_bar(items, label: str, *, quiet: bool = False, every: float = 5.0):
    """Progress on stderr: a bar on a terminal; when stderr is piped or a file (a log, CI), a
    line ``label: done/total (elapsed)`` every tenth of the items or every ``every`` seconds,
    whichever comes first, and one at the end. Nothing when ``quiet``."""
    if quiet:
        return _NullBar(items)
    if not sys.stderr.isatty():
        return _LineProgress(items, label, every)
    return click.progressbar(items, label=label, file=sys.stderr, show_pos=True)


class _NullBar:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


class _LineProgress:
    """Progress lines for a stderr that is not a terminal (a bar there would be one long line
    of carriage returns, or nothing)."""

    def __init__(self, items, label: str, every: float):
        # items must have a length; kept as given (a list of 100,000 files' names would be
        # held for the whole run)
        self.items, self.label, self.every = items, label, every

    def __enter__(self):
        return self._lines()

    def __exit__(self, *exc):
        return False

    def _lines(self):
        import time

        total = len(self.items)
        step = max(1, -(-total // 10))
        start = last = time.monotonic()
        for done, item in enumerate(self.items, 1):
            # each next() stands for one item done (the caller's progress callback): say so now
            now = time.monotonic()
            if done % step == 0 or done == total or now - last >= self.every:
                last = now
                click.echo(f"{self.label}: {done}/{total} ({now - start:.0f} s)", err=True)
            yield item


def exit_on_failures(failures) -> None:
    """End a batch command's output with what failed and why, one line per file (whatever
    scrolled past; names escaped, so a newline in a file name cannot forge a line), and exit
    with code 2 if anything failed."""
    from .output import escape_controls

    for failure in failures:
        click.echo(f"error: {escape_controls(str(failure.path))}: {escape_controls(failure.message)}", err=True)
    if failures:
        sys.exit(2)


def discover_files(paths, *, quiet: bool = False, stream: bool = False) -> tuple:
    """The files to read under ``paths`` and what was skipped (as failures, one per file).
    What was left out on purpose (a folder's SOURCES.tsv) gets a note on stderr, not a failure.
    ``stream``: the files as a :class:`~graph.flows.discovery.FileWalk` (counted, and walked
    again when read) rather than a list held for the whole run."""
    from ..flows.discovery import FileWalk, discover
    from ..flows.workers import Failure
    from .output import escape_controls

    found = FileWalk(paths) if stream else discover(paths)
    if not quiet:
        for left in found.ignored:
            click.echo(f"note: {escape_controls(left.path)}: {left.message}", err=True)
    files = found if stream else found.files
    return files, [Failure(s.path, f"skipped: {s.message}") for s in found.skipped]
