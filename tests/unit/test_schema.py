"""The one declaration of the graph: consistent, and what the writer's rows are built from."""

from __future__ import annotations

import pytest

from policykg.graph import cypher, schema
from policykg.graph.rows import build, citation_rows
from policykg.loaders.gazetteer import ancestors, code_of
from policykg.loaders.identity import CitationResolver, external_plan_id, indicator_key, title_key
from policykg.loaders.types import Citation, Clause, Document, Target


def _document(**overrides: object) -> Document:
    values: dict[str, object] = {
        "id": "qd",
        "source": "004.txt",
        "title": "国家碳达峰试点（青岛）实施方案",
        "issuer": "青岛市人民政府",
        "date": "2024-07-06",
        "doc_number": None,
        "level": "city",
        "region": "青岛市",
        "kind": "实施方案",
        "draft": False,
        "pages": None,
        "start": 0,
        "end": 100,
    }
    values.update(overrides)
    return Document(**values)  # type: ignore[arg-type]


def test_labels_and_types_are_unique_and_complete() -> None:
    labels = [n.label for n in schema.NODE_TYPES]
    assert labels == ["Plan", "Clause", "Target", "Agency", "Region", "Obligation", "Indicator"]
    types = [r.type for r in schema.REL_TYPES]
    assert len(types) == len(set(types))
    assert {
        "HAS_CLAUSE",
        "PART_OF",
        "DERIVES_FROM",
        "RESPONSIBLE_FOR",
        "QUANTIFIES",
        "MEASURES",
        "CITES",
        "APPLIES_TO",
        "ISSUED_BY",
        "LOCATED_IN",
        "BEARS",
        "STATED_IN",
    } <= set(types)
    for rel in schema.REL_TYPES:
        assert all(s in schema.NODES and e in schema.NODES for s, e in rel.pairs), rel.type


def test_every_node_and_edge_keeps_its_evidence() -> None:
    evidence = {p.name for p in schema.EVIDENCE}
    for element in (*schema.NODE_TYPES, *schema.REL_TYPES):
        assert evidence <= {p.name for p in element.properties}, element


def test_property_names_unique_per_element_and_keys_declared() -> None:
    for node in schema.NODE_TYPES:
        names = [p.name for p in node.properties]
        assert len(names) == len(set(names)), node.label
        assert node.prop(node.key).required
    for rel in schema.REL_TYPES:
        assert all(rel.prop(k).required for k in rel.key)


def test_markdown_table_lists_everything() -> None:
    table = schema.markdown_table()
    for node in schema.NODE_TYPES:
        assert f"`:{node.label}`" in table
    for rel in schema.REL_TYPES:
        assert f"`[:{rel.type}]`" in table
    assert "pkg:basedOn" in table and "`role` (pkg:role)" in table


def test_cypher_is_built_from_the_schema() -> None:
    assert "FOR (n:Plan) REQUIRE n.id IS UNIQUE" in " ".join(cypher.constraints())
    fulltext = cypher.indexes()[-1]
    assert "FOR (n:Clause|Target)" in fulltext and "'cjk'" in fulltext
    query = cypher.merge_rels(schema.CITES, "Clause", "Plan")
    assert (
        query.startswith("UNWIND $rows AS row")
        and "MERGE (a)-[r:CITES {relation: row.props.relation}]->(b)" in query
    )
    assert "ON CREATE SET n += row" in cypher.merge_nodes(schema.AGENCY)  # shared: first evidence kept


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("非化石能源消费比重", "非化石能源消费占比"),
        ("非化石能源占能源消费总量的比重", "非化石能源消费占比"),
        ("非化石能源占一次能源消费比重", "非化石能源消费占比"),
        ("单位地区生产总值二氧化碳排放", "单位GDP碳排放"),
        ("单位国内生产总值能源消耗", "单位GDP能源消耗"),
        ("可再生能源装机容量", "可再生能源装机容量"),
        ("非化石能源装机占比", "非化石能源装机占比"),
    ],
)
def test_indicator_key_folds_written_forms(written: str, key: str) -> None:
    assert indicator_key(written) == key


