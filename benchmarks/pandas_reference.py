"""The pandas reference: cases_monthly and hotline_monthly from the raw exports, written as
a data analyst would, with the counting rules of DESIGN.md.

Run: python benchmarks/pandas_reference.py DATA_DIR OUT_DIR
It reads the same files the portal reads (CSV in UTF-8 or GB18030, XLSX, Parquet, with
their `.mapping.toml` sidecars), drops exact duplicate rows and rows whose required
fields cannot be read, and writes OUT_DIR/cases_monthly.csv and hotline_monthly.csv
(no small-cell suppression: the benchmark compares the cells the portal publishes).
It is deliberately independent of pipeline/: the benchmark's yardstick, not its code.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pandas as pd

SOURCES = ["city_management", "mediation", "approval", "complaint"]
KINDS = ["consultation", "complaint", "suggestion", "praise", "other"]
RATINGS = {"满意": 5, "基本满意": 4, "不满意": 1}
BOOLS = {"1": True, "true": True, "yes": True, "是": True,
         "0": False, "false": False, "no": False, "否": False}


def read_file(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        df = pd.read_parquet(path).astype("string").fillna("")
    elif path.suffix == ".xlsx":
        df = pd.read_excel(path, dtype=str).fillna("")
    else:
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                             on_bad_lines="skip")
        except UnicodeDecodeError:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="gb18030",
                             on_bad_lines="skip")
    df = df.drop_duplicates()  # an export written twice counts once
    sidecar = path.with_name(path.name + ".mapping.toml")
    if sidecar.exists():
        mapping = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        df = df.rename(columns=mapping.get("columns", {}))
        for column, values in mapping.get("values", {}).items():
            df[column] = df[column].replace(values)
        for column, formats in mapping.get("date_formats", {}).items():
            parsed = pd.to_datetime(df[column], format=formats[0], errors="coerce")
            df[column] = parsed.dt.strftime("%Y-%m-%d %H:%M:%S").fillna(df[column])
    return df


def read_domain(folder: Path) -> pd.DataFrame:
    files = sorted(p for p in folder.iterdir()
                   if p.suffix in (".csv", ".xlsx", ".parquet"))
    return pd.concat([read_file(p) for p in files], ignore_index=True)


def to_time(text: pd.Series) -> pd.Series:
    """Mixed export forms: ISO, 2024/3/5 14:02, 2024年3月5日, +08:00, Excel serials."""
    text = text.str.strip()
    text = text.str.replace("年", "-").str.replace("月", "-").str.replace("日", "")
    text = text.str.replace("/", "-").str.replace("T", " ").str.replace("+08:00", "")
    serial = pd.to_numeric(text, errors="coerce")
    times = pd.to_datetime(text.where(serial.isna()), format="mixed", errors="coerce")
    from_serial = pd.to_datetime(serial, unit="D", origin="1899-12-30").dt.round("s")
    return times.fillna(from_serial)


def to_precision(text: pd.Series) -> pd.Series:
    """How finely a time was written: 'second', 'minute' or 'day'."""
    text = text.str.strip()
    return pd.Series("day", index=text.index).mask(
        text.str.contains(r"\d:\d\d|\d时"), "minute").mask(
        text.str.contains(r"\d:\d\d:\d\d|\d时\d+分\d+秒"), "second")


def coarser(a: pd.Series, b: pd.Series) -> pd.Series:
    rank = {"second": 0, "minute": 1, "day": 2}
    return a.where(a.map(rank) >= b.map(rank), b)


def to_rating(text: pd.Series) -> pd.Series:
    text = text.str.strip()
    score = pd.to_numeric(text, errors="coerce").fillna(text.map(RATINGS))
    return score.where(score.between(1, 5))


def to_bool(text: pd.Series) -> pd.Series:
    return text.str.strip().str.lower().map(BOOLS)


def cases_monthly(data: Path) -> pd.DataFrame:
    df = read_domain(data / "cases")
    df["source"] = df["source"].str.strip().str.lower()
    precision = coarser(to_precision(df["received_at"]), to_precision(df["closed_at"]))
    df["received_at"] = to_time(df["received_at"])
    df["due_at"] = to_time(df["due_at"])
    df["closed_at"] = to_time(df["closed_at"])
    df = df[(df["case_id"].str.strip() != "") & (df["department"].str.strip() != "")
            & df["received_at"].notna() & df["source"].isin(SOURCES)]
    # a case closed before it was received counts as received and closed, but has no
    # handling time and no on-time result; two times equal at the coarser precision of the
    # two (10:05 and 10:05:30) are in order, 0 days apart (DESIGN.md counting rules)
    precision = precision[df.index]
    unit = precision.map({"second": "s", "minute": "min", "day": "D"})
    ordered = pd.Series(False, index=df.index)
    for step in ("s", "min", "D"):
        rows = unit == step
        ordered[rows] = (df.loc[rows, "closed_at"].dt.floor(step)
                         >= df.loc[rows, "received_at"].dt.floor(step))
    df = df.assign(
        month=df["received_at"].dt.strftime("%Y-%m"),
        closed=df["closed_at"].notna(),
        with_due=ordered & df["due_at"].notna(),
        on_time=ordered & (df["closed_at"] <= df["due_at"]),
        handling_days=((df["closed_at"] - df["received_at"]).dt.total_seconds() / 86400
                       ).clip(lower=0).where(ordered),
        rating=to_rating(df["satisfaction"]),
    )
    df["satisfied"] = df["rating"] >= 4
    out = df.groupby(["month", "source"]).agg(
        received=("case_id", "size"), closed=("closed", "sum"), on_time=("on_time", "sum"),
        base_on_time=("with_due", "sum"), median_handling_days=("handling_days", "median"),
        satisfied=("satisfied", "sum"), base_satisfaction=("rating", "count"),
    ).reset_index()
    out["closure_rate"] = out["closed"] / out["received"]
    out["on_time_rate"] = out["on_time"] / out["base_on_time"]
    out["satisfaction_rate"] = out["satisfied"] / out["base_satisfaction"]
    return out


def hotline_monthly(data: Path) -> pd.DataFrame:
    df = read_domain(data / "hotline")
    df["received_at"] = to_time(df["received_at"])
    df["answered"] = to_bool(df["answered"])
    df["kind"] = df["kind"].str.strip().str.lower()
    df = df[(df["call_id"].str.strip() != "") & df["received_at"].notna()
            & df["answered"].notna() & df["kind"].isin(KINDS)]
    resolved = to_bool(df["resolved"])
    df = df.assign(
        month=df["received_at"].dt.strftime("%Y-%m"),
        answered=df["answered"].astype(bool),
        consultation=df["kind"] == "consultation",
        replied=(df["kind"] == "consultation") & to_time(df["replied_at"]).notna(),
        complaint=df["kind"] == "complaint",
        complaint_resolved=(df["kind"] == "complaint")
        & resolved.fillna(to_time(df["resolved_at"]).notna()).astype(bool),
        wait=pd.to_numeric(df["wait_seconds"], errors="coerce"),
        rating=to_rating(df["satisfaction"]),
        on_programme=to_time(df["programme_date"]).notna(),
    )
    df["satisfied"] = df["rating"] >= 4
    out = df.groupby("month").agg(
        calls=("call_id", "size"), answered=("answered", "sum"),
        consultations=("consultation", "sum"), replied=("replied", "sum"),
        complaints=("complaint", "sum"), complaints_resolved=("complaint_resolved", "sum"),
        satisfied=("satisfied", "sum"), base_satisfaction=("rating", "count"),
        median_wait_seconds=("wait", "median"), programme_calls=("on_programme", "sum"),
    ).reset_index()
    out["answer_rate"] = out["answered"] / out["calls"]
    out["reply_rate"] = out["replied"] / out["consultations"]
    out["complaint_resolution_rate"] = out["complaints_resolved"] / out["complaints"]
    out["satisfaction_rate"] = out["satisfied"] / out["base_satisfaction"]
    return out


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    cases_monthly(data).to_csv(out / "cases_monthly.csv", index=False)
    hotline_monthly(data).to_csv(out / "hotline_monthly.csv", index=False)


if __name__ == "__main__":
    main()
