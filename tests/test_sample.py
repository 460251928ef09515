"""The sample inputs: deterministic, every domain filled, the contract's column names, and
the mess of real exports (encodings, an XLSX with a mapping, duplicates, mixed date forms,
a handful of bad rows, synthetic personal data with valid ID check digits)."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from pipeline.sample import write_sample

SCALE = 0.02
DOMAINS = ("cases", "hotline", "commitments", "prices", "disclosure")
CONTRACT = {  # DESIGN.md "Input contracts": (required, optional) columns per kind of file
    "cases": (["case_id", "source", "received_at", "department", "category"],
              ["due_at", "closed_at", "status", "outcome", "district", "grid", "channel",
               "satisfaction", "summary", "reporter_name", "reporter_phone",
               "reporter_id_number", "address"]),
    "hotline": (["call_id", "received_at", "answered", "kind"],
                ["wait_seconds", "department", "replied_at", "resolved_at", "resolved",
                 "satisfaction", "programme_date", "summary", "caller_name", "caller_phone"]),
    "commitments/commitments": (["commitment_id", "year", "owner_role", "department", "title",
                                 "deadline"], ["owner_name", "description", "target",
                                               "category"]),
    "commitments/updates": (["commitment_id", "reported_on", "stage", "status"],
                            ["progress_pct", "note", "evidence_url"]),
    "prices/observations": (["observed_on", "item_code", "store", "price"], []),
    "prices/items": (["item_code", "name_zh", "category", "unit"], ["name_en", "spec", "spec_en"]),
    "prices/stores": (["store", "store_type"], ["district"]),
    "disclosure": (["request_id", "received_at", "requester_type", "department", "outcome"],
                   ["replied_at", "reason", "reconsideration", "litigation"]),
}
NOT_IN_CONTRACT = {"seat_no"}  # the newer hotline system exports it; ingest drops it
CASE_SOURCES = {"city_management", "mediation", "approval", "complaint"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("sample")
    return out, write_sample(out, scale=SCALE)


def contract_of(relative: str) -> tuple[list[str], list[str]]:
    domain = relative.split("/")[0]
    return CONTRACT.get(domain) or CONTRACT[relative.rsplit(".", 1)[0]]


def text_of(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read(out: Path, relative: str) -> pd.DataFrame:
    """A sample file as text columns named as in the contract (XLSX through its mapping);
    rows with a wrong number of fields are skipped."""
    path = out / relative
    if path.suffix == ".xlsx":
        mapping = tomllib.loads(path.with_name(path.name + ".mapping.toml").read_text("utf-8"))
        frame = pd.read_excel(path, dtype=str).fillna("").rename(columns=mapping["columns"])
        for column, values in mapping["values"].items():
            frame[column] = frame[column].replace(values)
        return frame
    return pd.read_csv(io.StringIO(text_of(path)), dtype=str, keep_default_na=False,
                       on_bad_lines="skip")


def cases(out: Path, counts: dict[str, int]) -> pd.DataFrame:
    return pd.concat([read(out, f) for f in counts if f.startswith("cases/")],
                     ignore_index=True)


def when(values: pd.Series) -> pd.Series:
    """The date forms the contract accepts → timestamps (NaT when unreadable)."""
    text = values.str.strip()
    serial = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(\.\d+)?")), errors="coerce")
    local = (text.str.replace("+08:00", "", regex=False).str.replace("T", " ")
             .str.replace(r"[年月/]", "-", regex=True).str.replace("日", ""))
    parsed = pd.to_datetime(local.where(serial.isna()), format="mixed", errors="coerce")
    excel = pd.Timestamp("1899-12-30") + pd.to_timedelta(serial, unit="D")
    return parsed.where(serial.isna(), excel.astype(parsed.dtype))


def mod_11_2_ok(number: str) -> bool:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def test_same_scale_and_seed_give_identical_bytes(sample, tmp_path):
    out, counts = sample
    again = write_sample(tmp_path, scale=SCALE)
    assert again == counts
    for relative in [*counts, "cases/approvals_export.xlsx.mapping.toml"]:
        assert (tmp_path / relative).read_bytes() == (out / relative).read_bytes(), relative


def test_another_seed_gives_other_data(sample, tmp_path):
    out, counts = sample
    write_sample(tmp_path, scale=SCALE, seed=7)
    for relative in ("cases/cases_2025.csv", "hotline/calls_2025-05_2026-10.csv",
                     "prices/observations.csv", "cases/approvals_export.xlsx"):
        assert (tmp_path / relative).read_bytes() != (out / relative).read_bytes()


def test_every_domain_has_files_with_rows(sample):
    out, counts = sample
    for domain in DOMAINS:
        files = [f for f in counts if f.startswith(domain + "/")]
        assert files and all(counts[f] > 0 for f in files), domain
    assert len([f for f in counts if f.startswith("cases/")]) >= 4
    assert all((out / f).is_file() for f in counts)


def test_row_counts_are_the_records_written(sample):
    out, counts = sample
    for relative, count in counts.items():
        if relative.endswith(".csv"):
            records = list(csv.reader(io.StringIO(text_of(out / relative))))
            assert len([r for r in records if r]) - 1 == count, relative


def test_every_case_source_has_rows(sample):
    found = cases(*sample)["source"].str.lower()
    assert CASE_SOURCES <= set(found)
    assert found.value_counts().min() >= 20


def test_columns_are_named_as_in_the_contract(sample):
    out, counts = sample
    for relative in counts:
        required, optional = contract_of(relative)
        header = set(read(out, relative).columns)
        assert set(required) <= header, relative
        assert header <= set(required) | set(optional) | NOT_IN_CONTRACT, relative


def test_one_cases_file_is_gb18030_and_others_utf8_with_and_without_bom(sample):
    out, _ = sample
    data = (out / "cases/cases_2023_2024.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "区城管局" in data.decode("gb18030")
    assert (out / "cases/cases_2025.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    (out / "cases/cases_2026.csv").read_bytes().decode("utf-8")


def test_xlsx_has_chinese_headers_and_a_mapping_onto_the_contract(sample):
    out, _ = sample
    raw = pd.read_excel(out / "cases/approvals_export.xlsx", dtype=str)
    assert all(not c.isascii() for c in raw.columns)
    frame = read(out, "cases/approvals_export.xlsx")
    assert set(frame["source"]) == {"approval"}
    received = pd.to_datetime(frame["received_at"], format="%Y%m%d%H%M%S", errors="coerce")
    assert received.notna().mean() > .99
    assert received.dropna().dt.year.eq(2026).all()


def test_id_numbers_pass_the_mod_11_2_check(sample):
    numbers = cases(*sample)["reporter_id_number"]
    numbers = numbers[numbers != ""]
    assert len(numbers) > 100
    assert numbers.str.fullmatch(r"\d{17}[\dX]").all()
    assert all(mod_11_2_ok(n) for n in numbers)
    assert numbers.str.endswith("X").any()


def test_exact_duplicate_rows_are_present_but_rare(sample):
    out, counts = sample
    for relative in ("cases/cases_2025.csv", "hotline/calls_2023-11_2025-04.csv",
                     "prices/observations.csv"):
        frame = read(out, relative)
        assert 0 < frame.duplicated().mean() < .015, relative


def test_dates_come_in_mixed_forms(sample):
    received = cases(*sample)["received_at"]
    forms = {"iso": r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "slash": r"\d{4}/\d{1,2}/\d{1,2} \d\d:\d\d",
             "cn": r"\d{4}年\d{1,2}月\d{1,2}日", "offset": r".+\+08:00", "excel": r"\d{5}\.\d+"}
    for name, pattern in forms.items():
        assert received.str.fullmatch(pattern).any(), name


def test_bad_rows_are_a_handful_in_every_file(sample):
    out, counts = sample
    planted = 0
    for relative, count in counts.items():
        required, _ = contract_of(relative)
        frame = read(out, relative)
        missing = frame[required].eq("").any(axis=1)
        dated = [c for c in ("received_at", "observed_on", "reported_on") if c in frame]
        if dated and not relative.endswith(".xlsx"):
            missing |= when(frame[dated[0]]).isna()
        unreadable = count - len(frame)  # rows with a wrong number of fields
        assert missing.sum() + unreadable <= max(1, .005 * count), relative
        planted += missing.sum() + unreadable
    assert planted >= 5  # the files big enough to carry one have theirs


def test_personal_data_is_synthetic_but_realistic(sample):
    frame = cases(*sample)
    phones = frame["reporter_phone"]
    for pattern in (r"1[3-9]\d{9}", r"1[3-9]\d-\d{4}-\d{4}", r"\+86 1[3-9]\d \d{4} \d{4}",
                    r"[１][３-９][０-９]{9}"):
        assert phones.str.fullmatch(pattern).any(), pattern
    assert frame["summary"].str.contains(r"[\u4e00-\u9fff]1[3-9]\d{9}").any()
    assert frame["summary"].str.contains(r"身份证号\d{17}[\dX]").any()
    assert frame["reporter_name"].str.fullmatch(r"[\u4e00-\u9fff]{2,3}|").all()


def test_case_outcomes_look_like_the_reports(sample):
    frame = cases(*sample)
    frame["source"] = frame["source"].str.lower()
    closed = frame[frame["closed_at"] != ""]
    mediation = closed[closed["source"] == "mediation"]
    assert .85 < mediation["outcome"].str.lower().eq("resolved").mean() < .98
    approvals = closed[(closed["source"] == "approval") & (closed["due_at"] != "")]
    on_time = when(approvals["closed_at"]) <= when(approvals["due_at"])
    assert on_time.mean() > .96
    city = frame[frame["source"] == "city_management"]
    assert .9 < city["closed_at"].ne("").mean() < .99


def test_hotline_answers_most_calls_and_marks_the_live_programme(sample):
    out, counts = sample
    calls = pd.concat([read(out, f) for f in counts if f.startswith("hotline/")])
    answered = calls["answered"].str.lower()
    assert {"1", "0", "true", "false", "是", "否"} <= set(answered)
    assert .88 < answered.isin(["1", "true", "是"]).mean() < .97
    on_air = when(calls.loc[calls["programme_date"] != "", "programme_date"])
    assert .015 < len(on_air) / len(calls) < .05
    assert set(on_air.dt.day_of_week) <= {1, 3}  # Tuesdays and Thursdays


def test_commitments_run_from_pledge_to_yearend(sample):
    out, _ = sample
    listed = read(out, "commitments/commitments.csv").drop_duplicates()
    assert listed.groupby("year").size().between(55, 65).all()
    updates = read(out, "commitments/updates.csv")
    updates["stage"] = updates["stage"].str.lower()
    year = updates["commitment_id"].str[2:6]
    assert set(updates["stage"]) == {"pledge", "midyear", "interim", "yearend"}
    assert not (updates["stage"].eq("yearend") & year.eq("2026")).any()
    statuses = set(updates["status"].str.lower())
    assert {"delayed", "partially_fulfilled", "not_fulfilled", "withdrawn"} <= statuses


def test_prices_cover_141_items_in_three_or_more_shops(sample):
    out, _ = sample
    items = read(out, "prices/items.csv")
    assert len(items) == 141 and items["item_code"].is_unique
    observations = read(out, "prices/observations.csv")
    observations["on"] = when(observations["observed_on"])
    shops = observations.groupby("item_code")["store"].nunique()
    assert (shops.reindex(items["item_code"]) >= 3).all()
    latest = observations.groupby("item_code")["on"].max()
    assert (latest < latest.max() - pd.Timedelta(weeks=4)).sum() >= 2  # stale items
    last_day = observations[observations["on"] == observations["item_code"].map(latest)]
    assert (last_day.groupby("item_code")["store"].nunique() < shops).any()
