"""Real exports drop in: the forms of tests/fixtures/foreign/ read through their sidecars,
each figure worked out by hand below."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from pipeline import contracts
from pipeline.build import run_pipeline
from pipeline.parse import looks_like_gb, sniff_encoding, suggest_date_formats
from tests.conftest import AS_OF, FIXTURES

FOREIGN = FIXTURES / "foreign"


def with_foreign(data: Path, *domains: str) -> Path:
    """The good inputs with these domains replaced by their foreign exports."""
    for domain in domains:
        shutil.rmtree(data / domain)
        shutil.copytree(FOREIGN / domain, data / domain)
    return data


def one(con, sql: str, params=None):
    return con.execute(sql, params).fetchall()


@pytest.fixture
def service_requests(good_data, settings):
    return run_pipeline(with_foreign(good_data, "cases"), settings, AS_OF)


def test_us_service_requests_give_hand_computed_figures(service_requests):
    # cases/service_requests.csv: CRLF, a tag row under the header (skip_rows = 1), headers
    # with spaces and parentheses, 12-hour times, due dates as dates only, a constant source.
    # January 2024, all city_management:
    #   K1 received 01-05 09:00, closed 01-07 09:00, due 01-07 → on time (end of day), 2 days
    #   K2 received 01-06 13:30, closed 01-06 15:30, due 01-06 → on time, 2 h = 1/12 day
    #   K3 received 01-08 10:00, closed 01-12 10:00, due 01-10 → late, 4 days
    #   K4 received 01-09 11:00, closed 01-09 10:00: closed before received → counted as
    #      received and closed, out of on-time and handling time
    #   K5 received 01-10 08:00:30, closed 01-10 08:00 (minutes): equal within the minute
    #      → 0 days, on time
    #   K6 received 01-20 14:00, open
    # received 6, closed 5, closure 5/6, on time 3 of 4 (K1, K2, K5 of K1, K2, K3, K5),
    # median handling of (0, 1/12, 2, 4) = (1/12 + 2) / 2, satisfied 2 of 3 rated (5, 4, 2;
    # K4's "very happy" is not a rating and is left out).
    con, manifest, problems = service_requests
    row = one(con, "select received, closed, closure_rate, on_time_rate, "
                   "median_handling_days, satisfaction_rate from cases_monthly "
                   "where month = '2024-01' and source = 'city_management'")
    assert row == [(6, 5, pytest.approx(5 / 6), 0.75, pytest.approx((1 / 12 + 2) / 2),
                    pytest.approx(2 / 3))]
    assert manifest["inputs"][0]["quarantined"] == 0


def test_closed_before_received_is_listed_not_quarantined(service_requests):
    con, manifest, problems = service_requests
    listed = {(p["line"], p["column"]): p for p in problems}
    # K4 is the 8th line: header, tag row, K1, K2, K3 over three lines (two quoted fields
    # with a newline each), then K4.
    early = listed[(8, "closed_at")]
    assert early["reason"] == "closed before it was received"
    assert early["effect"] == "left out of some figures"
    assert early["header"] == "Closed Date"
    assert listed[(8, "satisfaction")]["effect"] == "value left out"
    assert {"file": "cases/service_requests.csv", "table": "cases", "column": "closed_at",
            "reason": "closed before it was received", "values": 1} in manifest["ignored"]
    assert one(con, "select count(*) from stg_cases where closed_at is not null") == [(5,)]


def test_unlisted_values_fall_to_star_and_are_counted(service_requests):
    con, manifest, _ = service_requests
    # channel FAX is not listed: it becomes "other" ("*") and is counted, not shown.
    assert manifest["value_fallbacks"] == [{
        "file": "cases/service_requests.csv", "table": "cases", "column": "channel",
        "header": "Open Data Channel Type", "unlisted": 1, "unlisted_distinct": 1,
        "unlisted_became": "*", "emptied": 0}]
    assert one(con, "select channel, count(*) from stg_cases group by all order by 1") == [
        ("app", 1), ("hotline", 3), ("other", 1), ("web", 1)]
    # [expressions] grid = lower(Borough) || '-' || left("Complaint Type", 4)
    assert one(con, "select distinct grid from stg_cases order by 1") == [
        ("brooklyn-Dirt",), ("queens-Dama",)]
    assert manifest["columns_dropped"]["cases"] == ["Descriptor", "Resolution Description"]


def test_raw_values_are_trimmed_mapped_values_too(good_data, settings):
    """The readers of raw values (codes, numbers, yes/no, ratings, ids) do not trim: every
    raw value is trimmed at ingest, a value a sidecar maps to included."""
    data = with_foreign(good_data, "cases")
    sidecar = data / "cases" / "service_requests.csv.mapping.toml"
    text = sidecar.read_text(encoding="utf-8")
    for plain, padded in (('= "hotline"', '= " hotline "'), ('= "web"', '= "\u3000web"'),
                          ('"*" = "other"', '"*" = "other "')):
        assert plain in text
        text = text.replace(plain, padded)
    sidecar.write_text(text, encoding="utf-8")
    con, _, _ = run_pipeline(data, settings, AS_OF)
    assert one(con, "select channel, count(*) from stg_cases group by all order by 1") == [
        ("app", 1), ("hotline", 3), ("other", 1), ("web", 1)]
    for table in contracts.TABLES:
        texts = [c.name for c in table.columns]
        padded = " or ".join(f'"{c}" is distinct from trim("{c}")' for c in texts)
        assert one(con, f'select count(*) from "raw_{table.name}" where {padded}') == [(0,)]


def test_without_end_of_day_the_date_only_due_date_is_still_the_end_of_the_day(
        good_data, settings):
    # The default for due_at: a date without a time is the end of that day, so dropping
    # [date_only] from the sidecar gives the same on-time rate (3 of 4, not 0 of 4).
    data = with_foreign(good_data, "cases")
    sidecar = data / "cases" / "service_requests.csv.mapping.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").split("[date_only]")[0],
                       encoding="utf-8")
    con, _, _ = run_pipeline(data, settings, AS_OF)
    assert one(con, "select on_time_rate from cases_monthly where month = '2024-01'") == [
        (0.75,)]


def test_a_date_only_due_date_is_the_end_of_the_day_in_the_files_time_zone(
        good_data, settings):
    """With `timezone` (New York), "01/06/2024" is the end of 6 January in New York: K2,
    closed at 3:30 PM that day (04:30 on the 7th in Shanghai), is on time."""
    data = with_foreign(good_data, "cases")
    sidecar = data / "cases" / "service_requests.csv.mapping.toml"
    text = sidecar.read_text(encoding="utf-8").replace(
        'timezone = "Asia/Shanghai"', 'timezone = "America/New_York"')
    rates = []
    for toml in (text, text.split("[date_only]")[0]):  # with [date_only], and without
        sidecar.write_text(toml, encoding="utf-8")
        con, _, _ = run_pipeline(data, settings, AS_OF)
        rates.append(one(con, "select on_time_rate from cases_monthly "
                              "where month = '2024-01'"))
    assert rates == [[(0.75,)], [(0.75,)]]


def test_promise_json_feeds_commitments_and_their_updates(good_data, settings):
    # commitments/promises.json: records under "promises", progress nested in "updates".
    # T1 kept (latest update 2024-12-20 "Kept"), T2 broken, T3 in progress.
    con, manifest, problems = run_pipeline(with_foreign(good_data, "commitments"), settings,
                                           AS_OF)
    assert problems == []
    assert one(con, "select commitment_id, status, progress_pct from commitments "
                    "order by 1") == [("T1", "fulfilled", 100.0),
                                      ("T2", "not_fulfilled", 40.0),
                                      ("T3", "on_track", 10.0)]
    assert one(con, "select commitment_id, owner_role, deadline from raw_commitments "
                    "order by 1") == [("T1", "Mayor", "2024-12-31"),
                                      ("T2", "Director", "2024-12-31"),
                                      ("T3", "Director", "2025-12-31")]
    assert one(con, "select count(*) from stg_commitment_updates") == [(6,)]
    tables = sorted(i["table"] for i in manifest["inputs"] if i["file"].endswith(".json"))
    assert tables == ["commitment_updates", "commitments"]
    # a record's line is its number in the list: T2's updates come from record 2
    assert one(con, "select distinct _line from raw_commitment_updates "
                    "where commitment_id = 'T2'") == [(2,)]


def test_one_price_export_feeds_observations_items_and_stores(good_data, settings):
    # prices/market_prices.csv, 7 rows: items by commodity and unit (Maize 1 KG, Maize
    # 90 KG, Beans 1 KG: the sack is another item), 2 markets, 7 observations; each table
    # gets distinct rows, each row its first line. (Which of these names the site shows is
    # the reference lists' business: these assertions stop at what ingest read.)
    con, manifest, problems = run_pipeline(with_foreign(good_data, "prices"), settings, AS_OF)
    assert problems == []
    assert one(con, "select item_code, name_zh, name_en, category, unit, _line "
                    "from raw_price_items order by 1") == [
        ("Beans 1 KG", "Beans", "Beans", "vegetable", "1 KG", 5),
        ("Maize 1 KG", "Maize", "Maize", "grain", "1 KG", 2),
        ("Maize 90 KG", "Maize", "Maize", "grain", "90 KG", 3)]
    assert one(con, "select store, store_type, district, _line from raw_price_stores "
                    "order by 1") == [("Central Market", "Market", "Kisumu", 2),
                                      ("Lakeside Mart", "Supermarket", "Kisumu", 4)]
    assert one(con, "select count(*) from valid_price_observations") == [(7,)]
    assert one(con, "select store, price from valid_price_observations where item_code = "
                    "'Maize 1 KG' and observed_on = '2024-03-08' order by 1") == [
        ("Central Market", "44"), ("Lakeside Mart", "55")]
    # Beans fell to "*" twice (2 rows, 1 distinct value): counted
    assert manifest["value_fallbacks"][0]["unlisted"] == 2
    assert manifest["columns_dropped"] == {}


def test_big5_is_read_when_named(good_data, settings):
    shutil.copy(FOREIGN / "refused" / "cases_big5.csv", good_data / "cases" / "cases.csv")
    (good_data / "cases" / "cases.csv.mapping.toml").write_text('encoding = "big5"\n',
                                                                 encoding="utf-8")
    con, _, problems = run_pipeline(good_data, settings, AS_OF)
    assert one(con, "select distinct department from raw_cases order by 1") == [
        ("區住建局",), ("區城管局",)]
    assert one(con, "select count(*) from stg_cases") == [(6,)]


def test_encoding_is_known_only_when_certain():
    simplified = "区城管局,占道经营,东关街道,满意\n".encode("gb18030") * 20
    traditional = "區城管局,佔道經營,東關街道,滿意\n".encode("big5") * 20
    assert sniff_encoding("受理".encode()) == "utf-8"
    assert sniff_encoding(b"\xef\xbb\xbfa,b\n") == "utf-8"
    assert sniff_encoding(simplified) == "gb18030"
    assert looks_like_gb(simplified)
    assert not looks_like_gb(traditional)  # decodes as GB18030, but is mojibake
    assert sniff_encoding(traditional) is None


def test_date_forms_are_proposed_from_the_values():
    assert suggest_date_formats(["1/1/20 0:05", "12/31/20 13:05"]) == ["%m/%d/%y %H:%M"]
    assert suggest_date_formats(["13/1/2020", "1/2/2020 1:05:00 PM"]) == [
        "%d/%m/%Y", "%d/%m/%Y %I:%M:%S %p"]
    assert suggest_date_formats(["2024/3/5"]) == []


def test_every_sidecar_of_the_readme_is_valid(tmp_path):
    from pipeline.sidecar import read_sidecar

    readme = (Path(__file__).parent.parent / "data" / "raw" / "README.md").read_text(
        encoding="utf-8")
    blocks = [b.split("```")[0] for b in readme.split("```toml\n")[1:]]
    assert len(blocks) == 5  # one per domain
    for number, block in enumerate(blocks):
        data = tmp_path / f"{number}.csv"
        data.with_name(data.name + ".mapping.toml").write_text(block, encoding="utf-8")
        sidecar = read_sidecar(data, data.name)
        assert sidecar.base.columns or sidecar.tables


def test_the_readme_lists_every_column_and_code_of_the_contracts():
    """data/raw/README.md tells the operator what each domain expects, in its own words:
    each contract table's columns in its own table of the section, required ones in bold,
    with their kind and every accepted code, and nothing the contract does not have."""
    import re

    from pipeline import contracts

    kinds = {"text": "text", "code": "code", "timestamp": "date/time", "date": "date",
             "bool": "yes/no", "number": "number", "rating": "rating",
             "personal": "personal", "free_text": "free text"}
    readme = (Path(__file__).parent.parent / "data" / "raw" / "README.md").read_text(
        encoding="utf-8")
    section = readme.split("## Input contracts")[1].split("\n## ")[0]
    listed: dict[tuple[str, str], dict[str, tuple[bool, str, str]]] = {}
    parts = re.split(r"\n\*\*(\w+)/\*\*", section)
    for domain, text in zip(parts[1::2], parts[2::2], strict=True):
        label = ""
        for line in text.splitlines():
            head = re.match(r"\| column(?: \((\w+)\))? \|", line)
            if head:
                label = head.group(1) or ""
                continue
            row = re.match(r"\| (.+?) \| ([a-z/ ]+?) \|(.*)\|$", line)
            if not row or line.startswith("|---"):
                continue
            for name in re.findall(r"(\*\*)?`(\w+)`", row.group(1)):
                listed.setdefault((domain, label), {})[name[1]] = (
                    bool(name[0]), row.group(2), row.group(3))
    prefixes = {"commitment_updates": "updates", "price_items": "items",
                "price_stores": "stores", "price_observations": "observations"}
    for table in contracts.TABLES:
        rows = listed[(table.domain, prefixes.get(table.name, ""))]
        assert set(rows) == {c.name for c in table.columns}, table.name
        for column in table.columns:
            bold, kind, values = rows[column.name]
            assert bold == column.required, (table.name, column.name)
            assert kind == kinds[column.kind], (table.name, column.name, kind)
            for value in column.values:
                assert f"`{value}`" in values, (table.name, column.name, value)


def test_ndjson_calls_give_the_same_figures(good_data, settings):
    import pandas as pd

    calls = good_data / "hotline" / "calls.csv"
    frame = pd.read_csv(calls, dtype=str, keep_default_na=False)
    frame["wait_seconds"] = frame["wait_seconds"].astype(int)  # numbers stay numbers
    frame.to_json(calls.with_suffix(".ndjson"), orient="records", lines=True,
                  force_ascii=False)
    calls.unlink()
    con, _, problems = run_pipeline(good_data, settings, AS_OF)
    assert problems == []
    # the same calls, answered and waits as the CSV; a record's line is its line (H5: 5)
    assert one(con, "select count(*), count(*) filter (where answered), sum(wait_seconds) "
                    "from stg_hotline") == one(
        run_pipeline(FIXTURES / "good", settings, AS_OF)[0],
        "select count(*), count(*) filter (where answered), sum(wait_seconds) from stg_hotline")
    assert one(con, "select _line from raw_hotline where call_id = 'H5'") == [(5,)]


def test_json_numbers_beyond_64_bits_and_mixed_fields_are_read_as_written(good_data,
                                                                          settings):
    """Ids beyond 64 bits stay distinct (not a double: 20 calls as 10 repeats), and a
    field holding numbers and texts (5, "满意") is read without JSON quotes."""
    import json

    calls = good_data / "hotline" / "calls.csv"
    lines = []
    for number in range(12):
        lines.append(json.dumps({
            "call_id": 20240105090000000000 + number, "received_at": "2024-01-02 09:00",
            "answered": True, "kind": "consultation", "department": "区人社局",
            "satisfaction": 5 if number % 2 else "满意", "wait_seconds": "12" if number % 3
            else 30}, ensure_ascii=False))
    (good_data / "hotline" / "calls.ndjson").write_text("\n".join(lines) + "\n",
                                                        encoding="utf-8")
    calls.unlink()
    con, manifest, problems = run_pipeline(good_data, settings, AS_OF)
    assert problems == [] and manifest["duplicates_dropped"]["hotline"] == 0
    assert one(con, "select count(distinct call_key), count(*) filter (where satisfaction = 5)"
                    ", sum(wait_seconds) from stg_hotline") == [(12, 12, 8 * 12 + 4 * 30)]
    assert one(con, "select min(call_id) from raw_hotline") == [("20240105090000000000",)]


def test_short_path_of_dates_reads_as_the_long_one():
    """The common forms (dashes, slashes, ISO with an offset) take a short path in parse_ts; every form, valid or not,
    must read exactly as the full list of forms reads it."""
    from pipeline.models import connect

    con = connect("Asia/Shanghai")
    forms = ["2024-03-05 14:02:05", "2024-03-05 14:02", "2024-03-05", "2024-03-05T14:02:05",
             "2024-03-05T14:02", "2024/3/5", "2024/03/05 7:06", "2024/3/5 14:02:05",
             "2024-02-29 12:00", "2023-02-29", "2024-13-01", "2024-02-30 10:00",
             "2024-03-05 24:00:00", "2024-03-05 14:60", "2024/3/5 24:00", "2024/13/1",
             "2024-3-5", " 2024-03-05", "2024-03-05 ", "2024-03-05  14:02",
             "2024-03-05 14:02:05.5", "2024-03-05 14:02:05+08:00", "2024-03-05T06:02:05Z",
             "45000", "45000.5", "2024年3月5日", "2024年3月5日 14时02分", "2024.3.5", "",
             "0000-01-01", "9999-12-31 23:59:59", "20240305", "2024-03-05T14:02:05-05:30",
             "2024-03-05 14:02+08:00", "2024-02-30T10:00:00+08:00", "2024-03-05T24:00:00+08:00",
             "2024-03-05T14:02:05+0800"]
    con.execute("create table forms (s varchar)")
    con.executemany("insert into forms values (?)", [[f] for f in forms])
    differing = one(con, "select s, parse_ts(s), parse_ts_any(s) from forms "
                         "where parse_ts(s) is distinct from parse_ts_any(s)")
    assert differing == []
    # an Excel serial's time of day to the second: 0.16965222 × 86,400 s = 14,657.95 s,
    # 14,658 s = 04:04:18 (the digits beyond are the binary fraction's noise)
    # an offset of whole hours, as a typed Parquet timestamp with time zone reads as text
    assert one(con, "select parse_ts('2024-03-05 14:02:00+08'), parse_ts('2024-03-05 "
                    "06:02:00.5+00'), parse_ts('2024-02-30 14:02:00+08'), "
                    "parse_ts('2024-03-05-05')") == [
        (datetime(2024, 3, 5, 14, 2), datetime(2024, 3, 5, 14, 2, 0, 500000), None, None)]
    assert one(con, "select parse_ts('45000.16965222') = timestamp '2023-03-15 04:04:18'"
                    ", parse_ts('45000.5') = timestamp '2023-03-15 12:00:00'") == [(True, True)]
    # not dates: 2023-02-29, month 13 (twice), 02-30 (twice), 24:00 (three times), minute
    # 60 and ''
    assert one(con, "select count(parse_ts(s)) from forms") == [(len(forms) - 10,)]
    # the precision of the short forms, as the full rules give it
    assert one(con, "select list(ts_precision(s) order by s) from (values ('2024-03-05'), "
                    "('2024/3/5 14:02'), ('2024-03-05T14:02:05')) t(s)") == [
        (["day", "second", "minute"],)]


def test_an_ambiguous_date_parses_to_nothing_or_a_year_before_100():
    """What lets the ambiguous-date check skip a text whose parsed value is a later date
    (ingest._check_dates): every text of the pattern, in every form the portal reads,
    parses to nothing or to a year of one or two digits."""
    import itertools
    import re

    from pipeline.models import connect
    from pipeline.parse import AMBIGUOUS_DATE

    con = connect("Asia/Shanghai")
    numbers = ["1", "01", "5", "12", "13", "20", "24", "31", "99", "2024", "1999"]
    times = ["", " 9:00", " 14:02:05", "T14:02", " 14:02+08:00", "Z", " 8:00 PM", "日"]
    texts = [f"{lead}{a}{s}{b}{s}{c}{t}"
             for a, b, c in itertools.product(numbers, repeat=3)
             for s in "/.-" for t in times for lead in ("", " ")]
    texts = [t for t in texts if re.search(AMBIGUOUS_DATE, t)]
    assert len(texts) > 10_000
    con.execute("create table texts (s varchar)")
    con.executemany("insert into texts values (?)", [[t] for t in texts])
    assert one(con, "select s, parse_ts(trim(s)) from texts where "
                    "parse_ts(trim(s)) >= timestamp '0100-01-01' limit 5") == []
    # and a year of four digits is never taken for ambiguous
    assert not re.search(AMBIGUOUS_DATE, "2024/1/2") and not re.search(AMBIGUOUS_DATE,
                                                                        "2024-01-02 08:00")


def test_cheaper_text_macros_read_as_the_full_expressions():
    """ref_key and parse_bool skip work where nothing needs it: the result of the full
    expression for every Unicode space separator at either end, inside and alone, for tabs,
    line breaks and double spaces inside, and for yes/no texts."""
    from pipeline.models import connect

    con = connect("Asia/Shanghai")
    con.execute((Path(__file__).parent.parent / "pipeline" / "sql" / "reference" /
                 "macros.sql").read_text(encoding="utf-8").split("-- The list")[0])
    spaces = [0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]
    others = [0x09, 0x0A, 0x0C, 0x0D, 0x0B, 0x200B, 0xFEFF, 0x85]
    texts = ["", "a", "区城管局", "区 城管局", "区  城管局", "a\tb", "a\nb", "a\r\nb", "é",
             "e\u0301", "区城管局\u0301"]
    for code in spaces + others:
        blank = chr(code)
        texts += [blank, blank * 2, f"{blank}区城管局", f"区城管局{blank}", f"{blank}a{blank}",
                  f"区{blank}局", f"a{blank}{blank}b"]
    con.execute("create table texts (s varchar)")
    con.executemany("insert into texts values (?)", [[t] for t in texts] + [[None]])
    # parse_bool's lookup reads a raw (trimmed) value as the two lists it replaced
    con.executemany("insert into texts values (?)", [[t] for t in (
        "1", "0", " TRUE ", "t", "Yes", "y", "是", "对", "X", "✓", "False", "f", "NO", "n", "否",
        "2", "yes!", "是的", "\u3000是\u3000", "ｙｅｓ")])
    assert one(con, "select s from texts where parse_bool(trim(s)) is distinct from case "
                    "when lower(trim(s)) in ('1', 'true', 't', 'yes', 'y', '是', '对', 'x', '✓') "
                    "then true when lower(trim(s)) in ('0', 'false', 'f', 'no', 'n', '否') "
                    "then false end") == []
    assert one(con, "select count(parse_bool(s)) from texts") != [(0,)]
    assert one(con, "select s from texts where is_bool(s) is distinct from "
                    "(parse_bool(s) is not null)") == []
    assert one(con, "select s from texts where ref_key(s) is distinct from "
                    r"nullif(lower(regexp_replace(trim(s), '\s+', ' ', 'g')), '')") == []


def test_time_macros():
    from pipeline.models import connect

    con = connect("Asia/Shanghai")
    # 12:00 in New York in July (UTC−4) is 00:00 the next day in Shanghai (UTC+8)
    assert one(con, "select zone_text('2024-07-01 12:00', 'America/New_York')") == [
        ("2024-07-02 00:00",)]
    assert one(con, "select zone_text('2024-07-01 12:00:30', 'America/New_York')") == [
        ("2024-07-02 00:00:30",)]
    assert one(con, "select date_only_text('2024-07-01', 'end_of_day'), "
                    "date_only_text('2024-07-01 08:00', 'end_of_day')") == [
        ("2024-07-01 23:59:59", "2024-07-01 08:00")]
    # closed 10:05 (minutes) is not before received 10:05:30: equal within the minute
    pairs = [("2024-01-10 10:05", "2024-01-10 10:05:30"),
             ("2024-01-10 10:04:59", "2024-01-10 10:05:30"), ("2024-01-10", "2024-01-10 10:05"),
             ("2024-01-08 23:59", "2024-01-10 10:05:30"), ("2024-01-11", "2024-01-10 10:05")]
    judged = ", ".join(f"closed_before('{c}', parse_ts('{c}'), '{r}', parse_ts('{r}'))"
                       for c, r in pairs)
    # more than a day apart, precision cannot change the order: before, then after
    assert one(con, f"select {judged}") == [(False, True, False, True, False)]
    assert one(con, "select due_time('2024-01-10', parse_ts('2024-01-10')) "
                    "= timestamp '2024-01-10 23:59:59.999999'") == [(True,)]


@pytest.mark.parametrize("cores", [1, 4])
def test_files_read_at_once_give_the_rows_and_problems_of_one_at_a_time(
        good_data, monkeypatch, cores):
    """Files are loaded by one thread per core: the raw tables hold the same rows and the
    problems come in file order, however many threads read them."""
    from pipeline import ingest, models
    from pipeline.errors import InputProblems

    for name in ("zz_later.dbf", "aa_first.dbf"):  # no reader takes them
        (good_data / "cases" / name).write_bytes(b"\0")
    monkeypatch.setattr(ingest.os, "sched_getaffinity", lambda _: set(range(cores)))
    con = models.connect()
    with pytest.raises(InputProblems) as raised:
        ingest.ingest(con, good_data)
    assert [p.file for p in raised.value.problems] == ["cases/aa_first.dbf",
                                                       "cases/zz_later.dbf"]
    for name in ("zz_later.dbf", "aa_first.dbf"):
        (good_data / "cases" / name).unlink()
    ingest.ingest(con, good_data)
    sequential = models.connect()
    monkeypatch.setattr(ingest.os, "sched_getaffinity", lambda _: {0})
    ingest.ingest(sequential, good_data)
    for table in ("raw_cases", "raw_hotline", "raw_price_observations", "quarantine",
                  "source_headers"):
        rows = sequential.execute(f"select * from {table} order by all").fetchall()
        assert con.execute(f"select * from {table} order by all").fetchall() == rows
        assert rows or table == "quarantine"


def test_spill_folders_of_ended_runs_are_removed(tmp_path, monkeypatch):
    """A run killed or crashed leaves DuckDB's spill folder (gigabytes at scale 100);
    the next connection removes those of ended processes, once nothing was written in
    them for ten minutes, and no other (odd names in a shared /tmp included)."""
    import subprocess
    import sys
    import tempfile
    import time

    from pipeline import models

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = tmp_path / f"portal-duckdb-{ended.stdout.strip()}-x1y2"
    fresh = tmp_path / f"portal-duckdb-{ended.stdout.strip()}-f1f2"  # written a minute ago
    alive = tmp_path / f"portal-duckdb-{os.getpid()}-a1b2"  # this process: still running
    kept = [alive, fresh, tmp_path / "portal-duckdb-12345678",  # no number: not guessed
            tmp_path / "portal-duckdb-99999999999999999999-x",  # no such process number
            tmp_path / "portal-duckdb-\u00b2-x", tmp_path / "not-ours-1"]
    for folder in (dead, *kept):
        folder.mkdir()
        (folder / "duckdb_temp_storage.tmp").write_bytes(b"\0" * 1024)
    hour_ago, minute_ago = time.time() - 3600, time.time() - 60
    for folder, when in ((dead, hour_ago), (fresh, minute_ago), *((k, hour_ago) for k in kept
                                                                  if k != fresh)):
        for path in (folder / "duckdb_temp_storage.tmp", folder):
            os.utime(path, (when, when))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    con = models.connect(memory_limit="200MB")
    assert con.execute("select 1").fetchall() == [(1,)]
    mine = [p for p in tmp_path.glob(f"portal-duckdb-{os.getpid()}-*") if p != alive]
    assert len(mine) == 1  # this connection's own, named by this process
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [k.name for k in kept] + [mine[0].name])
    assert con.execute("select current_setting('temp_directory')").fetchall()[0][0] == str(
        mine[0])


def test_a_killed_runs_converted_exports_are_removed(tmp_path, monkeypatch, good_data):
    """Ingest converts a GB18030 export to UTF-8 in a scratch folder named by its process:
    a copy of the export, names and phone numbers included. A run killed while it held
    one leaves it behind; the next run removes it (process gone, ten minutes unwritten),
    and never a live run's."""
    import subprocess
    import sys
    import tempfile
    import time

    from pipeline import ingest, models

    export = good_data / "cases" / "cases.csv"
    export.write_bytes(export.read_text(encoding="utf-8").encode("gb18030"))
    seen: list[Path] = []
    kept_copies: list[bytes] = []
    real_folder, real_load = tempfile.TemporaryDirectory, ingest.load_file

    def spy_folder(*args, **kwargs):
        folder = real_folder(*args, **kwargs)
        seen.append(Path(folder.name))
        return folder

    def spy_load(con, path, *args):
        found = real_load(con, path, *args)
        kept_copies.extend(p.read_bytes() for p in seen[0].iterdir())
        return found

    monkeypatch.setattr(tempfile, "TemporaryDirectory", spy_folder)
    monkeypatch.setattr(ingest, "load_file", spy_load)
    ingest.ingest(models.connect(), good_data)
    assert seen[0].name.startswith(f"{models.SCRATCH_PREFIX}{os.getpid()}-")
    assert any(b"13800138000" in copy for copy in kept_copies)  # the phone, converted
    monkeypatch.undo()

    # as a killed run leaves it: the same name with an ended process's number
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    left = tmp_path / "tmp" / seen[0].name.replace(str(os.getpid()), ended, 1)
    live = tmp_path / "tmp" / seen[0].name
    for folder in (left, live):
        folder.mkdir(parents=True)
        shutil.copy(export, folder / "copy.csv")
        hour_ago = time.time() - 3600
        for path in (folder / "copy.csv", folder):
            os.utime(path, (hour_ago, hour_ago))
    assert models.remove_stale_spills(tmp_path / "tmp") == [left]
    assert not left.exists() and live.exists()
