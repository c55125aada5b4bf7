"""Checks every workbench page test makes of an HTML response."""

from __future__ import annotations

import re
from typing import Any


def assert_page(response: Any) -> str:
    """A 200 HTML page whose every script carries the response's CSP nonce; its text."""
    error = re.search(r'<p class="error">(.*?)</p>', response.text)
    assert response.status_code == 200, error.group(1) if error else response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"])
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert nonce and all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts), scripts
    return str(response.text)
