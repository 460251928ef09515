"""Every rule of DESIGN.md "When inputs are wrong", each triggered by a spoiled fixture,
and the input forms that must be read: GB18030, BOM, XLSX with a mapping, Parquet.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import publish
from tests.conftest import AS_OF


def run(*args: str):
    return CliRunner().invoke(publish.cli, list(args), catch_exceptions=False)


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_args(data: Path, out: Path) -> list[str]:
    return ["build", "--data", str(data), "--output", str(out), "--as-of", AS_OF.isoformat()]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def published(good_data: Path, tmp_path: Path) -> Path:
    """A site already built from the good inputs: failures must leave it as it is."""
    out = tmp_path / "site"
    result = run(*build_args(good_data, out))
    assert result.exit_code == 0, result.output
    return out


def assert_refused(data: Path, out: Path, *expected: str) -> None:
    before = tree_digest(out)
    result = run(*build_args(data, out))
    assert result.exit_code != 0
    for text in expected:
        assert text in result.output, result.output
    assert tree_digest(out) == before


def test_undecodable_file_names_file_and_line(good_data, published):
    path = good_data / "disclosure" / "requests.csv"
    path.write_bytes(path.read_bytes() + b"R9,2024-01-01,person,\x81\x20\x81,,disclosed,,,\n")
    assert_refused(good_data, published, "disclosure/requests.csv", "line 6", "cannot decode")


def test_missing_required_column(good_data, published):
    edit(good_data / "cases" / "cases.csv", "district,grid", "district_x,grid")
    edit(good_data / "cases" / "cases.csv", ",department,", ",dept,")
    assert_refused(good_data, published, "cases/cases.csv", "column department",
                   "required column is missing")


def test_domain_without_rows(good_data, published):
    path = good_data / "disclosure" / "requests.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert_refused(good_data, published, "no rows for disclosure")


def test_too_many_quarantined_rows(good_data, published):
    edit(good_data / "hotline" / "calls.csv", "H7,2024-02-01 09:00", "H7,待补录")
    assert_refused(good_data, published, "hotline/calls.csv", "line 8", "column received_at",
                   "not a date")


def test_unknown_codes_in_required_column(good_data, published):
    edit(good_data / "cases" / "cases.csv", "C5,mediation", "C5,arbitration")
    assert_refused(good_data, published, "cases/cases.csv", "line 6", "column source")


def test_updates_without_commitment(good_data, published):
    with (good_data / "commitments" / "updates.csv").open("a", encoding="utf-8") as f:
        f.write("P9,2024-07-10,midyear,on_track,50,,\n")
    assert_refused(good_data, published, "commitments/updates.csv", "line 10",
                   "no commitment with this id")


def test_observations_without_item(good_data, published):
    with (good_data / "prices" / "observations.csv").open("a", encoding="utf-8") as f:
        f.write("2024-03-08,X999,惠民超市,9.9\n")
    assert_refused(good_data, published, "prices/observations.csv", "no item with this code")


def test_file_of_unknown_table(good_data, published):
    (good_data / "prices" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert_refused(good_data, published, "prices/notes.csv", "cannot tell which table")


def test_implausible_drop_needs_accept_change(good_data, published):
    path = good_data / "hotline" / "calls.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # 2 calls instead of 7
    assert_refused(good_data, published, "hotline", "--accept-change")
    result = run(*build_args(good_data, published), "--accept-change")
    assert result.exit_code == 0, result.output


def test_record_counts_are_kept_off_the_site_for_the_guard(tmp_path, caplog):
    """The published manifest has no record counts of residents' domains; the guard finds
    them by the published file's digest, and without them compares nothing of them."""
    import json

    from pipeline import counts, guards

    full = {"as_of": "2025-06-30", "volumes": {"hotline": 65}, "month_volumes": {
        "hotline": {"2024-02": 15, "2024-03": 30}},
        "inputs": [{"file": "hotline/calls.csv", "table": "hotline", "rows": 65,
                    "quarantined": 1, "sha256": "a"},
                   {"file": "prices/observations.csv", "table": "price_observations",
                    "rows": 39, "quarantined": 0, "sha256": "b"}]}
    published = tmp_path / "manifest.json"
    published.write_text(counts.text(full), encoding="utf-8")
    public = json.loads(published.read_text(encoding="utf-8"))
    assert "volumes" not in public and "month_volumes" not in public
    assert "rows" not in public["inputs"][0] and public["inputs"][0]["quarantined"] == 1
    assert public["inputs"][1]["rows"] == 39  # prices are not residents' records
    assert "65" not in published.read_text(encoding="utf-8")

    kept = tmp_path / "counts"
    counts.keep(published, full, kept)
    assert counts.read(published, kept) == {**full, "inputs": full["inputs"]}
    fell = {**full, "volumes": {"hotline": 20},
            "month_volumes": {"hotline": {"2024-02": 5, "2024-03": 15}},
            "inputs": [{**full["inputs"][0], "rows": 20}, full["inputs"][1]]}
    with pytest.raises(guards.VolumeRefused, match="hotline: 20 records against 65"):
        guards.check_volumes(fell, counts.read(published, kept), 0.5)

    for file in kept.iterdir():  # another machine, or the state folder removed
        file.unlink()
    with caplog.at_level("WARNING"):
        previous = counts.read(published, kept)
    assert "not kept on this machine" in caplog.text
    guards.check_volumes(fell, previous, 0.5)  # nothing to compare: no refusal