def test_title_key_and_external_ids() -> None:
    assert title_key("国务院关于印发2030年前碳达峰行动方案的通知") == title_key("《2030年前碳达峰行动方案》")
    assert external_plan_id("2030年前碳达峰行动方案", "国发[2021]23 号") == "ext:国发〔2021〕23号"
    assert external_plan_id("国家碳达峰试点建设方案", None) == "ext:国家碳达峰试点建设方案"


def test_region_gazetteer_chain() -> None:
    assert code_of("青岛市") == "370200"
    assert [d.name for d in ancestors("370202")] == ["青岛市", "山东省", "中国"]


def test_rows_for_a_document() -> None:
    clause = Clause(
        id="qd/三",
        document="qd",
        path="三",
        heading="主要任务",
        text="三、主要任务",
        parent=None,
        start=10,
        end=20,
        page=None,
        source="004.txt",
    )
    target = Target(
        id="qd/t",
        document="qd",
        clause="qd/三",
        metric="可再生能源装机容量",
        value=800,
        value_max=None,
        unit="万千瓦",
        unit_normalised="千瓦",
        multiplier=1e4,
        year=2025,
        period="by_year",
        comparator="ge",
        direction="level",
        base_year=None,
        text="…",
        start=12,
        end=18,
    )
    citation = Citation(
        document="qd",
        clause="qd/三",
        title="国家碳达峰试点建设方案",
        doc_number=None,
        relation="based_on",
        start=11,
        end=15,
    )
    rows = build(_document(), [clause, target, citation], source_hash="abc")
    plan = rows.nodes["Plan"][0]
    assert plan["source_hash"] == "abc" and plan["external"] is False and plan["title_key"]
    assert set(plan) == {p.name for p in schema.PLAN.properties}
    assert rows.nodes["Target"][0]["value_normalised"] == 8_000_000
    assert [r["id"] for r in rows.nodes["Region"]] == ["region:370200", "region:370000", "region:000000"]
    assert rows.rels[("APPLIES_TO", "Plan", "Region")][0]["end"] == "region:370200"
    externals = citation_rows(rows, CitationResolver([]))
    assert [e["id"] for e in externals] == ["ext:国家碳达峰试点建设方案"]
    cites = rows.rels[("CITES", "Plan", "Plan")] + rows.rels[("CITES", "Clause", "Plan")]
    assert {(c["start"], c["props"]["relation"]) for c in cites} == {
        ("qd", "based_on"),
        ("qd/三", "based_on"),
    }
    assert all(c["props"]["source"] == "004.txt" and c["props"]["start"] == 11 for c in cites)


def test_undeclared_property_is_refused() -> None:
    from policykg.graph.rows import DocumentRows

    rows = DocumentRows(_document())
    with pytest.raises(KeyError, match="not declared"):
        rows.node(schema.PLAN, {"id": "x", "colour": "red"})


def test_closed_value_sets_are_the_record_types_literals() -> None:
    """Each closed value set is declared once, as a Literal of loaders/types.py (the records are
    checked against it); graph/schema.py takes its values from there and spells none itself."""
    import inspect
    from typing import get_args

    from policykg.loaders import types

    literals = {
        name: get_args(value)
        for name, value in vars(types).items()
        if getattr(value, "__origin__", None) is not None and get_args(value) and name[0].isupper()
    }
    props = [p for n in schema.NODE_TYPES for p in n.properties] + [
        p for r in schema.REL_TYPES for p in r.properties
    ]
    closed = [p for p in props if p.values]
    assert (
        len(closed) >= 11
    )  # level, period, comparator, direction, agency type, region level, modality, deontic, strength, role, relation
    for prop in closed:
        assert prop.values in literals.values(), (prop.name, prop.values)
    assert "values=(" not in inspect.getsource(schema)
