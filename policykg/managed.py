"""A project-managed Neo4j Community 5.26: jars from Maven Central, a detached ``java`` process.

Import it through :mod:`policykg.server` (``from policykg.server import ManagedNeo4j``).

Layout of the home directory (``$POLICYKG_HOME``, default ``~/.local/share/policykg``)::

    conf/neo4j.conf   generated at every start (127.0.0.1 only, HTTP off, CSV file import off)
    data/ logs/ run/  Neo4j's own directories; logs/console.log is the JVM's stdout/stderr
    import/           empty on purpose: LOAD CSV from file URLs is disabled
    password          generated (``secrets``) on first start, mode 0600
    neo4j.pid         pid of the java process;  bolt.port  the Bolt port it listens on
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from policykg.config import NEO4J_CACHE_DIR, NEO4J_HEAP, NEO4J_PAGE_CACHE, NEO4J_VERSION, Settings
from policykg.errors import ProvisioningError
from policykg.java import JVM_DIRS, MIN_JAVA, JavaRuntime, find_java, find_maven

log = logging.getLogger(__name__)

#: Initial heap, never above the maximum (the maximum and the page cache come from the settings).
HEAP_INITIAL = "512m"
READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0
_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
#: What bin/neo4j would pass the JVM (we bypass that launcher): heap, GC, and the opens Netty needs.
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>policykg</groupId><artifactId>neo4j-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{v}</version></dependency>
    <dependency><groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId><version>{v}</version></dependency>
  </dependencies>
</project>
"""
_INSTALL_JAVA = (
    "install a JDK 17 or 21 (e.g. `apt-get install openjdk-17-jre-headless`, `brew install openjdk@17`) "
    "and set JAVA_HOME"
)
_INSTALL_MAVEN = (
    "install Maven (`apt-get install maven`, `brew install maven`; needed once, to download the jars)"
)
_ALTERNATIVES = "or set NEO4J_URI (and NEO4J_PASSWORD) to an existing server; or run `docker compose up -d` in the checkout"


