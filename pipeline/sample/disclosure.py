"""Sample requests for government information and how each was answered, in the wording
of the annual disclosure report."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.sample.draws import (
    END,
    MIN_ROWS,
    after,
    cat,
    lognormal,
    pick,
    timestamps,
    zero_padded,
)
from pipeline.sample.messy import DAY_DATES, Style, fmt_bools, fmt_dates, vary_case, write_csv
from pipeline.sample.names import CARRIED_OVER, DISCLOSURE, DISCLOSURE_DEPARTMENTS, OFFICES, STREET

REQUESTS_AT_1 = 4_500
DISCLOSURE_FILE = Style("disclosure/requests.csv", "utf-8-sig", DAY_DATES, 0,
                        {"cn": .55, "10": .3, "tf": .15})
DISCLOSURE_BAD = [("received_at", "不详"), ("request_id", ""), ("outcome", ""),
                  ("requester_type", "未知")]


def write_disclosure(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    """Requests for government information, ~1,500 a year, answered within the statutory
    20 working days (some extended); those still open at the data date are carried over."""
    n = max(2 * MIN_ROWS, round(REQUESTS_AT_1 * scale))
    received = np.sort(timestamps(rng, n, .1, (8, 10, 17.5)))
    outcome = pick(rng, {k: v[0] for k, v in DISCLOSURE.items()}, n)
    reason = np.empty(n, dtype=object)
    for name, (_, reasons) in DISCLOSURE.items():
        reason[outcome == name] = rng.choice(reasons, int((outcome == name).sum()))
    replied = after(received, np.clip(lognormal(rng, 12, .5, n), 1, 40))
    pending = replied > END
    outcome[pending], reason[pending] = "other", CARRIED_OVER
    replied[pending | ((outcome == "withdrawn") & (rng.random(n) < .4))] = np.datetime64("NaT")
    refused = np.isin(outcome, ("not_disclosed", "not_held", "not_government_info",
                                "partially_disclosed"))
    contested = rng.random(n) < np.where(refused, .06, .01)
    sued = contested & (rng.random(n) < .35)
    year = received.astype("datetime64[Y]").astype(np.int64) + 1970
    sequence = pd.Series(year).groupby(year).cumcount().to_numpy() + 1
    style = DISCLOSURE_FILE
    frame = pd.DataFrame({
        "request_id": cat("YSQ", year.astype(str), "-", zero_padded(sequence, 5)),
        "received_at": fmt_dates(received, rng, style.dates),
        "requester_type": vary_case(pick(rng, {"person": .86, "organisation": .14}, n), rng),
        "department": _departments(rng, DISCLOSURE_DEPARTMENTS, n),
        "replied_at": fmt_dates(replied, rng, style.dates),
        "outcome": vary_case(outcome, rng), "reason": reason,
        "reconsideration": fmt_bools(_unknown(rng, contested), rng, style.bools),
        "litigation": fmt_bools(_unknown(rng, sued), rng, style.bools)})
    return write_csv(out, style, frame, rng, DISCLOSURE_BAD)


def _departments(rng: np.random.Generator, table: dict[str, float], n: int) -> np.ndarray:
    named = pick(rng, table, n)
    return np.where(named == STREET, rng.choice(np.array(OFFICES, dtype=object), n), named)


def _unknown(rng: np.random.Generator, flag: np.ndarray, share: float = .1) -> np.ndarray:
    """A flag as 1.0 / 0.0, left empty (nan) in a share of rows."""
    return np.where(rng.random(len(flag)) < share, np.nan, flag.astype(float))
