"""Targets: the grammar on sentences of the corpus, and the real seeds end to end."""

from __future__ import annotations

import pytest

from policykg.loaders.extract.numbers import chinese_to_int, five_year_plan_end, parse_number
from policykg.loaders.extract.pipeline import Extractor, extract_text
from policykg.loaders.extract.target_grammar import TargetFields
from policykg.loaders.pipeline import parse_source
from policykg.loaders.types import ParsedDocument, SourceText
from policykg.loaders.types import Target as TargetRecord


def _parsed_document(text: str) -> ParsedDocument:
    """A plain-text document through the whole loader (clauses, tables, metadata)."""
    source = SourceText(
        source="t.txt", path="t.txt", text=text, encoding="utf-8", sha256="0", media_type="text/plain"
    )
    (parsed,) = [p for p in parse_source(source) if isinstance(p, ParsedDocument)]
    return parsed


def _document_targets(parsed: ParsedDocument) -> list[TargetRecord]:
    return [r for r in Extractor().run(parsed) if isinstance(r, TargetRecord)]


def only(text: str) -> TargetFields:
    found = extract_text(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("二十三", 23),
        ("一百", 100),
        ("两千三百", 2300),
        ("一万二千", 12000),
        ("三亿", 300_000_000),
        ("二〇二五", 2025),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


def test_numbers_and_plans() -> None:
    assert parse_number("13.5") == 13.5
    assert parse_number("两") == 2.0
    assert five_year_plan_end("“十四五”期间") == 2025
    assert five_year_plan_end("十五五") == 2030
    assert five_year_plan_end("十四") is None


def test_two_years_two_values_respectively() -> None:
    # Qingdao 二（一）1, as the PDF wrapped it.
    found = extract_text("到 2025 年和 2030 年，可再生能源装机容量分别达到 600 万千\n瓦和 1000 万千瓦。")
    assert [(t.year, t.value, t.unit) for t in found] == [(2025, 600.0, "万千瓦"), (2030, 1000.0, "万千瓦")]
    assert {t.metric for t in found} == {"可再生能源装机容量"}
    assert all(t.unit_normalised == "千瓦" and t.multiplier == 1e4 for t in found)


def test_several_metrics_share_the_year() -> None:
    found = extract_text("到2025年，非化石能源消费比重达到18%，林木覆盖率达到24.1%。")
    assert [(t.metric, t.year, t.value) for t in found] == [
        ("非化石能源消费比重", 2025, 18.0),
        ("林木覆盖率", 2025, 24.1),
    ]


def test_decrease_with_base_year() -> None:
    target = only("到2025年，单位地区生产总值能耗比2020年下降13.5%。")
    assert (target.metric, target.direction, target.base_year, target.comparator) == (
        "单位地区生产总值能耗",
        "decrease",
        2020,
        "eq",
    )


def test_base_year_set_earlier_in_the_sentence() -> None:
    found = extract_text(
        "到2025年，用能结构持续优化；以2020年数据为基数，单位建筑面积能耗下降5%、人均综合能耗下降6%。"
    )
    assert [(t.year, t.value, t.base_year, t.direction) for t in found] == [
        (2025, 5.0, 2020, "decrease"),
        (2025, 6.0, 2020, "decrease"),
    ]


def test_raise_to_is_a_level() -> None:
    target = only("到2025年，铝水直接合金化比例提高到90%以上。")
    assert (target.direction, target.comparator) == ("level", "ge")


@pytest.mark.parametrize(
    "text, comparator",
    [
        ("到2025年，快充站覆盖率不低于80%。", "ge"),
        ("到2025年，绿色出行比例超过70%。", "gt"),
        ("到2025年，城市公共供水管网漏损率控制在9%以内。", "le"),
        ("到2030年，建筑垃圾排放量不高于300吨/万平方米。", "le"),
        ("到2030年，风电装机容量达到6000万千瓦左右。", "approx"),
        ("到2025年，培育1-2个智能建造产业基地。", "range"),
    ],
)
def test_comparators(text: str, comparator: str) -> None:
    assert only(text).comparator == comparator


def test_range_values() -> None:
    target = only("到2025年，可再生能源占比达到15%—20%。")
    assert (target.value, target.value_max, target.comparator) == (15.0, 20.0, "range")


def test_five_year_plan_and_annual() -> None:
    plan = only("“十四五”期间，集装箱铁水联运量年均增长15%以上。")
    assert (plan.year, plan.period, plan.direction, plan.metric) == (
        2025,
        "annual",
        "increase",
        "集装箱铁水联运量",
    )
    annual = only("强化企业技术改造提升，每年滚动推进500个以上技改项目建设。")
    assert (annual.year, annual.period, annual.value, annual.unit) == (None, "annual", 500.0, "个")
    assert only("“十五五”期间，新建居住建筑执行超低能耗建筑标准的比例达到50%。").year == 2030


def test_chinese_numeral_quantity() -> None:
    target = only("到2025年，国家级示范区达到十二个。")
    assert (target.value, target.unit) == (12.0, "个")
    assert extract_text("推动核电项目一期两台机组2025年前开工建设。") == []  # a count, not a level


def test_large_units() -> None:
    target = only("到2030年，节能环保产业主营业务收入力争达1.4万亿元。")
    assert (target.unit, target.unit_normalised, target.multiplier) == ("万亿元", "元", 1e12)


@pytest.mark.parametrize(
    "text",
    [
        "到2025年，打造百万千瓦级海上新能源基地。",  # an adjective
        "到2025年，建成岛城500千伏、正阳500千伏等骨干电网项目。",  # voltages
        "对30万千瓦及以上煤电机组实施对标行动。",  # a size class, no year
        "到2025年，对30万千瓦及以上煤电机组实施改造。",  # a size class even with a year
        "新能源汽车保有量已达603万辆。",  # a result (已)
        "截至2021年9月30日，全国碳市场累计成交量约1765万吨。",  # a result date in a 2021 text
        "中国累计建成超过2600万千瓦光伏扶贫电站。",  # a running total with no year
        "将年综合能耗超过1万吨标准煤的数据中心全部纳入监测。",  # a threshold that names a class
        "到2025年，有序推进单机容量30万千瓦以下煤电机组关停整合。",  # a class of plants
        "新建公共建筑执行72.5%的节能设计标准。",  # a standard's name
        "推动实施第一批5个领域改造项目计划。",  # 第一批: the plan's own structure
        "供热半径15公里范围内的燃煤锅炉。",  # an extent, no goal
        "到2025年，城镇居住建筑全面执行75%节能标准。",  # names a standard
        "为落实国务院《2030年前碳达峰行动方案》（国发〔2021〕23号）有关部署。",  # titles, numbers
        "第一，到2025年，一次能源消费结构持续优化。",  # ordinals, 一次 is not a count
        "“十三五”期间，全省单位生产总值能耗下降16%。",  # a past period reports a result
        "到2030年，鼓励开展余热发电等能源二次利用。",  # 二次 is "secondary"
        "根据年度绩效评价给予每家每年最高200万元补助。",  # a subsidy rule
        "截至2020年底，全市建筑面积达到3141万平方米。",  # a past year
        "到2025年，目前我国发电行业排放量占全国比重超过40%。",  # the present (目前)
        "到2025年，若企业消耗的能源70%以上来自自备电厂，按自备电厂核算。",  # a condition
        "单个项目支持金额原则上不超过5000万元。",  # a funding rule
    ],
)
def test_not_targets(text: str) -> None:
    assert extract_text(text) == []


def test_footer_inside_a_sentence() -> None:
    target = only("到2030年，可再生能源发电总装机容量达到第343页9000万千瓦以上。")
    assert (target.year, target.value, target.unit) == (2030, 9000.0, "万千瓦")


def test_offsets_point_at_the_quantity() -> None:
    text = "到2025年，全市港口岸电设施覆盖率达到 100%。"
    target = only(text)
    assert text[target.value_start : target.value_end] == "100%"
    assert text[target.start : target.end].startswith("全市港口岸电设施覆盖率")


def test_year_opening_a_sentence_heads_the_next() -> None:
    found = extract_text(
        "到2025年，初步形成绿色低碳循环发展的经济体系。非化石能源消费比重达到8%以上；"
        "森林蓄积量达到1467万立方米。到2030年，碳排放达峰。"
    )
    assert [(t.year, t.value, t.unit) for t in found] == [(2025, 8.0, "%"), (2025, 1467.0, "万立方米")]


def test_base_year_after_the_year() -> None:
    target = only("到2025年，在2020年的基础上单位建筑面积能耗下降5%。")
    assert (target.year, target.base_year, target.direction) == (2025, 2020, "decrease")


def test_metric_carries_to_a_later_year() -> None:
    found = extract_text("到2025年，光伏装机容量力争达到400万千瓦；到2030年，力争达到700万千瓦。")
    assert [(t.year, t.value, t.metric) for t in found] == [
        (2025, 400.0, "光伏装机容量"),
        (2030, 700.0, "光伏装机容量"),
    ]


# ---------------------------------------------------------------- value lists, shares, implied 1
def test_three_values_respectively_pair_with_three_metrics() -> None:
    # The shape of a list after 分别 (Hainan-style: three metrics, three values, 、 and 和).
    found = extract_text(
        "到2025年，单位地区生产总值能耗、单位地区生产总值二氧化碳排放、单位工业增加值能耗"
        "分别较2020年降低15%、18%和16%。"
    )
    assert [(t.metric, t.value, t.direction, t.base_year) for t in found] == [
        ("单位地区生产总值能耗", 15.0, "decrease", 2020),
        ("单位地区生产总值二氧化碳排放", 18.0, "decrease", 2020),
        ("单位工业增加值能耗", 16.0, "decrease", 2020),
    ]


def test_list_items_share_the_head_noun_of_the_last() -> None:
    # Compilation: 到2025年光伏、风电和生物质发电装机容量分别达3100万千瓦、1080万千瓦、60万千瓦
    found = extract_text(
        "到2025年光伏、风电和生物质发电装机容量分别达3100万千瓦、1080万千瓦、60万千瓦，"
        "浅层地热能利用面积达到2500万平方米。"
    )
    assert [(t.metric, t.value) for t in found] == [
        ("光伏装机容量", 3100.0),
        ("风电装机容量", 1080.0),
        ("生物质发电装机容量", 60.0),
        ("浅层地热能利用面积", 2500.0),
    ]
    # Compilation: 旅游业、现代服务业、高新技术产业增加值占地区生产总值的比重分别达到12%、35%、15%
    found = extract_text(
        "到2025年，旅游业、现代服务业、高新技术产业增加值占地区生产总值的比重分别达到12%、35%、15%。"
    )
    assert [t.metric for t in found] == [
        "旅游业增加值占地区生产总值的比重",
        "现代服务业增加值占地区生产总值的比重",
        "高新技术产业增加值占地区生产总值的比重",
    ]


def test_a_suffix_after_the_last_value_holds_for_the_list() -> None:
    # Compilation: 锂电材料、光纤行业非电能源占比分别在7%、2%以下
    found = extract_text(
        "到2025年，连续拉晶技术应用范围95%以上，锂电材料、光纤行业非电能源占比分别在7%、2%以下。"
    )
    assert [(t.metric, t.value, t.comparator) for t in found] == [
        ("连续拉晶技术应用范围", 95.0, "ge"),
        ("锂电材料非电能源占比", 7.0, "le"),
        ("光纤行业非电能源占比", 2.0, "le"),
    ]
    # …but not across 或: 达到70%或比2020年提高5个百分点以上 keeps 70% as eq
    found = extract_text("到2025年底，城市生活污水集中收集率达到70%或比2020年提高5个百分点以上。")
    assert (found[0].value, found[0].comparator) == (70.0, "eq")


@pytest.mark.parametrize(
    "text, metric",
    [
        ("到2030年，城区和县城100%实现清洁取暖。", "城区和县城清洁取暖"),  # compilation (Hunan)
        ("到2025年，全市清洁取暖率实现100%。", "清洁取暖率"),  # 全市 is the scope word
    ],
)
def test_percent_with_shixian_is_a_target(text: str, metric: str) -> None:
    target = only(text)
    assert (target.value, target.unit, target.metric) == (100.0, "%", metric)


def test_percent_naming_a_standard_stays_out() -> None:
    assert extract_text("到2025年，城镇居住建筑全面执行75%节能标准。") == []


def test_bare_magnitude_with_a_counter_is_an_implied_one() -> None:
    # Compilation (ministry plan): 开发推广万种绿色低碳产品; the campaign name 百项…行动 is no goal.
    target = only("到2025年，开发推广万种绿色低碳产品。")
    assert (target.value, target.unit, target.unit_normalised, target.multiplier) == (1.0, "万种", "种", 1e4)
    assert extract_text("到2025年，开展百项节能降碳标准提升行动。") == []
    assert extract_text("到2025年，组织实施“氢进万家”科技示范工程。") == []


def test_a_count_qualifying_a_later_level_is_no_target() -> None:
    # Compilation: 废钢铁…废玻璃等9种主要再生资源循环利用量达到4.5亿吨
    found = extract_text("到2025年，废钢铁、废铜、废铝、废玻璃等9种主要再生资源循环利用量达到4.5亿吨。")
    assert [(t.value, t.unit) for t in found] == [(4.5, "亿吨")]


@pytest.mark.parametrize(
    "text, value, unit, direction, base_year",
    [
        ("到2025年，全省内河集装箱运量比2020年翻一番。", 2.0, "倍", "level", 2020),  # Jiangsu 三（六）1
        ("到2025年，信用类绿色债券和绿色金融债发行规模较2020年翻两番。", 4.0, "倍", "level", 2020),
        ("到2025年，风电和光伏发电量较2020年实现翻倍。", 2.0, "倍", "level", 2020),
        ("到2025年，外受电中绿电比重达到三分之一。", 100 / 3, "%", "level", None),
        ("到2030年，单位GDP能耗比2020年下降1/3。", 100 / 3, "%", "decrease", 2020),
        ("到2030年，煤炭消费量比2020年减少一半。", 50.0, "%", "decrease", 2020),
    ],
)
def test_shares_and_doublings(
    text: str, value: float, unit: str, direction: str, base_year: int | None
) -> None:
    target = only(text)
    assert (target.value, target.unit, target.direction, target.base_year) == (
        value,
        unit,
        direction,
        base_year,
    )


def test_dates_and_urls_are_no_shares() -> None:
    assert extract_text("到2025年，见http://www.gov.cn/2022/3/1/art_1229.html。") == []


def test_metric_keeps_zaisheng_and_broken_ratios_stay_out() -> None:
    # Compilation (Guangxi): 再生有色金属产量占比提高至70%
    assert only("到2025年，再生有色金属产量占比提高至70%。").metric == "再生有色金属产量占比"
    # a table's ratio broken by layout (…加快向轻型化9.5千克标准煤/重/吨)
    assert extract_text("到2025年，加快向轻型化9.5千克标准煤/重/吨。") == []


def test_a_proportion_a_to_b_reads_as_a_over_b() -> None:
    target = only("到2025年，全市公共充电桩与电动汽车比例不低于1：4。")
    assert (target.value, target.unit, target.metric) == (0.25, None, "公共充电桩与电动汽车比例")
    assert only("到2025年，车桩比达到3:1。").value == 3.0
    assert extract_text("到2025年，比例达到3。") == []  # a bare number after 比例 is no proportion
    assert [t.value for t in extract_text("8:30开会。到2025年，森林覆盖率达到30%。")] == [30.0]


def test_ratio_with_a_phrase_denominator() -> None:
    # Compilation (transport plan): 国家铁路单位运输工作量综合能耗…7吨标准煤/百万换算吨公里
    target = only("到2025年，国家铁路单位运输工作量综合能耗下降到7吨标准煤/百万换算吨公里。")
    assert (target.value, target.unit, target.metric) == (
        7.0,
        "吨标准煤/百万换算吨公里",
        "国家铁路单位运输工作量综合能耗",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no year in force: a goal when a comparator or a verb of building states it
        ("新增跨省跨区通道可再生能源电量比例不低于50%。", [(50.0, None, "%", "ge")]),
        ("建立12个森林碳汇发展片区。", [(12.0, None, "个", "eq")]),
        ("全年计划完成营造林175.5万亩。", [(175.5, None, "万亩", "eq")]),
        ("全年森林火灾受害率控制在0.9‰以内。", [(0.9, None, "‰", "le")]),
        ("打造2-3个省级和1-2个国家级绿色数据中心。", [(2.0, 3.0, "个", "range"), (1.0, 2.0, "个", "range")]),
        ("每年推动200万平方米以上的既有居住建筑节能改造。", [(200.0, None, "万平方米", "ge")]),
        ("储备能力达到20天。", [(20.0, None, "天", "eq")]),
    ],
)
def test_targets_with_no_year(text: str, expected: list[tuple[float, float | None, str, str]]) -> None:
    found = extract_text(text)
    assert [(t.value, t.value_max, t.unit, t.comparator) for t in found] == expected
    assert all(t.year is None for t in found)


