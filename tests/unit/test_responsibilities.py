"""Responsibility markers on the real seeds: （责任单位：…）, （X牵头，Y配合）, （…等按职责分工负责）."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pytest
import spacy
from spacy.language import Language

from policykg.loaders.extract import agencies, regions, responsibilities
from policykg.loaders.extract.context import ClauseContext
from policykg.loaders.extract.responsibilities import find_markers, role_of
from policykg.loaders.pipeline import parse
from policykg.loaders.types import ParsedDocument, Responsibility

CORPUS = files("policykg.data") / "corpus"
DALIAN, COMPILATION, QINGDAO = "000_af030718e515ca0c", "003_a895838ed2e4cd84", "004_ce321d0be690c707"


@cache
def nlp(segmenter: str = "char") -> Language:
    return fresh_nlp(segmenter)


def fresh_nlp(segmenter: str = "char") -> Language:
    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    for factory in (regions.FACTORY, agencies.FACTORY, responsibilities.FACTORY):
        pipeline.add_pipe(factory)
    return pipeline


@cache
def documents(stem: str) -> tuple[ParsedDocument, ...]:
    return tuple(d for d in parse([str(CORPUS / f"{stem}.txt")]) if isinstance(d, ParsedDocument))


def responsibilities_of(parsed: ParsedDocument, segmenter: str = "char") -> list[Responsibility]:
    docs = []
    for clause in parsed.clauses:
        start, end = parsed.own_spans[clause.id]
        doc = nlp(segmenter).make_doc(parsed.text.text[start:end])
        doc._.ctx = ClauseContext(parsed.document, clause, parsed.text, start)
        docs.append(doc)
    return [r for doc in nlp(segmenter).pipe(docs) for r in responsibilities.records_for(doc)]


def by_path(parsed: ParsedDocument, records: list[Responsibility]) -> dict[str, list[Responsibility]]:
    paths = {clause.id: clause.path for clause in parsed.clauses}
    grouped: dict[str, list[Responsibility]] = {}
    for record in records:
        grouped.setdefault(paths[record.clause], []).append(record)
    return grouped


def test_qingdao_renewable_capacity_clause_has_its_two_responsible_agencies() -> None:
    (parsed,) = documents(QINGDAO)
    records = responsibilities_of(parsed, segmenter="jieba")  # spans survive jieba's tokens
    clause = by_path(parsed, records)["二（一）1"]
    assert [(r.agency_text, r.agency, r.role) for r in clause] == [
        ("市发展改革委", "agency:青岛市发展和改革委员会", "responsible"),
        ("市海洋发展局", "agency:青岛市海洋发展局", "responsible"),
    ]
    original = (CORPUS / f"{QINGDAO}.txt").read_text(encoding="utf-8")
    assert all(original[r.start : r.end] == r.agency_text for r in clause)


def test_qingdao_markers_broken_across_pdf_lines_are_read_whole() -> None:
    (parsed,) = documents(QINGDAO)
    records = responsibilities_of(parsed)
    assert len(records) == 116  # every agency of all 34 markers
    original = (CORPUS / f"{QINGDAO}.txt").read_text(encoding="utf-8")
    wrapped = [r for r in records if original[r.start : r.end] != r.agency_text]
    assert wrapped and all(
        original[r.start : r.end].replace("\n", "").replace(" ", "") == r.agency_text for r in wrapped
    )


def test_dalian_lead_support_and_responsible() -> None:
    (parsed,) = documents(DALIAN)
    grouped = by_path(parsed, responsibilities_of(parsed))
    roles = {(r.agency_text, r.role) for records in grouped.values() for r in records}
    # （责任单位：市发展改革委牵头负责，各区市县人民政府、先导区管委会）: listed after a lead, no cue
    assert ("市发展改革委", "lead") in roles
    assert ("各区市县人民政府", "support") in roles
    assert ("先导区管委会", "support") in roles
    # （责任单位：…领导小组办公室牵头，各区市县两级政府和先导区管委会、各有关部门按职责分工负责）:
    # their own 负责 cue after the lead (the generic 各有关部门 drops out, its cue holds)
    five = {(r.agency_text, r.role) for r in grouped["五（一）"]}
    assert ("各区市县两级政府", "responsible") in five and ("先导区管委会", "responsible") in five
    assert ("国网大连供电公司", "responsible") in roles  # an enterprise in an undifferentiated list
    assert not any(r.agency_text == "各有关部门" for records in grouped.values() for r in records)


def test_province_plan_markers_in_the_compilation() -> None:
    jiangsu = next(d for d in documents(COMPILATION) if d.document.title == "江苏省碳达峰实施方案")
    grouped = by_path(jiangsu, responsibilities_of(jiangsu))
    # （省发展改革委牵头，省科技厅、省工业和信息化厅等部门按职责分工负责）
    clause = grouped["三（二）1"]
    assert [(r.agency_text, r.role) for r in clause] == [
        ("省发展改革委", "lead"),
        ("省科技厅", "responsible"),  # their own 按职责分工负责 after the lead
        ("省工业和信息化厅", "responsible"),
    ]
    assert clause[0].agency == "agency:江苏省发展和改革委员会"
    # （省自然资源厅、…、省林业局等部门按职责分工负责）: an unlabelled list, every one responsible
    assert [r.agency_text for r in grouped["三（一）2"]] == [
        "省自然资源厅",
        "省生态环境厅",
        "省水利厅",
        "省农业农村厅",
        "省林业局",
    ]


def test_ministry_plan_lists_ministries_the_same_way() -> None:
    plan = next(d for d in documents(COMPILATION) if d.document.title == "减污降碳协同增效实施方案")
    records = responsibilities_of(plan)
    assert {"生态环境部", "国家发展改革委", "工业和信息化部"} <= {r.agency_text for r in records}
    ndrc = next(r for r in records if r.agency_text == "国家发展改革委")
    assert ndrc.agency == "agency:国家发展和改革委员会"


def test_marker_forms() -> None:
    labelled = find_markers(
        "推进试点。（牵头单位：市发展改革委、市工业和信息化局；配合单位：市科技局、市财政局）"
    )
    assert [(i.text, i.role) for i in labelled[0].items] == [
        ("市发展改革委", "lead"),
        ("市工业和信息化局", "lead"),
        ("市科技局", "support"),
        ("市财政局", "support"),
    ]
    led = find_markers("(工业和信息化部、国家发展改革委牵头,各有关部门参加)")
    assert [(i.text, i.role) for i in led[0].items] == [
        ("工业和信息化部", "lead"),
        ("国家发展改革委", "lead"),
    ]  # 各有关部门 is generic
    noted = find_markers("(责任单位:市发改委、市经信局、市生态环境局。排在第一位的为牵头单位,下同)")
    assert noted[0].lead_first and noted[0].lead_first_follows
    assert [i.text for i in noted[0].items] == ["市发改委", "市经信局", "市生态环境局"]
    supported = find_markers("（市发展改革委牵头，市财政局配合，市金融办支持；各区县政府负责落实）")
    assert [(i.text, i.role) for i in supported[0].items] == [
        ("市发展改革委", "lead"),
        ("市财政局", "support"),
        ("市金融办", "support"),
        ("各区县政府", "responsible"),
    ]
    bracketed = find_markers("［责任单位：省能源局、省发展改革委］")
    assert [(i.text, i.role) for i in bracketed[0].items] == [("省能源局", None), ("省发展改革委", None)]


def test_markers_broken_by_footers_and_notes() -> None:
    (marker,) = find_markers("(责任单位:市发展改革委、市人力第431页社保局)")
    assert [i.text for i in marker.items] == ["市发展改革委", "市人力社保局"]
    (marker,) = find_markers(
        "(省能源局、省发展改革委按职责分工负责,各市、县级政府负责落实。以下均需各市、县级政府落实,不再列出)"
    )
    assert [i.text for i in marker.items] == ["省能源局", "省发展改革委", "各市、县级政府"]  # one collective
    # A close bracket without its open (a typo in the source) still closes a marker.
    (marker,) = find_markers(
        "推进建设。省住房城乡建设厅牵头,省发展改革委(省能源局)、省自然资源厅等部门按职责分工负责)"
    )
    # the bracketed bureau under a body is a body of its own (省发展改革委(省能源局))
    assert [i.text for i in marker.items] == ["省住房城乡建设厅", "省发展改革委", "省能源局", "省自然资源厅"]


def test_parentheses_that_are_not_markers() -> None:
    assert find_markers("平板玻璃(不含光伏玻璃)、炼油等行业（2021—2025年），各部门要负责任地推进") == []
    assert find_markers("（由企业自行负责）") == []


def test_lead_first_note_holds_for_the_markers_after_it() -> None:
    (parsed,) = documents(QINGDAO)
    clauses = parsed.clauses[:2]
    texts = [
        "甲。(责任单位:市发改委、市经信局。排在第一位的为牵头单位,下同)",
        "乙。(责任单位:市经信局、市发改委)",
    ]
    pipeline = fresh_nlp()  # the note is remembered per document by the component
    docs = []
    for clause, text in zip(clauses, texts):
        doc = pipeline.make_doc(text)
        doc._.ctx = ClauseContext(parsed.document, clause, parsed.text, 0)
        docs.append(doc)
    roles = [[(s.text, s._.role) for s in doc.spans["responsibilities"]] for doc in pipeline.pipe(docs)]
    assert roles == [
        [("市发改委", "lead"), ("市经信局", "support")],
        [("市经信局", "lead"), ("市发改委", "support")],
    ]


def test_marker_items_are_agencies_by_position() -> None:
    # Yantai plan: bodies without an agency ending, listed in a labelled marker.
    (port,) = find_markers("（责任单位：市交通运输局、市发展改革委、山东港口烟台港等，有关区市政府、管委）")
    assert [i.text for i in port.items][:3] == ["市交通运输局", "市发展改革委", "山东港口烟台港"]
    (airport,) = find_markers("（责任单位：市交通运输局、市发展改革委、烟台国际机场等，各区市政府、管委）")
    assert "烟台国际机场" in [i.text for i in airport.items]
    (science,) = find_markers(
        "（责任单位：市发展改革委、市工业和信息化局、市商务局、市外办、市投资促进中心、市科协、"
        "市生态环境局等，有关区市政府、管委）"
    )
    assert "市科协" in [i.text for i in science.items]
    # …but a parenthesis is still only a marker when it reads as one
    assert find_markers("（由企业自行负责）") == []


@pytest.mark.parametrize(
    "marker, kept",
    [
        ("（责任单位：区政府各有关部门）", []),  # compilation
        (
            "（省能源安全暨碳达峰碳中和工作领导小组办公室及中省直有关部门按职责分工负责）",
            ["省能源安全暨碳达峰碳中和工作领导小组办公室"],
        ),  # compilation (Jilin)
        ("（责任单位：市发展改革委、各地区相关部门）", ["市发展改革委"]),
        ("（牵头单位：市发展改革委；配合单位：市碳达峰碳中和工作领导小组各成员单位）", ["市发展改革委"]),
        ("（责任单位：市科技局、有关单位、各成员单位）", ["市科技局"]),
        (
            "（责任单位：市工业和信息化局、有关国有企业、各区市县人民政府）",
            ["市工业和信息化局", "各区市县人民政府"],
        ),
    ],
)
def test_generic_phrases_are_no_agencies(marker: str, kept: list[str]) -> None:
    found = find_markers(marker)
    assert [i.text for m in found for i in m.items] == kept


def test_generic_phrase_grammar() -> None:
    from policykg.loaders.extract.marker_items import is_generic

    assert all(
        is_generic(t)
        for t in ("各有关部门", "各地区相关部门", "有关单位", "各成员单位", "省有关部门", "市直相关部门")
    )
    assert not any(
        is_generic(t)
        for t in ("各区市县人民政府", "有关区市县人民政府", "市发展改革委", "各盟市能源主管部门")
    )


def test_a_responsible_field_beside_a_lead_field_is_its_own_cue() -> None:
    (marker,) = find_markers("（牵头单位：市发展改革委；责任单位：市经信局、市住建局）")
    roles = [role_of(i, False, True, True) for i in marker.items]
    assert roles == ["lead", "responsible", "responsible"]
    # within one 责任单位 list, bodies after a 牵头 one without a cue of their own support it
    (marker,) = find_markers("（责任单位：市发展改革委牵头，各区市县人民政府）")
    assert [role_of(i, False, True, False) for i in marker.items] == ["lead", "support"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进试点。以上任务由市发展改革委牵头负责。", [("市发展改革委", "lead")]),
        ("推进试点。各区政府负责落实。", [("各区政府", "responsible")]),
        ("第五条 市生态环境局负责碳排放权交易的监督管理工作。", []),  # a duty stated in the text
        ("省发展改革委要加强统筹协调。", []),  # the body as actor, no assignment
    ],
)
def test_sentences_that_only_assign_the_task(text: str, expected: list[tuple[str, str]]) -> None:
    markers = find_markers(text)
    assert [(i.text, i.role) for m in markers for i in m.items] == expected


def test_nested_bodies_and_places_that_share_a_government() -> None:
    (nested,) = find_markers(
        "推进改造。（责任单位：市经信局、市生态环境局，各区人民政府〈含开发区、风景区管委会，下同〉）"
    )
    assert [i.text for i in nested.items] == [
        "市经信局",
        "市生态环境局",
        "各区人民政府",
        "开发区管委会",
        "风景区管委会",
    ]
    assert {i.role for i in nested.items} == {None}  # an undifferentiated list: responsible
    (shared,) = find_markers(
        "推进改造。（责任单位：市发改委、市经信局，武昌区、青山区、蔡甸区人民政府，武汉经开区管委会）"
    )
    assert [i.text for i in shared.items] == [
        "市发改委",
        "市经信局",
        "武昌区人民政府",
        "青山区人民政府",
        "蔡甸区人民政府",
        "武汉经开区管委会",
    ]
    for item in shared.items[2:4]:  # each place's own span is its evidence
        assert item.text.startswith(
            "推进改造。（责任单位：市发改委、市经信局，武昌区、青山区、蔡甸区人民政府"[item.start : item.end]
        )


def _items(text: str) -> list[list[tuple[str, str | None]]]:
    return [[(item.text, item.role) for item in marker.items] for marker in find_markers(text)]


def test_label_lines_without_brackets_are_one_marker() -> None:
    text = (
        "完成植树造林90万亩。\n牵头单位：市林业局\n责任单位：各县（市、区）人民政府\n2.实施森林增质固碳工程。"
    )
    ((lead, counties),) = _items(text)
    assert lead == ("市林业局", "lead")
    assert counties[0] == "各县（市、区）人民政府"
    (line,) = _items("破解问题。\n责任单位：市工信局，各县（市）区政府、高新区管委会\n（三）绩效考核。")
    assert [name for name, _ in line] == ["市工信局", "各县（市）区政府", "高新区管委会"]
    # a label inside running prose opens no line of its own
    assert _items("加强领导，明确牵头单位：各地要落实。") == []


def test_a_cue_of_duty_makes_every_listed_item_a_body() -> None:
    (marker,) = _items("建设港口。（市交通运输局〔市铁路办〕、市发展改革委，北海火车站按职责分工负责）")
    assert [name for name, _ in marker] == ["市交通运输局", "市铁路办", "市发展改革委", "北海火车站"]
    assert {role for _, role in marker} == {"responsible"}
    (guided,) = _items(
        "开展创建。（市住房城乡建设委、市发展改革委按照职责分工指导推动，各区人民政府组织实施）"
    )
    assert [name for name, _ in guided] == ["市住房城乡建设委", "市发展改革委", "各区人民政府"]
    # prose with the cue but no body first is no marker
    assert _items("（上述工作按职责分工负责）") == []


def test_a_task_tables_column_of_bodies() -> None:
    tasks = (
        "附件：重点任务分工方案\n重点任务牵头单位\n一、推\n进生产\n1\n开展原材料行业动态核\n查，引导行业规范发展\n"
        "市工信局\n2\n推进清洁生产\n市生态环境局、市工信局\n"
    )
    assert _items(tasks) == [[("市工信局", "lead")], [("市生态环境局", "lead"), ("市工信局", "lead")]]
    cities = (
        "表2 断面清单\n序号断面名称所在水体2020年水质现\n状\n2025年水质目\n标\n责任城市\n"
        "1大洋港桥通吕运河Ⅲ Ⅲ南通市\n2四队桥车轴河Ⅲ Ⅲ连云港市\n注：数据来源于监测。\n3某河Ⅲ Ⅲ盐城市\n"
    )
    assert [[name for name, _ in marker] for marker in _items(cities)] == [["南通市"], ["连云港市"]]
    # prose that mentions a 牵头单位 holds no column
    assert _items("各地要明确牵头单位\n加强统筹协调，推进各项工作落实。\n") == []


def test_fields_notes_and_nested_bodies_of_label_lines() -> None:
    noted = (
        "2.制定能源方案。\n责任单位：市发展改革委、市应急局、国家电网甲市供电公司（排在第一为牵头单位，下同）\n"
        "完成时限：2022年2月底前\n3.制定工业方案。\n责任单位：市经信局、市林业局完成时限：2022年2月底前\n"
    )
    first, second = find_markers(noted)
    assert [i.text for i in first.items] == ["市发展改革委", "市应急局", "国家电网甲市供电公司"]
    assert (first.lead_first, first.lead_first_follows) == (True, True)
    assert [i.text for i in second.items] == ["市经信局", "市林业局"]  # 完成时限 is no body
    (division,) = _items("修订办法。（责任处室：气候处、海洋处，完成期限：7月底）")
    assert [name for name, _ in division] == ["气候处", "海洋处"]
    (nested,) = _items("（责任单位：各市（含定州、辛集市）政府，省发展改革委）")
    assert [name for name, _ in nested] == ["各市政府", "定州", "辛集市", "省发展改革委"]


def test_a_sentence_that_assigns_lead_and_support() -> None:
    (marker,) = _items("开展试点建设。由市生态环境局、市发展改革委负责，市工业和信息化局、市教育局配合。")
    assert marker == [
        ("市生态环境局", "responsible"),
        ("市发展改革委", "responsible"),
        ("市工业和信息化局", "support"),
        ("市教育局", "support"),
    ]
    assert _items("市发展改革委要加强统筹，市教育局配合。") == []  # no assigning verb before the comma


def test_a_run_of_place_classes_shares_the_government_after_it() -> None:
    (marker,) = find_markers(
        "推进国土绿化。（省自然资源厅牵头，省林业局、省水利厅等按职责分工负责，市州、县市区人民政府负责落实。"
        "以下均需市州、县市区人民政府落实，不再列出）"
    )
    assert [(i.text, i.role) for i in marker.items] == [
        ("省自然资源厅", "lead"),
        ("省林业局", "responsible"),
        ("省水利厅", "responsible"),
        ("市州、县市区人民政府", "responsible"),
    ]
    # 各区市县 names all of them: a body of its own, not a prefix of the next item
    (collective,) = find_markers("推进试点。（责任单位：市发展改革委，各区市县、先导区管委会）")
    assert [i.text for i in collective.items] == ["市发展改革委", "各区市县", "先导区管委会"]


def test_a_task_carried_out_by_bodies_joined_by_huitong() -> None:
    markers = find_markers(
        "六、组织实施\n各有关部门按照职能分工抓好重点任务落实。\n其中，园区循环化发展工程由国家发展改革委会同工业和信息化部等部门组织实施。"
        "塑料污染治理专项行动由国家发展改革委、生态环境部会同商务部、供销合作总社等部门组织实施。"
        "再制造产业发展行动由工业和信息化部会同有关部门组织实施。"
    )
    assert [[(i.text, i.role) for i in m.items] for m in markers] == [
        [("国家发展改革委", "lead"), ("工业和信息化部", "support")],
        [
            ("国家发展改革委", "lead"),
            ("生态环境部", "lead"),
            ("商务部", "support"),
            ("供销合作总社", "support"),
        ],
        [("工业和信息化部", "lead")],  # 有关部门 is generic
    ]
    # a duty stated in the text is no assignment
    assert find_markers("国家发展改革委加强统筹协调和监督管理，切实推进本规划实施。") == []


def test_the_members_of_a_named_body_are_one_collective_body() -> None:
    """省绿化委员会成员单位 is a body (the members of a named committee); 各成员单位 alone names
    no one. ASCII brackets close a marker as full-width ones do."""
    (named,) = find_markers("加强组织领导。(省绿化委员会成员单位按职责分工负责)")
    assert [(i.text, i.role) for i in named.items] == [("省绿化委员会成员单位", "responsible")]
    (mixed,) = find_markers("加强组织领导。（市发展改革委、各成员单位按职责分工负责）")
    assert [i.text for i in mixed.items] == ["市发展改革委"]


def test_a_collective_of_places_alone_with_its_note_and_after_a_group() -> None:
    def items(marker: str) -> list[str]:
        return [i.text for m in find_markers(marker) for i in m.items]

    assert items("（责任单位：市机关事务局、各区〈新区、合作区〉）") == [
        "市机关事务局",
        "各区",
        "新区",
        "合作区",
    ]
    assert items("（市发展改革委、各市按职责分工负责）") == ["市发展改革委", "各市"]
    assert items("（省直各有关部门和各市、沈抚示范区按职责分工负责）") == ["各市", "沈抚示范区"]
    assert items("（责任单位：各区、市政府）") == ["各区、市政府"]  # 各区 shares 政府 with 市
    assert items("（责任单位：市、区机管局）") == ["市、区机管局"]
    assert items("（各有关部门和单位按职责分工负责）") == []


def test_a_sentence_that_hands_the_work_to_a_lead_and_its_helpers() -> None:
    led = find_markers(
        "试点建设工作在市领导小组的指导下，由市生态环境局会同市发展改革委统筹协调实施，"
        "市工业和信息化局、住房建设局等有关部门协同推进。"
    )
    assert [(i.text, i.role) for m in led for i in m.items] == [
        ("市生态环境局", "lead"),
        ("市发展改革委", "support"),
        ("市工业和信息化局", "support"),
        ("住房建设局", "support"),
    ]
    own = find_markers("本方案由市发展改革委牵头组织实施。")
    assert [i.text for m in own for i in m.items] == ["市发展改革委"]  # not 本方案由市发展改革委
    assert find_markers("全市碳达峰工作在领导小组领导下，由市发展改革委负责日常工作。") == []
