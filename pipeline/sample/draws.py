"""Vectorised random draws shared by every domain: the period and its busy seasons,
weighted picks, durations, satisfaction that follows the outcome, element-wise text."""

from __future__ import annotations

import numpy as np

FIRST_DAY, LAST_DAY = np.datetime64("2023-11-01"), np.datetime64("2026-10-31")
END = np.datetime64("2026-10-31T23:59:59")  # what would happen later is not known yet
MIN_ROWS = 25  # per case source, so tiny scales still have every source
YEARLY_GROWTH = 0.06
MONTH_FACTOR = np.array([0.95, 0.72, 1.0, 1.02, 1.05, 1.1, 1.16, 1.12, 1.04, 0.92, 1.0, 0.98])
SCORE_P = {"resolved": (.02, .02, .06, .25, .65), "partially_resolved": (.1, .15, .3, .3, .15),
           "unresolved": (.45, .25, .15, .1, .05), "referred": (.05, .08, .2, .35, .32),
           "withdrawn": (.05, .05, .3, .3, .3)}


def cat(*parts: object) -> np.ndarray:
    """Element-wise string concatenation of arrays and scalars."""
    out = np.asarray(parts[0], dtype=object)
    for part in parts[1:]:
        out = out + np.asarray(part, dtype=object)
    return out


def zero_padded(values: np.ndarray, width: int) -> np.ndarray:
    return np.char.zfill(np.asarray(values).astype(str), width)


def norm(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def pick(rng: np.random.Generator, table: dict, n: int) -> np.ndarray:
    """n keys of a {key: weight} table."""
    return rng.choice(np.array(list(table), dtype=object), size=n, p=norm(list(table.values())))


def after(start: np.ndarray, days: np.ndarray) -> np.ndarray:
    return start + np.round(np.asarray(days) * 86400).astype(np.int64).astype("timedelta64[s]")


def lognormal(rng: np.random.Generator, median, sigma: float, n: int) -> np.ndarray:
    return median * np.exp(rng.normal(0, sigma, n))


def weekday(ts: np.ndarray) -> np.ndarray:
    """Monday = 0; 1970-01-01 was a Thursday."""
    return (ts.astype("datetime64[D]").astype(np.int64) + 3) % 7


def timestamps(rng: np.random.Generator, n: int, weekend: float,
               hours: tuple[float, float, float]) -> np.ndarray:
    """n times in the period: growth, a seasonal month profile, quieter weekends."""
    days = np.arange(FIRST_DAY, LAST_DAY + 1)
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    years = (days - FIRST_DAY).astype(np.int64) / 365.25
    weight = (MONTH_FACTOR[month] * (1 + YEARLY_GROWTH * years)
              * np.where(weekday(days) >= 5, weekend, 1.0))
    day = rng.choice(days, size=n, p=norm(weight))
    seconds = (rng.triangular(*hours, size=n) * 3600).astype(np.int64)
    return day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def scores(rng: np.random.Generator, outcome: np.ndarray, rated: float) -> np.ndarray:
    """Satisfaction that follows the outcome; 0 where unrated or still open."""
    score = np.zeros(len(outcome), dtype=np.int64)
    rated_rows = (outcome != "") & (rng.random(len(outcome)) < rated)
    for name, p in SCORE_P.items():
        chosen = rated_rows & (outcome == name)
        score[chosen] = rng.choice(np.arange(1, 6), size=int(chosen.sum()), p=p)
    return score
