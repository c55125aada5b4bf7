"""The workbench's figures: start-up time of ``policykg serve`` and latency per page kind; writes
``bench/results/serve.json``.

Start-up: ``policykg serve`` is started as a process (the CLI, as a person starts it) ``--starts``
times, timed until ``/healthz`` answers 200 and until the search page does; each is stopped with
SIGTERM. Latency: against one such server, each page kind's URLs (the canned queries' examples:
found through the API's search: Qingdao's plan, clause, target and NDRC, region 370200, …) are fetched ``--warmup`` times, then
``--repeat`` times: p50 and p95 of the client-side wall time over HTTP on the loopback.

It times whatever graph the running Neo4j holds (``policykg build`` first; the managed server
of ``$POLICYKG_HOME`` or ``NEO4J_URI``). The issue's goals: start-up < 3 s; p95 per page < 150 ms
(< 400 ms at 10×); search p95 < 200 ms.

    POLICYKG_HOME=/work/homes/web .venv/bin/python bench/bench_serve.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

RESULTS = Path(__file__).resolve().parent / "results" / "serve.json"
POLICYKG = Path(sys.executable).parent / "policykg"


def page_urls(base: str) -> dict[str, list[str]]:
    """The URLs timed, per page kind: nodes found through the API's own search (so the same
    bench runs on the bundled graph and on a synthetic N× one, whose file names differ)."""

    def first(q_text: str, kind: str) -> str:
        hits = fetch_json(base + "/api/search?q=" + quote(q_text))["results"]
        return next(str(h["url"]) for h in hits if h["kind"] == kind)

    plan = first("青岛 可再生能源", "Plan")
    clause = first("青岛 可再生能源", "Clause")
    target = first("青岛 可再生能源", "Target")
    agency = first("青岛市发展和改革委员会", "Agency")
    national = first("大力发展新能源", "Clause")
    indicator = first("非化石能源消费", "Indicator")
    data = fetch_json(base + "/api" + clause)["clause"]
    return {
        "search": ["/search?q=" + quote("青岛 可再生能源"), "/search?q=" + quote("大力发展新能源")],
        "api_search": ["/api/search?q=" + quote("市发展改革委")],
        "suggest": ["/api/suggest?q=" + quote("青岛")],
        "plan": [plan],
        "clause": [clause, national],
        "target": [target],
        "agency": [agency],
        "duties_csv": [agency + "/duties.csv"],
        "duties_xlsx": [agency + "/duties.xlsx"],
        "region": ["/region/370200", "/region/210000"],
        "indicator": [indicator],
        "ask": [
            "/ask/owner?region=" + quote("青岛") + "&indicator=" + quote("可再生能源装机容量") + "&year=2025"
        ],
        "source": [f"/source?source={quote(data['source'])}&start={data['start']}&end={data['start'] + 20}"],
        "api_clause": ["/api" + national],
        "view": ["/view" + clause],
    }


def fetch_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:  # loopback only
        return json.loads(response.read())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, timeout: float = 30) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        response.read()
        return int(response.status)


def start(port: int) -> tuple[subprocess.Popen[bytes], float, float]:
    """A ``policykg serve`` process; seconds until /healthz, then until the search page, answered."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [str(POLICYKG), "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    healthy = None
    while time.perf_counter() - began < 60:
        if process.poll() is not None:
            raise SystemExit(
                f"policykg serve exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if get(base + "/healthz", timeout=2) == 200:
                healthy = time.perf_counter() - began
                break
        except OSError:
            time.sleep(0.02)
    if healthy is None:
        process.terminate()
        raise SystemExit("policykg serve did not answer within 60 s")
    get(base + "/search?q=" + quote("青岛 可再生能源"))
    return process, healthy, time.perf_counter() - began


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--label", default="1x", help="What graph is loaded (1x, 10x): the key in serve.json."
    )
    args = parser.parse_args()

    startups: list[dict[str, float]] = []
    for _ in range(args.starts):
        process, healthy, first_page = start(free_port())
        startups.append({"healthz_s": round(healthy, 3), "first_search_s": round(first_page, 3)})
        stop(process)
    port = free_port()
    process, _, _ = start(port)
    base = f"http://127.0.0.1:{port}"
    pages: dict[str, Any] = {}
    try:
        for kind, urls in page_urls(base).items():
            for url in urls:
                for _ in range(args.warmup):
                    get(base + url)
            times = []
            for _ in range(args.repeat):
                for url in urls:
                    began = time.perf_counter()
                    get(base + url)
                    times.append((time.perf_counter() - began) * 1000)
            pages[kind] = {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "requests": len(times),
            }
            print(f"{kind:12} p50 {pages[kind]['p50_ms']:7.1f} ms  p95 {pages[kind]['p95_ms']:7.1f} ms")
    finally:
        stop(process)
    startup = {
        "runs": startups,
        "healthz_median_s": statistics.median(s["healthz_s"] for s in startups),
        "healthz_max_s": max(s["healthz_s"] for s in startups),
        "first_search_median_s": statistics.median(s["first_search_s"] for s in startups),
    }
    print(
        f"start-up: /healthz after {startup['healthz_median_s']} s (median, max {startup['healthz_max_s']} s)"
    )
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results[args.label] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "command": " ".join(["bench/bench_serve.py", *sys.argv[1:]]),
        "startup": startup,
        "pages": pages,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
