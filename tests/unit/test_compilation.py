"""The compilation 003 split into its documents, against hand-checked expectations.

``tests/data/compilation_sample.json`` holds 14 documents across the four groups, checked by
reading the text around each document's first and last page footer.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.compilation import CompilationSplit, CompiledPart, is_compilation, split_compilation
from policykg.loaders.compilation_toc import GROUP_HEADING, parse_toc
from policykg.loaders.types import SourceText

CORPUS = files("policykg.data") / "corpus"
COMPILATION = "003_a895838ed2e4cd84.txt"
SAMPLE = json.loads((Path(__file__).parents[1] / "data" / "compilation_sample.json").read_text("utf-8"))


def source(name: str, text: str | None = None) -> SourceText:
    if text is None:
        text = (CORPUS / name).read_text(encoding="utf-8")
    return SourceText(name, name, text, "utf-8", "")


@cache
def compilation() -> tuple[str, CompilationSplit]:
    src = source(COMPILATION)
    return src.text, split_compilation(src)


def by_toc_page(page: int) -> CompiledPart:
    return next(p for p in compilation()[1].parts if p.toc_page == page)


def test_is_compilation_only_for_the_compilation() -> None:
    assert is_compilation(source(COMPILATION).text)
    for name in (
        "000_af030718e515ca0c.txt",
        "001_4d9bdf3ef8200100.txt",
        "002_4513322e4e7ef2fd.txt",
        "004_ce321d0be690c707.txt",
    ):
        assert not is_compilation(source(name).text), name
    assert not is_compilation("")


def test_one_part_per_toc_row() -> None:
    # The TOC lists 2 + 13 + 59 + 40 = 114 documents (its heading says 省区方案58项, but 59 rows
    # follow it); every one is found in the body.
    split = compilation()[1]
    assert len(split.parts) == 114
    assert Counter(p.group for p in split.parts) == {
        "national": 2,
        "ministry": 13,
        "province": 59,
        "city": 40,
    }
    assert not [u for u in split.unmatched if u.startswith("TOC row not found")]


def test_parts_are_ordered_disjoint_and_cover_the_body() -> None:
    text, split = compilation()
    toc = parse_toc(text)
    assert toc is not None
    parts = split.parts
    assert parts[0].start >= toc.end
    for before, after in pairwise(parts):
        assert before.start < before.end <= after.start
        gap = text[before.end : after.start]
        # only the group divider pages (国家/部委/省区/城市方案 N项 + a summary table) lie between
        assert gap == "" or GROUP_HEADING.search(gap), gap[:80]
    assert text[parts[-1].end :].startswith("附表")


@pytest.mark.parametrize("expected", SAMPLE["documents"], ids=lambda d: str(d["toc_page"]))
def test_hand_checked_sample(expected: dict[str, object]) -> None:
    text = compilation()[0]
    part = by_toc_page(int(expected["toc_page"]))  # type: ignore[call-overload]
    for field in ("title", "issuer", "group", "level", "region", "kind", "draft"):
        assert getattr(part, field) == expected[field], field
    assert list(part.pages or ()) == expected["pages"]
    assert text[part.start : part.end].startswith(str(expected["begins_with"]))
    assert text[part.start : part.end].endswith(str(expected["ends_with"]))


def test_misprinted_toc_pages_are_recovered_from_titles() -> None:
    unmatched = compilation()[1].unmatched
    energy = by_toc_page(1277)
    assert energy.pages == (127, 133) and energy.toc_title == "能源双碳标准化提升行动计划"
    assert (
        "TOC page misprint: 国家能源局《能源双碳标准化提升行动计划》 (TOC page 1277) starts on page 127"
        in unmatched
    )
    # 175 then 171 in the TOC: the finance opinion really starts on page 165
    assert by_toc_page(175).pages == (165, 170)
    assert by_toc_page(171).pages == (171, 177)


def test_rows_whose_body_title_differs_are_reported() -> None:
    unmatched = compilation()[1].unmatched
    assert any("no title in the body" in u and "(TOC page 2)" in u for u in unmatched)
    assert any(
        "a different title in the body" in u and "双碳科技创新行动方案》 (TOC page 186)" in u
        for u in unmatched
    )


def test_dates_from_the_appendix() -> None:
    split = compilation()[1]
    dated = [p for p in split.parts if p.date]
    assert len(dated) >= 60  # 66 on this file; the rest: no row, ambiguous rows, or dates rejected
    assert by_toc_page(12).date == "2021-10-26"
    assert by_toc_page(1277).date == "2022-10-09"
    assert by_toc_page(868).date == "2022-10-13"
    # the appendix's columns drift: a date the document contradicts (its address says
    # 2021-09-26) is rejected and reported, not attached
    assert by_toc_page(1031).date is None
    assert any(u.startswith("appendix date 2022-03-17 of 武汉") for u in split.unmatched)
    assert any(u.startswith("appendix row not matched") for u in split.unmatched)


def test_split_of_a_small_compilation_with_a_misprint() -> None:
    # The rules are the grammar of compilations, not this file: a synthetic one splits too.
    toc = (
        "目录\n国家方案1项.......1\n甲部《甲行动方案》.......2\n城市方案2项.......4\n"
        "乙市《双碳工作实施意见》.......5\n《碳达峰实施方案》.......77\n"
    )
    body = (
        "国家方案1项第1页甲部《甲行动方案》http://a.gov.cn/2022/05/07/x.html一、总体要求。第2页正文。第3页"
        "城市方案2项第4页乙市《中共乙市委乙市人民政府关于做好碳达峰碳中和工作的实施意见》http://b.gov.cn/x"
        "一、目标。第5页乙市《乙市碳达峰实施方案(征求意见稿)》http://c.gov.cn/x一、任务。第6页正文。第7页"
        "附表:汇总表第8页甲部《甲行动方案》2022-05-06"
    )
    split = split_compilation(source("mini.txt", toc + body))
    titles = [p.title for p in split.parts]
    assert titles == [
        "甲行动方案",
        "中共乙市委乙市人民政府关于做好碳达峰碳中和工作的实施意见",
        "乙市碳达峰实施方案(征求意见稿)",
    ]
    assert [p.pages for p in split.parts] == [(2, 3), (5, 5), (6, 7)]
    assert split.parts[0].date == "2022-05-06" and split.parts[0].group == "national"
    assert split.parts[1].issuer == "中共乙市委乙市人民政府" and split.parts[1].region == "乙市"
    assert split.parts[2].draft and split.parts[2].kind == "实施方案"
    assert any("(TOC page 77) starts on page 6" in u for u in split.unmatched)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="目录国家方案城市部委2项.《》第页12345甲乙市一、。\n", max_size=400))
def test_arbitrary_text_never_raises_and_spans_stay_inside(text: str) -> None:
    split = split_compilation(source("x.txt", text))
    for part in split.parts:
        assert 0 <= part.start < part.end <= len(text)


def test_toc_leaders_of_other_word_processors() -> None:
    toc = parse_toc(
        "目录\n国家方案1项……1\n甲部《甲行动方案》··········2\n城市方案2项．．．．4\n乙市《双碳工作实施意见》……5\n"
    )
    assert toc is not None
    assert [(r.label, r.title, r.page, r.group) for r in toc.rows] == [
        ("甲部", "甲行动方案", 2, "national"),
        ("乙市", "双碳工作实施意见", 5, "city"),
    ]
    assert toc.group_pages == {"national": 1, "city": 4}
