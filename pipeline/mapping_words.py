"""Words `publish.py map` matches an export's headers and codes with (pipeline/mapper.py).

Headers are compared after `normalize`: NFKC, lower case, spaces, underscores, hyphens and
brackets removed — so "Created Date", "created_date" and "CREATED-DATE" are one word. A
contract column's own name always matches; these are the other names exports use, in
Chinese and English (Chinese city-grid, hotline and price-monitoring systems; open-data
311 exports; promise trackers; market-price files).
"""

from __future__ import annotations

import re
import unicodedata

_NOISE = re.compile(r"[\s_\-()（）\[\]【】:：.#/]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def is_chinese(word: str) -> bool:
    return bool(_CJK.search(word))


def normalize(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text)).lower())


HEADERS: dict[str, tuple[str, ...]] = {
    # cases
    "case_id": ("案件编号", "案件号", "工单编号", "工单号", "编号", "受理编号", "unique key",
                "case id", "case number", "service request id", "service request number",
                "sr number", "ticket id", "incident id"),
    "source": ("案件来源", "案件类型", "业务类型", "来源类型", "case type", "source"),
    "received_at": ("受理时间", "登记时间", "上报时间", "立案时间", "来电时间", "接收时间",
                    "收到申请时间", "申请时间", "created date", "created", "opened", "open date",
                    "date opened", "date received", "received", "requested datetime",
                    "created at", "reported date", "call date", "start time"),
    "due_at": ("办理时限", "截止时间", "应办结时间", "处置时限", "到期时间", "due date",
               "resolution due date", "target date", "due"),
    "closed_at": ("办结时间", "结案时间", "关闭时间", "完成时间", "closed date", "date closed",
                  "closed", "resolved date", "completed date", "closed at", "close date"),
    "status": ("状态", "办理状态", "案件状态", "status"),
    "outcome": ("办理结果", "处理结果", "结果", "resolution", "outcome", "result"),
    "department": ("承办单位", "承办部门", "责任单位", "处置部门", "处置单位", "主办单位",
                   "责任部门", "部门", "单位", "agency", "agency name", "responsible agency",
                   "department", "dept", "owner department", "assigned department",
                   "responsible department", "queue"),
    "category": ("事项名称", "问题类型", "问题类别", "案件类别", "诉求分类", "类别", "分类",
                 "complaint type", "category", "request type", "service name", "problem",
                 "issue type", "service request type", "commodity group", "类型"),
    "district": ("所属街道", "街道", "区域", "辖区", "所属区域", "乡镇街道", "borough",
                 "district", "ward", "neighborhood", "neighbourhood", "area", "admin2",
                 "council district"),
    "grid": ("网格", "网格编号", "所属网格", "grid", "beat"),
    "channel": ("渠道", "来源渠道", "申报渠道", "受理渠道", "反映渠道", "open data channel type",
                "channel", "source channel", "method received", "origin", "intake method"),
    "satisfaction": ("满意度", "评价", "满意度评价", "回访评价", "satisfaction", "rating",
                     "survey score"),
    "summary": ("诉求内容", "内容", "描述", "问题描述", "来电内容", "诉求摘要", "description",
                "descriptor", "details", "summary", "request details"),
    "reporter_name": ("姓名", "反映人", "联系人", "投诉人", "申请人", "reporter name",
                      "contact name", "name"),
    "reporter_phone": ("电话", "联系电话", "手机", "手机号", "phone", "telephone",
                       "contact phone"),
    "reporter_id_number": ("身份证号", "身份证号码", "证件号码", "id number"),
    "address": ("地址", "事发地址", "详细地址", "address", "incident address",
                "street address", "location address"),
    # hotline
    "call_id": ("来电编号", "话务编号", "呼叫编号", "工单号", "工单编号", "call id",
                "call number"),
    "answered": ("是否接通", "接通", "answered", "is answered", "connected"),
    "wait_seconds": ("等待时长", "等待秒数", "排队时长", "wait seconds", "wait time",
                     "queue seconds"),
    "kind": ("诉求类型", "来电类型", "诉求性质", "call type", "kind", "request kind"),
    "replied_at": ("答复时间", "回复时间", "replied", "reply date", "response date"),
    "resolved_at": ("解决时间", "办结时间", "resolved at", "resolution date"),
    "resolved": ("是否解决", "解决情况", "resolved", "is resolved"),
    "programme_date": ("节目日期", "直播日期", "programme date", "program date"),
    "caller_name": ("来电人", "来电人姓名", "caller name", "caller"),
    "caller_phone": ("来电号码", "主叫号码", "caller phone", "caller number", "ani"),
    # commitments
    "commitment_id": ("承诺编号", "编号", "promise id", "pledge id", "commitment id", "id"),
    "year": ("年度", "年份", "year"),
    "owner_role": ("职务", "承诺人职务", "role", "position", "office"),
    "owner_name": ("承诺人", "负责人", "official", "owner", "politician"),
    "title": ("承诺事项", "承诺内容", "标题", "promise", "pledge", "title"),
    "target": ("目标", "预期目标", "target", "goal"),
    "deadline": ("完成时限", "完成期限", "deadline", "due date", "target date"),
    "reported_on": ("报告日期", "更新日期", "进展日期", "reported on", "updated", "date"),
    "stage": ("阶段", "stage", "phase"),
    "progress_pct": ("进度", "完成进度", "完成比例", "progress", "percent complete"),
    "note": ("备注", "说明", "进展情况", "note", "notes", "comment"),
    "evidence_url": ("链接", "佐证链接", "url", "source url", "evidence", "link"),
    # prices
    "item_code": ("商品编码", "品种编码", "商品代码", "item code", "commodity id", "item id",
                  "product code", "sku"),
    "name_zh": ("商品名称", "品名", "品种名称", "品种", "名称"),
    "name_en": ("commodity", "item", "product", "item name", "product name", "english name"),
    "unit": ("单位", "计价单位", "计量单位", "unit", "units", "unit name", "uom"),
    "spec": ("规格", "规格型号", "spec", "specification", "pack size", "package"),
    "spec_en": ("英文规格", "规格英文", "spec en", "english spec", "specification en",
                "specification english", "english specification"),
    "store": ("商店", "门店", "监测点", "采价点", "市场", "商家", "market", "store", "shop",
              "outlet", "market name"),
    "store_type": ("门店类型", "业态", "store type", "market type", "outlet type"),
    "observed_on": ("采价日期", "监测日期", "日期", "date", "observed", "observation date",
                    "price date"),
    "price": ("价格", "零售价", "零售价格", "价格元", "price", "retail price", "value"),
    "currency": ("币种", "货币", "currency", "currency code", "cur"),
    # disclosure
    "request_id": ("申请编号", "登记号", "request id", "request number", "foi id"),
    "requester_type": ("申请人类型", "申请主体", "requester type", "applicant type"),
    "reason": ("理由", "不予公开理由", "reason", "exemption"),
    "reconsideration": ("行政复议", "是否复议", "reconsideration", "appeal"),
    "litigation": ("行政诉讼", "是否诉讼", "litigation", "lawsuit"),
}

