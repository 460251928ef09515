"""Published case tables beyond DESIGN.md's fixed ones: years, districts, departments, backlog.

Each keeps its denominators beside its rates (so pages show n/N) and passes the disclosure
control. Groups list every set of cells adding up to a figure published elsewhere:
sources of a year add up to the year's cases, districts and departments of a source and
year to `cases_annual`, the sources of a district or a department to that one's total.
"""

from __future__ import annotations

from pipeline.disclosure import Policy, Rate
from pipeline.tables import BACKLOG, CASES, Col, Published

MARKS = (
    Col("suppressed", "boolean", "本行有小数抑制的单元格", "a cell of this row is suppressed"),
    Col("suppressed_cells", "string", "被抑制的列", "the suppressed columns"),
)
FIGURES = (
    Col("received", "integer", "受理量", "cases received"),
    Col("closed", "integer", "已办结", "cases closed (办结: closed_at set)"),
    Col("closure_rate", "number", "结案率（已办结÷受理）", "closure rate (closed ÷ received)"),
    Col("on_time_rate", "number", "按时办结率",
        "on-time rate (closed by the due date ÷ closed with a due date)"),
    Col("median_handling_days", "number", "办理时长中位数（天）", "median handling time (days)"),
    Col("p90_handling_days", "number", "办理时长第90百分位（天）",
        "90th percentile handling time (days)"),
    Col("satisfaction_rate", "number", "满意率（满意+基本满意÷评价）",
        "satisfaction rate (satisfied ÷ rated)"),
)
DENOMINATORS = (
    Col("on_time", "integer", "按时办结数", "closed on time"),
    Col("base_on_time", "integer", "有期限的已办结数", "closed with a due date"),
    Col("satisfied", "integer", "满意数", "rated satisfied"),
    Col("base_satisfaction", "integer", "评价数", "rated"),
)
RESOLVED = Col("resolved", "integer", "已解决（办结且结果为解决）",
               "resolved (解决: closed with outcome resolved; not the same as closed)")
COUNTS = ("received", "closed", "on_time", "base_on_time", "satisfied", "base_satisfaction")
RATES = (
    Rate("closure_rate", "received", "closed"),
    Rate("on_time_rate", "base_on_time", "on_time"),
    Rate("median_handling_days", "closed"),
    Rate("p90_handling_days", "closed"),
    Rate("satisfaction_rate", "base_satisfaction", "satisfied"),
)
YEAR = Col("year", "integer", "受理年份", "year received")
SOURCE = Col("source", "string", "来源", "source")

TABLES: tuple[Published, ...] = (
    Published(
        "cases_annual", "案件年度统计", "Cases by year",
        "按受理年份与来源统计的受理量、结案率、按时办结率、办理时长、满意率，以及已解决数"
        "与解决率（已解决÷已办结；调解案件即调解成功率）。",
        "Cases by year received and source: volume, closure, on-time, handling time, "
        "satisfaction, and resolved with the resolution rate (resolved ÷ closed; for "
        "mediation the mediation success rate).",
        (YEAR, SOURCE, *FIGURES, RESOLVED,
         Col("resolution_rate", "number", "解决率（已解决÷已办结）",
             "resolution rate (resolved ÷ closed); mediation success for mediation"),
         *DENOMINATORS, *MARKS),
        ("year", "source"),
        Policy((*COUNTS, "resolved"),
               (*RATES, Rate("resolution_rate", "closed", "resolved")),
               (("year",),), {}, CASES, {"year": "year", "source": "source"}),
        "cases",
    ),
    Published(
        "cases_department_annual", "各部门案件年度汇总", "Cases by department and year",
        "按受理年份与承办部门统计、各来源合计的案件办理情况（部门排行与部门页面）。",
        "Cases by year received and department, all sources together (department league "
        "table and pages).",
        (YEAR, Col("department", "string", "承办部门", "department"), *FIGURES, RESOLVED,
         *DENOMINATORS, *MARKS),
        ("year", "department"),
        Policy((*COUNTS, "resolved"), RATES, (("year",),), {}, CASES,
               {"year": "year", "department": "department"}),
        "cases",
    ),
    Published(
        "cases_by_district", "各街道案件统计", "Cases by district",
        "按受理年份、来源与街道（镇）统计的案件办理情况；未填街道的案件不计入。",
        "Cases by year received, source and district; cases without a district are left out.",
        (YEAR, SOURCE, Col("district", "string", "街道（镇）", "district"), *FIGURES,
         *DENOMINATORS, *MARKS),
        ("year", "source", "district"),
        Policy(COUNTS, RATES, (("year", "source"), ("year", "district")), {}, CASES,
               {"year": "year", "source": "source", "district": "district"},
               scope=("district",)),
        "cases",
    ),
    Published(
        "cases_backlog", "案件积压", "Case backlog",
        "各月末（或统计基准日前一天）仍未办结的案件数及其中已超过办结期限的案件数，按来源。",
        "Cases still open at each month end (or the day before the as-of date), and those "
        "of them past their due date, by source.",
        (Col("month", "string", "月份", "month (YYYY-MM)"), SOURCE,
         Col("counted_on", "date", "统计日（当日24时）", "counted at 24:00 on"),
         Col("open_cases", "integer", "未办结案件", "open cases"),
         Col("open_past_due", "integer", "逾期未办结案件", "open past their due date"),
         *MARKS),
        ("month", "source"),
        Policy(("open_cases", "open_past_due"), (), (("month",),), {}, BACKLOG,
               {"month": "month", "source": "source"}),
        "cases",
    ),
)
