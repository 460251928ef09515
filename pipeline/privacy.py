"""Personal-data detectors and the whole-site scan: the backstop run before publishing.

Staging already drops personal columns; this module checks what would actually go out
(HTML, data files, chart SVGs, the gzip'd Pagefind index) for Chinese resident ID numbers,
mobile and landline numbers, bank cards, e-mail addresses and licence plates. It reports
file, kind and count only, never a matched value, so its results can go into logs, run
reports and exception messages.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import logging
import re
import unicodedata
import zipfile
import zlib
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import InputError

log = logging.getLogger(__name__)

#: allow(file, kind, value) -> True drops that hit: for public values such as the
#: government hotline's landline, or for vendored files. `value` is canonical: separators
#: removed and upper case ("03517654321", "粤BD12345"), a mobile's last 11 digits, an
#: e-mail in lower case. The value goes to the callable only, never to a log or a Finding.
Allow = Callable[[str, str, str], bool]

# Separators NFKC leaves alone (it already maps full-width and odd spaces), and characters
# that hide inside numbers.
_TRANSLATION = str.maketrans({
    **dict.fromkeys("\u2010\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u2022\u2027\u2219\u22c5\u30fb", "\u00b7"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
})

# Never \b: Python counts Chinese characters as word characters. A number is a whole run of
# digits not glued to letters (order numbers such as CG2024..., hex hashes, SVG commands)
# and not part of a decimal (138.00138000), though a float export's "13800138000.0" counts.
# Space-grouped forms must not sit inside a longer run of space-separated numbers, as table
# cells do once Pagefind strips the markup.
_START = r"(?<![0-9A-Za-z])(?<![0-9]\.)"
_END = r"(?![0-9A-Za-z])(?!\.0*[1-9])"
_NO_GROUP_BEFORE = r"(?<![0-9] )"
_NO_GROUP_AFTER = r"(?! [0-9])"

_DATE8 = r"(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_DATE6 = r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_PROVINCE = r"(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])"

_ID_NUMBER = re.compile(
    _START + r"(?:[1-8][0-9]{5}[ -]?" + _DATE8 + r"[ -]?[0-9]{3}[0-9Xx]"
    r"|" + _PROVINCE + r"[0-9]{4}" + _DATE6 + r"[0-9]{3})" + _END
)
_MOBILE = re.compile(
    _START + r"(?:(?:\+|00)?86[ -]?1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
    r"|1[3-9][0-9]{9}"
    r"|1[3-9][0-9]-[0-9]{4}-[0-9]{4}"
    r"|" + _NO_GROUP_BEFORE + r"1[3-9][0-9] [0-9]{4} [0-9]{4}" + _NO_GROUP_AFTER + r")" + _END
)
_LANDLINE = re.compile(
    _START + r"(?:\(0[1-9][0-9]{1,2}\) ?[1-9][0-9]{6,7}"
    r"|0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}"
    r"|" + _NO_GROUP_BEFORE + r"0[1-9][0-9]{1,2} [1-9][0-9]{6,7}" + _NO_GROUP_AFTER + r")"
    r"(?:(?:-|转|ext\.?|[xX])[0-9]{1,5})?" + _END
)
_BANK_CARD = re.compile(
    _START + r"(?:[3-6][0-9]{12,18}"
    r"|[3-6][0-9]{3}(?:-[0-9]{4}){2,3}(?:-[0-9]{1,4})?"
    r"|" + _NO_GROUP_BEFORE + r"[3-6][0-9]{3}(?: [0-9]{4}){2,3}(?: [0-9]{1,4})?"
    + _NO_GROUP_AFTER + r")" + _END
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9-]+\.)+"
    r"(?P<tld>[A-Za-z]{2,24})(?![A-Za-z0-9-])"
)
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][· ]?"
    r"(?P<serial>[A-Z0-9]{5,6}|[A-Z0-9]{4}[学警挂港澳])(?![0-9A-Za-z])"
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# "logo@2x.png" is a file name, not an address.
_FILE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico",
                            "css", "js", "mjs", "json", "html", "htm", "xml", "txt"})
_NOT_DIGIT = re.compile(r"[^0-9Xx]")
_PUNCTUATION = re.compile(r"[\s\-().+·]")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")

_SKIPPED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp",
                               ".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".wasm"})
_GZIP_MAGIC, _ZIP_MAGIC = b"\x1f\x8b", b"PK\x03\x04"
_PARQUET_MAGIC, _WASM_MAGIC = b"PAR1", b"\0asm"
_MAX_NESTING = 3


@dataclass(frozen=True)
class Hit:
    """One detected value: its kind and span in the *normalized* text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """How many values of one kind one file holds; the values themselves are not kept."""

    file: str
    kind: str
    count: int


