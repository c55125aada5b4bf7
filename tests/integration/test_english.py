"""English for readers of English on the bundled corpus graph (issue 21, item 5): the glossary
covers the graph's indicators and agencies, the RDF export carries @en labels, and ``--lang en``
gives English headers and columns."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import RDFS

from policykg import cli
from policykg.graph.rdf import node_iri, triples
from policykg.loaders import glossary

Handle = tuple[Any, str]
#: The share of the bundled graph's agencies whose English name must compose (the rest, extraction
#: fragments such as 北京市举办, are reported by the test).
AGENCY_COVERAGE = 0.95


def read(handle: Handle, cypher: str) -> list[dict[str, Any]]:
    driver, database = handle
    records, _, _ = driver.execute_query(cypher, database_=database)
    return [dict(r) for r in records]


def test_every_indicator_with_targets_in_two_regions_has_an_english_name(corpus_graph: Handle) -> None:
    rows = read(
        corpus_graph,
        "MATCH (t:Target)-[:MEASURES]->(i:Indicator) MATCH (t)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(p:Plan) "
        "OPTIONAL MATCH (p)-[:APPLIES_TO]->(r:Region) "
        "WITH i, count(DISTINCT coalesce(r.code, '000000')) AS regions, count(DISTINCT p) AS plans "
        "WHERE regions >= 2 OR plans >= 3 RETURN i.key AS key, i.name AS name, regions, plans",
    )
    assert len(rows) >= 50, "the bundled graph has many shared indicators"
    missing = [(r["key"], r["regions"], r["plans"]) for r in rows if glossary.indicator_en(r["key"]) is None]
    assert not missing, f"add them to loaders/data/glossary_indicators.tsv: {missing}"


def test_every_agency_gets_a_composed_english_name_or_is_reported(
    corpus_graph: Handle, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = read(corpus_graph, "MATCH (a:Agency) RETURN a.name AS name, a.region_code AS region")
    composed, missing = glossary.agency_report((r["name"], r["region"]) for r in rows)
    with capsys.disabled():
        print(f"\n{len(composed)}/{len(rows)} agencies composed; not composed: {'、'.join(missing)}")
    assert len(composed) + len(missing) >= len(rows) - len(rows) // 100  # names may repeat
    assert len(composed) >= AGENCY_COVERAGE * len(rows), missing
    assert composed["青岛市发展和改革委员会"] == "Qingdao Municipal Development and Reform Commission"
    assert composed["大连市生态环境局"] == "Dalian Municipal Ecology and Environment Bureau"
    # the national and the departments' standard bodies all compose
    standard = (
        "发展和改革委员会",
        "生态环境局",
        "财政局",
        "住房和城乡建设局",
        "工业和信息化局",
        "交通运输局",
    )
    assert not [n for n in missing if n.endswith(standard)]


def test_the_rdf_export_labels_agencies_regions_and_indicators_in_english(corpus_graph: Handle) -> None:
    driver, database = corpus_graph
    labels: dict[str, set[Literal]] = {}
    for subject, predicate, obj in triples(driver, database):
        if predicate == RDFS.label and isinstance(obj, Literal):
            labels.setdefault(str(subject), set()).add(obj)
    qingdao = labels[str(node_iri("Region", "region:370200"))]
    assert Literal("Qingdao City", lang="en") in qingdao and Literal("青岛市", lang="zh") in qingdao
    regions = read(corpus_graph, "MATCH (r:Region) RETURN r.id AS id")
    english = [
        r["id"]
        for r in regions
        if any(label.language == "en" for label in labels.get(str(node_iri("Region", r["id"])), ()))
    ]
    assert len(english) == len(regions), "every region of the graph is in the gazetteer"
    agencies = read(corpus_graph, "MATCH (a:Agency {name: '青岛市发展和改革委员会'}) RETURN a.id AS id")
    assert (
        Literal("Qingdao Municipal Development and Reform Commission", lang="en")
        in labels[str(node_iri("Agency", agencies[0]["id"]))]
    )


def test_query_with_lang_en(corpus_cli: CliRunner) -> None:
    args = [
        "query",
        "target_owner",
        "-p",
        "region=青岛",
        "-p",
        "indicator=可再生能源装机容量",
        "-p",
        "year=2025",
    ]
    done = corpus_cli.invoke(cli.main, [*args, "--format", "csv", "--lang", "en"])
    assert done.exit_code == 0, done.output
    header, first = done.stdout.splitlines()[:2]
    assert header.startswith("agency,agency_en,agency_as_written,role,role_en,")
    assert first.startswith("青岛市发展和改革委员会,Qingdao Municipal Development and Reform Commission,")
    plain = corpus_cli.invoke(cli.main, [*args, "--format", "csv"])
    assert plain.stdout.splitlines()[0].startswith("agency,agency_as_written,role,")
    table = corpus_cli.invoke(cli.main, [*args, "--lang", "en"], env={"COLUMNS": "400"})
    assert "Which agencies own this target?" in table.stdout and "哪些单位" not in table.stdout


def test_duties_with_lang_en(corpus_cli: CliRunner, tmp_path: Any) -> None:
    out = tmp_path / "duties.csv"
    done = corpus_cli.invoke(
        cli.main, ["duties", "市发展改革委", "--region", "青岛", "--out", str(out), "--lang", "en"]
    )
    assert done.exit_code == 0, done.output
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("agency,agency (English),as written,role,force,due year,plan,")
    assert "Qingdao Municipal Development and Reform Commission" in out.read_text(encoding="utf-8-sig")


def test_viz_with_lang_en(corpus_cli: CliRunner, tmp_path: Any) -> None:
    out = tmp_path / "agency.html"
    done = corpus_cli.invoke(
        cli.main, ["viz", "agency", "市发展改革委", "--region", "青岛", "--out", str(out), "--lang", "en"]
    )
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Qingdao Municipal" in page
