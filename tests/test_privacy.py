"""The personal-data scanner: what it must catch, what it must leave alone, and the site scan."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import re
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.errors import InputError
from pipeline.privacy import (
    Finding,
    Hit,
    PersonalDataFound,
    assert_clean,
    find_personal_data,
    normalize,
    scan_text,
    scan_tree,
)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_id_check(body: str) -> str:
    """Append the MOD 11-2 check character to 17 digits."""
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def with_luhn_check(body: str) -> str:
    """Append the digit that makes `body` pass the Luhn check."""
    for digit in "0123456789":
        total = 0
        for position, char in enumerate(reversed(body + digit)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return body + digit
    raise AssertionError("unreachable")


ID_18 = with_id_check("11010519900307757")
ID_X = "11010519491231002X"
CARD_16 = with_luhn_check("622202123456789")
CARD_19 = with_luhn_check("622202123456789012")
CARD_19_GROUPED = " ".join([CARD_19[0:4], CARD_19[4:8], CARD_19[8:12], CARD_19[12:16],
                            CARD_19[16:]])


def test_fixture_helpers_agree_with_known_values():
    assert with_id_check("11010519491231002") == ID_X
    assert with_luhn_check("7992739871") == "79927398713"


@pytest.mark.parametrize(("text", "kind"), [
    (f"身份证号{ID_18}。", "id_number"),
    (f"身份证：{ID_X}", "id_number"),
    (f"id {ID_X.lower()}", "id_number"),
    (f"{ID_18[:6]} {ID_18[6:14]} {ID_18[14:]}", "id_number"),
    ("旧身份证110105491231002", "id_number"),
    ("13800138000", "mobile"),
    ("138 0013 8000", "mobile"),
    ("138-0013-8000", "mobile"),
    ("+86 138-0013-8000", "mobile"),
    ("+8613800138000", "mobile"),
    ("0086 13800138000", "mobile"),
    ("86-138-0013-8000", "mobile"),
    ("＋８６　１３８　００１３　８０００", "mobile"),
    ("电话１３８００１３８０００", "mobile"),
    ("张伟13912345678反映", "mobile"),
    ("联系电话：139－1234－5678。", "mobile"),
    ("(+86) 139 1234 5678", "mobile"),
    ("phone,13912345678.0\n", "mobile"),
    ("010-12345678", "landline"),
    ("(0351)1234567", "landline"),
    ("（０３５１）１２３４５６７", "landline"),
    ("值班电话0351-7654321转", "landline"),
    ("010-12345678-123", "landline"),
    ("010-12345678转123", "landline"),
    (f"卡号{CARD_16}", "bank_card"),
    (f"卡号 {CARD_19_GROUPED} 已冻结", "bank_card"),
    (f"{CARD_16[:4]}-{CARD_16[4:8]}-{CARD_16[8:12]}-{CARD_16[12:]}", "bank_card"),
    ("zhang.wei@example.com", "email"),
    ("请联系zhangwei@163.com反映", "email"),
    ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "email"),
    ("139.0313.0190", "mobile"),
    ("139/0340/0541", "mobile"),
    ("139-0314 0203", "mobile"),
    ("1390 3330 450", "mobile"),
    ("139 - 0314 - 0203", "mobile"),
    ("１３９．０３１３．０１９０", "mobile"),
    ("１３９／０３４０／０５４１", "mobile"),
    ("Tel13903130190", "mobile"),
    ("Tel:139.0313.0190", "mobile"),
    ("Mobile 13903130190", "mobile"),
    ("电话13903130190联系", "mobile"),
    ("\u0661\u0663\u0669\u0660\u0663\u0661\u0663\u0660\u0661\u0669\u0660", "mobile"),
    ("139\u200b0313\u200b0190", "mobile"),
    ("(+86)139.0313.0190", "mobile"),
    ("138 001 38000", "mobile"),  # any grouping by spaces or dashes
    ("13 800 138 000", "mobile"),
    ("138-001-38000", "mobile"),
    ("电话一三八〇〇一三八〇〇〇", "mobile"),  # written in Chinese numerals
    ("电话一三八零零一三八零零零", "mobile"),
    ("0351 765 4321", "landline"),
    (f"{ID_18[:3]} {ID_18[3:6]} {ID_18[6:10]} {ID_18[10:14]} {ID_18[14:]}", "id_number"),
    (f"{ID_18[:4]} {ID_18[4:8]} {ID_18[8:12]} {ID_18[12:16]} {ID_18[16:]}", "id_number"),
    (f"ID{ID_18}", "id_number"),
    (f"SFZ{ID_X}号", "id_number"),
    (f"身份证号码{ID_18}号", "id_number"),
    (f"{ID_18[:6]} {ID_18[6:10]} {ID_18[10:14]} {ID_18[14:]}", "id_number"),
    (f"{ID_18[:6]}-{ID_18[6:14]}-{ID_18[14:]}", "id_number"),
    ("110105 491231 002", "id_number"),
    ("ID110105491231002", "id_number"),
    ("ｉｄ１１０１０５４９１２３１００２", "id_number"),
    (f"No.{CARD_16}", "bank_card"),
    (f"{CARD_16[:4]} {CARD_16[4:8]}-{CARD_16[8:12]} {CARD_16[12:]}", "bank_card"),
    ("zhang@example.com-", "email"),
    ("zhang@example.com——请回复", "email"),
    ("联系zhang_wei@example.com.cn。", "email"),
    ("zhang@example.com，谢谢", "email"),
    ("zhang＠example．com", "email"),
    ("京A12345", "plate"),
    ("京A-12345", "plate"),
    ("京a12345", "plate"),
    ("京a-12345", "plate"),
    ("京AD12345", "plate"),
    ("京A12345D", "plate"),
    ("粤bd12345", "plate"),
    ("京Ａ·１２３４５", "plate"),
    ("粤B·D12345", "plate"),
    ("粤B D12345", "plate"),
    ("车牌沪AD12345停在路边", "plate"),
])
def test_finds_personal_data(text, kind):
    assert scan_text(text) == {kind: 1}


def test_hits_point_into_the_normalized_text():
    text = "张伟１３９１２３４５６７８反映"
    hits = find_personal_data(text)
    assert hits == [Hit("mobile", 2, 13)]
    assert normalize(text)[2:13] == "13912345678"


def test_several_kinds_in_one_text_are_counted_apart():
    text = f"张伟 13912345678, 13800138000; {ID_18}; 京A12345; a@b.cn"
    assert scan_text(text) == {"email": 1, "id_number": 1, "mobile": 2, "plate": 1}


@pytest.mark.parametrize("text", [
    "\\u5f20\\u4f1f13912345678",  # json.dumps with ensure_ascii
    "&#24352;&#20255;13912345678",
    "138&nbsp;0013&nbsp;8000",
    "/search/?q=%E7%94%B5%E8%AF%9D13912345678",
    "rate 93.85% of calls; q=%31%33%39%31%32%33%34%35%36%37%38",  # digits escaped, one run
])
def test_escaped_text_is_decoded_before_scanning(text):
    assert scan_text(text) == {"mobile": 1}


wrong_check = ID_18[:-1] + ("0" if ID_18[-1] != "0" else "1")
sha256 = hashlib.sha256(b"portal").hexdigest()


@pytest.mark.parametrize("text", [
    "订单号CG2024031500123",
    "案件编号20240315000123",
    "工单 GD-20240315-000123",
    "¥1380.50",
    "13800.00元",
    "价格13.80元，环比上涨0.9385%",
    "2024-03-15 14:02:00",
    "20240315",
    "2024年3月15日",
    "2024-03-15T14:02:00+08:00",
    "2024/3/5 14:02",
    "0.9385",
    "93.85%",
    '<path d="M13800138000,0L138.00138000,5.123L0.13800138000,2"/>',
    sha256,
    with_luhn_check("622202123456789") + "abcdef0123",  # digits glued to hex letters
    wrong_check,
    "12345678901",
    "11012345678",
    "G001 G002 V012",
    "网格 GRID-0351-0012",
    "1710489600000",
    "logo@2x.png",
    "vega@5.25.0",
    "2024-03 1520 1498 0.9855 152 1234 5678 12",  # table cells once markup is stripped
    "新MODEL3",
    "版本 v1.13800138000",
    "2024.03.15",
    "13:45:01",
    "2024-03-15T14:02:00.123456+08:00",
    "1,390,333,045",
    "¥13,912,345.67",
    "[139.0313, 35.6895]",
    '{"longitude": 139.03130190, "latitude": 35.68950000}',
    "139.03130190",
    sha256.upper(),
    "区信访局 1390 3330 450 0.95",
    "2024 2025 2026",
    "SHA256 " + sha256,
    "M13800138000,0",
    "第2024031500123号",
    "二〇二四年一二月",  # a date in Chinese numerals
    "1 380 013 800 12",  # a row of counts once markup is stripped
    "共138 001 38000 1件",
    "一二三四五六七八九十",
])
def test_leaves_ordinary_figures_alone(text):
    assert scan_text(text) == {}


def test_long_random_digits_failing_luhn_are_not_cards():
    body = "622202123456789"
    failing = [body + d for d in "0123456789" if body + d != CARD_16]
    assert all(scan_text(number) == {} for number in failing)


def png(text_chunk: bytes) -> bytes:
    """A 1×1 PNG with one tEXt chunk."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", text_chunk)
            + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b""))


