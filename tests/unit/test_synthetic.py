"""The synthetic scale corpus keeps the structure the parser sees (no timings here)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from policykg.loaders.pipeline import default_paths, parse
from policykg.loaders.types import ParsedDocument

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "synthetic.py"
_spec = importlib.util.spec_from_file_location("policykg_bench_synthetic", _BENCH)
assert _spec is not None and _spec.loader is not None
synthetic = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = synthetic
_spec.loader.exec_module(synthetic)

QINGDAO = next(p for p in default_paths() if p.name.startswith("004_"))


def test_copy_zero_is_the_real_text() -> None:
    text = QINGDAO.read_text(encoding="utf-8")
    assert synthetic.synthesize(text, 0) == text


def test_regions_are_swapped_for_real_divisions_of_the_same_level() -> None:
    mapping = synthetic.region_mapping(1)
    levels = {d.name: d.level for d in synthetic.divisions()}
    assert levels[mapping["青岛市"]] == "prefecture"
    assert levels[mapping["山东省"]] == "province"
    assert mapping["青岛"] == synthetic.stem(mapping["青岛市"])
    assert synthetic.region_mapping(1) == mapping  # seeded: the same corpus every run


def test_years_pages_and_clause_numbers_survive_quantities_change() -> None:
    import random

    text = "到2025年，非化石能源消费比重达到25%左右，新增装机1.5万千瓦。第12页 1.2 推进"
    out = synthetic._QUANTITY.sub(lambda m: synthetic.perturb_number(m.group(0), random.Random(3)), text)
    assert "2025年" in out and "第12页" in out and "1.2 推进" in out
    assert "25%" not in out or "1.5万" not in out


def test_a_copy_parses_into_the_same_documents_and_clauses(tmp_path: Path) -> None:
    paths = synthetic.write_corpus(2, tmp_path, [QINGDAO])
    parsed = [item for item in parse(paths) if isinstance(item, ParsedDocument)]
    assert len(parsed) == 2
    real, copy = parsed
    assert len(copy.clauses) == len(real.clauses)
    assert real.document.region == "青岛市"
    assert copy.document.region == synthetic.region_mapping(1)["青岛市"]
    assert copy.document.id == "004_ce321d0be690c707__s001"


def test_a_share_stays_at_most_100_percent() -> None:
    text = "森林覆盖率达到99.5%，新能源利用率达到98%以上。" * 20
    for copy in range(1, 6):
        out = synthetic.synthesize(text, copy)
        shares = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)%", out)]
        assert shares and max(shares) <= 100


def test_copies_hold_only_the_city_level_plans_of_the_compilation(tmp_path: Path) -> None:
    """Copy k ≥ 1 of the compilation: its city and district plans, parsed as in the real text
    (same titles, pages and clauses); its national, ministry and provincial plans exist once."""
    compilation = next(p for p in default_paths() if p.name.startswith("003_"))
    real = [d for d in parse([compilation]) if isinstance(d, ParsedDocument)]
    cut = tmp_path / "003_local.txt"
    cut.write_text(synthetic.local_only(compilation.read_text(encoding="utf-8")), encoding="utf-8")
    local = [d for d in parse([cut]) if isinstance(d, ParsedDocument)]
    expected = [d for d in real if d.document.level in ("city", "district")]
    assert {d.document.level for d in real} >= {"national", "ministry", "province", "city"}
    assert {d.document.level for d in local} <= {"city", "district"}

    def shape(d: ParsedDocument) -> tuple[object, ...]:
        return (
            d.document.title,
            d.document.level,
            d.document.region,
            d.document.pages,
            [c.path for c in d.clauses],
        )

    assert [shape(d) for d in local] == [shape(d) for d in expected]
    # a single plan is local already: unchanged
    text = QINGDAO.read_text(encoding="utf-8")
    assert synthetic.local_only(text) == text


def test_an_older_copy_in_the_directory_is_rewritten(tmp_path: Path) -> None:
    stale = tmp_path / f"{QINGDAO.stem}__s001.txt"
    stale.write_text("（合成副本1）\n", encoding="utf-8")
    (path,) = [p for p in synthetic.write_corpus(2, tmp_path, [QINGDAO]) if p.name == stale.name]
    assert path.read_text(encoding="utf-8") == synthetic.synthesize(QINGDAO.read_text(encoding="utf-8"), 1)


def test_scale_counts_characters_not_copies() -> None:
    """N× is N times the real corpus's characters: the copies are smaller, so there are more."""
    sources = list(default_paths())
    real = sum(len(p.read_text(encoding="utf-8")) for p in sources)
    copy = sum(len(synthetic.synthesize(p.read_text(encoding="utf-8"), 1)) for p in sources)
    n = synthetic.copies_for(10, sources)
    assert copy < real
    assert real + (n - 2) * copy < 10 * real <= real + (n - 1) * copy * 1.02
