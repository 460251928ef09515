"""The generated samples pass the disclosure audit, and an independent attacker (slow).

The attacker reads only the published CSVs and writes down, by itself, what the table
descriptions say: a year's months and a year's departments add up to the year
(`cases_annual`), a department's sources to the department's year
(`cases_department_annual`), closed ≤ received in every row, a suppressed count is ≥ 1.
With scipy's linprog (HiGHS) it bounds suppressed cells: none may come out narrower
than k − 1.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.optimize import linprog

pytestmark = pytest.mark.slow

AS_OF = date(2026, 11, 1)
K = 10
MEASURES = ("received", "closed")


@pytest.fixture(scope="module", params=[0.05, 0.1])
def published(request, tmp_path_factory) -> tuple[Path, dict]:
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings
    from pipeline.export import export_all
    from pipeline.sample import write_sample

    root = tmp_path_factory.mktemp(f"audit-{request.param}")
    write_sample(root / "data", scale=request.param, seed=7)
    con, manifest, _quarantine = run_pipeline(root / "data", load_settings(), AS_OF)
    try:
        export_all(con, root / "out", K, manifest)
    finally:
        con.close()
    return root / "out", manifest


def test_the_sample_passes_the_audit(published):
    out, manifest = published
    summary = manifest["disclosure_audit"]
    assert summary["passed"] and summary["suppressed_cells"] > 0
    assert summary["narrowest_interval"] >= K - 1
    written = (out / "manifest.json").read_text(encoding="utf-8")
    assert '"disclosure_audit"' in written


def read(out: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype={"month": str})
    if "month" in frame:
        frame["year"] = frame["month"].str[:4].astype(int)
    return frame


def attacker_system(out: Path):
    """Cells (table, row, measure) as unknowns or knowns, equations and inequalities."""
    tables = {name: read(out, name) for name in
              ("cases_monthly", "cases_annual", "cases_by_department",
               "cases_department_annual")}
    cells = pd.concat([
        pd.DataFrame({"table": name, "row": frame.index, "measure": measure,
                      "value": frame[measure], "year": frame["year"],
                      "source": frame.get("source"), "department": frame.get("department")})
        for name, frame in tables.items() for measure in MEASURES], ignore_index=True)
    cells["id"] = np.arange(len(cells))
    equations = []  # (total cells, part cells) per group

    def add(total: str, parts: str, keys: list[str]) -> None:
        for measure in MEASURES:
            whole = cells[(cells["table"] == total) & (cells["measure"] == measure)]
            piece = cells[(cells["table"] == parts) & (cells["measure"] == measure)]
            joined = piece.merge(whole[[*keys, "id"]], on=keys, suffixes=("", "_total"))
            for total_id, group in joined.groupby("id_total"):
                equations.append((total_id, group["id"].tolist()))

    add("cases_annual", "cases_monthly", ["year", "source"])
    add("cases_annual", "cases_by_department", ["year", "source"])
    add("cases_department_annual", "cases_by_department", ["year", "department"])
    rows = cells.pivot_table(index=["table", "row"], columns="measure", values="id")
    inequalities = list(zip(rows["closed"].astype(int), rows["received"].astype(int),
                            strict=True))
    return cells, equations, inequalities


def bounds_of(cells, equations, inequalities, target: int) -> tuple[float, float]:
    n = len(cells)
    eq = sparse.lil_matrix((len(equations), n))
    for i, (total, parts) in enumerate(equations):
        eq[i, total] = 1
        for part in parts:
            eq[i, part] = -1
    ub = sparse.lil_matrix((len(inequalities), n))
    for i, (small, large) in enumerate(inequalities):
        ub[i, small], ub[i, large] = 1, -1
    bounds = [(1, None) if pd.isna(v) else (v, v) for v in cells["value"]]
    found = []
    for sign in (1, -1):
        cost = np.zeros(n)
        cost[target] = sign
        done = linprog(cost, A_ub=ub.tocsr(), b_ub=np.zeros(len(inequalities)),
                       A_eq=eq.tocsr(), b_eq=np.zeros(len(equations)), bounds=bounds,
                       method="highs")
        assert done.status in (0, 3), done.message
        found.append(sign * done.fun if done.status == 0 else np.inf)
    return found[0], found[1]


def test_an_independent_attacker_recovers_no_suppressed_cell(published):
    out, _manifest = published
    cells, equations, inequalities = attacker_system(out)
    hidden = cells[cells["value"].isna()]
    assert len(hidden)
    # every suppressed yearly cell, and a fixed sample of the departments' cells
    yearly = hidden[hidden["table"].isin(["cases_annual", "cases_department_annual"])]
    sample = hidden[hidden["table"] == "cases_by_department"].iloc[::7][:40]
    for target in pd.concat([yearly, sample])["id"]:
        low, high = bounds_of(cells, equations, inequalities, int(target))
        assert high - low >= K - 1, cells.loc[target, ["table", "row", "measure"]].tolist()
