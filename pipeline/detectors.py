"""The Chinese personal-data detectors: pure functions of normalized text.

Resident ID numbers (18 characters with the MOD 11-2 check, old 15-digit ones), mobile and
landline numbers, bank cards (Luhn), e-mail addresses and licence plates, in the forms
people write them: with separators (`139.0313.0190`, `139/0340/0541`, `139-0314 0203`,
`1390 3330 450`, any grouping by spaces or dashes: `138 001 38000`, `110 105 1949 1231
002X`), in Chinese numerals (`一三八〇〇…`), +86, glued to Chinese or to Latin labels
(`Tel139…`, `ID110…`), plates
with a hyphen or in lower case. `find_chinese(text)` works on text already normalized by
`normalize` (NFKC, every digit ASCII, one form per dash). `window_spans` finds the few
stretches of a long text worth normalizing and running the detectors on.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache

# Never \b: Python counts Chinese characters as word characters. A number is a whole run of
# digits, not part of a decimal (138.00138000), though a float export's "13800138000.0"
# counts. Latin letters glued on are checked by _glued_ok (a label such as "Tel", not hex).
_START = r"(?<![0-9])(?<![0-9]\.)"
_END = r"(?![0-9])(?!\.0*[1-9])"
_SEP = r"(?: ?[-./] ?| )?"  # one optional separator between digit groups

_DATE8 = r"(?:19|20)[0-9]{2}" + _SEP + r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_DATE6 = r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_PROVINCE = r"(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])"
_ID_SEP = r"[ -]?"
_GAP = r"(?: ?- ?| )?"  # a space or a dash between any two digits (138 001 38000)

_ID_NUMBER = re.compile(
    _START + r"(?:[1-8][0-9]{5}" + _ID_SEP + _DATE8.replace(_SEP, _ID_SEP) + _ID_SEP
    + r"[0-9]{3}[0-9Xx]"
    r"|" + _PROVINCE + r"[0-9]{4}" + _ID_SEP + _DATE6 + _ID_SEP + r"[0-9]{3}"
    # grouped any other way (110 105 1949 1231 002X, 1101 0519 4912 3100 2X): the check
    # digit and the birth date decide
    r"|[1-8](?:" + _GAP + r"[0-9]){16}" + _GAP + r"[0-9Xx])" + _END
)
_MOBILE = re.compile(
    _START + r"(?:\(?(?:\+|00)?86\)?[ -]?)?"
    r"(?P<core>1[3-9][0-9]" + _SEP + r"[0-9]{4}" + _SEP + r"[0-9]{4}"
    r"|1[3-9][0-9]{2}" + _SEP + r"[0-9]{4}" + _SEP + r"[0-9]{3}"
    r"|1" + _GAP + r"[3-9](?:" + _GAP + r"[0-9]){9})" + _END  # any other grouping
)
_LANDLINE = re.compile(
    _START + r"(?:\(0[1-9][0-9]{1,2}\) ?[1-9][0-9]{6,7}"
    r"|0[1-9][0-9]{1,2}(?: ?- ?| )[1-9][0-9]{6,7}"
    r"|0[1-9][0-9]{1,2}(?: ?- ?| )[1-9][0-9]{2,3}(?: ?- ?| )[0-9]{3,4})"  # 0351 765 4321
    r"(?:(?:-|转|ext\.?|[xX])[0-9]{1,5})?" + _END
)
_BANK_CARD = re.compile(
    _START + r"(?:[3-6][0-9]{12,18}"
    r"|[3-6][0-9]{3}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,4})?)" + _END
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9-]+\.)+"
    r"(?P<tld>[A-Za-z]{2,24})(?![A-Za-z0-9])"
)
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_SUFFIXES = "学警挂港澳"
_PLATE = re.compile(
    "[" + PROVINCES + r"][A-Za-z][· .-]?"
    r"(?P<serial>[A-Za-z0-9]{5,6}|[A-Za-z0-9]{4}[" + PLATE_SUFFIXES + r"])(?![0-9A-Za-z])"
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# "logo@2x.png" is a file name, not an address.
_FILE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico",
                            "css", "js", "mjs", "json", "html", "htm", "xml", "txt"})
_NOT_DIGIT = re.compile(r"[^0-9Xx]")
_SEPARATORS = re.compile(r" ?[-./] ?| ")
_HEX = frozenset("0123456789abcdefABCDEF")


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def valid_id_number(value: str) -> bool:
    """MOD 11-2 check (18 characters) and a real birth date (15 and 18)."""
    digits = _NOT_DIGIT.sub("", value).upper()
    if len(digits) == 15:
        return _is_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    if not 1900 <= int(digits[6:10]) <= 2030:
        return False
    if not _is_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == digits[17]


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn check used by bank cards."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _glued_ok(match: re.Match[str]) -> bool:
    """Latin letters glued to a number are a label ("Tel", "ID", "No"), unless they make
    it part of a code: one letter (an SVG path's "M138…"), hex only (hashes), or more
    digits beyond the letters (CG2024A13…)."""
    text, start, end = match.string, match.start(), match.end()
    before = start
    while before > 0 and text[before - 1].isascii() and text[before - 1].isalpha():
        before -= 1
    after = end
    while after < len(text) and text[after].isascii() and text[after].isalpha():
        after += 1
    for letters, edge in ((text[before:start], before - 1), (text[end:after], after)):
        if not letters:
            continue
        if len(letters) == 1 or all(char in _HEX for char in letters):
            return False
        if 0 <= edge < len(text) and text[edge].isdigit():
            return False
    return True


def _separators_ok(match: re.Match[str]) -> bool:
    """Dots and slashes only as a whole grouping (139.0313.0190), never one stray dot of a
    decimal (139.03130190); numbers grouped by spaces alone must not sit in a longer run
    of space-separated numbers, as table cells do once Pagefind strips the markup."""
    value = match.group("core") if "core" in match.re.groupindex else match.group()
    separators = [s.strip() or " " for s in _SEPARATORS.findall(value)]
    marks = [s for s in separators if s in "./"]
    if marks and (len(separators) != 2 or len(set(separators)) != 1):
        return False
    if separators and set(separators) == {" "}:
        text, start, end = match.string, match.start(), match.end()
        if text[max(0, start - 2):start].rstrip(" ")[-1:].isdigit() and text[start - 1] == " ":
            return False
        if text[end:end + 2].startswith(" ") and text[end + 1:end + 2].isdigit():
            return False
    return True


def _valid_email(match: re.Match[str]) -> bool:
    return match.group("tld").lower() not in _FILE_SUFFIXES


def _valid_plate(match: re.Match[str]) -> bool:
    # Ordinary plates carry at most two letters in the serial; "新MODEL3" is not a plate.
    return sum(char.isdigit() for char in match.group("serial")) >= 3


def _number(check: Callable[[str], bool]) -> Callable[[re.Match[str]], bool]:
    return lambda m: _glued_ok(m) and _separators_ok(m) and check(m.group())


# In priority order: where two kinds claim the same characters, the first one counts.
_DETECTORS: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], bool]], ...] = (
    ("email", _EMAIL, _valid_email),
    ("id_number", _ID_NUMBER, _number(valid_id_number)),
    ("bank_card", _BANK_CARD,
     _number(lambda v: 13 <= len(_NOT_DIGIT.sub("", v)) <= 19
             and luhn_valid(_NOT_DIGIT.sub("", v)))),
    ("mobile", _MOBILE, _number(lambda v: True)),
    ("landline", _LANDLINE, _number(lambda v: True)),
    ("plate", _PLATE, _valid_plate),
)


def find_chinese(normalized: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every value in `normalized`; overlapping claims may remain
    (the caller keeps the first detector's)."""
    found = []
    for kind, pattern, valid in _DETECTORS:
        for match in pattern.finditer(normalized):
            if valid(match):
                found.append((kind, match.start(), match.end()))
    return found


# Separators NFKC leaves alone, and characters that hide inside numbers.
_EXTRA = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u2022\u2027\u2219\u22c5\u30fb\uff65", "\u00b7"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
    # digits written as Chinese numerals, one character each (一三八〇〇一三八〇〇〇)
    **dict(zip("〇零一二三四五六七八九", "00123456789", strict=True)),
}
# What a value can be made of once normalized (windows are runs of these).
_VALUE_ASCII = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         " @._%+-/()\u00b7")
_PLANES = 0x30000  # nothing beyond the first three planes normalizes to a value character


