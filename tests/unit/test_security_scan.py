"""No value is formatted into a Cypher string: a static scan of the package with ``ast``.

A Cypher string is a string literal with Cypher keywords (``MATCH``, ``MERGE`` …) that is built
by an f-string, ``str.format`` or ``%``. Each interpolated expression must be made only of
*schema constants*: names imported from :mod:`policykg.graph.schema`, names bound by loops or
comprehensions over such constants, local names assigned from such expressions, and parameters
annotated with the schema's own types (``NodeType``, ``RelType``). Values (ids, text, user
input) must travel as ``$parameters``; anything else fails the test with file:line.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("policykg", "loaders", "graph", "queries")
CYPHER = re.compile(
    r"\b(MATCH|MERGE|CREATE|UNWIND|DETACH\s+DELETE|RETURN|CALL\s+\w|SET\s+\w|LOAD\s+CSV|"
    r"DROP\s+(?:INDEX|CONSTRAINT)|EXPLAIN)\b"
)
SCHEMA_MODULE = "policykg.graph.schema"
SCHEMA_TYPES = {"NodeType", "RelType"}
#: Builtins and pure helpers that turn schema constants into other schema-derived strings.
PURE = {
    "sorted",
    "list",
    "tuple",
    "len",
    "str",
    "repr",
    "enumerate",
    "zip",
    "range",
    "min",
    "max",
    "set",
    "any",
    "all",
}
#: Reviewed exceptions, (file, function, expression) → why it is a schema constant after all.
REVIEWED = {
    ("graph/cypher.py", "merge_rels", "start"): "a label: _key_of(start) looks it up in schema NODES "
    "(KeyError otherwise); callers pass RelType.pairs",
    ("graph/cypher.py", "merge_rels", "end"): "as start",
    ("graph/cypher.py", "merge_rels", "start_key"): "NODES[start].key, a schema property key",
    ("graph/cypher.py", "merge_rels", "end_key"): "NODES[end].key, a schema property key",
}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    expression: str
    function: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.expression}"


def _schema_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == SCHEMA_MODULE:
            names |= {alias.asname or alias.name for alias in node.names}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "policykg.graph"
            and any(alias.name == "schema" for alias in node.names)
        ):
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "schema"}
        elif isinstance(node, ast.Import):
            names |= {alias.asname for alias in node.names if alias.name == SCHEMA_MODULE and alias.asname}
    return names


class _Scan:
    def __init__(self, tree: ast.Module, file: str, exported: dict[str, set[str]] | None = None) -> None:
        self.file = file
        self.safe = _schema_names(tree) | PURE
        # names imported from another scanned module that are schema-derived there (e.g. a label constant imported from another module)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and exported:
                there = exported.get(node.module, set())
                self.safe |= {alias.asname or alias.name for alias in node.names if alias.name in there}
        self._grow(tree)
        self.findings: list[Finding] = []

    def _is_safe(self, expression: ast.AST) -> bool:
        for node in ast.walk(expression):
            if isinstance(node, ast.Name) and node.id not in self.safe:
                return False
        return True

    def _bind(self, target: ast.AST) -> bool:
        grew = False
        for node in ast.walk(target):
            if isinstance(node, ast.Name) and node.id not in self.safe:
                self.safe.add(node.id)
                grew = True
        return grew

    def _grow(self, tree: ast.Module) -> None:
        """Fixpoint over the module: loop targets, assignments and annotated parameters."""
        changed = True
        while changed:
            changed = False
            for node in ast.walk(tree):
                if isinstance(node, (ast.For, ast.comprehension)) and self._is_safe(node.iter):
                    changed |= self._bind(node.target)
                elif isinstance(node, ast.Assign) and self._is_safe(node.value):
                    for target in node.targets:
                        changed |= self._bind(target)
                elif isinstance(node, ast.AnnAssign) and node.value is not None and self._is_safe(node.value):
                    changed |= self._bind(node.target)
                elif (
                    isinstance(node, ast.FunctionDef)
                    and node.name not in self.safe
                    and self._returns_safe(node)
                ):
                    self.safe.add(node.name)
                    changed = True
                elif isinstance(node, ast.arg) and node.annotation is not None:
                    annotation = ast.unparse(node.annotation)
                    if (
                        any(re.search(rf"\b{t}\b", annotation) for t in SCHEMA_TYPES)
                        and node.arg not in self.safe
                    ):
                        self.safe.add(node.arg)
                        changed = True

    def _returns_safe(self, function: ast.FunctionDef) -> bool:
        saved = set(self.safe)
        self.safe |= {a.arg for a in function.args.args}
        try:
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and self._is_safe(node.value):
                    for target in node.targets:
                        self._bind(target)
                if isinstance(node, (ast.For, ast.comprehension)) and self._is_safe(node.iter):
                    self._bind(node.target)
            returns = [
                n.value for n in ast.walk(function) if isinstance(n, ast.Return) and n.value is not None
            ]
            return bool(returns) and all(self._is_safe(r) for r in returns)
        finally:
            self.safe = saved

    def check(self, tree: ast.Module) -> list[Finding]:
        owner = {}
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(function):
                    owner.setdefault(id(inner), function.name)
        for node in ast.walk(tree):
            parts: list[ast.AST] = []
            literal = ""
            if isinstance(node, ast.JoinedStr):
                literal = "".join(
                    v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
                parts = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and isinstance(node.func.value, ast.Constant)
                and isinstance(node.func.value.value, str)
            ):
                literal = node.func.value.value
                parts = [*node.args, *(k.value for k in node.keywords)]
            elif (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Mod)
                and isinstance(node.left, ast.Constant)
                and isinstance(node.left.value, str)
            ):
                literal, parts = node.left.value, [node.right]
            if not parts or not CYPHER.search(literal) or _is_message(literal):
                continue
            function = owner.get(id(node), "")
            for part in parts:
                if not self._is_safe(part) and (self.file, function, ast.unparse(part)) not in REVIEWED:
                    self.findings.append(Finding(self.file, node.lineno, ast.unparse(part), function))
        return self.findings


def _is_message(literal: str) -> bool:
    """Error and log messages mention Cypher words in prose (``the query would write``)."""
    return bool(re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", literal)) and not re.search(
        r"\$\w|\(\w*:|\bAS\b", literal
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["policykg", *parts[1:]] if parts[0] == "policykg" else ["policykg", *parts])


def scan(paths: list[Path]) -> list[Finding]:
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in paths}
    exported: dict[str, set[str]] = {}
    for _ in range(3):  # imports of imports: a few rounds reach the fixpoint
        exported = {_module_name(p): _Scan(t, str(p), exported).safe for p, t in trees.items()}
    findings: list[Finding] = []
    for path, tree in trees.items():
        findings += _Scan(tree, str(path.relative_to(ROOT)), exported).check(tree)
    return findings


def _package_files() -> list[Path]:
    return sorted(p for folder in SCANNED for p in (ROOT / folder).rglob("*.py"))


def test_no_value_is_formatted_into_cypher() -> None:
    files = _package_files()
    assert len(files) > 40
    findings = scan(files)
    assert findings == [], "values formatted into Cypher (pass them as $parameters):\n" + "\n".join(
        map(str, findings)
    )


def test_the_scan_catches_injection(tmp_path: Path) -> None:
    """The scan is not vacuous: each way of formatting a value into Cypher is caught, and
    schema-constant interpolation is not."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from policykg.graph.schema import PLAN, NODE_TYPES\n"
        "def f(driver, title, n):\n"
        "    driver.execute_query(f\"MATCH (p:Plan {{title: '{title}'}}) RETURN p\")\n"
        "    driver.execute_query(\"MATCH (p) WHERE p.id = '{}' RETURN p\".format(title))\n"
        "    driver.execute_query(\"MATCH (p) WHERE p.id = '%s' RETURN p\" % title)\n"
        '    driver.execute_query(f"MATCH (p:{PLAN.label}) WHERE p.id = $id RETURN p", id=title)\n'
        "    for node in NODE_TYPES:\n"
        '        driver.execute_query(f"MATCH (p:{node.label}) RETURN count(p)")\n'
        "    label = PLAN.label\n"
        '    driver.execute_query(f"MERGE (p:{label} {{id: $id}})", id=title)\n'
        '    raise ValueError(f"the query would write {title}")\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        findings = scan([bad])
    finally:
        ROOT = saved
    assert [(f.line, f.expression) for f in findings] == [(3, "title"), (4, "title"), (5, "title")]