@pytest.mark.parametrize(
    ("text", "value", "comparator"),
    [
        ("到2025年，新建大型、超大型数据中心PUE值（电能利用效率）不超过1.3。", 1.3, "le"),
        ("到2025年，农田灌溉水利用系数达到0.58。", 0.58, "eq"),
        ("新建数据中心能源利用效率（PUE）不高于1.3。", 1.3, "le"),
    ],
)
def test_unitless_ratios_and_indices(text: str, value: float, comparator: str) -> None:
    (target,) = extract_text(text)
    assert (target.value, target.unit, target.unit_normalised, target.comparator) == (
        value,
        None,
        None,
        comparator,
    )


def test_a_bare_number_without_a_ratio_metric_is_no_target() -> None:
    assert extract_text("到2025年，全市达到12。") == []  # no ratio metric: a bare 12 is nothing
    assert extract_text("到2025年，PUE约1.3。") == []  # 约 alone does not state a goal


INDICATOR_TABLE = """表1 应对气候变化指标体系
类别序号具体指标单位2020年2025年
指标
性质
综合指
标
1
单位地区生产总值二氧化碳排放
降低
% -
国家下达
指标
约束性
3非化石能源占一次能源消费比重% 19.8* 24约束性
7森林蓄积量
亿立
方米
3.75 ≥4.45约束性
8湿地保有量/湿地保护率
万亩
/%
1665/52 1665/52以上约束性
14绿色低碳园区建设数量个 - 50预期性
"""


