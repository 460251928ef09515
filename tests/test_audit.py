"""Suppression across tables and its audit, on tables small enough to attack by hand.

Each fixture is a leak the per-table suppression let through (issue 15): the audit must
catch it, and the suppression across tables must prevent it. An independent attacker
(scipy's linprog over the published frames and relations written out here, not the
pipeline's own) then bounds each suppressed cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from pipeline.audit import audit
from pipeline.disclosure import Policy, suppress_tables
from pipeline.relations import Dim, Measure, Source, Universe, build_system

K = 10
CASES = Universe("cases", (Dim("year"), Dim("source"), Dim("department")),
                 (("closed", "received"), ("base_on_time", "closed")))


def chain_tables() -> list[tuple[str, pd.DataFrame, Policy]]:
    """Department A: complaint 9 + mediation 22 = 31; B: 40 + 50 = 90."""
    by_department = pd.DataFrame({
        "year": [2025] * 4, "source": ["complaint", "complaint", "mediation", "mediation"],
        "department": ["A", "B", "A", "B"], "received": [9, 40, 22, 50]})
    annual = pd.DataFrame({"year": [2025, 2025], "department": ["A", "B"],
                           "received": [31, 90]})
    mediation = pd.DataFrame({"year": [2025, 2025], "department": ["A", "B"],
                              "received": [22, 50]})
    keyed = {"year": "year", "source": "source", "department": "department"}
    return [
        ("by_department", by_department,
         Policy(("received",), groups=(("year", "source"), ("year", "department")),
                universe=CASES, dims=keyed)),
        ("department_annual", annual,
         Policy(("received",), universe=CASES, dims={"year": "year",
                                                     "department": "department"})),
        ("mediation_departments", mediation,
         Policy(("received",), universe=CASES, dims={"year": "year",
                                                     "department": "department"},
                measures={"received": Measure("received", (("source", "mediation"),))})),
    ]


def bound_tables() -> list[tuple[str, pd.DataFrame, Policy]]:
    """2024 complaints: X closed 9 of 30; Y 13 received, 13 closed, 13 with a due date;
    Z 40 closed of 50. The year's totals: 93 received, 62 closed, 33 with a due date."""
    by_department = pd.DataFrame({
        "year": [2024] * 3, "source": ["complaint"] * 3, "department": ["X", "Y", "Z"],
        "received": [30, 13, 50], "closed": [9, 13, 40], "base_on_time": [0, 13, 20]})
    annual = by_department.groupby(["year", "source"], as_index=False)[
        ["received", "closed", "base_on_time"]].sum()
    counts = ("received", "closed", "base_on_time")
    return [
        ("by_department", by_department,
         Policy(counts, groups=(("year", "source"),), universe=CASES,
                dims={"year": "year", "source": "source", "department": "department"})),
        ("annual", annual,
         Policy(counts, universe=CASES, dims={"year": "year", "source": "source"})),
    ]


def naive_audit(tables, hidden_cells: set[tuple[str, int, str]]):
    """The audit of tables published with `hidden_cells` suppressed (table, row, column)."""
    system = build_system([Source(name, frame, policy.counts, policy.universe, policy.dims,
                                  policy.measures, policy.scope, policy.groups)
                           for name, frame, policy in tables])
    return system, audit(system, hidden_figures(system, hidden_cells), K)


def hidden_figures(system, hidden_cells: set[tuple[str, int, str]]) -> np.ndarray:
    """The figures no table shows: a figure is known when any table shows it."""
    cells = system.cells
    shown = [(t, r, c) not in hidden_cells
             for t, r, c in zip(cells["table"], cells["row"], cells["column"], strict=True)]
    hidden = np.ones(system.size, dtype=bool)
    hidden[cells["var"][shown].to_numpy()] = False
    return hidden & system.variables["published"].to_numpy()


