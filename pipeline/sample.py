"""Deterministic sample inputs for every domain, shaped like real government exports.

`write_sample` writes cases, hotline calls, commitments, prices and disclosure requests
under ``out/<domain>/`` as the input contracts of DESIGN.md describe them, with the mess
the ingest has to survive: a GB18030 file and BOM files, an XLSX with Chinese headers and
a mapping sidecar, mixed date forms, word and digit ratings, exact duplicate rows, a
handful of unreadable rows and synthetic personal data (names, mobiles, ID numbers with a
valid check digit) in personal columns and glued into free text. The same scale and seed
give byte-identical files; the data covers 2023-11-01 .. 2026-10-31, never today.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

# --- period, volumes and mess --------------------------------------------------------
FIRST_DAY, LAST_DAY = np.datetime64("2023-11-01"), np.datetime64("2026-10-31")
END = np.datetime64("2026-10-31T23:59:59")  # what would happen later is not known yet
CASES_AT_1, CALLS_AT_1, REQUESTS_AT_1 = 100_000, 150_000, 4_500
MIN_ROWS = 25  # per case source, so tiny scales still have every source
YEARLY_GROWTH = 0.06
MONTH_FACTOR = np.array([0.95, 0.72, 1.0, 1.02, 1.05, 1.1, 1.16, 1.12, 1.04, 0.92, 1.0, 0.98])
MIN_HANDLING_DAYS = 10 / 1440
DUPLICATE_SHARE = 0.005
BAD_ROW_EVERY, BAD_ROWS_MAX, BAD_ROWS_MIN_FILE = 2_000, 8, 300
BROKEN = "<one field too many>"  # bad-row plan entry handled by the CSV writer
CODE_CASE_SHARE = 0.01  # codes written as `Complaint` or `COMPLAINT`
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
ZIP_TIME = (2026, 11, 1, 0, 0, 0)
STREET, ANY = "街道", "*"  # department placeholders: the area's street office, any office

# --- people and places (synthetic) ---------------------------------------------------
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
                "袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国文斌宇浩凯鹏辉玲燕红梅"
             "兰云飞波亮峰俊婷雪琳晨欣怡涵轩思雨佳琪志海秀玉淑珍德永新立晓春荣")
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "155", "156", "158", "159", "166", "177", "180", "181",
                   "182", "186", "187", "188", "189", "191", "199"]
PHONE_STYLES = (0.62, 0.14, 0.08, 0.08, 0.05, 0.03)  # plain, dashes, +86 spaced, spaced, ＦＷ, +86
REGION_CODES = ["340702", "340705", "340711", "340721", "340722", "340823", "341202"]
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
AREAS = (("东关街道", "DG", 16), ("西城街道", "XC", 14), ("南湖街道", "NH", 13),
         ("北山街道", "BS", 10), ("新华街道", "XH", 15), ("和平街道", "HP", 11),
         ("人民路街道", "RM", 12), ("金桥镇", "JQ", 9))
OFFICES = tuple(a + ("人民政府" if a.endswith("镇") else "办事处") for a, _, _ in AREAS)
ROADS = ["人民路", "解放路", "建设路", "新华路", "和平路", "中山路", "长江路", "淮河路", "文化路",
         "北京路", "幸福路", "金桥大道"]
ESTATES = ["阳光花园", "金色家园", "幸福里小区", "锦绣华庭", "翠湖苑", "东方名城", "滨江小区",
           "铜官新村", "学府雅居", "丽景湾"]
FIRMS = (["鑫源", "恒达", "华盛", "瑞丰", "金鼎", "宏图", "佳禾", "润泽", "安泰", "永兴"],
         ["商贸", "餐饮管理", "建筑工程", "物流", "科技", "文化传媒", "物业服务"])

# --- cases: category, department, weight, due days, what residents write -------------
CASE_CATEGORIES = {
    "city_management": [
        ("市容环境", "区城管局", 14, 3, "沿街门店门前脏乱，垃圾未及时清运"),
        ("占道经营", "区城管局", 14, 2, "路口流动摊贩占道经营，影响行人通行"),
        ("违章搭建", STREET, 8, 7, "小区有住户在楼顶违章搭建"),
        ("噪声扰民", "区生态环境局", 9, 3, "附近工地夜间施工噪声扰民"),
        ("乱堆乱放", STREET, 10, 3, "楼道内堆放杂物，存在消防隐患"),
        ("暴露垃圾", "区城管局", 10, 1, "路边绿化带内有暴露垃圾"),
        ("井盖破损", "区住建局", 5, 1, "人行道井盖破损，存在安全隐患"),
        ("路灯故障", "区城管局", 6, 2, "小区周边道路路灯不亮"),
        ("违规广告", "区城管局", 5, 3, "墙面和电线杆上有小广告"),
        ("油烟污染", "区生态环境局", 5, 5, "餐饮店油烟直排，影响周边居民"),
        ("无照经营", "区市场监管局", 4, 5, "街边有无照经营的小作坊"),
        ("非机动车乱停放", "区交通运输局", 6, 2, "共享单车乱停放，堵塞盲道"),
        ("绿化损坏", "区城管局", 4, 5, "绿化带树木被折断，草坪被踩踏")],
    "mediation": [
        ("邻里纠纷", STREET, 22, 30, "因楼上漏水与邻居发生纠纷"),
        ("婚姻家庭", "区司法局", 12, 30, "夫妻因赡养老人问题发生矛盾"),
        ("劳动争议", "区人社局", 12, 30, "与用人单位就解除劳动合同的补偿发生争议"),
        ("拖欠工资", "区人社局", 10, 30, "工地拖欠农民工工资"),
        ("物业管理", "区住建局", 12, 30, "业主与物业公司因物业费和服务质量发生纠纷"),
        ("房屋租赁", STREET, 8, 30, "房东拒不退还租房押金"),
        ("医患纠纷", "区卫健委", 5, 30, "患者家属对诊疗结果有异议"),
        ("交通事故", "区司法局", 8, 30, "交通事故赔偿数额协商不成"),
        ("消费纠纷", "区市场监管局", 7, 30, "预付卡商家关门无法退款"),
        ("征地拆迁", "区住建局", 4, 30, "对房屋征收补偿标准有异议")],
    "approval": [
        ("营业执照", "区行政审批局", 30, 3, "个体工商户营业执照"),
        ("食品经营许可", "区行政审批局", 18, 10, "食品经营许可证"),
        ("施工许可", "区行政审批局", 8, 7, "建筑工程施工许可证"),
        ("公共场所卫生许可", "区行政审批局", 8, 10, "公共场所卫生许可证"),
        ("道路运输许可", "区交通运输局", 5, 15, "道路运输经营许可证"),
        ("排污许可", "区生态环境局", 3, 20, "排污许可证"),
        ("民办学校设立", "区教育局", 2, 20, "民办培训学校办学许可证"),
        ("社会团体登记", "区民政局", 3, 20, "社会团体成立登记"),
        ("人力资源服务许可", "区人社局", 3, 20, "人力资源服务许可证"),
        ("药品零售许可", "区市场监管局", 5, 15, "药品经营许可证（零售）"),
        ("户外广告设置", "区城管局", 5, 10, "户外广告设施设置许可")],
    "complaint": [
        ("办事拖延", ANY, 25, 15, "办事人员拖延办理，多次往返未果"),
        ("服务态度", ANY, 20, 15, "窗口工作人员态度生硬"),
        ("推诿扯皮", ANY, 15, 15, "多个部门相互推诿，问题长期得不到解决"),
        ("乱收费", ANY, 6, 15, "办理业务时被要求缴纳不合理费用"),
        ("政策落实", ANY, 14, 15, "惠民政策未落实到位"),
        ("工作作风", ANY, 10, 15, "工作人员上班时间脱岗"),
        ("执法不规范", "区城管局", 10, 15, "执法人员执法过程不规范")],
}
COMPLAINT_DEPARTMENTS = {"区城管局": 14, "区住建局": 12, "区市场监管局": 9, "区人社局": 10,
                         "区行政审批局": 7, "区教育局": 8, "区卫健委": 8, "区民政局": 6,
                         "区交通运输局": 6, "区生态环境局": 5, "区自然资源局": 5,
                         "区信访局": 3, STREET: 20}
OUTCOMES = ("resolved", "partially_resolved", "unresolved", "referred", "withdrawn")
SCORE_P = {"resolved": (.02, .02, .06, .25, .65), "partially_resolved": (.1, .15, .3, .3, .15),
           "unresolved": (.45, .25, .15, .1, .05), "referred": (.05, .08, .2, .35, .32),
           "withdrawn": (.05, .05, .3, .3, .3)}


class Source(NamedTuple):
    share: float
    prefix: str  # of case ids
    weekend: float  # weekend volume relative to a weekday
    hours: tuple[float, float, float]  # earliest, commonest, latest hour received
    median_share: float  # median handling time as a share of the due period
    sigma: float  # spread of the log handling time
    stuck: float  # share never closed: the long backlog
    no_due: float  # share without a due date
    local: float  # share handed to the area's street office
    outcomes: tuple[float, ...]  # in OUTCOMES order
    rated: float  # share of closed cases with a satisfaction rating
    channels: dict[str, float]
    id_share: float  # reporters whose ID number is on file
    open_status: tuple[str, ...]
    closed_status: tuple[str, ...]


SOURCES = {
    "city_management": Source(
        .62, "CG", .8, (6, 10, 21), .35, .8, .045, .03, .2, (.9, .03, .02, .04, .01), .35,
        {"patrol": .55, "app": .18, "hotline": .17, "web": .07, "other": .03}, .05,
        ("已派遣", "处置中", "待核查"), ("已结案", "已归档")),
    "mediation": Source(
        .12, "TJ", .3, (8, 10, 18), .27, .7, .015, 0, .15, (.93, .02, .03, 0, .02), .5,
        {"walk_in": .5, "hotline": .15, "web": .1, "letter": .05, "other": .2}, .85,
        ("已受理", "调解中"), ("已结案", "调解终结")),
    "approval": Source(
        .23, "SP", .05, (8, 10, 17.5), .3, .45, .003, 0, 0, (.96, 0, .02, 0, .02), .6,
        {"walk_in": .5, "web": .42, "app": .08}, .95, ("已受理", "审查中"), ("已办结",)),
    "complaint": Source(
        .03, "TS", .5, (8, 11, 20), .4, .6, .02, .05, 0, (.8, .08, .05, .05, .02), .6,
        {"hotline": .35, "web": .3, "letter": .15, "walk_in": .15, "app": .05}, .4,
        ("调查核实中", "已转办"), ("已办结", "已反馈")),
}
CASE_COLUMNS = ["case_id", "source", "received_at", "due_at", "closed_at", "status",
                "outcome", "department", "category", "district", "grid", "channel",
                "satisfaction", "summary", "reporter_name", "reporter_phone",
                "reporter_id_number", "address"]
CASE_BAD = [("received_at", "待补录"), ("case_id", ""), (BROKEN, ""),
            ("received_at", "2025-02-30 09:15:00"), ("department", "")]


class Style(NamedTuple):
    """How one exporting system writes its file."""
    path: str
    encoding: str
    dates: dict[str, float]  # date form → share
    words: float  # share of ratings written 满意/基本满意/不满意
    bools: dict[str, float]  # boolean form → share
    newline: str = "\n"


CASE_FILES = {
    2024: Style("cases/cases_2023_2024.csv", "gb18030",
                {"slash": .7, "iso": .22, "cn": .075, "excel": .005}, .35, {}, "\r\n"),
    2025: Style("cases/cases_2025.csv", "utf-8-sig",
                {"iso": .78, "slash": .12, "cn": .06, "iso_tz": .035, "excel": .005}, .2, {}),
    2026: Style("cases/cases_2026.csv", "utf-8",
                {"iso_tz": .45, "iso": .45, "slash": .06, "cn": .035, "excel": .005}, .1, {}),
}
XLSX_PATH = "cases/approvals_export.xlsx"
XLSX_HEADERS = {"办件编号": "case_id", "事项类型": "source", "受理时间": "received_at",
                "承诺办结时间": "due_at", "办结时间": "closed_at", "办件状态": "status",
                "办理结果": "outcome", "承办部门": "department", "事项名称": "category",
                "所属街道": "district", "申报渠道": "channel", "评价": "satisfaction",
                "办件摘要": "summary", "申请人": "reporter_name", "联系电话": "reporter_phone",
                "证件号码": "reporter_id_number", "联系地址": "address"}
XLSX_VALUES = {"source": {"行政审批": "approval"},
               "outcome": {"准予许可": "resolved", "部分准予": "partially_resolved",
                           "不予许可": "unresolved", "转办": "referred", "申请人撤回": "withdrawn"},
               "channel": {"窗口受理": "walk_in", "网上申报": "web", "掌上办": "app"}}
XLSX_DATE_FORMAT = "%Y%m%d%H%M%S"

# --- hotline --------------------------------------------------------------------------
KINDS, KIND_P = ("consultation", "complaint", "suggestion", "praise", "other"), \
    (.62, .24, .07, .03, .04)
ANSWER_RATE, PROGRAMME_SHARE, PROGRAMME_WEEKDAYS = .94, .03, (1, 3)  # Tuesday, Thursday
PROGRAMME_BREAKS = [("2024-02-08", "2024-02-18"), ("2024-10-01", "2024-10-07"),
                    ("2025-01-27", "2025-02-05"), ("2025-10-01", "2025-10-08"),
                    ("2026-02-14", "2026-02-23"), ("2026-10-01", "2026-10-07")]
HOTLINE_TOPICS = [  # department, weight, topic
    ("区人社局", 14, "社保缴费和退休待遇"), ("区人社局", 6, "拖欠工资"),
    ("区住建局", 10, "小区物业管理和维修资金"), ("区城管局", 10, "占道经营和市容环境"),
    ("区生态环境局", 6, "噪声和油烟扰民"), ("区教育局", 8, "中小学入学政策"),
    ("区卫健委", 6, "医保报销和就医服务"), ("区市场监管局", 8, "商品价格和消费维权"),
    ("区交通运输局", 6, "公交线路和出租车服务"), ("区民政局", 5, "低保和养老服务补贴"),
    ("区行政审批局", 6, "营业执照办理流程"), ("区自然资源局", 3, "不动产登记"),
    ("区司法局", 3, "法律援助申请"), ("区信访局", 2, "信访事项办理进度"),
    (STREET, 7, "社区服务和居住证办理")]
OTHER_CALLS = ["来电未说明事由", "查询天气情况", "拨错电话", "沉默来电"]
CALL_COLUMNS = ["call_id", "received_at", "answered", "wait_seconds", "kind", "department",
                "replied_at", "resolved_at", "resolved", "satisfaction", "programme_date",
                "summary", "caller_name", "caller_phone"]
CALL_COLUMNS_NEW = ["call_id", "received_at", "caller_name", "caller_phone", "kind",
                    "answered", "wait_seconds", "seat_no", "department", "summary",
                    "replied_at", "resolved", "resolved_at", "satisfaction", "programme_date"]
CALL_SPLIT = np.datetime64("2025-05-01")  # the hotline system changed here
CALL_FILES = (
    Style("hotline/calls_2023-11_2025-04.csv", "utf-8-sig",
          {"slash": .6, "iso": .367, "cn": .03, "excel": .003}, .5, {"10": .85, "cn": .15}),
    Style("hotline/calls_2025-05_2026-10.csv", "utf-8",
          {"iso_tz": .5, "iso": .448, "slash": .05, "excel": .002}, .1,
          {"tf": .8, "10": .1, "cn": .1}))
CALL_BAD = [("received_at", "待补录"), ("call_id", ""), (BROKEN, ""), ("answered", "未知"),
            ("kind", "")]

# --- commitments ----------------------------------------------------------------------
COMMITMENT_YEARS, DEPT_PER_YEAR, STREET_PER_YEAR = (2024, 2025, 2026), 34, 26
DEPT_PLEDGES = [  # department | category | title | target | low | high
    "区住建局|城市建设|完成老旧小区改造{n}个|{n}个小区改造完工并通过验收|6|15",
    "区住建局|城市建设|既有住宅加装电梯{n}部|{n}部电梯投入使用|20|60",
    "区住建局|民生保障|筹集保障性租赁住房{n}套|{n}套房源交付使用|300|800",
    "区住建局|城市建设|完成雨污分流改造{n}公里|{n}公里管网完工|8|20",
    "区城管局|城市管理|新建改造公共厕所{n}座|{n}座公厕投入使用|8|20",
    "区城管局|城市管理|数字城管案件结案率达到{n}%|全年结案率不低于{n}%|93|97",
    "区城管局|城市管理|新增公共停车泊位{n}个|{n}个泊位投入使用|500|1500",
    "区城管局|城市管理|完成背街小巷整治{n}条|{n}条背街小巷整治完工|15|40",
    "区教育局|教育|新增公办幼儿园学位{n}个|{n}个学位秋季投入使用|300|900",
    "区教育局|教育|新建改扩建中小学{n}所|{n}所学校竣工|1|4",
    "区教育局|教育|课后服务覆盖学生{n}人|参与课后服务学生{n}人|8000|15000",
    "区卫健委|卫生健康|家庭医生签约覆盖率达到{n}%|重点人群签约率{n}%|70|85",
    "区卫健委|卫生健康|建成社区卫生服务站{n}个|{n}个服务站开诊|2|6",
    "区卫健委|卫生健康|为{n}名65岁以上老人免费健康体检|体检{n}人|15000|25000",
    "区人社局|就业社保|城镇新增就业{n}人|新增就业{n}人|4000|6000",
    "区人社局|就业社保|开展职业技能培训{n}人次|培训{n}人次|3000|6000",
    "区人社局|就业社保|拖欠农民工工资案件动态清零|欠薪案件结案率100%|0|0",
    "区民政局|民生保障|新建社区养老服务站{n}个|{n}个服务站运营|4|10",
    "区民政局|民生保障|为{n}户困难老人家庭实施适老化改造|完成改造{n}户|200|500",
    "区行政审批局|营商环境|企业开办时间压缩至{n}个工作日|企业开办平均用时≤{n}个工作日|1|2",
    "区行政审批局|营商环境|政务服务事项网上可办率达到{n}%|网上可办率{n}%|95|99",
    "区市场监管局|营商环境|完成农贸市场标准化改造{n}家|{n}家市场通过验收|2|5",
    "区市场监管局|民生保障|完成食品安全抽检{n}批次|抽检{n}批次|2000|4000",
    "区发展改革委|民生保障|“价比三家”监测{n}个品种并每周发布|每周发布{n}个品种价格|141|141",
    "区交通运输局|交通出行|新辟优化公交线路{n}条|{n}条线路开通|3|8",
    "区交通运输局|交通出行|建成公共充电桩{n}个|{n}个充电桩投入使用|200|600",
    "区交通运输局|交通出行|改造提升农村公路{n}公里|{n}公里完工|10|30",
    "区生态环境局|生态环境|PM2.5年均浓度下降{n}%|同比下降{n}%|2|5",
    "区生态环境局|生态环境|完成{n}家餐饮单位油烟治理|{n}家完成治理|100|300",
    "区司法局|平安建设|人民调解成功率保持在{n}%以上|调解成功率≥{n}%|92|96",
    "区司法局|平安建设|建成公共法律服务工作站{n}个|{n}个工作站运行|5|12",
    "区信访局|平安建设|信访事项按期办结率达到{n}%|按期办结率≥{n}%|95|99",
    "区自然资源局|城市建设|解决历史遗留不动产办证{n}户|办证{n}户|500|2000",
    "区政府办公室|政务公开|依申请公开按期答复率达到100%|按期答复率100%|0|0",
    "区政府办公室|政务公开|“行风热线”直播{n}期|直播{n}期|90|104",
    "区城管局|城市管理|生活垃圾分类小区覆盖率达到{n}%|覆盖率{n}%|80|95",
]
STREET_PLEDGES = [  # category | title | target | low | high
    "社会治理|优化调整网格{n}个并配齐专职网格员|{n}个网格配齐网格员|20|40",
    "城市管理|完成{n}个无物业小区托管|{n}个小区实现物业托管|3|8",
    "民生保障|建成“15分钟便民生活圈”{n}个|{n}个生活圈建成|1|3",
    "城市建设|完成{n}个小区雨污分流改造|{n}个小区完工|2|6",
    "社会治理|矛盾纠纷调处成功率达到{n}%|调处成功率≥{n}%|92|97",
]
VICE_PORTFOLIOS = (("区住建局", "区城管局", "区自然资源局", "区交通运输局"),
                   ("区教育局", "区卫健委", "区民政局", "区人社局"),
                   ("区发展改革委", "区市场监管局", "区行政审批局"),
                   ("区司法局", "区信访局", "区政府办公室", "区生态环境局"))
FINALS, FINAL_P = ("fulfilled", "partially_fulfilled", "not_fulfilled", "withdrawn"), \
    (.78, .11, .08, .03)
MIDYEAR = {"fulfilled": (("on_track", "delayed", "fulfilled"), (.85, .07, .08)),
           "partially_fulfilled": (("on_track", "delayed"), (.4, .6)),
           "not_fulfilled": (("delayed", "on_track", "not_started"), (.7, .2, .1)),
           "withdrawn": (("withdrawn", "delayed"), (.5, .5))}
PROGRESS = {"not_started": (0, 5), "on_track": (40, 65), "delayed": (15, 40),
            "fulfilled": (100, 100), "partially_fulfilled": (60, 95),
            "not_fulfilled": (15, 55), "interim on_track": (70, 90),
            "interim delayed": (40, 65)}
NOTES = {"not_started": "年初公开承诺，已制定实施方案", "on_track": "按计划推进",
         "delayed": "受征收协调和资金拨付影响，进度滞后，已督办",
         "fulfilled": "已全面完成，经第三方核验", "partially_fulfilled": "完成部分目标任务",
         "not_fulfilled": "未能按期完成，已说明原因并制定整改措施",
         "withdrawn": "因上级政策调整，经区政府常务会议研究同意撤回"}
DAY_DATES = {"day": .78, "cn": .12, "slash_day": .09, "excel_day": .01}

# --- prices: one line per category, items as 中文名|English|price or with unit|spec ----
ITEM_PREFIX = {"grain": "G", "oil": "O", "meat": "M", "egg": "E", "aquatic": "A",
               "vegetable": "V", "fruit": "F", "dairy": "D", "medicine": "P", "daily": "H"}
ITEM_DEFAULTS = {"meat": ("500g", "鲜肉"), "aquatic": ("500g", "鲜活"),
                 "vegetable": ("500g", "散装"), "fruit": ("500g", "散装")}
ITEMS = {
    "grain": "东北大米|Northeast rice|kg|散装|6.4; 五常大米|Wuchang rice|袋|5kg|79.9; "
             "泰国香米|Thai jasmine rice|袋|5kg|59.9; 籼米|Indica rice|kg|散装|5.2; "
             "特一粉|Premium wheat flour|kg|散装|5.0; 金龙鱼面粉|Arawana flour|袋|2.5kg|17.9; "
             "富强粉|Enriched flour|袋|5kg|26.5; 挂面|Dried noodles|袋|1kg|9.9; "
             "小米|Millet|kg|散装|10.8; 玉米面|Cornmeal|kg|散装|6.0; "
             "糯米|Glutinous rice|kg|散装|8.6; 绿豆|Mung beans|kg|散装|14.0; "
             "红小豆|Red beans|kg|散装|15.6; 黄豆|Soybeans|kg|散装|9.8",
    "oil": "鲁花花生油|Luhua peanut oil|桶|5L|159.9; 金龙鱼调和油|Arawana blended oil|桶|5L|69.9; "
           "福临门大豆油|Fulinmen soybean oil|桶|5L|59.9; 金龙鱼菜籽油|Arawana rapeseed oil|桶|5L|79.9; "
           "玉米油|Corn oil|桶|5L|75.0; 葵花籽油|Sunflower oil|桶|5L|89.0; "
           "散装花生油|Bulk peanut oil|kg|散装|30.0; 小磨香油|Sesame oil|瓶|400ml|25.8; "
           "橄榄油|Olive oil|瓶|500ml|59.0; 稻米油|Rice bran oil|桶|5L|79.0",
    "meat": "猪后腿肉|Pork hind leg|14.5; 猪五花肉|Pork belly|17.0; 猪里脊|Pork tenderloin|18.0; "
            "猪排骨|Pork ribs|24.0; 猪前腿肉|Pork foreleg|13.5; 牛腱子肉|Beef shank|42.0; "
            "牛腩|Beef brisket|38.0; 羊肉卷|Lamb rolls|500g|冷冻|36.0; 羊腿肉|Lamb leg|40.0; "
            "白条鸡|Whole chicken|500g|冰鲜|11.5; 鸡胸肉|Chicken breast|500g|冰鲜|10.0; "
            "鸡腿|Chicken legs|500g|冰鲜|12.0; 鸭肉|Duck|500g|冰鲜|10.5; "
            "双汇火腿肠|Shuanghui ham sausage|袋|270g|12.5",
    "egg": "鲜鸡蛋|Fresh eggs|500g|散装|5.6; 土鸡蛋|Free-range eggs|盒|30枚|39.9; "
           "鲜鸭蛋|Fresh duck eggs|500g|散装|8.0; 鹌鹑蛋|Quail eggs|500g|散装|9.5; "
           "咸鸭蛋|Salted duck eggs|盒|6枚|15.8",
    "aquatic": "草鱼|Grass carp|9.0; 鲢鱼|Silver carp|6.5; 鲫鱼|Crucian carp|12.0; "
               "鲤鱼|Common carp|8.5; 黄鳝|Rice-field eel|45.0; 带鱼|Hairtail|500g|冷冻|25.0; "
               "小黄鱼|Small yellow croaker|500g|冷冻|18.0; 基围虾|Greasyback shrimp|45.0; "
               "小龙虾|Crayfish|28.0; 鱿鱼|Squid|500g|冷冻|22.0; 海带|Kelp|500g|干货|8.0; "
               "花蛤|Clams|10.0",
    "vegetable": "大白菜|Chinese cabbage|1.2; 小白菜|Bok choy|2.5; 菠菜|Spinach|3.5; "
                 "芹菜|Celery|2.8; 韭菜|Chinese chives|3.5; 生菜|Lettuce|3.0; "
                 "油麦菜|Indian lettuce|3.2; 卷心菜|Cabbage|1.5; 西兰花|Broccoli|4.5; "
                 "菜花|Cauliflower|3.0; 黄瓜|Cucumber|2.8; 西红柿|Tomato|3.5; 茄子|Eggplant|3.0; "
                 "青椒|Green pepper|3.8; 尖椒|Hot pepper|4.5; 土豆|Potato|1.8; "
                 "白萝卜|White radish|1.3; 胡萝卜|Carrot|1.8; 洋葱|Onion|1.8; 冬瓜|Wax gourd|1.2; "
                 "南瓜|Pumpkin|1.8; 豆角|Green beans|5.0; 蒜薹|Garlic shoots|6.0; "
                 "莲藕|Lotus root|4.5; 山药|Chinese yam|6.0; 生姜|Ginger|8.0; 大蒜|Garlic|7.0; "
                 "大葱|Scallion|3.0; 香菇|Shiitake|8.0; 豆腐|Tofu|500g|盒装|3.0",
    "fruit": "富士苹果|Fuji apple|500g|80mm以上|6.0; 香蕉|Banana|3.5; 砀山梨|Dangshan pear|3.5; "
             "赣南脐橙|Gannan navel orange|6.0; 砂糖橘|Shatang mandarin|5.0; "
             "巨峰葡萄|Kyoho grapes|8.0; 西瓜|Watermelon|2.0; 哈密瓜|Hami melon|4.5; "
             "猕猴桃|Kiwifruit|8.0; 水蜜桃|Juicy peach|6.0; 草莓|Strawberry|15.0; "
             "火龙果|Dragon fruit|7.0; 柚子|Pomelo|3.5; 芒果|Mango|8.0; 菠萝|Pineapple|4.0; "
             "樱桃|Cherry|30.0",
    "dairy": "伊利纯牛奶|Yili pure milk|箱|250ml×24盒|65.0; 蒙牛纯牛奶|Mengniu pure milk|箱|"
             "250ml×24盒|62.0; 光明鲜牛奶|Bright fresh milk|瓶|950ml|16.8; "
             "安慕希酸奶|Ambrosial yogurt|箱|205g×12盒|59.9; 特仑苏纯牛奶|Deluxe milk|箱|"
             "250ml×12盒|62.0; 君乐宝酸奶|Junlebao yogurt|袋|180g×6|14.9; "
             "飞鹤婴儿奶粉|Feihe infant formula|罐|900g|268.0; 伊利全脂奶粉|Yili milk powder|袋|"
             "400g|39.0; 妙可蓝多奶酪棒|Milkground cheese sticks|袋|500g|45.0; "
             "光明原味酸奶|Bright plain yogurt|盒|100g×8|13.5",
    "medicine": "阿莫西林胶囊|Amoxicillin capsules|盒|0.25g×24粒|12.0; 布洛芬缓释胶囊|"
                "Ibuprofen SR capsules|盒|0.3g×20粒|18.0; 对乙酰氨基酚片|Paracetamol tablets|盒|"
                "0.5g×20片|6.5; 复方感冒灵颗粒|Compound cold granules|盒|10g×9袋|15.0; "
                "板蓝根颗粒|Isatis root granules|盒|10g×20袋|16.0; 连花清瘟胶囊|Lianhua Qingwen "
                "capsules|盒|0.35g×36粒|28.0; 蒙脱石散|Montmorillonite powder|盒|3g×10袋|15.0; "
                "藿香正气水|Huoxiang Zhengqi liquid|盒|10ml×10支|12.0; 硝苯地平缓释片|"
                "Nifedipine SR tablets|盒|20mg×30片|25.0; 盐酸二甲双胍片|Metformin tablets|盒|"
                "0.5g×48片|18.0; 阿司匹林肠溶片|Aspirin enteric tablets|盒|100mg×30片|15.0; "
                "头孢克肟分散片|Cefixime tablets|盒|0.1g×12片|30.0; 氯雷他定片|Loratadine "
                "tablets|盒|10mg×6片|18.0; 奥美拉唑肠溶胶囊|Omeprazole capsules|盒|20mg×14粒|"
                "16.0; 云南白药气雾剂|Yunnan Baiyao aerosol|盒|85g+30g|58.0; 医用外科口罩|"
                "Surgical masks|盒|50只|25.0; 医用酒精|Medical alcohol|瓶|75% 500ml|8.0; "
                "创可贴|Adhesive bandages|盒|100片|15.0",
    "daily": "立白洗衣粉|Liby washing powder|袋|1.7kg|22.9; 汰渍洗衣液|Tide laundry liquid|瓶|"
             "3kg|49.9; 蓝月亮洗衣液|Blue Moon laundry liquid|瓶|3kg|52.9; 雕牌洗洁精|"
             "Diao dish soap|瓶|1.5kg|12.9; 舒肤佳香皂|Safeguard soap|块|115g|6.5; "
             "高露洁牙膏|Colgate toothpaste|支|180g|15.9; 清风卷纸|Breeze toilet paper|提|10卷|"
             "29.9; 维达抽纸|Vinda tissues|提|6包|19.9; 海飞丝洗发水|Head & Shoulders shampoo|"
             "瓶|400ml|49.9; 加碘食盐|Iodised salt|袋|400g|2.5; 海天生抽|Haitian soy sauce|瓶|"
             "500ml|9.9; 白砂糖|White sugar|袋|500g|6.5",
}
STORES = (("佳和超市(东关店)", "supermarket", "东关街道", .0),
          ("家家福超市(新华店)", "supermarket", "新华街道", .03),
          ("惠万家超市(南湖店)", "supermarket", "南湖街道", -.02),
          ("西城农贸市场", "market", "西城街道", -.06),
          ("康宁大药房(人民路店)", "pharmacy", "人民路街道", .02),
          ("百姓缘药店(和平店)", "pharmacy", "和平街道", -.03))
STOCKISTS = {"fresh": (0, 1, 2, 3), "packaged": (0, 1, 2), "medicine": (0, 4, 5)}
PACKAGED = ("oil", "dairy", "daily")
PRICE_MOVES = {  # weekly volatility, seasonal amplitude, peak week of the year
    "grain": (.004, 0, 0), "oil": (.006, 0, 0), "meat": (.02, .05, 4), "egg": (.03, .08, 35),
    "aquatic": (.02, .06, 4), "vegetable": (.05, .18, 5), "fruit": (.03, .1, 15),
    "dairy": (.004, 0, 0), "medicine": (.002, 0, 0), "daily": (.004, 0, 0)}
PRICE_AR, PRICE_NOISE, PRICE_INFLATION, OUT_OF_STOCK = .93, .015, .012, .02
STALE_ITEMS, STALE_WEEKS, GAPPY_ITEMS = 2, 6, 6
PRICE_DATES = {"day": .85, "slash_day": .1, "cn": .04, "excel_day": .01}
PRICE_BAD = [("price", "缺货"), ("observed_on", "待补录"), ("price", ""), ("store", "")]

# --- disclosure: outcome → share, reasons (the annual report's wording) ---------------
DISCLOSURE = {
    "disclosed": (.36, [""]),
    "partially_disclosed": (.14, ["部分内容涉及个人隐私", "部分内容属于过程性信息",
                                  "部分内容涉及商业秘密"]),
    "not_disclosed": (.07, ["属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷信息",
                            "危及“三安全一稳定”", "保护第三方合法权益"]),
    "not_held": (.24, ["本机关不掌握相关政府信息", "没有现成信息需要另行制作",
                       "补正后申请内容仍不明确"]),
    "not_government_info": (.07, ["信访举报投诉类申请", "要求提供公开出版物",
                                  "无正当理由大量反复申请"]),
    "withdrawn": (.06, ["申请人撤回申请"]),
    "other": (.06, ["申请人逾期未补正", "申请人逾期未按收费通知要求缴纳费用"]),
}
CARRIED_OVER = "结转下年度继续办理"
DISCLOSURE_DEPARTMENTS = {"区住建局": 18, "区自然资源局": 15, "区政府办公室": 12, "区人社局": 8,
                          "区城管局": 7, "区教育局": 6, "区市场监管局": 5, "区生态环境局": 5,
                          "区民政局": 4, "区卫健委": 4, "区交通运输局": 3, "区发展改革委": 3,
                          STREET: 10}
DISCLOSURE_FILE = Style("disclosure/requests.csv", "utf-8-sig", DAY_DATES, 0,
                        {"cn": .55, "10": .3, "tf": .15})
DISCLOSURE_BAD = [("received_at", "不详"), ("request_id", ""), ("outcome", ""),
                  ("requester_type", "未知")]


def write_sample(out: Path, scale: float = 1.0, seed: int = 20240101) -> dict[str, int]:
    """Write data under out/<domain>/...; return {relative file path: row count}.

    Row counts are data records as written, duplicates and unreadable rows included.
    Records scale with `scale` (cases, calls, disclosure requests); commitments and
    prices stay fixed. Each domain draws from its own stream, seeded by (seed, domain).
    """
    if scale <= 0:
        raise ValueError("scale must be above zero")
    out = Path(out)
    counts: dict[str, int] = {}
    writers = (_write_cases, _write_hotline, _write_commitments, _write_prices,
               _write_disclosure)
    for number, writer in enumerate(writers):
        counts.update(writer(out, np.random.default_rng([seed, number]), scale))
    return counts


# --- small vectorised helpers ---------------------------------------------------------
def _cat(*parts: object) -> np.ndarray:
    """Element-wise string concatenation of arrays and scalars."""
    out = np.asarray(parts[0], dtype=object)
    for part in parts[1:]:
        out = out + np.asarray(part, dtype=object)
    return out


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    return np.char.zfill(np.asarray(values).astype(str), width)


def _norm(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _pick(rng: np.random.Generator, table: dict, n: int) -> np.ndarray:
    """n keys of a {key: weight} table."""
    return rng.choice(np.array(list(table), dtype=object), size=n, p=_norm(list(table.values())))


def _after(start: np.ndarray, days: np.ndarray) -> np.ndarray:
    return start + np.round(np.asarray(days) * 86400).astype(np.int64).astype("timedelta64[s]")


def _lognormal(rng: np.random.Generator, median, sigma: float, n: int) -> np.ndarray:
    return median * np.exp(rng.normal(0, sigma, n))


def _weekday(ts: np.ndarray) -> np.ndarray:
    """Monday = 0; 1970-01-01 was a Thursday."""
    return (ts.astype("datetime64[D]").astype(np.int64) + 3) % 7


def _timestamps(rng: np.random.Generator, n: int, weekend: float,
                hours: tuple[float, float, float]) -> np.ndarray:
    """n times in the period: growth, a seasonal month profile, quieter weekends."""
    days = np.arange(FIRST_DAY, LAST_DAY + 1)
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    years = (days - FIRST_DAY).astype(np.int64) / 365.25
    weight = (MONTH_FACTOR[month] * (1 + YEARLY_GROWTH * years)
              * np.where(_weekday(days) >= 5, weekend, 1.0))
    day = rng.choice(days, size=n, p=_norm(weight))
    seconds = (rng.triangular(*hours, size=n) * 3600).astype(np.int64)
    return day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def _ymd(s: pd.Series, year: str, month: str, day: str) -> pd.Series:
    return (s.dt.year.astype(str) + year + s.dt.month.astype(str) + month
            + s.dt.day.astype(str) + day)


def _serial(s: pd.Series) -> pd.Series:
    return ((s - EXCEL_EPOCH) / pd.Timedelta(days=1)).round(5).astype(str)


DATE_FORMS = {  # how exports write a time; `cn`, `*_day` and `excel_day` drop the time
    "iso": lambda s: s.dt.strftime("%Y-%m-%d %H:%M:%S"),
    "iso_tz": lambda s: s.dt.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
    "slash": lambda s: _ymd(s, "/", "/", " ") + s.dt.strftime("%H:%M"),
    "cn": lambda s: _ymd(s, "年", "月", "日"),
    "excel": _serial,
    "day": lambda s: s.dt.strftime("%Y-%m-%d"),
    "slash_day": lambda s: _ymd(s, "/", "/", ""),
    "excel_day": lambda s: _serial(s.dt.floor("D")).str.removesuffix(".0"),
}


def _fmt_dates(ts: np.ndarray, rng: np.random.Generator, mix: dict[str, float]) -> np.ndarray:
    """Times as text, each row in a form drawn from `mix`; missing times stay empty."""
    names = list(mix)
    pick = rng.choice(len(names), size=len(ts), p=_norm(list(mix.values())))
    series = pd.Series(ts)
    known = series.notna().to_numpy()
    out = np.full(len(ts), "", dtype=object)
    for number, name in enumerate(names):
        chosen = known & (pick == number)
        if chosen.any():
            out[chosen] = DATE_FORMS[name](series[chosen]).to_numpy(dtype=object)
    return out


def _timed(mix: dict[str, float]) -> dict[str, float]:
    """The forms of `mix` that keep the time (for a time that must not move earlier)."""
    return {k: v for k, v in mix.items() if k in ("iso", "iso_tz", "slash")}


def _fmt_bools(values: np.ndarray, rng: np.random.Generator,
               mix: dict[str, float]) -> np.ndarray:
    """1.0 / 0.0 / nan as 1/0, true/false or 是/否 by `mix`; nan stays empty."""
    forms = {"10": ("1", "0"), "tf": ("true", "false"), "cn": ("是", "否")}
    style = _pick(rng, mix, len(values))
    out = np.full(len(values), "", dtype=object)
    for key, (yes, no) in forms.items():
        out[(style == key) & (values == 1)] = yes
        out[(style == key) & (values == 0)] = no
    return out


def _fmt_scores(score: np.ndarray, rng: np.random.Generator, words: float) -> np.ndarray:
    """Ratings 1–5 (0 = unrated) as digits, some as 满意 / 基本满意 / 不满意."""
    digits = np.where(score > 0, score.astype(str), "").astype(object)
    word = np.select([score == 5, score == 4, (score > 0) & (score <= 2)],
                     ["满意", "基本满意", "不满意"], default="")
    use = (rng.random(len(score)) < words) & (word != "")
    return np.where(use, word, digits)


def _scores(rng: np.random.Generator, outcome: np.ndarray, rated: float) -> np.ndarray:
    """Satisfaction that follows the outcome; 0 where unrated or still open."""
    score = np.zeros(len(outcome), dtype=np.int64)
    rated_rows = (outcome != "") & (rng.random(len(outcome)) < rated)
    for name, p in SCORE_P.items():
        chosen = rated_rows & (outcome == name)
        score[chosen] = rng.choice(np.arange(1, 6), size=int(chosen.sum()), p=p)
    return score


def _vary_case(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A few codes as `Complaint` or `COMPLAINT`: codes match case-insensitively."""
    out = np.asarray(values, dtype=object).copy()
    draw = rng.random(len(out))
    capital, upper = draw < CODE_CASE_SHARE / 2, draw > 1 - CODE_CASE_SHARE / 2
    out[capital] = pd.Series(out[capital], dtype=object).str.capitalize().to_numpy()
    out[upper] = pd.Series(out[upper], dtype=object).str.upper().to_numpy()
    return out


