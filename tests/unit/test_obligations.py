"""Obligations: modality from policy verbs, agencies from the responsibilities contract."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from policykg.loaders import types
from policykg.loaders.extract.obligations import PROHIBITIONS, ObligationRecognizer
from policykg.loaders.extract.pipeline import build_nlp

if not Span.has_extension("agency_id"):  # normally registered by the responsibilities module
    Span.set_extension("agency_id", default=None)


@pytest.fixture(scope="module")
def recognizer() -> ObligationRecognizer:
    nlp = build_nlp()
    component = nlp.get_pipe("policykg_obligations_v1")
    assert isinstance(component, ObligationRecognizer)
    return component


@pytest.mark.parametrize(
    "text, modality, verb",
    [
        ("严禁新建、扩建钢铁产能，积极推进节能改造。", "binding", "严禁"),
        ("确保完成国家下达的能耗强度降低目标。", "binding", "确保"),  # 确保 leads its sentence
        ("加快建设新型电力系统，鼓励引导储能设施建设。", "directive", "加快"),
        ("鼓励金融机构加大支持力度。", "encouraging", "鼓励"),  # 加大 is what is encouraged
        ("积极推进可再生能源制氢。", "directive", "推进"),  # 积极 reads through to its verb
        ("新上项目能效水平必须达到标杆水平。", "binding", "必须"),
        ("各有关单位按职责分工负责。", "directive", None),  # no policy verb: a task is an instruction
    ],
)
def test_modality_of_sentences(
    recognizer: ObligationRecognizer, text: str, modality: str, verb: str | None
) -> None:
    assert recognizer.modality(text)[:2] == (modality, verb)


@pytest.mark.parametrize(
    "clause, modality, verb",
    [
        # Yantai plan: the heading and the first sentence lead with 探索
        (
            (
                "3.探索开展碳普惠行动。依托碳普惠（山东）碳排放管理有限公司，探索在黄渤海新区建设山东省碳普惠运营分中心，"
                "积极推进将海洋碳汇核算交易纳入碳普惠平台，进一步挖掘各类碳汇资源和应用场景，探索建立个人碳账户。"
            ),
            "encouraging",
            "探索",
        ),
        # compilation: 发展 leads; the 鼓励 sentences that follow do not change the clause's thrust
        (
            (
                "（三）发展绿色金融。深化绿色金融改革创新，鼓励有条件的地方、金融机构、行业组织和企业设立碳基金。"
                "拓宽绿色低碳企业直接融资渠道，鼓励发行绿色债券。"
            ),
            "directive",
            "发展",
        ),
        # compilation: a prohibition anywhere binds the clause
        (
            (
                "（二十三）完善投资金融政策。构建与碳达峰、碳中和相适应的绿色投融资政策体系，严控“两高”项目投资。"
                "严禁对高耗能、高排放、资源型行业实施电价优惠。"
            ),
            "binding",
            "严禁",
        ),
        # compilation: 严控 leads a sentence, so it governs the requirement
        (
            "4.推动有色金属行业碳达峰。严控电解铝、金属镁新增产能，推广高效率、低能耗、环保型冶炼新技术新工艺。",
            "binding",
            "严控",
        ),
        # …but 确保 after a comma only qualifies the leading verb
        (
            "1.优化供热能源结构。持续削减供热燃煤消耗总量，加快推进清洁供热，确保群众温暖过冬。",
            "directive",
            "优化",
        ),
        # compilation: a word used as a noun does not count (支持力度, 政策支持)
        ("（三）加大政策支持。加大对重点领域节能降碳工作支持力度。", "directive", "加大"),
        # encouraging verbs outnumber directive ones
        ("推进绿色消费。鼓励选用绿色家电产品，支持发展共享经济，引导居民绿色出行。", "encouraging", "鼓励"),
    ],
)
def test_modality_follows_the_clause_thrust(
    recognizer: ObligationRecognizer, clause: str, modality: str, verb: str
) -> None:
    assert recognizer.modality(clause)[:2] == (modality, verb)


def test_obligation_from_responsibility_spans() -> None:
    nlp = build_nlp()
    # Only our own components: the responsibilities are set by hand, as the contract says.
    for name in list(nlp.pipe_names):
        if name not in ("policykg_targets_v1", "policykg_obligations_v1"):
            nlp.remove_pipe(name)
    text = (
        "到2025年和2030年，新型储能规模分别达到40万千瓦以上和100万千瓦以上。"
        "（牵头单位：市发展改革委；配合单位：市能源局、市发展改革委）"
    )
    doc = nlp.make_doc(text)
    spans: list[Span] = []
    for agency, agency_id in (
        ("市发展改革委", "agency:a"),
        ("市能源局", "agency:b"),
        ("市发展改革委", "agency:a"),
    ):
        start = text.index(agency, spans[-1].end_char if spans else 0)
        span = doc.char_span(start, start + len(agency))
        assert span is not None
        span._.agency_id = agency_id
        spans.append(span)
    doc.spans["responsibilities"] = spans
    for _, component in nlp.pipeline:
        doc = component(doc)
    obligation = doc._.obligation
    assert obligation.agencies == ("agency:a", "agency:b")
    assert obligation.due_year == 2030
    assert obligation.modality == "directive"


def test_no_responsibilities_no_obligation() -> None:
    doc = build_nlp()("到2025年，单位地区生产总值能耗比2020年下降14%。")
    assert doc._.obligation is None


def test_due_year_from_the_year_phrase_alone(recognizer: ObligationRecognizer) -> None:
    nlp = build_nlp()
    targets = nlp.get_pipe("policykg_targets_v1")
    assert targets.due_years("“十四五”期间，完善能耗双控制度，2027年前建成碳排放统计体系。") == [2025, 2027]


@pytest.mark.parametrize(
    ("text", "deontic_term", "strength"),
    [
        ("严禁新上高耗能项目。", "prohibition", "strong"),
        ("新建项目不得使用落后工艺。", "prohibition", "strong"),
        ("禁止新建燃煤锅炉。", "prohibition", "strong"),
        ("必须完成能耗双控目标。", "obligation", "strong"),
        ("确保完成碳达峰目标。", "obligation", "strong"),
        ("推进煤炭消费减量替代。", "obligation", "weak"),
        ("鼓励金融机构加大支持力度。", "encouragement", None),
    ],
)
def test_deontic_term_and_strength(
    recognizer: ObligationRecognizer, text: str, deontic_term: str, strength: str | None
) -> None:
    modality, verb, _ = recognizer.modality(text)
    assert types.deontic(types.modality(modality), verb in PROHIBITIONS) == (deontic_term, strength)
