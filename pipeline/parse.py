"""Pure helpers of ingest: which encoding a file is in, which date forms its values use.

`publish.py map` reuses them to draft a sidecar. They take values and return values; no
file is read here.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

UTF8_BOM = b"\xef\xbb\xbf"
# GB2312 rows an export's text lives in: punctuation and full-width forms (A1–A3) and
# the hanzi (B0–F7). Big5 decoded as GB18030 falls mostly elsewhere.
_GB_COMMON = re.compile(rb"[\xa1-\xa3\xb0-\xf7][\xa1-\xfe]")
_GB_PAIR = re.compile(rb"[\x80-\xff]{2}")
GB_COMMON_SHARE = 0.9


def sniff_encoding(sample: bytes) -> str | None:
    """The encoding of a file starting with `sample`, only when it is certain: UTF-8
    (with or without BOM), or GB18030 when the text decodes cleanly AND reads like
    simplified Chinese; None otherwise (the sidecar must name it)."""
    if sample.startswith(UTF8_BOM):
        return "utf-8"
    if _decodes(sample, "utf-8"):
        return "utf-8"
    if _decodes(sample, "gb18030") and looks_like_gb(sample):
        return "gb18030"
    return None


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def looks_like_gb(sample: bytes) -> bool:
    """Most non-ASCII characters of GB18030 text are common GB2312 hanzi or punctuation;
    Big5 (or anything else) read as GB18030 is not."""
    text = codecs.getincrementaldecoder("gb18030")(errors="replace").decode(sample)
    wide = len(text) - len(text.encode("ascii", errors="ignore"))  # non-ASCII characters
    if not wide:
        return True
    as_gb2312 = text.encode("gb2312", errors="ignore")
    common = len(_GB_COMMON.findall(b"".join(_GB_PAIR.findall(as_gb2312))))
    return common >= GB_COMMON_SHARE * wide


# Date forms whose order cannot be told from the form alone: day/month/year or
# month/day/year with a short first part, and two-digit years.
AMBIGUOUS_DATE = r"^\s*([0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}|[0-9]{2}[/.\-][0-9]{1,2}[/.\-][0-9]{1,2})([^0-9]|$)"
_PARTS = re.compile(r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(.*)$")
_TIME = re.compile(r"^\s*[T ]?\s*(\d{1,2}):(\d{2})(:\d{2})?(\.\d+)?\s*([AaPp][Mm])?\s*$")


def suggest_date_formats(values: Iterable[str]) -> list[str]:
    """strptime formats that read the ambiguous `values` (year last). The day/month order
    is resolved when some value shows it (a 13 in the first place means day first);
    otherwise month first, the US order, is proposed for the operator to confirm."""
    matched = [(v, m.groups()) for v in values
               if (m := _PARTS.match(v)) and len(m.group(1)) <= 2]
    if not matched:
        return []
    firsts = [int(g[0]) for _, g in matched]
    seconds = [int(g[1]) for _, g in matched]
    day_first = max(firsts) > 12 >= max(seconds)
    found: list[str] = []
    for value, (_, _, year, rest) in matched:
        sep = re.search(r"[/.\-]", value).group(0)
        date = ("%d{s}%m{s}" if day_first else "%m{s}%d{s}").format(s=sep)
        fmt = date + ("%Y" if len(year) == 4 else "%y") + _time_format(rest)
        if fmt not in found:
            found.append(fmt)
    return found


def _time_format(rest: str) -> str:
    if not rest.strip():
        return ""
    match = _TIME.match(rest)
    if not match:
        return ""
    _, _, seconds, fraction, half = match.groups()
    hours = "%I" if half else "%H"
    fmt = f" {hours}:%M" + (":%S" if seconds else "") + (".%f" if fraction else "")
    return fmt + (" %p" if half else "")


def format_precision(formats: Iterable[str]) -> str:
    """The text form ingest writes values read with `formats` in, keeping their precision
    (so that minutes stay minutes when they are compared with seconds)."""
    formats = list(formats)
    if any("%S" in f or "%T" in f or "%s" in f for f in formats):
        return "%Y-%m-%d %H:%M:%S"
    if any("%M" in f or "%R" in f for f in formats):
        return "%Y-%m-%d %H:%M"
    return "%Y-%m-%d"