def write_gzip_fragment(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"url": "/cases/", "content": content}, ensure_ascii=False)
    path.write_bytes(gzip.compress(b"pagefind_dcd" + payload.encode("utf-8")))


def build_site(root: Path, canaries: dict[str, str]) -> None:
    (root / "data").mkdir(parents=True)
    (root / "index.html").write_text(
        f"<html><body><p>本月受理 1520 件，结案率 93.85%。</p>"
        f"<p>{canaries['html']}</p></body></html>", encoding="utf-8")
    (root / "data" / "cases_monthly.csv").write_text(
        f"month,source,received,note\n2024-03,complaint,152,{canaries['csv']}\n",
        encoding="utf-8-sig")
    (root / "data" / "hotline_monthly.json").write_text(
        json.dumps([{"month": "2024-03", "calls": 1520, "note": canaries["json"]}]),
        encoding="utf-8")
    table = pa.table({"month": ["2024-03", "2024-04"], "rate": [0.9385, 0.91],
                      "note": ["", canaries["parquet"]]})
    pq.write_table(table, root / "data" / "cases_by_department.parquet")
    write_gzip_fragment(root / "pagefind" / "fragment" / "zh_1a2b3c.pf_fragment",
                        f"受理量 1520 {canaries['pagefind']}")
    (root / "charts").mkdir()
    (root / "charts" / "cases.svg").write_text(
        f'<svg><path d="M0,138.0013L5.5,120"/><text>{canaries["svg"]}</text></svg>',
        encoding="utf-8")
    (root / "theme").mkdir()
    (root / "theme" / "logo.png").write_bytes(png(b"Software\0portal 2024-03"))
    (root / "pagefind" / "wasm.unknown.pagefind").write_bytes(
        gzip.compress(b"\0asm" + b"13800138000"))