# --- synthetic people -----------------------------------------------------------------
def _names(rng: np.random.Generator, n: int, two_given: float = .65) -> np.ndarray:
    second = np.where(rng.random(n) < two_given, rng.choice(GIVEN, n), "")
    return _cat(rng.choice(SURNAMES, n), rng.choice(GIVEN, n), second)


def _mobiles(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic mobiles: (plain 11 digits, as written in varied forms)."""
    head = rng.choice(MOBILE_PREFIXES, n)
    mid, tail = _digits(rng.integers(0, 10_000, n), 4), _digits(rng.integers(0, 10_000, n), 4)
    plain = _cat(head, mid, tail)
    full_width = pd.Series(plain, dtype=object).str.translate(
        str.maketrans("0123456789", "０１２３４５６７８９")).to_numpy(dtype=object)
    forms = np.stack([plain, _cat(head, "-", mid, "-", tail),
                      _cat("+86 ", head, " ", mid, " ", tail), _cat(head, " ", mid, " ", tail),
                      full_width, _cat("+86", plain)])
    return plain, forms[rng.choice(len(forms), size=n, p=PHONE_STYLES), np.arange(n)]


def _id_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """18-character resident ID numbers with a valid ISO 7064 MOD 11-2 check character."""
    birth = np.datetime64("1950-01-01") + rng.integers(0, 20_000, n).astype("timedelta64[D]")
    body = np.char.add(np.char.add(rng.choice(REGION_CODES, n),
                                   np.char.replace(np.datetime_as_string(birth), "-", "")),
                       _digits(rng.integers(0, 1000, n), 3))
    digits = np.frombuffer(body.astype("S17").tobytes(), dtype=np.uint8).reshape(n, 17) - 48
    check = np.array(list("10X98765432"))[(digits.astype(np.int64) @ ID_WEIGHTS) % 11]
    return np.char.add(body, check).astype(object)


def _addresses(rng: np.random.Generator, area: np.ndarray) -> np.ndarray:
    n = len(area)
    street = _cat(area, rng.choice(ROADS, n), rng.integers(1, 300, n).astype(str), "号")
    room = rng.integers(1, 19, n) * 100 + rng.integers(1, 5, n)
    flat = _cat(street, rng.choice(ESTATES, n), rng.integers(1, 30, n).astype(str), "栋",
                rng.integers(1, 6, n).astype(str), "单元", room.astype(str), "室")
    return np.where(rng.random(n) < .6, flat, street)


def _with_personal(rng: np.random.Generator, text: np.ndarray, names: np.ndarray,
                   phones: np.ndarray, ids: np.ndarray, who: str = "居民") -> np.ndarray:
    """Free text as staff type it: now and then a name, phone or ID glued to the words."""
    draw = rng.random(len(text))
    out = np.where(draw < .025, _cat(who, names, "（电话", phones, "）：", text), text)
    out = np.where((draw >= .025) & (draw < .035), _cat(text, "，联系人", names, phones), out)
    out = np.where((draw >= .035) & (draw < .04), _cat("当事人", names, "身份证号", ids, "，", text),
                   out)
    ascii_commas = rng.random(len(text)) < .05
    out[ascii_commas] = pd.Series(out[ascii_commas], dtype=object).str.replace(
        "，", ", ").to_numpy()
    return np.where(text == "", "", out)


# --- writing files like real exports --------------------------------------------------
def _with_duplicates(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Repeat ~0.5% of rows right after themselves, as a double export does."""
    again = rng.choice(len(frame), size=int(round(len(frame) * DUPLICATE_SHARE)), replace=False)
    order = np.sort(np.concatenate([np.arange(len(frame)), again]), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def _plant_bad(frame: pd.DataFrame, rng: np.random.Generator,
               plan: list[tuple[str, str]]) -> tuple[pd.DataFrame, list[int]]:
    """Spoil a handful of rows (far under the 1% the build tolerates) by `plan`, cycled
    from a random start; return the frame and the rows to write with a field too many."""
    n = len(frame)
    enough = n >= BAD_ROWS_MIN_FILE and bool(plan)
    count = min(BAD_ROWS_MAX, max(1, n // BAD_ROW_EVERY)) if enough else 0
    rows = np.sort(rng.choice(n, size=count, replace=False))
    start = int(rng.integers(len(plan))) if plan else 0
    frame, broken = frame.copy(), []
    for number, row in enumerate(rows):  # a handful of rows, not a loop over records
        column, value = plan[(start + number) % len(plan)]
        if column == BROKEN:
            broken.append(int(row))
        else:
            frame.iat[row, frame.columns.get_loc(column)] = value
    return frame, broken


def _broken_line(row: pd.Series) -> str:
    """The row with an unquoted comma in its free text: one field too many."""
    cells = [str(v).replace(",", "，").replace('"', "'").replace("\n", " ") for v in row]
    where = list(row.index).index("summary") if "summary" in row.index else len(cells) - 1
    cells[where] += ",详见附件"
    return ",".join(cells)


def _write_csv(out: Path, style: Style, frame: pd.DataFrame, rng: np.random.Generator,
               plan: list[tuple[str, str]]) -> dict[str, int]:
    """Duplicates and bad rows in, then the CSV in the style's encoding and newlines."""
    frame, broken = _plant_bad(_with_duplicates(frame, rng), rng, plan)
    text, start = io.StringIO(), 0
    for row in [*broken, len(frame)]:
        frame.iloc[start:row].to_csv(text, index=False, header=start == 0,
                                     lineterminator=style.newline)
        if row < len(frame):
            text.write(_broken_line(frame.iloc[row]) + style.newline)
        start = row + 1
    path = out / style.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.getvalue().encode(style.encoding))
    return {style.path: len(frame)}


def _stable_zip(data: bytes) -> bytes:
    """An XLSX with fixed entry times and document dates, so it is byte-identical."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb">\d{4}-\d\d-\d\dT[\d:.]+Z<", b">2026-11-01T00:00:00Z<", body)
            package.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), body,
                             compress_type=zipfile.ZIP_DEFLATED)
    return target.getvalue()


def _toml_table(name: str, pairs: dict[str, str]) -> str:
    return "\n".join([f"[{name}]", *[f'"{k}" = "{v}"' for k, v in pairs.items()]]) + "\n"


# --- cases ----------------------------------------------------------------------------
def _write_cases(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    total = CASES_AT_1 * scale
    cases = pd.concat([_cases_of(rng, name, spec, max(MIN_ROWS, round(total * spec.share)))
                       for name, spec in SOURCES.items()])
    cases = cases.sort_values("received_at", kind="stable").reset_index(drop=True)
    year = cases["received_at"].dt.year
    prefix = cases["source"].map({k: s.prefix for k, s in SOURCES.items()})
    sequence = cases.groupby([prefix, year]).cumcount() + 1
    cases["case_id"] = prefix + year.astype(str) + _digits(sequence.to_numpy(), 6)
    in_xlsx = (cases["source"] == "approval") & (year == 2026)
    counts: dict[str, int] = {}
    for file_year, style in CASE_FILES.items():
        part = cases[(year.clip(lower=2024) == file_year) & ~in_xlsx]
        counts.update(_write_csv(out, style, _format_cases(part, rng, style), rng, CASE_BAD))
    counts.update(_write_approvals_xlsx(out, cases[in_xlsx], rng))
    return counts


def _cases_of(rng: np.random.Generator, source: str, spec: Source, n: int) -> pd.DataFrame:
    """n cases of one source, typed: times as datetime64, ratings as 0–5."""
    table = CASE_CATEGORIES[source]
    kind = rng.choice(len(table), size=n, p=_norm([c[2] for c in table]))
    area = rng.choice(len(AREAS), size=n, p=_norm([a[2] for a in AREAS]))
    received = _timestamps(rng, n, spec.weekend, spec.hours)
    due_days = np.array([c[3] for c in table], dtype=float)[kind]
    handling = np.maximum(_lognormal(rng, due_days * spec.median_share, spec.sigma, n),
                          MIN_HANDLING_DAYS)
    closed = _after(received, handling)
    stuck = rng.random(n) < spec.stuck
    still_open = stuck | (closed > END)
    closed[still_open] = np.datetime64("NaT")
    due = _after(received, due_days)
    due[rng.random(n) < spec.no_due] = np.datetime64("NaT")
    outcome = np.where(still_open, "", rng.choice(OUTCOMES, size=n, p=spec.outcomes))
    status = np.where(still_open, rng.choice(spec.open_status, n),
                      rng.choice(spec.closed_status, n)).astype(object)
    status[stuck] = "缓办"
    district = np.array([a[0] for a in AREAS], dtype=object)[area]
    channel = rng.choice(list(spec.channels), size=n, p=_norm(list(spec.channels.values())))
    grid = _cat(np.array([a[1] for a in AREAS])[area], "-", _digits(rng.integers(1, 40, n), 3))
    frame = pd.DataFrame({
        "source": source, "received_at": received, "due_at": due, "closed_at": closed,
        "status": status, "outcome": outcome,
        "department": _case_departments(rng, spec, np.array([c[1] for c in table])[kind], area),
        "category": np.array([c[0] for c in table], dtype=object)[kind], "district": district,
        "grid": grid if source in ("city_management", "mediation") else "",
        "channel": channel, "satisfaction": _scores(rng, outcome, spec.rated)})
    phrase = np.array([c[4] for c in table], dtype=object)[kind]
    people = _case_people(rng, source, spec, channel, district, phrase)
    return pd.concat([frame, pd.DataFrame(people)], axis=1)


def _case_departments(rng: np.random.Generator, spec: Source, named: np.ndarray,
                      area: np.ndarray) -> np.ndarray:
    office = np.array(OFFICES, dtype=object)[area]
    named = np.where(named == ANY, _pick(rng, COMPLAINT_DEPARTMENTS, len(named)), named)
    local = (named == STREET) | (rng.random(len(named)) < spec.local)
    return np.where(local, office, named)


def _case_people(rng: np.random.Generator, source: str, spec: Source, channel: np.ndarray,
                 district: np.ndarray, phrase: np.ndarray) -> dict[str, np.ndarray]:
    """Reporter columns and the summary; patrol finds have no reporter."""
    n = len(channel)
    names, (plain, phones), ids = _names(rng, n), _mobiles(rng, n), _id_numbers(rng, n)
    if source == "city_management":
        spot = _cat(district, rng.choice(ROADS, n), "附近")
        text = np.where(rng.random(n) < .5, _cat(spot, phrase), phrase)
        text = np.where(channel == "patrol", _cat("网格员巡查发现：", text), text)
    elif source == "approval":
        firm = _cat(rng.choice(FIRMS[0], n), rng.choice(FIRMS[1], n), "有限公司")
        text = np.where(rng.random(n) < .5, _cat("申请办理", phrase, "（", firm, "）"),
                        _cat("申请", phrase))
    else:
        text = _cat(rng.choice(["", "当事人反映", "来访反映："], n), phrase)
    reporter = (channel != "patrol") & (rng.random(n) < .92)
    return {
        "summary": _with_personal(rng, text, names, plain, ids,
                                  "申请人" if source == "approval" else "居民"),
        "reporter_name": np.where(reporter, names, ""),
        "reporter_phone": np.where(reporter & (rng.random(n) < .9), phones, ""),
        "reporter_id_number": np.where(reporter & (rng.random(n) < spec.id_share), ids, ""),
        "address": np.where(reporter | (channel == "patrol"), _addresses(rng, district), ""),
    }


def _format_cases(cases: pd.DataFrame, rng: np.random.Generator,
                  style: Style) -> pd.DataFrame:
    """Typed cases → the text one exporting system writes."""
    out = cases[CASE_COLUMNS].copy()
    for column in ("source", "outcome", "channel"):
        out[column] = _vary_case(cases[column].to_numpy(), rng)
    out["received_at"] = _fmt_dates(cases["received_at"].to_numpy(), rng, style.dates)
    for column in ("due_at", "closed_at"):
        out[column] = _fmt_dates(cases[column].to_numpy(), rng, _timed(style.dates))
    out["satisfaction"] = _fmt_scores(cases["satisfaction"].to_numpy(), rng, style.words)
    return out.reset_index(drop=True)


def _write_approvals_xlsx(out: Path, cases: pd.DataFrame,
                          rng: np.random.Generator) -> dict[str, int]:
    """The approval system's own export: XLSX, Chinese headers and values, compact
    times; its sidecar maps them onto the contract."""
    frame = cases[list(XLSX_HEADERS.values())].copy()
    for column, values in XLSX_VALUES.items():
        frame[column] = cases[column].map({v: k for k, v in values.items()}).fillna("")
    for column in ("received_at", "closed_at"):
        frame[column] = cases[column].dt.strftime(XLSX_DATE_FORMAT).fillna("")
    score = cases["satisfaction"].to_numpy()
    frame["satisfaction"] = np.where(score > 0, score, None)
    frame = _with_duplicates(frame.reset_index(drop=True), rng)
    frame, _ = _plant_bad(frame, rng, CASE_BAD[:2])
    frame.columns = list(XLSX_HEADERS)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        frame.to_excel(book, sheet_name="办件明细", index=False)
    path = out / XLSX_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_stable_zip(buffer.getvalue()))
    mapping = "\n".join(
        ["# 区行政审批局 政务服务平台导出: approvals received in 2026.",
         "# [columns] source header = contract column; [values.<column>] source value ="
         " contract value; [date_formats] strptime formats tried first.", "",
         _toml_table("columns", XLSX_HEADERS)]
        + [_toml_table(f"values.{k}", v) for k, v in XLSX_VALUES.items()]
        + ["[date_formats]\n" + "".join(f'{c} = ["{XLSX_DATE_FORMAT}"]\n'
                                        for c in ("received_at", "closed_at"))])
    path.with_name(path.name + ".mapping.toml").write_text(mapping, encoding="utf-8")
    return {XLSX_PATH: len(frame)}


# --- hotline --------------------------------------------------------------------------
def _write_hotline(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    n = max(10 * MIN_ROWS, round(CALLS_AT_1 * scale))
    on_air = max(MIN_ROWS, round(n * PROGRAMME_SHARE))
    calls = pd.concat([_regular_calls(rng, n - on_air), _programme_calls(rng, on_air)])
    calls = calls.sort_values("received_at", kind="stable").reset_index(drop=True)
    calls = pd.concat([calls.drop(columns="department"), _call_followup(rng, calls)], axis=1)
    day = calls["received_at"].dt.strftime("%Y%m%d")
    calls["call_id"] = "RX" + day + _digits(calls.groupby(day).cumcount().to_numpy() + 1, 4)
    newer = (calls["received_at"] >= CALL_SPLIT).to_numpy()
    counts: dict[str, int] = {}
    for style, chosen, columns in ((CALL_FILES[0], ~newer, CALL_COLUMNS),
                                   (CALL_FILES[1], newer, CALL_COLUMNS_NEW)):
        frame = _format_calls(calls[chosen], rng, style, columns)
        counts.update(_write_csv(out, style, frame, rng, CALL_BAD))
    return counts


def _regular_calls(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Calls to the hotline: busier Mondays and summers answer a little less often."""
    received = _timestamps(rng, n, .6, (7, 10, 22))
    month = received.astype("datetime64[M]").astype(np.int64) % 12 + 1
    answer = ANSWER_RATE - .05 * (_weekday(received) == 0) - .03 * np.isin(month, (7, 8))
    answered = rng.random(n) < answer
    topic = rng.choice(len(HOTLINE_TOPICS), size=n, p=_norm([t[1] for t in HOTLINE_TOPICS]))
    named = np.array([t[0] for t in HOTLINE_TOPICS], dtype=object)[topic]
    office = rng.choice(np.array(OFFICES, dtype=object), n)
    return pd.DataFrame({
        "received_at": received, "answered": answered,
        "kind": np.where(answered, rng.choice(KINDS, size=n, p=KIND_P), "other"),
        "topic": topic, "department": np.where(named == STREET, office, named),
        "programme_date": np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")})


def _programme_calls(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Calls taken on the live radio/TV programme (Tuesdays and Thursdays, 9–10 o'clock),
    each programme with one department on air, in rotation."""
    days = np.arange(FIRST_DAY, LAST_DAY + 1)
    off = np.zeros(len(days), dtype=bool)
    for first, last in PROGRAMME_BREAKS:
        off |= (days >= np.datetime64(first)) & (days <= np.datetime64(last))
    dates = days[np.isin(_weekday(days), PROGRAMME_WEEKDAYS) & ~off]
    rotation = rng.permutation(len(HOTLINE_TOPICS))
    topic_of_day = rotation[np.arange(len(dates)) % len(rotation)]
    named = np.array([t[0] for t in HOTLINE_TOPICS], dtype=object)[topic_of_day]
    on_air = np.where(named == STREET, rng.choice(np.array(OFFICES, dtype=object), len(dates)),
                      named)
    show = rng.integers(0, len(dates), n)
    answered = rng.random(n) < .98
    return pd.DataFrame({
        "received_at": dates[show].astype("datetime64[s]")
        + (9 * 3600 + rng.integers(0, 3600, n)).astype("timedelta64[s]"),
        "answered": answered,
        "kind": np.where(answered, rng.choice(KINDS[:3], size=n, p=(.4, .5, .1)), "other"),
        "topic": topic_of_day[show], "department": on_air[show], "programme_date": dates[show]})


def _call_followup(rng: np.random.Generator, calls: pd.DataFrame) -> pd.DataFrame:
    """Waiting, replies, resolution and ratings: the columns that follow from a call."""
    n = len(calls)
    received, answered = calls["received_at"].to_numpy(), calls["answered"].to_numpy()
    kind, on_air = calls["kind"].to_numpy(), calls["programme_date"].notna().to_numpy()
    consult, complaint = answered & (kind == "consultation"), answered & (kind == "complaint")
    wait = np.where(answered, _lognormal(rng, 20, .9, n), rng.uniform(5, 240, n))
    on_spot = rng.random(n) < np.where(on_air, .95, .7)
    reply_days = np.where(on_spot, (wait + rng.uniform(60, 600, n)) / 86400,
                          _lognormal(rng, 1.5, .8, n))
    replied = _after(received, np.where(complaint, _lognormal(rng, .5, .8, n), reply_days))
    gets_reply = (consult & (rng.random(n) < .97)) | (complaint & (rng.random(n) < .95))
    replied[~gets_reply | (replied > END)] = np.datetime64("NaT")
    solved = complaint & (rng.random(n) < np.where(on_air, .93, .9))
    resolved_at = _after(received, _lognormal(rng, 4, .8, n))
    pending = solved & (resolved_at > END)
    resolved_at[~solved | pending] = np.datetime64("NaT")
    resolved = np.where(complaint & ~pending, solved.astype(float), np.nan)
    outcome = np.select([consult & ~np.isnat(replied), complaint & (resolved == 1),
                         complaint & (resolved == 0)], ["resolved", "resolved", "unresolved"],
                        default="")
    topic = np.array([t[2] for t in HOTLINE_TOPICS], dtype=object)[calls["topic"].to_numpy()]
    department = calls["department"].to_numpy()
    shown = answered & (np.isin(kind, KINDS[:3]) | ((kind == "praise") & (rng.random(n) < .85)))
    wait_text = np.round(wait).astype(np.int64).astype(str).astype(object)
    wait_text[rng.random(n) < .02] = ""
    return pd.DataFrame({
        "wait_seconds": wait_text, "department": np.where(shown, department, ""),
        "replied_at": replied, "resolved_at": resolved_at, "resolved": resolved,
        "satisfaction": _scores(rng, outcome, .45),
        **_call_people(rng, kind, answered, topic, department)})


def _call_people(rng: np.random.Generator, kind: np.ndarray, answered: np.ndarray,
                 topic: np.ndarray, department: np.ndarray) -> dict[str, np.ndarray]:
    n = len(kind)
    text = np.select(
        [kind == "consultation", kind == "complaint", kind == "suggestion", kind == "praise",
         answered],
        [_cat("来电咨询", topic), _cat("来电反映", topic, "方面的问题，要求尽快处理"),
         _cat("建议改进", topic, "相关工作"), _cat("表扬", department, "工作人员服务热情、办事高效"),
         rng.choice(OTHER_CALLS, n)], default="")
    names, (plain, phones) = _names(rng, n), _mobiles(rng, n)
    return {"summary": _with_personal(rng, text, names, plain, _id_numbers(rng, n), "市民"),
            "caller_name": np.where(answered & (rng.random(n) < .55), names, ""),
            "caller_phone": np.where(rng.random(n) < .97, phones, "")}


def _format_calls(calls: pd.DataFrame, rng: np.random.Generator, style: Style,
                  columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({"call_id": calls["call_id"].to_numpy()})
    out["received_at"] = _fmt_dates(calls["received_at"].to_numpy(), rng, style.dates)
    for column in ("replied_at", "resolved_at"):
        out[column] = _fmt_dates(calls[column].to_numpy(), rng, _timed(style.dates))
    out["answered"] = _fmt_bools(calls["answered"].to_numpy().astype(float), rng, style.bools)
    out["resolved"] = _fmt_bools(calls["resolved"].to_numpy(), rng, style.bools)
    out["kind"] = _vary_case(calls["kind"].to_numpy(), rng)
    out["satisfaction"] = _fmt_scores(calls["satisfaction"].to_numpy(), rng, style.words)
    out["programme_date"] = _fmt_dates(calls["programme_date"].to_numpy(), rng,
                                       {"day": .8, "slash_day": .2})
    seat = _cat("A", _digits(rng.integers(1, 40, len(calls)), 3))
    out["seat_no"] = np.where(calls["answered"].to_numpy(), seat, "")
    for column in ("wait_seconds", "department", "summary", "caller_name", "caller_phone"):
        out[column] = calls[column].to_numpy()
    return out[columns]


# --- commitments ----------------------------------------------------------------------
def _write_commitments(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    """About 60 public commitments a year; a fixed volume whatever the scale."""
    officials = _officials(rng)
    commitments = pd.concat([_year_commitments(rng, year, officials[year])
                             for year in COMMITMENT_YEARS], ignore_index=True)
    updates = _updates(rng, commitments)
    listed = commitments.rename(columns={"deadline_day": "deadline"})
    listed["deadline"] = _fmt_dates(commitments["deadline_day"].to_numpy(), rng, DAY_DATES)
    updates["reported_on"] = _fmt_dates(updates["reported_on"].to_numpy(), rng, DAY_DATES)
    for column in ("stage", "status"):
        updates[column] = _vary_case(updates[column].to_numpy(), rng)
    counts = _write_csv(out, Style("commitments/commitments.csv", "utf-8", {}, 0, {}),
                        listed, rng, [])
    orphan = [("commitment_id", "CN2024-999")]  # an update whose commitment is missing
    counts.update(_write_csv(out, Style("commitments/updates.csv", "utf-8", {}, 0, {}),
                             updates, rng, orphan))
    return counts


def _officials(rng: np.random.Generator) -> dict[int, dict[str, str]]:
    """Synthetic names of the officials who pledge, per year: 区长, a 副区长 per
    portfolio, heads of departments and street offices; a quarter change in the last year."""
    keys = ["区长", *[f"副区长{k}" for k in range(len(VICE_PORTFOLIOS))],
            *sorted({line.split("|")[0] for line in DEPT_PLEDGES}), *OFFICES]
    names = dict(zip(keys, _names(rng, len(keys), 1.0), strict=True))
    changed = dict(zip(keys[::4], _names(rng, len(keys[::4]), 1.0), strict=True))
    return {year: names | (changed if year == COMMITMENT_YEARS[-1] else {})
            for year in COMMITMENT_YEARS}


def _year_commitments(rng: np.random.Generator, year: int,
                      officials: dict[str, str]) -> pd.DataFrame:
    """One year's pledges: department ones and street ones, with owner and deadline."""
    rows = []
    for line in rng.choice(DEPT_PLEDGES, DEPT_PER_YEAR, replace=False):
        department, category, title, target, low, high = line.split("|")
        rows.append((department, category, title, target, int(low), int(high)))
    street = rng.choice(len(STREET_PLEDGES) * len(OFFICES), STREET_PER_YEAR, replace=False)
    for choice in street:  # small loops: 60 commitments a year
        category, title, target, low, high = STREET_PLEDGES[choice // len(OFFICES)].split("|")
        rows.append((OFFICES[choice % len(OFFICES)], category, title, target, int(low),
                     int(high)))
    frame = pd.DataFrame(rows, columns=["department", "category", "title", "target", "low",
                                        "high"]).sample(frac=1, random_state=rng)
    amount = rng.integers(frame["low"], frame["high"] + 1).astype(str)
    role, name = _owners(rng, frame["department"].to_numpy(), officials)
    deadline = rng.choice([f"{year}-12-31", f"{year}-06-30", f"{year}-09-30",
                           f"{year}-10-31"], len(frame), p=(.7, .12, .1, .08))
    title = [t.replace("{n}", a) for t, a in zip(frame["title"], amount, strict=True)]
    return pd.DataFrame({
        "commitment_id": [f"CN{year}-{k:03d}" for k in range(1, len(frame) + 1)],
        "year": str(year), "owner_role": role, "owner_name": name,
        "department": frame["department"].to_numpy(), "title": title,
        "description": _cat(f"{year}年，", role, name, "公开承诺：", np.array(title, dtype=object),
                            "。按照“年初公开承诺、年中报告进展、年底兑现承诺”接受群众监督。"),
        "target": [t.replace("{n}", a) for t, a in zip(frame["target"], amount, strict=True)],
        "deadline_day": deadline.astype("datetime64[D]"),
        "category": frame["category"].to_numpy()})


def _owners(rng: np.random.Generator, departments: np.ndarray,
            officials: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Who pledges: mostly the head, sometimes the 副区长 in charge or the 区长."""
    roles, names = [], []
    for department, draw in zip(departments, rng.random(len(departments)), strict=True):
        if department in OFFICES:
            role = "镇党委书记" if department.endswith("人民政府") else "街道党工委书记"
            key = department
        elif draw < .1:
            role, key = "区长", "区长"
        elif draw < .4:
            vice = next(k for k, p in enumerate(VICE_PORTFOLIOS) if department in p)
            role, key = "副区长", f"副区长{vice}"
        else:
            role, key = ("局长" if department.endswith("局") else "主任"), department
        roles.append(role)
        names.append(officials[key])
    return np.array(roles, dtype=object), np.array(names, dtype=object)


def _on(year: np.ndarray, month_day: str) -> np.ndarray:
    return np.char.add(year.astype(str), month_day).astype("datetime64[D]")


def _updates(rng: np.random.Generator, commitments: pd.DataFrame) -> pd.DataFrame:
    """Pledge (Jan/Feb), midyear (July), some interim (Sep/Oct) and yearend (December,
    for finished years) reports, with statuses that evolve towards each one's fate."""
    n = len(commitments)
    year = commitments["year"].astype(int).to_numpy()
    final = rng.choice(FINALS, size=n, p=FINAL_P).astype(object)
    early = commitments["deadline_day"].to_numpy() <= _on(year, "-06-30")
    midyear = np.empty(n, dtype=object)
    for name, (statuses, p) in MIDYEAR.items():
        midyear[final == name] = rng.choice(statuses, size=int((final == name).sum()), p=p)
    midyear = np.where(early & (final != "withdrawn"), final, midyear)
    draw = rng.random(n)
    interim = np.where(final == "fulfilled", np.where(draw < .15, "fulfilled", "on_track"),
                       np.where(draw < .7, "delayed", "on_track"))
    interim = np.where(midyear == "fulfilled", "fulfilled", interim)
    going = midyear != "withdrawn"
    finished = year < COMMITMENT_YEARS[-1]
    stages = [
        ("pledge", np.ones(n, dtype=bool), _on(year, "-01-08"), 50,
         np.where(rng.random(n) < .7, "not_started", "on_track")),
        ("midyear", np.ones(n, dtype=bool), _on(year, "-07-03"), 28, midyear),
        ("interim", going & ~early & (rng.random(n) < np.where(finished, .4, .75)),
         _on(year, "-09-08"), 45, interim),
        ("yearend", going & finished, _on(year, "-12-15"), 15, final)]
    frames = [_stage(rng, commitments, name, chosen, first + rng.integers(0, span, n), status)
              for name, chosen, first, span, status in stages]
    updates = pd.concat(frames, ignore_index=True)
    return updates.sort_values(["reported_on", "commitment_id"], kind="stable").reset_index(
        drop=True)


def _stage(rng: np.random.Generator, commitments: pd.DataFrame, stage: str,
           chosen: np.ndarray, reported: np.ndarray, status: np.ndarray) -> pd.DataFrame:
    """One reporting round: progress and note follow the status."""
    ids, status = commitments["commitment_id"].to_numpy()[chosen], status[chosen]
    progress = np.full(len(ids), "", dtype=object)
    for name in np.unique(status):
        low, high = PROGRESS.get(f"{stage} {name}", PROGRESS.get(name, (0, 0)))
        where = status == name
        if name != "withdrawn":
            progress[where] = rng.integers(low, high + 1, int(where.sum())).astype(str)
    note = np.array([NOTES[s] for s in status], dtype=object)
    moving = np.isin(status, ("on_track", "delayed"))
    note[moving] = _cat(note[moving], "，已完成", progress[moving], "%")
    url = _cat("https://www.example.gov.cn/gkcn/", commitments["year"].to_numpy()[chosen],
               "/", ids, "-", stage, ".html")
    shown = rng.random(len(ids)) < (.4 if stage == "pledge" else .7)
    return pd.DataFrame({"commitment_id": ids, "reported_on": reported[chosen],
                         "stage": stage, "status": status, "progress_pct": progress,
                         "note": note, "evidence_url": np.where(shown, url, "")})


# --- prices ---------------------------------------------------------------------------
def _write_prices(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    """141 items in 3–4 shops each, observed every Tuesday; fixed whatever the scale."""
    items = _items()
    stores = pd.DataFrame([s[:3] for s in STORES], columns=["store", "store_type", "district"])
    observations = _observations(rng, items)
    counts: dict[str, int] = {}
    for path, frame in (("prices/items.csv", items.drop(columns="base")),
                        ("prices/stores.csv", stores)):  # clean reference lists
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(frame.to_csv(index=False), encoding="utf-8")
        counts[path] = len(frame)
    counts.update(_write_csv(out, Style("prices/observations.csv", "utf-8", PRICE_DATES, 0, {}),
                             observations, rng, PRICE_BAD))
    return counts


def _items() -> pd.DataFrame:
    """The monitored items from ITEMS: code, names, category, unit, spec, base price."""
    rows = []
    for category, line in ITEMS.items():  # 141 items
        for number, entry in enumerate(line.split("; "), start=1):
            fields = entry.split("|")
            name_zh, name_en, *rest, price = fields
            unit, spec = rest or ITEM_DEFAULTS[category]
            rows.append((f"{ITEM_PREFIX[category]}{number:03d}", name_zh, name_en, category,
                         unit, spec, float(price)))
    return pd.DataFrame(rows, columns=["item_code", "name_zh", "name_en", "category", "unit",
                                       "spec", "base"])


def _observations(rng: np.random.Generator, items: pd.DataFrame) -> pd.DataFrame:
    """Weekly prices per item and shop: drift, season, shop level, promotions, noise;
    some out of stock, a couple of items stale, some shops missing on the last day."""
    weeks = np.arange(FIRST_DAY + (1 - _weekday(FIRST_DAY)) % 7, LAST_DAY + 1, 7)
    category = items["category"].to_numpy()
    sold = _stockists(category)
    level = _price_paths(rng, category, weeks)
    shop = (np.array([s[3] for s in STORES])[None, :] + rng.normal(0, .04, sold.shape)
            + .05 * (category == "medicine")[:, None] * (np.arange(len(STORES)) == 0))
    price = items["base"].to_numpy()[None, :, None] * np.exp(
        level.T[:, :, None] + shop[None] + rng.normal(0, PRICE_NOISE, (len(weeks), *sold.shape)))
    promotion = (rng.random(price.shape) < .03) & np.isin(category, PACKAGED)[None, :, None]
    price = np.where(promotion, price * rng.uniform(.75, .9, price.shape), price)
    seen = sold[None] & (rng.random(price.shape) > OUT_OF_STOCK)
    _leave_gaps(rng, seen, category)
    week, item, store = np.nonzero(seen)
    market = np.array([s[1] == "market" for s in STORES])[store]
    value = price[week, item, store]
    return pd.DataFrame({
        "observed_on": _fmt_dates(weeks[week], rng, PRICE_DATES),
        "item_code": items["item_code"].to_numpy()[item],
        "store": np.array([s[0] for s in STORES], dtype=object)[store],
        "price": np.where(market, np.round(value, 1), np.round(value, 2)).astype(str)})


def _stockists(category: np.ndarray) -> np.ndarray:
    """items × shops: fresh food in supermarkets and the market, packaged goods in
    supermarkets, medicine in the pharmacies and the first supermarket's counter."""
    group = np.where(category == "medicine", "medicine",
                     np.where(np.isin(category, PACKAGED), "packaged", "fresh"))
    return np.array([[s in STOCKISTS[g] for s in range(len(STORES))] for g in group])


def _price_paths(rng: np.random.Generator, category: np.ndarray,
                 weeks: np.ndarray) -> np.ndarray:
    """items × weeks log-price deviation: AR(1) drift, a seasonal wave, mild inflation."""
    moves = np.array([PRICE_MOVES[c] for c in category])
    shocks = rng.normal(0, 1, (len(category), len(weeks))) * moves[:, :1]
    drift = np.zeros_like(shocks)
    for week in range(1, len(weeks)):  # 156 steps over all items at once
        drift[:, week] = PRICE_AR * drift[:, week - 1] + shocks[:, week]
    week_of_year = (weeks - weeks.astype("datetime64[Y]")).astype(np.int64) / 7
    season = moves[:, 1:2] * np.cos(2 * np.pi * (week_of_year[None, :] - moves[:, 2:3]) / 52)
    years = (weeks - weeks[0]).astype(np.int64) / 365.25
    return drift + season + PRICE_INFLATION * years[None, :]


def _leave_gaps(rng: np.random.Generator, seen: np.ndarray, category: np.ndarray) -> None:
    """Two items not observed for the last weeks (stale); a shop missing on some items'
    latest day. Basket items (the first two of a category) are spared."""
    rank = pd.Series(category).groupby(category).cumcount().to_numpy()
    spare = np.flatnonzero((rank >= 2) & np.isin(category, ("fruit", "medicine", "aquatic")))
    stale = rng.choice(spare, STALE_ITEMS, replace=False)
    seen[-STALE_WEEKS:, stale, :] = False
    others = np.setdiff1d(np.flatnonzero(rank >= 2), stale)
    for item in rng.choice(others, GAPPY_ITEMS, replace=False):  # six items
        shops = np.flatnonzero(seen[-1, item])
        if len(shops) > 2:
            seen[-1, item, rng.choice(shops)] = False


# --- disclosure -----------------------------------------------------------------------
def _write_disclosure(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    """Requests for government information, ~1,500 a year, answered within the statutory
    20 working days (some extended); those still open at the data date are carried over."""
    n = max(2 * MIN_ROWS, round(REQUESTS_AT_1 * scale))
    received = np.sort(_timestamps(rng, n, .1, (8, 10, 17.5)))
    outcome = _pick(rng, {k: v[0] for k, v in DISCLOSURE.items()}, n)
    reason = np.empty(n, dtype=object)
    for name, (_, reasons) in DISCLOSURE.items():
        reason[outcome == name] = rng.choice(reasons, int((outcome == name).sum()))
    replied = _after(received, np.clip(_lognormal(rng, 12, .5, n), 1, 40))
    pending = replied > END
    outcome[pending], reason[pending] = "other", CARRIED_OVER
    replied[pending | ((outcome == "withdrawn") & (rng.random(n) < .4))] = np.datetime64("NaT")
    refused = np.isin(outcome, ("not_disclosed", "not_held", "not_government_info",
                                "partially_disclosed"))
    contested = rng.random(n) < np.where(refused, .06, .01)
    sued = contested & (rng.random(n) < .35)
    year = received.astype("datetime64[Y]").astype(np.int64) + 1970
    sequence = pd.Series(year).groupby(year).cumcount().to_numpy() + 1
    style = DISCLOSURE_FILE
    frame = pd.DataFrame({
        "request_id": _cat("YSQ", year.astype(str), "-", _digits(sequence, 5)),
        "received_at": _fmt_dates(received, rng, style.dates),
        "requester_type": _vary_case(_pick(rng, {"person": .86, "organisation": .14}, n), rng),
        "department": _departments(rng, DISCLOSURE_DEPARTMENTS, n),
        "replied_at": _fmt_dates(replied, rng, style.dates),
        "outcome": _vary_case(outcome, rng), "reason": reason,
        "reconsideration": _fmt_bools(_unknown(rng, contested), rng, style.bools),
        "litigation": _fmt_bools(_unknown(rng, sued), rng, style.bools)})
    return _write_csv(out, style, frame, rng, DISCLOSURE_BAD)


def _departments(rng: np.random.Generator, table: dict[str, float], n: int) -> np.ndarray:
    named = _pick(rng, table, n)
    return np.where(named == STREET, rng.choice(np.array(OFFICES, dtype=object), n), named)


def _unknown(rng: np.random.Generator, flag: np.ndarray, share: float = .1) -> np.ndarray:
    """A flag as 1.0 / 0.0, left empty (nan) in a share of rows."""
    return np.where(rng.random(len(flag)) < share, np.nan, flag.astype(float))
