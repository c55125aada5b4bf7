"""policykg.loaders: documents → typed records (plans, clause trees, citations).

The entry points are :func:`policykg.loaders.pipeline.parse` and
:func:`policykg.loaders.pipeline.records`, also reachable here. They are loaded lazily so that
importing a leaf module (``policykg.loaders.types``) never pulls in the whole pipeline.
"""

from __future__ import annotations

from typing import Any

__all__ = ["parse", "read_source", "records"]


def __getattr__(name: str) -> Any:
    if name in ("parse", "records"):
        from policykg.loaders import pipeline

        return getattr(pipeline, name)
    if name == "read_source":
        from policykg.loaders.read import read_source

        return read_source
    raise AttributeError(f"module 'policykg.loaders' has no attribute {name!r}")