def test_indicator_table_rows_are_targets_of_the_year_columns() -> None:
    found = [(t.metric, t.value, t.unit, t.year, t.comparator) for t in extract_text(INDICATOR_TABLE)]
    assert found == [
        ("非化石能源占一次能源消费比重", 24.0, "%", 2025, "eq"),  # 19.8 is the 2020 column
        ("森林蓄积量", 4.45, "亿立方米", 2025, "ge"),  # a unit wrapped over two lines
        ("湿地保有量", 1665.0, "万亩", 2025, "ge"),  # one cell, two indicators
        ("湿地保护率", 52.0, "%", 2025, "ge"),
        ("绿色低碳园区建设数量", 50.0, "个", 2025, "eq"),
    ]  # 国家下达指标 and - hold no number


def test_text_offsets_of_table_targets_point_at_the_values() -> None:
    for target in extract_text(INDICATOR_TABLE):
        assert INDICATOR_TABLE[target.value_start : target.value_end].replace("\n", "") in {
            "24",
            "4.45",
            "1665",
            "52",
            "50",
        }


def test_several_counted_items_each_with_its_own_metric() -> None:
    found = extract_text("到2025年，建成8个500千伏、50个220千伏输变电项目。")
    assert [(t.metric, t.value, t.unit) for t in found] == [
        ("500千伏输变电项目", 8.0, "个"),
        ("220千伏输变电项目", 50.0, "个"),
    ]
    found = extract_text("到2025年，新增3个国家级、10个省级绿色工厂。")
    assert [t.metric for t in found] == ["国家级绿色工厂", "省级绿色工厂"]


def test_tongbi_is_against_the_year_before() -> None:
    (target,) = extract_text("到2022年，工业增加值同比增长6%。")
    assert (target.metric, target.direction, target.base_year) == ("工业增加值", "increase", 2021)


def test_a_number_before_its_metric_and_a_yearly_amount() -> None:
    (target,) = extract_text("到2025年，力争形成20亿立方米年天然气产能。")
    assert (target.value, target.unit, target.period) == (20.0, "亿立方米", "annual")
    assert target.metric.endswith("天然气产能")
    (target,) = extract_text("到2025年，建设5家近零碳试点学校。")
    assert (target.value, target.unit) == (5.0, "家") and target.metric.endswith("近零碳试点学校")


def test_a_year_at_the_very_start_of_a_text_is_a_due_year() -> None:
    (target,) = extract_text("2025年前，完成改造100万吨产能。")
    assert target.year == 2025


def test_a_main_goals_heading_run_into_its_text_opens_the_paragraph() -> None:
    found = extract_text(
        "主要目标到2025年，绿色低碳循环发展的经济体系初步形成。单位国内生产总值能耗比2020年下降13.5%；"
        "非化石能源消费比重达到20%左右。"
    )
    assert [(t.value, t.year, t.base_year) for t in found] == [(13.5, 2025, 2020), (20.0, 2025, None)]


def test_plan_period_end_from_the_title() -> None:
    from policykg.loaders.extract.numbers import plan_period_end

    assert plan_period_end("包头市深入推进林业草原碳汇三年行动计划（2021—2023年）") == 2023
    assert plan_period_end("浙江省应对气候变化“十四五”规划") == 2025
    assert plan_period_end("湖北省2022年林业工作要点") == 2022
    assert plan_period_end("2030年前碳达峰行动方案") == 2030
    assert plan_period_end("上海市碳达峰实施方案") is None


@pytest.mark.parametrize(
    "text",
    [
        "“十三五”期间年均提高1个百分点。",  # a past period's yearly rate
        "2013-2019年任一年排放达到2.6万吨二氧化碳当量的单位。",  # a past span, a class
        "当配额缺口量占排放量比例超过20%时，予以调整。",  # a condition
        "掺烧生物质热量年均占比不超过10%的机组。",  # a share that bounds a class
        "严格实施35吨以下燃煤锅炉淘汰。",  # 以下: a class of boilers, whatever the verb
        "新增年综合能耗超过5万吨标准煤“两高”项目。",  # a threshold before a quoted class name
    ],
)
def test_results_conditions_and_classes_are_not_targets(text: str) -> None:
    assert extract_text(text) == []


def test_table_with_units_in_brackets_and_a_five_year_plan_column() -> None:
    table = (
        "表2 主要指标\n类别序号项目\n2020年\n现状值\n“十四\n五”\n目标值\n指标\n类别\n"
        "1地级城市空气质量优良天数比率（%）85.1 85.5约束性2\n"
        "地级城市PM10年均浓度（微克/立方米）1\n65 70约束性\n"
        "8农村生活污水治理率（%）26 ≥40预期性\n"
        "10氮氧化物排放量（万吨） 31.73\n完成国家\n下达任务\n约束性\n"
    )
    found = [(t.metric, t.value, t.unit, t.year, t.comparator) for t in extract_text(table)]
    assert found == [
        ("地级城市空气质量优良天数比率", 85.5, "%", 2025, "eq"),
        ("地级城市PM10年均浓度", 70.0, "微克/立方米", 2025, "eq"),  # the note mark 1 is its own cell
        ("农村生活污水治理率", 40.0, "%", 2025, "ge"),
    ]


def test_a_review_table_of_the_past_period_gives_no_targets() -> None:
    table = (
        "表1“十三五”规划主要指标完成情况表\n类别序号指标2015年\n基期数\n2020年\n目标值\n2020年\n实际值\n指标\n属性\n"
        "1森林覆盖率（%）56.92 58.66 58.66约束性\n"
    )
    assert extract_text(table) == []


def test_goals_of_the_nation_quoted_by_a_local_plan_are_not_its_targets() -> None:
    from policykg.loaders.extract.target_grammar import TargetFields
    from policykg.loaders.extract.targets import _quotes_the_nation

    def at(text: str, value: str) -> TargetFields:
        start = text.index(value)
        return TargetFields(
            "m", 1.0, None, "%", "%", 1.0, 2030, "by_year", "eq", "level", None, 0, 1, start, start + 1
        )

    quoted = "国家提出，到2030年非化石能源占一次能源消费比重将达到25%左右。"
    assert _quotes_the_nation(quoted, at(quoted, "25"))
    own = "到2030年，发展成为我国氢能产业高端装备制造基地，产业产值超过800亿元。"
    assert not _quotes_the_nation(own, at(own, "800"))
    first_rate = "生态环境质量保持全国一流，城市空气质量优良天数达到96.5%。"
    assert not _quotes_the_nation(first_rate, at(first_rate, "96.5"))


def test_a_table_with_no_attribute_column_is_read_line_by_line() -> None:
    table = (
        "表1 主要指标\n序号指标类别现状值2025年\n1近岸海域优良水质面积比例（%）86.8 92\n"
        "2大陆自然岸线保有率（%）—≥35\n3岸线生态修复长度（公里）—58\n注：现状值为三年平均值。\n二、强化治理\n"
    )
    found = [(t.metric, t.value, t.unit, t.year, t.comparator) for t in extract_text(table)]
    assert found == [
        ("近岸海域优良水质面积比例", 92.0, "%", 2025, "eq"),  # 86.8 is the current value
        ("大陆自然岸线保有率", 35.0, "%", 2025, "ge"),
        ("岸线生态修复长度", 58.0, "公里", 2025, "eq"),
    ]


