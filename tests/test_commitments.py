"""Commitments: the published tables against hand-counted figures, the pages, the feeds
and the append-only record.

Inputs: tests/fixtures/good/ with its commitments/ replaced by
tests/fixtures/commitments_extra/commitments/ (nine commitments), as of 2025-06-30.
"""

from __future__ import annotations

import logging
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import AS_OF, FIXTURES

ATOM = "{http://www.w3.org/2005/Atom}"
WITHDRAWN_ID = "2025/城管-07"


def commitment_inputs(target: Path) -> Path:
    shutil.copytree(FIXTURES / "good", target)
    shutil.rmtree(target / "commitments")
    shutil.copytree(FIXTURES / "commitments_extra" / "commitments", target / "commitments")
    return target


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    data = commitment_inputs(tmp_path_factory.mktemp("marts") / "data")
    con, _manifest, _quarantine = run_pipeline(data, load_settings(), AS_OF)
    yield con
    con.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from pipeline.build import build
    from pipeline.config import load_settings

    root = tmp_path_factory.mktemp("site")
    data = commitment_inputs(root / "data")
    return build(data, root / "out", load_settings(), AS_OF).output


def by(con, table: str, *keys: str) -> dict:
    frame = con.execute(f'select * from "{table}"').df()
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r
            for r in frame.to_dict("records")}


# --- published tables ------------------------------------------------------------------

def test_the_latest_update_gives_the_status(marts):
    rows = by(marts, "commitments", "commitment_id")
    # A2 reported twice on 2025-06-20: the mid-year report comes after the interim one
    assert rows["A2"]["status"] == "delayed" and rows["A2"]["progress_pct"] == 25
    assert rows["A4"]["status"] == "on_track" and rows["A4"]["progress_pct"] == 60
    assert rows[WITHDRAWN_ID]["status"] == "withdrawn"
    assert str(rows["A8"]["last_reported_on"])[:10] == "2025-06-25"
    assert pd.isna(rows["index"]["status"])  # never reported


def test_overdue_uses_the_as_of_date(marts):
    rows = by(marts, "commitments", "commitment_id")
    overdue = {cid for cid, r in rows.items() if r["overdue"]}
    # A5 (deadline 03-31, partially fulfilled) and the unreported 2024 one are overdue;
    # A4's deadline is the as-of date itself (not before it); A3, A8 fulfilled in time
    assert overdue == {"A5", "index"}


def test_summary_by_department(marts):
    rows = by(marts, "commitments_summary", "year", "department")
    # 区城管局: A4 on track, A5 partial, A6 not started (due 2026), 07 withdrawn, A8 fulfilled
    city = rows[(2025, "区城管局")]
    assert (city["commitments"], city["fulfilled"], city["partially_fulfilled"],
            city["not_fulfilled"], city["in_progress"], city["withdrawn"], city["due"]) == (
        5, 1, 1, 0, 2, 1, 4)
    assert city["fulfilment_rate"] == pytest.approx(1 / 4)  # partial not counted
    housing = rows[(2025, "区住建局")]  # A2 delayed, A3 fulfilled
    assert (housing["commitments"], housing["fulfilled"], housing["due"]) == (2, 1, 2)
    assert housing["fulfilment_rate"] == pytest.approx(1 / 2)
    assert rows[(2025, "区政府")]["fulfilment_rate"] == 0
    assert rows[(2024, "区政府")]["in_progress"] == 1  # unreported counts as in progress


def test_fulfilment_by_role_and_by_year(marts):
    roles = by(marts, "commitments_by_role", "year", "owner_role")
    vice = roles[(2025, "副区长")]  # A2 delayed, A6 due 2026, A8 fulfilled
    assert (vice["commitments"], vice["fulfilled"], vice["due"]) == (3, 1, 2)
    assert vice["fulfilment_rate"] == pytest.approx(1 / 2)
    head = roles[(2025, "局长")]  # A3 fulfilled, A4 on track, A5 partial, 07 withdrawn
    assert (head["commitments"], head["fulfilled"], head["partially_fulfilled"],
            head["withdrawn"], head["due"]) == (4, 1, 1, 1, 4)
    year = by(marts, "commitments_by_year", "year")[2025]
    assert (year["commitments"], year["fulfilled"], year["partially_fulfilled"],
            year["on_track"], year["delayed"], year["not_started"], year["withdrawn"],
            year["due"], year["overdue"], year["behind_schedule"]) == (
        8, 2, 1, 2, 1, 1, 1, 7, 1, 3)
    assert year["fulfilment_rate"] == pytest.approx(2 / 7)


