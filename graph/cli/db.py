"""``tipgraph db install | start | stop | status | import``: the local Neo4j server.

Each command builds :meth:`LocalServer.from_env` and calls one of its methods. Progress goes
to stderr; the password is never shown, only the file that holds it.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..store.server import LocalServer, ServerStatus
from .common import format_option
from .output import render_object, resolve_format

__all__ = ["db"]


@click.group(epilog="Example:\n\n  tipgraph db start && tipgraph db status")
def db() -> None:
    """Install, start, stop and inspect the local Neo4j server.

    The server is Neo4j Community (jars from Maven Central, needs Java 17 or 21 and, once,
    Maven). Its data lives under TIPGRAPH_HOME (default ~/.local/share/tipgraph/neo4j); it
    listens on 127.0.0.1 only, Bolt on TIPGRAPH_BOLT_PORT (7687) and the Browser on
    TIPGRAPH_HTTP_PORT (7474). Set NEO4J_URI to use another server instead.
    """


@db.command(epilog="Example:\n\n  tipgraph db install")
@click.option("--force", is_flag=True, help="Download the jars again even if they are present.")
def install(force: bool) -> None:
    """Download the Neo4j server's jars from Maven Central (about 140 MB, once)."""
    server = LocalServer.from_env()
    if server.installed and not force:
        _progress(f"Neo4j {server.version} is already installed in {server.lib_dir}")
        return
    _progress(f"Downloading Neo4j {server.version} from Maven Central into {server.lib_dir} …")
    server.install(force=force)
    _progress(f"Installed Neo4j {server.version}.")


@db.command(epilog="Example:\n\n  TIPGRAPH_BOLT_PORT=7688 tipgraph db start")
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True,
              help="Seconds to wait for the server to answer.")
def start(timeout: float) -> None:
    """Start the local server (installing it first if needed); does nothing if it runs."""
    server = LocalServer.from_env()
    if server.status().running:
        _progress("Neo4j is already running.")
    else:
        if not server.installed:
            _progress(f"Downloading Neo4j {server.version} from Maven Central (about 140 MB, once) …")
            server.install()
        _progress(f"Starting Neo4j {server.version} from {server.home} …")
    status = server.start(timeout=timeout)
    click.echo(f"Neo4j {status.version} is running (pid {status.pid}).\n"
               f"  Bolt:     {status.bolt_uri}\n"
               f"  Browser:  {status.browser_uri}\n"
               f"  Login:    user {status.username}, password in {server.password_file}")
    _note_remote_uri()


@db.command(epilog="Example:\n\n  tipgraph db stop")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds to wait for a clean shutdown before killing the server.")
def stop(timeout: float) -> None:
    """Stop the local server; its data stays for the next start."""
    server = LocalServer.from_env()
    if server.stop(timeout=timeout):
        _progress("Neo4j stopped.")
    else:
        _progress("Neo4j was not running.")


@db.command(epilog="Example:\n\n  tipgraph db status --format json")
@format_option(choices=("table", "json"))
def status(fmt: str | None) -> None:
    """Show whether the local server runs, its URIs and user (never the password)."""
    server = LocalServer.from_env()
    current = server.status()
    render_object({**current.to_dict(), "password_file": str(server.password_file)}, resolve_format(fmt),
                  text=lambda _: _status_table(current, server))
    _note_remote_uri()


@db.command("import", epilog="Example:\n\n  tipgraph db import ../shared/reports/corpus examples/cases")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--input-format", default="auto", show_default=True, help="Loader to use (auto picks by extension and content).")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes for extraction [default: all cores].")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--replace", is_flag=True, help="Discard the reports already in the graph (otherwise refused).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def import_(paths, input_format, jobs, no_validate, replace, quiet) -> None:
    """First load of a large corpus into the local server, with neo4j-admin's offline importer.

    Builds the same graph `tipgraph ingest` would build in an empty database, several times
    faster for millions of facts: reports are extracted, written as CSV and imported while the
    server is stopped for a moment; it is started again (and left running) to create the
    constraints. Refused if the graph already holds reports, unless --replace. Only the local
    server can be bulk-loaded (NEO4J_URI is ignored): use `tipgraph ingest` for any other.
    Bad files are listed and the rest is imported; exit code 2 if any failed.
    """
    from ..flows.ingest import DEFAULT_MAX_CHARS, bulk_import_files
    from ..flows.workers import default_jobs
    from .common import discover_files, exit_on_failures, progress_bar

    files, skipped = discover_files(list(paths), quiet=quiet, stream=True)
    if not len(files) and not skipped:
        raise click.UsageError("no files found under the given paths")
    server = LocalServer.from_env()
    _note_remote_uri()
    with progress_bar(range(len(files)), "extracting", quiet=quiet) as bar:
        done = iter(bar)
        summary = bulk_import_files(files, server, fmt=input_format, jobs=jobs or default_jobs(),
                                    validate=not no_validate, max_chars=DEFAULT_MAX_CHARS,
                                    replace=replace, progress=lambda _path: next(done, None),
                                    log=(lambda _m: None) if quiet else _progress)
    if not quiet or summary.failures:
        click.echo(f"imported {summary.written} report(s) from {len(files)} file(s), "
                   f"{len(summary.failures) + len(skipped)} failed; Neo4j is running at {server.bolt_uri}", err=True)
    exit_on_failures(skipped + summary.failures)


def _status_table(current: ServerStatus, server: LocalServer) -> str:
    rows = [
        ("running", f"yes (pid {current.pid})" if current.running else "no"),
        ("version", current.version + ("" if current.installed else " (not installed)")),
        ("bolt", current.bolt_uri),
        ("browser", current.browser_uri),
        ("user", current.username),
        ("database", current.database),
        ("password", f"in {server.password_file}"),
        ("home", current.home),
    ]
    return "\n".join(f"{key:<10}{value}" for key, value in rows)


def _note_remote_uri() -> None:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        _progress(f"Note: NEO4J_URI is set, so other commands use {uri}, not this local server.")


def _progress(message: str) -> None:
    click.echo(message, err=True)