def test_bad_rows_are_quarantined_and_counted_nowhere(good_data, tmp_path, lenient):
    from pipeline.build import run_pipeline

    with (good_data / "cases" / "cases.csv").open("a", encoding="utf-8") as f:
        f.write("C7,complaint,待补录,,,,,区城管局,市容环境,,,,,,,,,\n")
        f.write("C8,complaint,2024-01-09\n")
    con, manifest, quarantine = run_pipeline(good_data, lenient, AS_OF)
    reasons = {(q["line"], q["column"]): q["reason"] for q in quarantine}
    assert reasons[(9, "received_at")] == "not a date in a known form"
    assert "3 fields" in reasons[(10, None)]
    assert con.execute("select count(*) from stg_cases").fetchall()[0][0] == 6
    assert manifest["inputs"][0]["quarantined"] == 2
    assert not any("待补录" in str(v) for q in quarantine for v in q.values())


def test_a_decimal_comma_or_nan_is_not_a_number(good_data, lenient):
    """"3,20" is not read as 320 (nor "1.234,56" as 1.23456): a required price is
    quarantined, an optional wait time left out, each with a reason saying why; a comma
    between thousands reads; NaN and infinity are not numbers."""
    from pipeline.build import run_pipeline

    prices = good_data / "prices" / "observations.csv"
    edit(prices, "2024-03-01,G001,惠民超市,3.20", "2024-03-01,G001,惠民超市,\"3,20\"")
    edit(prices, "2024-03-01,G001,东关农贸市场,3.00", "2024-03-01,G001,东关农贸市场,NaN")
    calls = good_data / "hotline" / "calls.csv"
    edit(calls, "H1,2024-01-02 09:00,是,10,", "H1,2024-01-02 09:00,是,\"24,0\",")
    edit(calls, "H2,2024-01-02 09:05,1,30,", "H2,2024-01-02 09:05,1,\"1,030.5\",")
    con, _, quarantine = run_pipeline(good_data, lenient, AS_OF)
    reasons = {(q["file"], q["line"], q["column"]): q["reason"] for q in quarantine}
    assert "decimal comma" in reasons[("prices/observations.csv", 2, "price")]
    assert reasons[("prices/observations.csv", 3, "price")] == "not a number"
    assert "decimal comma" in reasons[("hotline/calls.csv", 2, "wait_seconds")]
    prices_read = con.execute("select price from stg_price_observations").fetchall()
    assert all(p[0] < 100 for p in prices_read)  # never 320
    assert sorted(v for (v,) in con.execute(
        "select wait_seconds from stg_hotline where wait_seconds > 1000").fetchall()) == [1030.5]


def test_one_item_shop_and_day_with_two_prices_is_told_not_dropped_silently(good_data,
                                                                            tmp_path):
    """Retail and wholesale mixed, or a correction: the later line is published, and the
    operator, the run report and the quality page are told how many and which."""
    with (good_data / "prices" / "observations.csv").open("a", encoding="utf-8") as f:
        f.write("2024-03-01,G001,惠民超市,2.10\n")  # the first line had 3.20
        f.write("2024-03-01,G001,东关农贸市场,3.00\n")  # the same price again: no conflict
    out = tmp_path / "site"
    result = run(*build_args(good_data, out))
    assert result.exit_code == 0, result.output
    assert ("prices: 1 item, shop and day(s) given different prices (2 rows; "
            "e.g. G001 · 惠民超市 · 2024-03-01); the later file or line was kept") \
        in result.output
    manifest = json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["price_conflicts"] == {"groups": 1, "rows": 2,
                                           "example": "G001 · 惠民超市 · 2024-03-01"}
    latest = (out / "data" / "price_history.csv").read_text(encoding="utf-8-sig")
    assert "2.1" in latest and "3.2," not in latest
    quality = (out / "en" / "quality" / "index.html").read_text(encoding="utf-8")
    assert "Item, shop and day given different prices: 1 (2 rows" in quality


def test_the_published_problem_list_tells_quarantined_rows_from_values_left_out(
        good_data, tmp_path, lenient):
    import pandas as pd

    from pipeline.build import run_pipeline
    from pipeline.export import write_quarantine

    with (good_data / "cases" / "cases.csv").open("a", encoding="utf-8") as f:
        f.write("C7,complaint,待补录,,,,,区城管局,市容环境,,,,,,,,,\n")
    _, _, quarantine = run_pipeline(good_data, lenient, AS_OF)
    write_quarantine(quarantine, tmp_path)
    frame = pd.read_csv(tmp_path / "quarantine.csv", encoding="utf-8-sig", dtype="string")
    assert list(frame.columns) == ["table_name", "file", "line", "column", "header", "reason",
                                   "effect"]
    row = frame[(frame["line"] == "9") & (frame["column"] == "received_at")].iloc[0]
    assert (row["header"], row["effect"]) == ("received_at", "row quarantined")
    assert "待补录" not in (tmp_path / "quarantine.csv").read_text(encoding="utf-8-sig")