CANARIES = {
    "html": "张伟13912345678反映",
    "csv": f"身份证{ID_18}",
    "json": "邮箱 zhang.wei@example.com",
    "parquet": f"卡号{CARD_19}",
    "pagefind": "车主粤B·D12345",
    "svg": "值班电话0351-7654321",
}
CLEAN = {key: "已办结" for key in CANARIES}


def test_scan_tree_reports_each_file_and_kind(tmp_path):
    build_site(tmp_path, CANARIES)
    assert scan_tree(tmp_path) == [
        Finding("charts/cases.svg", "landline", 1),
        Finding("data/cases_by_department.parquet", "bank_card", 1),
        Finding("data/cases_monthly.csv", "id_number", 1),
        Finding("data/hotline_monthly.json", "email", 1),
        Finding("index.html", "mobile", 1),
        Finding("pagefind/fragment/zh_1a2b3c.pf_fragment", "plate", 1),
    ]


def test_findings_never_carry_the_values(tmp_path, caplog):
    build_site(tmp_path, CANARIES)
    with caplog.at_level(logging.DEBUG), pytest.raises(PersonalDataFound) as raised:
        assert_clean(tmp_path)
    message = str(raised.value)
    assert "index.html, line 1 (mobile: 1)" in message
    assert "data/cases_monthly.csv, line 2 (id_number: 1)" in message
    secrets = ["13912345678", ID_18, "zhang.wei", CARD_19, "D12345", "7654321"]
    for secret in secrets:
        assert secret not in message
        assert secret not in caplog.text
        assert all(secret not in repr(finding) for finding in raised.value.findings)


def test_a_clean_site_has_no_findings(tmp_path):
    build_site(tmp_path, CLEAN)
    assert scan_tree(tmp_path) == []
    assert_clean(tmp_path)


def test_allow_drops_public_values_only(tmp_path):
    (tmp_path / "contact.html").write_text(
        "<p>监督热线 0351-7654321；举报人 0351-2345678</p>", encoding="utf-8")

    def public_hotline(file: str, kind: str, value: str) -> bool:
        return kind == "landline" and value == "03517654321"

    assert scan_tree(tmp_path, allow=public_hotline) == [
        Finding("contact.html", "landline", 1)]