@cache
def _translation() -> dict[int, str | None]:
    """_EXTRA, and every Unicode decimal digit (Arabic-Indic, Devanagari, …) as ASCII."""
    table: dict[int, str | None] = {ord(k): v for k, v in _EXTRA.items()}
    for code in range(_PLANES):
        digit = unicodedata.decimal(chr(code), None)
        if digit is not None and code > 0x7F:
            table[code] = str(digit)
    return table


def normalize(text: str) -> str:
    """NFKC (full-width digits, letters and signs become ASCII), one form per separator."""
    return unicodedata.normalize("NFKC", text).translate(_translation())


def _char_class(codes: Iterable[int]) -> str:
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in ranges) + "]"


_BMP = 0x10000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@cache
def _classes(astral: bool = True) -> tuple[str, str, str, str]:
    """Character classes: value characters, digits, separators (value characters other
    than digits and letters) and Latin letters, each in any form NFKC maps to them.

    `astral=False` leaves out the characters beyond the first plane (mathematical and
    enclosed digits and letters): for a text that holds none they match the same, and
    a class within the first plane is a table lookup for the regex engine, not a search
    through hundreds of ranges (three times faster over a whole site)."""
    value, digits, letters = set(), set(), set()
    for code in range(_PLANES if astral else _BMP):
        if 0xD800 <= code <= 0xDFFF:
            continue
        form = normalize(chr(code))
        if any(c in _VALUE_ASCII for c in form):
            value.add(code)
            if any(c.isdigit() and c.isascii() for c in form):
                digits.add(code)
            if form.isascii() and form.isalpha():
                letters.add(code)
    value |= {ord(c) for c in PROVINCES + PLATE_SUFFIXES + "转"} | {ord(c) for c in _EXTRA}
    return (_char_class(value), _char_class(digits),
            _char_class(value - digits - letters - {ord(c) for c in PROVINCES}),
            _char_class(letters))


