"""A real Neo4j Community server, run locally from the jars that Maven Central publishes.

Neo4j's standalone tarball is not on Maven Central, but the runtime closure of its POM is
exactly the tarball's ``lib/``; ``scripts/neo4j/pom.xml`` resolves it with ``mvn``. We then
start the JVM ourselves (``org.neo4j.server.CommunityEntryPoint``) with the flags the
``neo4j`` launcher script would add, so nothing but Java 17/21 and (once) Maven is needed.

Layout on disk::

    <runtime>/lib/                 the jars; shared by every home of the same version
    <home>/conf/neo4j.conf         rewritten on every start (ports may change)
    <home>/data logs run import plugins
    <home>/password                generated once with `secrets`, mode 0600 (home is 0700)
    <home>/neo4j.pid               the JVM's pid while it runs
    <home>/logs/console.log        the JVM's stdout and stderr

The user's server lives in ``data_home()/neo4j`` (so the graph survives restarts) and listens
on 127.0.0.1 only: Bolt 7687 and HTTP 7474 unless ``TIPGRAPH_BOLT_PORT`` /
``TIPGRAPH_HTTP_PORT`` say otherwise.
"""

from __future__ import annotations

import functools
import os
import re
import string
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import ServerError
from ..paths import data_home, neo4j_pom

__all__ = [
    "LocalServer",
    "ServerStatus",
    "settings_from_env",
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "USERNAME",
    "DATABASE",
    "pom_version",
    "find_java",
    "port_in_use",
]

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
USERNAME = "neo4j"
DATABASE = "neo4j"
SUPPORTED_JAVA = (17, 21)

# What Neo4j's own launcher passes to the JVM (bin/neo4j → Bootloader), minus heap sizes.
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

_SERVER_LOGS_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by tipgraph on every start. -->
<Configuration status="ERROR">
  <Appenders>
    <RollingRandomAccessFile name="Log" fileName="${config:server.directories.logs}/debug.log"
                             filePattern="${config:server.directories.logs}/debug.log.%02i">
      <PatternLayout pattern="%d{yyyy-MM-dd HH:mm:ss.SSSZ}{GMT+0} %-5p [%c{1.}] %m%n"/>
      <Policies><SizeBasedTriggeringPolicy size="20 MB"/></Policies>
      <DefaultRolloverStrategy fileIndex="min" max="3"/>
    </RollingRandomAccessFile>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="Log"/></Root>
  </Loggers>
</Configuration>
"""

# user-logs go to the JVM's stdout, which we redirect to logs/console.log
_USER_LOGS_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by tipgraph on every start. -->
<Configuration status="ERROR">
  <Appenders>
    <Console name="ConsoleAppender" target="SYSTEM_OUT">
      <PatternLayout pattern="%d{yyyy-MM-dd HH:mm:ss.SSSZ}{GMT+0} %-5p %m%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="ConsoleAppender"/></Root>
  </Loggers>
</Configuration>
"""

# Popen handles of servers started by this process: polling them reaps the child, so a
# stopped server is not mistaken for a live one (a zombie still answers kill(pid, 0)).
_CHILDREN: dict[int, subprocess.Popen] = {}


@dataclass(frozen=True)
class ServerStatus:
    """What ``LocalServer.status()`` reports; never includes the password."""

    running: bool
    pid: int | None
    version: str
    installed: bool
    home: str
    bolt_uri: str
    browser_uri: str
    username: str
    database: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def generate_password(length: int = 32) -> str:
    """A random password of letters and digits (190 bits): never starts with '-', which the
    admin tool would read as an option, and needs no quoting in a shell or a URI."""
    import secrets  # here, as below: every command imports this module for its settings

    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


