"""The mess real exports carry, shared by every domain: times in mixed forms, booleans and
ratings written several ways, codes in odd letter case, exact duplicate rows, a handful of
unreadable rows, and CSVs in the exporting system's encoding and newlines."""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.sample.draws import norm, pick

DUPLICATE_SHARE = 0.005
BAD_ROW_EVERY, BAD_ROWS_MAX, BAD_ROWS_MIN_FILE = 2_000, 8, 300
BROKEN = "<one field too many>"  # bad-row plan entry handled by the CSV writer
CODE_CASE_SHARE = 0.01  # codes written as `Complaint` or `COMPLAINT`
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
DAY_DATES = {"day": .78, "cn": .12, "slash_day": .09, "excel_day": .01}


class Style(NamedTuple):
    """How one exporting system writes its file."""
    path: str
    encoding: str
    dates: dict[str, float]  # date form → share
    words: float  # share of ratings written 满意/基本满意/不满意
    bools: dict[str, float]  # boolean form → share
    newline: str = "\n"


def _ymd(s: pd.Series, year: str, month: str, day: str) -> pd.Series:
    return (s.dt.year.astype(str) + year + s.dt.month.astype(str) + month
            + s.dt.day.astype(str) + day)


def _serial(s: pd.Series) -> pd.Series:
    return ((s - EXCEL_EPOCH) / pd.Timedelta(days=1)).round(5).astype(str)


DATE_FORMS = {  # how exports write a time; `cn`, `*_day` and `excel_day` drop the time
    "iso": lambda s: s.dt.strftime("%Y-%m-%d %H:%M:%S"),
    "iso_tz": lambda s: s.dt.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
    "slash": lambda s: _ymd(s, "/", "/", " ") + s.dt.strftime("%H:%M"),
    "cn": lambda s: _ymd(s, "年", "月", "日"),
    "excel": _serial,
    "day": lambda s: s.dt.strftime("%Y-%m-%d"),
    "slash_day": lambda s: _ymd(s, "/", "/", ""),
    "excel_day": lambda s: _serial(s.dt.floor("D")).str.removesuffix(".0"),
}


def fmt_dates(ts: np.ndarray, rng: np.random.Generator, mix: dict[str, float]) -> np.ndarray:
    """Times as text, each row in a form drawn from `mix`; missing times stay empty."""
    names = list(mix)
    form = rng.choice(len(names), size=len(ts), p=norm(list(mix.values())))
    series = pd.Series(ts)
    known = series.notna().to_numpy()
    out = np.full(len(ts), "", dtype=object)
    for number, name in enumerate(names):
        chosen = known & (form == number)
        if chosen.any():
            out[chosen] = DATE_FORMS[name](series[chosen]).to_numpy(dtype=object)
    return out


def timed(mix: dict[str, float]) -> dict[str, float]:
    """The forms of `mix` that keep the time (for a time that must not move earlier)."""
    return {k: v for k, v in mix.items() if k in ("iso", "iso_tz", "slash")}


def fmt_bools(values: np.ndarray, rng: np.random.Generator,
              mix: dict[str, float]) -> np.ndarray:
    """1.0 / 0.0 / nan as 1/0, true/false or 是/否 by `mix`; nan stays empty."""
    forms = {"10": ("1", "0"), "tf": ("true", "false"), "cn": ("是", "否")}
    style = pick(rng, mix, len(values))
    out = np.full(len(values), "", dtype=object)
    for key, (yes, no) in forms.items():
        out[(style == key) & (values == 1)] = yes
        out[(style == key) & (values == 0)] = no
    return out


def fmt_scores(score: np.ndarray, rng: np.random.Generator, words: float) -> np.ndarray:
    """Ratings 1–5 (0 = unrated) as digits, some as 满意 / 基本满意 / 不满意."""
    digits = np.where(score > 0, score.astype(str), "").astype(object)
    word = np.select([score == 5, score == 4, (score > 0) & (score <= 2)],
                     ["满意", "基本满意", "不满意"], default="")
    use = (rng.random(len(score)) < words) & (word != "")
    return np.where(use, word, digits)