@cache
def _seed(min_digits: int, astral: bool = True) -> re.Pattern[str]:
    """What opens a window: `min_digits` digits from the start of a run of digits, with
    at most three separators between two of them (every detector's separators are
    shorter), an `@`, or a province followed by a Latin letter (a plate)."""
    _, digit, other, letter = _classes(astral)
    # a run of digits starts a seed, a decimal's fraction (0.0213219616…) neither starts
    # nor continues one: no detector takes a dot followed by five digits
    gap = rf"(?:(?![.\uff0e]{digit}{{5}}){other}){{0,3}}"
    # one class first, then what follows it: the engine then skips ahead to the next
    # character of that class instead of trying the pattern at every position
    return re.compile(rf"[{digit[1:-1]}@\uff20\ufe6b{PROVINCES}]"
                      rf"(?:(?<={digit})(?<!{digit}{digit})(?<!{digit}[.\uff0e]{digit})"
                      rf"(?:{gap}{digit}){{{min_digits - 1}}}"
                      rf"|(?<=[@\uff20\ufe6b])|(?<=[{PROVINCES}]){letter})")


@cache
def _windows(min_digits: int, astral: bool = True) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A seed with the rest of its run of value characters, and a non-value character."""
    value = _classes(astral)[0]
    return (re.compile(rf"(?:{_seed(min_digits, astral).pattern}){value}*+"),
            re.compile("[^" + value[1:]))


def window_spans(text: str, min_digits: int) -> Iterator[tuple[int, int]]:
    """The whole run of value characters around each seed (a non-value character lies
    between two windows). The engine finds each seed with the rest of its run; where
    the run began is the first non-value character before the seed, searched for in
    the reversed text."""
    astral = _ASTRAL.search(text) is not None
    seed_to_end, non_value = _windows(min_digits, astral)
    reverse, length = text[::-1], len(text)
    for match in seed_to_end.finditer(text):
        before = non_value.search(reverse, length - match.start())
        yield (length - before.start() if before else 0), match.end()
