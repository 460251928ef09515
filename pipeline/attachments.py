"""What the personal-data scan reads inside a file: text, PDF, DOCX/XLSX, image metadata.

Editors' attachments (`content/affairs/files/`, Pelican's STATIC_PATHS, copied as they are)
are published only when their type is allowed (ALLOWED) and the scan can read all of them:
PDF text (pypdf, through the fonts' ToUnicode maps) and every stream inflated; DOCX/XLSX
XML with the runs of a paragraph or a shared string joined; PNG text chunks and eXIf, JPEG
EXIF/XMP/comments. Pixels are not read (no OCR): an image, or a PDF/DOCX holding one, is
refused unless an editor lists it as checked by hand in a Markdown front matter, with
the start of its sha256 (the refusal prints the line to copy), so a file replaced later
is checked again:

    Reviewed-Attachments: affairs/files/map.png#3f2a9c1d4b5e, files/scan.pdf#0a1b2c3d4e5f

(paths relative to content/ or content/affairs/). An SVG holding a script, an event
handler, a foreign object or a link off the page is refused, not cleaned. Anything else
(.html, .xhtml, .js, .doc, …) is refused; nothing is skipped.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pypdf
from pypdf.errors import PyPdfError

from pipeline.errors import InputError

log = logging.getLogger(__name__)

#: Where Pelican copies editors' files to (pelicanconf.STATIC_PATHS; a test keeps them equal).
ATTACHMENT_DIRS = ("affairs/files",)
ALLOWED = frozenset({".pdf", ".docx", ".xlsx", ".csv", ".txt", ".png", ".jpg", ".jpeg",
                     ".svg"})
_SKIPPED = frozenset({".gif", ".webp", ".avif", ".bmp", ".ico", ".woff", ".woff2", ".ttf",
                      ".otf", ".eot", ".wasm"})
_MAGIC = {".pdf": b"%PDF", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04",
          ".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}
_GZIP, _ZIP, _PARQUET, _WASM = b"\x1f\x8b", b"PK\x03\x04", b"PAR1", b"\0asm"
_PNG, _JPEG, _PDF = _MAGIC[".png"], _MAGIC[".jpg"], _MAGIC[".pdf"]
_MAX_NESTING = 3
_MAX_INFLATED = 256 * 2**20

_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<(w:p|a:p|si|text:p)[\s>].*?</\1>", re.S)
_RUN = re.compile(r"<(?:w:t|w:delText|a:t|t)(?:\s[^>]*)?>([^<]*)<")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_PDF_IMAGE = re.compile(rb"/Subtype\s*/Image")
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?)\b")
_SVG_ACTIVE = re.compile(
    r"<\s*(?:[a-z]+:)?(?:script|foreignObject|iframe|embed|object|handler)\b"
    r"|\son[a-z]+\s*=|javascript:|<!ENTITY|<!DOCTYPE"
    r"|(?:xlink:)?href\s*=\s*[\"']?\s*(?!#)|@import|url\(\s*[\"']?\s*(?!#)", re.I)
_FIELD = re.compile(r"^Reviewed-Attachments:\s*(.*)$", re.I)
_PIN = 12  # hex digits of the sha256 an editor copies from the refusal


@dataclass
class Extracted:
    """The texts of one file, each with where it came from (page, part, chunk), and the
    parts the scan could not read (pixels, embedded files)."""

    texts: list[tuple[str | None, str]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def is_attachment(name: str) -> bool:
    """An editors' file as Pelican copies it (site-relative or content-relative path)."""
    return any(name.startswith(f"{folder}/") for folder in ATTACHMENT_DIRS)


def skipped(name: str) -> bool:
    """Fonts, WebAssembly and the theme's own image formats hold no text worth reading."""
    return PurePosixPath(name).suffix.lower() in _SKIPPED


