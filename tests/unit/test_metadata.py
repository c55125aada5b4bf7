"""Document metadata from the first page and the signature, on short snippets written here.

Each snippet has the shape of a published notice, plan or law (seen in ../shared/realcorpus): a
title printed over two lines, the 印发…的通知 wrapper, joint issuers in the signature, 文号 in
odd brackets, dates in Chinese numerals. They go through the PDF path (pages joined by \\f,
normalisation, metadata read on the printed lines) as ``parse_source`` does it.
"""

from __future__ import annotations

from policykg.loaders.metadata import kind_of, region_and_level, split_issuers
from policykg.loaders.pipeline import parse_source
from policykg.loaders.types import Document, ParsedDocument, SourceText


def documents(text: str, name: str = "sample.pdf") -> list[Document]:
    source = SourceText(
        source=name, path=name, text=text, encoding="pdf", sha256="0", media_type="application/pdf"
    )
    return [item.document for item in parse_source(source) if isinstance(item, ParsedDocument)]


def test_wrapper_and_plan_title_over_lines_issuers_across_a_page_break() -> None:
    (document,) = documents(
        "— 1 —\n渝发改工业„2022‟270 号\n关于印发《重庆市严格能效约束\n推动重点领域节能降碳实施方案》的通知\n"
        "市科技局、市财政局：\n现将《重庆市严格能效约束推动重点领域节能降碳实施方案》印发给你们，请组织实施。\n"
        "重庆市发展和改革委员会 重庆市经济和信息委员会\n重庆市生态环境局 重庆市市场监督管理局\n\f— 2 —\n"
        "重庆市能源局\n2022 年 2 月 28 日\n\f— 3 —\n重庆市严格能效约束\n推动重点领域节能降碳实施方案\n"
        "一、总体要求\n（一）指导思想。推动重点领域节能降碳。\n二、主要任务\n（一）严格能效约束。"
    )
    assert document.title == "重庆市严格能效约束推动重点领域节能降碳实施方案"
    assert document.wrapper_title == "关于印发《重庆市严格能效约束推动重点领域节能降碳实施方案》的通知"
    assert document.issuers == (
        "重庆市发展和改革委员会",
        "重庆市经济和信息委员会",
        "重庆市生态环境局",
        "重庆市市场监督管理局",
        "重庆市能源局",
    )
    assert document.issuer == "重庆市发展和改革委员会"
    assert (document.doc_number, document.date) == ("渝发改工业〔2022〕270号", "2022-02-28")
    assert (document.region, document.level, document.kind) == ("重庆市", "province", "实施方案")


def test_joint_national_issuers_from_the_heading_and_the_date_under_the_title() -> None:
    (document,) = documents(
        "中共中央 国务院关于完整准确全面贯彻新发展理念\n做好碳达峰碳中和工作的意见\n（2021年9月22日）\n"
        "实现碳达峰、碳中和，是党中央作出的重大战略决策。\n一、总体要求\n（一）指导思想。坚持系统观念。"
    )
    assert document.title == "中共中央国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见"
    assert document.issuers == ("中共中央", "国务院")
    assert (document.date, document.region, document.level, document.kind) == (
        "2021-09-22",
        "中国",
        "national",
        "意见",
    )


def test_ministries_signing_one_a_line_and_a_date_in_chinese_numerals() -> None:
    (document,) = documents(
        "工业领域碳达峰实施方案\n为加快工业绿色低碳转型，制定本方案。\n一、总体要求\n（一）指导思想。坚持系统推进。\n"
        "二、重点任务\n（一）深度调整产业结构。\n工业和信息化部\n国家发展改革委\n生态环境部\n二〇二二年七月七日"
    )
    assert document.issuers == ("工业和信息化部", "国家发展改革委", "生态环境部")
    assert (document.date, document.region, document.level) == ("2022-07-07", "中国", "ministry")


