"""Published tables of the commitments section beyond DESIGN.md's three.

Commitments are public acts of named officials, not records about residents: no
disclosure policy applies (as for `commitments` and `commitments_summary`).
"""

from __future__ import annotations

from pipeline.tables import Col, Published

_STATUS_COUNTS = (
    Col("commitments", "integer", "承诺数", "commitments"),
    Col("fulfilled", "integer", "已兑现", "fulfilled"),
    Col("partially_fulfilled", "integer", "部分兑现", "partially fulfilled"),
    Col("not_fulfilled", "integer", "未兑现", "not fulfilled"),
)

TABLES: tuple[Published, ...] = (
    Published(
        "commitments_by_year", "承诺兑现年度汇总", "Commitments by year",
        "每年承诺按状态计数、兑现率（已兑现÷当年到期承诺，部分兑现单列）、逾期与进度滞后于序时进度的承诺数。",
        "Commitments per year by status; fulfilment rate (fulfilled ÷ due in the year, partial "
        "shown apart); how many are overdue or behind schedule.",
        (Col("year", "integer", "年度", "year"), *_STATUS_COUNTS,
         Col("on_track", "integer", "按计划推进", "on track"),
         Col("delayed", "integer", "滞后", "delayed"),
         Col("not_started", "integer", "未启动", "not started"),
         Col("withdrawn", "integer", "已撤回", "withdrawn"),
         Col("not_reported", "integer", "尚未报告", "not yet reported"),
         Col("due", "integer", "当年到期", "due in the year"),
         Col("fulfilment_rate", "number", "兑现率", "fulfilment rate (fulfilled ÷ due)"),
         Col("overdue", "integer", "逾期未兑现", "overdue"),
         Col("behind_schedule", "integer", "进度滞后于序时进度", "behind schedule"),
         Col("not_yet_due", "integer", "当年到期但未到完成时限",
             "due in the year, deadline not reached at the as-of date")),
        ("year",), None, "commitments",
    ),
    Published(
        "commitments_by_role", "按承诺人职务汇总", "Commitments by official's role",
        "按年度与承诺人职务汇总承诺状态与兑现率（已兑现÷当年到期承诺，部分兑现单列）。",
        "Commitments by year and official's role; fulfilment rate = fulfilled ÷ due in the "
        "year (partial shown apart).",
        (Col("year", "integer", "年度", "year"),
         Col("owner_role", "string", "承诺人职务", "official's role"), *_STATUS_COUNTS,
         Col("in_progress", "integer", "推进中", "in progress"),
         Col("fulfilment_rate", "number", "兑现率", "fulfilment rate"),
         Col("withdrawn", "integer", "已撤回", "withdrawn"),
         Col("due", "integer", "当年到期", "due in the year")),
        ("year", "owner_role"), None, "commitments",
    ),
    Published(
        "commitment_schedule", "承诺序时进度", "Commitments against schedule",
        "每项承诺在统计截止日的序时进度（承诺期已过的比例）与最新进度的比较；"
        "最新进度低于序时进度超过容差即为进度滞后。",
        "Each commitment at the as-of date: the share of its period elapsed against its "
        "latest progress; behind schedule when progress trails by more than the tolerance.",
        (Col("commitment_id", "string", "承诺编号", "commitment id"),
         Col("year", "integer", "年度", "year"),
         Col("period_start", "date", "承诺期起始（年初承诺日，无则1月1日）",
             "period start (pledge date, else 1 January)"),
         Col("deadline", "date", "完成时限", "deadline"),
         Col("as_of", "date", "统计截止日", "as-of date"),
         Col("expected_share", "number", "序时进度", "share of the period elapsed"),
         Col("progress_share", "number", "最新进度", "latest progress (fraction)"),
         Col("gap", "number", "进度差（最新进度−序时进度）", "progress − elapsed share"),
         Col("tolerance", "number", "容差", "tolerance"),
         Col("schedule_status", "string", "序时进度状态",
             "completed | withdrawn | closed | unknown | behind | on_schedule")),
        ("commitment_id",), None, "commitments",
    ),
    Published(
        "commitment_status_changes", "承诺状态变化", "Commitment status changes",
        "状态与上一次报告不同的进展报告（每项承诺的首次报告也计入），按时间倒序：承诺订阅源的条目。",
        "Updates whose status differs from the commitment's previous update (its first "
        "report included), newest first: the entries of the Atom feeds.",
        (Col("commitment_id", "string", "承诺编号", "commitment id"),
         Col("year", "integer", "年度", "year"),
         Col("department", "string", "单位", "department"),
         Col("owner_role", "string", "承诺人职务", "official's role"),
         Col("owner_name", "string", "承诺人", "official"),
         Col("title", "string", "承诺事项", "commitment"),
         Col("reported_on", "date", "报告日期", "reported on"),
         Col("stage", "string", "阶段", "stage"),
         Col("status", "string", "状态", "status"),
         Col("previous_status", "string", "原状态", "previous status"),
         Col("progress_pct", "number", "进度（%）", "progress (%)"),
         Col("evidence_url", "string", "佐证链接", "evidence link"),
         Col("note", "string", "说明", "note")),
        ("commitment_id", "reported_on", "stage"), None, "commitments",
    ),
)

# Not in TABLES: no mart makes it. The commitments section writes it (same formats, same
# place) because it compares the inputs with the last published site, which only the
# site build knows.
RECORD = Published(
    "commitment_revisions", "承诺进展记录的修订", "Revisions of published commitment updates",
    "已公开的进展报告被后来的输入改写（revised）或删除（removed）时，原先公开的版本仍在此保留，只增不删。",
    "Versions of published updates that later inputs rewrote (revised) or dropped "
    "(removed): kept here and on the pages, append-only.",
    (Col("commitment_id", "string", "承诺编号", "commitment id"),
     Col("year", "integer", "年度", "year"),
     Col("department", "string", "单位", "department"),
     Col("reported_on", "date", "报告日期", "reported on"),
     Col("stage", "string", "阶段", "stage"),
     Col("status", "string", "原公开的状态", "status as published"),
     Col("progress_pct", "number", "原公开的进度（%）", "progress (%) as published"),
     Col("note", "string", "原公开的说明", "note as published"),
     Col("evidence_url", "string", "原公开的佐证链接", "evidence link as published"),
     Col("last_published_as_of", "date", "最近一次公开该版本的统计基准日",
         "as-of date of the last build that published this version"),
     Col("change", "string", "变化", "revised (the input now says otherwise) | removed "
         "(the input no longer has it)")),
    ("commitment_id", "reported_on", "stage", "last_published_as_of"), None, "commitments",
)

SITE_TABLES = (RECORD,)
