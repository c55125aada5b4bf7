"""Policy diffusion classes on hand-made pairs (our own short snippets), and their boundaries."""

from __future__ import annotations

import pytest

from policykg.queries.diffusion import (
    AGENCY_MARK,
    COPIED_MIN,
    LOCALISED_MIN,
    NUMBER_MARK,
    PLACE_MARK,
    annotate,
    classify,
    containment,
    decide,
    dice,
    mask,
    ngrams,
    summarise,
)

SOURCE = (
    "加快推进公共机构既有建筑节能改造，推广应用太阳能光伏发电，提升公共机构能源利用效率，"
    "到2025年公共机构单位建筑面积能耗下降5%。"
)


def test_the_same_text_with_a_local_responsibility_list_is_copied() -> None:
    local = SOURCE + "（责任单位：市机关事务管理局）"
    found = classify(local, SOURCE)
    assert found.diffusion_class == "copied"
    assert found.verbatim >= COPIED_MIN and found.kept == 1.0
    assert found.local_specifics == ("agency:市机关事务管理局",)


def test_the_same_action_with_a_local_number_and_place_is_localised() -> None:
    local = (
        "加快推进全市公共机构既有建筑节能改造，推广应用太阳能光伏发电，提升公共机构能源利用效率，"
        "到2025年公共机构单位建筑面积能耗下降6%。"
    )
    found = classify(local, SOURCE)
    # near-verbatim, but the target changed: a localisation however little text it changes
    assert found.verbatim >= COPIED_MIN
    assert found.diffusion_class == "localised"
    assert "number:6" in found.local_specifics and "place:全市" in found.local_specifics


def test_a_rewritten_clause_keeping_the_source_wording_is_localised() -> None:
    source = "因地制宜推进屋顶分布式光伏发电，开展整县屋顶分布式光伏开发试点，推动光伏建筑一体化应用。"
    local = (
        "在胶州市、莱西市因地制宜推进屋顶分布式光伏发电，推动光伏建筑一体化应用，"
        "到2025年新增光伏装机100万千瓦。（牵头单位：市发展改革委）"
    )
    found = classify(local, source)
    assert found.verbatim < COPIED_MIN <= 1
    assert found.kept >= LOCALISED_MIN
    assert found.diffusion_class == "localised"
    assert {"place:胶州市", "place:莱西市", "number:100"} <= set(found.local_specifics)


def test_a_clause_on_the_same_theme_in_other_words_is_loosely_related() -> None:
    source = "大力发展风能、太阳能、生物质能、海洋能、地热能等，不断提高非化石能源消费比重。"
    local = "推进半岛南部千万千瓦级海上风电基地建设，打造海洋新能源产业集群。"
    found = classify(local, source)
    assert found.kept < LOCALISED_MIN
    assert found.diffusion_class == "loosely related"


def test_identical_texts_are_copied_and_empty_ones_loosely_related() -> None:
    assert classify(SOURCE, SOURCE).diffusion_class == "copied"
    assert classify("", SOURCE).diffusion_class == "loosely related"
    assert classify(SOURCE, "").diffusion_class == "loosely related"


@pytest.mark.parametrize(
    ("verbatim", "kept", "new_numbers", "expected"),
    [
        (COPIED_MIN, 1.0, False, "copied"),  # the threshold itself is copied
        (COPIED_MIN - 0.001, 1.0, False, "localised"),
        (1.0, 1.0, True, "localised"),  # a changed number is never a copy
        (COPIED_MIN - 0.001, LOCALISED_MIN, False, "localised"),
        (COPIED_MIN - 0.001, LOCALISED_MIN - 0.001, False, "loosely related"),
        (1.0, LOCALISED_MIN - 0.001, True, "loosely related"),
        (0.0, 0.0, False, "loosely related"),
    ],
)
def test_class_boundaries(verbatim: float, kept: float, new_numbers: bool, expected: str) -> None:
    assert decide(verbatim, kept, new_numbers) == expected


def test_masking_numbers_places_and_agencies() -> None:
    masked = mask("到2025年，全市由市发展改革委牵头，在胶州市建成18.5%。")
    assert (
        masked.wording == f"到{NUMBER_MARK}年{PLACE_MARK}由{AGENCY_MARK}牵头在{PLACE_MARK}建成{NUMBER_MARK}"
    )
    assert masked.specifics == {
        ("number", "2025"),
        ("number", "18.5"),
        ("place", "全市"),
        ("place", "胶州市"),
        ("agency", "市发展改革委"),
    }
    # unmasked, without punctuation (a decimal point too: only the wording is compared)
    assert masked.plain == "到2025年全市由市发展改革委牵头在胶州市建成185"


def test_full_width_digits_are_numbers() -> None:
    assert mask("下降１３．５％").specifics == {("number", "13.5")}


def test_gram_measures() -> None:
    assert ngrams("碳达峰") == {"碳达峰"}
    assert ngrams("碳达峰行动") == {"碳达峰", "达峰行", "峰行动"}
    assert ngrams("") == frozenset()
    a, b = ngrams("碳达峰行动"), ngrams("碳达峰方案")
    assert dice(a, b) == pytest.approx(2 * 1 / 6)
    assert containment(a, b) == pytest.approx(1 / 3)
    assert containment(frozenset(), b) == 0.0


def _row(plan: str, klass: str, source_clause: str = "n/1", level: str = "national") -> dict[str, object]:
    return {
        "plan": plan,
        "plan_id": plan,
        "region": "甲市",
        "region_code": "100000",
        "class": klass,
        "source_level": level,
        "source_clause_id": source_clause,
        "source_plan": "国家方案",
        "source_path": source_clause,
        "source_heading": "标题",
    }


def test_localisation_score_and_most_copied_clauses() -> None:
    rows = [
        _row("甲", "copied", "n/1"),
        _row("甲", "localised", "n/2"),
        _row("甲", "localised", "n/2"),
        _row("甲", "loosely related", "n/3"),
        _row("乙", "copied", "n/1"),
        _row("乙", "copied", "n/2"),
        _row("丙", "loosely related", "n/1"),
        _row("丁", "copied", "p/1", level="province"),  # not a national clause
    ]
    found = summarise(rows)
    plans = {p.name: p for p in found.plans}
    assert (plans["甲"].copied, plans["甲"].localised, plans["甲"].loosely_related) == (1, 2, 1)
    assert plans["甲"].score == pytest.approx(0.667)
    assert plans["乙"].score == 0.0
    assert plans["丙"].score is None  # nothing follows its source
    assert [r.pairs for r in found.regions] == [8]
    assert [(c.clause_id, c.copied, c.localised) for c in found.most_copied] == [("n/1", 2, 0), ("n/2", 1, 2)]
    assert found.most_copied[0].copied_by == ("乙", "甲")


def test_annotate_drops_the_texts_and_adds_the_class() -> None:
    columns = ["plan", "local_text", "source_text"]
    out_columns, rows = annotate(columns, [{"plan": "甲", "local_text": SOURCE, "source_text": SOURCE}])
    assert out_columns == ["plan", "verbatim", "kept", "class", "local_specifics"]
    assert rows == [{"plan": "甲", "verbatim": 1.0, "kept": 1.0, "class": "copied", "local_specifics": []}]
