"""The nightly job as an operator sees it: refusals that leave the live site byte for
byte as it was (with a report naming the check), removed content gone everywhere, the
changes and data-quality pages, and the same inputs giving the same bytes.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

import publish
from tests.conftest import AS_OF, FIXTURES, ROOT


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def nightly(data, target, report, *extra, as_of=AS_OF):
    return CliRunner().invoke(publish.cli, [
        "nightly", "--data", str(data), "--target", str(target), "--as-of",
        as_of.isoformat(), "--report", str(report), *map(str, extra)],
        catch_exceptions=False)


def read_report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def site_root(tmp_path, monkeypatch) -> Path:
    """A copy of the editors' content (the theme and settings shared), so that a test may
    add or remove an editor's file."""
    from pipeline import build
    from pipeline.site import render

    root = tmp_path / "root"
    root.mkdir()
    shutil.copytree(ROOT / "content", root / "content")
    for name in ("theme", "pelicanconf.py", "publishconf.py"):
        (root / name).symlink_to(ROOT / name)
    monkeypatch.setattr(build, "ROOT", root)
    monkeypatch.setattr(render, "ROOT", root)
    return root


# --- the volume guard, per domain, file and month ------------------------------------

def manifest(files: dict[str, int], months: dict[str, dict[str, int]]) -> dict:
    return {"inputs": [{"file": f, "rows": n} for f, n in files.items()],
            "volumes": {d: sum(m.values()) for d, m in months.items()},
            "month_volumes": months}


YESTERDAY = manifest({"cases/2023.csv": 100, "cases/2024.csv": 100},
                     {"cases": {"2023-01": 100, "2024-01": 60, "2024-02": 40}})


def refused(today: dict) -> tuple[str, str]:
    from pipeline.guards import VolumeRefused, check_volumes

    with pytest.raises(VolumeRefused) as caught:
        check_volumes(today, YESTERDAY, 0.5)
    return caught.value.check, str(caught.value)


def test_a_file_that_lost_most_of_its_rows_is_refused():
    # 200 cases as yesterday (the domain passes), but one file lost 60 of its 100 rows
    check, message = refused(manifest(
        {"cases/2023.csv": 100, "cases/2024.csv": 40, "cases/2025.csv": 60},
        {"cases": {"2023-01": 100, "2024-01": 60, "2024-02": 40}}))
    assert check == "volume_file"
    assert message.startswith("cases/2024.csv: 40 rows against 100")
    assert "--accept-change" in message


def test_a_missing_file_is_refused():
    check, message = refused(manifest(
        {"cases/2023.csv": 100, "cases/2025.csv": 100},
        {"cases": {"2023-01": 100, "2024-01": 60, "2024-02": 40}}))
    assert (check, message.split(";")[0]) == (
        "volume_file", "cases/2024.csv: missing, it had 100 rows in the last published build")


def test_a_month_that_vanished_or_fell_is_refused():
    check, message = refused(manifest(
        {"cases/2023.csv": 100, "cases/2024.csv": 100},
        {"cases": {"2023-01": 100, "2024-01": 100}}))
    assert (check, message.split(";")[0]) == (
        "volume_month", "cases/: month 2024-02 vanished (it had 40 records in the last "
        "published build)")
    check, message = refused(manifest(
        {"cases/2023.csv": 100, "cases/2024.csv": 100},
        {"cases": {"2023-01": 100, "2024-01": 81, "2024-02": 19}}))
    assert check == "volume_month" and "2024-02 has 19 records against 40" in message


def test_growth_and_a_rolling_window_pass():
    from pipeline.guards import check_volumes

    # the oldest month left the export window; the files kept their rows
    check_volumes(manifest({"cases/2023.csv": 100, "cases/2024.csv": 100},
                           {"cases": {"2024-01": 60, "2024-02": 40, "2024-03": 100}}),
                  YESTERDAY, 0.5)
    check_volumes(YESTERDAY, None, 0.5)  # nothing published yet


def test_an_editors_file_with_an_unknown_language_or_a_wandering_slug_is_refused(tmp_path):
    from pipeline.content import check_content

    notice = tmp_path / "content" / "affairs" / "notices" / "bad.md"
    notice.parent.mkdir(parents=True)
    head = "Title: T\nDate: 2026-01-01\nDepartment: 区政府办公室\nSummary: S\n"

    def problems(extra: str) -> list[str]:
        notice.write_text(head + extra + "\n\nText\n", encoding="utf-8")
        return [str(p) for p in check_content(tmp_path / "content")]

    assert "content/affairs/notices/bad.md, line 6: Lang must be one of zh, en" in \
        problems("Slug: bad\nLang: xx")
    assert any(p.startswith("content/affairs/notices/bad.md, line 5:") and "Slug" in p
               for p in problems("Slug: ../../index"))
    assert any(p.startswith("content/affairs/notices/bad.md, line 6:") and "save-as" in p.lower()
               for p in problems("Slug: bad\nSave_as: ../../index.html"))


