"""The RDF export of the full corpus (parsed, extracted, derived) conforms to ontology/shapes.ttl.

Reads the shared ``corpus_graph`` (the bundled corpus ingested once per module that needs it,
reused when it is already loaded) instead of wiping and re-ingesting; assertions name values
from the real Qingdao pilot plan (``004_…``).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import neo4j
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from policykg.graph.rdf import export, node_iri, to_rdf
from policykg.graph.validation import validate_export
from policykg.loaders.pipeline import default_paths
from policykg.ontology.namespace import PKG

Handle = tuple[neo4j.Driver, str]
#: The Qingdao pilot plan: one document per file, so its plan id is the file's stem.
QD = next(path.stem for path in default_paths() if path.name.startswith("004_"))
QD_SOURCE = f"{QD}.txt"


@pytest.fixture(scope="module")
def exported(corpus_graph: Handle) -> Graph:
    return to_rdf(*corpus_graph)


def test_export_conforms_to_the_shapes(exported: Graph) -> None:
    conforms, report = validate_export(exported)
    assert conforms, report[:4000]


def test_typed_literals_and_evidence(exported: Graph) -> None:
    # 到2025年，全市可再生能源装机容量达到600万千瓦 (task 二（一）1 of the Qingdao plan)
    target = node_iri("Target", f"{QD}/二（一）1/target/0")
    assert (target, RDF.type, PKG.Target) in exported
    assert (target, PKG.targetYear, Literal("2025", datatype=XSD.gYear)) in exported
    assert (target, PKG.metric, Literal("可再生能源装机容量", lang="zh")) in exported
    evidence = exported.value(target, PKG.evidence)
    assert exported.value(evidence, PKG.start) == Literal(689, datatype=XSD.nonNegativeInteger)
    assert str(exported.value(evidence, PKG.source)) == QD_SOURCE


def test_citation_becomes_based_on_with_a_reified_statement(exported: Graph) -> None:
    plan = node_iri("Plan", QD)
    # 根据《2030年前碳达峰行动方案》（inside the compilation）and 《国家碳达峰试点建设方案》(not in the corpus).
    bases = set(exported.objects(plan, PKG.basedOn))
    assert len(bases) == 2
    external = {b for b in bases if exported.value(b, PKG.external) == Literal(True)}
    assert external == {node_iri("Plan", "ext:发改环资〔2023〕1409号")}
    (basis,) = bases - external
    assert "2030年前碳达峰行动方案" in str(exported.value(basis, PKG.title))
    assert str(basis).startswith(str(node_iri("Plan", "003_")))  # a plan of the compilation
    statements = [
        s
        for s in exported.subjects(RDF.subject, plan)
        if exported.value(s, RDF.predicate) == PKG.basedOn and exported.value(s, RDF.object) == basis
    ]
    assert len(statements) == 1
    assert exported.value(statements[0], PKG.relation) == Literal("based_on")
    assert exported.value(exported.value(statements[0], PKG.evidence), PKG.start) == Literal(
        130, datatype=XSD.nonNegativeInteger
    )


#: One N-Triples statement: subject IRI, predicate IRI, then an IRI or a literal (with a language
#: tag or a datatype), and " ." (what rdflib's parser takes; policykg writes no blank nodes).
NT_LINE = re.compile(
    r'<[^<>"{}|^`\\\s]*> <[^<>"{}|^`\\\s]*> (?:<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n\r]|\\.)*"(?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|\^\^<[^<>\s]*>)?) \.'
)


def test_the_ntriples_export_of_the_corpus_is_the_graph(
    corpus_graph: Handle, exported: Graph, tmp_path: Path
) -> None:
    """What ``policykg build`` writes (N-Triples), streamed from Neo4j: one well-formed line per
    triple of the whole corpus, none twice, and the Qingdao plan's lines (a few thousand: every
    kind of node, edge and literal) parse back to exactly its part of the graph.

    Every format's export is parsed back whole on a small graph (``test_rdf_formats.py``);
    parsing the whole corpus back (rdflib: a minute for N-Triples, minutes for Turtle and JSON-LD)
    is ``bench/bench_cli.py --verify``."""
    out = tmp_path / "graph.nt"
    assert export(*corpus_graph, "nt", out) == len(exported)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(exported)
    malformed = [line for line in lines if NT_LINE.fullmatch(line) is None]
    assert not malformed, malformed[:5]
    part = quote(QD, safe="")
    sample = Graph()
    for triple in exported:
        if any(part in str(term) for term in triple):
            sample.add(triple)
    assert len(sample) > 2000
    parsed = Graph().parse(data="\n".join(line for line in lines if part in line), format="nt")
    assert set(parsed) == set(sample)