def test_a_law_adopted_by_a_standing_committee() -> None:
    (document,) = documents(
        "上海市浦东新区绿色金融发展若干规定\n（2022年6月22日上海市第十五届人民代表大会常务委员会第四十一次会议\n通过）\n"
        "第一条为了提升浦东新区绿色金融服务水平，制定本规定。\n第二条本规定适用于浦东新区。"
    )
    assert document.title == "上海市浦东新区绿色金融发展若干规定"
    assert document.issuers == ("上海市人民代表大会常务委员会",)
    assert (document.date, document.region, document.level, document.kind) == (
        "2022-06-22",
        "上海市",
        "province",
        "规定",
    )


def test_a_notice_issuing_several_plans_gives_one_document_per_plan() -> None:
    found = documents(
        "关于发布《碳排放权登记管理规则（试行）》《碳排放权交易管理规则（试行）》和\n《碳排放权结算管理规则（试行）》的公告\n"
        "为进一步规范全国碳排放权登记、交易、结算活动，现予公布。\n生态环境部\n2021年5月14日\n\f"
        "碳排放权登记管理规则（试行）\n第一章总则\n第一条为规范登记活动，制定本规则。\n\f"
        "碳排放权交易管理规则（试行）\n第一章总则\n第一条为规范交易活动，制定本规则。\n\f"
        "碳排放权结算管理规则（试行）\n第一章总则\n第一条为规范结算活动，制定本规则。",
        name="402_rules.pdf",
    )
    assert [d.title for d in found] == [
        "碳排放权登记管理规则（试行）",
        "碳排放权交易管理规则（试行）",
        "碳排放权结算管理规则（试行）",
    ]
    assert [d.id for d in found] == ["402_rules/001", "402_rules/002", "402_rules/003"]
    assert {d.issuer for d in found} == {"生态环境部"} and {d.kind for d in found} == {"规则"}
    assert all(d.wrapper_title and d.wrapper_title.endswith("的公告") for d in found)
    assert [d.pages for d in found] == [(1, 2), (3, 3), (4, 4)]


def test_notice_number_and_a_bare_bureau_resolved_to_its_province() -> None:
    (document,) = documents(
        "省林业局关于印发《2022年林业工作要点》\n的通知\n各市、州林业主管部门：\n现将《2022年林业工作要点》印发给你们。\n"
        "湖北省林业局\n2022年3月14日\n2022年林业工作要点\n2022年，全省林业部门要坚持稳绿提质。湖北省林业局将推进。\n"
        "一、深入贯彻落实\n（一）加强森林资源保护。"
    )
    assert (document.title, document.kind) == ("2022年林业工作要点", "要点")
    assert document.wrapper_title == "省林业局关于印发《2022年林业工作要点》的通知"
    assert document.issuers == ("湖北省林业局",) and (document.region, document.level) == (
        "湖北省",
        "province",
    )


def test_a_draft_mark_is_no_part_of_the_title() -> None:
    (document,) = documents(
        "上海市碳普惠体系建设工作方案\n（征求意见稿）\n为推动全社会低碳行动，制定本方案。\n一、总体要求"
    )
    assert document.title == "上海市碳普惠体系建设工作方案" and document.draft


def test_region_and_level_from_issuers() -> None:
    assert region_and_level("中共杭州市委") == ("杭州市", "city")
    assert region_and_level("梧州市人民政府") == ("梧州市", "city")
    assert region_and_level("青岛市黄岛区人民政府") == ("黄岛区", "district")
    assert region_and_level("北京经济技术开发区管理委员会") == ("北京经济技术开发区", "district")
    assert region_and_level("广西壮族自治区发展和改革委员会") == ("广西壮族自治区", "province")
    assert region_and_level("国家发展改革委") == ("中国", "ministry")
    assert region_and_level("国务院办公厅") == ("中国", "national")
    assert region_and_level("新疆生产建设兵团办公厅") == ("新疆生产建设兵团", "province")