def test_schedule_against_the_elapsed_share(marts):
    rows = by(marts, "commitment_schedule", "commitment_id")
    # A1: pledged 2025-01-10, deadline 2025-12-31 (355 days), 171 days elapsed on 06-30
    assert rows["A1"]["expected_share"] == pytest.approx(171 / 355)
    assert rows["A1"]["schedule_status"] == "on_schedule"  # 50% against 48.2%
    assert rows["A2"]["schedule_status"] == "behind"  # 25% against 48.2% − 10 points
    assert rows["A4"]["expected_share"] == 1 and rows["A4"]["schedule_status"] == "behind"
    assert rows["A6"]["expected_share"] == pytest.approx(171 / 536)  # to 2026-06-30
    assert rows["A3"]["schedule_status"] == "completed"
    assert rows["A5"]["schedule_status"] == "closed"
    assert rows[WITHDRAWN_ID]["schedule_status"] == "withdrawn"
    assert str(rows["index"]["period_start"])[:10] == "2024-01-01"  # no pledge reported
    assert rows["index"]["schedule_status"] == "unknown"


def test_status_changes_are_the_feed_entries(marts):
    frame = marts.execute("select * from commitment_status_changes").df()
    # every first report, plus A1, A2 ×2, A3, A5, 07, A8 changes; A4's interim kept its status
    assert len(frame) == 15
    assert (frame["commitment_id"] == "A4").sum() == 1
    assert frame.iloc[0]["commitment_id"] == "A8"  # newest first (2025-06-25)
    assert frame.groupby("department").size().to_dict() == {
        "区政府": 2, "区住建局": 5, "区城管局": 8}


def test_page_names_are_safe_and_distinct():
    from pipeline.site.sections.commitments import page_name

    assert page_name("CN2025-001") == "CN2025-001"
    assert page_name("index") != "index"
    name = page_name(WITHDRAWN_ID)
    assert name.isascii() and "/" not in name and name != page_name("2025/城管-08")


# --- pages -----------------------------------------------------------------------------

def test_a_page_per_commitment_in_both_languages(site):
    from pipeline.site.sections.commitments import page_name

    ids = ["A1", "A2", "A3", "A4", "A5", "A6", WITHDRAWN_ID, "A8"]
    for prefix in ("", "en/"):
        for cid in ids:
            assert (site / f"{prefix}commitments/2025/{page_name(cid)}.html").is_file(), cid
        assert (site / f"{prefix}commitments/2024/{page_name('index')}.html").is_file()
    zh = (site / "commitments/2025/A2.html").read_text(encoding="utf-8")
    en = (site / "en/commitments/2025/A2.html").read_text(encoding="utf-8")
    for text in ("完成老旧小区改造8个", "8个小区通过验收", "2025-12-31", "拆迁未完成"):
        assert text in zh and text in en
    assert "副区长 吴二" in zh and "区住建局" in zh
    # English: names from the reference lists, text without a translation marked Chinese
    assert 'Deputy District Mayor <span lang="zh">吴二</span>' in en
    assert "District Housing and Urban-Rural Development Bureau" in en
    assert '<h1><span lang="zh">完成老旧小区改造8个</span></h1>' in en
    assert "滞后" in zh and "进度滞后于序时进度" in zh and "Delayed" not in zh
    assert "Delayed" in en and "Behind schedule" in en and "10 percentage points" in en
    assert zh.count('class="update-current"') == 3  # pledge, interim, mid-year
    assert "javascript:" not in zh  # the interim report's evidence is not a web link


def test_evidence_links_are_external_and_marked(site):
    page = (site / "en/commitments/2025/A1.html").read_text(encoding="utf-8")
    assert '<a href="https://example.gov.cn/a1-mid" rel="nofollow noopener">' in page


