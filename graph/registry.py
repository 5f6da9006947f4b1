"""A registry of names for modules or functions, imported only when asked for.

Loaders, exporters, analytics and CLI commands each keep one: a name maps to a dotted path,
``"package.module"`` for a module or ``"package.module:attribute"`` for something in it, so
that choices come from data and ``tipgraph --help`` imports nothing heavy.

Example:
    >>> from graph.errors import QueryError
    >>> shapes = Registry("shape", {"path": "pathlib:Path", "json": "json"}, error=QueryError)
    >>> shapes.names()
    ['path', 'json']
    >>> shapes.load("json").__name__
    'json'
    >>> shapes.load("cube")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: unknown shape 'cube'; choose from path, json
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["Registry"]


class Registry(Mapping[str, str]):
    """``name -> dotted path``, in the order given (the order callers list and try them in).

    ``kind`` names what is registered in the unknown-name message; ``error`` is the
    exception class raised for it (the caller's, so the CLI maps it to its exit code).
    """

    def __init__(self, kind: str, paths: Mapping[str, str],
                 error: Callable[[str], Exception] = LookupError):
        self.kind = kind
        self._paths = dict(paths)
        self._error = error

    def __getitem__(self, name: str) -> str:
        return self._paths[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def names(self) -> list[str]:
        return list(self._paths)

    def load(self, name: str) -> Any:
        """The module or attribute registered as ``name``, imported now."""
        try:
            path = self._paths[name]
        except KeyError:
            raise self._error(f"unknown {self.kind} {name!r}; choose from {', '.join(self._paths)}") from None
        module_name, _, attr = path.partition(":")
        module = importlib.import_module(module_name)
        return getattr(module, attr) if attr else module
