"""Connection settings, built once from the environment and never printed with the password.

``NEO4J_URI`` set → that server (Docker ``neo4j:5``, Aura ``neo4j+s://``, a cluster
``neo4j://``), with ``NEO4J_USERNAME`` (default ``neo4j``), ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (default ``neo4j``). Otherwise the local server that ``tipgraph db start``
runs is meant: :func:`graph.store.server.settings_from_env` falls back on it (this module knows
nothing of servers).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """Where Neo4j is and how to log in. ``repr``/``str`` leave the password out.

    >>> s = Settings(uri="neo4j://db.example:7687", username="neo4j", password="s3cret")
    >>> "s3cret" in repr(s) or "s3cret" in str(s)
    False
    >>> str(s)
    'neo4j@neo4j://db.example:7687 (database neo4j)'
    """

    uri: str
    username: str
    password: str = field(repr=False)
    database: str = "neo4j"
    # where the credentials came from, for error hints ("check ..."); not part of identity
    credentials_from: str = field(default="NEO4J_USERNAME / NEO4J_PASSWORD", repr=False,
                                  compare=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings | None:
        """Settings from ``NEO4J_*`` variables; None when ``NEO4J_URI`` is unset.

        >>> env = {"NEO4J_URI": "neo4j+s://abcd.databases.neo4j.io", "NEO4J_PASSWORD": "pw"}
        >>> Settings.from_env(env)
        Settings(uri='neo4j+s://abcd.databases.neo4j.io', username='neo4j', database='neo4j')
        >>> Settings.from_env({}) is None
        True
        """
        env = os.environ if environ is None else environ
        uri = env.get("NEO4J_URI", "").strip()
        if not uri:
            return None
        return cls(
            uri=uri,
            username=env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            password=env.get("NEO4J_PASSWORD", ""),
            database=env.get("NEO4J_DATABASE") or "neo4j",
        )

    @property
    def auth(self) -> tuple[str, str]:
        """The basic-auth pair the driver takes."""
        return (self.username, self.password)

    @property
    def is_local(self) -> bool:
        """Whether the URI points at this machine (then `tipgraph db start` can help)."""
        host = self.uri.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        return host in ("127.0.0.1", "localhost", "[::1]", "::1")

    def __str__(self) -> str:
        return f"{self.username}@{self.uri} (database {self.database})"
