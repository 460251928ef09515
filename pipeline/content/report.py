"""The annual report on government information disclosure (政府信息公开工作年度报告).

Laid out in the six parts of the national template (《中华人民共和国政府信息公开工作年度报告
格式》, 2021): 一、总体情况 · 二、主动公开政府信息情况 · 三、收到和处理政府信息公开申请情况 ·
四、政府信息公开行政复议、行政诉讼情况 · 五、存在的主要问题及改进情况 · 六、其他需要报告的事项.
Parts 3 and 4 are tables of the published `disclosure_requests` and `disclosure_appeals`;
part 2 counts the documents published on this site; the narrative of every part comes
from the editors' Markdown (`Report: disclosure`, `Year: 2025`), one `## ` heading per part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown
import nh3
import pandas as pd

from pipeline.content.contract import SECTIONS, VALIDITY, Document, Problem

PARTS = (1, 2, 3, 4, 5, 6)
NARRATIVE_NEEDED = (1, 5, 6)  # the parts that are text only
_PART = re.compile(r"^##\s*(?:([一二三四五六])\s*[、.．]|([1-6])\s*[.、．]|Part\s+([1-6])\b)",
                   re.IGNORECASE)
_NUMERALS = "一二三四五六"
REQUESTER_TYPES = ("person", "organisation")
# Part 3's rows: (row code, template group); the outcomes in the template's fixed order
PART3_ROWS = (
    ("received", None), ("carried_in", None),
    ("disclosed", "outcome"), ("partially_disclosed", "outcome"),
    ("not_disclosed", "outcome"), ("not_held", "outcome"),
    ("not_government_info", "outcome"), ("withdrawn", "outcome"), ("other", "outcome"),
    ("settled", "outcome"), ("carried_out", None),
)
PART4_COLUMNS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration",
                 "litigation")


@dataclass
class Report:
    year: int
    part2: list[dict]  # per section: published in the year (policies: also in force)
    part3: list[dict]  # per row: person, organisation, total
    part4: dict[str, int]
    narrative: dict[int, str] = field(default_factory=dict)  # part → sanitised HTML
    narrative_lang: str | None = None  # the language the narrative is in


def part_of(line: str) -> int | None:
    """The part a `## ` heading opens: 一、… / 1. … / Part 1 …"""
    match = _PART.match(line)
    if not match:
        return None
    zh, digit, part = match.groups()
    return _NUMERALS.index(zh) + 1 if zh else int(digit or part)


def narrative_parts(doc: Document) -> dict[int, str]:
    """The Markdown of each part of a report's narrative (its `## ` heading dropped)."""
    parts: dict[int, list[str]] = {}
    current = None
    for line in doc.lines[doc.body_start - 1:]:
        if line.startswith("## "):
            current = part_of(line)
            if current is not None:
                parts.setdefault(current, [])
                continue
        if current is not None:
            parts[current].append(line)
    return {part: "\n".join(lines).strip() for part, lines in parts.items()}


def check_report(doc: Document) -> list[Problem]:
    """A `Report: disclosure` document needs the narrative parts 一, 五 and 六."""
    if doc.get("report") != "disclosure":
        return []
    found = narrative_parts(doc)
    return [Problem(doc.shown, doc.body_start, f"the report needs a part '## {_NUMERALS[p - 1]}、…'"
                    f" (or '## {p}. …')") for p in NARRATIVE_NEEDED if p not in found]


def render_markdown(text: str) -> str:
    from pipeline.site import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

    html = markdown.markdown(text, extensions=["markdown.extensions.extra"],
                             output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"})


def part2(docs: list[Document], year: int) -> list[dict]:
    """Documents of each section published in `year` (Chinese originals); policies also
    repealed in `year` and in force at the year's end (effective by then, not expired or
    repealed), as the template's 本年制发件数 · 本年废止件数 · 现行有效件数."""
    end = pd.Timestamp(year, 12, 31).date()
    frame = pd.DataFrame([{
        "section": d.section, "date": d.date(), "validity": VALIDITY.get(d.get("validity")),
        "effective": d.date("effective"), "expires": d.date("expires"),
        "repealed": d.date("repealed"),
    } for d in docs if d.kind == "affairs" and d.lang == "zh" and d.date()],  # few: no SQL
        columns=["section", "date", "validity", "effective", "expires", "repealed"])
    frame["in_year"] = frame["date"].map(lambda d: d.year == year)
    frame["repealed_in_year"] = frame["repealed"].map(lambda d: d is not None and d.year == year)
    frame["in_force"] = (frame["validity"].notna() & frame["effective"].map(
        lambda d: d is not None and d <= end)
        & frame["expires"].map(lambda d: d is None or d > end)
        & frame["repealed"].map(lambda d: d is None or d > end))
    counts = frame.groupby("section")[["in_year", "repealed_in_year", "in_force"]].sum()
    counts = counts.reindex(list(SECTIONS), fill_value=0).astype(int)
    policy = {"policies"}  # 本年制发件数 · 本年废止件数 · 现行有效件数 (20(1) of the template)
    return [{"section": s, "published": int(row.in_year),
             "repealed": int(row.repealed_in_year) if s in policy else None,
             "in_force": int(row.in_force) if s in policy else None}
            for s, row in counts.iterrows()]


def part3(requests: pd.DataFrame, year: int) -> list[dict]:
    """Rows of the template, columns person / organisation / total (zeros included)."""
    rows = requests[requests["year"] == year].set_index("requester_type")
    rows = rows.reindex(list(REQUESTER_TYPES)).fillna(0)
    out = []
    for code, group in PART3_ROWS:
        values = {t: int(rows.at[t, code]) for t in REQUESTER_TYPES}
        out.append({"row": code, "group": group, **values, "total": sum(values.values())})
    return out


def part4(appeals: pd.DataFrame, year: int) -> dict[str, int]:
    row = appeals[appeals["year"] == year]
    return {c: int(row[c].iloc[0]) if len(row) else 0 for c in PART4_COLUMNS}


def build_report(year: int, lang: str, tables: dict[str, pd.DataFrame],
                 docs: list[Document]) -> Report:
    """The report of one year in `lang`; the narrative falls back to the Chinese one."""
    report = Report(year, part2(docs, year), part3(tables["disclosure_requests"], year),
                    part4(tables["disclosure_appeals"], year))
    narratives = {d.lang: d for d in docs if d.get("report") == "disclosure"
                  and d.get("year") == str(year)}
    doc = narratives.get(lang) or narratives.get("zh")
    if doc is not None:
        report.narrative = {p: render_markdown(t) for p, t in narrative_parts(doc).items()}
        report.narrative_lang = doc.lang
    return report


def report_years(tables: dict[str, pd.DataFrame]) -> list[int]:
    frame = tables.get("disclosure_requests")
    if frame is None or frame.empty:
        return []
    return sorted({int(y) for y in frame["year"].dropna()}, reverse=True)
