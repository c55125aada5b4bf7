"""Clause trees of the seeds, and the grammar that rejects numbers that are not labels."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from policykg.loaders.clauses import ClauseSplitter, chinese_number
from policykg.loaders.normalize import normalize
from policykg.loaders.types import Clause

CORPUS = files("policykg.data") / "corpus"


@cache
def tree(stem: str) -> tuple[str, dict[str, Clause], dict[str, tuple[int, int]]]:
    original = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    text = normalize(original)
    clauses, own = ClauseSplitter().run(text, 0, len(text.text), stem, f"{stem}.txt")
    return original, {clause.path: clause for clause in clauses}, own


def split(raw: str) -> dict[str, Clause]:
    text = normalize(raw)
    clauses, _ = ClauseSplitter().run(text, 0, len(text.text), "t", "t.txt")
    return {clause.path: clause for clause in clauses}


def test_qingdao_tree() -> None:
    original, clauses, _ = tree("004_ce321d0be690c707")
    clause = clauses["二（一）1"]
    assert clause.heading == "实施新能源倍增计划"
    assert clause.id == "004_ce321d0be690c707/二（一）1"
    assert clause.parent == "004_ce321d0be690c707/二（一）"
    assert clause.depth == 3 and clause.label == "1."
    assert clauses["二（一）"].heading == "大力发展新能源"
    assert clauses["二"].heading == "重点任务" and clauses["二"].parent is None
    assert clauses["六（三）"].heading == "做好总结评估"
    assert [path for path in clauses if len(path) == 1] == ["序", "一", "二", "三", "四", "五", "六"]
    assert original[clause.start : clause.end].startswith("1.实施新能源倍增计划。")
    assert original[clause.start : clause.end].endswith("（责任单位：市发展改革委、市海洋发展局）")
    assert clause.text.endswith("分别达到600万千瓦和1000万千瓦。（责任单位：市发展改革委、市海洋发展局）")


def test_clause_slice_normalises_to_the_record_text() -> None:
    original, clauses, _ = tree("004_ce321d0be690c707")
    for path in ("二（一）1", "二（四）2", "六（二）", "三（一）"):
        clause = clauses[path]
        assert normalize(original[clause.start : clause.end]).text == clause.text, path


def test_dalian_and_yantai_trees() -> None:
    _, dalian, _ = tree("000_af030718e515ca0c")
    assert dalian["三（一）"].heading == "建设风光火核储一体化能源示范基地"
    assert dalian["三（二）5"].heading == "推进产业基础设施建设"
    assert dalian["序"].heading == "大连市人民政府关于印发国家碳达峰试点（大连）实施方案的通知"
    assert len(dalian) == 48
    _, yantai, _ = tree("002_4513322e4e7ef2fd")
    assert yantai["三（八）5"].heading == "建设夹河·幸福新城全域绿色低碳发展示范区"
    assert yantai["七（三）"].heading == "加强宣传推广"


def test_heading_run_into_body_is_cut_at_the_lost_space() -> None:
    _, liaoning, _ = tree("001_4d9bdf3ef8200100")
    assert liaoning["四（四）"].heading == "健全市场机制"
    assert liaoning["三（七）"].heading == "强化绿色低碳创新支撑"


def test_own_spans_stop_at_the_first_child() -> None:
    _, clauses, own = tree("004_ce321d0be690c707")
    parent = clauses["二（一）"]
    start, end = own[parent.id]
    assert end - start == len("（一）大力发展新能源")


def test_labels_mid_line_in_one_line_text() -> None:
    raw = (
        "为落实部署，制定本方案。一、总体要求(一)指导思想。坚持1.5倍标准，推广2.0版系统，到2025年完成。"
        "(二)工作原则。坚持统筹。二、重点任务(三)发展产业。1.发展风电。2.发展光伏。"
        "三、组织实施(四)加强领导。"
    )
    clauses = split(raw)
    assert list(clauses) == [
        "序",
        "一",
        "一（一）",
        "一（二）",
        "二",
        "二（三）",
        "二（三）1",
        "二（三）2",
        "三",
        "三（四）",
    ]
    assert clauses["一（一）"].heading == "指导思想"
    assert clauses["二（三）1"].heading == "发展风电"


def test_numbers_in_sentences_are_not_labels() -> None:
    raw = (
        "一、总体要求\n到2025年，能耗下降13.5%，建设1.0版平台，在（1）号线旁建设。\n"
        "（1）第一项；（1）重复的编号不是新条款；（2）第二项。\n二、主要任务\n推进3、4号机组改造。\n"
    )
    clauses = split(raw)
    assert list(clauses) == ["一", "一（1）", "一（2）", "二"]
    assert "重复的编号" in clauses["一（1）"].text


def test_boxes_and_circled_items() -> None:
    raw = (
        "一、重点任务\n（一）发展新能源\n1.发展风电。\n2.发展光伏。\n专栏1 重点工程\n1.海上风电工程。\n"
        "2.光伏工程：①分布式；②集中式。\n（二）发展储能\n"
    )
    clauses = split(raw)
    assert clauses["一（一）专栏1"].parent == "t/一（一）"
    assert clauses["一（一）专栏1"].heading == "重点工程"
    assert clauses["一（一）专栏1.2①"].heading == "分布式"
    assert clauses["一（一）2"].text == "2.发展光伏。"
    assert clauses["一（二）"].parent == "t/一"


def test_ids_are_document_id_and_path() -> None:
    clauses, _ = ClauseSplitter().run(normalize("一、甲\n二、乙\n"), 0, 6, "d", "d.txt")
    assert [c.id for c in clauses] == ["d/一", "d/二"]


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in ("一", "十", "十三", "二十", "三十四", "十十")] == [
        1,
        10,
        13,
        20,
        34,
        None,
    ]
    assert [chinese_number(n) for n in ("一百", "一百零五", "一百二十三", "百")] == [100, 105, 123, None]


def test_chapters_and_articles() -> None:
    raw = (
        "第一章 总则\n第一条 为了推进碳达峰，依据第三条规定，制定本条例。\n第二条 本条例适用于本省。\n"
        "第二章 重点任务\n第三条 发展新能源：（一）风电；（二）光伏。\n"
    )
    clauses = split(raw)
    assert list(clauses) == [
        "第一章",
        "第一章第一条",
        "第一章第二条",
        "第二章",
        "第二章第三条",
        "第二章第三条（一）",
        "第二章第三条（二）",
    ]
    assert clauses["第二章"].heading == "重点任务"


def test_text_starting_part_way_through_a_document() -> None:
    clauses = split(
        "——节约优先。把节约能源资源放在首位。二、主要目标到2025年完成。三、重点任务（一）推进转型。"
    )
    assert list(clauses) == ["序", "二", "三", "三（一）"]
    assert list(split("推进3、4号机组改造。\n到2025年完成5、6项。")) == ["序"]


def test_standard_section_heading_cut_in_one_line_text() -> None:
    clauses = split(
        "一、总体要求(一)指导思想以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"
        "(二)主要目标到2025年，非化石能源消费比重达到20%左右。(三)加强组织领导。各地要落实责任。"
    )
    assert [clauses[p].heading for p in ("一", "一（一）", "一（二）", "一（三）")] == [
        "总体要求",
        "指导思想",
        "主要目标",
        "加强组织领导",
    ]