# --- metric invariants ----------------------------------------------------------------

def marts(con: duckdb.DuckDBPyConnection, annual_received: int = 5) -> None:
    """cases_monthly 2024-01 (3) + 2024-02 (2) = cases_annual 2024; two departments."""
    con.execute("""
        create table cases_monthly as select * from (values
            ('2024-01', 'complaint', 3, 2), ('2024-02', 'complaint', 2, 2))
            t(month, source, received, closed);
        create table cases_by_department as select * from (values
            (2024, 'complaint', 'A', 4, 3), (2024, 'complaint', 'B', 1, 1))
            t(year, source, department, received, closed);
    """)
    con.execute("create table cases_annual as select 2024 as year, 'complaint' as source, "
                "? as received, 4 as closed", [annual_received])


def hotline(answer_rate: float, answered, suppressed_cells=None) -> dict:
    from pipeline.catalog import TABLES

    table = next(t for t in TABLES if t.name == "hotline_monthly")
    frame = pd.DataFrame([{c.name: 0 if c.type == "integer" else None
                           for c in table.columns}])
    frame["month"], frame["calls"], frame["answered"] = "2024-01", 20, answered
    frame["answer_rate"] = answer_rate
    frame["suppressed"] = suppressed_cells is not None
    frame["suppressed_cells"] = suppressed_cells
    return {"hotline_monthly": frame}


def test_metric_invariants_pass_on_sound_tables():
    from pipeline.datachecks import checks, run_checks

    con = duckdb.connect()
    marts(con)
    results = run_checks(con, hotline(0.9, 18))
    assert results == {path.stem: "passed" for path in checks()}
    assert {"assert_rates_within_unit", "assert_months_add_up_to_year",
            "assert_departments_add_up_to_total", "assert_no_negative_counts",
            "assert_suppressed_cells_marked"} <= set(results)


@pytest.mark.parametrize(("annual", "frames", "expected"), [
    (5, hotline(1.5, 18), "hotline_monthly: check assert_rates_within_unit failed on 1 "
                          "rows, e.g. month=2024-01 (answer_rate)"),
    (5, hotline(0.9, -1), "hotline_monthly: check assert_no_negative_counts failed on 1 "
                          "rows, e.g. month=2024-01 (answered)"),
    (5, hotline(0.9, None), "hotline_monthly: check assert_suppressed_cells_marked failed on 1 "
                            "rows, e.g. month=2024-01 (answered)"),
    (6, hotline(0.9, 18), "cases_by_department: check assert_departments_add_up_to_total "
                          "failed on 1 rows, e.g. year=2024, source=complaint (received)"),
])
def test_a_broken_invariant_stops_the_build_naming_table_check_and_rows(annual, frames,
                                                                         expected):
    from pipeline.datachecks import DataCheckFailed, run_checks

    con = duckdb.connect()
    marts(con, annual)
    with pytest.raises(DataCheckFailed) as caught:
        run_checks(con, frames)
    assert str(caught.value) == expected


def test_months_must_add_up_to_the_year():
    from pipeline.datachecks import DataCheckFailed, run_checks

    con = duckdb.connect()
    marts(con)
    con.execute("update cases_monthly set closed = 1 where month = '2024-02'")
    with pytest.raises(DataCheckFailed, match="cases_monthly: check "
                       "assert_months_add_up_to_year failed on 1 rows, e.g. year=2024, "
                       "source=complaint \\(closed\\)"):
        run_checks(con, hotline(0.9, 18))


# --- the nightly run end to end -------------------------------------------------------

