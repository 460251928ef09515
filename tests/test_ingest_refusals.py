"""Nothing silent: every input the pipeline must not guess at is refused with the file,
line and column named (source header and contract column), and `check` lists them all."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import publish
from pipeline.build import run_pipeline
from pipeline.config import load_settings
from pipeline.errors import InputError
from tests.conftest import AS_OF, FIXTURES


def refused(data: Path, settings=None) -> str:
    with pytest.raises(InputError) as raised:
        run_pipeline(data, settings or load_settings(), AS_OF)
    return "\n".join(str(p) for p in getattr(raised.value, "problems", [raised.value]))


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as stream:
        stream.write(text)


def test_a_cut_last_record_is_refused(good_data):
    # An incomplete transfer: the last record stops inside a field, without a newline.
    append(good_data / "hotline" / "calls.csv", "H8,2024-02-03 10:00,是,1")
    message = refused(good_data)
    assert "hotline/calls.csv, line 9: the last record is cut" in message


def test_an_open_quote_at_the_end_is_refused(good_data):
    append(good_data / "disclosure" / "requests.csv", 'R5,2025-02-01,person,"区城管局\n')
    assert "disclosure/requests.csv, line 6: the last record is cut" in refused(good_data)


def test_a_short_row_inside_the_file_is_only_quarantined(good_data, lenient):
    path = good_data / "cases" / "cases.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3] + ["C9,complaint\n"] + lines[3:]), encoding="utf-8")
    _, _, problems = run_pipeline(good_data, lenient, AS_OF)
    assert [(p["line"], p["reason"]) for p in problems] == [
        (4, "row has 2 fields, the header has 18")]


def test_conflicting_duplicate_ids_are_refused(good_data):
    # C6 appears twice, exactly the same (counted once); C1 again with another department,
    # its id written with blanks around it (raw values are trimmed as they are read, and
    # ids compared as read)
    path = good_data / "cases" / "cases.csv"
    first = path.read_text(encoding="utf-8").splitlines()[1]
    append(path, first.replace("区城管局", "区住建局").replace("C1,", "  C1 ,", 1) + "\n")
    message = refused(good_data)
    assert ("cases/cases.csv, line 2, column case_id: case_id repeated with different "
            "values in department (also cases/cases.csv line 9; 1 such ids in cases)") in message


def test_big5_without_a_named_encoding_is_refused(good_data):
    shutil.copy(FIXTURES / "foreign" / "refused" / "cases_big5.csv",
                good_data / "cases" / "cases.csv")
    message = refused(good_data)
    assert "cases/cases.csv" in message
    assert "does not read like Chinese text" in message
    assert 'encoding = "big5"' in message


def test_ambiguous_dates_need_declared_formats(good_data):
    path = good_data / "cases" / "cases.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    .replace("received_at,", "Created Date,", 1)
                    .replace("2024-01-05 09:00,2024-01-10", "1/5/24 9:00,2024-01-10")
                    .replace("2024-01-15 08:00,2024-02-15", "1/15/24 8:00,2024-02-15"),
                    encoding="utf-8")
    path.with_name("cases.csv.mapping.toml").write_text(
        '[columns]\n"Created Date" = "received_at"\n', encoding="utf-8")
    message = refused(good_data)
    assert "cases/cases.csv, column Created Date → received_at: dates in an ambiguous form" \
        in message
    assert "e.g. 1/15/24 8:00, 1/5/24 9:00" in message
    assert '[date_formats] received_at = ["%m/%d/%y %H:%M"]' in message
    path.with_name("cases.csv.mapping.toml").write_text(
        '[columns]\n"Created Date" = "received_at"\n'
        '[date_formats]\nreceived_at = ["%m/%d/%y %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M",'
        ' "%Y年%m月%d日", "%Y-%m-%dT%H:%M:%S%z"]\n', encoding="utf-8")
    con, _, problems = run_pipeline(good_data, load_settings(), AS_OF)
    assert problems == []
    assert con.execute("select min(received_at) from stg_cases").fetchall()[0][0].isoformat() \
        == "2024-01-05T09:00:00"


def test_ambiguous_dates_are_found_in_converted_columns_too(good_data):
    """A column whose values are converted on the way in (by the file's time zone, as
    date-only values, by [values]) is checked on the text as written, before it is
    converted; the others on the rows read, where the parsed value sets most texts
    aside; all of them on the text as written when a [filter] leaves rows out (a row
    filtered out for its date, 1/5/24 < '2' as text, still stops the file)."""
    path = good_data / "cases" / "cases.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    .replace("2024-01-05 09:00,2024-01-10", "1/5/24 9:00,1/10/24")
                    .replace("2024-01-15 08:00,2024-02-15", "15/1/24 8:00,2024-02-15"),
                    encoding="utf-8")
    sidecar = path.with_name("cases.csv.mapping.toml")
    for converting in ('timezone = "Europe/Berlin"\n',  # both: timestamps
                       '[date_only]\ndue_at = "end_of_day"\n'
                       '[values.received_at]\n"n/a" = ""\n',
                       'date_only = "start_of_day"\n[values.received_at]\n"x" = "y"\n',
                       None,  # read as written: checked on the rows read
                       '[filter]\nwhere = "received_at >= \'2\' and due_at >= \'2\'"\n'):
        if converting:
            sidecar.write_text(converting, encoding="utf-8")
        else:
            sidecar.unlink(missing_ok=True)
        message = refused(good_data)
        assert "cases/cases.csv, column received_at: dates in an ambiguous form" in message
        assert "e.g. 1/5/24 9:00, 15/1/24 8:00" in message
        assert '[date_formats] received_at = ["%d/%m/%y %H:%M"]' in message
        assert "cases/cases.csv, column due_at: dates in an ambiguous form" in message
        assert "year), e.g. 1/10/24: declare" in message


def test_dates_outside_the_plausible_window(good_data, lenient):
    calls = good_data / "hotline" / "calls.csv"
    text = calls.read_text(encoding="utf-8")
    # a reply in 1900 is an unreadable optional value: left out, row kept
    calls.write_text(text.replace("2024-01-03 10:00,,,5", "1900-01-03 10:00,,,5"),
                     encoding="utf-8")
    con, manifest, problems = run_pipeline(good_data, lenient, AS_OF)
    assert [(p["line"], p["column"], p["reason"], p["effect"]) for p in problems] == [
        (2, "replied_at", "date before 1990-01-01", "value left out")]
    # 7 calls, of which H7 alone still has a reply time (H1's was left out)
    assert con.execute("select count(*), count(replied_at) from stg_hotline").fetchall() == [
        (7, 1)]
    # a call received after the as-of date (or today, the later) + 1 day stops the build
    calls.write_text(text.replace("H7,2024-02-01 09:00", "H7,2031-02-01 09:00"),
                     encoding="utf-8")
    latest = max(AS_OF, date.today()) + timedelta(days=1)
    assert (f"hotline/calls.csv, line 8, column received_at: 1 dates after {latest}"
            in refused(good_data))


def test_files_and_records_over_the_limits_are_refused(good_data):
    small = load_settings(max_record_bytes=300, max_file_bytes=100_000)
    append(good_data / "disclosure" / "requests.csv",
           "R5,2025-02-01,person,区城管局,,disclosed," + "x" * 400 + ",,\n")
    message = refused(good_data, small)
    assert "disclosure/requests.csv, line 6: a record is larger than the limit of 300" \
        in message
    (good_data / "prices" / "observations_big.csv").write_bytes(b"x" * 100_001)
    assert "prices/observations_big.csv: the file has 100001 bytes, more than the limit" \
        in refused(good_data, small)


def test_a_file_no_reader_takes_is_an_error(good_data):
    (good_data / "cases" / "cases_2024.docx").write_bytes(b"PK\x03\x04")
    assert "cases/cases_2024.docx: no reader takes .docx" in refused(good_data)


def test_sidecar_sql_is_one_expression_over_the_file(good_data):
    sidecar = good_data / "cases" / "cases.csv.mapping.toml"
    sidecar.write_text('[expressions]\ngrid = "grid; drop table raw_cases"\n', encoding="utf-8")
    assert "[expressions] grid: ';' is not allowed" in refused(good_data)
    sidecar.write_text('[expressions]\ngrid = "nosuch || grid"\n', encoding="utf-8")
    assert "cases/cases.csv.mapping.toml: [expressions] grid: Binder Error" in refused(good_data)
    sidecar.write_text('[expressions]\ngrid = "cast(case_id as integer)"\n', encoding="utf-8")
    message = refused(good_data)  # C1 is not a number: the key is named, not the value
    assert "cases/cases.csv.mapping.toml: [expressions] grid fails on this file" in message
    assert "C1" not in message
    sidecar.write_text('encodng = "gb18030"\n', encoding="utf-8")
    assert "unknown key 'encodng'" in refused(good_data)


def test_a_header_that_holds_personal_data_is_not_published(good_data, settings):
    path = good_data / "cases" / "cases.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",address\n", ",京A12345\n", 1),
                    encoding="utf-8")
    _, manifest, _ = run_pipeline(good_data, settings, AS_OF)
    assert manifest["columns_dropped"] == {"cases": ["column 18 (header withheld)"]}
    assert "京A12345" not in json.dumps(manifest, ensure_ascii=False)


def test_check_lists_every_problem(good_data):
    append(good_data / "hotline" / "calls.csv", "H8,2024-02-03 10:00,是,1")
    (good_data / "cases" / "cases.csv.mapping.toml").write_text("skip_rows = -1\n",
                                                                 encoding="utf-8")
    result = CliRunner().invoke(publish.cli, ["check", "--data", str(good_data), "--as-of",
                                              AS_OF.isoformat()])
    assert result.exit_code != 0
    assert "cases/cases.csv.mapping.toml: skip_rows must be a whole number" in result.output
    assert "hotline/calls.csv, line 9: the last record is cut" in result.output


def test_a_json_object_without_records_asks_for_them(good_data):
    shutil.rmtree(good_data / "commitments")
    shutil.copytree(FIXTURES / "foreign" / "commitments", good_data / "commitments")
    sidecar = good_data / "commitments" / "promises.json.mapping.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace('records = "promises"\n',
                                                                   ""), encoding="utf-8")
    assert ('commitments/promises.json: the file is one object: name the list that holds '
            'the records in commitments/promises.json.mapping.toml, e.g. records = "promises"'
            ) in refused(good_data)