@contextlib.contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """Serialise provisioning/starting across processes (two pytest runs, a CLI and a test…)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pid_alive(pid: int) -> bool:
    """Alive, not a zombie, and still our Neo4j (guards against a recycled pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    if proc.is_dir():
        with contextlib.suppress(OSError):
            if (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return False
            return _ENTRY_POINT.encode() in (proc / "cmdline").read_bytes()
    return True


def memory_bytes(size: str) -> int:
    """Bytes of a JVM / Neo4j memory size such as ``512m`` or ``4g`` (validated by the settings)."""
    shift = {"k": 10, "m": 20, "g": 30}.get(size[-1].lower(), 0)
    return int(size.rstrip("kKmMgG")) << shift


class ManagedNeo4j:
    """Neo4j Community 5.26 run by policykg in ``home`` with jars cached in ``cache``."""

    version = NEO4J_VERSION

    def __init__(
        self,
        home: Path,
        cache: Path,
        *,
        jvm_dirs: Sequence[Path] = JVM_DIRS,
        heap: str = NEO4J_HEAP,
        page_cache: str = NEO4J_PAGE_CACHE,
        extra_conf: Sequence[str] = (),
        jvm_flags: Sequence[str] = (),
    ) -> None:
        self.home = Path(home).expanduser()
        # JVM options after policykg's own (tests give a server that restarts often C1-only JIT).
        self.jvm_flags = tuple(jvm_flags)
        # Settings appended after policykg's own (a later line wins): tests use it to run a server
        # configured as policykg would not, e.g. one that allows LOAD CSV from file URLs.
        self.extra_conf = tuple(extra_conf)
        self.heap = heap
        self.page_cache = page_cache
        self.cache = Path(cache).expanduser()
        self.jvm_dirs = tuple(jvm_dirs)
        self.dist_dir = self.cache / NEO4J_CACHE_DIR
        self.lib_dir = self.dist_dir / "lib"
        self.pid_file = self.home / "neo4j.pid"
        self.port_file = self.home / "bolt.port"
        self.password_file = self.home / "password"
        self._marker = self.dist_dir / "PROVISIONED"
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> ManagedNeo4j:
        """The managed server of ``settings``: its home, its jar cache and its memory."""
        return cls(
            settings.home_dir,
            settings.cache_dir,
            heap=settings.neo4j_heap,
            page_cache=settings.neo4j_page_cache,
        )

    # ------------------------------------------------------------------ provisioning

    def is_provisioned(self) -> bool:
        return self._marker.is_file() and any(self.lib_dir.glob("neo4j-kernel-*.jar"))

    def provision(self) -> Path:
        """Download the jars once (Maven; reuses ``~/.m2``); return the lib directory."""
        with _locked(self.dist_dir / ".lock"):
            if self.is_provisioned():
                return self.lib_dir
            maven, runtime = find_maven(), find_java(self.jvm_dirs)
            if maven is None or runtime is None:
                # Name everything that is missing at once, not one tool per attempt.
                lacking = [(f"Java {MIN_JAVA}+", _INSTALL_JAVA)] if runtime is None else []
                lacking += [("Maven (`mvn`)", _INSTALL_MAVEN)] if maven is None else []
                raise ProvisioningError(
                    f"{' and '.join(name for name, _ in lacking)} not found (looked at JAVA_HOME, PATH, "
                    f"{self._searched()}); needed to fetch and run Neo4j {self.version} into {self.lib_dir}. "
                    f"To fix: {'; '.join(fix for _, fix in lacking)}; {_ALTERNATIVES}"
                )
            staging = self.dist_dir / "lib.partial"
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
            pom = self.dist_dir / "pom.xml"
            pom.write_text(_POM.format(v=self.version), encoding="utf-8")
            command = [
                str(maven),
                "-B",
                "-q",
                "-f",
                str(pom),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={staging}",
                "-DexcludeTypes=pom",
            ]
            log.info("downloading Neo4j %s jars with Maven into %s (once)", self.version, self.lib_dir)
            started = time.monotonic()
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                cwd=self.dist_dir,
                env={**os.environ, "JAVA_HOME": str(runtime.home)},
                check=False,
            )
            if result.returncode != 0:
                tail = " | ".join((result.stdout + result.stderr).strip().splitlines()[-3:])
                raise ProvisioningError(
                    f"Maven could not download Neo4j {self.version} (exit {result.returncode}): {tail}. "
                    "Check access to Maven Central (or a mirror in ~/.m2/settings.xml) and retry "
                    "`policykg neo4j provision`; or set NEO4J_URI to an existing server"
                )
            if self.lib_dir.exists():
                shutil.rmtree(self.lib_dir, ignore_errors=True)
            staging.rename(self.lib_dir)  # atomic: a half download never looks provisioned
            jars = len(list(self.lib_dir.glob("*.jar")))
            self._marker.write_text(f"{self.version} {jars} jars\n", encoding="utf-8")
            log.info("provisioned %d jars in %.0f s", jars, time.monotonic() - started)
            return self.lib_dir

    def _java(self) -> JavaRuntime:
        runtime = find_java(self.jvm_dirs)
        if runtime is None:
            raise ProvisioningError(
                f"no Java {MIN_JAVA}+ found (looked at JAVA_HOME, `java` on PATH, {self._searched()}); "
                f"the local Neo4j {self.version} needs one. To fix: {_INSTALL_JAVA}; {_ALTERNATIVES}"
            )
        return runtime

    def _searched(self) -> str:
        return ", ".join(str(folder) for folder in self.jvm_dirs) or "no JVM folders"

    # ------------------------------------------------------------------ lifecycle

    def uri(self) -> str | None:
        try:
            return f"bolt://127.0.0.1:{int(self.port_file.read_text().strip())}"
        except (OSError, ValueError):
            return None

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if self._process is not None and self._process.pid == pid:
            self._process.poll()  # reap our own child so a dead server is not seen as a zombie
        return pid if _pid_alive(pid) else None

    def start(self) -> tuple[str, tuple[str, str]]:
        """Start the server (or reuse the running one); return ``(bolt_uri, (user, password))``."""
        with _locked(self.home / ".lock"):
            uri = self.uri()
            if self.pid() is not None and uri is not None:
                log.info("reusing the running Neo4j at %s", uri)
                self._wait_ready(uri)
                return uri, self._ensure_password(uri)
            self._clear_run_files()
            self.provision()
            runtime = self._java()
            port = _free_port()
            uri = f"bolt://127.0.0.1:{port}"
            self._write_conf(port)
            console = self.home / "logs" / "console.log"
            console.parent.mkdir(parents=True, exist_ok=True)
            command = [
                str(runtime.java),
                *self._heap_flags(),
                *_JVM_FLAGS,
                *self.jvm_flags,
                "-cp",
                str(self.lib_dir / "*"),
                _ENTRY_POINT,
                f"--home-dir={self.home}",
                f"--config-dir={self.home / 'conf'}",
            ]
            log.info(
                "starting Neo4j %s (Java %d) at %s, home %s", self.version, runtime.major, uri, self.home
            )
            with open(console, "ab") as out:
                # A new session: the server outlives this Python process and ignores its Ctrl-C.
                self._process = subprocess.Popen(
                    command,
                    cwd=self.home,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self.pid_file.write_text(f"{self._process.pid}\n")
            self.port_file.write_text(f"{port}\n")
            self._wait_ready(uri)
            return uri, self._ensure_password(uri)

    def running_connection(self) -> tuple[str, tuple[str, str]] | None:
        """``(bolt_uri, auth)`` of the running server, or None; never starts anything."""
        uri = self.uri()
        if self.pid() is None or uri is None or not self._bolt_answers(uri):
            return None
        return uri, self._stored_auth()

    def stop(self) -> bool:
        """SIGTERM, wait for a clean shutdown, SIGKILL after ``STOP_TIMEOUT_S``. False if not running."""
        with _locked(self.home / ".lock"):
            pid = self.pid()
            if pid is None:
                self._clear_run_files()
                return False
            log.info("stopping Neo4j (pid %d)", pid)
            os.kill(pid, signal.SIGTERM)
            if not self._wait_exit(pid, STOP_TIMEOUT_S):
                log.warning("Neo4j did not stop in %.0f s; killing it", STOP_TIMEOUT_S)
                os.kill(pid, signal.SIGKILL)
                self._wait_exit(pid, 10.0)
            self._clear_run_files()
            return True

    def status(self) -> dict[str, Any]:
        """Running state without secrets: pid, uri, whether Bolt answers, where things live."""
        pid = self.pid()
        uri = self.uri() if pid is not None else None
        return {
            "running": pid is not None,
            "pid": pid,
            "uri": uri,
            "bolt": uri is not None and self._bolt_answers(uri),
            "version": self.version,
            "provisioned": self.is_provisioned(),
            "home": str(self.home),
            "lib_dir": str(self.lib_dir),
            "password_file": str(self.password_file),
        }

    # ------------------------------------------------------------------ helpers

    def _write_conf(self, port: int) -> None:
        (self.home / "import").mkdir(parents=True, exist_ok=True)
        conf = self.home / "conf" / "neo4j.conf"
        conf.parent.mkdir(parents=True, exist_ok=True)
        # db.transaction.timeout stays unset on purpose: every query passes its own timeout.
        lines = [
            "# Generated by policykg at every start; edits are overwritten.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{port}",
            f"server.bolt.advertised_address=127.0.0.1:{port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.usage_report.enabled=false",
            "dbms.security.allow_csv_import_from_file_urls=false",
            f"server.directories.import={self.home / 'import'}",
            f"server.memory.heap.initial_size={self._heap_initial()}",
            f"server.memory.heap.max_size={self.heap}",
            f"server.memory.pagecache.size={self.page_cache}",
            # The graph is rebuilt from its sources at will: keep the transaction logs recovery
            # needs, not Neo4j's default two days of them (14 GB after a few 100x benchmark loads).
            "db.tx_log.rotation.retention_policy=2 files",
            # A stop waited 2 x 5 s for Bolt's thread pool and connections AFTER the databases had
            # stopped (nothing left to finish): `policykg neo4j stop` took 11 s, now about 1 s.
            "internal.server.bolt.thread_pool_shutdown_wait_time=0s",
            "internal.server.bolt.connection_shutdown_wait_time=0s",
        ]
        # Neo4j refuses a setting declared twice: an extra line replaces policykg's own.
        overridden = {line.split("=", 1)[0] for line in self.extra_conf}
        lines = [line for line in lines if line.split("=", 1)[0] not in overridden]
        conf.write_text(
            "\n".join([*lines, *self.extra_conf, ""]),
            encoding="utf-8",
        )

    def _heap_initial(self) -> str:
        """The initial heap: the default's, or the whole heap when that is smaller."""
        return HEAP_INITIAL if memory_bytes(self.heap) >= memory_bytes(HEAP_INITIAL) else self.heap

    def _heap_flags(self) -> tuple[str, str]:
        return f"-Xms{self._heap_initial()}", f"-Xmx{self.heap}"

    def _clear_run_files(self) -> None:
        for file in (self.pid_file, self.port_file):
            file.unlink(missing_ok=True)

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.pid == pid:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(timeout=0.2)
            if not _pid_alive(pid):
                return True
            time.sleep(0.2)
        return False

    def _bolt_answers(self, uri: str) -> bool:
        """True once a Bolt handshake + login round trip completes (a refused login also counts)."""
        with GraphDatabase.driver(uri, auth=self._stored_auth(), connection_timeout=2.0) as driver:
            try:
                driver.verify_connectivity()
            except AuthError:
                return True
            except (DriverError, Neo4jError, OSError):
                return False
        return True

    def _wait_ready(self, uri: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._bolt_answers(uri):
                return
            if self._process is not None and self._process.poll() is not None:
                raise ProvisioningError(
                    f"Neo4j exited with code {self._process.returncode} while starting; "
                    f"see {self.home / 'logs' / 'console.log'} and {self.home / 'logs' / 'neo4j.log'}"
                )
            time.sleep(0.5)
        raise ProvisioningError(
            f"Neo4j did not answer on {uri} within {READY_TIMEOUT_S:.0f} s; "
            f"see {self.home / 'logs' / 'neo4j.log'}"
        )

    def _stored_auth(self) -> tuple[str, str]:
        try:
            return "neo4j", self.password_file.read_text(encoding="utf-8").strip()
        except OSError:
            return "neo4j", "neo4j"

    def _ensure_password(self, uri: str) -> tuple[str, str]:
        """Replace the initial neo4j/neo4j with a generated password kept in ``password`` (0600).

        The file is written BEFORE the server is changed, so a crash in between leaves a state
        the next start repairs (stored password refused, neo4j/neo4j accepted → change again).
        Two login attempts at most: Neo4j locks the user after three failures.
        """
        fresh = not self.password_file.exists()
        if fresh:
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(24) + "\n")
        auth = self._stored_auth()
        # A fresh server still has neo4j/neo4j: logging in with the new password would only fail.
        if not fresh:
            with GraphDatabase.driver(uri, auth=auth) as driver:
                try:
                    driver.verify_connectivity()
                    return auth
                except AuthError:
                    pass
        with GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as driver:
            try:
                driver.execute_query(
                    "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                    old="neo4j",
                    new=auth[1],
                    database_="system",
                )
            except (AuthError, Neo4jError):
                raise ProvisioningError(
                    f"the password in {self.password_file} does not open the database in {self.home / 'data'}; "
                    f"restore that file, or delete {self.home / 'data'} (this erases the graph) and start again"
                ) from None
        return auth
