"""PDF text as printed → normalised text: headers, page numbers, page-break joins, glyph variants.

The snippets are written here (the shapes seen in ../shared/realcorpus, not copies of it). Every
normalised span must still map back into the original text, headers included.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from policykg.loaders.normalize import normalize
from policykg.loaders.pages import drop_running_lines, running_line_spans

HEADER = "重庆市人民政府发布"


def pages(*bodies: str) -> str:
    """A PDF reader's text: pages joined by ``\\n\\f``, each with a running header and a page number."""
    return "\n\f".join(f"{HEADER}\n{body}\n— {n} —" for n, body in enumerate(bodies, start=1))


def test_running_header_and_page_numbers_are_dropped_and_spans_point_into_the_original() -> None:
    original = pages(
        "一、总体要求\n到2025年，单位地区生产总值能耗比2020年下降14%。",
        "二、重点任务\n（一）推进节能降碳。",
        "三、保障措施\n（一）加强组织领导。",
    )
    normalized = normalize(original)
    assert HEADER not in normalized.text.split("\n")[1:]  # kept only where page 1 prints it
    assert "—" not in normalized.text
    start = normalized.text.index("（一）推进节能降碳。")
    begin, end = normalized.to_original(start, start + len("（一）推进节能降碳。"))
    assert original[begin:end] == "（一）推进节能降碳。"
    assert normalized.page_of(begin) == 2


def test_a_pdf_page_is_the_files_own_page_not_the_number_printed_on_it() -> None:
    """A cover and a contents page come before printed page 1: evidence points at the page a
    viewer opens (3), not at the printed — 1 —."""
    original = "\n\f".join(
        ["甲省“十四五”建设科技发展规划\n二〇二一年十二月", "目录\n一、发展基础……1"]
        + [
            f"{body}\n— {n} —"
            for n, body in enumerate(["一、发展基础\n取得成效。", "二、目标\n到2025年达到60%。"], 1)
        ]
    )
    normalized = normalize(original)
    begin = original.index("到2025年")
    assert normalized.page_of(begin) == 4
    assert "— 2 —" not in normalized.text


def test_a_sentence_cut_by_a_page_break_is_one() -> None:
    # a page of lines wrapped at one width (30 characters), the last one cut mid-sentence
    paragraph = "推进节能降碳，严格落实能效约束，加快重点领域节能降碳改造升级，" * 7
    wrapped = [paragraph[i : i + 30] for i in range(0, 180, 30)]
    original = pages(
        "（一）推进节能降碳。\n" + "\n".join(wrapped),
        "达到标杆水平的产能比例超过30%。\n（二）加强绿色技术创新。",
        "（三）加强组织领导。",
    )
    text = normalize(original).text
    assert paragraph[150:180] + "达到标杆水平的产能比例超过30%。" in text
    assert "\n（二）加强绿色技术创新。" in text  # a clause label still starts a line


def test_a_marker_cut_by_a_page_break_is_one_and_its_evidence_keeps_the_page_furniture() -> None:
    original = pages(
        "（一）推进节能降碳。严格落实能效约束。（责任单位：市发展改革委、",
        "市经济信息委）\n（二）加强绿色技术创新。（牵头单位：市科技局\n配合单位：市财政局）",
        "（三）加强组织领导。",
    )
    normalized = normalize(original)
    marker = "（责任单位：市发展改革委、市经济信息委）"
    assert marker in normalized.text
    start = normalized.text.index(marker)
    begin, end = normalized.to_original(start, start + len(marker))
    evidence = original[begin:end]
    assert evidence.startswith("（责任单位") and evidence.endswith("）") and "— 1 —" in evidence
    # a parenthesis left open at the end of a line continues on the next
    assert "（牵头单位：市科技局配合单位：市财政局）" in normalized.text


def test_a_page_number_glued_to_a_header_loses_only_the_number() -> None:
    lines = [
        ["—1—福州市人民政府文件", "一、总体要求", "正文一。"],
        ["二、重点任务", "正文二。", "-2-"],
    ]
    assert drop_running_lines(lines) == [
        ["福州市人民政府文件", "一、总体要求", "正文一。"],
        ["二、重点任务", "正文二。"],
    ]


def test_markers_and_sentences_at_page_edges_are_never_running_lines() -> None:
    marker = "（责任单位：市发展改革委）"
    lines = [["一、任务", "正文。", marker], ["二、任务", "正文。", marker], ["三、任务", "正文。", marker]]
    assert drop_running_lines(lines) == lines


def test_running_line_spans_are_offsets_of_the_text() -> None:
    original = pages("正文一。", "正文二。", "正文三。")
    for start, end in running_line_spans(original):
        assert original[start:end] in (HEADER, "— 1 —", "— 2 —", "— 3 —")


def test_glyph_variants_are_read_as_meant_and_offsets_are_kept() -> None:
    original = "各市、自治州人民政府ꎬ省政府各委ꎮ规模达到４０００万千瓦左右ꎻ比重８\U001001b0 ６%。«方案»"
    normalized = normalize(original)
    assert normalized.text == "各市、自治州人民政府，省政府各委。规模达到4000万千瓦左右；比重8.6%。《方案》"
    start = normalized.text.index("8.6")
    begin, end = normalized.to_original(start, start + 3)
    assert original[begin:end] == "８\U001001b0 ６"


def test_document_number_brackets_in_any_variant() -> None:
    for printed in ("市政办发„2022‟91号", "京技管[2021]115号", "川办发（2022）30号", "明银保监规［2022）1号"):
        text = normalize(printed).text
        assert "〔20" in text and "〕" in text and len(text) == len(printed.replace(" ", "")), text
    assert normalize("青政〔２０２１〕３６号").text == "青政〔2021〕36号"
    # a year in brackets that is no 文号 stays as printed
    assert normalize("（2021—2023年）").text == "（2021—2023年）"


@given(
    st.lists(st.text(alphabet="一二三重庆市发布-—0123456789（）。，\n ", max_size=30), min_size=1, max_size=5)
)
def test_normalised_spans_always_map_into_the_original(bodies: list[str]) -> None:
    original = "\n\f".join(bodies)
    normalized = normalize(original)
    for start in range(0, len(normalized.text), 7):
        begin, end = normalized.to_original(start, start + 1)
        assert 0 <= begin <= end <= len(original)


def test_a_page_read_through_a_broken_font_map_is_read_again_by_pdfminer() -> None:
    from pathlib import Path

    from policykg.loaders.readers.pdf import garbled, reread_with_pdfminer

    assert garbled("ǂ认真贯彻落实ћ西ſˏ人民ɶ府2021 ̠ 11月23日ǂ认真贯彻落实ћ西ſˏ人民ɶ府ǂћſˏɶ")
    assert not garbled(
        "西安市人民政府关于印发“十四五”生态环境保护规划的通知（市政发〔2021〕21号）ꎬ８\U001001b0 ６%"
    )
    pdf = Path(__file__).resolve().parents[1] / "data" / "readers" / "qingdao.pdf"
    (text,) = reread_with_pdfminer(pdf.read_bytes(), [0]).values()
    assert "国家碳达峰试点（青岛）实施方案" in text.replace(" ", "")
