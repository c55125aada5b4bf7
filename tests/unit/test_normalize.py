"""Normalisation on the real seeds: joined wraps, dropped debris, exact offsets back."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pytest

from policykg.loaders.normalize import normalize
from policykg.loaders.offsets import NormalizedText

CORPUS = files("policykg.data") / "corpus"
DALIAN, LIAONING, YANTAI, COMPILATION, QINGDAO = (
    "000_af030718e515ca0c",
    "001_4d9bdf3ef8200100",
    "002_4513322e4e7ef2fd",
    "003_a895838ed2e4cd84",
    "004_ce321d0be690c707",
)


@cache
def seed(stem: str) -> tuple[str, NormalizedText]:
    original = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    return original, normalize(original)


def assert_maps_back(original: str, text: NormalizedText) -> None:
    """Every kept character came from the same (or a width-variant) original character."""
    assert len(text.origin) == len(text.text) + 1
    for i, ch in enumerate(text.text):
        source = original[text.origin[i]]
        assert source == ch or ch in "（）：；，？！.\n 0123456789" or ord(source) >= 0xFF00, (i, ch, source)


@pytest.mark.parametrize("stem", [DALIAN, LIAONING, YANTAI, QINGDAO])
def test_origin_is_exact_and_monotone(stem: str) -> None:
    original, text = seed(stem)
    assert_maps_back(original, text)
    assert all(a <= b for a, b in zip(text.origin, text.origin[1:]))


def test_pdf_wraps_are_joined_inside_sentences_and_numbers() -> None:
    _, text = seed(QINGDAO)
    assert "分别达到600万千瓦和1000万千瓦。（责任单位：市发展改革委、市海洋发展局）" in text.text
    assert "按照国家发展改革委《国家碳达峰试点建设方案》（发改环资〔2023〕1409号）有关要求" in text.text
    assert "\n（一）大力发展新能源\n1.实施新能源倍增计划。" in text.text
    # real paragraph breaks survive as one line break
    assert "青岛市人民政府\n2024年7月6日\n" in text.text
    assert "\n\n" not in text.text


def test_spaces_next_to_cjk_are_dropped() -> None:
    _, text = seed(QINGDAO)
    assert "2025 年" not in text.text and "1409号" in text.text and "到2030年" in text.text


def test_bookmark_debris_is_removed() -> None:
    original, text = seed(YANTAI)
    assert "[bookmark:" in original and "bookmark" not in text.text
    assert text.text.startswith("国家碳达峰试点（烟台）实施方案\n为深入贯彻")


def test_boilerplate_is_removed() -> None:
    _, text = seed(QINGDAO)
    assert "本文内容来自网络" not in text.text
    _, dalian = seed(DALIAN)
    assert "原文地址" not in dalian.text
    _, compilation = seed(COMPILATION)
    for junk in ("VIP专享", "更多干货请关注微信公号", "扫码查看全文", "扫码下载原文", "当您付费下载文档后"):
        assert junk not in compilation.text


def test_compilation_page_footers_are_dropped_and_recorded() -> None:
    original, text = seed(COMPILATION)
    assert len(text.page_starts) == len(text.page_numbers) >= 1289
    # a footer inside a sentence: "新型储能装机容第15页量达到3000万千瓦" is joined again
    assert "新型储能装机容量达到3000万千瓦以上" in text.text
    position = original.find("新型储能装机容第15页量")
    assert text.page_of(position) == 15 and text.page_of(position + 12) == 16


def test_punctuation_width_is_unified_one_to_one() -> None:
    original = "(一)指导思想:坚持1,000项;到2025年,完成１２３ＡＢ.10:30"
    text = normalize(original)
    assert text.text == "（一）指导思想：坚持1,000项；到2025年，完成123AB.10:30"
    assert len(text.text) == len(original)
    assert list(text.origin) == list(range(len(original) + 1))


def test_to_original_round_trip() -> None:
    original, text = seed(QINGDAO)
    i = text.text.find("600万千瓦")
    start, end = text.to_original(i, i + len("600万千瓦"))
    assert original[start:end] == "600 万千\n\n瓦"
    paragraph = (
        text.text.find("1.实施新能源倍增计划"),
        text.text.find("（责任单位：市发展改革委、市海洋发展局）"),
    )
    start, end = text.to_original(
        paragraph[0], paragraph[1] + len("（责任单位：市发展改革委、市海洋发展局）")
    )
    assert normalize(original[start:end]).text == text.text[paragraph[0] : end and paragraph[1] + 20]


def test_a_full_stop_printed_as_a_period_is_one() -> None:
    text = normalize("生态环境持续改善.能源资源配置更合理.\nPM2.5浓度26.5微克，见www.gov.cn。")
    assert text.text == "生态环境持续改善。能源资源配置更合理。\nPM2.5浓度26.5微克，见www.gov.cn。"
    assert len(text.origin) == len(text.text) + 1  # one character for one: the spans stay exact
