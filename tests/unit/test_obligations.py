"""Obligations: modality from policy verbs, agencies from the responsibilities contract."""

from __future__ import annotations

import pytest
from policykg.loaders.extract.obligations import ObligationRecognizer
from policykg.loaders.extract.pipeline import build_nlp
from spacy.tokens import Span

if not Span.has_extension("agency_id"):  # normally registered by the responsibilities module
    Span.set_extension("agency_id", default=None)


@pytest.fixture(scope="module")
def recognizer() -> ObligationRecognizer:
    nlp = build_nlp()
    component = nlp.get_pipe("policykg_obligations_v1")
    assert isinstance(component, ObligationRecognizer)
    return component


@pytest.mark.parametrize("text, modality, verb", [
    ("严禁新建、扩建钢铁产能，积极推进节能改造。", "binding", "严禁"),
    ("确保完成国家下达的能耗强度降低目标。", "binding", "确保"),
    ("加快建设新型电力系统，鼓励引导储能设施建设。", "directive", "加快"),
    ("鼓励金融机构加大支持力度。", "encouraging", "鼓励"),  # 加大 is what is encouraged
    ("积极推进可再生能源制氢。", "directive", "推进"),  # adjacent verbs: the stronger
    ("新上项目能效水平必须达到标杆水平。", "binding", "必须"),
    ("各有关单位按职责分工负责。", "directive", None),  # no policy verb: a task is an instruction
])
def test_strongest_modality_wins(recognizer: ObligationRecognizer, text: str, modality: str,
                                 verb: str | None) -> None:
    assert recognizer.modality(text)[:2] == (modality, verb)


def test_obligation_from_responsibility_spans() -> None:
    nlp = build_nlp()
    # Only our own components: the responsibilities are set by hand, as the contract says.
    for name in list(nlp.pipe_names):
        if name not in ("policykg_targets_v1", "policykg_obligations_v1"):
            nlp.remove_pipe(name)
    text = ("到2025年和2030年，新型储能规模分别达到40万千瓦以上和100万千瓦以上。"
            "（牵头单位：市发展改革委；配合单位：市能源局、市发展改革委）")
    doc = nlp.make_doc(text)
    spans: list[Span] = []
    for agency, agency_id in (("市发展改革委", "agency:a"), ("市能源局", "agency:b"), ("市发展改革委", "agency:a")):
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
