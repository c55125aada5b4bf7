"""Citations: 《…》 titles, 文号, the citing clause and based_on vs cites."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from policykg.loaders.citations import CitationFinder
from policykg.loaders.clauses import ClauseSplitter
from policykg.loaders.normalize import normalize
from policykg.loaders.types import Citation

CORPUS = files("policykg.data") / "corpus"


def find(raw: str, own_title: str | None = None, own_number: str | None = None) -> list[Citation]:
    text = normalize(raw)
    _, own = ClauseSplitter().run(text, 0, len(text.text), "d", "d.txt")
    return CitationFinder().run(text, 0, len(text.text), "d", "d.txt", own, own_title, own_number)


@cache
def seed(stem: str) -> tuple[str, list[Citation]]:
    original = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    text = normalize(original)
    _, own = ClauseSplitter().run(text, 0, len(text.text), stem, "x")
    return original, CitationFinder().run(text, 0, len(text.text), stem, "x", own)


def test_dalian_basis() -> None:
    original, citations = seed("000_af030718e515ca0c")
    basis = next(c for c in citations if c.title == "国家碳达峰试点建设方案")
    assert (basis.title, basis.doc_number, basis.relation) == (
        "国家碳达峰试点建设方案",
        "发改环资〔2023〕1409号",
        "based_on",
    )
    assert basis.clause == "000_af030718e515ca0c/序"
    assert original[basis.start : basis.end] == "《国家碳达峰试点建设方案》（发改环资〔2023〕1409号）"
    mention = next(c for c in citations if c.title and c.title.startswith("支持振兴发展"))
    assert mention.relation == "cites" and mention.clause == "000_af030718e515ca0c/四（二）"


def test_qingdao_wrapped_citations_map_back() -> None:
    original, citations = seed("004_ce321d0be690c707")
    by_number = {c.doc_number: c for c in citations if c.doc_number}
    first = by_number["国发〔2021〕23号"]
    assert first.title == "2030年前碳达峰行动方案" and first.relation == "based_on"
    assert original[first.start : first.end] == "《2030 年前碳达峰行动方案》（国发〔2021〕23 号）"
    assert by_number["发改环资〔2023〕1409号"].relation == "based_on"


def test_liaoning_basis_sentence() -> None:
    _, citations = seed("001_4d9bdf3ef8200100")
    relations = {c.title: c.relation for c in citations if c.title}
    assert relations["2030年前碳达峰行动方案"] == "based_on"
    assert relations["港口和船舶岸电管理办法"] == "cites"


def test_own_title_and_number_are_not_citations() -> None:
    raw = "辽政发〔2022〕21号\n现将《辽宁省碳达峰实施方案》印发给你们。\n依据《节约能源法》开展监察。\n"
    citations = find(raw, own_title="辽宁省碳达峰实施方案", own_number="辽政发〔2022〕21号")
    assert [(c.title, c.relation) for c in citations] == [("节约能源法", "based_on")]


def test_doc_number_variants_and_standalone_numbers() -> None:
    raw = (
        "按照国务院印发的国发[2021]23号文件要求推进。参照工信部联节(2022)88号执行。"
        "为落实《“十四五”节能减排综合工作方案》（国发［2021］33号）部署，制定本方案。"
    )
    citations = find(raw)
    assert [(c.title, c.doc_number, c.relation) for c in citations] == [
        (None, "国发〔2021〕23号", "based_on"),
        (None, "工信部联节〔2022〕88号", "cites"),
        ("“十四五”节能减排综合工作方案", "国发〔2021〕33号", "based_on"),
    ]


def test_markers_inside_other_titles_do_not_count() -> None:
    raw = "参考《关于贯彻落实新发展理念的意见》、《碳排放权交易管理办法》等文件。"
    assert [c.relation for c in find(raw)] == ["cites", "cites"]


def test_implementing_requirements_is_a_basis() -> None:
    raw = "认真落实《2030年前碳达峰行动方案》有关要求，推进工作。"
    assert [c.relation for c in find(raw)] == ["based_on"]