def test_split_issuers() -> None:
    assert split_issuers("国家发展改革委、国家能源局") == ["国家发展改革委", "国家能源局"]
    assert split_issuers("生态环境部办公厅") == ["生态环境部办公厅"]
    assert split_issuers("住房和城乡建设部等15部门") == ["住房和城乡建设部"]
    assert split_issuers("四川省政府国有资产监督管理委员会") == ["四川省政府国有资产监督管理委员会"]
    assert split_issuers("推进节能降碳工作") is None


def test_kind_of_titles_with_periods_and_editions() -> None:
    assert kind_of("包头市深入推进林业草原碳汇三年行动计划（2021—2023年）") == "行动计划"
    assert kind_of("碳排放权交易管理办法（试行）") == "管理办法"
    assert kind_of("国家适应气候变化战略2035") == "战略"
    assert kind_of("中国应对气候变化的政策与行动白皮书") == "白皮书"


def test_a_cover_page_names_the_issuer_under_the_title() -> None:
    (document,) = documents(
        "附件\n内蒙古自治区\n“十四五”可再生能源发展规划\n内蒙古自治区能源局\n二〇二二年三月\n\f— 1 —\n"
        "一、发展基础\n（一）主要成效。装机规模持续扩大。\n二、主要目标\n（一）总体目标。到2025年，新能源装机达到1亿千瓦。"
    )
    assert document.title == "内蒙古自治区“十四五”可再生能源发展规划"
    assert document.issuers == ("内蒙古自治区能源局",)
    assert (document.region, document.level) == ("内蒙古自治区", "province")


def test_a_cover_page_whose_month_lost_its_character() -> None:
    (document,) = documents(
        "甲市可再生能源发展“十四五”规划\n甲市发展和改革委员会\n2021年12\n"
        "本规划依据《甲市国民经济和社会发展第十四个五年规划》编制。\n一、发展基础\n（一）资源条件。甲市地处平原。\n"
    )
    assert document.issuers == ("甲市发展和改革委员会",)
    (other,) = documents(
        "甲市可再生能源发展“十四五”规划\n甲市发展和改革委员会\n2021年13\n一、发展基础\n（一）资源条件。甲市地处平原。\n"
    )
    assert other.issuers == ()  # 13 is no month: no cover page


def test_a_red_header_names_every_joint_issuer_one_a_line() -> None:
    (document,) = documents(
        "— 1 —\n甲 省 发 展 和 改 革 委 员 会\n中共甲省委员会网络安全和信息化委员会办公室\n甲 省 通 信 管 理 局\n文 件\n"
        "甲发改高技〔2022〕12 号\n关于印发《甲省数据中心绿色发展若干举措》的通知\n各市发展改革委：\n"
        "现将《甲省数据中心绿色发展若干举措》印发给你们，请认真贯彻落实。\n通信管理局\n2022 年 4 月 21 日\n"
        "\f— 2 —\n甲省数据中心绿色发展若干举措\n一、推进节能改造。加快改造。"
    )
    assert document.issuers == (
        "甲省发展和改革委员会",
        "中共甲省委员会网络安全和信息化委员会办公室",
        "甲省通信管理局",
    )
    assert document.doc_number == "甲发改高技〔2022〕12号"


def test_a_one_line_red_header() -> None:
    (document,) = documents(
        "重庆市人民政府文件\n渝府发〔2022〕3 号\n重庆市人民政府\n关于推进绿色低碳发展的意见\n"
        "各区县（自治县）人民政府：\n一、总体要求\n推进绿色低碳发展。"
    )
    assert document.issuers[0] == "重庆市人民政府"
    assert document.region == "重庆市"


def test_a_signature_with_no_date_closes_the_text() -> None:
    (document,) = documents(
        "国家发展改革委等部门关于推进绿色发展的意见\n各省、自治区、直辖市发展改革委：\n"
        "一、总体要求\n（一）加强组织。各地方要加强领导，确保任务落地见效。\n"
        "国家发展改革委\n外交部\n生态环境部\n商务部"
    )
    assert document.issuers == ("国家发展改革委", "外交部", "生态环境部", "商务部")


