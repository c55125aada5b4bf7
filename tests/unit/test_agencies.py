"""Agency mentions and canonical names scoped by the plan's region."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
import spacy

from policykg.loaders.extract import agencies, regions, responsibilities
from policykg.loaders.extract.agencies import find_mentions
from policykg.loaders.extract.canonical import canonicalize, expand
from policykg.loaders.extract.context import ClauseContext
from policykg.loaders.pipeline import parse
from policykg.loaders.types import ParsedDocument

CORPUS = files("policykg.data") / "corpus"
QINGDAO, YANTAI = "004_ce321d0be690c707", "002_4513322e4e7ef2fd"


def region(name: str) -> regions.RegionInfo:
    info = regions.resolve(name)
    assert info is not None
    return info


def test_abbreviations_are_spelled_out_once() -> None:
    assert expand("发展改革委") == "发展和改革委员会"
    assert expand("发展和改革委员会") == "发展和改革委员会"
    assert expand("住房城乡建设局") == "住房和城乡建设局"
    assert expand("区建设管理委") == "区建设管理委员会"
    assert expand("市委") == "市委"  # a party committee keeps its short form


def test_canonical_names_follow_the_plans_region() -> None:
    qingdao, yantai, jiangsu = region("青岛市"), region("烟台市"), region("江苏省")
    assert canonicalize("市发展改革委", qingdao).name == "青岛市发展和改革委员会"
    assert canonicalize("市发展改革委", yantai).name == "烟台市发展和改革委员会"
    assert canonicalize("市发展改革委", qingdao).id != canonicalize("市发展改革委", yantai).id
    # the same agency spelled two ways in two plans of the region is one agency
    assert canonicalize("市发展和改革委员会", qingdao).id == canonicalize("市发展改革委", qingdao).id
    assert canonicalize("省能源局", jiangsu).name == "江苏省能源局"
    assert canonicalize("省能源局", qingdao).name == "山东省能源局"  # 省 of a city plan: its province
    assert canonicalize("自然资源厅", jiangsu, inherited_prefix="省").name == "江苏省自然资源厅"
    national = canonicalize("国家发展改革委", qingdao)
    assert (national.name, national.region.code if national.region else None) == (
        "国家发展和改革委员会",
        "000000",
    )
    assert canonicalize("生态环境部", jiangsu).name == "生态环境部"
    assert canonicalize("市场监管总局", regions.china()).name == "国家市场监督管理总局"
    assert canonicalize("市经济信息委", region("重庆市")).name == "重庆市经济和信息化委员会"  # 直辖市
    assert canonicalize("市委金融办", qingdao).name == "青岛市委金融办"


def test_agency_types() -> None:
    dalian = region("大连市")
    assert canonicalize("国网大连供电公司", dalian).type == "enterprise"
    assert canonicalize("先导区管委会", dalian).type == "local_government"
    assert canonicalize("有关区市县人民政府", dalian).type == "local_government"
    assert canonicalize("各区市县", dalian).type == "local_government"
    assert canonicalize("市发展改革委", dalian).type == "department"
    assert canonicalize("省碳达峰碳中和工作领导小组办公室", region("安徽省")).type == "committee"


def test_mentions_in_running_text_by_grammar() -> None:
    text = (
        "由市发展改革委会同市委金融办、国家能源局推进，生态环境部负责指导；优化城市管理布局，服从国家部署。"
    )
    found = [text[s:e] for s, e in find_mentions(text)]
    assert found == ["市发展改革委", "市委金融办", "国家能源局", "生态环境部"]


def test_components_on_the_qingdao_plan() -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for factory in (regions.FACTORY, agencies.FACTORY, responsibilities.FACTORY):
        nlp.add_pipe(factory)
    (parsed,) = [d for d in parse([str(CORPUS / f"{QINGDAO}.txt")]) if isinstance(d, ParsedDocument)]
    clause = next(c for c in parsed.clauses if c.path == "二（一）1")
    start, end = parsed.own_spans[clause.id]
    doc = nlp.make_doc(parsed.text.text[start:end])
    doc._.ctx = ClauseContext(parsed.document, clause, parsed.text, start)
    doc = nlp(doc)
    spans = doc.spans["agencies"]
    assert [(s._.agency["text"], s._.agency["name"], s._.agency["region_code"]) for s in spans] == [
        ("市发展改革委", "青岛市发展和改革委员会", "370200"),
        ("市海洋发展局", "青岛市海洋发展局", "370200"),
    ]
    records = agencies.records_for(doc)
    original = (CORPUS / f"{QINGDAO}.txt").read_text(encoding="utf-8")
    assert [original[r.start : r.end] for r in records] == ["市发展改革委", "市海洋发展局"]
    assert records[0].to_dict()["agency_type"] == "department"
    assert records[0].names == ("市发展改革委",)


def test_pipeline_saves_and_loads_its_gazetteers(tmp_path: Path) -> None:
    from policykg.loaders.extract import canonical

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    for factory in (regions.FACTORY, agencies.FACTORY, responsibilities.FACTORY):
        nlp.add_pipe(factory)
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / agencies.FACTORY / "agency_suffixes.tsv"
    assert "管委会\tlocal_government" in saved.read_text(encoding="utf-8")
    try:
        loaded = spacy.load(tmp_path / "pipeline")
        doc = loaded("（责任单位：市发展改革委、先导区管委会）")
        assert [(s.text, s._.role) for s in doc.spans["responsibilities"]] == [
            ("市发展改革委", "responsible"),
            ("先导区管委会", "responsible"),
        ]
    finally:
        canonical.use_gazetteers(canonical.DATA)  # the gazetteers are module state: restore them


def test_a_list_scopes_the_names_after_a_division() -> None:
    from policykg.loaders.extract.responsibilities import find_markers

    (marker,) = find_markers(
        "(责任单位:重庆市能源局、市经济信息委;四川省能源局、经济和信息化厅;两省市列首位的为牵头单位,下同)"
    )
    plan = region("四川省")
    names = [canonicalize(item.text, plan, item.inherited_prefix).name for item in marker.items]
    assert names == ["重庆市能源局", "重庆市经济和信息化委员会", "四川省能源局", "四川省经济和信息化厅"]
    assert marker.lead_first and [item.first_in_group for item in marker.items] == [True, False, True, False]


def test_bare_names_after_a_ministry_are_national() -> None:
    from policykg.loaders.extract import canonical
    from policykg.loaders.extract.responsibilities import find_markers

    # Compilation (ministry plan): 工业和信息化部、发展改革委、…、市场监管总局 …
    (marker,) = find_markers(
        "（工业和信息化部、发展改革委、生态环境部、人民银行、市场监管总局、统计局、能源局按职责分工负责）"
    )
    names = [canonical.canonicalize(i.text, None, i.inherited_prefix).name for i in marker.items]
    assert names == [
        "工业和信息化部",
        "国家发展和改革委员会",
        "生态环境部",
        "人民银行",
        "国家市场监督管理总局",
        "国家统计局",
        "国家能源局",
    ]


def test_a_bare_ending_is_a_collective_not_a_body() -> None:
    yantai = regions.table().candidates("烟台市")[0]
    # （责任单位：市发展改革委，有关区市政府、管委）: 管委 names the zones' committees together
    assert canonicalize("管委", yantai).name == "烟台市各管理委员会"
    assert canonicalize("长岛综试区管委", yantai).name == "烟台市长岛综试区管理委员会"


@pytest.mark.parametrize(
    ("written", "canonical_name"),
    [
        ("国家金融监督管理总局广东监管局", "国家金融监督管理总局广东监管局"),
        ("中国人民银行广东省分行", "中国人民银行广东省分行"),
        ("人民银行广州分行", "中国人民银行广州分行"),
        ("广东银保监局", "中国银行保险监督管理委员会广东监管局"),
        ("广东证监局", "中国证券监督管理委员会广东监管局"),
        ("省税务局", "国家税务总局广东省税务局"),
    ],
)
def test_local_branches_of_national_bodies_are_their_own_agencies(written: str, canonical_name: str) -> None:
    guangdong = regions.table().candidates("广东省")[0]
    assert canonicalize(written, guangdong).name == canonical_name
