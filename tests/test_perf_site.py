"""The site's speed-ups keep what residents read: the changes page compares only the tables
whose published JSON moved, and finds what a cell-by-cell comparison of all finds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import AS_OF


def _site(data: Path, out: Path, settings):
    from pipeline.opendata import compute_tables

    tables = compute_tables(data, out / "data", settings, AS_OF)
    (out / "data" / "manifest.json").write_text(json.dumps(tables.manifest, default=str))
    return tables


def test_changes_read_only_the_tables_whose_json_moved(good_data, tmp_path, settings,
                                                       monkeypatch):
    from pipeline import changes
    from pipeline.changes import compare
    from pipeline.site.changes import _moved

    tonight = _site(good_data, tmp_path / "tonight", settings)
    baseline = tmp_path / "baseline"
    shutil.copytree(tmp_path / "tonight", baseline)
    out = tmp_path / "tonight"
    # nothing moved: no table needs comparing, and the comparison finds nothing either
    assert _moved(tonight.frames, out, baseline) == {
        name: frame for name, frame in tonight.frames.items()
        if not (out / "data" / f"{name}.json").is_file()}  # site-only frames stay
    assert compare(out, tonight.frames, tonight.manifest, baseline).tables == []
    # last night commitment P3 stood at 10 %, not 20 %: only commitments is compared
    path = baseline / "data" / "commitments.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    p3 = next(row for row in rows if row["commitment_id"] == "P3")
    assert p3["progress_pct"] == 20.0
    p3["progress_pct"] = 10.0
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    moved = _moved(tonight.frames, out, baseline)
    assert "commitments" in moved and "cases_monthly" not in moved
    everything = compare(out, tonight.frames, tonight.manifest, baseline)
    read, reader = [], changes._read_json
    monkeypatch.setattr(changes, "_read_json",
                        lambda path, table: read.append(table.name) or reader(path, table))
    only_moved = compare(out, moved, tonight.manifest, baseline)
    assert read == ["commitments"]  # last night's JSON of the others is not even parsed
    assert [t.table for t in only_moved.tables] == ["commitments"]
    assert [(t.table, t.rows_added, t.rows_removed, t.cells.to_dict("records"))
            for t in only_moved.tables] == [
        (t.table, t.rows_added, t.rows_removed, t.cells.to_dict("records"))
        for t in everything.tables]
    assert [(c["column"], c["old"], c["new"])
            for c in only_moved.tables[0].cells.to_dict("records")] == [
        ("progress_pct", "10", "20")]


def test_the_second_languages_pages_fail_as_the_first_ones_would(good_data, tmp_path,
                                                                 settings, monkeypatch):
    """English pages are written by a second process; its InputError reaches the build as
    itself (file, line, reason), and the output folder is left alone."""
    import pytest

    from pipeline.build import build
    from pipeline.errors import InputError
    from pipeline.site import generator
    from pipeline.site.sections import home

    monkeypatch.setattr(generator, "workers", lambda: 2)
    pages = home.pages

    def failing(site, lang):
        if lang == "en":
            raise InputError("content/pages/about.en.md", "a live figure names no table",
                             line=7)
        return pages(site, lang)

    monkeypatch.setattr(home, "pages", failing)
    with pytest.raises(InputError) as raised:
        build(good_data, tmp_path / "site", settings, AS_OF)
    assert (raised.value.file, raised.value.line, raised.value.reason) == (
        "content/pages/about.en.md", 7, "a live figure names no table")
    assert not (tmp_path / "site").exists()


def test_chart_rows_reach_the_spec_as_altair_gives_them():
    """The quicker data transformer gives Altair's own values, so a spec (and the cached
    SVG drawn from it) stays the same: missing as None, numbers as Python numbers."""
    import altair as alt
    import numpy as np
    import pandas as pd

    from pipeline.charts import _values

    frame = pd.DataFrame({
        "month": pd.array(["2026-01", None, "2026-03"], dtype="string"),
        "calls": [12, 0, 7], "rate": [0.5, np.nan, 1.0], "late": [True, False, True]})
    assert _values(frame) == alt.default_data_transformer(frame) == {"values": [
        {"month": "2026-01", "calls": 12, "rate": 0.5, "late": True},
        {"month": None, "calls": 0, "rate": None, "late": False},
        {"month": "2026-03", "calls": 7, "rate": 1.0, "late": True}]}
    assert all(type(row["calls"]) is int for row in _values(frame)["values"])
    # an infinity or a date goes Altair's own way (None; an ISO string)
    odd = pd.DataFrame({"rate": [np.inf], "day": pd.to_datetime(["2026-01-02"])})
    assert _values(odd) == alt.default_data_transformer(odd) == {
        "values": [{"rate": None, "day": "2026-01-02T00:00:00"}]}