def test_an_issuer_stated_in_words() -> None:
    (order,) = documents(
        "乙标准管理办法\n《乙标准管理办法》已于 2020 年 11 月 5 日由生态环境部部务会议\n审议通过，现予公布。\n"
        "部长 某某\n2020 年 12 月 15 日\n第一章 总则\n第一条 为加强管理，制定本办法。"
    )
    assert order.issuers == ("生态环境部",)
    (commentary,) = documents(
        "近日，湖南省工业和信息化厅发布《湖南省工业绿色“十四五”发展\n规划》（以下简称《规划》），现就相关问题解读如下。\n"
        "一、《规划》编制背景\n为推动工业绿色低碳转型，制定本规划。"
    )
    assert commentary.issuers == ("湖南省工业和信息化厅",)
    (page,) = documents(
        "关于印发《丙市绿色社区创建行动实施方案》的通知\n信息来源：市住房和城乡建设委发布时间：2021 年 10 月 15 日\n"
        "各区人民政府：\n现将《丙市绿色社区创建行动实施方案》印发给你们。\n丙市绿色社区创建行动实施方案\n一、总体要求\n推进丙市绿色社区创建。"
    )
    assert page.issuers and page.issuers[0].endswith("住房和城乡建设委")


def test_a_notice_putting_a_plan_out_for_comment_wraps_it() -> None:
    (document,) = documents(
        "关于《甲市重点领域节能降碳\n技术改造实施方案》的公示\n根据工作安排，现将方案予以公示。\n"
        "甲市重点领域节能降碳技术改造实施方案\n一、总体要求\n（一）指导思想。推动节能降碳。\n"
        "二、主要任务\n（一）推进改造。\n甲市发展和改革委员会\n2022年5月6日\n"
    )
    assert document.title == "甲市重点领域节能降碳技术改造实施方案"
    assert document.wrapper_title == "关于《甲市重点领域节能降碳技术改造实施方案》的公示"


def test_dates_of_a_meeting_line_and_of_a_signature_before_an_annex() -> None:
    (decided,) = documents(
        "中共甲市委关于促进城市绿色低碳发展的决定\n"
        "（2021年12月28日中国共产党甲市第十三届委员会第十次全体会议通过）\n"
        "为深入贯彻新发展理念，作出如下决定。\n一、总体要求\n（一）深刻领会重大意义。加快转型。\n"
        "二、主要任务\n（一）优化空间结构。推进建设。\n"
    )
    assert decided.date == "2021-12-28"
    (notice,) = documents(
        "乙政办规〔2022〕2号\n乙市人民政府办公室关于实施林业碳汇行动的通知\n各县（市、区）人民政府：\n"
        "现就有关事项通知如下：\n一、指导思想\n推进林业碳汇。\n二、主要任务\n（一）完成造林。\n"
        "乙市人民政府办公室\n2022年5月31日\n（此件主动公开）\n附件\n乙市林业碳汇工作领导小组成员名单\n"
        "组长：甲某\n副组长：乙某\n成员：丙某\n丁某\n戊某\n己某\n庚某\n辛某\n壬某\n癸某\n子某\n丑某\n寅某\n"
    )
    assert notice.date == "2022-05-31"


def test_an_organ_opening_the_title_before_its_year_is_the_issuer() -> None:
    (plan,) = documents(
        "省生态环境厅2021年度推动碳达峰、碳中和工作计划\n为贯彻落实部署，制定本计划。\n一、总体要求\n（一）指导思想。推进工作。\n"
        "二、主要任务\n（一）推进减排。完成任务。\n"
    )
    assert plan.issuers == ("省生态环境厅",)


