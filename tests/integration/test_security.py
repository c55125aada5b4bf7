"""Security through the user-facing paths, against the slow tier's policykg-managed Neo4j of its
own (``own_server``; its password is known here, so every output can be searched for it):

- ``policykg cypher`` refuses CREATE, MERGE, DELETE, SET, a write procedure and
  ``LOAD CSV FROM 'file:///etc/passwd'``, and stops a never-ending query, each with a one-line
  message and exit code 6 (the API path is covered in ``test_queries.py``);
- the password is never printed: not by a failing connection, not by ``build``, not in its pages;
- the managed server listens on loopback only;
- HTML built from a document carrying ``<script>``/``<img onerror>`` payloads runs none of them in
  headless Chromium (the viz views are covered in ``test_viz.py``; here: the ``build`` pages).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import Browser, chromium_or_skip, left_the_machine
from servers import OwnServer

from policykg.errors import Neo4jUnavailable, QueryError
from policykg.server import connect

pytestmark = [pytest.mark.integration, pytest.mark.slow]

HOSTILE = """测试市碳达峰实施方案<script>window.__pwned='title';document.title='pwned'</script>

为深入贯彻落实《2030年前碳达峰行动方案》，结合我市实际，制定本方案。

一、总体要求
（一）主要目标。到2025年，非化石能源消费比重达到20%左右<img src=x onerror="window.__pwned='img'">。（责任单位：市发展改革委<script>window.__pwned='agency'</script>、市能源局）
二、重点任务
（一）大力发展新能源。到2025年，可再生能源装机容量达到500万千瓦。（责任单位：市能源局）
（二）推进工业领域碳达峰。</script><script>window.__pwned='close'</script>推动钢铁行业碳达峰。（责任单位：市工业和信息化局）
"""


def cli(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg.cli", *args],
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def server(own_server: OwnServer) -> OwnServer:
    """The slow tier's server, emptied: what the module reads is what ``built`` writes."""
    own_server.ensure_running()
    own_server.wipe()
    return own_server


@pytest.fixture(scope="module")
def built(
    server: OwnServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """``policykg build`` of one hostile plan: the graph the other tests read, and its pages."""
    folder = tmp_path_factory.mktemp("hostile")
    plan = folder / "900_hostile.txt"
    plan.write_text(HOSTILE, encoding="utf-8")
    out = folder / "out"
    done = cli("build", str(plan), "--out", str(out), env=server.env())
    assert done.returncode == 0, done.stderr
    return out, done


def counts(server: OwnServer) -> tuple[int, int]:
    with connect(server.uri, server.auth) as driver:
        record = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-->() } AS edges", database_="neo4j"
        ).records[0]
        return record["nodes"], record["edges"]


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (n:Plan {id: 'evil'})",
        "MERGE (n:Agency {id: 'evil'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (p:Plan) SET p.title = 'evil'",
        "MATCH (p:Plan) REMOVE p.title",
        "CALL db.createLabel('Evil')",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "MATCH (p:Plan) CALL { WITH p CREATE (:Evil) } RETURN count(*) AS n",
    ],
)
def test_cli_cypher_refuses_writes_and_local_files(server: OwnServer, built: object, statement: str) -> None:
    before = counts(server)
    done = cli("cypher", statement, env=server.env(), timeout=120)
    assert done.returncode == QueryError.exit_code == 6, (done.stdout, done.stderr)
    assert done.stderr.startswith("policykg: [E4") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr and "root:" not in done.stdout + done.stderr
    assert counts(server) == before


def test_cli_cypher_write_message_says_read_only(server: OwnServer, built: object) -> None:
    done = cli("cypher", "CREATE (n:Plan {id: 'evil'})", env=server.env(), timeout=120)
    assert "[E410]" in done.stderr and "read-only" in done.stderr


