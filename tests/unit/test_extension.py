"""A new extraction component with a node type of its own touches three hand-written files.

CONTRIBUTING.md's worked example ("Adding a component and a node type": a ``Pilot`` node for the
试点 a clause names) is applied, block by block, to a copy of the project; the generated files are
regenerated with the commands it gives; then, in the copy, the pipeline finds pilots in a real
clause, the row builder writes their nodes and edges from the registry's declaration, the
writer's Cypher and viz know the label, and the ontology tests pass. Every file that differs from
this checkout is counted.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("loaders", "graph", "queries", "viz", "web", "ontology")
GENERATED = {"ontology/namespace.py", "ontology/shapes.ttl", "ontology/context.jsonld", "README.md"}
BLOCK = re.compile(r'```\w+ file=(\S+)(?: (append|before="([^"]*)"))?\n(.*?)```', re.DOTALL)

# Run in the copy: the component in the pipeline, its records, their rows, the Cypher, viz.
CHECK = r"""
import json, sys
from pathlib import Path
from policykg.loaders.extract.pipeline import COMPONENTS, Extractor
from policykg.loaders.pipeline import parse
from policykg.loaders.types import ParsedDocument
from policykg.graph import cypher, rows, schema
from policykg.viz.page import name_zh, tip_fields

(parsed,) = [p for p in parse([sys.argv[1]]) if isinstance(p, ParsedDocument)]
records = Extractor().run(parsed)
pilots = [r for r in records if r.type == "pilot"]
built = rows.build(parsed.document, [*parsed.clauses, *records])
statements = " ".join([*cypher.constraints(), cypher.write_document(True)])
print(json.dumps({
    "components": [name for name, _ in COMPONENTS],
    "pilots": [(p.name, p.start, p.end) for p in pilots],
    "rows": [r["name"] for r in built.nodes.get("Pilot", [])],
    "edges": [(r["start"], r["end"]) for r in built.rels.get(("MENTIONED_IN", "Pilot", "Clause"), [])],
    "cypher": "Pilot" in statements and "MENTIONED_IN" in statements,
    "viz": [name_zh("Pilot"), list(tip_fields("Pilot"))],
    "labels": [n.label for n in schema.NODE_TYPES],
}, ensure_ascii=False))
"""

PLAN = """测试市碳达峰实施方案

一、总体要求
（一）主要目标。到2025年，建成国家碳达峰试点城市。
二、重点任务
（一）开展近零碳排放园区试点。（责任单位：市发展改革委）
"""


def _copy_project(to: Path) -> None:
    for stage in STAGES:
        shutil.copytree(ROOT / stage, to / stage, ignore=shutil.ignore_patterns("__pycache__"))
    package = to / "policykg"
    package.mkdir()
    for path in (ROOT / "policykg").iterdir():
        if path.is_symlink():
            target = os.readlink(path)
            (package / path.name).symlink_to(target if path.name != "data" else ROOT / "data")
        elif path.suffix == ".py":
            shutil.copy2(path, package / path.name)
    shutil.copy2(ROOT / "README.md", to / "README.md")


def _apply(block: tuple[str, str, str, str], to: Path) -> str:
    path, mode, anchor, text = block
    file = to / path
    if not mode:
        assert not file.exists(), f"{path}: the walk-through's new file exists already"
        file.write_text(text, encoding="utf-8")
    elif mode == "append":
        file.write_text(file.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")
    else:
        current = file.read_text(encoding="utf-8")
        assert current.count(anchor) == 1, f"{path}: the anchor {anchor!r} is not there once"
        file.write_text(current.replace(anchor, text + anchor), encoding="utf-8")
    return path


def _changed(copy: Path) -> set[str]:
    changed = set()
    for path in copy.rglob("*"):
        relative = path.relative_to(copy).as_posix()
        if "__pycache__" in relative or relative.startswith(("policykg/", "tests/")) or path.is_dir():
            continue
        original = ROOT / relative
        if not original.exists() or not filecmp.cmp(path, original, shallow=False):
            changed.add(relative)
    return changed


def _run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    done = subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done


@pytest.mark.slow  # copies the project and runs the pipeline and the ontology tests in it (~1 min)
def test_a_component_with_its_node_type_touches_three_files(tmp_path: Path) -> None:
    blocks = BLOCK.findall((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert len(blocks) == 3, "the walk-through has three blocks, one per file"
    copy = tmp_path / "project"
    _copy_project(copy)
    written = {_apply(block, copy) for block in blocks}
    for command in re.findall(
        r"^python (-m \S+)", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), re.MULTILINE
    ):
        if "generate_namespace" in command or "graph.shapes" in command:
            _run(copy, *command.split())

    plan = tmp_path / "900_pilots.txt"
    plan.write_text(PLAN, encoding="utf-8")
    found = json.loads(_run(copy, "-c", CHECK, str(plan)).stdout.strip().splitlines()[-1])
    assert found["components"][-1] == "policykg_pilots_v1"
    assert [name for name, _, _ in found["pilots"]] == ["建成国家碳达峰试点城市", "开展近零碳排放园区试点"]
    assert all(PLAN[start:end] == name for name, start, end in found["pilots"])  # the evidence is the quote
    assert found["rows"] == ["建成国家碳达峰试点城市", "开展近零碳排放园区试点"]
    assert [end for _, end in found["edges"]] == ["900_pilots/一（一）", "900_pilots/二（一）"]
    assert found["cypher"] and found["labels"][-1] == "Pilot"
    assert found["viz"] == ["试点", ["document", "clause", "name"]]

    # the schema, the ontology and the generated files agree, in the copy
    tests = copy / "tests" / "unit"
    tests.mkdir(parents=True)
    shutil.copy2(ROOT / "tests" / "unit" / "test_ontology.py", tests)
    _run(
        copy,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-c",
        os.devnull,
        "--rootdir",
        str(copy),
        str(tests),
    )

    changed = _changed(copy)
    assert written == {"loaders/extract/pilots.py", "graph/schema.py", "ontology/policykg.ttl"}
    assert changed - GENERATED == written, changed
    assert len(written) <= 3 and changed & GENERATED <= GENERATED
