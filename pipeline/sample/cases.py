"""Sample cases: four sources (city management, mediation, approvals, complaints) in three
yearly CSVs from different exporting systems, and the 2026 approvals as the approval
system's own XLSX with Chinese headers and a mapping sidecar."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipeline.sample.draws import (
    END,
    MIN_ROWS,
    after,
    cat,
    lognormal,
    norm,
    pick,
    scores,
    timestamps,
    zero_padded,
)
from pipeline.sample.messy import (
    BROKEN,
    Style,
    fmt_dates,
    fmt_scores,
    plant_bad,
    tagged,
    timed,
    vary_case,
    with_duplicates,
    write_csv,
    write_parquet,
)
from pipeline.sample.names import (
    ANY,
    AREAS,
    CASE_CATEGORIES,
    COMPLAINT_DEPARTMENTS,
    FIRMS,
    OFFICES,
    ROADS,
    STREET,
)
from pipeline.sample.people import addresses, full_names, id_numbers, mobiles, with_personal

CASES_AT_1 = 100_000
MIN_HANDLING_DAYS = 10 / 1440
ZIP_TIME = (2026, 11, 1, 0, 0, 0)
OUTCOMES = ("resolved", "partially_resolved", "unresolved", "referred", "withdrawn")


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


def write_cases(out: Path, rng: np.random.Generator, scale: float,
                form: str = "csv", tag: str = "") -> dict[str, int]:
    """About 100,000 cases at scale 1: one CSV per exporting system, 2026 approvals as XLSX
    (with `form="parquet"`, every file as Parquet: large exports come that way). `tag`
    marks the files and ids of one part of a sample written in parts."""
    total = CASES_AT_1 * scale
    cases = pd.concat([_cases_of(rng, name, spec, max(MIN_ROWS, round(total * spec.share)))
                       for name, spec in SOURCES.items()])
    cases = cases.sort_values("received_at", kind="stable").reset_index(drop=True)
    year = cases["received_at"].dt.year
    prefix = cases["source"].map({k: s.prefix for k, s in SOURCES.items()})
    sequence = cases.groupby([prefix, year]).cumcount() + 1
    cases["case_id"] = prefix + year.astype(str) + tag.upper() + zero_padded(
        sequence.to_numpy(), 6)
    in_xlsx = (cases["source"] == "approval") & (year == 2026)
    counts: dict[str, int] = {}
    for file_year, style in CASE_FILES.items():
        chosen = cases[(year.clip(lower=2024) == file_year) & ~in_xlsx]
        counts.update(write_csv(out, style._replace(path=tagged(style.path, tag)),
                                _format_cases(chosen, rng, style), rng, CASE_BAD, form))
    counts.update(_write_approvals_xlsx(out, cases[in_xlsx], rng, form, tag))
    return counts


def _cases_of(rng: np.random.Generator, source: str, spec: Source, n: int) -> pd.DataFrame:
    """n cases of one source, typed: times as datetime64, ratings as 0–5."""
    table = CASE_CATEGORIES[source]
    kind = rng.choice(len(table), size=n, p=norm([c[2] for c in table]))
    area = rng.choice(len(AREAS), size=n, p=norm([a[2] for a in AREAS]))
    received = timestamps(rng, n, spec.weekend, spec.hours)
    due_days = np.array([c[3] for c in table], dtype=float)[kind]
    handling = np.maximum(lognormal(rng, due_days * spec.median_share, spec.sigma, n),
                          MIN_HANDLING_DAYS)
    closed = after(received, handling)
    stuck = rng.random(n) < spec.stuck
    still_open = stuck | (closed > END)
    closed[still_open] = np.datetime64("NaT")
    due = after(received, due_days)
    due[rng.random(n) < spec.no_due] = np.datetime64("NaT")
    outcome = np.where(still_open, "", rng.choice(OUTCOMES, size=n, p=spec.outcomes))
    status = np.where(still_open, rng.choice(spec.open_status, n),
                      rng.choice(spec.closed_status, n)).astype(object)
    status[stuck] = "缓办"
    district = np.array([a[0] for a in AREAS], dtype=object)[area]
    channel = rng.choice(list(spec.channels), size=n, p=norm(list(spec.channels.values())))
    grid = cat(np.array([a[1] for a in AREAS])[area], "-", zero_padded(rng.integers(1, 40, n), 3))
    frame = pd.DataFrame({
        "source": source, "received_at": received, "due_at": due, "closed_at": closed,
        "status": status, "outcome": outcome,
        "department": _case_departments(rng, spec, np.array([c[1] for c in table])[kind], area),
        "category": np.array([c[0] for c in table], dtype=object)[kind], "district": district,
        "grid": grid if source in ("city_management", "mediation") else "",
        "channel": channel, "satisfaction": scores(rng, outcome, spec.rated)})
    phrase = np.array([c[4] for c in table], dtype=object)[kind]
    people = _case_people(rng, source, spec, channel, district, phrase)
    return pd.concat([frame, pd.DataFrame(people)], axis=1)


def _case_departments(rng: np.random.Generator, spec: Source, named: np.ndarray,
                      area: np.ndarray) -> np.ndarray:
    office = np.array(OFFICES, dtype=object)[area]
    named = np.where(named == ANY, pick(rng, COMPLAINT_DEPARTMENTS, len(named)), named)
    local = (named == STREET) | (rng.random(len(named)) < spec.local)
    return np.where(local, office, named)


def _case_people(rng: np.random.Generator, source: str, spec: Source, channel: np.ndarray,
                 district: np.ndarray, phrase: np.ndarray) -> dict[str, np.ndarray]:
    """Reporter columns and the summary; patrol finds have no reporter."""
    n = len(channel)
    names, (plain, phones), ids = full_names(rng, n), mobiles(rng, n), id_numbers(rng, n)
    if source == "city_management":
        spot = cat(district, rng.choice(ROADS, n), "附近")
        text = np.where(rng.random(n) < .5, cat(spot, phrase), phrase)
        text = np.where(channel == "patrol", cat("网格员巡查发现：", text), text)
    elif source == "approval":
        firm = cat(rng.choice(FIRMS[0], n), rng.choice(FIRMS[1], n), "有限公司")
        text = np.where(rng.random(n) < .5, cat("申请办理", phrase, "（", firm, "）"),
                        cat("申请", phrase))
    else:
        text = cat(rng.choice(["", "当事人反映", "来访反映："], n), phrase)
    reporter = (channel != "patrol") & (rng.random(n) < .92)
    return {
        "summary": with_personal(rng, text, names, plain, ids,
                                 "申请人" if source == "approval" else "居民"),
        "reporter_name": np.where(reporter, names, ""),
        "reporter_phone": np.where(reporter & (rng.random(n) < .9), phones, ""),
        "reporter_id_number": np.where(reporter & (rng.random(n) < spec.id_share), ids, ""),
        "address": np.where(reporter | (channel == "patrol"), addresses(rng, district), ""),
    }


def _format_cases(cases: pd.DataFrame, rng: np.random.Generator,
                  style: Style) -> pd.DataFrame:
    """Typed cases → the text one exporting system writes."""
    out = cases[CASE_COLUMNS].copy()
    for column in ("source", "outcome", "channel"):
        out[column] = vary_case(cases[column].to_numpy(), rng)
    out["received_at"] = fmt_dates(cases["received_at"].to_numpy(), rng, style.dates)
    for column in ("due_at", "closed_at"):
        out[column] = fmt_dates(cases[column].to_numpy(), rng, timed(style.dates))
    out["satisfaction"] = fmt_scores(cases["satisfaction"].to_numpy(), rng, style.words)
    return out.reset_index(drop=True)


def _write_approvals_xlsx(out: Path, cases: pd.DataFrame, rng: np.random.Generator,
                          form: str = "csv", part: str = "") -> dict[str, int]:
    """The approval system's own export: XLSX, Chinese headers and values, compact
    times; its sidecar maps them onto the contract."""
    frame = cases[list(XLSX_HEADERS.values())].copy()
    for column, values in XLSX_VALUES.items():
        frame[column] = cases[column].map({v: k for k, v in values.items()}).fillna("")
    for column in ("received_at", "closed_at"):
        frame[column] = cases[column].dt.strftime(XLSX_DATE_FORMAT).fillna("")
    score = cases["satisfaction"].to_numpy()
    frame["satisfaction"] = np.where(score > 0, score, None)
    frame = with_duplicates(frame.reset_index(drop=True), rng)
    frame, _ = plant_bad(frame, rng, CASE_BAD[:2])
    frame.columns = list(XLSX_HEADERS)
    shown = tagged(XLSX_PATH if form == "csv" else XLSX_PATH.replace(".xlsx", ".parquet"),
                   part)
    path = out / shown
    if form == "parquet":  # a spreadsheet stops at about a million rows
        write_parquet(out, shown, frame)
    else:
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as book:
            frame.to_excel(book, sheet_name="办件明细", index=False)
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
    return {shown: len(frame)}


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
