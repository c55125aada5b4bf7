"""Find the tools the managed Neo4j needs: a Java 17+ runtime and, once, Maven."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

#: Where JDKs are installed besides JAVA_HOME and PATH (Debian/Ubuntu, some RPM distros, macOS).
JVM_DIRS: tuple[Path, ...] = (
    Path("/usr/lib/jvm"),
    Path("/usr/local/lib/jvm"),
    Path("/Library/Java/JavaVirtualMachines"),
)
#: Java releases Neo4j 5.26 is supported on; preferred when several JDKs are installed.
SUPPORTED_JAVA = (21, 17)
MIN_JAVA = 17


class JavaRuntime(NamedTuple):
    java: Path
    home: Path
    major: int


def parse_java_major(version_output: str) -> int | None:
    """Major version in ``java -version`` output: ``"1.8.0_402"`` → 8, ``"17.0.15"`` → 17, ``"25"`` → 25."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


@lru_cache(maxsize=32)
def java_major(java: Path) -> int | None:
    """Run ``java -version`` (it prints to stderr) and return the major version, None if it fails."""
    try:
        result = subprocess.run(
            [str(java), "-version"], check=False, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return parse_java_major(result.stderr + result.stdout)


def _jdk_homes(jvm_dirs: Sequence[Path]) -> list[Path]:
    homes: list[Path] = []
    for root in jvm_dirs:
        if not root.is_dir():
            continue
        for entry in sorted(root.iterdir()):
            for home in (entry, entry / "Contents" / "Home"):  # the second is macOS's bundle layout
                if (home / "bin" / "java").is_file():
                    homes.append(home)
    return homes


def find_java(
    jvm_dirs: Sequence[Path] = JVM_DIRS, env: Mapping[str, str] | None = None
) -> JavaRuntime | None:
    """The first Java ``MIN_JAVA``+ in order JAVA_HOME, ``java`` on PATH, then ``jvm_dirs``.

    Among the JDKs found under ``jvm_dirs`` a release Neo4j supports (21, 17) wins over newer ones.
    """
    env = os.environ if env is None else env
    explicit: list[Path] = []
    if env.get("JAVA_HOME"):
        explicit.append(Path(env["JAVA_HOME"]) / "bin" / "java")
    on_path = _which("java", env)
    if on_path is not None:
        explicit.append(on_path)
    for java in explicit:
        major = java_major(java)
        if major is not None and major >= MIN_JAVA:
            return JavaRuntime(java, java.resolve().parent.parent, major)
    scanned = []
    for home in _jdk_homes(jvm_dirs):
        major = java_major(home / "bin" / "java")
        if major is not None and major >= MIN_JAVA:
            scanned.append(JavaRuntime(home / "bin" / "java", home, major))
    scanned.sort(key=lambda runtime: (runtime.major not in SUPPORTED_JAVA, runtime.major))
    return scanned[0] if scanned else None


def find_maven(env: Mapping[str, str] | None = None) -> Path | None:
    """``mvn`` on PATH, else under MAVEN_HOME or M2_HOME."""
    env = os.environ if env is None else env
    found = _which("mvn", env)
    if found is not None:
        return found
    for name in ("MAVEN_HOME", "M2_HOME"):
        if env.get(name) and (Path(env[name]) / "bin" / "mvn").is_file():
            return Path(env[name]) / "bin" / "mvn"
    return None


def _which(program: str, env: Mapping[str, str]) -> Path | None:
    found = shutil.which(program, path=env.get("PATH", os.defpath))
    return Path(found) if found else None