def test_a_table_of_goals_takes_its_year_from_the_caption() -> None:
    table = (
        "专栏“十四五”时期建筑节能主要发展指标\n序\n号\n工作重点指标内容发展目标指标\n类型\n"
        "1城镇新建民用建筑中绿色建筑比\n例（%）\n100\n约束\n性\n2新增绿色建筑面积（亿平方米）≥5预期\n性\n"
    )
    found = [(t.metric, t.value, t.unit, t.year) for t in extract_text(table)]
    assert found == [
        ("城镇新建民用建筑中绿色建筑比例", 100.0, "%", 2025),
        ("新增绿色建筑面积", 5.0, "亿平方米", 2025),
    ]


def test_yearless_goals_stated_by_a_bound_or_a_change() -> None:
    found = extract_text(
        "经过三年努力，力争开展节能诊断服务15000家以上；规上工业能耗、碳排放分别下降10%、12.5%。"
    )
    assert [(t.value, t.unit, t.comparator, t.direction) for t in found] == [
        (15000.0, "家", "ge", "level"),
        (10.0, "%", "eq", "decrease"),
        (12.5, "%", "eq", "decrease"),
    ]
    assert extract_text("倡导绿色出行（1公里内步行、5公里左右乘坐公共交通）。") == []


def test_one_value_for_each_metric_of_a_list() -> None:
    found = extract_text("到2025年，化肥施用量、农药使用量分别降低5%。")
    assert [(t.metric, t.value) for t in found] == [("化肥施用量", 5.0), ("农药使用量", 5.0)]
    # the items before the last share its head noun (利用率)
    shared = extract_text("到2025年，主要农作物化肥、农药利用率均达到43%。")
    assert [(t.metric, t.value) for t in shared] == [("主要农作物化肥利用率", 43.0), ("农药利用率", 43.0)]
    # an item that is no bare name (longer than a name, or a metric of its own) keeps one target
    (one,) = extract_text("到2025年，城市建成区内具有重要生态功能的河湖、湿地保护率均达到90%。")
    assert one.metric.endswith("湿地保护率")


def test_rules_of_this_session_on_real_plans_forms() -> None:
    # 新增 inside a metric: the amount added; a share stays a level
    (added,) = extract_text("到2023年，公共机构光伏项目新增装机容量5万千瓦。")
    assert added.direction == "increase"
    (share,) = extract_text("到2025年，新增及更新车辆中新能源汽车比例原则上不低于30%。")
    assert (share.direction, share.comparator) == ("level", "ge")
    # an amount of reduction
    cuts = extract_text("到2025年，氨氮、氮氧化物重点工程减排量分别达到0.04万吨、2.08万吨。")
    assert [t.direction for t in cuts] == ["decrease", "decrease"]
    # an annual mean names a level
    (pm,) = extract_text("到2025年，PM2.5年均浓度稳定控制在35微克/立方米以下。")
    assert (pm.metric, pm.period, pm.comparator) == ("PM2.5年均浓度", "by_year", "le")
    # 其中 is a part of the yearly amount before it
    yearly = extract_text("每年新增绿地1000公顷，其中公园绿地500公顷以上。")
    assert [t.period for t in yearly] == ["annual", "annual"]
    # percentages that name a standard; counts that name the things a task concerns; statistics
    assert extract_text("执行新建居住建筑75%+、公共建筑72%节能标准。") == []
    assert extract_text("到2025年，对沿湾5条国控入海河流及13条一般河流开展整治。") == []
    assert extract_text("到2025年，在甲县、乙县、丙县3个畜牧大县开展试点。") == []
    assert extract_text("到2030年，据统计，建筑运行碳排放占全社会碳排放的比例为20%左右。") == []
    assert [t.value for t in extract_text("到2025年，建成3个国家级、10个省级绿色工厂。")] == [3.0, 10.0]
    # a compound unit with its substance
    (sludge,) = extract_text("到2025年，新增污泥处理规模140吨干物质/日。")
    assert (sludge.unit, sludge.direction) == ("吨干物质/日", "increase")


def test_more_real_plan_forms() -> None:
    # the metric named by the segment before, which ends in a verb of change
    (gas,) = extract_text("天然气产量快速增长，力争2025年达到2300亿立方米以上。")
    assert (gas.metric, gas.year, gas.comparator) == ("天然气产量", 2025, "ge")
    # 较2020年 is the base of its own quantity only; 以2020年数据为基数 of the sentence
    found = extract_text("到2025年，优良天数比例较2020年提高10个百分点以上，单位GDP能耗下降16%。")
    assert [t.base_year for t in found] == [2020, None]
    # a verb of change opening the segment governs the amount after its object; 完成 names work done
    (cut,) = extract_text("到2025年，压减地下水超采量1亿立方米以上。")
    assert (cut.metric, cut.direction) == ("地下水超采量", "decrease")
    (done,) = extract_text("到2025年，完成松林改造提升120万亩。")
    assert done.direction == "level"
    (reached,) = extract_text("到2025年，新增关键技术突破领域达到50个左右。")
    assert reached.direction == "level"
    # a year broken by a line wrap is one year; numbers of a table row stay apart
    (wrapped,) = extract_text("全面发展绿色建筑，2 025年全省城镇新建建筑执行绿色标准达到100%。")
    assert wrapped.year == 2025
    assert extract_text("2021年工业技改投资预期目标\n全市 1120 12\n1鼓楼区 21 9\n2台江区 / /") == []
    # subsidy rates and the nation's words in quotation marks
    assert extract_text("到2025年，对符合条件的项目，市财政给予每年2%的技改项目融资贴息。") == []
    from policykg.loaders.extract.targets import _quotes_the_nation

    quoted = "新要求，我国已经明确“到2030年非化石能源占一次能源消费比重将达到25%左右”等目标。"
    (national,) = extract_text(quoted)
    assert _quotes_the_nation(quoted, national)  # a local plan drops it
    own = "到2030年，全省非化石能源占一次能源消费比重达到25%左右。"
    assert not _quotes_the_nation(own, extract_text(own)[0])


def _tabled(table: str) -> list[tuple[str, float, str | None, int | None, str]]:
    return [(t.metric, t.value, t.unit, t.year, t.comparator) for t in extract_text(table)]


def test_tables_as_more_plans_print_them() -> None:
    # 导向性 closes a row like 约束性; a footnote's circled mark stands between values; a sentence
    # that names the period before the real header is no header
    guided = (
        "“十四五”时期生态环境保护指标包括5类23项。\n甲市生态环境保护规划指标体系\n"
        "指标类别序号指标体系2020年2025年指标属性\n环境质量\n1城市空气质量优良天数比率（%）65.3\n①\n72.6约束性\n"
        "10非化石能源占能源消费总量比例（%）⑤ 7.7 ≥10导向性\n"
    )
    assert _tabled(guided) == [
        ("城市空气质量优良天数比率", 72.6, "%", 2025, "eq"),
        ("非化石能源占能源消费总量比例", 10.0, "%", 2025, "ge"),
    ]
    # a cumulative column after the years; rows of parts under their indicator
    parts = (
        "表2 甲市规划目标指标\n指标\n2020年\n（现状）\n2025年\n（目标）\n五年累计\n目标\n指标\n属性\n"
        "1.细颗粒物（PM2.5）浓度（微克/立方米）\n中心城区38 33.4 /约束性\n县级城市30.7 28.5 /预期性\n"
        "7.主要污染物减排量（吨）\n化学需氧量—/ [10031]约束性\n"
    )
    assert _tabled(parts) == [
        ("细颗粒物（PM2.5）浓度（中心城区）", 33.4, "微克/立方米", 2025, "eq"),
        ("细颗粒物（PM2.5）浓度（县级城市）", 28.5, "微克/立方米", 2025, "eq"),
        ("主要污染物减排量（化学需氧量）", 10031.0, "吨", 2025, "eq"),
    ]
    # the attribute column before the years, row numbers on lines of their own
    first = (
        "专栏2：甲市规划指标\n序\n号\n指标\n指标\n属性\n2020年\n（现状）\n2025年\n（目标）\n"
        "1\n空气质量优良天数比率（%）\n约束性97 98\n2\n地表水劣V类水体比例\n（%）\n约束性0 0\n"
        "3\n单位地区生产总值能源消耗降低（%）\n约束性[13]\n完成省上下达目\n标\n"
    )
    assert _tabled(first) == [
        ("空气质量优良天数比率", 98.0, "%", 2025, "eq"),
        ("地表水劣V类水体比例", 0.0, "%", 2025, "eq"),
    ]
    # the unit written in each cell
    cells = (
        "表1 主要指标\n类型指标名称2020年（现状值）2025年指标属性\n受污染耕地安全利用率90%左右93%左右约束性\n"
    )
    assert _tabled(cells) == [("受污染耕地安全利用率", 93.0, "%", 2025, "approx")]


