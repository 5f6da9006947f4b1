"""Neo4j: the local server, connection settings and the driver.

- :mod:`graph.store.server` — :class:`~graph.store.server.LocalServer` installs, starts and
  stops a real Neo4j Community server from Maven Central jars.
- :mod:`graph.store.connection` — :func:`~graph.store.connection.connect` turns
  :class:`graph.config.Settings` into a verified ``neo4j.Driver`` and translates driver
  errors into :class:`graph.errors.DatabaseError`.

Nothing is imported here, so ``import graph.store`` stays cheap (no neo4j driver import).
"""
