"""`publish.py map`: a foreign export gets a draft sidecar that, with its TODOs filled in,
builds. The export imitates a city's open-data service-request file: CRLF line ends, a
tag row under the header, headers with spaces and parentheses, US 12-hour dates, channel
words instead of codes, and no `source` column at all.

Figures by hand: four requests, two received in January 2024 (one closed), two in
February (both closed); the agencies are not in any list, so all four are 未登记.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import AS_OF, FIXTURES

EXPORT = "\r\n".join([
    "Unique Key,Created Date,Closed Date,Agency,Complaint Type,Borough,"
    "Open Data Channel Type,Descriptor,Incident Address,Latitude (WGS84)",
    "#id,#date+created,#date+closed,#org,#category,#adm2,#channel,#description,#loc,#geo",
    "1001,01/05/2024 09:00:00 AM,01/06/2024 10:30:00 AM,DSNY,Dirty Condition,MANHATTAN,PHONE,"
    "Trash,123 Main St,40.712776",
    "1002,01/15/2024 11:00:00 PM,,NYPD,Noise - Residential,BROOKLYN,ONLINE,Loud Music,"
    "45 W 34th Street,40.678200",
    "1003,02/03/2024 08:15:00 AM,02/03/2024 09:15:00 PM,DSNY,Dirty Condition,MANHATTAN,MOBILE,"
    "Litter,,",
    "1004,02/20/2024 01:00:00 PM,02/25/2024 01:00:00 PM,Desk 212-555-0147,Street Light,QUEENS,"
    "UNKNOWN,Out,,",
]) + "\r\n"


def run_map(path: Path, *extra: str):
    import publish

    return CliRunner().invoke(publish.cli, ["map", str(path), "--domain", "cases", *extra])


@pytest.fixture
def export(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    (data / "cases" / "cases.csv").unlink()
    path = data / "cases" / "service_requests.csv"
    path.write_bytes(EXPORT.encode("utf-8"))
    return path


def sidecar(path: Path) -> tuple[str, dict]:
    text = path.with_name(path.name + ".mapping.toml").read_text(encoding="utf-8")
    return text, tomllib.loads(text)


def test_map_drafts_the_sidecar(export):
    result = run_map(export)
    assert result.exit_code == 0, result.output
    text, draft = sidecar(export)
    assert draft["skip_rows"] == 1
    assert draft["columns"] == {
        "Unique Key": "case_id", "Created Date": "received_at", "Closed Date": "closed_at",
        "Agency": "department", "Complaint Type": "category", "Borough": "district",
        "Open Data Channel Type": "channel", "Descriptor": "summary",
        "Incident Address": "address"}
    assert draft["date_formats"] == {"received_at": ["%m/%d/%Y %I:%M:%S %p"],
                                     "closed_at": ["%m/%d/%Y %I:%M:%S %p"]}
    assert draft["values"]["channel"] == {"PHONE": "hotline", "ONLINE": "web", "MOBILE": "app",
                                          "UNKNOWN": "other"}
    assert draft["constants"] == {}  # only a TODO comment: the operator must choose
    assert ('# TODO source = ""   # one of city_management | mediation | approval | complaint'
            in text)
    assert "4 rows would be read, 0 quarantined, 0 values left unmapped, 1 TODOs" in result.output
    assert "not mapped (dropped): Latitude (WGS84)" in result.output


def test_map_drafts_reference_lists_without_personal_data(export):
    run_map(export)
    departments = (export.parent.parent / "reference" / "departments.draft.csv").read_text(
        encoding="utf-8")
    assert departments.splitlines() == ["code,name_zh,name_en", "DSNY,DSNY,", "NYPD,NYPD,"]


def test_map_never_overwrites_a_sidecar_without_force(export):
    run_map(export)
    mapping = export.with_name(export.name + ".mapping.toml")
    mapping.write_text("# edited by the operator\n", encoding="utf-8")
    refused = run_map(export)
    assert refused.exit_code != 0 and "--force" in refused.output
    assert mapping.read_text(encoding="utf-8") == "# edited by the operator\n"
    assert run_map(export, "--force").exit_code == 0
    assert mapping.read_text(encoding="utf-8") != "# edited by the operator\n"


def test_ambiguous_and_two_digit_dates_are_flagged(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("call_id,received_at,answered,kind\n1,1/2/20 0:05,Y,inquiry\n"
                    "2,3/4/20 13:10,N,complaint\n3,,Y,inquiry\n", encoding="utf-8")
    import publish

    result = CliRunner().invoke(publish.cli, ["map", str(path), "--domain", "hotline"])
    text, draft = sidecar(path)
    assert draft["date_formats"]["received_at"] == ["%m/%d/%y %H:%M"]
    assert "AMBIGUOUS: day/month order" in text and "two-digit years" in text
    assert draft["values"]["kind"] == {"inquiry": "consultation", "complaint": "complaint"}
    assert "3 rows would be read" not in result.output
    assert "2 rows would be read, 1 quarantined" in result.output


def test_json_exports_are_read(tmp_path):
    path = tmp_path / "requests.json"
    path.write_text('[{"request id": "R1", "received": "2024-02-01", "requester type": '
                    '"person", "agency": "区住建局", "outcome": "disclosed"}]', encoding="utf-8")
    import publish

    result = CliRunner().invoke(publish.cli, ["map", str(path), "--domain", "disclosure"])
    assert result.exit_code == 0, result.output
    _, draft = sidecar(path)
    assert draft["columns"] == {"request id": "request_id", "received": "received_at",
                                "requester type": "requester_type", "agency": "department",
                                "outcome": "outcome"}


def test_the_filled_draft_builds(export):
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    run_map(export)
    mapping = export.with_name(export.name + ".mapping.toml")
    text = mapping.read_text(encoding="utf-8")
    text = text.replace('# TODO source = ""', 'source = "city_management"')
    mapping.write_text(text, encoding="utf-8")
    assert tomllib.loads(text)["constants"] == {"source": "city_management"}
    con, manifest, quarantine = run_pipeline(export.parent.parent, load_settings(), AS_OF)
    monthly = con.execute("select month, received, closed from cases_monthly "
                          "where source = 'city_management' order by month").fetchall()
    departments = con.execute("select department, sum(received) from cases_by_department "
                              "group by department").fetchall()
    con.close()
    assert monthly == [("2024-01", 2, 1), ("2024-02", 2, 2)]
    assert departments == [("未登记", 4)]
    assert quarantine == []


def test_a_draft_without_todos_builds_with_the_figures(tmp_path):
    """The same requests with a `Case Type` column (so nothing is left to fill in) and no
    tag row: the draft as written builds, January 2 received / 1 closed, February 2 / 2."""
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    (data / "cases" / "cases.csv").unlink()
    rows = EXPORT.split("\r\n")
    with_type = [rows[0].replace("Unique Key,", "Unique Key,Case Type,")] + [
        row.replace(",", ",City Management,", 1) for row in rows[2:] if row]
    path = data / "cases" / "service_requests.csv"
    path.write_text("\r\n".join(with_type) + "\r\n", encoding="utf-8")
    assert run_map(path).exit_code == 0
    _, draft = sidecar(path)
    assert draft["values"]["source"] == {"City Management": "city_management"}
    con, manifest, quarantine = run_pipeline(data, load_settings(), AS_OF)
    monthly = con.execute("select month, received, closed from cases_monthly "
                          "where source = 'city_management' order by month").fetchall()
    channels = con.execute("select channel, count(*) from stg_cases group by channel "
                           "order by channel").fetchall()
    con.close()
    assert monthly == [("2024-01", 2, 1), ("2024-02", 2, 2)]
    assert channels == [("app", 1), ("hotline", 1), ("other", 1), ("web", 1)]
    assert manifest["unlisted"][0] == {"dimension": "departments", "table": "cases",
                                       "column": "department", "values": 3, "rows": 4,
                                       "personal_values": 1}
    assert quarantine == []


def test_unmapped_required_codes_count_as_quarantined(tmp_path):
    """Three calls: kind 投诉 and 咨询 are mapped, 'walk-in visit' is not (kind is required),
    so one of three rows would be quarantined and one value is left unmapped."""
    import publish

    path = tmp_path / "calls.csv"
    path.write_text("call_id,received_at,answered,kind\n1,2024-01-02 09:00,1,投诉\n"
                    "2,2024-01-02 10:00,1,咨询\n3,2024-01-02 11:00,0,walk-in visit\n",
                    encoding="utf-8")
    result = CliRunner().invoke(publish.cli, ["map", str(path), "--domain", "hotline"])
    assert "2 rows would be read, 1 quarantined, 1 values left unmapped" in result.output
    text, _ = sidecar(path)
    assert ('# TODO "walk-in visit" = ""   # 1 row; one of consultation | complaint | '
            "suggestion | praise | other") in text


def test_a_header_goes_to_the_column_it_names_whole_before_a_partial_match():
    """"规格" is inside "英文规格": the spec takes 包装规格, the English spec its own header,
    and no header is drafted twice (a TOML key twice cannot be read)."""
    from pipeline import contracts
    from pipeline.mapper import match_headers

    items = contracts.table("price_items")
    found = match_headers(["商品编码", "品名", "类别", "单位", "英文规格", "包装规格"], items)
    assert (found["spec"], found["spec_en"]) == ("包装规格", "英文规格")
    assert len(set(found.values())) == len(found)
    found = match_headers(["商品编码", "品名", "类别", "单位", "英文规格"], items)
    assert found.get("spec_en") == "英文规格" and "spec" not in found