def test_ratios_classes_and_plan_names() -> None:
    (pue,) = extract_text(
        "到2025年，电能利用效率超过1.5的数据中心完成改造；大型数据中心电能利用效率降到1.3以下。"
    )
    assert (pue.value, pue.comparator) == (1.3, "le")
    (cap,) = extract_text("新建大型数据中心电能利用效率不得高于1.3。")
    assert cap.comparator == "le"
    assert (
        extract_text("督促年综合能源消费量5000吨标准煤以上或排放1.3万吨二氧化碳当量以上企业开展报告。") == []
    )
    assert extract_text("三亚市“十四五”海洋生态环境保护规划。行政区域总面积1921平方公里，海湾19个。") == []
    assert extract_text("到2025年，监测数据表明，可吸入颗粒物浓度下降41%。") == []
    assert extract_text("到2025年，设置规划指标体系，包括16项指标，其中约束性指标9项。") == []


def test_a_goal_shared_out_over_places() -> None:
    table = (
        "附件1\n2022年各县（市）区绿色建筑面积目标\n序号县（市）区\n2022年绿色建筑面积目标\n总量（万平方米）比增（%）\n"
        "全市120 12\n1鼓楼区21 9\n2台江区/ /\n3\n仓山区22.5 10\n附件2\n领导小组成员名单\n"
    )
    found = [(t.metric, t.value, t.unit, t.year, t.direction) for t in extract_text(table)]
    assert found[:3] == [
        ("全市绿色建筑面积总量", 120.0, "万平方米", 2022, "level"),
        ("全市绿色建筑面积比增", 12.0, "%", 2022, "increase"),
        ("鼓楼区绿色建筑面积总量", 21.0, "万平方米", 2022, "level"),
    ]
    assert len(found) == 6  # 台江区 has no values; 仓山区's row number stands on its own line
    # a focus frame with words between 为 and its noun
    assert (
        extract_text("到2025年，以近郊绿环、9条市域生态走廊、17条生态间隔带为市域生态骨架，实施造林。") == []
    )


def test_descriptions_of_the_present_set_no_goal() -> None:
    assert extract_text("我国是全球第一纺织大国，纺织纤维加工总量占全球的50%以上。") == []
    assert [t.value for t in extract_text("全市森林覆盖率不低于60%。")] == [60.0]


def test_a_call_for_projects_sets_no_yearless_goals() -> None:
    def targets_of_document(title: str) -> list[float]:
        text = f"{title}\n一、申报方向\n（一）高效电池。\n考核指标：可量产电池转换效率不低于26%，组件CTM值不低于95%。\n"
        return [r.value for r in _document_targets(_parsed_document(text))]

    assert targets_of_document("关于组织申报2022年度碳达峰碳中和科技创新专项项目的通知") == []
    assert targets_of_document("甲省光伏产业发展实施方案") == [26.0, 95.0]  # a plan: yearless goals count


def test_rules_set_no_yearless_goals_but_keep_dated_ones() -> None:
    def targets_of_document(title: str) -> list[float]:
        text = (
            f"{title}\n第一条 纳入管理的企业为年度温室气体排放量达到2.6万吨二氧化碳当量的单位。\n"
            "第二条 到2025年，全市碳排放强度下降18%。\n"
        )
        return [r.value for r in _document_targets(_parsed_document(text))]

    assert targets_of_document("甲市碳排放权交易管理暂行办法") == [18.0]  # a threshold of a rule is no goal
    assert targets_of_document("甲市温室气体排放核查实施细则") == [18.0]
    assert targets_of_document("甲市碳排放控制实施方案") == [2.6, 18.0]  # a plan: yearless numbers count


def test_pushing_a_count_of_things_is_a_goal_a_capacity_names_a_project() -> None:
    def targets_of(sentence: str) -> list[tuple[float, str]]:
        parsed = _parsed_document(f"甲市工业绿色发展实施方案\n一、重点任务\n{sentence}\n")
        return [(r.value, r.unit) for r in _document_targets(parsed)]

    assert targets_of("推进800家企业开展清洁生产审核。") == [(800.0, "家")]
    assert targets_of("推动12个县城开展绿色低碳建设。") == [(12.0, "个")]
    assert targets_of("每个街道启动3个社区试点。") == [(3.0, "个")]
    assert targets_of("争创绿色低碳示范园区3家。") == [(3.0, "家")]
    assert targets_of("加快推进1500吨/日垃圾焚烧项目前期工作。") == []  # a project's capacity
    assert targets_of("持续推进50亿元产业基金投资。") == []  # a fund's size


def test_a_forecast_under_a_situation_heading_is_no_goal() -> None:
    text = (
        "甲省“十四五”电力发展规划\n第一章 发展基础与面临的形势\n一、存在的问题\n"
        "预计到2025年全省最大用电负荷约5000万千瓦，电力供应将出现缺口。\n"
        "第二章 主要目标\n到2025年，全省可再生能源装机达到6000万千瓦。\n"
        "预计到2025年全社会用电量达到3000亿千瓦时。\n"
    )
    found = [(r.value, r.unit) for r in _document_targets(_parsed_document(text))]
    assert found == [(6000.0, "万千瓦"), (3000.0, "亿千瓦时")]  # a forecast among the goals stays


def test_an_amount_under_a_goals_heading_is_a_goal() -> None:
    def targets_of(heading: str) -> list[tuple[float, str | None]]:
        text = (
            f"甲省“十四五”电力发展规划\n一、{heading}\n"
            "（一）清洁低碳转型。风电装机3000万千瓦左右，发电装机总规模约1.2亿千瓦，线损率降至4.5%左右。\n"
        )
        return [(r.value, r.unit) for r in _document_targets(_parsed_document(text))]

    goals = [(3000.0, "万千瓦"), (1.2, "亿千瓦"), (4.5, "%")]
    assert targets_of("主要目标") == goals
    assert targets_of("发展目标") == goals
    assert targets_of("重点任务") == [(4.5, "%")]  # elsewhere only a stated change (降至) is a goal
    assert targets_of("发展现状") == []  # a review reports


def test_a_lists_items_after_a_goal_share_its_verb() -> None:
    found = extract_text("用5年左右时间，完成植树造林500万亩，森林抚育800万亩，修复退化湿地20万亩。")
    assert [(t.value, t.metric) for t in found] == [
        (500.0, "植树造林"),
        (800.0, "森林抚育"),
        (20.0, "修复退化湿地"),
    ]
    # a thing's size opens no list; a sum of the list is none of its items
    sized = extract_text("建设日处理垃圾1500吨的生产线，总占地面积约80亩，装机容量30兆瓦。")
    assert [t.value for t in sized if t.value in (80.0, 30.0)] == []
    assert [t.value for t in extract_text("新建污水管网300公里，累计治理面积12万平方米。")] == [300.0]


def test_a_quantity_ending_a_condition_is_no_goal() -> None:
    assert extract_text("到2025年，新造成片林达到300亩以上的，给予一次性奖励。") == []
    assert [t.value for t in extract_text("到2025年，培育20家以上的龙头企业。")] == [20.0]


def test_minutes_and_hours_are_units_a_named_reach_is_none() -> None:
    assert [(t.value, t.unit) for t in extract_text("到2025年，平均通勤时间下降到40分钟左右。")] == [
        (40.0, "分钟")
    ]
    assert [(t.value, t.unit) for t in extract_text("到2025年，用户年均停电时间不超过5小时。")] == [
        (5.0, "小时")
    ]
    assert extract_text("到2025年，建成15分钟便民生活圈和1小时通勤圈。") == []


def test_the_parts_of_a_goal_after_qizhong() -> None:
    found = extract_text("“十四五”期间新增煤电装机800万千瓦。其中，自用煤电300万千瓦，外送煤电500万千瓦。")
    assert [(t.value, t.metric) for t in found] == [
        (800.0, "新增煤电装机"),
        (300.0, "自用煤电"),
        (500.0, "外送煤电"),
    ]
    # parts of a thing's size are no goals
    sized = extract_text("建设日处理1500吨的生产线。其中，一期工程800吨。")
    assert [t.value for t in sized if t.value == 800.0] == []


