"""Settings from the environment: where Neo4j is, and where policykg keeps its files.

Read once with :meth:`Settings.from_env`; pass the frozen object around instead of
reading ``os.environ`` deep inside the code, so tests and the CLI can override fields
with :func:`dataclasses.replace`.

=================  ==========================  ============================================
Variable           Default                     Meaning
=================  ==========================  ============================================
NEO4J_URI          (unset)                     Use this server (bolt://, neo4j://, neo4j+s://…)
NEO4J_USERNAME     neo4j                       User for NEO4J_URI
NEO4J_PASSWORD     (unset)                     Password for NEO4J_URI (and the docker compose server)
NEO4J_DATABASE     neo4j                       Database the graph is written to
POLICYKG_CACHE     ~/.cache/policykg           Downloads; the Neo4j jars live in ``neo4j-5.26/lib``
POLICYKG_HOME      ~/.local/share/policykg     The managed server: conf, data, logs, password
POLICYKG_NEO4J_HEAP       1g                   The managed server's maximum Java heap
POLICYKG_NEO4J_PAGECACHE  512m                 Its page cache (best: the size of the store)
POLICYKG_LOCK_HEARTBEAT_S 5                    Seconds between an ingest lock's heartbeats (stale: 6 beats)
=================  ==========================  ============================================

jieba (the Chinese word segmenter) keeps its dictionary cache in ``$POLICYKG_CACHE/jieba``, not in
the fixed shared path ``/tmp/jieba.cache``, and logs nothing below WARNING unless ``policykg -v``:
:func:`configure_jieba`, called before jieba first loads its dictionary.

The two memory sizes are a number with an optional unit k, m or g (``4g``); they apply when the
managed server starts (``policykg neo4j stop`` first to change a running one).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import ConfigError

#: The Neo4j release the project-managed server runs (Maven coordinates' version).
NEO4J_VERSION = "5.26.0"
#: Folder under the cache holding that release's jars; named by minor version so a patch
#: upgrade is a fresh, side-by-side download.
NEO4J_CACHE_DIR = "neo4j-5.26"
#: Password of the docker compose service when NEO4J_PASSWORD is unset (docker-compose.yml).
COMPOSE_DEFAULT_PASSWORD = "policykg-dev"
#: Default memory of the managed server (POLICYKG_NEO4J_HEAP, POLICYKG_NEO4J_PAGECACHE).
NEO4J_HEAP, NEO4J_PAGE_CACHE = "1g", "512m"


_MEMORY_SIZE = re.compile(r"[1-9][0-9]*[kKmMgG]?")


def _memory(env: Mapping[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).strip()
    if not _MEMORY_SIZE.fullmatch(value):
        raise ConfigError(
            f"{name}={value!r} is not a memory size: write a whole number with an "
            "optional unit k, m or g, such as 512m or 4g"
        )
    return value


def _path(env: Mapping[str, str], name: str, default: str) -> Path:
    value = env.get(name) or default
    return Path(value).expanduser()


@dataclass(frozen=True)
class Settings:
    """Where to find (or put) Neo4j. ``password`` is kept out of ``repr`` so it never reaches a log."""

    neo4j_uri: str | None = None
    username: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"
    cache_dir: Path = field(default_factory=lambda: Path("~/.cache/policykg").expanduser())
    home_dir: Path = field(default_factory=lambda: Path("~/.local/share/policykg").expanduser())
    neo4j_heap: str = NEO4J_HEAP
    neo4j_page_cache: str = NEO4J_PAGE_CACHE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``env`` (default: ``os.environ``); empty values count as unset."""
        env = os.environ if env is None else env
        return cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            username=env.get("NEO4J_USERNAME") or "neo4j",
            password=env.get("NEO4J_PASSWORD") or None,
            database=env.get("NEO4J_DATABASE") or "neo4j",
            cache_dir=_path(env, "POLICYKG_CACHE", "~/.cache/policykg"),
            home_dir=_path(env, "POLICYKG_HOME", "~/.local/share/policykg"),
            neo4j_heap=_memory(env, "POLICYKG_NEO4J_HEAP", NEO4J_HEAP),
            neo4j_page_cache=_memory(env, "POLICYKG_NEO4J_PAGECACHE", NEO4J_PAGE_CACHE),
        )

    @property
    def neo4j_lib_dir(self) -> Path:
        """The jars of the managed Neo4j (filled by ``policykg neo4j provision``)."""
        return self.cache_dir / NEO4J_CACHE_DIR / "lib"


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$POLICYKG_CACHE`` (default ``~/.cache/policykg``), without reading the other settings."""
    return _path(os.environ if env is None else env, "POLICYKG_CACHE", "~/.cache/policykg")


def configure_jieba(env: Mapping[str, str] | None = None) -> Path:
    """Make jieba quiet and give it a cache of this user's: returns the cache folder.

    jieba logs "Building prefix dict… Loading model…" at DEBUG through a stderr handler of its own
    and caches its dictionary as ``jieba.cache`` in the shared temp folder, where another user's
    file would be loaded. Here its records go through policykg's logging (WARNING and above, all of
    them with ``policykg -v``) and the cache lives in ``$POLICYKG_CACHE/jieba`` (mode 0700); when
    that cannot be created, a fresh private temp folder is used instead.
    """
    import jieba

    logger = logging.getLogger("jieba")
    for handler in list(logger.handlers):  # jieba's own stderr handler: its records would print twice
        logger.removeHandler(handler)
    verbose = logging.getLogger("policykg").isEnabledFor(logging.DEBUG)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    folder = cache_dir(env) / "jieba"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="policykg-jieba-"))
    jieba.dt.tmp_dir = str(folder)
    return folder
