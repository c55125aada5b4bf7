"""A small headless-Chromium driver for the page tests: the Chrome DevTools Protocol over a pipe.

``--remote-debugging-pipe`` (what Playwright and Puppeteer use) speaks CDP as NUL-terminated JSON
on file descriptors 3 (commands in) and 4 (replies and events out): no port to collide with in
parallel test runs, no websocket library. Tests use :func:`chromium_or_skip` and
:meth:`Browser.open`, then read the page's state with :meth:`Page.evaluate`.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlparse

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    # tabs opened over CDP count as background tabs: unthrottled timers, or vis-network's
    # stabilisation (run in setTimeout chunks) takes a second per chunk
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--remote-debugging-pipe",
)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def find_chromium() -> str | None:
    env = os.environ.get("POLICYKG_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_or_skip() -> str:
    import pytest

    path = find_chromium()
    if path is None:
        pytest.skip(
            "no Chromium found (looked for chromium, chromium-browser, google-chrome; "
            "install it with `apt-get install -y chromium` or set POLICYKG_CHROMIUM)"
        )
    return path


def left_the_machine(url: str) -> bool:
    """True for a request to anywhere but this machine (file:, data:, about:, blob: and loopback are local)."""
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "about", "blob", "chrome", "devtools", ""):
        return False
    return (parsed.hostname or "") not in LOOPBACK


class CDPError(RuntimeError):
    pass


class Browser:
    """One headless Chromium process; close() (or the context manager) ends it."""

    def __init__(self, executable: str, width: int = 1400, height: int = 900) -> None:
        self._profile = tempfile.mkdtemp(prefix="policykg-chromium-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def child_fds() -> None:  # pragma: no cover - runs in the child
            # Chromium expects its pipe ends at exactly fd 3 (read) and fd 4 (write).
            high_read, high_write = os.dup(commands_read), os.dup(replies_write)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=child_fds,  # noqa: PLW1509 - Chromium is started before the test starts threads; the hook only moves two pipe fds
            close_fds=False,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._next_id = 0
        self._lock = threading.Lock()
        self._replies_by_id: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self.send("Browser.getVersion", timeout=30)

    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._replies, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._arrived:
                    self._arrived.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self._arrived:
                    if "id" in message:
                        self._replies_by_id[message["id"]] = message
                    else:
                        self.events.append(message)
                    self._arrived.notify_all()

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._arrived:
            while message_id not in self._replies_by_id:
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise CDPError(f"{method}: no reply within {timeout}s")
                self._arrived.wait(left)
            reply = self._replies_by_id.pop(message_id)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    def wait_event(self, method: str, session: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for event in self.events:
                    if event.get("method") == method and event.get("sessionId") == session:
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CDPError(f"no {method} within {timeout}s")
                self._arrived.wait(left)

    @contextmanager
    def open(self, path: Path | str, timeout: float = 60) -> Iterator[Page]:
        """A new tab with network, console and exception events recorded from before the load.
        ``path``: a file, or an ``http://`` URL (a page a test server serves)."""
        url = path if isinstance(path, str) and path.startswith("http") else Path(path).resolve().as_uri()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Page", "Network", "Runtime", "Log"):
                self.send(f"{domain}.enable", session=session)
            self.send("Page.navigate", {"url": url}, session=session)
            self.wait_event("Page.loadEventFired", session, timeout)
            yield Page(self, session)
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except CDPError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def evaluate(self, expression: str, timeout: float = 30) -> Any:
        """The JSON value of a JavaScript expression (promises awaited)."""
        result = self.browser.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            self.session,
            timeout,
        )
        if "exceptionDetails" in result:
            raise CDPError(f"{expression!r} threw {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(f"Boolean({expression})"):
            if time.monotonic() > deadline:
                raise CDPError(f"{expression} still false after {timeout}s")
            time.sleep(0.1)

    def navigate(self, url: str, timeout: float = 60) -> None:
        """Go to ``url`` in this tab and wait for its load event."""
        self.browser.events[:] = [
            e
            for e in self.browser.events
            if not (e.get("method") == "Page.loadEventFired" and e.get("sessionId") == self.session)
        ]
        self.browser.send("Page.navigate", {"url": url}, self.session)
        self.browser.wait_event("Page.loadEventFired", self.session, timeout)

    def hover(self, x: float, y: float) -> None:
        self.browser.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y}, self.session)

    def screenshot(self, out: Path) -> Path:
        data = self.browser.send("Page.captureScreenshot", {"format": "png"}, self.session)["data"]
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out

    def _events(self, method: str) -> list[dict[str, Any]]:
        return [
            e["params"]
            for e in list(self.browser.events)
            if e.get("method") == method and e.get("sessionId") == self.session
        ]

    def requested_urls(self) -> list[str]:
        return [e["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    def exceptions(self) -> list[str]:
        return [
            json.dumps(e["exceptionDetails"], ensure_ascii=False)[:500]
            for e in self._events("Runtime.exceptionThrown")
        ]

    def log_entries(self) -> list[str]:
        """Console messages and browser log entries (a CSP violation shows up here)."""
        console = [
            " ".join(str(a.get("value", a.get("description", ""))) for a in e.get("args", []))
            for e in self._events("Runtime.consoleAPICalled")
        ]
        return console + [e["entry"].get("text", "") for e in self._events("Log.entryAdded")]