def test_the_audit_catches_a_subtraction_chain_across_two_tables():
    # per table: the 9 is primary; its row and column groups take 40, 22 and 50 with it,
    # but 22 is published in mediation_departments: 9 = 31 − 22
    tables = chain_tables()
    naive = {("by_department", row, "received") for row in range(4)}
    system, result = naive_audit(tables, naive)
    cells = system.cells
    nine = cells[(cells["table"] == "by_department") & (cells["row"] == 0)]["var"].item()
    assert nine in result.failing
    assert (result.lower[nine], result.upper[nine]) == (9, 9)


def test_suppression_across_tables_prevents_the_chain():
    frames, summary = suppress_tables(chain_tables(), K)
    assert summary["passed"] and summary["narrowest_interval"] >= K - 1
    by_department = frames["by_department"]
    assert pd.isna(by_department.loc[0, "received"])
    # the same figure (mediation, A = 22) is suppressed in both tables or in neither
    assert pd.isna(by_department.loc[2, "received"]) == \
        pd.isna(frames["mediation_departments"].loc[0, "received"])
    low, high = attack_chain(frames)
    assert high - low >= K - 1


def attack_chain(frames) -> tuple[float, float]:
    """The attacker's bounds on by_department (2025, complaint, A), from the frames only."""
    dept = frames["by_department"]["received"].astype("Float64")
    annual = frames["department_annual"]["received"].astype("Float64")
    mediation = frames["mediation_departments"]["received"].astype("Float64")
    # unknowns: the four by_department cells, the two annual, the two mediation
    values = list(dept) + list(annual) + list(mediation)
    equations = [  # A: complaint + mediation = annual; B likewise; mediation cells equal
        {0: 1, 2: 1, 4: -1}, {1: 1, 3: 1, 5: -1}, {2: 1, 6: -1}, {3: 1, 7: -1}]
    return lp_bounds(values, equations, [], target=0)


def lp_bounds(values, equations, inequalities, target: int) -> tuple[float, float]:
    """Min and max of values[target] over x ≥ 0, suppressed (NA) x ≥ 1, known x fixed,
    Σ c·x = 0 for each equation and Σ c·x ≤ 0 for each inequality."""
    n = len(values)
    bounds = [(1, None) if pd.isna(v) else (float(v), float(v)) for v in values]
    a_eq = np.array([[eq.get(i, 0) for i in range(n)] for eq in equations] or None)
    a_ub = np.array([[eq.get(i, 0) for i in range(n)] for eq in inequalities]) \
        if inequalities else None
    found = []
    for sign in (1, -1):
        cost = np.zeros(n)
        cost[target] = sign
        done = linprog(cost, A_ub=a_ub, b_ub=np.zeros(len(inequalities)) if inequalities
                       else None, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds,
                       method="highs")
        found.append(sign * done.fun if done.status == 0 else (np.inf if sign < 0 else 0))
    return found[0], found[1]


def test_the_audit_catches_a_row_bound():
    # per table: X closed 9 takes Y's 13 with it; but Y's received and base_on_time are
    # 13, so 13 ≤ Y closed ≤ 13, and X closed = 62 − 40 − 13 = 9
    tables = bound_tables()
    system, result = naive_audit(tables, {("by_department", 0, "closed"),
                                          ("by_department", 1, "closed")})
    cells = system.cells
    x_closed = cells[(cells["table"] == "by_department") & (cells["row"] == 0)
                     & (cells["column"] == "closed")]["var"].item()
    assert x_closed in result.failing
    assert (result.lower[x_closed], result.upper[x_closed]) == (9, 9)


def test_suppression_across_tables_prevents_the_row_bound():
    frames, summary = suppress_tables(bound_tables(), K)
    assert summary["passed"]
    dept = frames["by_department"]
    assert pd.isna(dept.loc[0, "closed"])
    low, high = attack_bounds(frames)
    assert high - low >= K - 1