def test_a_running_total_with_a_bound_is_a_goal() -> None:
    assert [t.value for t in extract_text("全省累计保护修复森林古道1500千米以上。")] == [1500.0]
    assert extract_text("全省累计建成森林古道1500千米。") == []  # a running total, no goal stated


def test_two_thresholds_of_a_class_and_the_texts_own_aspects() -> None:
    assert (
        extract_text("到2025年，面积大于10平方公里或所辖岸线长度大于10公里的海湾单列为一个治理单元。") == []
    )
    assert extract_text("到2025年，问题突出表现为四个方面。") == []
    assert [t.value for t in extract_text("到2025年，建成10个以上零碳园区或近零碳园区。")] == [10.0]


def test_a_lists_opening_verb_or_yearly_word_holds_for_its_items() -> None:
    added = extract_text("到2025年，新增创建绿色工厂500家以上、绿色园区50家、绿色设计产品500个。")
    assert [(t.value, t.direction) for t in added] == [
        (500.0, "increase"),
        (50.0, "increase"),
        (500.0, "increase"),
    ]
    yearly = extract_text("到2025年，每年遴选50个以上产品申报国家绿色设计产品，制定30个以上省级标准。")
    assert [(t.value, t.period) for t in yearly] == [(50.0, "annual"), (30.0, "annual")]
    mixed = extract_text("到2025年，单位GDP能耗年均下降3%，非化石能源比重达到20%。")
    assert [(t.value, t.period) for t in mixed] == [(3.0, "annual"), (20.0, "by_year")]


def test_counts_and_bounds_that_set_no_goal() -> None:
    # where things are chosen from, a list of thresholds closing a class, a slogan's clauses
    chosen = extract_text("到2025年，每年在“3+3+2”产业领域和22条产业链群选择100家以上企业开展绿色工厂创建。")
    assert [t.value for t in chosen] == [100.0]
    assert extract_text("到2025年，优先发展离岸距离不少于10公里、水深不少于10米的海域。") == []
    assert [t.value for t in extract_text("到2025年，绿色贷款实现三个“不低于”。")] == []
    assert [t.value for t in extract_text("到2025年，建成3个“无废城市”。")] == [3.0]
    assert extract_text("③化肥和农药使用量指标均以“利用率达到43%”视同减少。") == []
    pue = only("到2025年，新建大型、超大型数据中心电能利用率不高于1.3。")
    assert (pue.value, pue.unit, pue.comparator) == (1.3, None, "le")


def test_a_tables_category_rows_are_no_clauses_and_a_cell_may_hold_an_aim() -> None:
    text = (
        "甲市“十四五”生态环境保护规划\n一、主要目标\n到2025年，生态环境持续改善。\n"
        "表2 甲市规划目标指标\n指 标\n2020 年\n(现状)\n2025 年\n（目标）\n五年累计\n目标\n指标\n属性\n"
        "（一）环境质量改善。\n1.细颗粒物（PM2.5）浓度（微克/立方米）\n中心城区 38 33.4 / 约束性\n"
        "（二）农村环境。\n2.农村生活污水治理率（%） 20 30%，力争40% / 预期性\n"
        "二、主要任务\n（一）治理大气。推进治理。\n"
    )
    parsed = _parsed_document(text)
    assert [c.path for c in parsed.clauses if c.path.startswith("一")] == [
        "一"
    ]  # （一）（二） rows stay in 一
    found = [(r.value, r.year) for r in _document_targets(parsed)]
    assert found == [(33.4, 2025), (30.0, 2025), (40.0, 2025)]


def test_sizes_of_named_or_counted_things_are_no_goals() -> None:
    named = extract_text("到2025年，建成投产甲河一级（22万千瓦）、乙河二级（20.54万千瓦）等水电站。")
    assert named == []
    noted = extract_text(
        "到2025年，完成一批重点企业（能耗5000吨标煤以上）碳账户建设（碳排放量占工业排放量约71.8%）。"
    )
    assert noted == []
    part = extract_text("到2025年，光伏发电装机容量达到900万千瓦（其中海上410万千瓦）。")
    assert [t.value for t in part] == [900.0, 410.0]  # 其中: a part of the goal is a goal
    each = extract_text("到2025年，将甲电厂搬迁至乙区，新建2台100万千瓦煤电机组。")
    assert [(t.value, t.unit) for t in each] == [(2.0, "台")]
    grid = extract_text("到2025年，新建220千伏变电站7座，新增500千伏变电容量970万千伏安。")
    assert [(t.value, t.unit) for t in grid] == [(7.0, "座"), (970.0, "万千伏安")]


def test_table_rows_that_share_a_cell_a_column_of_amounts_added_and_parts_in_one_cell() -> None:
    shared = (
        "甲市规划主要指标\n类别 指标 2020年 2025年 属性\n"
        "1 空气质量优良天数比例（%） 95.1 95.4 约束性\n"
        "9 氮氧化物重点工程减排量（吨） 60.15 [1340]\n10\n挥发性有机物重点工程减排量\n（吨） 1889.22 [620]\n"
        "11 氨氮重点工程减排量（万吨） 0.0064 [0.0261]\n约束性\n"
    )
    assert [(t.value, t.unit) for t in extract_text(shared)] == [
        (95.4, "%"),
        (1340.0, "吨"),
        (620.0, "吨"),
        (0.0261, "万吨"),
    ]
    added = (
        "表1 甲省“十四五”可再生能源发展目标\n项目 单位 2020 年 2025 年\n新增或累\n计增长\n属性\n"
        "合计 万千瓦 8800 12946 4146\n风电 万千瓦 426 1003 577 预期性\n"
    )
    assert [(t.metric, t.value, t.direction) for t in extract_text(added)] == [
        ("合计", 12946.0, "level"),
        ("合计", 4146.0, "increase"),
        ("风电", 1003.0, "level"),
        ("风电", 577.0, "increase"),
    ]
    parts = (
        "序号 指标 2020 年 2025 年 属性\n7 农村生活污水治理率（%） 26.05 40 预期性\n"
        "9\n主要污染物重点工程减排量（万\n吨） —\n氮氧化物 1.28\n氨氮 0.33\n约束性\n"
    )
    assert [(t.metric, t.value) for t in extract_text(parts)] == [
        ("农村生活污水治理率", 40.0),
        ("主要污染物重点工程减排量（氮氧化物）", 1.28),
        ("主要污染物重点工程减排量（氨氮）", 0.33),
    ]


def test_a_table_with_the_attribute_first_and_row_numbers_against_the_values() -> None:
    text = (
        "甲省“十四五”生态环境保护规划\n一、主要目标\n生态环境持续改善。\n专栏2：主要指标\n指标\n类别\n序\n号\n指标名称\n"
        "指标\n属性\n2020年\n（现状）\n2025年\n（目标）\n环境\n治理\n"
        "1空气质量优良天数比率（%）①约束性93.7 93.82细颗粒物浓度（ug/m3）①约束性26 253城市黑臭水体比例（%）②预期性0\n"
        "完成国家\n下达目标\n二、主要任务\n（一）治理大气。推进治理。\n"
    )
    parsed = _parsed_document(text)
    found = [(r.value, r.unit) for r in _document_targets(parsed)]
    assert found == [(93.8, "%"), (25.0, "ug/m3")]  # ①② are footnote marks, not clauses


def test_a_numbered_heading_with_a_colon_opens_the_paragraphs_year() -> None:
    text = "3.农业绿色低碳循环发展示范项目：到2025年，建成高标准农田面积3058万亩。建设一批示范园，争创3-5个国家级示范区。"
    assert [(t.value, t.year) for t in extract_text(text)] == [(3058.0, 2025), (3.0, 2025)]


def test_a_column_number_on_the_header_line_is_no_value() -> None:
    table = (
        "专栏2 甲省“十四五”建筑节能具体目标主要指标\n1 2025年\n2\n"
        "既有建筑节能改造面积（万平方米）1500\n新增建筑光伏装机容量（万千瓦）120\n"
    )
    assert [(t.metric, t.value, t.unit, t.year) for t in extract_text(table)] == [
        ("既有建筑节能改造面积", 1500.0, "万平方米", 2025),
        ("新增建筑光伏装机容量", 120.0, "万千瓦", 2025),
    ]


