"""The data tests each published table's YAML declares: they pass on the fixture, and a
spoilt mart stops the build naming the file, the table, the test and the offending keys."""

from __future__ import annotations

from datetime import date

import pytest

AS_OF = date(2025, 6, 30)


@pytest.fixture
def marts(good_data, lenient):
    from pipeline.build import run_pipeline

    con, manifest, _ = run_pipeline(good_data, lenient, AS_OF)
    yield con, manifest
    con.close()


def test_every_build_runs_the_declared_tests(marts):
    from pipeline.catalog import TABLES

    _, manifest = marts
    tested = manifest["data_tests"]
    assert set(tested) == {t.name for t in TABLES}
    monthly = {(r["test"], r["column"]) for r in tested["cases_monthly"]}
    assert {("unique", "month, source"), ("not_null", "month"), ("range", "closure_rate"),
            ("accepted_values", "source"), ("adds_up", "received")} <= monthly
    assert all(r["passed"] for rows in tested.values() for r in rows)


def run_one(con, name):
    from pipeline.catalog import published
    from pipeline.datatests import run

    return run(con, (published(name),))


def test_a_rate_above_one_is_named_with_its_row(marts):
    from pipeline.datatests import DataTestFailed

    con, _ = marts
    first = con.execute("select month, source from cases_monthly order by month, source "
                        "limit 1").fetchone()
    con.execute("update cases_monthly set closure_rate = 1.5 where month = ? and source = ?",
                list(first))
    with pytest.raises(DataTestFailed) as failed:
        run_one(con, "cases_monthly")
    message = str(failed.value)
    assert message.startswith("pipeline/sql/marts/cases_monthly.yml, column closure_rate")
    assert f"range(closure_rate) on rows month={first[0]}, source={first[1]}" in message
    assert "1.5" not in message  # keys only, never a value


def test_a_repeated_key_fails_unique(marts):
    from pipeline.datatests import DataTestFailed

    con, _ = marts
    con.execute("insert into cases_backlog select * from cases_backlog limit 1")
    with pytest.raises(DataTestFailed, match=r"fails unique\(month, source\)"):
        run_one(con, "cases_backlog")


def test_a_source_outside_the_contract_fails(marts):
    from pipeline.datatests import DataTestFailed

    con, _ = marts
    con.execute("update cases_annual set source = 'walk_in' where received = "
                "(select max(received) from cases_annual)")
    with pytest.raises(DataTestFailed, match=r"accepted_values\(source\)"):
        run_one(con, "cases_annual")


def test_months_that_do_not_add_up_to_the_year_fail(marts):
    """One more case received in the year's total than in its months: the year and
    source of that row are named."""
    from pipeline.datatests import DataTestFailed

    con, _ = marts
    year, source = con.execute("select year, source from cases_annual order by year, source "
                               "limit 1").fetchone()
    con.execute("update cases_annual set received = received + 1 where year = ? and "
                "source = ?", [year, source])
    with pytest.raises(DataTestFailed) as failed:
        run_one(con, "cases_monthly")
    assert f"adds_up(received) on rows year={year}, source={source}" in str(failed.value)


def test_the_build_stops_on_a_failing_test(good_data, lenient, monkeypatch, tmp_path):
    from pipeline import datatests
    from pipeline.build import run_pipeline
    from pipeline.catalog import published

    table = published("cases_monthly")
    spoilt = type(table)(**{**table.__dict__, "keys": ("source",)})  # not unique
    monkeypatch.setattr(datatests, "TABLES", (spoilt,))
    monkeypatch.setattr(datatests.run, "__defaults__", ((spoilt,),))
    with pytest.raises(datatests.DataTestFailed, match=r"cases_monthly fails unique\(source\)"):
        run_pipeline(good_data, lenient, AS_OF)


def test_check_runs_the_tests_and_stops_on_a_failing_one(good_data, tmp_path, monkeypatch):
    """`publish.py check` on the fixture reports the tests it ran; with a spoilt key it
    fails naming the YAML file and the test."""
    from click.testing import CliRunner

    import publish
    from pipeline import datatests
    from pipeline.catalog import TABLES, published
    from pipeline.config import load_settings

    monkeypatch.setattr(publish, "load_settings", lambda: load_settings(
        max_quarantine_share=0.5, max_orphan_share=0.5))
    args = ["check", "--data", str(good_data), "--as-of", AS_OF.isoformat(), "--output",
            str(tmp_path / "none")]
    checked = CliRunner().invoke(publish.cli, args)
    count = sum(len(datatests.declared(t)) for t in TABLES)
    assert f"{count} data tests passed on {len(TABLES)} tables" in checked.output
    table = published("cases_backlog")
    spoilt = type(table)(**{**table.__dict__, "keys": ("source",)})
    monkeypatch.setattr(datatests.run, "__defaults__", ((spoilt,),))
    failed = CliRunner().invoke(publish.cli, args)
    assert failed.exit_code != 0
    assert "pipeline/sql/marts/cases_backlog.yml" in failed.output
    assert "fails unique(source)" in failed.output


def test_an_unknown_test_names_the_yaml_file():
    from pipeline.catalog import Col, published
    from pipeline.datatests import declared
    from pipeline.errors import InputError

    table = published("cases_backlog")
    typo = type(table)(**{**table.__dict__, "columns": (
        *table.columns, Col("open_cases", "integer", "甲", "a", tests=("not_nul",)))})
    with pytest.raises(InputError, match=r"cases_backlog.yml, column open_cases: no data "
                                         r"test 'not_nul'"):
        declared(typo)