def test_cli_cypher_stops_a_never_ending_query(server: OwnServer, built: object) -> None:
    clock = time.monotonic()
    done = cli(
        "cypher",
        "UNWIND range(1, 9000000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n",
        "--timeout",
        "2",
        env=server.env(),
        timeout=120,
    )
    assert time.monotonic() - clock < 60
    assert done.returncode == 6 and "longer than 2 s and was stopped" in done.stderr, done.stderr


def test_cli_cypher_still_reads(server: OwnServer, built: object) -> None:
    done = cli(
        "cypher",
        "MATCH (p:Plan) WHERE p.source = $s RETURN p.id AS id",
        "-p",
        "s=900_hostile.txt",
        "--format",
        "json",
        env=server.env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"id": "900_hostile"' in done.stdout


def test_password_is_not_in_build_output_pages_or_logs(
    server: OwnServer, built: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    out, done = built
    assert server.password not in done.stdout + done.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in files) and any(p.name == "graph.nt" for p in files)
    for path in files:
        assert server.password.encode() not in path.read_bytes(), path
    for log in (server.home / "logs").rglob("*"):
        if log.is_file():
            assert server.password.encode() not in log.read_bytes(), log


def test_password_is_not_in_connection_failures(server: OwnServer) -> None:
    wrong = "wrong-Secret-4f9c1d"
    refused = cli("ingest", env=server.env(NEO4J_PASSWORD=wrong), timeout=120)
    assert refused.returncode == Neo4jUnavailable.exit_code
    assert "refused the credentials" in refused.stderr and server.uri in refused.stderr
    assert wrong not in refused.stdout + refused.stderr
    unreachable = cli("cypher", "RETURN 1", env=server.env(NEO4J_URI="bolt://127.0.0.1:1"), timeout=60)
    assert unreachable.returncode == Neo4jUnavailable.exit_code and "bolt://127.0.0.1:1" in unreachable.stderr
    assert server.password not in unreachable.stdout + unreachable.stderr
    assert "Traceback" not in refused.stderr + unreachable.stderr


def _listening_addresses(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every TCP socket the process listens on, from /proc (IPv4 and IPv6)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != "0A" or inode not in inodes:  # 0A = LISTEN
                continue
            address, port = local.split(":")
            found.append((_address(address, width), int(port, 16)))
    return found


def _address(hex_address: str, width: int) -> str:
    """/proc/net/tcp* addresses are 32-bit words in host (little-endian) byte order."""
    words = [bytes.fromhex(hex_address[i : i + 8])[::-1] for i in range(0, width, 8)]
    raw = b"".join(words)
    if len(raw) == 4:
        return ".".join(map(str, raw))
    if raw[:12] == b"\0" * 10 + b"\xff\xff":  # ::ffff:a.b.c.d, an IPv4 address on an IPv6 socket
        return ".".join(map(str, raw[12:]))
    return "::1" if raw == b"\0" * 15 + b"\x01" else raw.hex()


def test_managed_server_listens_on_loopback_only(server: OwnServer) -> None:
    pid = server.server.pid()
    assert pid
    listening = _listening_addresses(pid)
    bolt_port = int(server.uri.rsplit(":", 1)[1])
    assert ("127.0.0.1", bolt_port) in listening
    assert [a for a in listening if a[0] not in ("127.0.0.1", "::1")] == [], listening


def test_build_pages_run_no_payload(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 2
    with Browser(chromium_or_skip()) as browser:
        for page_file in pages:
            with browser.open(page_file) as page:
                time.sleep(0.5)  # let any inline handler (img onerror) fire
                state = page.evaluate(
                    "({pwned: String(window.__pwned), title: document.title,"
                    " text: document.body ? document.body.innerText : ''})"
                )
                assert state["pwned"] == "undefined" and "pwned" not in state["title"], page_file
                assert [u for u in page.requested_urls() if left_the_machine(u)] == [], page_file
    # The pages are built from the hostile plan (its indicator is listed). Its clause text, where
    # the payloads sit, is shown by the viz views, which test_viz.py opens with the same payloads.
    assert any("非化石能源消费比重" in p.read_text(encoding="utf-8") for p in pages)
