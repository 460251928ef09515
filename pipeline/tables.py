"""The published tables: what each means, its columns, and how it is protected.

The Data page, `datapackage.json` and the export all read this one catalogue. A table's
rows come from the mart of the same name; `policy` (disclosure.py) is set for every table
built from case, hotline or disclosure records. Columns are listed in published order:
the ones DESIGN.md fixes first, then extra ones (denominators, so every rate has its n/N).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.disclosure import Policy, Rate
from pipeline.relations import Dim, Measure, Universe


@dataclass(frozen=True)
class Col:
    name: str
    type: str  # Frictionless types: string, integer, number, boolean, date
    zh: str
    en: str


@dataclass(frozen=True)
class Published:
    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    columns: tuple[Col, ...]
    keys: tuple[str, ...]
    policy: Policy | None = None
    domain: str = ""


def _month_year(frame):
    return frame["month"].str[:4]


# The records the count tables are built from (relations.py): every case table comes from
# the grouping sets of int_case_groups.sql, every hotline table from int_hotline_groups.sql
# (the programme's episodes are days within a month); the backlog counts open cases at
# month ends, which do not add up over months. Bounds hold by the counting rules.
CASES = Universe(
    "cases",
    (Dim("year"), Dim("month", within="year"), Dim("source"), Dim("department"),
     Dim("district")),
    (("closed", "received"), ("base_on_time", "closed"), ("on_time", "base_on_time"),
     ("resolved", "closed"), ("satisfied", "base_satisfaction"),
     ("base_satisfaction", "received")))
HOTLINE = Universe(
    "hotline",
    (Dim("year"), Dim("month", within="year"), Dim("episode", within="month"), Dim("kind"),
     Dim("department")),
    (("answered", "calls"), ("replied", "calls"), ("resolved", "calls"),
     ("satisfied", "base_satisfaction"), ("base_satisfaction", "calls"),
     ("base_wait", "calls"), ("programme_calls", "calls")))
BACKLOG = Universe("cases_backlog", (Dim("month", additive=False), Dim("source")),
                   (("open_past_due", "open_cases"),))
MONTH_SOURCE = {"year": "year", "month": "month", "source": "source"}
# hotline counts that are `calls` or a sub-count for one kind of call
HOTLINE_KINDS = {
    "consultations": Measure("calls", (("kind", "consultation"),)),
    "replied": Measure("replied", (("kind", "consultation"),)),
    "complaints": Measure("calls", (("kind", "complaint"),)),
    "complaints_resolved": Measure("resolved", (("kind", "complaint"),)),
}


_CASE_COUNTS = (
    Col("received", "integer", "受理量", "cases received"),
    Col("closed", "integer", "已办结", "cases closed"),
    Col("closure_rate", "number", "结案率（已办结÷受理）", "closure rate (closed ÷ received)"),
    Col("on_time_rate", "number", "按时办结率", "on-time rate (closed by the due date ÷ closed with a due date)"),
    Col("median_handling_days", "number", "办理时长中位数（天）", "median handling time (days)"),
    Col("satisfaction_rate", "number", "满意率（满意+基本满意÷评价）", "satisfaction rate (satisfied ÷ rated)"),
)
_CASE_EXTRA = (
    Col("p90_handling_days", "number", "办理时长第90百分位（天）", "90th percentile handling time (days)"),
    Col("on_time", "integer", "按时办结数", "closed on time"),
    Col("base_on_time", "integer", "有期限的已办结数", "closed with a due date"),
    Col("satisfied", "integer", "满意数", "rated satisfied"),
    Col("base_satisfaction", "integer", "评价数", "rated"),
    Col("resolved", "integer", "已解决数", "resolved"),
)
_MARKS = (
    Col("suppressed", "boolean", "本行有小数抑制的单元格", "a cell of this row is suppressed"),
    Col("suppressed_cells", "string", "被抑制的列", "the suppressed columns"),
)
_CASE_COUNT_NAMES = ("received", "closed", "on_time", "base_on_time", "satisfied",
                     "base_satisfaction", "resolved")
_CASE_RATES = (
    Rate("closure_rate", "received", "closed"),
    Rate("on_time_rate", "base_on_time", "on_time"),
    Rate("median_handling_days", "closed"),
    Rate("p90_handling_days", "closed"),
    Rate("satisfaction_rate", "base_satisfaction", "satisfied"),
)

TABLES: tuple[Published, ...] = (
    Published(
        "cases_monthly", "案件月度统计", "Cases by month",
        "按受理月份（队列）与来源统计的受理量、结案率、按时办结率、办理时长与满意率。",
        "Cases by month received (cohort) and source: volume, closure, on-time, handling time, satisfaction.",
        (Col("month", "string", "受理月份", "month received (YYYY-MM)"),
         Col("source", "string", "来源", "source"), *_CASE_COUNTS, *_MARKS, *_CASE_EXTRA),
        ("month", "source"),
        Policy(_CASE_COUNT_NAMES, _CASE_RATES, (("year", "source"), ("month",)),
               {"year": _month_year}, CASES, MONTH_SOURCE),
        "cases",
    ),
    Published(
        "cases_by_department", "各部门案件统计", "Cases by department",
        "按受理年份、来源与承办部门统计的案件办理情况。",
        "Cases by year received, source and department.",
        (Col("year", "integer", "受理年份", "year received"),
         Col("source", "string", "来源", "source"),
         Col("department", "string", "承办部门", "department"), *_CASE_COUNTS, *_MARKS,
         *_CASE_EXTRA),
        ("year", "source", "department"),
        Policy(_CASE_COUNT_NAMES, _CASE_RATES,
               (("year", "source"), ("year", "department")), {}, CASES,
               {"year": "year", "source": "source", "department": "department"}),
        "cases",
    ),
    Published(
        "hotline_monthly", "热线月度统计", "Hotline by month",
        "热线来电按月统计：接通率、答复率、投诉办结率、满意率、等待时长与直播节目来电。",
        "Hotline calls by month: answer, reply and complaint resolution rates, satisfaction, waiting time, live programme calls.",
        (Col("month", "string", "月份", "month (YYYY-MM)"),
         Col("calls", "integer", "来电量", "calls"),
         Col("answered", "integer", "接通量", "answered"),
         Col("answer_rate", "number", "接通率", "answer rate (answered ÷ calls)"),
         Col("consultations", "integer", "咨询量", "consultations"),
         Col("replied", "integer", "已答复咨询", "consultations replied"),
         Col("reply_rate", "number", "答复率", "reply rate (replied ÷ consultations)"),
         Col("complaints", "integer", "投诉量", "complaints"),
         Col("complaints_resolved", "integer", "投诉已解决", "complaints resolved"),
         Col("complaint_resolution_rate", "number", "投诉办结率", "complaint resolution rate"),
         Col("satisfaction_rate", "number", "满意率", "satisfaction rate"),
         Col("median_wait_seconds", "number", "等待时长中位数（秒）", "median waiting time (s)"),
         Col("programme_calls", "integer", "直播节目来电", "calls on the live programme"),
         *_MARKS,
         Col("satisfied", "integer", "满意数", "rated satisfied"),
         Col("base_satisfaction", "integer", "评价数", "rated"),
         Col("base_wait", "integer", "有等待时长的来电", "calls with a waiting time")),
        ("month",),
        Policy(("calls", "answered", "consultations", "replied", "complaints",
                "complaints_resolved", "programme_calls", "satisfied", "base_satisfaction",
                "base_wait"),
               (Rate("answer_rate", "calls", "answered"),
                Rate("reply_rate", "consultations", "replied"),
                Rate("complaint_resolution_rate", "complaints", "complaints_resolved"),
                Rate("satisfaction_rate", "base_satisfaction", "satisfied"),
                Rate("median_wait_seconds", "base_wait")),
               (("year",),), {"year": _month_year}, HOTLINE,
               {"year": "year", "month": "month"}, HOTLINE_KINDS),
        "hotline",
    ),
    Published(
        "commitments", "公开承诺", "Public commitments",
        "领导干部年度公开承诺：每项承诺的最新状态、进度与是否逾期。",
        "Officials' annual public commitments: latest status, progress and whether overdue.",
        (Col("commitment_id", "string", "承诺编号", "commitment id"),
         Col("year", "integer", "年度", "year"),
         Col("owner_role", "string", "承诺人职务", "official's role"),
         Col("owner_name", "string", "承诺人", "official"),
         Col("department", "string", "单位", "department"),
         Col("title", "string", "承诺事项", "commitment"),
         Col("deadline", "date", "完成时限", "deadline"),
         Col("status", "string", "状态", "status (of the latest update)"),
         Col("progress_pct", "number", "进度（%）", "progress (%)"),
         Col("last_reported_on", "date", "最近报告日期", "last reported on"),
         Col("overdue", "boolean", "逾期未兑现", "overdue (past deadline, neither fulfilled nor withdrawn)"),
         Col("description", "string", "说明", "description"),
         Col("target", "string", "量化目标", "measurable target"),
         Col("category", "string", "类别", "category")),
        ("commitment_id",), None, "commitments",
    ),
    Published(
        "commitments_summary", "承诺兑现汇总", "Commitments summary",
        "按年度与单位汇总承诺状态与兑现率（兑现率=已兑现÷当年到期承诺，部分兑现单列）。",
        "Commitments by year and department; fulfilment rate = fulfilled ÷ due in the year (partial shown apart).",
        (Col("year", "integer", "年度", "year"),
         Col("department", "string", "单位", "department"),
         Col("commitments", "integer", "承诺数", "commitments"),
         Col("fulfilled", "integer", "已兑现", "fulfilled"),
         Col("partially_fulfilled", "integer", "部分兑现", "partially fulfilled"),
         Col("not_fulfilled", "integer", "未兑现", "not fulfilled"),
         Col("in_progress", "integer", "推进中", "in progress"),
         Col("fulfilment_rate", "number", "兑现率", "fulfilment rate"),
         Col("withdrawn", "integer", "已撤回", "withdrawn"),
         Col("due", "integer", "当年到期", "due in the year")),
        ("year", "department"), None, "commitments",
    ),
    Published(
        "commitment_updates", "承诺进展记录", "Commitment updates",
        "每项承诺的全部进展报告（年初承诺、年中进展、年底兑现及其他），只增不删。",
        "Every progress report on every commitment (pledge, mid-year, year-end, interim), append-only.",
        (Col("commitment_id", "string", "承诺编号", "commitment id"),
         Col("year", "integer", "年度", "year"),
         Col("department", "string", "单位", "department"),
         Col("reported_on", "date", "报告日期", "reported on"),
         Col("stage", "string", "阶段", "stage"),
         Col("status", "string", "状态", "status"),
         Col("progress_pct", "number", "进度（%）", "progress (%)"),
         Col("note", "string", "说明", "note"),
         Col("evidence_url", "string", "佐证链接", "evidence link")),
        ("commitment_id", "reported_on", "stage"), None, "commitments",
    ),
    Published(
        "prices_latest", "最新价格比较", "Latest price comparison",
        "每个监测商品最近一次观测日各商店的价格、最低价、最高价与价差（(最高−最低)÷最低）。",
        "Each item's latest observation day: price per shop, min, max and spread ((max − min) ÷ min).",
        (Col("observed_on", "date", "观测日期", "observed on"),
         Col("item_code", "string", "商品编码", "item code"),
         Col("item_name_zh", "string", "商品名称", "item name (Chinese)"),
         Col("category", "string", "类别", "category"),
         Col("unit", "string", "计价单位", "unit"),
         Col("store", "string", "商店", "shop"),
         Col("price", "number", "价格（元）", "price (CNY)"),
         Col("min_price", "number", "最低价", "lowest price that day"),
         Col("max_price", "number", "最高价", "highest price that day"),
         Col("spread_pct", "number", "价差", "spread ((max − min) ÷ min)"),
         Col("is_cheapest", "boolean", "最低价商店", "cheapest shop"),
         Col("item_name_en", "string", "英文名称", "item name (English)"),
         Col("spec", "string", "规格", "specification")),
        ("item_code", "store"), None, "prices",
    ),
    Published(
        "disclosure_annual", "政府信息依申请公开", "Requests for government information",
        "年度报告中依申请公开的办理结果统计（法定格式，不做小数抑制）。",
        "The annual report's table of requests by outcome (statutory form, not suppressed).",
        (Col("year", "integer", "年度", "year"),
         Col("outcome", "string", "办理结果", "outcome"),
         Col("requests", "integer", "申请数", "requests")),
        ("year", "outcome"), None, "disclosure",
    ),
)


CORE = TABLES


def _section_tables(name: str) -> tuple[Published, ...]:
    """More published tables, one module per domain under pipeline/catalog/.

    `TABLES` come from marts; `SITE_TABLES` are written by a site section itself
    (they compare with the last published site, which the pipeline never sees).
    """
    import importlib
    import pkgutil

    from pipeline import catalog

    found = []
    for module in sorted(pkgutil.iter_modules(catalog.__path__), key=lambda m: m.name):
        found.extend(getattr(importlib.import_module(f"{catalog.__name__}.{module.name}"),
                             name, ()))
    return tuple(found)


TABLES = CORE + _section_tables("TABLES")
SITE_TABLES = _section_tables("SITE_TABLES")


def published(name: str) -> Published:
    return next(t for t in TABLES + SITE_TABLES if t.name == name)
