"""The Neo4j writer on a real Neo4j: counts, idempotence, replacement, rollback, networkx."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import neo4j
import pytest
from graph_records import EXPECTED_LABELS, EXPECTED_TYPES, NAT, QD, national, qingdao

from policykg.errors import OnError
from policykg.graph.neo4j_writer import Neo4jWriter
from policykg.graph.nx import to_networkx
from policykg.graph.schema import FULLTEXT_INDEX
from policykg.loaders.types import Clause

Handle = tuple[neo4j.Driver, str]


@pytest.fixture(scope="module")
def loaded(clean_graph: Handle) -> tuple[Handle, Neo4jWriter]:
    driver, database = clean_graph
    writer = Neo4jWriter(driver, database)
    # Qingdao first: its citation of the national plan makes an external stand-in, which the
    # national plan then absorbs.
    writer.run(qingdao(), {"004_qingdao.txt": "sha-qd"})
    writer.run(national())
    return clean_graph, writer


def _one(handle: Handle, query: str, **params: object) -> list[dict[str, object]]:
    driver, database = handle
    records, _, _ = driver.execute_query(query, params, database_=database)
    return [r.data() for r in records]


def test_counts_by_label_and_type(loaded: tuple[Handle, Neo4jWriter]) -> None:
    labels, types = loaded[1].counts()
    assert labels == EXPECTED_LABELS
    assert types == EXPECTED_TYPES


def test_citation_resolves_to_the_corpus_plan_and_external_plans_stay(
    loaded: tuple[Handle, Neo4jWriter],
) -> None:
    rows = _one(
        loaded[0],
        "MATCH (:Plan {id: $qd})-[r:CITES]->(p:Plan) RETURN p.id AS id, p.external AS external, "
        "r.relation AS relation ORDER BY id",
        qd=QD,
    )
    assert rows == [
        {"id": "ext:发改环资〔2023〕1409号", "external": True, "relation": "based_on"},
        {"id": NAT, "external": False, "relation": "based_on"},
    ]


def test_target_owner_path_and_evidence(loaded: tuple[Handle, Neo4jWriter]) -> None:
    rows = _one(
        loaded[0],
        "MATCH (i:Indicator)<-[:MEASURES]-(t:Target {year: 2025})-[:QUANTIFIES]->(c:Clause)"
        "<-[r:RESPONSIBLE_FOR]-(a:Agency) WHERE i.name = '可再生能源装机容量' "
        "RETURN a.name AS agency, r.role AS role, c.path AS path, r.source AS source, r.start AS start "
        "ORDER BY agency",
    )
    assert rows == [
        {
            "agency": "青岛市发展和改革委员会",
            "role": "lead",
            "path": "三（一）",
            "source": "004_qingdao.txt",
            "start": 380,
        },
        {
            "agency": "青岛市海洋发展局",
            "role": "participant",
            "path": "三（一）",
            "source": "004_qingdao.txt",
            "start": 387,
        },
    ]


def test_one_indicator_for_two_written_forms(loaded: tuple[Handle, Neo4jWriter]) -> None:
    rows = _one(
        loaded[0],
        "MATCH (t:Target)-[:MEASURES]->(i:Indicator {key: '非化石能源消费占比'}) "
        "RETURN t.document AS doc, t.value AS value, i.names AS names ORDER BY doc",
    )
    assert [(r["doc"], r["value"]) for r in rows] == [(NAT, 25.0), (QD, 20.0)]
    assert set(rows[0]["names"]) == {"非化石能源消费比重", "非化石能源占能源消费总量比重"}  # type: ignore[arg-type]


def test_region_chain_from_the_gazetteer(loaded: tuple[Handle, Neo4jWriter]) -> None:
    rows = _one(
        loaded[0],
        "MATCH (:Plan {id: $qd})-[:APPLIES_TO]->(r:Region)-[:LOCATED_IN*]->(p:Region) "
        "RETURN r.name AS region, collect(p.name) AS parents",
        qd=QD,
    )
    assert rows == [{"region": "青岛市", "parents": ["山东省", "中国"]}]


def test_fulltext_index_with_cjk_analyzer(loaded: tuple[Handle, Neo4jWriter]) -> None:
    rows = _one(
        loaded[0],
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options "
        "WHERE name = $name RETURN labelsOrTypes, options",
        name=FULLTEXT_INDEX,
    )
    assert rows and rows[0]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"  # type: ignore[index]
    driver, database = loaded[0]
    driver.execute_query("CALL db.awaitIndexes(60)", database_=database)
    hits = _one(
        loaded[0],
        "CALL db.index.fulltext.queryNodes($name, '新能源') YIELD node RETURN node.id AS id",
        name=FULLTEXT_INDEX,
    )
    assert "qd/三（一）" in {h["id"] for h in hits}


def test_reingest_same_corpus_changes_nothing(loaded: tuple[Handle, Neo4jWriter]) -> None:
    handle, writer = loaded
    before = writer.counts()
    stats = writer.run([*qingdao(), *national()])
    assert stats.skipped == 2 and stats.documents == 0
    assert writer.counts() == before
    forced = Neo4jWriter(handle[0], handle[1], force=True).run([*qingdao(), *national()])
    assert forced.documents == 2 and forced.replaced == 2
    assert writer.counts() == before


def test_changed_document_replaces_exactly_its_subgraph(loaded: tuple[Handle, Neo4jWriter]) -> None:
    handle, writer = loaded
    labels, types = writer.counts()
    nat_before = _one(handle, "MATCH (n {document: $nat}) RETURN n.id AS id ORDER BY id", nat=NAT)
    stats = writer.run(qingdao(content_hash="qd-v2", extra_clause=True))
    assert stats.documents == 1 and stats.replaced == 1
    after_labels, after_types = writer.counts()
    assert after_labels == {**labels, "Clause": labels["Clause"] + 1}
    assert after_types == {**types, "HAS_CLAUSE": types["HAS_CLAUSE"] + 1, "PART_OF": types["PART_OF"] + 1}
    assert _one(handle, "MATCH (n {document: $nat}) RETURN n.id AS id ORDER BY id", nat=NAT) == nat_before
    # Back to the first version: the extra clause goes, shared nodes stay.
    writer.run(qingdao(content_hash="qd-v3"))
    assert writer.counts() == (labels, types)


def test_failing_document_rolls_back(loaded: tuple[Handle, Neo4jWriter]) -> None:
    handle, writer = loaded
    before = writer.counts()
    records = qingdao(content_hash="qd-broken")
    # A map is not a valid property value: the clause batch fails after the plan was MERGEd.
    bad = [replace(r, heading={"not": "storable"}) if isinstance(r, Clause) else r for r in records]
    with pytest.raises(neo4j.exceptions.Neo4jError):
        writer.run(bad)
    assert writer.counts() == before
    assert _one(handle, "MATCH (p:Plan {id: $qd}) RETURN p.content_hash AS h", qd=QD) == [{"h": "qd-v3"}]
    skipping = Neo4jWriter(handle[0], handle[1], on_error=OnError.SKIP).run(bad)
    assert len(skipping.errors) == 1 and skipping.documents == 0
    assert writer.counts() == before


def test_to_networkx_of_a_path_query(loaded: tuple[Handle, Neo4jWriter]) -> None:
    driver, database = loaded[0]
    result = driver.execute_query(
        "MATCH p = (:Plan {id: $qd})-[:HAS_CLAUSE*]->(:Clause) RETURN p", qd=QD, database_=database
    )
    graph = to_networkx(result)
    assert set(graph.nodes) == {QD, "qd/三", "qd/三（一）"}
    assert graph.nodes[QD]["label"] == "Plan" and graph.nodes["qd/三"]["props"]["path"] == "三"
    assert sorted(d["type"] for _, _, d in graph.edges(data=True)) == ["HAS_CLAUSE", "HAS_CLAUSE"]
    with driver.session(database=database) as session:
        live = to_networkx(session.run("MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(c) RETURN a, r, c"))
    assert live.number_of_edges() == 2 and live.nodes["qd/三（一）"]["label"] == "Clause"


def test_ingest_skips_unchanged_files_and_plans(loaded: tuple[Handle, Neo4jWriter], tmp_path: Path) -> None:
    """The real Qingdao plan through ingest (parse only): written once, then skipped unread."""
    from policykg.graph.ingest import ingest
    from policykg.loaders.pipeline import default_paths

    driver, database = loaded[0]
    qingdao_file = next(p for p in default_paths() if p.name.startswith("004_"))
    copy = tmp_path / qingdao_file.name
    copy.write_bytes(qingdao_file.read_bytes())
    first = ingest([copy], driver, database, extract=False, derive=False)
    assert (first.documents, first.files_skipped) == (1, 0) and first.clauses > 20
    counts = loaded[1].counts()
    again = ingest([copy], driver, database, extract=False, derive=False)
    assert (again.documents, again.files_skipped, again.skipped) == (0, 1, 1)
    assert loaded[1].counts() == counts
    # Same plan text, different bytes (a trailing newline): parsed again, skipped by content hash.
    copy.write_bytes(qingdao_file.read_bytes() + b"\n")
    touched = ingest([copy], driver, database, extract=False, derive=False)
    assert touched.files_skipped == 0 and touched.documents == 0 and touched.skipped == 1
