"""Editors' attachments: every type read to the last byte, or refused, naming the source."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline import attachments
from pipeline.errors import InputError
from pipeline.privacy import Finding, assert_content_clean, check_content, scan_tree
from tests.test_privacy import png

MOBILE = "13912345678"
NOTICE = "Title: 通知\nDate: 2026-03-05\nLang: zh\n{extra}\n正文。\n"


def pdf(content: bytes) -> bytes:
    """A one-page PDF whose page content is one FlateDecode stream."""
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def office(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx(paragraph_runs: list[str]) -> bytes:
    runs = "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in paragraph_runs)
    return office({"[Content_Types].xml": "<Types/>",
                   "word/document.xml": f"<w:document><w:body><w:p><w:pPr/>{runs}</w:p>"
                                        "<w:p><w:r><w:t>2026</w:t></w:r></w:p></w:body></w:document>"})


def xlsx(shared_runs: list[str], number: str) -> bytes:
    runs = "".join(f"<r><t>{run}</t></r>" for run in shared_runs)
    return office({"xl/sharedStrings.xml": f"<sst><si>{runs}</si></sst>",
                   "xl/worksheets/sheet1.xml": f'<worksheet><sheetData><row r="1"><c r="A1">'
                                               f"<v>{number}</v></c></row></sheetData></worksheet>"})


def jpeg(comment: bytes) -> bytes:
    body = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return b"\xff\xd8" + body + b"\xff\xda\x00\x02" + b"\x00" * 8 + b"\xff\xd9"


def content_with(tmp_path: Path, files: dict[str, bytes], extra: str = "") -> Path:
    content = tmp_path / "content"
    (content / "affairs" / "notices").mkdir(parents=True)
    (content / "affairs" / "notices" / "n.md").write_text(NOTICE.format(extra=extra),
                                                         encoding="utf-8")
    for name, data in files.items():
        path = content / "affairs" / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content


SPLIT = ["联系电话139", "1234", "5678"]
CASES = {
    "report.pdf": pdf(b"BT /F1 12 Tf 10 50 Td (Tel 139) Tj (1234) Tj (5678) Tj ET"),
    "minutes.docx": docx(SPLIT),
    "table.xlsx": xlsx(SPLIT, "2026"),
    "sheet.xlsx": xlsx(["合计"], MOBILE),
    "notes.txt": f"报名电话{MOBILE}\n".encode(),
    "list.csv": f"name,phone\n张三,{MOBILE}\n".encode("gb18030"),
    "chart.svg": f'<svg xmlns="http://www.w3.org/2000/svg"><text>{MOBILE}</text></svg>'.encode(),
}


def test_the_fixtures_hide_the_value_from_a_plain_byte_search():
    for name in ("report.pdf", "minutes.docx", "table.xlsx"):
        assert MOBILE.encode() not in CASES[name], name
        assert b"1234" not in CASES[name] or name != "report.pdf"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_value_in_any_attachment_refuses_naming_the_source(tmp_path, name):
    content = content_with(tmp_path, {name: CASES[name]})
    problems = check_content(content)
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith(f"content/affairs/files/{name}")
    assert "mobile" in message and MOBILE not in message and "5678" not in message
    with pytest.raises(InputError) as raised:
        assert_content_clean(content)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_attachment_in_the_built_site_is_found_too(tmp_path, name):
    site = tmp_path / "site" / "affairs" / "files"
    site.mkdir(parents=True)
    (site / name).write_bytes(CASES[name])
    content = content_with(tmp_path, {name: CASES[name]})
    [finding] = scan_tree(tmp_path / "site", content=content)
    assert (finding.kind, finding.source) == ("mobile", f"content/affairs/files/{name}")


def test_clean_attachments_pass(tmp_path):
    content = content_with(tmp_path, {
        "report.pdf": pdf(b"BT /F1 12 Tf 10 50 Td (2026 budget 1520) Tj ET"),
        "minutes.docx": docx(["会议纪要", "2026年3月5日"]),
        "table.xlsx": xlsx(["合计"], "1520"),
        "plain.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/>'
                     b'</defs><rect fill="url(#g)" width="10" height="10"/></svg>',
    })
    assert check_content(content) == []


def test_a_value_in_markdown_names_the_file_and_line_only(tmp_path):
    content = content_with(tmp_path, {}, extra="Summary: 联系人电话 139-1234-5678")
    [problem] = check_content(content)
    assert (problem.file, problem.line, problem.column) == ("content/affairs/notices/n.md", 4, "16")
    assert "mobile" in str(problem) and "5678" not in str(problem)


@pytest.mark.parametrize(("name", "data"), [
    ("page.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'),
    ("page.html", b"<p>hi</p>"),
    ("run.js", b"alert(1)"),
    ("old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 8),
    ("fake.pdf", b"<html><script>alert(1)</script></html>"),
    ("script.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("remote.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script href="//x.example/a.js"/></svg>'),
    ("handler.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("link.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">'
                 b"<text>x</text></a></svg>"),
    ("entity.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="&#106;avascript:x"/></svg>'),
    ("macro.docx", office({"word/document.xml": "<w:document/>", "word/vbaProject.bin": "\0\1"})),
])
def test_types_the_scan_cannot_trust_are_refused(tmp_path, name, data):
    content = content_with(tmp_path, {name: data})
    [problem] = check_content(content)
    assert problem.file == f"content/affairs/files/{name}"


def pin(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def test_images_need_an_editors_review_and_their_metadata_is_read(tmp_path):
    picture, photo = png(b"Comment\0map of the district"), jpeg(b"2026")
    content = content_with(tmp_path, {"map.png": picture, "photo.jpg": photo})
    problems = check_content(content)
    assert sorted(p.file for p in problems) == [
        "content/affairs/files/map.png", "content/affairs/files/photo.jpg"]
    # the refusal says what to write (the file's checksum is no personal data)
    assert f"Reviewed-Attachments: affairs/files/map.png#{pin(picture)}" in str(problems[0])
    reviewed = content_with(tmp_path / "r", {"map.png": picture, "photo.jpg": photo},
                            extra=f"Reviewed-Attachments: files/map.png#{pin(picture)}, "
                                  f"affairs/files/photo.jpg#{pin(photo)}")
    assert check_content(reviewed) == []
    leaky_png, leaky_jpg = png(b"Comment\0" + MOBILE.encode()), jpeg(f"电话{MOBILE}".encode())
    leaky = content_with(tmp_path / "l", {"map.png": leaky_png, "photo.jpg": leaky_jpg},
                         extra=f"Reviewed-Attachments: files/map.png#{pin(leaky_png)} "
                               f"files/photo.jpg#{pin(leaky_jpg)}")
    problems = check_content(leaky)
    assert len(problems) == 2 and all("mobile" in str(p) for p in problems)


def test_a_review_holds_for_the_bytes_reviewed_only(tmp_path):
    picture = png(b"Comment\0map")
    unpinned = content_with(tmp_path / "u", {"map.png": picture},
                            extra="Reviewed-Attachments: files/map.png")
    assert len(check_content(unpinned)) == 1
    replaced = content_with(tmp_path / "x", {"map.png": png(b"Comment\0new map")},
                            extra=f"Reviewed-Attachments: files/map.png#{pin(picture)}")
    assert len(check_content(replaced)) == 1


def test_a_pdf_with_an_image_needs_a_review(tmp_path):
    with_image = pdf(b"BT ET").replace(b"/Type /Font /Subtype /Type1",
                                       b"/Type /XObject /Subtype /Image")
    content = content_with(tmp_path, {"scan.pdf": with_image})
    [problem] = check_content(content)
    assert "images" in str(problem)


def test_an_unreviewed_image_in_the_site_stops_the_scan(tmp_path):
    site = tmp_path / "site" / "affairs" / "files"
    site.mkdir(parents=True)
    (site / "map.png").write_bytes(png(b"Comment\0map"))
    with pytest.raises(InputError) as raised:
        scan_tree(tmp_path / "site")
    assert "map.png" in str(raised.value)
    picture = png(b"Comment\0map")
    content = content_with(tmp_path, {"map.png": picture},
                           extra=f"Reviewed-Attachments: files/map.png#{pin(picture)}")
    assert scan_tree(tmp_path / "site", content=content) == []


def test_theme_images_are_read_for_metadata_not_refused(tmp_path):
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "logo.png").write_bytes(png(b"Author\0" + MOBILE.encode()))
    assert scan_tree(tmp_path) == [Finding("theme/logo.png", "mobile", 1)]


def test_attachment_folders_are_pelicans_static_paths():
    import pelicanconf

    assert tuple(pelicanconf.STATIC_PATHS) == attachments.ATTACHMENT_DIRS


def test_nginx_serves_attachments_as_downloads_only():
    conf = (Path(__file__).parents[1] / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"location \^~ /affairs/files/ \{(.*?)\n    \}", conf, re.S)
    assert block, "no location for the attachments"
    body = block.group(1)
    assert 'Content-Disposition "attachment"' in body
    assert "X-Content-Type-Options nosniff" in body
    assert "sandbox" in body and "default-src 'none'" in body
    assert re.search(r"location ~\* \\\.svg\$ \{[^}]*sandbox", conf)


@pytest.mark.parametrize("line", ["139*1234*5678", "139<b>1234</b>5678", "`139`1234 5678",
                                  "139__1234__5678"])
def test_markup_inside_a_number_does_not_hide_it(tmp_path, line):
    content = content_with(tmp_path, {}, extra=f"Summary: 电话 {line}")
    [problem] = check_content(content)
    assert "mobile" in str(problem)