# Code words exports use, by contract column: normalized word → contract code.
CODES: dict[str, dict[str, str]] = {
    "channel": {"phone": "hotline", "telephone": "hotline", "call": "hotline", "电话": "hotline",
                "热线": "hotline", "12345": "hotline", "online": "web", "internet": "web",
                "website": "web", "email": "web", "e-mail": "web", "网站": "web", "网络": "web",
                "网上": "web", "mobile": "app", "mobileapp": "app", "手机": "app", "微信": "app",
                "小程序": "app", "walkin": "walk_in", "inperson": "walk_in", "来访": "walk_in",
                "窗口": "walk_in", "走访": "walk_in", "巡查": "patrol", "巡查发现": "patrol",
                "inspection": "patrol", "letter": "letter", "mail": "letter", "来信": "letter",
                "信件": "letter", "unknown": "other", "其他": "other"},
    "outcome": {"closed": "resolved", "已解决": "resolved", "解决": "resolved",
                "部分解决": "partially_resolved", "未解决": "unresolved", "转办": "referred",
                "撤回": "withdrawn", "撤销": "withdrawn"},
    "kind": {"咨询": "consultation", "投诉": "complaint", "建议": "suggestion", "表扬": "praise",
             "求助": "other", "inquiry": "consultation", "question": "consultation"},
    "category": {"cereals": "grain", "cerealsandtubers": "grain", "pulsesandnuts": "grain",
                 "grains": "grain", "oilandfats": "oil", "oils": "oil", "meat": "meat",
                 "meatfishandeggs": "meat", "fish": "aquatic", "seafood": "aquatic",
                 "eggs": "egg", "vegetables": "vegetable", "vegetablesandfruits": "vegetable",
                 "fruits": "fruit", "milkanddairy": "dairy", "dairy": "dairy",
                 "medicines": "medicine", "nonfood": "daily", "miscellaneousfood": "daily"},
    "status": {"已兑现": "fulfilled", "完成": "fulfilled", "已完成": "fulfilled",
               "kept": "fulfilled", "done": "fulfilled", "broken": "not_fulfilled",
               "未完成": "not_fulfilled", "推进中": "on_track", "inprogress": "on_track",
               "滞后": "delayed", "stalled": "delayed", "未启动": "not_started",
               "compromise": "partially_fulfilled", "部分完成": "partially_fulfilled"},
}
