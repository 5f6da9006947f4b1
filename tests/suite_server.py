"""The test suite's own Neo4j, in a process of its own: ``python -m tests.suite_server HOME BOLT HTTP``.

conftest starts it as soon as the tests are collected and runs the tests that need no Neo4j
first, so the server comes up while they run. A process, not a thread: it keeps the
environment of the moment it was started, while tests change ``os.environ`` (JAVA_HOME,
PATH, TIPGRAPH_SCHEMAS …) in the pytest process. It prints ``ready`` once the server answers
and has been warmed up (or ``error: …``), then keeps the server until its stdin closes — when
conftest is done, or when pytest dies — and stops it.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from graph.store.server import LocalServer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def suite_server(home: Path, bolt_port: int, http_port: int) -> LocalServer:
    """The server's settings, the same in this process and in conftest's."""
    return LocalServer(home=home, bolt_port=bolt_port, http_port=http_port, heap="1g", page_cache="256m",
                       stop_with_parent=True)


def warm_up(server: LocalServer) -> None:
    """One ingest of the example reports, then the database emptied again (constraints and
    indexes stay, as after ``clean_db``). A first ingest costs several times a later one: the
    schema is made and its indexes populated, and the server plans and compiles the writer's
    queries."""
    from graph.flows.ingest import ingest_files
    from graph.store.connection import connect

    from .conftest import empty_database

    settings = server.settings()
    with connect(settings) as driver:
        ingest_files(sorted((EXAMPLES / "reports").iterdir()) + sorted((EXAMPLES / "cases").iterdir()),
                     driver, settings.database)
        empty_database(driver, settings.database)


def main(argv: list[str]) -> int:
    home, bolt_port, http_port = Path(argv[0]), int(argv[1]), int(argv[2])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on the way out
    server = suite_server(home, bolt_port, http_port)
    try:
        try:
            server.start(timeout=180)
            warm_up(server)
        except Exception as exc:  # noqa: BLE001 — handed to the tests that need the server
            print("error: " + " ".join(str(exc).split()), flush=True)
            return 1
        print("ready", flush=True)
        sys.stdin.read()  # until conftest closes it
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