@dataclass(frozen=True)
class LocalServer:
    """One local Neo4j Community server: where it lives, which ports, how much memory.

    Building one touches nothing; ``install``/``start``/``stop``/``status`` do the work.
    """

    home: Path
    version: str = field(default_factory=lambda: pom_version())
    bolt_port: int = DEFAULT_BOLT_PORT
    http_port: int = DEFAULT_HTTP_PORT
    heap: str = "1g"
    page_cache: str = "512m"
    # where lib/ lives; None means data_home()/neo4j-<version>, shared by all homes
    # (resolved when the server is built, so later changes to TIPGRAPH_HOME do not move it)
    runtime_dir: Path | None = None
    # Linux only: the JVM gets SIGTERM when the starting process dies, even by SIGKILL, so
    # a killed test run leaves no orphan server behind. Off for the user's server.
    stop_with_parent: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", Path(self.home).expanduser().absolute())
        runtime = self.runtime_dir or data_home() / f"neo4j-{self.version}"
        object.__setattr__(self, "runtime_dir", Path(runtime).expanduser().absolute())
        for name in ("bolt_port", "http_port"):
            port = getattr(self, name)
            if not 0 < port < 65536:
                raise ServerError(f"{name.replace('_', ' ')} {port} is not a valid TCP port")
        if self.bolt_port == self.http_port:
            raise ServerError(f"the Bolt and HTTP ports must differ (both are {self.bolt_port})")
        for name in ("heap", "page_cache"):
            if not re.fullmatch(r"\d+[kmgKMG]", getattr(self, name)):
                raise ServerError(f"{name} {getattr(self, name)!r} must look like 512m or 1g")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LocalServer:
        """The user's server: data under ``data_home()/neo4j``, ports from ``environ``.

        ``data_home()`` itself reads TIPGRAPH_HOME from the process environment.
        """
        env = os.environ if environ is None else environ
        return cls(
            home=data_home() / "neo4j",
            bolt_port=_port_from_env(env, "TIPGRAPH_BOLT_PORT", DEFAULT_BOLT_PORT),
            http_port=_port_from_env(env, "TIPGRAPH_HTTP_PORT", DEFAULT_HTTP_PORT),
        )

    # -- paths and addresses -------------------------------------------------------------

    @property
    def lib_dir(self) -> Path:
        assert self.runtime_dir is not None  # set in __post_init__
        return self.runtime_dir / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def bolt_uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.bolt_port}"

    @property
    def browser_uri(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def installed(self) -> bool:
        # lib/ only ever appears by an atomic rename of a complete download
        return (self.lib_dir / f"neo4j-server-{self.version}.jar").is_file()

    # -- the public operations -----------------------------------------------------------

    def install(self, *, force: bool = False) -> Path:
        """Download the server's jars with Maven unless they are already there; return lib/."""
        if self.installed and not force:
            return self.lib_dir
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ServerError(
                "Maven (mvn) is needed once to download the Neo4j jars from Maven Central, "
                "but it is not on PATH; install it (e.g. `apt install maven`) and retry"
            )
        runtime = self.lib_dir.parent
        runtime.mkdir(parents=True, exist_ok=True)  # lib/ itself must not exist before the rename
        # download next to lib/ and rename it into place, so an interrupted download never
        # looks installed and two concurrent installs cannot mix their files
        staging = Path(tempfile.mkdtemp(prefix="lib-download-", dir=runtime))
        cmd = [
            mvn, "-B", "-q", "-f", str(neo4j_pom()), "dependency:copy-dependencies",
            "-DincludeScope=runtime", "-DexcludeTypes=pom",
            f"-DoutputDirectory={staging}", f"-Dneo4j.version={self.version}",
        ]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=1800,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise ServerError(f"downloading Neo4j {self.version} with Maven took over 30 minutes; "
                              "check the network and retry") from exc
        if result.returncode != 0 or not (staging / f"neo4j-server-{self.version}.jar").is_file():
            shutil.rmtree(staging, ignore_errors=True)
            tail = _tail_text(result.stdout + result.stderr)
            raise ServerError(f"downloading Neo4j {self.version} with Maven failed "
                              f"(exit code {result.returncode}); last lines of its output:\n{tail}")
        if force and self.lib_dir.exists():
            shutil.rmtree(self.lib_dir)
        try:
            staging.rename(self.lib_dir)
        except OSError:
            if not self.installed:  # not just a concurrent install that finished first
                raise
            shutil.rmtree(staging, ignore_errors=True)
        return self.lib_dir

    def start(self, *, wait: bool = True, timeout: float = 120.0) -> ServerStatus:
        """Start the server (installing it if needed) and wait until Bolt answers ``RETURN 1``.

        Does nothing if this home's server already runs. Raises ServerError if Java is
        missing or too old, a port is taken by another process, or the server does not
        come up within ``timeout`` seconds (it is then stopped again).
        """
        current = self.status()
        if current.running:
            return current
        java = find_java()
        for label, port, variable in (("Bolt", self.bolt_port, "TIPGRAPH_BOLT_PORT"),
                                      ("HTTP", self.http_port, "TIPGRAPH_HTTP_PORT")):
            if port_in_use(port):
                raise ServerError(f"cannot start Neo4j: {label} port 127.0.0.1:{port} is already "
                                  f"in use by another process; stop it or set {variable}")
        self.install()
        self._prepare_home()
        password = self._ensure_password(java)
        pid = self._launch(java)
        if wait:
            self._wait_until_ready(pid, password, timeout)
        return self.status()

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server: SIGTERM, wait, SIGKILL if needed. False if it was not running."""
        pid = self._read_pid()
        if pid is None or not self._is_running(pid):
            self.pid_file.unlink(missing_ok=True)
            _CHILDREN.pop(pid, None)
            return False
        _signal(pid, signal.SIGTERM)
        if not self._wait_for_exit(pid, timeout):
            _signal(pid, signal.SIGKILL)
            if not self._wait_for_exit(pid, 10.0):
                raise ServerError(f"Neo4j (pid {pid}) did not exit even after SIGKILL")
        self.pid_file.unlink(missing_ok=True)
        _CHILDREN.pop(pid, None)
        return True

    def status(self) -> ServerStatus:
        pid = self._read_pid()
        running = pid is not None and self._is_running(pid)
        return ServerStatus(
            running=running,
            pid=pid if running else None,
            version=self.version,
            installed=self.installed,
            home=str(self.home),
            bolt_uri=self.bolt_uri,
            browser_uri=self.browser_uri,
            username=USERNAME,
            database=DATABASE,
        )

    def read_password(self) -> str:
        try:
            return self.password_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise ServerError(f"no password for the local Neo4j server in {self.password_file}; "
                              "run `tipgraph db start` first, or set NEO4J_URI") from None

    def settings(self) -> Settings:
        """Connection settings for this server (reads the password file)."""
        return Settings(uri=self.bolt_uri, username=USERNAME, password=self.read_password(),
                        database=DATABASE, credentials_from=str(self.password_file))

    # -- helpers -----------------------------------------------------------------------------

    def _prepare_home(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        os.chmod(self.home, 0o700)  # the password file lives here
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / sub).mkdir(exist_ok=True)
        conf = self.conf_dir / "neo4j.conf"
        previous = conf.read_text(encoding="utf-8") if conf.exists() else ""
        conf.write_text(self._neo4j_conf(_user_settings(previous)), encoding="utf-8")
        (self.conf_dir / "server-logs.xml").write_text(_SERVER_LOGS_XML, encoding="utf-8")
        (self.conf_dir / "user-logs.xml").write_text(_USER_LOGS_XML, encoding="utf-8")

    def _neo4j_conf(self, user_lines: list[str] | None = None) -> str:
        settings = {
            "initial.dbms.default_database": DATABASE,
            "server.directories.data": self.data_dir,
            "server.directories.logs": self.logs_dir,
            "server.directories.run": self.home / "run",
            "server.directories.import": self.home / "import",
            "server.directories.plugins": self.home / "plugins",
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.http.advertised_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.pagecache.size": self.page_cache,
            "dbms.usage_report.enabled": "false",
            # preallocating 256 MB of transaction log per database buys little for a
            # single-user analysis server and costs half a gigabyte of disk per home
            "db.tx_log.preallocate": "false",
            # logs are kept for recovery only (there is no incremental backup in Community):
            # Neo4j's default keeps two days of them, and an ingest rewrites each hub actor's
            # provenance list per report, so 15,000 fictional reports left 73 GB of logs. Logs
            # are pruned at checkpoints, by default every 15 minutes: one every 250 MiB of log
            # instead, or an ingest writing 60 MB/s fills a disk before the first
            "db.tx_log.rotation.retention_policy": "1G size",
            "db.checkpoint": "VOLUME",
            # Netty's default 5 s quiet period, paid twice, made every stop take ~10 s
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        }
        lines = [_CONF_HEADER]
        lines += [f"{key}={value}" for key, value in settings.items()]
        lines += ["", _USER_HEADER, *(user_lines or [])]
        return "\n".join(lines) + "\n"

    def _env(self) -> dict[str, str]:
        # without these the admin tool and the server look for conf/ next to the jars
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}

    def _ensure_password(self, java: str) -> str:
        """Return the server's password; on a fresh home, generate it and set it in Neo4j."""
        initialised = (self.data_dir / "databases" / "system").exists()
        if self.password_file.exists():
            password = self.read_password()
        elif initialised:
            raise ServerError(
                f"the Neo4j data in {self.data_dir} was initialised with a password that is no "
                f"longer in {self.password_file}; restore that file, or delete {self.data_dir} "
                "to start over (this erases the graph)"
            )
        else:
            password = generate_password()
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(password + "\n")
        if not initialised:
            # Neo4j reads data/dbms/auth.ini on its first start only
            self._set_initial_password(java, password)
        return password

    def _set_initial_password(self, java: str, password: str) -> None:
        # picocli expands @file arguments: the password stays out of `ps` output
        argfile = self.home / "run" / "initial-password.args"
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
        cmd = self.admin_command(java, "dbms", "set-initial-password", f"@{argfile}", jvm=("-Xmx256m",))
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, env=self._env(),
                                    cwd=self.home, timeout=300, stdin=subprocess.DEVNULL)
        finally:
            argfile.unlink(missing_ok=True)
        if result.returncode != 0:
            tail = _tail_text((result.stdout + result.stderr).replace(password, "***"))
            raise ServerError(f"setting the initial Neo4j password failed (exit code "
                              f"{result.returncode}):\n{tail}", path=str(self.home))

    def admin_command(self, java: str, *args: str, jvm: tuple[str, ...] = ()) -> list[str]:
        """The command line of ``neo4j-admin args`` for this home (run it with :meth:`_env`).
        It runs the admin tool itself: the ``neo4j-admin`` launcher (``Neo4jAdminBoot``) only
        starts a second JVM with the same class path and ``-Dfile.encoding=UTF-8``, about a
        second before the command begins (1.6-2.2 s to the first line of an import where the
        launcher took 2.7-3.4 s)."""
        return [java, *jvm, "-Dfile.encoding=UTF-8", "-cp", self._classpath(), "org.neo4j.cli.AdminTool", *args]

    def _classpath(self) -> str:
        parts = [self.home / "plugins" / "*", self.conf_dir / "*", self.lib_dir / "*"]
        return os.pathsep.join(str(part) for part in parts)

    def _launch(self, java: str) -> int:
        cmd = [java, "-Xms256m", f"-Xmx{self.heap}", *_JVM_FLAGS, "-cp", self._classpath(),
               "org.neo4j.server.CommunityEntryPoint",
               f"--home-dir={self.home}", f"--config-dir={self.conf_dir}"]
        # truncated per start, so its tail is about this start; debug.log keeps the history
        with open(self.console_log, "wb") as log:
            # a new session: Ctrl-C in the terminal that ran `tipgraph db start` must not
            # reach the server, and it outlives the command
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, cwd=self.home, env=self._env(),
                                    start_new_session=True, close_fds=True,
                                    preexec_fn=_parent_death_signal() if self.stop_with_parent else None)
        _CHILDREN[proc.pid] = proc
        self.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
        return proc.pid

    def _wait_until_ready(self, pid: int, password: str, timeout: float) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        deadline = time.monotonic() + timeout
        uri = f"bolt://127.0.0.1:{self.bolt_port}"
        with GraphDatabase.driver(uri, auth=(USERNAME, password), connection_timeout=2.0) as driver:
            while True:
                if not self._is_running(pid):
                    code = _CHILDREN.pop(pid, None)
                    code = code.returncode if code is not None else "unknown"
                    self.pid_file.unlink(missing_ok=True)
                    raise ServerError(f"Neo4j exited during start-up (exit code {code}); "
                                      f"{self._log_excerpt()}")
                if _port_open(self.bolt_port):
                    try:
                        driver.execute_query("RETURN 1", database_=DATABASE)
                        return
                    except AuthError as exc:
                        self.stop()
                        raise ServerError(
                            f"Neo4j in {self.home} rejects the password in {self.password_file}; "
                            f"restore the right one, or delete {self.data_dir} to start over"
                        ) from exc
                    except (Neo4jError, DriverError, OSError):
                        pass  # still starting: the database may not be online yet
                if time.monotonic() > deadline:
                    self.stop()
                    raise ServerError(f"Neo4j did not answer on {uri} within {timeout:.0f} s and was "
                                      f"stopped; {self._log_excerpt()}")
                time.sleep(0.2)

    def _log_excerpt(self) -> str:
        debug_log = self.logs_dir / "debug.log"
        advice = diagnose_start_failure(_read_tail(self.console_log) + "\n" + _read_tail(debug_log),
                                        self.conf_dir / "neo4j.conf", self.data_dir)
        return ((f"{advice}\n" if advice else "")
                + f"last lines of {self.console_log}:\n{_tail_file(self.console_log)}\n"
                + f"last errors in {debug_log}:\n{_tail_text(_errors_only(_read_tail(debug_log)), 10)}")

    def _read_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text(encoding="utf-8").strip())
        except (FileNotFoundError, ValueError):
            return None

    def _is_running(self, pid: int) -> bool:
        """Whether ``pid`` is alive and is this home's server (not a recycled pid)."""
        if pid in _CHILDREN:
            return _CHILDREN[pid].poll() is None
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        proc = Path(f"/proc/{pid}")
        if not proc.exists():  # not Linux: trust the pid file
            return True
        try:
            if (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return False
            # arguments are NUL-separated; the NULs keep /tmp/a from matching /tmp/ab
            return f"\0--home-dir={self.home}\0".encode() in (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            return False

    def _wait_for_exit(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self._is_running(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True


_CONF_HEADER = ("# Written by tipgraph on every `tipgraph db start`: the settings above the line below "
                "are tipgraph's and are rewritten.")
_USER_HEADER = "# --- your settings: lines below are kept across starts (e.g. db.recovery.fail_on_missing_files=false)"


def _user_settings(previous: str) -> list[str]:
    """The lines a user added to neo4j.conf: everything below our marker, and any setting
    above it (a file from an older tipgraph, or edited by hand) that tipgraph does not manage."""
    if _USER_HEADER in previous:
        return previous.split(_USER_HEADER, 1)[1].strip("\n").splitlines()
    managed = {line.split("=", 1)[0].strip() for line in LocalServer(Path("/nonexistent"), version="0")
               ._neo4j_conf().splitlines() if "=" in line and not line.startswith("#")}
    return [line for line in previous.splitlines()
            if line.strip() and not line.startswith("#") and line.split("=", 1)[0].strip() not in managed]


def diagnose_start_failure(log: str, conf: Path, data_dir: Path) -> str | None:
    """What to do, from the server's log, when it did not start (None if nothing is known)."""
    lowered = log.lower()
    if "no space left on device" in lowered or "could not append transaction" in lowered:
        return (f"no space left on the disk holding {data_dir}: free some space, then run "
                "`tipgraph db start` again")
    if "fail_on_missing_files" in lowered or ("recovery" in lowered and "missing" in lowered) \
            or "checkpoint" in lowered and "not found" in lowered:
        return (f"the database in {data_dir} cannot be recovered after a crash (transaction logs are "
                f"missing or damaged): add the line db.recovery.fail_on_missing_files=false at the end of "
                f"{conf} (kept across starts) and run `tipgraph db start` again; remove it once the "
                "server is up")
    return None


def _read_tail(path: Path, size: int = 64_000) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(max(0, path.stat().st_size - size))
            return fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _errors_only(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if " ERROR " in line or "Exception" in line)


@functools.lru_cache(maxsize=None)
def pom_version() -> str:
    """The Neo4j version that ``scripts/neo4j/pom.xml`` pins."""
    import xml.etree.ElementTree as ET

    pom = neo4j_pom()
    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    element = ET.parse(pom).getroot().find("m:properties/m:neo4j.version", namespace)
    if element is None or not (element.text or "").strip():
        raise ServerError("no <neo4j.version> property", path=str(pom))
    return element.text.strip()


def find_java() -> str:
    """The java executable to use (``$JAVA_HOME/bin/java``, else ``java`` on PATH).

    Raises ServerError unless it is Java 17 or 21, the versions Neo4j 5.26 supports.
    """
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = str(Path(java_home) / "bin" / "java")
        if not os.access(java, os.X_OK):
            raise ServerError(f"JAVA_HOME is {java_home}, but it has no bin/java; "
                              "point it at a Java 17 or 21 installation")
    else:
        found = shutil.which("java")
        if found is None:
            raise ServerError("Neo4j needs Java 17 or 21, but `java` is not on PATH; install it "
                              "(e.g. `apt install openjdk-17-jre-headless`) or set JAVA_HOME")
        java = found
    major = _java_major(java)
    if major not in SUPPORTED_JAVA:
        raise ServerError(f"{java} is Java {major}, but Neo4j 5.26 needs Java 17 or 21; "
                          "install one and set JAVA_HOME to it")
    return java


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something already listens on ``host:port`` (so Neo4j could not bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR: a port left in TIME_WAIT by a server we just stopped is free
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def _java_major(java: str) -> int:
    try:
        result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise ServerError(f"cannot run {java}: {exc}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if match is None:
        raise ServerError(f"cannot tell which Java version {java} is (`java -version` said "
                          f"{(result.stderr or result.stdout).strip()[:200]!r})")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:  # it exited on its own in the meantime
        pass


def _port_from_env(env: Mapping[str, str], variable: str, default: int) -> int:
    raw = env.get(variable, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ServerError(f"{variable}={raw!r} is not a port number") from None


def _parent_death_signal() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to SIGTERM the child when its parent dies (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    # looked up here, in the parent: the child between fork and exec must not load libraries
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1

    def set_signal() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return set_signal


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _tail_text(text: str, lines: int = 20) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return "\n".join(f"  {line}" for line in kept) or "  (no output)"


def _tail_file(path: Path, lines: int = 20) -> str:
    try:
        return _tail_text(path.read_text(encoding="utf-8", errors="replace"), lines)
    except FileNotFoundError:
        return "  (no log written)"


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """The server every command talks to: the one ``NEO4J_*`` variables name, or else the local
    server that ``tipgraph db start`` runs (its generated password read from its 0600 file)."""
    env = os.environ if environ is None else environ
    return Settings.from_env(env) or LocalServer.from_env(env).settings()
