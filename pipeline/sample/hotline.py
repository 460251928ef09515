"""Sample hotline calls, regular and taken on the live programme, in two CSVs: the hotline
system changed in May 2025 and the newer one writes other columns in another order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.sample.draws import (
    END,
    FIRST_DAY,
    LAST_DAY,
    MIN_ROWS,
    after,
    cat,
    lognormal,
    norm,
    scores,
    timestamps,
    weekday,
    zero_padded,
)
from pipeline.sample.messy import (
    BROKEN,
    Style,
    fmt_bools,
    fmt_dates,
    fmt_scores,
    tagged,
    timed,
    vary_case,
    write_csv,
)
from pipeline.sample.names import HOTLINE_TOPICS, OFFICES, OTHER_CALLS, STREET
from pipeline.sample.people import full_names, id_numbers, mobiles, with_personal

CALLS_AT_1 = 150_000
KINDS, KIND_P = ("consultation", "complaint", "suggestion", "praise", "other"), \
    (.62, .24, .07, .03, .04)
ANSWER_RATE, PROGRAMME_SHARE, PROGRAMME_WEEKDAYS = .94, .03, (1, 3)  # Tuesday, Thursday
PROGRAMME_BREAKS = [("2024-02-08", "2024-02-18"), ("2024-10-01", "2024-10-07"),
                    ("2025-01-27", "2025-02-05"), ("2025-10-01", "2025-10-08"),
                    ("2026-02-14", "2026-02-23"), ("2026-10-01", "2026-10-07")]
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


def write_hotline(out: Path, rng: np.random.Generator, scale: float,
                  form: str = "csv", tag: str = "") -> dict[str, int]:
    """About 150,000 calls at scale 1, split between the old and the new system's export
    (CSV, or Parquet with `form="parquet"`); `tag` marks the files and ids of one part
    of a sample written in parts."""
    n = max(10 * MIN_ROWS, round(CALLS_AT_1 * scale))
    on_air = max(MIN_ROWS, round(n * PROGRAMME_SHARE))
    calls = pd.concat([_regular_calls(rng, n - on_air), _programme_calls(rng, on_air)])
    calls = calls.sort_values("received_at", kind="stable").reset_index(drop=True)
    calls = pd.concat([calls.drop(columns="department"), _call_followup(rng, calls)], axis=1)
    day = calls["received_at"].dt.strftime("%Y%m%d")
    calls["call_id"] = "RX" + day + tag.upper() + zero_padded(calls.groupby(day).cumcount().to_numpy() + 1, 4)
    newer = (calls["received_at"] >= CALL_SPLIT).to_numpy()
    counts: dict[str, int] = {}
    for style, chosen, columns in ((CALL_FILES[0], ~newer, CALL_COLUMNS),
                                   (CALL_FILES[1], newer, CALL_COLUMNS_NEW)):
        frame = _format_calls(calls[chosen], rng, style, columns)
        counts.update(write_csv(out, style._replace(path=tagged(style.path, tag)), frame, rng,
                                CALL_BAD, form))
    return counts


def _regular_calls(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Calls to the hotline: busier Mondays and summers answer a little less often."""
    received = timestamps(rng, n, .6, (7, 10, 22))
    month = received.astype("datetime64[M]").astype(np.int64) % 12 + 1
    answer = ANSWER_RATE - .05 * (weekday(received) == 0) - .03 * np.isin(month, (7, 8))
    answered = rng.random(n) < answer
    topic = rng.choice(len(HOTLINE_TOPICS), size=n, p=norm([t[1] for t in HOTLINE_TOPICS]))
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
    dates = days[np.isin(weekday(days), PROGRAMME_WEEKDAYS) & ~off]
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
    wait = np.where(answered, lognormal(rng, 20, .9, n), rng.uniform(5, 240, n))
    on_spot = rng.random(n) < np.where(on_air, .95, .7)
    reply_days = np.where(on_spot, (wait + rng.uniform(60, 600, n)) / 86400,
                          lognormal(rng, 1.5, .8, n))
    replied = after(received, np.where(complaint, lognormal(rng, .5, .8, n), reply_days))
    gets_reply = (consult & (rng.random(n) < .97)) | (complaint & (rng.random(n) < .95))
    replied[~gets_reply | (replied > END)] = np.datetime64("NaT")
    solved = complaint & (rng.random(n) < np.where(on_air, .93, .9))
    resolved_at = after(received, lognormal(rng, 4, .8, n))
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
        "satisfaction": scores(rng, outcome, .45),
        **_call_people(rng, kind, answered, topic, department)})


def _call_people(rng: np.random.Generator, kind: np.ndarray, answered: np.ndarray,
                 topic: np.ndarray, department: np.ndarray) -> dict[str, np.ndarray]:
    n = len(kind)
    text = np.select(
        [kind == "consultation", kind == "complaint", kind == "suggestion", kind == "praise",
         answered],
        [cat("来电咨询", topic), cat("来电反映", topic, "方面的问题，要求尽快处理"),
         cat("建议改进", topic, "相关工作"), cat("表扬", department, "工作人员服务热情、办事高效"),
         rng.choice(OTHER_CALLS, n)], default="")
    names, (plain, phones) = full_names(rng, n), mobiles(rng, n)
    return {"summary": with_personal(rng, text, names, plain, id_numbers(rng, n), "市民"),
            "caller_name": np.where(answered & (rng.random(n) < .55), names, ""),
            "caller_phone": np.where(rng.random(n) < .97, phones, "")}


def _format_calls(calls: pd.DataFrame, rng: np.random.Generator, style: Style,
                  columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({"call_id": calls["call_id"].to_numpy()})
    out["received_at"] = fmt_dates(calls["received_at"].to_numpy(), rng, style.dates)
    for column in ("replied_at", "resolved_at"):
        out[column] = fmt_dates(calls[column].to_numpy(), rng, timed(style.dates))
    out["answered"] = fmt_bools(calls["answered"].to_numpy().astype(float), rng, style.bools)
    out["resolved"] = fmt_bools(calls["resolved"].to_numpy(), rng, style.bools)
    out["kind"] = vary_case(calls["kind"].to_numpy(), rng)
    out["satisfaction"] = fmt_scores(calls["satisfaction"].to_numpy(), rng, style.words)
    out["programme_date"] = fmt_dates(calls["programme_date"].to_numpy(), rng,
                                      {"day": .8, "slash_day": .2})
    seat = cat("A", zero_padded(rng.integers(1, 40, len(calls)), 3))
    out["seat_no"] = np.where(calls["answered"].to_numpy(), seat, "")
    for column in ("wait_seconds", "department", "summary", "caller_name", "caller_phone"):
        out[column] = calls[column].to_numpy()
    return out[columns]
