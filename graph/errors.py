"""One exception tree for the library; the CLI translates it into messages and exit codes."""

from __future__ import annotations

__all__ = [
    "TipgraphError",
    "InputError",
    "ExtractionError",
    "ValidationError",
    "DatabaseError",
    "ServerError",
    "QueryError",
    "ExportError",
    "SchemaError",
]


class TipgraphError(Exception):
    """Root of every error tipgraph raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class InputError(TipgraphError):
    """A report file cannot be read or parsed (names the file)."""

    exit_code = 2


class ExtractionError(TipgraphError):
    """Extraction failed on a report that could be read."""

    exit_code = 2


class ValidationError(TipgraphError):
    """Produced RDF does not conform to the SHACL shapes."""

    exit_code = 3


class DatabaseError(TipgraphError):
    """Neo4j is unreachable, refuses the credentials, or a transaction failed."""

    exit_code = 4


class ServerError(TipgraphError):
    """The local Neo4j server cannot be installed, started or stopped."""

    exit_code = 5


class QueryError(TipgraphError):
    """A named query or a Cypher statement is unknown, malformed or not allowed."""

    exit_code = 6


class ExportError(TipgraphError):
    """An export cannot be written."""

    exit_code = 7


class SchemaError(TipgraphError):
    """A file in ``schemas/`` is malformed; the message names the file and, where known, the
    line (``model.yaml:12: …``)."""

    exit_code = 8

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message, path=f"{path}:{line}" if path and line else path)
        self.path, self.line = path, line