class PersonalDataFound(Exception):
    """The built site holds personal data; publishing must stop."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__(str(self))

    def __str__(self) -> str:
        by_file: dict[str, list[str]] = {}
        for finding in self.findings:
            by_file.setdefault(finding.file, []).append(f"{finding.kind}: {finding.count}")
        where = "; ".join(f"{file} ({', '.join(kinds)})" for file, kinds in by_file.items())
        return f"personal data found in {len(by_file)} file(s): {where}"


def normalize(text: str) -> str:
    """NFKC (full-width digits, letters and signs become ASCII), one form per separator."""
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATION)


def _valid_id_number(value: str) -> bool:
    digits = _NOT_DIGIT.sub("", value).upper()
    if len(digits) == 15:
        return _is_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    if not 1900 <= int(digits[6:10]) <= 2030:
        return False
    if not _is_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == digits[17]


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _valid_bank_card(value: str) -> bool:
    digits = _NOT_DIGIT.sub("", value)
    return 13 <= len(digits) <= 19 and _luhn_valid(digits)


def _luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn check used by bank cards."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_email(match: re.Match[str]) -> bool:
    return match.group("tld").lower() not in _FILE_SUFFIXES


def _valid_plate(match: re.Match[str]) -> bool:
    # Ordinary plates carry at most two letters in the serial; "新MODEL3" is not a plate.
    return sum(char.isdigit() for char in match.group("serial")) >= 3


# In priority order: where two kinds claim the same characters, the first one counts.
_DETECTORS: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], bool]], ...] = (
    ("email", _EMAIL, _valid_email),
    ("id_number", _ID_NUMBER, lambda m: _valid_id_number(m.group())),
    ("bank_card", _BANK_CARD, lambda m: _valid_bank_card(m.group())),
    ("mobile", _MOBILE, lambda m: True),
    ("landline", _LANDLINE, lambda m: True),
    ("plate", _PLATE, _valid_plate),
)


def find_personal_data(text: str) -> list[Hit]:
    """Every personal value in `text`, with offsets into `normalize(text)`."""
    return _find(normalize(text))


def _find(normalized: str) -> list[Hit]:
    starts: list[int] = []
    kept: dict[int, Hit] = {}
    for kind, pattern, valid in _DETECTORS:
        for match in pattern.finditer(normalized):
            start, end = match.span()
            # Kept spans never overlap, so only the one starting last before `end` can clash.
            before = bisect_left(starts, end) - 1
            if (before >= 0 and kept[starts[before]].end > start) or not valid(match):
                continue
            insort(starts, start)
            kept[start] = Hit(kind, start, end)
    return [kept[start] for start in starts]


def _unescape(text: str) -> str:
    # JSON exports escape Chinese as \uXXXX, which would glue a number to hex letters.
    text = _JSON_ESCAPE.sub(_json_char, text)
    return unquote(html.unescape(text), errors="replace")


def _json_char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)


def scan_text(text: str) -> dict[str, int]:
    """Count personal values per kind, after decoding JSON, HTML and URL escapes."""
    counts = Counter(hit.kind for hit in find_personal_data(_unescape(text)))
    return dict(sorted(counts.items()))


def scan_tree(root: Path, *, allow: Allow | None = None) -> list[Finding]:
    """Scan every file under `root` (a built site); one Finding per file and kind.

    Text files are read as UTF-8; Parquet column by column; gzip (Pagefind's index and
    fragments) and zip (XLSX, DOCX attachments) are opened first. Images, fonts and
    WebAssembly are skipped. A file that cannot be opened raises InputError.
    """
    if not root.is_dir():
        raise InputError(str(root), "the site to scan is not a directory")
    findings: list[Finding] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix.lower() in _SKIPPED_SUFFIXES:
            continue
        name, counts = _scan_name(path.relative_to(root).as_posix())
        for text in _texts(path.read_bytes(), name, 0):
            normalized = normalize(_unescape(text))
            for hit in _find(normalized):
                value = _canonical(hit.kind, normalized[hit.start:hit.end])
                if allow is None or not allow(name, hit.kind, value):
                    counts[hit.kind] += 1
        for kind, count in sorted(counts.items()):
            log.warning("personal data: %s holds %d %s value(s)", name, count, kind)
            findings.append(Finding(name, kind, count))
    log.info("privacy scan of %s: %d finding(s)", root, len(findings))
    return findings


def assert_clean(root: Path, *, allow: Allow | None = None) -> None:
    """Raise PersonalDataFound when scan_tree finds anything under `root`."""
    findings = scan_tree(root, allow=allow)
    if findings:
        raise PersonalDataFound(findings)


def _scan_name(name: str) -> tuple[str, Counter[str]]:
    """A file's own path can leak (a page slug made of a phone number): count and mask it."""
    normalized = normalize(name)
    hits = _find(normalized)
    if not hits:
        return name, Counter()
    masked = list(normalized)
    for hit in hits:
        masked[hit.start:hit.end] = "*" * (hit.end - hit.start)
    return "".join(masked), Counter(hit.kind for hit in hits)