def test_the_print_record_gives_date_and_issuer_when_nothing_else_does() -> None:
    (plan,) = documents(
        "甲省“十四五”土壤生态环境保护规划\n为推进工作，制定本规划。\n一、总体要求\n（一）指导思想。推进治理。\n"
        "二、主要任务\n（一）推进防治。完成任务。\n抄送：生态环境部办公厅。\n甲省生态环境厅办公室2022年6月6日印发\n"
    )
    assert (plan.date, plan.issuers) == ("2022-06-06", ("甲省生态环境厅",))


def test_branches_of_national_bodies_and_a_name_broken_in_a_two_column_signature() -> None:
    assert split_issuers("中国人民银行佛山市中心支行中国银行保险监督管理委员会佛山监管分局") == [
        "中国人民银行佛山市中心支行",
        "中国银行保险监督管理委员会佛山监管分局",
    ]
    assert split_issuers("佛山市生态环境局国家税务总局佛山市税务局") == [
        "佛山市生态环境局",
        "国家税务总局佛山市税务局",
    ]
    (plan,) = documents(
        "佛山市绿色建筑创建行动实施方案\n一、创建目标\n推进绿色建筑。\n二、重点任务\n（一）完善标准。推进工作。\n"
        "佛山市住房和城乡建设局佛山市发展和改革局\n中国人民银行佛山市中心支行中国银行保险监督管理\n委员会佛山市监管分局\n"
        "佛山市住房公积金管理中心\n2022年3月4日\n"
    )
    assert plan.issuers == (
        "佛山市住房和城乡建设局",
        "佛山市发展和改革局",
        "中国人民银行佛山市中心支行",
        "中国银行保险监督管理委员会佛山市监管分局",
        "佛山市住房公积金管理中心",
    )


def test_a_seal_line_under_the_issuer_and_issuers_joined_by_lianhe() -> None:
    (sealed,) = documents(
        "市级机关各单位：\n《甲市公共机构绿色低碳行动方案》已经市政府审议批准，现印发给你们。\n特此通知。\n"
        "上海市公共机构节能工作联席会议办公室\n（上海市机关事务管理局代章）\n2022 年 1 月 14 日\n"
        "甲市公共机构绿色低碳行动方案\n一、总体要求\n推进节能。"
    )
    assert sealed.issuers == ("上海市公共机构节能工作联席会议办公室",)
    assert sealed.date == "2022-01-14"
    (joint,) = documents(
        "近日，人民银行西安分行联合陕西银保监局、省发展改革委发布《关于金融支持陕西省绿色发展的指导意见》，"
        "完善绿色金融政策框架。\n《指导意见》提出，促进绿色金融融资支持力度显著增长。"
    )
    assert joint.issuers == ("人民银行西安分行", "陕西银保监局", "陕西省发展改革委")
    assert joint.region == "陕西省"  # the branch serves the province; the departments name it


def test_a_national_plan_that_names_no_issuer_is_a_ministrys() -> None:
    (plan,) = documents("“十四五”甲类能源体系规划\n一、发展基础\n全国能源供应保障能力不断增强。")
    assert (plan.region, plan.level) == ("中国", "ministry")


def test_a_number_under_a_title_whose_last_word_broke_and_a_fire_corps_signing() -> None:
    (document,) = documents(
        "甲自治区能源局关于印发《甲自治区电力发展规划》的通\n知\n甲能电力字〔2022〕105号\n各盟市能源局：\n"
        "现将规划印发给你们，请认真贯彻执行。\n甲自治区能源局 甲自治区消防救援总队\n2022年3月28日\n"
        "甲自治区电力发展规划\n一、总体要求\n（一）指导思想。推动电力发展。\n"
    )
    assert document.doc_number == "甲能电力字〔2022〕105号"  # not 知甲能电力字…
    assert document.issuers == ("甲自治区能源局", "甲自治区消防救援总队")


def test_a_city_government_office_is_its_peoples_government_office() -> None:
    from policykg.loaders.extract.canonical import expand

    assert expand("深圳市政府办公厅") == expand("深圳市人民政府办公厅") == "深圳市人民政府办公厅"
    assert expand("区政府办公室") == "区人民政府办公室"
