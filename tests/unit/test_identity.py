"""One identity module (loaders/identity.py): keys, ids, and the one citation resolver that CITES
and DERIVES_FROM both follow; one gazetteer (loaders/gazetteer.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from policykg.graph.derive import link_plans
from policykg.graph.rows import batch_plans, build, citation_rows, resolver_for
from policykg.loaders import gazetteer
from policykg.loaders.identity import (
    CitationResolver,
    PlanKeys,
    agency_id,
    clause_id,
    external_plan_id,
    part_id,
    region_id,
    target_id,
)
from policykg.loaders.pipeline import parse
from policykg.loaders.types import ParsedDocument

ROOT = Path(__file__).resolve().parents[2]
COMPILATION = "003_a895838ed2e4cd84"
QINGHAI = f"{COMPILATION}/073"  # 青海省碳达峰实施方案
NATIONAL_OPINION = f"{COMPILATION}/001"  # 关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见
JIANGXI_PLAN, JIANGXI_OPINION = (
    f"{COMPILATION}/052",
    f"{COMPILATION}/051",
)  # 江西省碳达峰实施方案, 江西's 实施意见
HUNAN_FINANCE, HUNAN_OPINION = f"{COMPILATION}/030", f"{COMPILATION}/026"


def _plan(plan_id: str, title: str, number: str | None = None, external: bool = False) -> PlanKeys:
    from policykg.loaders.identity import doc_number_key, full_title_key, title_key

    return PlanKeys(plan_id, title_key(title), full_title_key(title), doc_number_key(number), external)


def test_the_rules_of_the_resolver() -> None:
    resolver = CitationResolver(
        [
            _plan("n", "国务院关于印发2030年前碳达峰行动方案的通知", "国发〔2021〕23号"),
            _plan(
                "zj", "中共浙江省委浙江省人民政府关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的实施意见"
            ),
            _plan(
                "jx", "中共江西省委江西省人民政府关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的实施意见"
            ),
            _plan("ext:国家碳达峰试点建设方案", "国家碳达峰试点建设方案", external=True),
        ]
    )

    def named(title: str | None, number: str | None = None) -> str | None:
        found = resolver.resolve(title, number)
        return found.id if found else None

    assert named(None, "国发[2021]23 号") == "n"  # by 文号, brackets and spaces unified
    assert named("2030年前碳达峰行动方案") == "n"  # by title key, the notice wrapper unwrapped
    assert named("2030年前碳达峰行动方案", "国发〔2099〕1号") is None  # its 文号 is another plan's
    # one title key, two plans: the issuer decides, and without one no plan is named
    assert (
        named("中共江西省委、江西省人民政府关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的实施意见")
        == "jx"
    )
    assert named("关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的实施意见") is None
    assert (
        named("《国家碳达峰试点建设方案》") == "ext:国家碳达峰试点建设方案"
    )  # a stand-in, when no plan is it
    assert named("另一个方案") is None


@pytest.fixture(scope="module")
def corpus() -> list[ParsedDocument]:
    return [p for p in parse() if isinstance(p, ParsedDocument)]


def _cites(corpus: list[ParsedDocument], plan_id: str) -> set[str]:
    """Where the plan's CITES (based_on) edges end, built as the writer builds them on a first load."""
    parsed = next(p for p in corpus if p.document.id == plan_id)
    rows = build(parsed.document, [*parsed.clauses, *parsed.citations])
    citation_rows(rows, resolver_for([], batch_plans(p.document for p in corpus)))
    return {r["end"] for r in rows.rels[("CITES", "Plan", "Plan")] if r["props"]["relation"] == "based_on"}


def _derives(corpus: list[ParsedDocument], plan_id: str) -> set[str]:
    return {d.target_id for d in link_plans(corpus).edges if d.source_id == plan_id}


def test_qinghai_derives_from_and_cites_the_same_plan(corpus: list[ParsedDocument]) -> None:
    """One of 青海's bases is its province's 实施意见 (青发〔2022〕5号), not in the corpus; its title
    contains the national 意见's (贯彻落实〈…意见〉的实施意见), which an earlier DERIVES_FROM
    resolver took it for while CITES took the stand-in: now both name the stand-in."""
    qinghai = next(p for p in corpus if p.document.id == QINGHAI)
    assert qinghai.document.title == "青海省碳达峰实施方案"
    (basis,) = [
        c for c in qinghai.citations if c.relation == "based_on" and c.doc_number == "青发〔2022〕5号"
    ]
    assert "〈关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见〉" in (basis.title or "")
    derives, cites = _derives(corpus, QINGHAI), _cites(corpus, QINGHAI)
    assert derives == cites and "ext:青发〔2022〕5号" in derives and NATIONAL_OPINION not in derives


def test_a_provinces_opinion_is_its_own_not_another_provinces(corpus: list[ParsedDocument]) -> None:
    """Fifteen provinces' 实施意见 share one title key (the issuer is what differs): 江西's plan
    derives from and cites 江西's, 湖南's finance plan 湖南's (an earlier CITES resolver took
    浙江's, the smallest id, for all of them)."""
    assert _derives(corpus, JIANGXI_PLAN) == _cites(corpus, JIANGXI_PLAN) == {JIANGXI_OPINION}
    assert HUNAN_OPINION in _derives(corpus, HUNAN_FINANCE) == _cites(corpus, HUNAN_FINANCE)


def test_ids_are_minted_in_the_identity_module_only() -> None:
    assert (region_id("370200"), agency_id("青岛市发展和改革委员会")) == (
        "region:370200",
        "agency:青岛市发展和改革委员会",
    )
    assert part_id(COMPILATION, 2) == f"{COMPILATION}/002"
    assert target_id(clause_id("004", "二（一）1"), 0) == "004/二（一）1/target/0"
    assert clause_id("004", "一", 2) == "004/一~2"
    assert external_plan_id("国家碳达峰试点建设方案", None) == "ext:国家碳达峰试点建设方案"
    # no id prefix is spelled elsewhere in the package
    prefixes = ("region:", "agency:", "indicator:", "ext:", "/target/", "/obligation")
    files = [
        p for folder in ("loaders", "graph", "queries", "viz", "web") for p in (ROOT / folder).rglob("*.py")
    ]
    for path in sorted([*files, *(ROOT / "policykg").glob("*.py")]):
        if path.name == "identity.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                assert not any(p in text for p in prefixes), (
                    f"{path}:{node.lineno}: an id minted outside identity.py"
                )


def test_the_gazetteer_is_read_in_one_place() -> None:
    assert gazetteer.code_of("青岛市") == "370200"
    assert [d.name for d in gazetteer.ancestors("370202")] == ["青岛市", "山东省", "中国"]
    readers = []
    for folder in ("loaders", "graph", "queries", "viz", "bench"):
        for path in sorted((ROOT / folder).glob("**/*.py")):
            if "region_divisions.tsv" in path.read_text(encoding="utf-8"):
                readers.append(path.relative_to(ROOT).as_posix())
    # loaders/extract/regions.py names the file in its docstring only
    assert [r for r in readers if r != "loaders/extract/regions.py"] == ["loaders/gazetteer.py"]