def extract(data: bytes, name: str, *, attachment: bool = False) -> Extracted:
    """Read `data` (file `name`); an attachment must be of an allowed type, really."""
    found = Extracted()
    if attachment and data:  # an empty file (.gitkeep) holds nothing to read
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in ALLOWED:
            raise InputError(name, f"attachments of type {suffix or '(none)'} are not "
                             f"published; allowed: {', '.join(sorted(ALLOWED))}")
        magic = _MAGIC.get(suffix)
        if (magic and not data.startswith(magic)) or (not magic and b"\0" in data[:4096]):
            raise InputError(name, f"is not a {suffix} file (its content says otherwise)")
    _read(data, name, None, 0, found)
    if attachment and PurePosixPath(name).suffix.lower() == ".svg":
        for _, text in found.texts:
            check_svg(text, name)
    return found


def check_svg(text: str, name: str) -> None:
    """Refuse an SVG that could run or load anything (it would be a page, not an image)."""
    match = _SVG_ACTIVE.search(html.unescape(text))
    if match:
        raise InputError(name, "SVG attachments may hold drawing only (found a script, an "
                         "event handler, an entity or a link); export it again as plain SVG")


def check_readable(found: Extracted, key: str, shown: str, data: bytes,
                   marks: dict[str, frozenset[str]]) -> None:
    """Refuse what the scan could not read, unless an editor reviewed these very bytes
    (`key`: the path relative to content/, as Pelican also publishes it)."""
    if not found.unread:
        return
    digest = hashlib.sha256(data).hexdigest()
    if any(digest.startswith(pin) for pin in marks.get(key, ())):
        return
    raise InputError(shown, f"the personal-data scan cannot read "
                     f"{', '.join(sorted(set(found.unread)))}; check it by hand, then add "
                     f"'Reviewed-Attachments: {key}#{digest[:_PIN]}' to the front matter of "
                     "the page that links it (or remove the file)")


def _read(data: bytes, name: str, where: str | None, depth: int, found: Extracted) -> None:
    if depth > _MAX_NESTING:
        raise InputError(name, "containers nested too deep to scan")
    try:
        if data.startswith(_WASM):
            return
        if data.startswith(_GZIP):
            _read(gzip.decompress(data), name, where, depth + 1, found)
        elif data.startswith(_ZIP):
            _zip(data, name, depth, found)
        elif data.startswith(_PARQUET):
            found.texts.extend((where, text) for text in _parquet(data))
        elif data.startswith(_PDF):
            _pdf(data, name, found)
        elif data.startswith(_PNG):
            found.texts.extend((where, text) for text in _png(data))
            found.unread.append("the image's pixels")
        elif data.startswith(_JPEG):
            found.texts.extend((where, text) for text in _jpeg(data))
            found.unread.append("the image's pixels")
        elif b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            # one byte, one character: a length byte before a token (Pagefind's CBOR
            # index) stays glued to it, as a label would, and bytes never merge
            found.texts.append((where, data.decode("latin-1")))
            found.unread.append(f"binary data ({where or 'the file'})")
        else:
            found.texts.append((where, _decode(data)))
    except (OSError, EOFError, NotImplementedError, zlib.error, zipfile.BadZipFile,
            pa.ArrowException, PyPdfError, struct.error, ValueError, KeyError) as exc:
        # The library's message may quote the file's content; name only the error type.
        raise InputError(name, f"cannot be scanned ({type(exc).__name__})") from None


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "gb18030"):  # an editor's CSV may come from Excel in GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # binary (a Pagefind index): one byte, one character


def binary_text(data: bytes) -> str:
    """ASCII, UTF-16 and UTF-8 text hidden in binary data, one reading per line."""
    return "\n".join((data.decode("latin-1"), data.replace(b"\0", b"").decode("latin-1"),
                      data.decode("utf-8", errors="replace")))


def _zip(data: bytes, name: str, depth: int, found: Extracted) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            if member.file_size > _MAX_INFLATED:
                raise InputError(name, f"{member.filename} is too large to scan")
            content = archive.read(member)
            if member.filename.endswith((".xml", ".rels", ".vml")):
                found.texts.extend((member.filename, t) for t in xml_texts(_decode(content)))
            else:
                _read(content, name, member.filename, depth + 1, found)