def _canonical(kind: str, value: str) -> str:
    if kind == "email":
        return value.lower()
    compact = _PUNCTUATION.sub("", value).upper()
    return compact[-11:] if kind == "mobile" else compact


def _texts(data: bytes, name: str, depth: int) -> Iterator[str]:
    """The text inside one file's bytes, opening gzip, zip and Parquet containers."""
    if depth > _MAX_NESTING:
        raise InputError(name, "containers nested too deep to scan")
    if data.startswith(_WASM_MAGIC):
        return
    try:
        if data.startswith(_GZIP_MAGIC):
            yield from _texts(gzip.decompress(data), name, depth + 1)
        elif data.startswith(_ZIP_MAGIC):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    suffix = Path(member.filename).suffix.lower()
                    if not member.is_dir() and suffix not in _SKIPPED_SUFFIXES:
                        yield from _texts(archive.read(member), name, depth + 1)
        elif data.startswith(_PARQUET_MAGIC):
            yield from _parquet_texts(data)
        else:
            yield data.decode("utf-8-sig", errors="replace")
    except (OSError, EOFError, NotImplementedError, zlib.error, zipfile.BadZipFile,
            pa.ArrowException) as exc:
        # The library's message may quote the file's content; name only the error type.
        raise InputError(name, f"cannot be scanned ({type(exc).__name__})") from None


def _parquet_texts(data: bytes) -> Iterator[str]:
    table = pq.read_table(pa.BufferReader(data))
    yield "\n".join(table.column_names)
    metadata = table.schema.metadata or {}
    yield "\n".join(value.decode("utf-8", "replace") for value in metadata.values())
    for column in table.itercolumns():
        try:
            if pa.types.is_floating(column.type):
                # Arrow would write 13800138000.0 as "1.3800138e+10".
                values = [_float_text(v) for v in column.to_pylist()]
            else:
                values = column.cast(pa.string()).to_pylist()
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            values = [None if v is None else str(v) for v in column.to_pylist()]
        yield "\n".join(v for v in values if v is not None)


def _float_text(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:.0f}" if value.is_integer() else repr(value)
