"""Regions: GB/T 2260 codes and hierarchy, resolution within the plan's region, precision."""

from __future__ import annotations

from importlib.resources import files

from policykg.loaders.extract import regions
from policykg.loaders.extract.regions import find_regions, region_for_document, resolve
from policykg.loaders.pipeline import parse
from policykg.loaders.types import ParsedDocument

CORPUS = files("policykg.data") / "corpus"
DALIAN, COMPILATION, QINGDAO = "000_af030718e515ca0c", "003_a895838ed2e4cd84", "004_ce321d0be690c707"


def documents(stem: str) -> list[ParsedDocument]:
    return [d for d in parse([str(CORPUS / f"{stem}.txt")]) if isinstance(d, ParsedDocument)]


def test_codes_and_hierarchy() -> None:
    huangdao = resolve("黄岛", within="370200")
    assert huangdao is not None
    assert (huangdao.name, huangdao.code, huangdao.level, huangdao.parent_code) == (
        "黄岛区",
        "370211",
        "county",
        "370200",
    )
    qingdao = regions.table().by_code["370200"]
    assert (qingdao.level, qingdao.parent_code) == ("prefecture", "370000")
    assert regions.table().by_code["370000"].parent_code == "000000"
    assert resolve("吉林省") == regions.table().by_code["220000"]
    assert resolve("中国") == regions.china()


def test_ambiguous_names_resolve_within_the_plan_first() -> None:
    chaoyang_beijing = resolve("朝阳", within="110000")
    chaoyang_liaoning = resolve("朝阳", within="210000")
    assert chaoyang_beijing is not None and chaoyang_beijing.code == "110105"
    assert chaoyang_liaoning is not None and chaoyang_liaoning.code == "211300"


def test_plan_regions() -> None:
    (qingdao,) = documents(QINGDAO)
    info = region_for_document(qingdao.document)
    assert info is not None and info.code == "370200"
    compilation = documents(COMPILATION)
    jilin = next(d for d in compilation if d.document.title == "吉林省碳达峰实施方案")
    assert (region_for_document(jilin.document) or regions.china()).code == "220000"
    national = next(d for d in compilation if d.document.title == "2030年前碳达峰行动方案")
    assert (region_for_document(national.document) or jilin).code == "000000"


def test_places_named_in_clauses() -> None:
    dalian = regions.table().by_code["210200"]
    text = "2025年前，以瓦房店、普兰店等区域为重点；以庄河市、长海县等海域为重点"
    found = {(text[s:e], info.code) for s, e, info in find_regions(text, dalian)}
    assert found == {("瓦房店", "210281"), ("普兰店", "210214"), ("庄河市", "210283"), ("长海县", "210224")}
    qingdao = regions.table().by_code["370200"]
    text = "全面建设黄岛、胶州、莱西国家整县屋顶分布式光伏开发试点"
    assert [info.code for _, _, info in find_regions(text, qingdao)] == ["370211", "370281", "370285"]


def test_common_words_are_not_places() -> None:
    text = "发展朝阳产业，沿海城市港口区域的东方电子集团，白银价格，吉林市场"
    assert find_regions(text, regions.china()) == []
    # a short name outside the plan's own region is not read as a place
    assert find_regions("在黄岛建设", regions.table().by_code["210200"]) == []


def test_region_records_on_the_dalian_plan() -> None:
    import spacy

    from policykg.loaders.extract.context import ClauseContext

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe(regions.FACTORY)
    (parsed,) = documents(DALIAN)
    original = (CORPUS / f"{DALIAN}.txt").read_text(encoding="utf-8")
    records = []
    for clause in parsed.clauses:
        start, end = parsed.own_spans[clause.id]
        doc = nlp.make_doc(parsed.text.text[start:end])
        doc._.ctx = ClauseContext(parsed.document, clause, parsed.text, start)
        records.extend(regions.records_for(nlp(doc)))
    codes = {(original[r.start : r.end], r.code, r.parent_code) for r in records}
    assert ("瓦房店", "210281", "210200") in codes
    assert ("长海县", "210224", "210200") in codes
    assert all(r.id == f"region:{r.code}" for r in records)