def attack_bounds(frames) -> tuple[float, float]:
    dept = frames["by_department"]
    annual = frames["annual"]
    columns = ("received", "closed", "base_on_time")
    values = [dept.loc[r, c] for r in range(3) for c in columns] + \
        [annual.loc[0, c] for c in columns]
    at = {(r, c): 3 * r + i for r in range(3) for i, c in enumerate(columns)}
    total = {c: 9 + i for i, c in enumerate(columns)}
    equations = [{at[(0, c)]: 1, at[(1, c)]: 1, at[(2, c)]: 1, total[c]: -1} for c in columns]
    inequalities = []
    for r in range(3):  # closed ≤ received, base_on_time ≤ closed
        inequalities.append({at[(r, "closed")]: 1, at[(r, "received")]: -1})
        inequalities.append({at[(r, "base_on_time")]: 1, at[(r, "closed")]: -1})
    return lp_bounds([np.nan if pd.isna(v) else v for v in values], equations,
                     inequalities, target=at[(0, "closed")])


def test_a_table_that_cannot_be_protected_is_refused_naming_the_cell():
    from pipeline.disclosure import DisclosureRefused

    policy = Policy(("received",), groups=(("year",),),
                    derived={"year": lambda f: f["month"].str[:4]})
    months = ["2024-01", "2024-02", "2024-03"]
    # 5 alone beside the year's total (35, published elsewhere) gives itself away, so
    # 30 goes too: each is then anywhere in [1, 34]
    frame = pd.DataFrame({"month": months[:2], "received": [5, 30]})
    frames, summary = suppress_tables([("monthly", frame, policy)], K)
    assert summary["passed"] and frames["monthly"]["received"].isna().all()
    # 3 + 4 + 3 = 10, published: each suppressed month is within [1, 8], and nothing
    # else can be suppressed
    frame = pd.DataFrame({"month": months, "received": [3, 4, 3]})
    with pytest.raises(DisclosureRefused, match=r"^monthly\.csv, line 2, column received: "):
        suppress_tables([("monthly", frame, policy)], K)


def test_a_visible_floor_narrows_what_a_suppressed_count_can_be():
    # episodes: 4 calls (4 departments on air) and 12 calls (9 departments on air), the
    # month's 16 published elsewhere. Each call count is at least its departments, so
    # the first is within [4, 16 − 9] = [4, 7]: too narrow, and nothing else can go
    from pipeline.disclosure import DisclosureRefused

    frame = pd.DataFrame({"month": ["2024-01", "2024-01"], "calls": [4, 12],
                          "departments": [4, 9]})
    plain = Policy(("calls",), groups=(("month",),))
    frames, summary = suppress_tables([("episodes", frame, plain)], K)
    assert summary["passed"] and frames["episodes"]["calls"].isna().all()  # [1, 15] each
    floored = Policy(("calls",), groups=(("month",),), floors={"calls": "departments"})
    with pytest.raises(DisclosureRefused, match=r"^episodes\.csv, line 2, column calls"):
        suppress_tables([("episodes", frame, floored)], K)


def test_propagated_bounds_hold_every_solution_of_the_programs():
    # x0 + x1 + x2 = 12, x2 ≤ x0, x0 ≥ 1, x1 ≥ 5, x2 ≥ 1. By the rows one at a time:
    # x0 ≤ 12 − 5 − 1 = 6, x1 ≤ 12 − 1 − 1 = 10, x2 ≤ 6 (and x2 ≤ x0 ≤ 6); x0 ≥ x2 ≥ 1.
    # The linear programs are tighter (x2 ≤ 3.5: x0 + x2 ≤ 7 and x2 ≤ x0), never looser.
    from scipy import sparse

    from pipeline.programs import propagate

    a = sparse.csr_matrix(np.array([[1.0, 1.0, 1.0], [-1.0, 0.0, 1.0]]))
    low, high = propagate(a, np.array([12.0, -np.inf]), np.array([12.0, 0.0]),
                          np.array([1.0, 5.0, 1.0]))
    assert low.tolist() == [1, 5, 1] and high.tolist() == [6, 10, 6]
    bounds = [(1, None), (5, None), (1, None)]
    for target in range(3):
        for sign in (1, -1):
            cost = np.zeros(3)
            cost[target] = sign
            best = linprog(cost, A_ub=[[-1, 0, 1]], b_ub=[0], A_eq=[[1, 1, 1]], b_eq=[12],
                           bounds=bounds, method="highs").fun * sign
            assert low[target] - 1e-9 <= best <= high[target] + 1e-9


