"""Sample public commitments: about 60 pledges a year by named officials, and the pledge,
midyear, interim and yearend reports whose statuses move towards each pledge's fate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.sample.draws import cat
from pipeline.sample.messy import DAY_DATES, Style, fmt_dates, vary_case, write_csv
from pipeline.sample.names import DEPT_PLEDGES, NOTES, OFFICES, STREET_PLEDGES, VICE_PORTFOLIOS
from pipeline.sample.people import full_names

COMMITMENT_YEARS, DEPT_PER_YEAR, STREET_PER_YEAR = (2024, 2025, 2026), 34, 26
FINALS, FINAL_P = ("fulfilled", "partially_fulfilled", "not_fulfilled", "withdrawn"), \
    (.78, .11, .08, .03)
MIDYEAR = {"fulfilled": (("on_track", "delayed", "fulfilled"), (.85, .07, .08)),
           "partially_fulfilled": (("on_track", "delayed"), (.4, .6)),
           "not_fulfilled": (("delayed", "on_track", "not_started"), (.7, .2, .1)),
           "withdrawn": (("withdrawn", "delayed"), (.5, .5))}
PROGRESS = {"not_started": (0, 5), "on_track": (40, 65), "delayed": (15, 40),
            "fulfilled": (100, 100), "partially_fulfilled": (60, 95),
            "not_fulfilled": (15, 55), "interim on_track": (70, 90),
            "interim delayed": (40, 65)}


def write_commitments(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    """About 60 public commitments a year; a fixed volume whatever the scale."""
    officials = _officials(rng)
    commitments = pd.concat([_year_commitments(rng, year, officials[year])
                             for year in COMMITMENT_YEARS], ignore_index=True)
    updates = _updates(rng, commitments)
    listed = commitments.rename(columns={"deadline_day": "deadline"})
    listed["deadline"] = fmt_dates(commitments["deadline_day"].to_numpy(), rng, DAY_DATES)
    updates["reported_on"] = fmt_dates(updates["reported_on"].to_numpy(), rng, DAY_DATES)
    for column in ("stage", "status"):
        updates[column] = vary_case(updates[column].to_numpy(), rng)
    counts = write_csv(out, Style("commitments/commitments.csv", "utf-8", {}, 0, {}),
                       listed, rng, [])
    orphan = [("commitment_id", "CN2024-999")]  # an update whose commitment is missing
    counts.update(write_csv(out, Style("commitments/updates.csv", "utf-8", {}, 0, {}),
                            updates, rng, orphan))
    return counts


def _officials(rng: np.random.Generator) -> dict[int, dict[str, str]]:
    """Synthetic names of the officials who pledge, per year: 区长, a 副区长 per
    portfolio, heads of departments and street offices; a quarter change in the last year."""
    keys = ["区长", *[f"副区长{k}" for k in range(len(VICE_PORTFOLIOS))],
            *sorted({line.split("|")[0] for line in DEPT_PLEDGES}), *OFFICES]
    names = dict(zip(keys, full_names(rng, len(keys), 1.0), strict=True))
    changed = dict(zip(keys[::4], full_names(rng, len(keys[::4]), 1.0), strict=True))
    return {year: names | (changed if year == COMMITMENT_YEARS[-1] else {})
            for year in COMMITMENT_YEARS}


def _year_commitments(rng: np.random.Generator, year: int,
                      officials: dict[str, str]) -> pd.DataFrame:
    """One year's pledges: department ones and street ones, with owner and deadline."""
    rows = []
    for line in rng.choice(DEPT_PLEDGES, DEPT_PER_YEAR, replace=False):
        department, category, title, target, low, high = line.split("|")
        rows.append((department, category, title, target, int(low), int(high)))
    street = rng.choice(len(STREET_PLEDGES) * len(OFFICES), STREET_PER_YEAR, replace=False)
    for choice in street:  # small loops: 60 commitments a year
        category, title, target, low, high = STREET_PLEDGES[choice // len(OFFICES)].split("|")
        rows.append((OFFICES[choice % len(OFFICES)], category, title, target, int(low),
                     int(high)))
    frame = pd.DataFrame(rows, columns=["department", "category", "title", "target", "low",
                                        "high"]).sample(frac=1, random_state=rng)
    amount = rng.integers(frame["low"], frame["high"] + 1).astype(str)
    role, name = _owners(rng, frame["department"].to_numpy(), officials)
    deadline = rng.choice([f"{year}-12-31", f"{year}-06-30", f"{year}-09-30",
                           f"{year}-10-31"], len(frame), p=(.7, .12, .1, .08))
    title = [t.replace("{n}", a) for t, a in zip(frame["title"], amount, strict=True)]
    return pd.DataFrame({
        "commitment_id": [f"CN{year}-{k:03d}" for k in range(1, len(frame) + 1)],
        "year": str(year), "owner_role": role, "owner_name": name,
        "department": frame["department"].to_numpy(), "title": title,
        "description": cat(f"{year}年，", role, name, "公开承诺：", np.array(title, dtype=object),
                           "。按照“年初公开承诺、年中报告进展、年底兑现承诺”接受群众监督。"),
        "target": [t.replace("{n}", a) for t, a in zip(frame["target"], amount, strict=True)],
        "deadline_day": deadline.astype("datetime64[D]"),
        "category": frame["category"].to_numpy()})


def _owners(rng: np.random.Generator, departments: np.ndarray,
            officials: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Who pledges: mostly the head, sometimes the 副区长 in charge or the 区长."""
    roles, names = [], []
    for department, draw in zip(departments, rng.random(len(departments)), strict=True):
        if department in OFFICES:
            role = "镇党委书记" if department.endswith("人民政府") else "街道党工委书记"
            key = department
        elif draw < .1:
            role, key = "区长", "区长"
        elif draw < .4:
            vice = next(k for k, p in enumerate(VICE_PORTFOLIOS) if department in p)
            role, key = "副区长", f"副区长{vice}"
        else:
            role, key = ("局长" if department.endswith("局") else "主任"), department
        roles.append(role)
        names.append(officials[key])
    return np.array(roles, dtype=object), np.array(names, dtype=object)


def _on(year: np.ndarray, month_day: str) -> np.ndarray:
    return np.char.add(year.astype(str), month_day).astype("datetime64[D]")


def _updates(rng: np.random.Generator, commitments: pd.DataFrame) -> pd.DataFrame:
    """Pledge (Jan/Feb), midyear (July), some interim (Sep/Oct) and yearend (December,
    for finished years) reports, with statuses that evolve towards each one's fate."""
    n = len(commitments)
    year = commitments["year"].astype(int).to_numpy()
    final = rng.choice(FINALS, size=n, p=FINAL_P).astype(object)
    early = commitments["deadline_day"].to_numpy() <= _on(year, "-06-30")
    midyear = np.empty(n, dtype=object)
    for name, (statuses, p) in MIDYEAR.items():
        midyear[final == name] = rng.choice(statuses, size=int((final == name).sum()), p=p)
    midyear = np.where(early & (final != "withdrawn"), final, midyear)
    draw = rng.random(n)
    interim = np.where(final == "fulfilled", np.where(draw < .15, "fulfilled", "on_track"),
                       np.where(draw < .7, "delayed", "on_track"))
    interim = np.where(midyear == "fulfilled", "fulfilled", interim)
    going = midyear != "withdrawn"
    finished = year < COMMITMENT_YEARS[-1]
    stages = [
        ("pledge", np.ones(n, dtype=bool), _on(year, "-01-08"), 50,
         np.where(rng.random(n) < .7, "not_started", "on_track")),
        ("midyear", np.ones(n, dtype=bool), _on(year, "-07-03"), 28, midyear),
        ("interim", going & ~early & (rng.random(n) < np.where(finished, .4, .75)),
         _on(year, "-09-08"), 45, interim),
        ("yearend", going & finished, _on(year, "-12-15"), 15, final)]
    frames = [_stage(rng, commitments, name, chosen, first + rng.integers(0, span, n), status)
              for name, chosen, first, span, status in stages]
    updates = pd.concat(frames, ignore_index=True)
    return updates.sort_values(["reported_on", "commitment_id"], kind="stable").reset_index(
        drop=True)


def _stage(rng: np.random.Generator, commitments: pd.DataFrame, stage: str,
           chosen: np.ndarray, reported: np.ndarray, status: np.ndarray) -> pd.DataFrame:
    """One reporting round: progress and note follow the status."""
    ids, status = commitments["commitment_id"].to_numpy()[chosen], status[chosen]
    progress = np.full(len(ids), "", dtype=object)
    for name in np.unique(status):
        low, high = PROGRESS.get(f"{stage} {name}", PROGRESS.get(name, (0, 0)))
        where = status == name
        if name != "withdrawn":
            progress[where] = rng.integers(low, high + 1, int(where.sum())).astype(str)
    note = np.array([NOTES[s] for s in status], dtype=object)
    moving = np.isin(status, ("on_track", "delayed"))
    note[moving] = cat(note[moving], "，已完成", progress[moving], "%")
    url = cat("https://www.example.gov.cn/gkcn/", commitments["year"].to_numpy()[chosen],
              "/", ids, "-", stage, ".html")
    shown = rng.random(len(ids)) < (.4 if stage == "pledge" else .7)
    return pd.DataFrame({"commitment_id": ids, "reported_on": reported[chosen],
                         "stage": stage, "status": status, "progress_pct": progress,
                         "note": note, "evidence_url": np.where(shown, url, "")})