def test_a_share_split_by_place_in_its_goal_cell() -> None:
    table = (
        "表1 甲省“十四五”主要指标\n序号 指标 单位 2020年 2025年 属性\n"
        "1 达到海绵城市建设要求的建成区面积比例 % - 设区市≥50；其他县城≥30 预期性\n"
        "2 绿色建筑占新建建筑比例（%）66.5* 中心城区：100\n"
        "3 新开工装配式建筑占新建建筑比例（%） ≥35，省会城市≥45\n"
        "4 单位地区生产总值能耗降低 % 较2015年下降18 — 约束性\n"
    )
    found = [(t.metric, t.value, t.comparator, t.year) for t in extract_text(table)]
    assert found == [
        ("达到海绵城市建设要求的建成区面积比例（设区市）", 50.0, "ge", 2025),
        ("达到海绵城市建设要求的建成区面积比例（其他县城）", 30.0, "ge", 2025),
        ("绿色建筑占新建建筑比例（中心城区）", 100.0, "eq", 2025),
        ("新开工装配式建筑占新建建筑比例", 35.0, "ge", 2025),
        ("新开工装配式建筑占新建建筑比例（省会城市）", 45.0, "ge", 2025),
    ]  # 较2015年下降18 in the column of the present is a result, no part


def test_a_category_header_and_parts_on_lines_of_their_own() -> None:
    """类别 opens a header; a part under its indicator with a value per column is a row of its
    own, while a part with fewer values than columns stays in its indicator's row."""
    table = (
        "乙市“十四五”节能减排主要指标\n类 别 指标 2020年 2025年 属性\n"
        "1 单位地区生产总值能耗降低（%） — 14.5 约束性\n"
        "2 重点工程减排量（万吨）\n化学需氧量 — 0.52\n氨氮 — 0.04\n约束性\n"
    )
    assert [(t.metric, t.value, t.unit, t.year) for t in extract_text(table)] == [
        ("单位地区生产总值能耗降低", 14.5, "%", 2025),
        ("重点工程减排量（化学需氧量）", 0.52, "万吨", 2025),
        ("重点工程减排量（氨氮）", 0.04, "万吨", 2025),
    ]
    one_value = (
        "序号 指标 2020年 2025年 属性\n"
        "9\n主要污染物重点工程减排量（万吨）—\n氮氧化物1.28\n挥发性有机物0.83\n约束性\n"
    )
    assert [(t.metric, t.value) for t in extract_text(one_value)] == [
        ("主要污染物重点工程减排量（氮氧化物）", 1.28),
        ("主要污染物重点工程减排量（挥发性有机物）", 0.83),
    ]


def test_two_whole_metrics_of_one_head_that_reach_one_value_are_two_targets() -> None:
    """A和B达到X, both ending in the same head noun (…利用率和…利用率): each reaches X; a modifier
    joined by 和 (超低能耗和近零能耗建筑推广面积) or a metric written 收集和处理率 stays one."""
    both = "到2023年，受污染耕地安全利用率和污染地块安全利用率达到95%以上。"
    assert [(t.metric, t.value) for t in extract_text(both)] == [
        ("受污染耕地安全利用率", 95.0),
        ("污染地块安全利用率", 95.0),
    ]
    modifier = "到2023年，超低能耗和近零能耗建筑推广面积达250万平方米。"
    assert [t.metric for t in extract_text(modifier)] == ["超低能耗和近零能耗建筑推广面积"]
    one = "到2025年，污水收集和处理率达到90%。"
    assert [t.metric for t in extract_text(one)] == ["污水收集和处理率"]


def test_table_cells_with_notes_marks_and_values_not_counted() -> None:
    """参考性 is an attribute; a mark after the indicator (*), a note after a value
    (（以国家下达指标为准）), 未统计 for a missing value and m 2/人 as a unit."""
    table = (
        "表1 甲区建设指标体系\n类别指标名称2020年2025年目标属性\n"
        "2.耕地保有量（万公顷）340.05 325.46（以国家下达指标为准）约束性\n"
        "3.国土开发强度（%）* 5 5.16参考性\n"
        "16.人均公园绿地面积（m 2/人）12.93 14.8参考性\n"
        "18.中心城市绿色出行比例（%）*未统计≥70参考性\n"
    )
    assert [(t.metric, t.value, t.unit, t.comparator) for t in extract_text(table)] == [
        ("耕地保有量", 325.46, "万公顷", "eq"),
        ("国土开发强度", 5.16, "%", "eq"),
        ("人均公园绿地面积", 14.8, "m2/人", "eq"),
        ("中心城市绿色出行比例", 70.0, "%", "ge"),
    ]


def test_a_year_opening_the_line_under_a_heading_and_a_base_year_without_its_character() -> None:
    """一、…目标⏎至2025年，…。 opens the paragraph under the heading, so the next sentence's
    targets are due then; 较2020下降2.4% is against 2020. A five-year plan opening a line under a
    heading of the outlook (面临形势) carries to nothing."""
    heading = "一、防洪排涝保障体系建设目标\n至2025年，防洪排涝短板全面补齐。堤防达标率达到80%以上，万元GDP用水量较2020下降2.4%。"
    assert [(t.metric, t.value, t.year, t.base_year) for t in extract_text(heading)] == [
        ("堤防达标率", 80.0, 2025, None),
        ("万元GDP用水量", 2.4, 2025, 2020),
    ]
    unlabelled = "一、防洪排涝保障体系建设目标，包括\n至2025年，防洪排涝短板全面补齐。堤防达标率达到80%以上。"
    assert [t.year for t in extract_text(unlabelled)] == [None]


def test_a_table_headed_by_its_indicator_kind_keeps_its_note_marks_out_of_the_clauses() -> None:
    """…2025年 指标类别 is an indicator table's header: the ① after a unit is a footnote's mark,
    not a clause label, and its rows (/ 100, ——18②) are read."""
    text = (
        "甲市“十四五”海洋生态环境保护规划\n三、目标指标\n到2025年，近岸海域水质稳中向好。\n"
        "甲市“十四五”海洋环境保护主要指标\n序\n号\n分类指标\n现状值\n（2020年）2025年\n指标\n类别\n"
        "1\n海洋环境\n质量\n近岸海域水质优良比例（%）\n66.4\n72约束性\n"
        "2入海排污口整治完成率（%）①\n/ 100预期性\n"
        "3岸线整治修复长度（公里）——18②预期性\n"
        "注：①入海排污口整治完成率：指完成整治的百分数。\n②指“十四五”期间的新增量。\n"
        "四、主要任务\n（一）治理污染。推进治理。\n"
    )
    parsed = _parsed_document(text)
    notes = [c for c in parsed.clauses if c.path == "三①"]  # the note under the table, not the mark
    assert len(notes) == 1 and parsed.text.text[notes[0].start : notes[0].end].count("百分数") == 1
    found = [(r.value, r.unit) for r in _document_targets(parsed)]
    assert found == [(72.0, "%"), (100.0, "%"), (18.0, "公里")]


def test_a_line_table_row_cut_where_the_next_rows_number_is_glued_to_its_value() -> None:
    """4…%＞805生态空间…: row 5 starts after ＞80; a row with no number (高于GDP增速) is no part of
    the next row; 25左右 is one value."""
    table = (
        "甲岛发展指标体系\n序号指标单位\n目标值\n（至2035年）\n"
        "4优良点位比例%＞805生态空间占比%＞86\n"
        "6生态产品总值年增长率%高于GDP增速\n7第三产业增加值占GDP比重%≥80\n"
        "8森林覆盖率%25左右\n"
    )
    assert [(t.metric, t.value, t.comparator) for t in extract_text(table)] == [
        ("优良点位比例", 80.0, "gt"),
        ("生态空间占比", 86.0, "gt"),
        ("第三产业增加值占GDP比重", 80.0, "ge"),
        ("森林覆盖率", 25.0, "approx"),
    ]


def test_a_table_metric_with_its_added_amount_inside_and_a_note_after_a_written_value() -> None:
    table = (
        "甲市规划主要指标表\n序号 规划指标 单位 2020年 2025年 属性\n"
        "8 水利工程新增供水能力 亿m3 - 2.2 预期性\n"
        "15.饮用水源地水源达标率（%）97.3（设区市）以国家下达指标为准（设区市）\n90\n预期性\n"
    )
    assert [(t.metric, t.value, t.unit, t.direction) for t in extract_text(table)] == [
        ("水利工程新增供水能力", 2.2, "亿m3", "increase"),
    ]  # （设区市） after 为准 is a note, never the unit of a 90