def test_year_page_counts_filters_and_overdue(site):
    from pipeline.site.context import slug

    page = (site / "en/commitments/2025/index.html").read_text(encoding="utf-8")
    assert "28.6%" in page  # fulfilment rate 2 ÷ 7
    overdue = page.split('id="overdue"')[1].split("</table>")[0]
    assert "A5" in overdue and ">A4<" not in overdue
    city = site / f"en/commitments/2025/department/{slug('区城管局')}.html"
    listed = city.read_text(encoding="utf-8")
    assert all(f"<code>{cid}</code>" in listed for cid in ("A4", "A5", "A6", "A8"))
    assert "<code>A2</code>" not in listed
    delayed = (site / "commitments/2025/status/delayed.html").read_text(encoding="utf-8")
    assert "<code>A2</code>" in delayed and "<code>A1</code>" not in delayed
    assert (site / f"commitments/2025/category/{slug('城市建设')}.html").is_file()


def test_feeds_are_atom_and_linked(site):
    from pipeline.site.context import slug

    root = ET.parse(site / "feeds/commitments.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 15
    for entry in entries:
        for child in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{child}") is not None, child
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
    assert entries[0].find(f"{ATOM}updated").text == "2025-06-25T00:00:00+08:00"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    city = ET.parse(site / f"feeds/commitments/{slug('区城管局')}.atom").getroot()
    assert len(city.findall(f"{ATOM}entry")) == 8
    assert (site / "en/feeds/commitments.atom").is_file()
    page = (site / "commitments/2025/A4.html").read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    assert 'type="application/atom+xml"' in head
    assert f'href="/feeds/commitments/{slug("区城管局")}.atom"' in head


def test_the_same_inputs_give_the_same_feed(site, tmp_path):
    from pipeline.build import build
    from pipeline.config import load_settings

    again = build(commitment_inputs(tmp_path / "data"), tmp_path / "out", load_settings(),
                  AS_OF).output
    for path in ("feeds/commitments.atom", "en/feeds/commitments.atom",
                 "data/commitment_revisions.json"):
        assert (again / path).read_bytes() == (site / path).read_bytes(), path

    def main(out: Path) -> str:  # the footer names the code version, which may move on
        page = (out / "commitments/2025/A2.html").read_text(encoding="utf-8")
        return page.split("<main")[1].split("</main>")[0]

    assert main(again) == main(site)


# --- the append-only record ------------------------------------------------------------

def test_a_rewritten_update_keeps_both_versions(site, tmp_path, caplog):
    from pipeline.build import build
    from pipeline.config import load_settings

    output = tmp_path / "out"
    shutil.copytree(site, output)  # the first build is the published baseline
    data = commitment_inputs(tmp_path / "data")
    updates = data / "commitments" / "updates.csv"
    text = updates.read_text(encoding="utf-8")
    text = text.replace("A2,2025-06-20,midyear,delayed,25,拆迁未完成,",
                        "A2,2025-06-20,midyear,on_track,45,拆迁已完成,")
    text = text.replace("A6,2025-01-10,pledge,not_started,0,,\n", "")
    updates.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pipeline.site.sections.commitments"):
        build(data, output, load_settings(), AS_OF)
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "commitment A2" in warned and "commitment A6" in warned

    page = (output / "commitments/2025/A2.html").read_text(encoding="utf-8")
    assert "拆迁已完成" in page and "拆迁未完成" in page  # the new and the published note
    assert page.count('class="update-revised"') == 1
    assert "已修订：原先公开的版本（2025-06-30版）" in page
    gone = (output / "en/commitments/2025/A6.html").read_text(encoding="utf-8")
    assert 'class="update-removed"' in gone and "No longer in the source data" in gone
    record = (output / "data/commitment_revisions.csv").read_text(encoding="utf-8-sig")
    assert "A2,2025,区住建局,2025-06-20,midyear,delayed,25.0,拆迁未完成,,2025-06-30,revised" in record
    assert "A6,2025,区城管局,2025-01-10,pledge,not_started,0.0,,,2025-06-30,removed" in record

    # the next build from the same inputs carries both versions forward, with nothing new
    from pipeline.site.sections.commitments import compare_record, previous_record

    current = pd.read_json(output / "data/commitment_updates.json", dtype=False)
    carried = compare_record(current, previous_record(output))
    assert sorted(carried["commitment_id"] + " " + carried["change"]) == [
        "A2 revised", "A6 removed"]
    assert not carried["in_last_build"].any()