def test_every_refusal_keeps_the_site_and_reports_the_check(tmp_path, good_data, site_root,
                                                           monkeypatch):
    from pipeline import datachecks, release

    target, report = tmp_path / "target", tmp_path / "report.json"
    assert nightly(good_data, target, report).exit_code == 0
    live, before = os.readlink(target / "current"), digest(target / "current")

    def unchanged(result, check: str, *words: str) -> None:
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and len(result.output.splitlines()) == 2
        outcome = read_report(report)
        assert (outcome["status"], outcome["check"]) == ("refused", check)
        for word in words:
            assert word in outcome["error"] and word in result.output
        assert os.readlink(target / "current") == live
        assert digest(target / "current") == before
        assert not list((target / "releases").glob(".*")) and not (target / "work").exists()

    calls = good_data / "hotline" / "calls.csv"
    lines = calls.read_text(encoding="utf-8").splitlines(keepends=True)
    calls.write_text("".join(lines[:3]), encoding="utf-8")  # 7 calls → 2
    unchanged(nightly(good_data, target, report), "volume_domain", "hotline: 2 records")
    calls.write_text("".join(lines), encoding="utf-8")

    bad = site_root / "content" / "affairs" / "notices" / "bad.md"
    bad.write_text("Title: T\nDate: 2026-01-01\nSlug: bad\nDepartment: 区政府办公室\n"
                   "Summary: S\nLang: xx\n\nText\n", encoding="utf-8")
    unchanged(nightly(good_data, target, report), "content",
              "content/affairs/notices/bad.md, line 6")
    bad.unlink()

    failing = tmp_path / "checks"
    failing.mkdir()
    (failing / "assert_broken.sql").write_text(
        "select 'cases_monthly' as table_name, 'month=2024-01' as row_key, "
        "'received' as column_name", encoding="utf-8")
    monkeypatch.setattr(datachecks, "TESTS", failing)
    unchanged(nightly(good_data, target, report), "data_check",
              "cases_monthly: check assert_broken failed")
    monkeypatch.undo()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(target / "releases"))

    monkeypatch.setattr(release.shutil, "copytree", disk_full)
    unchanged(nightly(good_data, target, report, as_of=AS_OF + timedelta(days=1)),
              "disk_full", "No space left on device")
    monkeypatch.undo()

    def read_only(path):
        raise OSError(errno.EROFS, "Read-only file system", str(path / ".lock"))

    monkeypatch.setattr(release, "lock", read_only)
    unchanged(nightly(good_data, target, report), "target_not_writable",
              "Read-only file system")


def search_text(site: Path) -> str:
    """Everything Pagefind indexed (its fragments are gzip-compressed JSON)."""
    return "".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                   for bundle in ("pagefind", "pagefind-content")
                   for p in (site / bundle / "fragment").glob("*.pf_fragment"))