def test_counts_a_figure_is_reckoned_on_and_the_plans_own_indicators_are_no_goals() -> None:
    basis = extract_text("到2025年，地表水国考断面优良比例达到86.7%（以15个国考断面计）。")
    assert [(t.metric, t.value, t.unit) for t in basis] == [("地表水国考断面优良比例", 86.7, "%")]
    assert extract_text("到2025年，①按照生态环境部新调整的“十四五”20个国控点位现状值统计。") == []
    assert extract_text("到2025年，在环境质量、生态保护等4个方面设置9项具体指标。") == []


def test_a_value_in_an_indicator_tables_column_of_the_present_is_no_goal() -> None:
    """较2015年下降20%左右 printed in the 现状值（2020年） column: the table reader reads the row
    (its goal column holds no number), so the sentence grammar does not date it by the header."""
    table = (
        "表2 甲省规划指标\n序号指标名称\n现状值\n（2020年）\n目标值\n（2025年）\n指标\n属性\n"
        "1单位地区生产总值二氧化碳排放降低（%）\n较2015年\n下降20%左右\n完成国家\n下达指标\n约束性\n"
        "2森林覆盖率（%）66.8 67约束性\n"
    )
    assert [(t.metric, t.value, t.year) for t in extract_text(table)] == [("森林覆盖率", 67.0, 2025)]


def test_a_whole_share_followed_by_what_it_becomes() -> None:
    found = extract_text("到2025年，新采购公务车辆100%新能源化，纳入名单的企业100%实施清洁生产审核。")
    assert [(t.value, t.unit) for t in found] == [(100.0, "%"), (100.0, "%")]


def test_a_place_name_ending_in_a_counter_is_no_unit_column() -> None:
    """…济南、青岛、烟台⏎≥50: the 台 of 烟台 is no unit (台 counts machines in 新能源汽车（台）)."""
    table = (
        "序号 指标 2020年 2025年 属性\n13\n新开工装配式建筑占新建建筑比\n例（%）\n35\n≥40，济\n南、青\n"
        "岛、烟台\n≥50\n约束性\n14 新能源汽车（台） 100 200 预期性\n"
    )
    assert [(t.metric, t.value, t.unit) for t in extract_text(table)] == [
        ("新开工装配式建筑占新建建筑比例", 40.0, "%"),  # the cell's own bound, then its place's
        ("新开工装配式建筑占新建建筑比例（济南、青岛、烟台）", 50.0, "%"),
        ("新能源汽车", 200.0, "台"),
    ]


def test_a_bare_magnitude_in_a_heading_is_a_slogan() -> None:
    found = extract_text("（二）重点任务\n3.打造百个绿色低碳工厂\n到2024年，培育绿色低碳工厂300家。")
    assert [(t.value, t.unit) for t in found] == [(300.0, "家")]
    run_in = extract_text("3.打造百个绿色低碳工厂。研究制定管理办法，到2024年，培育绿色低碳工厂300家。")
    assert [(t.value, t.unit) for t in run_in] == [(300.0, "家")]
    assert [t.unit for t in extract_text("到2025年，开发推广万种绿色低碳产品。")] == ["万种"]


def test_a_year_after_a_short_lead_opens_the_sentence_and_a_bounded_share_names_a_class() -> None:
    """持续推广新能源车，到2023年，…。 the year governs the next sentence; 硫含量小于等于0.1%m/m的燃油
    names a kind of fuel."""
    text = (
        "持续推广新能源车，到2023年，公交车辆基本采用新能源车。加快充电桩建设，新建10万个充电设施。"
        "研究使用硫含量小于等于0.1%m/m的燃油。"
    )
    assert [(t.value, t.unit, t.year) for t in extract_text(text)] == [(10.0, "万个", 2023)]


def test_a_growth_column_after_the_year_columns_and_a_category_printed_upright() -> None:
    text = (
        "专栏三 甲市“十四五”电力发展主要目标\n类\n别\n指标2020年2025年\n2026年\n展望\n十四五年\n均增速\n属性\n"
        "电\n力\n需\n求\n全社会用电量（亿千瓦时）382.55 711.13 800 13.20%预期性"
        "天然气发电装机（兆瓦）——2600 2600从无到有预期性"
        "可再生能源发电装机比重33.51% 37.55% 39.08% [4.04%]预期性"
        "综合线损率4.2% 3.02% 3.02% [-1.18%]预期性注：依据规划，2025年甲市常住人口为1050万人。"
    )
    found = [(t.metric, t.value, t.unit, t.year, t.direction, t.period) for t in extract_text(text)]
    assert found == [
        ("全社会用电量", 711.13, "亿千瓦时", 2025, "level", "by_year"),
        ("全社会用电量", 800.0, "亿千瓦时", 2026, "level", "by_year"),
        ("全社会用电量", 13.2, "%", 2025, "increase", "annual"),  # 十四五年均增速: yearly growth
        ("天然气发电装机", 2600.0, "兆瓦", 2025, "level", "by_year"),
        ("天然气发电装机", 2600.0, "兆瓦", 2026, "level", "by_year"),
        ("可再生能源发电装机比重", 37.55, "%", 2025, "level", "by_year"),
        ("可再生能源发电装机比重", 39.08, "%", 2026, "level", "by_year"),
        ("可再生能源发电装机比重", 4.04, "%", 2025, "increase", "by_year"),  # [ ]: over the plan
        ("综合线损率", 3.02, "%", 2025, "level", "by_year"),
        ("综合线损率", 3.02, "%", 2026, "level", "by_year"),
        ("综合线损率", 1.18, "%", 2025, "decrease", "by_year"),  # the note's 1050万人 is no goal
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "专栏四 “十四五”光伏发电重点项目\n甲县乙乡丙100兆瓦渔光互补光伏发电项目、丁县2×450兆瓦级天然气调峰发电项目。",
            [],
        ),
        ("“十四五”期间，建设1400万千瓦光伏和450万千瓦风电项目。", [1400.0, 450.0]),
        ("到2025年，新建100万千瓦光伏发电项目。", [100.0]),
    ],
)
def test_a_measure_between_a_projects_name_and_its_kind_sizes_the_project(
    text: str, values: list[float]
) -> None:
    assert [t.value for t in extract_text(text)] == values


def test_a_base_named_at_length_heads_the_due_year_after_it() -> None:
    text = "以2020年能源、水资源消费以及碳排放为基数，2025年单位建筑面积能耗下降5%、人均综合能耗下降6%。"
    assert [(t.value, t.year, t.base_year) for t in extract_text(text)] == [
        (5.0, 2025, 2020),
        (6.0, 2025, 2020),
    ]


def test_a_table_with_footnote_marks_in_cells_added_amounts_and_categories_two_a_line() -> None:
    text = (
        "一、目标\n表1 甲省“十四五”海洋生态环境保护目标指标\n序号指标\n2020\n年\n2025年\n"
        "1\n海洋\n环境\n质量\n近岸海域水质优良（一、二类）比例—\n①\n65%\n"
        "2\n主要入海河流水质优良比\n例\n69.2%\n②\n87%左右②\n"
        "3海水浴场水质优良率85.7% 90%\n"
        "4\n海洋\n生态\n质量\n大陆自然岸线保有率≥35% ≥35%\n"
        "5整治修复岸线长度—新增40千米\n"
        "注：①近岸海域水质以面积法考核。\n"
    )
    parsed = _parsed_document(text)
    found = [(t.metric, t.value, t.unit, t.year, t.direction) for t in _document_targets(parsed)]
    assert found == [
        ("近岸海域水质优良（一、二类）比例", 65.0, "%", 2025, "level"),  # ① is the cell's mark, no clause
        ("主要入海河流水质优良比例", 87.0, "%", 2025, "level"),
        ("海水浴场水质优良率", 90.0, "%", 2025, "level"),
        ("大陆自然岸线保有率", 35.0, "%", 2025, "level"),
        ("整治修复岸线长度", 40.0, "千米", 2025, "increase"),
    ]


def test_a_one_column_table_whose_note_names_the_attribute() -> None:
    text = (
        "专栏1 “十四五”时期总体目标主要指标2025年\n建筑运行一次二次能源消费总量\n（亿吨标准煤）\n1.12\n"
        "城镇新建居住建筑能效水平提升30%\n（注：表中指标均为预期性指标）\n"
    )
    assert [(t.metric, t.value, t.unit, t.year) for t in extract_text(text)] == [
        ("建筑运行一次二次能源消费总量", 1.12, "亿吨标准煤", 2025),  # the header ends with its line
        ("城镇新建居住建筑能效水平提升", 30.0, "%", 2025),
    ]


def test_a_year_of_account_is_no_part_of_the_metric() -> None:
    assert [(t.metric, t.year) for t in extract_text("确定2025年度配额总量为4.65亿吨。")] == [
        ("配额总量", 2025)
    ]
