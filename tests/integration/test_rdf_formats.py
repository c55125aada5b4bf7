"""Every RDF format, streamed from Neo4j, parses back to exactly the graph: on a small real graph.

The Qingdao pilot plan (``004_…``) alone, parsed, extracted and derived (its citations of plans
outside this graph become external stand-ins): a few thousand triples, so each export is parsed
back WHOLE, in every format, in seconds. The bundled corpus's own export (N-Triples, what
``policykg build`` writes) is checked in ``test_rdf_export.py``; Turtle and JSON-LD of the whole
corpus are timed and parsed back by ``bench/bench_cli.py --verify`` (rdflib takes minutes to
parse them).
"""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest
from rdflib import Graph

from policykg.errors import QueryError
from policykg.graph.ingest import ingest
from policykg.graph.rdf import export, node_iri, serialize, to_rdf
from policykg.loaders.pipeline import default_paths
from policykg.ontology.namespace import PKG

Handle = tuple[neo4j.Driver, str]
QD_PATH = next(path for path in default_paths() if path.name.startswith("004_"))
#: format name of :func:`export` → rdflib's parser name
PARSERS = {"nt": "nt", "turtle": "turtle", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def qingdao_graph(clean_graph: Handle) -> Handle:
    summary = ingest([QD_PATH], *clean_graph)
    assert summary.documents == 1 and not [e for e in summary.errors if e.severity == "error"]
    return clean_graph


@pytest.fixture(scope="module")
def expected(qingdao_graph: Handle) -> Graph:
    return to_rdf(*qingdao_graph)


def test_the_small_graph_is_the_qingdao_plan(expected: Graph) -> None:
    plan = node_iri("Plan", QD_PATH.stem)
    assert (plan, PKG.basedOn, node_iri("Plan", "ext:发改环资〔2023〕1409号")) in expected
    assert len(expected) > 2000


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_each_format_parses_back_to_exactly_the_graph(
    qingdao_graph: Handle, expected: Graph, fmt: str, tmp_path: Path
) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert export(*qingdao_graph, fmt, out) == len(expected)
    parsed = Graph().parse(out, format=PARSERS[fmt])
    assert len(parsed) == len(expected)
    assert set(parsed) == set(expected), fmt  # no blank nodes: the triples themselves are equal
    if fmt == "jsonld":
        assert json.loads(out.read_text(encoding="utf-8"))["@context"]["pkg"] == str(PKG._NS)


def test_serialize_writes_what_export_writes(qingdao_graph: Handle, expected: Graph, tmp_path: Path) -> None:
    for fmt, parse_as in PARSERS.items():
        parsed = Graph().parse(data=serialize(expected, fmt), format=parse_as)
        assert set(parsed) == set(expected), fmt
    assert '"@context"' in serialize(expected, "jsonld")[:200]
    with pytest.raises(QueryError, match="turtle, jsonld, nt"):
        serialize(expected, "xml")