def test_removed_content_is_gone_everywhere_and_a_takedown_reaches_the_archives(
        tmp_path, good_data, site_root):
    target, report = tmp_path / "target", tmp_path / "report.json"
    day1, day2 = AS_OF, AS_OF + timedelta(days=1)
    page, title = "affairs/notices/2026-q4-hotline-schedule.html", "第四季度“作风热线”直播节目"
    assert nightly(good_data, target, report, as_of=day1).exit_code == 0
    first = read_report(report)["release"]
    assert (target / "current" / page).is_file() and title in search_text(target / "current")

    for name in ("2026-hotline-schedule.md", "2026-hotline-schedule-en.md"):
        (site_root / "content" / "affairs" / "notices" / name).unlink()
    commitments = good_data / "commitments" / "commitments.csv"
    text = commitments.read_text(encoding="utf-8")
    old_title = text.splitlines()[1].split(",")[5]
    commitments.write_text(text.replace(old_title, "新标题", 1), encoding="utf-8")
    result = nightly(good_data, target, report, as_of=day2)
    assert result.exit_code == 0, result.output
    second = read_report(report)["release"]
    assert second != first  # same data files but one, the removal alone changes the release

    current = target / "current"
    assert not (current / page).exists() and not (current / "en" / page).exists()
    assert title not in search_text(current) and page not in search_text(current)
    for feed in current.rglob("*.atom"):
        assert title not in feed.read_text(encoding="utf-8"), feed
    assert os.readlink(target / "archive" / day2.isoformat()).endswith(second)

    # what changed: the commitment's title moved, two pages removed (counted, not named)
    changes = json.loads((current / "data" / "changes.json").read_text(encoding="utf-8"),
                         parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert changes["pages_removed"] >= 2 and page not in json.dumps(changes)
    moved = {(t["table"], c["column"], c["old"], c["new"])
             for t in changes["tables"] for c in t["cells"]}
    assert ("commitments", "title", old_title, "新标题") in moved
    assert [f["file"] for f in changes["files"]] == ["commitments/commitments.csv"]
    en = (current / "en" / "changes" / "index.html").read_text(encoding="utf-8")
    zh = (current / "changes" / "index.html").read_text(encoding="utf-8")
    assert "What changed tonight" in en and "今晚更新了什么" in zh
    assert "新标题" in en and old_title in zh and f"{changes['pages_removed']} removed" in en
    feed = (current / "en" / "feeds" / "changes.atom").read_text(encoding="utf-8")
    assert "新标题" in feed and "commitments" in feed

    # yesterday's snapshot still has the page until it is taken down
    archived = target / "archive" / day1.isoformat()
    assert (archived / page).is_file()
    result = CliRunner().invoke(publish.cli, ["takedown", "--target", str(target), page,
                                              "/en/" + page], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not (archived / page).exists() and not (archived / "en" / page).exists()
    assert title not in search_text(archived)
    assert (archived / "index.html").is_file()  # the rest of the snapshot stays


def test_the_data_quality_page_counts_without_contents(tmp_path, good_data):
    out = tmp_path / "site"
    result = CliRunner().invoke(publish.cli, ["build", "--data", str(good_data), "--output",
                                              str(out), "--as-of", AS_OF.isoformat()],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    zh = (out / "quality" / "index.html").read_text(encoding="utf-8")
    en = (out / "en" / "quality" / "index.html").read_text(encoding="utf-8")
    assert "数据质量" in zh and "Data quality" in en
    manifest = json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8"))
    for row in manifest["inputs"]:  # residents' records: no row count in public
        assert f"<code>{row['file']}</code></td><td>{row.get('rows', '—')}</td>" in en
    assert "<code>hotline/calls.csv</code></td><td>—</td>" in en
    assert "assert_suppressed_cells_marked</code></a>: passed" in en
    assert manifest["data_dates"]["hotline"] in en
    for personal in ("张伟", "13800138000", "王芳"):  # names and phones of the fixture rows
        assert personal not in zh and personal not in en


# --- the same inputs give the same bytes ----------------------------------------------

def test_two_builds_of_the_same_inputs_are_identical(tmp_path, good_data):
    shutil.rmtree(good_data / "prices")
    shutil.copytree(FIXTURES / "prices_extra", good_data / "prices")
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        result = CliRunner().invoke(publish.cli, [
            "build", "--data", str(good_data), "--output", str(out), "--as-of", "2025-03-20"],
            catch_exceptions=False)
        assert result.exit_code == 0, result.output
        trees.append(digest(out))
    assert "data/price_index.json" in trees[0]
    assert trees[0] == trees[1]


def test_the_price_index_adds_its_floats_in_a_fixed_order():
    """Plain avg() of many doubles differs in the last bits from run to run when DuckDB
    splits the work between threads; the model's ordered averages do not."""
    sql = (ROOT / "pipeline" / "sql" / "marts" / "price_index.sql").read_text(encoding="utf-8")
    results = set()
    for _ in range(3):
        con = duckdb.connect()
        con.execute("set threads = 4")
        con.execute("set variable index_base = '2024-01'")
        con.execute("""
            create table price_history as
            select 'I' || (i % 40) as item_code, 'grain' as category, 'S' || (i % 7) as store,
                   date '2024-01-01' + cast(i % 60 as integer) as observed_on,
                   1 + ((i * 7919) % 100003) / 997.0 as price
            from range(600000) as r(i)
        """)
        results.add(tuple(con.execute(sql).fetchall()))
    assert len(results) == 1


def test_a_report_that_cannot_be_written_is_one_line_never_an_empty_file(tmp_path,
                                                                        monkeypatch):
    from pipeline import nightly as job
    from pipeline import release

    monkeypatch.setattr(job, "run", lambda *args: {"status": "published", "release": "x"})

    def disk_full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(release, "write_atomic", disk_full)
    report = tmp_path / "reports" / "r.json"
    result = nightly(tmp_path, tmp_path / "target", report)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().endswith(f"(no report: {report}: No space left on device)")
    assert not report.exists()


def test_the_public_manifest_carries_no_month_below_k():
    from pipeline.guards import volumes

    con = duckdb.connect()
    con.execute("""
        create table stg_cases as
            select timestamp '2024-01-05 09:00' + to_days(cast(i % 20 as integer))
                   as received_at
            from range(15) r(i);
        create table stg_hotline as select timestamp '2024-03-01 08:00' as received_at;
        create table stg_disclosure as select received_at from stg_cases limit 0;
        create table stg_price_observations as select date '2024-01-02' as observed_on;
        create table stg_commitment_updates as select date '2024-02-03' as reported_on;
    """)
    # 15 cases: 5th to 19th of January, all in 2024-01; one call; k = 10
    found = volumes(con, 10)
    assert found["volumes"] == {"cases": 15, "hotline": 1, "disclosure": 0}
    assert found["month_volumes"] == {"cases": {"2024-01": 15}}
    assert found["data_dates"] == {"cases": "2024-01-19", "commitments": "2024-02-03",
                                   "disclosure": None, "hotline": "2024-03-01",
                                   "prices": "2024-01-02"}
