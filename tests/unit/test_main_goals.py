"""Every 主要目标到2025年 clause of the bundled corpus keeps its 2025 targets (issue 17): the heading
run into its text must not hide the year that governs the paragraph."""

from __future__ import annotations

import re

from policykg.loaders.extract.pipeline import Extractor
from policykg.loaders.pipeline import default_paths, parse
from policykg.loaders.types import ParsedDocument, Target

MAIN_GOALS_2025 = re.compile(r"主要目标[^。]{0,6}?(?:到|至)?2025年")
# a number with a unit of a goal in the 2025 part of the paragraph (before 到2030年)
STATED = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|万|亿|个|家)")


def test_every_main_goals_2025_clause_keeps_its_2025_targets() -> None:
    documents = [d for d in parse(default_paths()) if isinstance(d, ParsedDocument)]
    by_clause: dict[str, list[Target]] = {}
    for record in Extractor().extract(documents):
        if isinstance(record, Target) and record.clause:
            by_clause.setdefault(record.clause, []).append(record)
    checked = 0
    for document in documents:
        for clause in document.clauses:
            start, end = document.own_spans.get(clause.id, (0, 0))
            own = document.text.text[start:end]
            goals = MAIN_GOALS_2025.search(own)
            if not goals:
                continue
            part = own[goals.end() : own.find("2030年") if "2030年" in own else len(own)]
            if not STATED.search(part):
                continue  # 2025 goals stated in words only (完成国家下达目标)
            checked += 1
            years = {t.year for t in by_clause.get(clause.id, [])}
            assert 2025 in years, f"{document.document.title} {clause.path}: no 2025 target"
    assert checked >= 15  # the bundled corpus has 22 such clauses with numbers
