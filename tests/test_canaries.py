"""Planted personal data of every kind, in every personal column, in free text and in a
column no contract knows, glued to Chinese and in full width: none of it may reach the
built site (pages, data files, chart data, search index).
"""

from __future__ import annotations

import gzip
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import AS_OF


def id_number(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def luhn(body: str) -> str:
    digits = [int(d) for d in body]
    for i in range(len(digits) - 1, -1, -2):
        digits[i] = digits[i] * 2 - 9 if digits[i] * 2 > 9 else digits[i] * 2
    return body + str((10 - sum(digits) % 10) % 10)


CANARIES = {
    "id_number": id_number("11010519491231002"),
    "id_number_old": "110105491231002",
    "mobile": "13912345678",
    "mobile_intl": "+86 139-8765-4321",
    "mobile_fullwidth": "１３６００１３６０００",
    "landline": "0351-7654321",
    "bank_card": luhn("622202123456789012"),
    "email": "zhang.wei@example.cn",
    "plate": "晋A12345",
    "mobile_dots": "139.0313.0190",
    "mobile_slashes": "139/0340/0541",
    "mobile_mixed": "139-0314 0203",
    "mobile_4_4_3": "1390 3330 450",
    "mobile_glued": "Tel13903350190",
    "id_glued": "ID" + id_number("11010519900307757"),
    "id_spaced": "110105 491231 002",
    "id_spaced_18": "110105 1990 0307 " + id_number("11010519900307757")[14:],
    "plate_hyphen": "京A-12345",
    "plate_lower": "京a54321",
    "plate_new_energy": "粤BD12345",
    "email_dash": "li.na@example.com——",
    "bank_card_grouped": " ".join([luhn("622202123456789")[i:i + 4] for i in range(0, 16, 4)]),
}
NAME = "欧阳娜娜"


def canary_text(i: int) -> str:
    values = list(CANARIES.values())
    value = values[i % len(values)]
    return f"居民{NAME}{value}反映问题" if i % 2 else value


def plant(data: Path) -> None:
    """Fill every personal and free-text column, and an unknown one, with canaries."""
    personal = {
        "cases/cases.csv": ["reporter_name", "reporter_phone", "reporter_id_number",
                            "address", "summary"],
        "hotline/calls.csv": ["caller_name", "caller_phone", "summary"],
    }
    for name, columns in personal.items():
        path = data / name
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for offset, column in enumerate(columns):
            frame[column] = [canary_text(i + offset) for i in range(len(frame))]
        frame["备注"] = [canary_text(i + 3) for i in range(len(frame))]
        frame.to_csv(path, index=False)
    path = data / "disclosure" / "requests.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["reason"] = [canary_text(i) for i in range(len(frame))]
    frame["requester_name"] = NAME
    frame.to_csv(path, index=False)


def every_text(root: Path) -> str:
    parts = []
    for path in root.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".wasm", ".woff2"):
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if path.suffix == ".parquet":
            data = pd.read_parquet(path).to_csv().encode()
        parts.append(unicodedata.normalize("NFKC", data.decode("utf-8", "replace")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    import shutil

    from pipeline.build import build
    from pipeline.config import load_settings
    from tests.conftest import FIXTURES

    data = tmp_path_factory.mktemp("canary") / "data"
    shutil.copytree(FIXTURES / "good", data)
    plant(data)
    out = data.parent / "site"
    build(data, out, load_settings(k=2), AS_OF)  # k = 2: most cells published
    return out


def test_canaries_were_planted_where_the_inputs_hold_them(built):
    # the inputs do hold them (else the test could not fail)
    data = built.parent / "data"
    text = (data / "cases" / "cases.csv").read_text(encoding="utf-8")
    assert CANARIES["mobile"] in text and NAME in text


def test_no_canary_anywhere_in_the_site(built):
    from pipeline import privacy
    from pipeline.build import vendor_code

    assert privacy.scan_tree(built, allow=vendor_code) == []
    text = every_text(built)
    for kind, value in CANARIES.items():
        plain = unicodedata.normalize("NFKC", value)
        digits = "".join(ch for ch in plain if ch.isdigit())
        assert plain not in text, kind
        assert len(digits) < 7 or digits not in text.replace("-", "").replace(" ", ""), kind
    assert NAME not in text


def test_the_unknown_column_is_dropped_and_reported_once(built):
    import json

    manifest = json.loads((built / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["columns_dropped"]["cases"] == ["备注"]
    assert "requester_name" in manifest["columns_dropped"]["disclosure"]


def test_every_form_is_a_form_the_scanner_knows():
    from pipeline.privacy import scan_text

    for kind, value in CANARIES.items():
        assert scan_text(value), kind


HEADERS = {"13903130190": "x", "京a12345": "y", "li.na@example.com": "z"}


def test_canaries_in_headers_and_published_columns_are_absent_or_refused(tmp_path):
    import shutil

    from pipeline.build import build
    from pipeline.config import load_settings
    from pipeline.errors import InputError
    from pipeline.privacy import PersonalDataFound
    from tests.conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    path = data / "cases" / "cases.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for header, value in HEADERS.items():
        frame[header] = value
    published = ["department", "category", "district", "grid"]
    forms = ["139.0313.0190", "京a-12345", "ID" + CANARIES["id_number"], "li.na@example.com"]
    for row, (column, value) in enumerate(zip(published, forms, strict=True)):
        frame.loc[row, column] = value
    frame.to_csv(path, index=False)
    hotline = data / "hotline" / "calls.csv"
    calls = pd.read_csv(hotline, dtype=str, keep_default_na=False)
    calls.loc[0, "department"] = CANARIES["bank_card_grouped"]
    calls.to_csv(hotline, index=False)
    out = tmp_path / "site"
    try:
        build(data, out, load_settings(k=2), AS_OF)
    except (PersonalDataFound, InputError) as refused:
        message = str(refused)
        for secret in ["13903130190", "0313", "12345", "li.na", CANARIES["id_number"],
                       CANARIES["bank_card_grouped"][:9]]:
            assert secret not in message
        return
    text = every_text(out).lower()
    for header in HEADERS:
        assert header.lower() not in text
    for value in forms + [CANARIES["bank_card_grouped"]]:
        assert value.lower() not in text


def test_a_canary_in_editors_content_stops_the_build_first(tmp_path, monkeypatch):
    from pipeline import build as build_module
    from pipeline.config import load_settings
    from pipeline.errors import InputError

    notice = tmp_path / "content" / "affairs" / "notices" / "n.md"
    notice.parent.mkdir(parents=True)
    notice.write_text("Title: 通知\nDate: 2026-03-05\nSlug: n\nDepartment: 区政府办公室\n"
                      "Summary: 报名\n\n报名请联系 139.0313.0190。\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "ROOT", tmp_path)
    with pytest.raises(InputError) as raised:
        build_module.build(tmp_path / "no-data", tmp_path / "site", load_settings(), AS_OF)
    assert str(raised.value).startswith("content/affairs/notices/n.md, line 7")
    assert "0190" not in str(raised.value)
    assert not (tmp_path / "site").exists()


def test_the_scan_stops_a_site_holding_personal_data(built, tmp_path):
    import shutil

    from pipeline import privacy

    site = tmp_path / "site"
    shutil.copytree(built, site)
    page = site / "en" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + f"<p>联系{CANARIES['mobile']}</p>",
                    encoding="utf-8")
    with pytest.raises(privacy.PersonalDataFound) as raised:
        privacy.assert_clean(site)
    assert "en/index.html" in str(raised.value) and "mobile" in str(raised.value)
    assert CANARIES["mobile"] not in str(raised.value)


def test_chart_csvs_are_formula_escaped_like_the_tables(tmp_path):
    import altair as alt

    from pipeline.charts import write_chart

    data = pd.DataFrame({"department": ["=1+2", "+1", "@SUM(A1)", "-x", "区信访局"],
                         "change": [-3, 2, 1, 0, 5]})
    chart = alt.Chart(data).mark_bar().encode(x="department:N", y="change:Q")
    write_chart(tmp_path, "/", "t", chart, "t", "s", data,
                {"department": "部门", "change": "变化"})
    lines = (tmp_path / "charts" / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["department,change", "'=1+2,-3", "'+1,2", "'@SUM(A1),1", "'-x,0",
                     "区信访局,5"]