def vary_case(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A few codes as `Complaint` or `COMPLAINT`: codes match case-insensitively."""
    out = np.asarray(values, dtype=object).copy()
    draw = rng.random(len(out))
    capital, upper = draw < CODE_CASE_SHARE / 2, draw > 1 - CODE_CASE_SHARE / 2
    out[capital] = pd.Series(out[capital], dtype=object).str.capitalize().to_numpy()
    out[upper] = pd.Series(out[upper], dtype=object).str.upper().to_numpy()
    return out


def with_duplicates(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Repeat ~0.5% of rows right after themselves, as a double export does."""
    again = rng.choice(len(frame), size=int(round(len(frame) * DUPLICATE_SHARE)), replace=False)
    order = np.sort(np.concatenate([np.arange(len(frame)), again]), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def plant_bad(frame: pd.DataFrame, rng: np.random.Generator,
              plan: list[tuple[str, str]]) -> tuple[pd.DataFrame, list[int]]:
    """Spoil a handful of rows (far under the 1% the build tolerates) by `plan`, cycled
    from a random start; return the frame and the rows to write with a field too many."""
    n = len(frame)
    enough = n >= BAD_ROWS_MIN_FILE and bool(plan)
    count = min(BAD_ROWS_MAX, max(1, n // BAD_ROW_EVERY)) if enough else 0
    rows = np.sort(rng.choice(n, size=count, replace=False))
    start = int(rng.integers(len(plan))) if plan else 0
    frame, broken = frame.copy(), []
    for number, row in enumerate(rows):  # a handful of rows, not a loop over records
        column, value = plan[(start + number) % len(plan)]
        if column == BROKEN:
            broken.append(int(row))
        else:
            frame.iat[row, frame.columns.get_loc(column)] = value
    return frame, broken


def _broken_line(row: pd.Series) -> str:
    """The row with an unquoted comma in its free text: one field too many."""
    cells = [str(v).replace(",", "，").replace('"', "'").replace("\n", " ") for v in row]
    where = list(row.index).index("summary") if "summary" in row.index else len(cells) - 1
    cells[where] += ",详见附件"
    return ",".join(cells)


def tagged(path: str, part: str) -> str:
    """`cases/cases_2025.csv` → `cases/cases_2025-p03.csv` for part `p03` (a large
    sample is written in parts; "" is the whole)."""
    if not part:
        return path
    name = Path(path)
    return str(name.with_name(f"{name.stem}-{part}{name.suffix}"))


def write_parquet(out: Path, path: str, frame: pd.DataFrame) -> dict[str, int]:
    """Every column as text, as a Parquet export of a large system writes it."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(frame.astype("string"), preserve_index=False), target)
    return {path: len(frame)}


def write_csv(out: Path, style: Style, frame: pd.DataFrame, rng: np.random.Generator,
              plan: list[tuple[str, str]], form: str = "csv") -> dict[str, int]:
    """Duplicates and bad rows in, then the CSV in the style's encoding and newlines.

    With `form="parquet"` the file is Parquet (same name, `.parquet`): a row with a
    field too many cannot exist there, so those rows are left out.
    """
    frame, broken = plant_bad(with_duplicates(frame, rng), rng, plan)
    if form == "parquet":
        kept = np.ones(len(frame), dtype=bool)
        kept[broken] = False
        return write_parquet(out, str(Path(style.path).with_suffix(".parquet")),
                             frame[kept].reset_index(drop=True))
    text, start = io.StringIO(), 0
    for row in [*broken, len(frame)]:
        frame.iloc[start:row].to_csv(text, index=False, header=start == 0,
                                     lineterminator=style.newline)
        if row < len(frame):
            text.write(_broken_line(frame.iloc[row]) + style.newline)
        start = row + 1
    path = out / style.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.getvalue().encode(style.encoding))
    return {style.path: len(frame)}