def test_a_file_name_that_leaks_is_reported_masked(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "13912345678.html").write_text("<p>已办结</p>", encoding="utf-8")
    assert scan_tree(tmp_path) == [Finding("people/***********.html", "mobile", 1)]


def test_float_columns_in_parquet_are_read_as_written(tmp_path):
    pq.write_table(pa.table({"phone": [13912345678.0, None], "rate": [0.9385, 1.0]}),
                   tmp_path / "t.parquet")
    assert scan_tree(tmp_path) == [Finding("t.parquet", "mobile", 1)]


def test_zip_attachments_are_opened(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<t>13912345678</t>")
    (tmp_path / "report.xlsx").write_bytes(buffer.getvalue())
    assert scan_tree(tmp_path) == [Finding("report.xlsx", "mobile", 1)]


def test_an_unreadable_archive_stops_the_scan_naming_the_file(tmp_path):
    (tmp_path / "broken.pf_fragment").write_bytes(b"\x1f\x8b" + b"13912345678")
    with pytest.raises(InputError) as raised:
        scan_tree(tmp_path)
    assert "broken.pf_fragment" in str(raised.value)
    assert "13912345678" not in str(raised.value)


def test_a_missing_site_is_an_error_not_a_clean_scan(tmp_path):
    with pytest.raises(InputError):
        scan_tree(tmp_path / "output")


def test_another_detector_plugs_in_with_one_line(monkeypatch):
    from pipeline import privacy

    def find_passport(text: str) -> list[tuple[str, int, int]]:
        return [("passport", m.start(), m.end()) for m in re.finditer(r"E[0-9]{8}", text)]

    monkeypatch.setattr(privacy, "DETECTORS", list(privacy.DETECTORS))
    assert scan_text("护照 E12345678") == {}
    privacy.register(find_passport, min_digits=8)
    assert scan_text("护照 E12345678，电话 13912345678") == {"mobile": 1, "passport": 1}


def test_redact_keeps_the_kind_and_drops_the_value():
    from pipeline.privacy import redact

    assert redact("列名 13912345678 与 京a12345") == "列名 <mobile> 与 <plate>"
    assert redact("received") == "received"


def test_windows_find_what_a_whole_text_scan_finds():
    text = (f"<td>{ID_18}</td><td>1520</td>{CARD_19_GROUPED}, 2024-03-15 14:02, "
            "Tel139.0313.0190；粤b·d12345 li@example.cn—— 0.1391234567890 "
            "139 1234 5678 12 " + sha256)
    whole = Counter(hit.kind for hit in find_personal_data(text))
    assert scan_text(text) == dict(sorted(whole.items()))
    assert scan_text(text) == {"bank_card": 1, "email": 1, "id_number": 1, "mobile": 1,
                               "plate": 1}


def test_windows_searched_as_one_text_keep_their_own_places_and_edges():
    from pipeline.privacy import count_values

    # three windows: the first hit is on line 2, column 16 (after "<td>1,234</td> ");
    # a window edge reads as the text's edge (no digit glued across two windows)
    text = "a 12 b\n<td>1,234</td> 13912345678 x li@example.cn\n139-1234-5678"
    counts, first = count_values(text, "page.html")
    assert counts == {"mobile": 2, "email": 1}
    assert first == (2, 16)
    assert scan_text("1234567<b>8901</b>2") == {}
    # digits beyond the first plane (mathematical bold) read as digits too
    assert scan_text("电话 \U0001d7cf\U0001d7d1\U0001d7d7" + "12345678") == {"mobile": 1}


def test_table_copies_are_scanned_once_unless_changed(tmp_path):
    from pipeline.privacy import fingerprint

    data = tmp_path / "data"
    data.mkdir()
    pq.write_table(pa.table({"month": ["2024-03"], "note": ["已办结"]}), data / "t.parquet")
    (data / "t.csv").write_text("month,note\n2024-03,已办结\n", encoding="utf-8")
    (data / "t.json").write_text('[{"month":"2024-03","note":"已办结"}]', encoding="utf-8")
    copies = fingerprint(data)
    assert sorted(copies) == ["data/t.csv", "data/t.json"]
    assert scan_tree(tmp_path, copies=copies) == []
    # a copy changed after the export is no longer a copy: scanned in full
    (data / "t.json").write_text('[{"month":"2024-03","note":"13912345678"}]', encoding="utf-8")
    assert scan_tree(tmp_path, copies=copies) == [Finding("data/t.json", "mobile", 1)]
    # the Parquet file itself is always scanned
    pq.write_table(pa.table({"month": ["2024-03"], "note": [f"卡号{CARD_16}"]}),
                   data / "t.parquet")
    assert Finding("data/t.parquet", "bank_card", 1) in scan_tree(tmp_path, copies=copies)



def test_a_tables_parts_are_copies_too_unless_changed(tmp_path):
    from pipeline.privacy import fingerprint

    data = tmp_path / "data"
    (data / "price_history").mkdir(parents=True)
    pq.write_table(pa.table({"item_code": ["G001"], "price": [2.5]}),
                   data / "price_history.parquet")
    (data / "price_history" / "G001.csv").write_text("item_code,price\nG001,2.5\n")
    copies = fingerprint(data)
    assert sorted(copies) == ["data/price_history/G001.csv"]
    assert scan_tree(tmp_path, copies=copies) == []
    (data / "price_history" / "G001.csv").write_text("item_code,price\n13912345678,2.5\n")
    assert scan_tree(tmp_path, copies=copies) == [
        Finding("data/price_history/G001.csv", "mobile", 1)]
    # a part whose name is a value is reported by its name, copy or not
    (data / "price_history" / "G001.csv").rename(data / "price_history" / "13912345678.csv")
    copies = fingerprint(data)
    assert scan_tree(tmp_path, copies=copies) == [
        Finding("data/price_history/***********.csv", "mobile", 2)]


def test_a_refusal_stays_one_readable_line():
    error = PersonalDataFound(Finding(f"p/{i}.html", "mobile", 1) for i in range(30))
    assert str(error).count(".html") == 8 and "and 22 more file(s)" in str(error)


def test_two_processes_find_what_one_finds_in_the_same_order(tmp_path, monkeypatch):
    from pipeline import privacy

    monkeypatch.setattr(privacy, "_PARALLEL_BYTES", 0)  # share out even a tiny site
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text("<p>电话 13912345678</p>" + "<td>1,234</td>" * 500)
    (tmp_path / "en" / "index.html").write_text("<p>li@example.cn, 139-1234-5678</p>")
    (tmp_path / "a.svg").write_text("<svg><text>粤B·D12345</text></svg>")
    (tmp_path / "b.json").write_text('{"n": "13800138000"}')
    pq.write_table(pa.table({"note": [f"卡号{CARD_16}"]}), tmp_path / "t.parquet")
    one = scan_tree(tmp_path)
    assert [(f.file, f.kind) for f in one] == [
        ("a.svg", "plate"), ("b.json", "mobile"), ("en/index.html", "email"),
        ("en/index.html", "mobile"), ("index.html", "mobile"), ("t.parquet", "bank_card")]
    assert scan_tree(tmp_path, workers=2) == one
    # an unreadable file stops the scan in whichever process reads it
    (tmp_path / "broken.pf_fragment").write_bytes(b"\x1f\x8b" + b"13912345678")
    with pytest.raises(InputError) as raised:
        scan_tree(tmp_path, workers=2)
    assert raised.value.file == "broken.pf_fragment"


def test_only_and_skip_narrow_the_scan_to_a_part_of_the_site(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "index.html").write_text("<p>13912345678</p>")
    (tmp_path / "pagefind" / "entry.json").write_text('{"a": "li@example.cn"}')
    assert [f.file for f in scan_tree(tmp_path, skip=("pagefind/",))] == ["index.html"]
    assert [f.file for f in scan_tree(tmp_path, only=("pagefind/",))] == [
        "pagefind/entry.json"]
    assert len(scan_tree(tmp_path)) == 2


def test_windows_found_clean_are_skipped_but_values_counted_every_time(monkeypatch):
    """The scan remembers windows that held nothing (a site repeats them millions of
    times); a value is still counted wherever it appears, and a new detector is not
    answered from what the old ones found."""
    from pipeline import privacy

    monkeypatch.setattr(privacy, "DETECTORS", list(privacy.DETECTORS))
    text = "价格 500g 12.50 元, 电话 13812345678, 2026-10-27"
    assert scan_text(text) == {"mobile": 1}
    assert scan_text(text + " 又 13812345678") == {"mobile": 2}
    known = privacy._CLEAN.current()
    assert any("500g" in window for window in known)
    assert not any("13812345678" in window for window in known)
    privacy.register(lambda t: [("weight", m.start(), m.end())
                                for m in re.finditer("500g", t)], min_digits=3)
    assert scan_text(text) == {"mobile": 1, "weight": 1}
