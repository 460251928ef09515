"""The published-table catalogue: one YAML file beside each mart, read into the same objects.

The published tables stay byte for byte what the Python declarations published before
the YAML (tests/golden/published.json holds their SHA-256, computed before the change);
every published table has its YAML, every column of its SQL output is described and every
described column exists.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.golden import published as golden

ROOT = Path(__file__).resolve().parent.parent


def expected(case: str) -> dict[str, str]:
    return json.loads(golden.GOLDEN.read_text(encoding="utf-8"))[case]


def changed(case: str) -> list[str]:
    before, now = expected(case), golden.case_digests(case)
    return sorted(name for name in before.keys() | now.keys()
                  if before.get(name) != now.get(name))


def test_fixture_tables_are_unchanged_byte_for_byte():
    assert changed("good") == []


@pytest.mark.slow
def test_sample_tables_are_unchanged_byte_for_byte():
    assert changed("sample") == []


def test_golden_record_covers_every_published_table():
    from pipeline.catalog import TABLES

    for case in golden.CASES:
        names = {name.rsplit(".", 1)[0]
                 for name in [*expected(case), *golden.UNSTABLE.get(case, ())]}
        assert {t.name for t in TABLES} <= names, case


def test_every_published_table_is_a_sql_and_a_yml_file():
    from pipeline.catalog import MARTS, TABLES

    assert TABLES, "no published table"
    for table in TABLES:
        assert (MARTS / f"{table.name}.sql").exists(), table.name
        assert table.path == MARTS / f"{table.name}.yml"


def test_no_published_table_is_declared_in_python():
    assert not (ROOT / "pipeline" / "tables.py").exists()
    assert not (ROOT / "pipeline" / "catalog").is_dir()


def test_sql_output_and_yaml_describe_the_same_columns(good_data, lenient):
    from datetime import date

    from pipeline.build import run_pipeline
    from pipeline.catalog import TABLES

    con, _, _ = run_pipeline(good_data, lenient, date(2025, 6, 30))
    try:
        for table in TABLES:
            made = [row[0] for row in con.execute(
                "select column_name from information_schema.columns where table_name = ? "
                "order by ordinal_position", [table.name]).fetchall()]
            made = set(made) - {"suppressed", "suppressed_cells"}  # disclosure.py adds them
            described = {c.name for c in table.columns} - {"suppressed", "suppressed_cells"}
            assert made - described == set(table.unpublished), f"{table.name}: not described"
            assert described - made == set(), f"{table.name}: described, not made"
    finally:
        con.close()


def test_every_described_column_is_complete():
    from pipeline.catalog import SITE_TABLES, TABLES, TYPES

    metrics = tomllib.loads((ROOT / "theme" / "translations" / "metrics.toml")
                            .read_text(encoding="utf-8"))
    for table in TABLES + SITE_TABLES:
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), table.name
        assert set(table.keys) <= set(names), table.name
        for col in table.columns:
            assert col.type in TYPES and col.zh and col.en, (table.name, col.name)
            assert not col.metric or col.metric in metrics, (table.name, col.metric)
        if table.policy:
            rates = {r.column for r in table.policy.rates}
            referenced = {*table.policy.counts, *rates,
                          *(r.denominator for r in table.policy.rates),
                          *(r.numerator for r in table.policy.rates if r.numerator)}
            assert referenced <= set(names), (table.name, referenced - set(names))


def test_the_policy_reads_as_declared():
    """cases_monthly as its YAML says, worked out by hand from the file."""
    import pandas as pd

    from pipeline.catalog import published
    from pipeline.disclosure import Rate

    policy = published("cases_monthly").policy
    assert policy.universe.name == "cases"
    assert Rate("on_time_rate", "base_on_time", "on_time") in policy.rates
    assert policy.groups == (("year", "source"), ("month",))
    months = pd.DataFrame({"month": ["2025-01", "2024-12"]})
    assert policy.derived["year"](months).tolist() == ["2025", "2024"]
    consultations = published("hotline_monthly").policy.measures["consultations"]
    assert (consultations.name, consultations.fixed) == ("calls", (("kind", "consultation"),))


def test_a_yaml_mistake_names_the_file(tmp_path):
    from pipeline.catalog import load_tables
    from pipeline.errors import InputError

    (tmp_path / "broken.yml").write_text("name: broken\ncolumns: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="broken.yml"):
        load_tables(tmp_path, {})
    (tmp_path / "broken.yml").write_text(
        "name: broken\ntitle: {zh: 甲, en: a}\ndescription: {zh: 甲, en: a}\nkeys: [a]\n"
        "columns:\n- {name: a, type: text, zh: 甲, en: a}\n", encoding="utf-8")
    with pytest.raises(InputError, match="columns.a"):
        load_tables(tmp_path, {})


def test_the_metric_catalogue_names_published_tables_only():
    from pipeline.catalog import TABLES

    metrics = tomllib.loads((ROOT / "theme" / "translations" / "metrics.toml")
                            .read_text(encoding="utf-8"))
    names = {t.name for t in TABLES}
    for key, metric in metrics.items():
        assert set(metric.get("models", [])) <= names, key
    carried = {c.metric for t in TABLES for c in t.columns if c.metric}
    assert carried <= set(metrics)
    assert {"volume", "on_time_rate", "suppression"} <= carried
