"""The tables of the annual report on government information disclosure (parts 3 and 4).

Like `disclosure_annual`, they keep the statutory form of the report (政府信息公开工作年度
报告格式): every cell published, zero included, no suppression; they hold counts only.
"""

from __future__ import annotations

from pipeline.tables import Col, Published

_OUTCOMES = (
    Col("disclosed", "integer", "予以公开", "disclosed"),
    Col("partially_disclosed", "integer", "部分公开", "partially disclosed"),
    Col("not_disclosed", "integer", "不予公开", "not disclosed"),
    Col("not_held", "integer", "无法提供（本机关不掌握）", "cannot be provided (not held)"),
    Col("not_government_info", "integer", "不予处理", "not processed (not government information)"),
    Col("withdrawn", "integer", "申请人撤回", "withdrawn by the requester"),
    Col("other", "integer", "其他处理", "other"),
)

TABLES: tuple[Published, ...] = (
    Published(
        "disclosure_requests", "政府信息公开申请办理情况", "Requests for government information handled",
        "年度报告第三部分：按申请人类型，本年新收、上年结转、本年办理结果和结转下年度的申请数"
        "（按答复日期计入年度；未答复的撤回申请计入收到年度）。",
        "Part 3 of the annual report, by requester type: requests received, carried over "
        "from the year before, settled by outcome (in the year replied to; a withdrawal "
        "without a reply in the year received) and carried over to the next year.",
        (Col("year", "integer", "年度", "year"),
         Col("requester_type", "string", "申请人类型", "requester type"),
         Col("received", "integer", "本年新收", "received this year"),
         Col("carried_in", "integer", "上年结转", "carried over from the year before"),
         *_OUTCOMES,
         Col("settled", "integer", "本年办结总计", "settled this year"),
         Col("carried_out", "integer", "结转下年度继续办理", "carried over to the next year")),
        ("year", "requester_type"), None, "disclosure",
    ),
    Published(
        "disclosure_appeals", "政府信息公开行政复议、行政诉讼情况",
        "Reconsideration and litigation of disclosure decisions",
        "年度报告第四部分：按收到申请的年度，申请行政复议和提起行政诉讼的件数。",
        "Part 4 of the annual report: requests whose answer was contested by administrative "
        "reconsideration or litigation, by the year the request was received.",
        (Col("year", "integer", "年度", "year"),
         Col("reconsideration", "integer", "行政复议", "administrative reconsideration"),
         Col("litigation_direct", "integer", "未经复议直接起诉", "litigation without reconsideration"),
         Col("litigation_after_reconsideration", "integer", "复议后起诉",
             "litigation after reconsideration"),
         Col("litigation", "integer", "行政诉讼总计", "litigation, total")),
        ("year",), None, "disclosure",
    ),
)