def test_gb18030_and_bom_files_are_read(good_data, lenient):
    from pipeline.build import run_pipeline

    path = good_data / "cases" / "cases.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gb18030"))
    calls = good_data / "hotline" / "calls.csv"
    calls.write_bytes(b"\xef\xbb\xbf" + calls.read_bytes())
    con, _, quarantine = run_pipeline(good_data, lenient, AS_OF)
    assert quarantine == []
    departments = con.execute("select distinct department from stg_cases order by 1").fetchall()
    assert departments == [("区住建局",), ("区城管局",)]
    assert con.execute("select count(*) from stg_hotline").fetchall()[0][0] == 7


def test_xlsx_with_mapping_gives_the_same_figures(good_data, lenient):
    from pipeline.build import run_pipeline

    csv_path = good_data / "cases" / "cases.csv"
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    headers = {"case_id": "案件编号", "source": "来源", "received_at": "受理时间",
               "department": "承办部门", "category": "类别", "closed_at": "办结时间",
               "due_at": "办结期限", "satisfaction": "满意度"}
    frame = frame[list(headers)].rename(columns=headers)
    frame["来源"] = frame["来源"].replace({"complaint": "有效投诉", "Complaint": "有效投诉",
                                       "mediation": "矛盾调解"})
    frame["受理时间"] = ["05.01.2024 09:00", "10.01.2024 10:00", "20.01.2024 00:00",
                     "25.01.2024 08:00", "15.01.2024 08:00", "01.02.2024 08:00",
                     "01.02.2024 08:00"]
    csv_path.unlink()
    xlsx = good_data / "cases" / "export.xlsx"
    frame.to_excel(xlsx, index=False)
    xlsx.with_name("export.xlsx.mapping.toml").write_text(
        "[columns]\n" + "".join(f'"{v}" = "{k}"\n' for k, v in headers.items())
        + '[values.source]\n"有效投诉" = "complaint"\n"矛盾调解" = "mediation"\n'
        + '[date_formats]\nreceived_at = ["%d.%m.%Y %H:%M"]\n', encoding="utf-8")
    con, _, quarantine = run_pipeline(good_data, lenient, AS_OF)
    assert quarantine == []
    row = con.execute("select received, closed, on_time_rate, median_handling_days from "
                      "cases_monthly where month = '2024-01' and source = 'complaint'").fetchall()
    assert row == [(4, 3, 0.5, 2.0)]


def test_parquet_input(good_data, lenient):
    from pipeline.build import run_pipeline

    path = good_data / "disclosure" / "requests.csv"
    pd.read_csv(path, dtype=str).to_parquet(path.with_suffix(".parquet"))
    path.unlink()
    con, _, _ = run_pipeline(good_data, lenient, AS_OF)
    assert con.execute("select sum(requests) from disclosure_annual").fetchall()[0][0] == 4


def test_check_command_reports_without_building(good_data, tmp_path):
    result = run("check", "--data", str(good_data), "--as-of", AS_OF.isoformat(),
                 "--output", str(tmp_path / "no-site"))  # no earlier build to check links on
    assert result.exit_code == 0, result.output
    assert "files checked" in result.output
    assert not (tmp_path / "site").exists()


def test_content_problems_name_file_and_line(tmp_path):
    from pipeline.content import check_content

    notices = tmp_path / "content" / "affairs" / "notices"
    notices.mkdir(parents=True)
    (notices / "a.md").write_text("Title: 通知\nDate: 2026年3月\n\n请联系13912345678。\n",
                                  encoding="utf-8")
    (tmp_path / "content" / "affairs" / "misc").mkdir()
    (tmp_path / "content" / "affairs" / "misc" / "b.md").write_text("Date: 2026-01-01\n\nx\n",
                                                                    encoding="utf-8")
    problems = [str(p) for p in check_content(tmp_path / "content")]
    assert "content/affairs/notices/a.md, line 2: Date must look like 2026-03-05" in problems
    assert any("a.md, line 4: looks like personal data (mobile)" in p for p in problems)
    assert not any("13912345678" in p for p in problems)
    assert any("misc/b.md, line 1: put the file in one of" in p for p in problems)
    assert any("misc/b.md, line 1: front matter needs 'Title:'" in p for p in problems)


def test_a_broken_live_figure_stops_the_build(tmp_path):
    from pipeline.content import check_figures
    from pipeline.errors import InputError

    notices = tmp_path / "content" / "affairs" / "notices"
    notices.mkdir(parents=True)
    (notices / "a.md").write_text("Title: x\nDate: 2026-01-01\n\n见[[cases_monthly.nope month=latest]]\n",
                                  encoding="utf-8")
    with pytest.raises(InputError) as raised:
        check_figures(tmp_path / "content", {"cases_monthly": pd.DataFrame({"month": ["2024-01"]})})
    assert str(raised.value).startswith("content/affairs/notices/a.md, line 4:")