def test_a_later_round_decides_as_a_fresh_audit():
    # round 1 hides the 9 alone (9 = 31 − 22, refused by the relations without a
    # program); round 2 hides its row and column too and starts from round 1's basis
    tables = chain_tables()
    system, first = naive_audit(tables, {("by_department", 0, "received")})
    assert len(first.failing) == 1 and first.solved == 0
    later = {("by_department", row, "received") for row in range(4)}
    _, fresh = naive_audit(tables, later)
    hidden = hidden_figures(system, later)
    again = audit(system, hidden, K, previous=first)
    assert np.array_equal(again.failing, fresh.failing)
    both = hidden & ~np.isnan(fresh.lower)
    assert np.array_equal((again.upper - again.lower)[both] >= K - 1,
                          (fresh.upper - fresh.lower)[both] >= K - 1)


def test_programs_shared_out_to_two_models_decide_as_one(monkeypatch):
    """Past SPLIT_TARGETS targets, the programs of a part run on two copies of its model
    (one in a thread): the suppression and the audit's verdict are those of one model."""
    from pipeline import audit as audit_module
    from pipeline.programs import Component

    rng = np.random.default_rng(3)
    departments = [f"D{n:02d}" for n in range(40)]
    rows = [(source, d, int(rng.choice([3, 7, 12, 25, 60, 140])))
            for source in ("complaint", "mediation", "approval") for d in departments]
    by_department = pd.DataFrame({"year": 2025, "source": [r[0] for r in rows],
                                  "department": [r[1] for r in rows],
                                  "received": [r[2] for r in rows]})
    annual = by_department.groupby(["year", "department"], as_index=False)["received"].sum()
    tables = [
        ("by_department", by_department,
         Policy(("received",), groups=(("year", "source"), ("year", "department")),
                universe=CASES, dims={"year": "year", "source": "source",
                                      "department": "department"})),
        ("department_annual", annual,
         Policy(("received",), universe=CASES, dims={"year": "year",
                                                     "department": "department"})),
    ]
    copies: list[Component] = []
    original = Component.copy

    def copy(self):
        copies.append(original(self))
        return copies[-1]

    monkeypatch.setattr(Component, "copy", copy)
    monkeypatch.setattr(audit_module, "SPLIT_TARGETS", 10**9)
    alone, alone_summary = suppress_tables(tables, K)
    assert not copies
    monkeypatch.setattr(audit_module, "SPLIT_TARGETS", 2)
    shared, shared_summary = suppress_tables(tables, K)
    # the programs were shared out: each copy solved programs beyond its start
    assert copies and all(part.solved > 1 for part in copies)
    for name, frame in alone.items():
        pd.testing.assert_frame_equal(frame, shared[name])
    assert alone_summary["passed"] and shared_summary["passed"]
    assert alone_summary["suppressed_cells"] == shared_summary["suppressed_cells"] > 0

    # a half that fails stops the other at its next target, and its error is raised
    calls = []
    optimum = Component.optimum

    def failing(self, columns, maximize):
        calls.append(self)
        if self in copies[-1:] and len(calls) > 3:
            raise RuntimeError("solver broke")
        return optimum(self, columns, maximize)

    copies.clear()
    monkeypatch.setattr(Component, "optimum", failing)
    with pytest.raises(RuntimeError, match="solver broke"):
        suppress_tables(tables, K)
