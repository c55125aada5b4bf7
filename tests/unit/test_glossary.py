"""The bilingual glossary (issue 21, item 5): its data, the composed agency names, ``--lang en``."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from policykg.graph import schema
from policykg.graph.rdf import node_triples
from policykg.loaders import gazetteer, glossary, glossary_regions, metadata, types
from policykg.loaders.identity import indicator_key
from policykg.queries import duties
from policykg.queries.labels import with_english
from policykg.queries.run import QueryResult

ROOT = Path(__file__).resolve().parents[2]


def test_the_region_table_is_current() -> None:
    pytest.importorskip("pypinyin", reason="pypinyin (a dev dependency) regenerates the region names")
    assert glossary_regions.OUTPUT.read_text(encoding="utf-8") == glossary_regions.render(), (
        "loaders/data/glossary_regions.tsv is stale: python -m policykg.loaders.glossary_regions"
    )


def test_every_division_of_the_gazetteer_has_an_english_name() -> None:
    names = glossary.regions()
    assert set(names) == set(gazetteer.divisions())
    assert all(entry.en.isascii() and entry.en for entry in names.values())


@pytest.mark.parametrize(
    ("region", "english"),
    [
        ("山东省", "Shandong Province"),
        ("370200", "Qingdao City"),
        ("陕西省", "Shaanxi Province"),  # not Shanxi: the conventional spelling
        ("山西省", "Shanxi Province"),
        ("西安市", "Xi'an City"),  # an apostrophe where syllables would blur
        ("重庆市", "Chongqing Municipality"),  # 重 read chong in a place name
        ("朝阳区", None),  # two districts of that name: by code only
        ("110105", "Chaoyang District"),  # 朝 read chao, not zhao
        ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
        ("西藏自治区", "Tibet Autonomous Region"),  # its 藏 is not an ethnic group to strip
        ("阿坝藏族羌族自治州", "Aba Tibetan Qiang Autonomous Prefecture"),
        ("中国", "China"),
    ],
)
def test_region_names(region: str, english: str | None) -> None:
    assert glossary.region_en(region) == english


@pytest.mark.parametrize(
    ("name", "region", "english"),
    [
        ("青岛市发展和改革委员会", None, "Qingdao Municipal Development and Reform Commission"),
        ("市发展改革委", "青岛市", "Qingdao Municipal Development and Reform Commission"),
        ("市发展改革委", None, "Municipal Development and Reform Commission"),
        ("大连市生态环境局", None, "Dalian Municipal Ecology and Environment Bureau"),
        (
            "山东省住房和城乡建设厅",
            None,
            "Shandong Provincial Housing and Urban-Rural Development Department",
        ),
        ("上海市卫生健康委员会", None, "Shanghai Municipal Health Commission"),  # not 卫生健康委 + 员会
        ("江苏省委组织部", None, "Jiangsu Provincial Party Committee Organisation Department"),
        ("国家发展改革委", None, "National Development and Reform Commission"),
        ("工业和信息化部", None, "Ministry of Industry and Information Technology"),
        ("中国人民银行南京分行", None, "People's Bank of China Nanjing Branch"),
        ("静安区委组织部", None, "Jing'an District Party Committee Organisation Department"),
        ("市场监管局", "青岛市", "Market Regulation Bureau"),  # 市场 is no 市
        ("青岛市某某某", None, None),  # a body no table knows: no English, reported
    ],
)
def test_agency_names_are_composed_of_region_and_body(
    name: str, region: str | None, english: str | None
) -> None:
    assert glossary.agency_en(name, region) == english


def test_agency_report_lists_what_it_cannot_compose() -> None:
    composed, missing = glossary.agency_report([("青岛市生态环境局", None), ("某某某", None)])
    assert composed == {"青岛市生态环境局": "Qingdao Municipal Ecology and Environment Bureau"}
    assert missing == ["某某某"]


def test_indicator_rows_are_keyed_by_the_graphs_key() -> None:
    for key, (zh, en) in glossary.indicators().items():
        assert indicator_key(zh) == key, (
            f"glossary_indicators.tsv: {zh} has key {indicator_key(zh)}, not {key}"
        )
        assert en.isascii(), key
    # any written form of an indicator finds it (its key decides)
    assert glossary.indicator_en("非化石能源消费比重") == "share of non-fossil energy in energy consumption"
    assert glossary.indicator_en("单位地区生产总值二氧化碳排放") == "CO2 emissions per unit of GDP"


@pytest.mark.parametrize(
    ("group", "literal"),
    [
        ("level", types.Level),
        ("level", types.RegionLevel),
        ("role", types.Role),
        ("force", types.Modality),
        ("deontic", types.Deontic),
        ("strength", types.Strength),
        ("agency_type", types.AgencyType),
        ("relation", types.Relation),
        ("comparator", types.Comparator),
        ("direction", types.Direction),
    ],
)
def test_every_closed_value_has_an_english_term(group: str, literal: object) -> None:
    values = typing.get_args(literal)
    assert values
    missing = [v for v in values if glossary.term_en(group, v) is None]
    assert not missing, f"glossary_terms.tsv lacks {group} {missing}"


def test_every_plan_kind_label_and_register_column_has_an_english_term() -> None:
    assert [k for k in metadata.KINDS if glossary.term_en("plan_kind", k) is None] == []
    assert [n.label for n in schema.NODE_TYPES if glossary.term_en("label", n.label) is None] == []
    assert [key for key, _ in duties.COLUMNS if glossary.term_en("column", key) is None] == []


def test_every_ontology_label_is_in_english_and_chinese() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "policykg.ttl")
    labelled = set(ontology.subjects(RDFS.label, None))
    assert len(labelled) > 50
    for term in labelled:
        languages = {getattr(label, "language", None) for label in ontology.objects(term, RDFS.label)}
        assert {"en", "zh"} <= languages, f"{term}: rdfs:label in {languages}"


def test_rdf_labels_of_an_agency_a_region_and_an_indicator() -> None:
    agency = {"id": "a", "name": "青岛市发展和改革委员会", "region": "青岛市", "region_code": "370200"}
    labels = {
        (str(o), o.language)
        for _, p, o in node_triples(schema.AGENCY, agency)
        if p == RDFS.label  # type: ignore[attr-defined]  # o is a Literal for rdfs:label
    }
    assert labels == {
        ("青岛市发展和改革委员会", "zh"),
        ("Qingdao Municipal Development and Reform Commission", "en"),
    }
    region = {"id": "370000", "name": "山东省", "code": "370000", "level": "province"}
    assert ("Shandong Province", "en") in {
        (str(o), getattr(o, "language", None))
        for _, p, o in node_triples(schema.REGION, region)
        if p == RDFS.label
    }
    # a plan's title is the document's own text: no label of ours
    plan = {"id": "p", "title": "青岛市碳达峰实施方案"}
    assert not [t for t in node_triples(schema.PLAN, plan) if t[1] == RDFS.label]


def test_with_english_adds_a_column_beside_each_translatable_one() -> None:
    result = QueryResult(
        ["agency", "role", "level", "quote"],
        [{"agency": "青岛市生态环境局", "role": "lead", "level": "city", "quote": "到2025年"}],
    )
    english = with_english(result)
    assert english.columns == ["agency", "agency_en", "role", "role_en", "level", "level_en", "quote"]
    row = english.rows[0]
    assert row["agency_en"] == "Qingdao Municipal Ecology and Environment Bureau"
    assert (row["role_en"], row["level_en"], row["quote"]) == ("lead", "municipal", "到2025年")


def test_the_duty_register_in_english() -> None:
    result = QueryResult(
        ["agency", "role", "force", "source", "clause_id"],
        [
            {
                "agency": "青岛市发展和改革委员会",
                "role": "lead",
                "force": "binding",
                "source": "004.txt",
                "clause_id": "c",
            }
        ],
    )
    zh_header, zh_row = duties.register_rows(result)
    assert zh_header[0] == "单位 agency" and zh_row[2] == "牵头 lead"
    header, row = duties.register_rows(result, lang="en")
    assert header[:4] == ["agency", "agency (English)", "as written", "role"]
    assert all(h.isascii() for h in header)
    assert row[1] == "Qingdao Municipal Development and Reform Commission" and row[3] == "lead"
    assert duties.duties_csv(result, lang="en").decode("utf-8-sig").startswith("agency,agency (English),")


def test_a_viz_page_in_english(tmp_path: Path) -> None:
    import networkx as nx

    from policykg.viz.page import language, render

    graph = nx.MultiDiGraph()
    graph.add_node("a", label="Agency", name="青岛市发展和改革委员会", region="青岛市", region_code="370200")
    graph.add_node("p", label="Plan", title="青岛市碳达峰实施方案")
    graph.add_edge("a", "p", type="ISSUED_BY")
    with language("en"):
        render(graph, tmp_path / "en.html", "agency")
    render(graph, tmp_path / "zh.html", "agency")
    english, chinese = ((tmp_path / f"{n}.html").read_text(encoding="utf-8") for n in ("en", "zh"))
    assert '<html lang="en">' in english and '<html lang="zh">' in chinese
    assert "Qingdao Municipal\\nDevelopment and Reform\\nCommission" in english
    assert "Agency (agency)" in english and "Agency 责任单位" in chinese
    assert "Qingdao" not in chinese
    # the plan's title is the document's own text: the same in both
    assert "青岛市碳达峰实施方案" in english
