"""Published hotline tables beyond `hotline_monthly`: by kind, by department, the programme.

Groups list every set of cells adding up to a figure published elsewhere: the kinds of a
month add up to the month's calls (`hotline_monthly`), a kind's months to its year, the
departments of a year to the year's calls, the episodes of a month to its programme calls.
"""

from __future__ import annotations

from pipeline.catalog.cases import MARKS
from pipeline.disclosure import Policy, Rate
from pipeline.relations import Measure
from pipeline.tables import HOTLINE, HOTLINE_KINDS, Col, Published

SATISFACTION = (
    Col("satisfied", "integer", "满意数", "rated satisfied"),
    Col("base_satisfaction", "integer", "评价数", "rated"),
)


def _month_year(frame):
    return frame["month"].str[:4]


TABLES: tuple[Published, ...] = (
    Published(
        "hotline_by_kind", "热线来电类型统计", "Hotline calls by kind",
        "热线来电按月份与类型（咨询、投诉、建议、表扬、其他）统计：来电量、接通率、满意率、等待时长。",
        "Hotline calls by month and kind (consultation, complaint, suggestion, praise, "
        "other): calls, answer rate, satisfaction, waiting time.",
        (Col("month", "string", "月份", "month (YYYY-MM)"),
         Col("kind", "string", "来电类型", "kind of call"),
         Col("calls", "integer", "来电量", "calls"),
         Col("answered", "integer", "接通量", "answered"),
         Col("answer_rate", "number", "接通率", "answer rate (answered ÷ calls)"),
         Col("satisfaction_rate", "number", "满意率", "satisfaction rate (satisfied ÷ rated)"),
         Col("median_wait_seconds", "number", "等待时长中位数（秒）", "median waiting time (s)"),
         Col("programme_calls", "integer", "直播节目来电", "calls on the live programme"),
         *SATISFACTION,
         Col("base_wait", "integer", "有等待时长的来电", "calls with a waiting time"),
         *MARKS),
        ("month", "kind"),
        Policy(("calls", "answered", "satisfied", "base_satisfaction", "base_wait",
                "programme_calls"),
               (Rate("answer_rate", "calls", "answered"),
                Rate("satisfaction_rate", "base_satisfaction", "satisfied"),
                Rate("median_wait_seconds", "base_wait")),
               (("month",), ("year", "kind")), {"year": _month_year}, HOTLINE,
               {"year": "year", "month": "month", "kind": "kind"}),
        "hotline",
    ),
    Published(
        "hotline_by_department", "各部门热线办理", "Hotline by department",
        "按年份与承办部门统计的热线来电：答复率（已答复咨询÷咨询）、投诉办结率（已解决投诉÷投诉）、"
        "满意率，以及参加直播节目的期数与节目来电；未指定部门的来电不计入。",
        "Hotline calls by year and the department that took them: reply rate (replied ÷ "
        "consultations), complaint resolution (resolved ÷ complaints), satisfaction, and "
        "the live programme episodes and calls; calls without a department are left out.",
        (Col("year", "integer", "年份", "year"),
         Col("department", "string", "承办部门", "department"),
         Col("calls", "integer", "来电量", "calls"),
         Col("consultations", "integer", "咨询量", "consultations"),
         Col("replied", "integer", "已答复咨询", "consultations replied"),
         Col("reply_rate", "number", "答复率", "reply rate (replied ÷ consultations)"),
         Col("complaints", "integer", "投诉量", "complaints"),
         Col("complaints_resolved", "integer", "投诉已解决", "complaints resolved"),
         Col("complaint_resolution_rate", "number", "投诉办结率",
             "complaint resolution rate (resolved ÷ complaints)"),
         Col("satisfaction_rate", "number", "满意率", "satisfaction rate (satisfied ÷ rated)"),
         Col("programme_calls", "integer", "直播节目来电", "calls on the live programme"),
         Col("programme_episodes", "integer", "参加直播节目期数",
             "live programme episodes the department took calls on"),
         *SATISFACTION, *MARKS),
        ("year", "department"),
        Policy(("calls", "consultations", "replied", "complaints", "complaints_resolved",
                "programme_calls", "satisfied", "base_satisfaction"),
               (Rate("reply_rate", "consultations", "replied"),
                Rate("complaint_resolution_rate", "complaints", "complaints_resolved"),
                Rate("satisfaction_rate", "base_satisfaction", "satisfied")),
               (("year",),), {}, HOTLINE, {"year": "year", "department": "department"},
               HOTLINE_KINDS, ("department",)),
        "hotline",
    ),
    Published(
        "hotline_programme", "热线直播节目", "Hotline live programme",
        "热线直播节目每期的来电量与上线部门（当期至少接听一个来电的部门）。",
        "Each episode of the live hotline programme: its calls and the departments on air "
        "(those that took at least one of its calls).",
        (Col("programme_date", "date", "节目日期", "date of the episode"),
         Col("month", "string", "月份", "month (YYYY-MM)"),
         Col("calls", "integer", "节目来电", "calls on the episode"),
         Col("departments", "integer", "上线部门数", "departments on air"),
         Col("department_names", "string", "上线部门", "departments on air (names, 、-separated)"),
         *MARKS),
        ("programme_date",),
        Policy(("calls",), (), (("month",),), {"year": _month_year}, HOTLINE,
               {"year": "year", "month": "month", "episode": "programme_date"},
               {"calls": Measure("programme_calls")}),
        "hotline",
    ),
)