def xml_texts(xml: str) -> Iterator[str]:
    """Office XML as text: every element on its own line, then each paragraph (w:p, a:p)
    and shared string (si) with its runs joined, as Word splits "139" "1234" "5678"."""
    yield html.unescape(_TAG.sub("\n", xml))
    paragraphs = ["".join(_RUN.findall(m.group())) for m in _PARAGRAPH.finditer(xml)]
    yield html.unescape("\n".join(p for p in paragraphs if p))


def _pdf(data: bytes, name: str, found: Extracted) -> None:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise InputError(name, "encrypted PDF attachments cannot be scanned; publish it "
                         "without a password")
    for number, page in enumerate(reader.pages, start=1):
        found.texts.append((f"page {number}", page.extract_text() or ""))
    info = reader.metadata or {}
    found.texts.append(("metadata", "\n".join(str(value) for value in info.values())))
    streams = [data]
    for match in _PDF_STREAM.finditer(data):
        raw = match.group(1)
        try:
            streams.append(zlib.decompressobj().decompress(raw, _MAX_INFLATED))
        except zlib.error:
            streams.append(raw)
    for stream in streams:
        found.texts.append(("streams", stream.decode("latin-1")))
        if _PDF_IMAGE.search(stream):
            found.unread.append("the PDF's images")
        if _PDF_ACTIVE.search(stream):
            raise InputError(name, "PDF attachments with scripts, launch actions or "
                             "embedded files are not published")


def _png(data: bytes) -> Iterator[str]:
    position = len(_PNG)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"tEXt":
            yield body.replace(b"\0", b"\n").decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            yield key.decode("latin-1") + "\n" + zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            language, _, rest = rest.partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            text = zlib.decompress(text) if compressed else text
            yield b"\n".join((key, language, translated, text)).decode("utf-8", "replace")
        elif kind in (b"eXIf", b"iCCP"):
            yield binary_text(body)
        elif kind == b"IEND":
            break
    if position < len(data):
        yield binary_text(data[position:])  # anything hidden after the image


def _jpeg(data: bytes) -> Iterator[str]:
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn (EXIF, XMP, …) and comments
            yield binary_text(data[position + 4:position + 2 + length])
        if marker == 0xDA:  # start of scan: pixels follow
            break
        position += 2 + length
    end = data.rfind(b"\xff\xd9")
    if end != -1 and end + 2 < len(data):
        yield binary_text(data[end + 2:])  # anything hidden after the image


def _parquet(data: bytes) -> Iterator[str]:
    table = pq.read_table(pa.BufferReader(data))
    yield "\n".join(table.column_names)
    metadata = table.schema.metadata or {}
    yield "\n".join(value.decode("utf-8", "replace") for value in metadata.values())
    for column in table.itercolumns():
        column = pc.unique(column.combine_chunks() if column.num_chunks else column)
        if pa.types.is_floating(column.type):
            # Arrow would write 13800138000.0 as "1.3800138e+10".
            values = [_float_text(v) for v in column.to_pylist()]
        else:
            try:
                values = column.cast(pa.string()).to_pylist()
            except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
                values = [None if v is None else str(v) for v in column.to_pylist()]
        yield "\n".join(v for v in values if v is not None)


def _float_text(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:.0f}" if value.is_integer() else repr(value)


def reviewed(content: Path) -> dict[str, frozenset[str]]:
    """Attachments an editor checked by hand: content-relative path → the checksums
    (sha256 prefixes) of the versions checked, so a file replaced later is read again."""
    marks: dict[str, set[str]] = {}
    for path in sorted(content.rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                break
            match = _FIELD.match(line)
            if not match:
                continue
            for entry in re.split(r"[,\s]+", match.group(1).strip()):
                name, _, pin = entry.partition("#")
                if len(pin) < _PIN or not re.fullmatch(r"[0-9a-f]+", pin):
                    continue
                for candidate in (name, f"affairs/{name}"):
                    if (content / candidate).is_file():
                        marks.setdefault(candidate, set()).add(pin)
    return {name: frozenset(pins) for name, pins in marks.items()}
