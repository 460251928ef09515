"""Personal-data detectors for the non-Chinese forms foreign exports carry.

The scanner in privacy.py knows Chinese ID numbers, mobiles, plates; exports of other
cities' service-request systems carry North-American and international phone numbers,
exact coordinates of where a resident reported something, and English street addresses.
`find_international` returns (kind, start, end) spans in the text it is given (callers
normalize to NFKC first, as privacy.normalize does); it never logs a value.

Never `\\b`: Python counts Chinese characters as word characters, so edges are explicit
look-arounds on ASCII letters and digits. Dates, times, money, years, page counts and
version numbers must not be hits (tests/test_detectors_intl.py holds both sides).
"""

from __future__ import annotations

import re

_START = r"(?<![0-9A-Za-z+])(?<![0-9][.,])"
_END = r"(?![0-9A-Za-z])(?![.,][0-9])"

# North America: area code and exchange start with 2-9; separators are required unless
# the +1 prefix is given, so a bare ten-digit count or order number is not a phone.
_NANP = re.compile(
    _START + r"(?:(?:\+1|1)[ .-]?)?"
    r"(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}" + _END
    + r"|" + _START + r"\+1[ .-]?[2-9][0-9]{2}[2-9][0-9]{6}" + _END
)

# International: a leading + and country code, then groups; 8 to 15 digits in all (E.164).
_INTERNATIONAL = re.compile(
    r"(?<![0-9A-Za-z+])\+[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,5}\)?){1,6}" + _END
)

# Coordinates: a latitude and a longitude with four or more decimals (about 10 m or better),
# separated by a comma and/or spaces, optionally with degree signs and hemispheres.
_DEGREE = r"(?:°?\s?[NSEW](?![A-Za-z])|°)?"
_COORDINATES = re.compile(
    r"(?<![0-9A-Za-z.,])(?<![0-9][,;] )(?P<a>[-+]?[0-9]{1,3}\.[0-9]{4,})" + _DEGREE
    + r"\s*[,;/ ]\s*(?P<b>[-+]?[0-9]{1,3}\.[0-9]{4,})" + _DEGREE
    + r"(?![0-9A-Za-z])(?!\.[0-9])(?!\s*,\s*[-+]?[0-9])"
)

_STREET_WORDS = (
    "St", "Street", "Ave", "Av", "Avenue", "Rd", "Road", "Blvd", "Boulevard", "Dr", "Drive",
    "Ln", "Lane", "Way", "Ct", "Court", "Pl", "Place", "Ter", "Terrace", "Pkwy", "Parkway",
    "Hwy", "Highway", "Sq", "Square", "Cir", "Circle", "Plz", "Plaza", "Aly", "Alley",
    "Expy", "Expressway", "Tpke", "Turnpike", "Broadway", "Crescent", "Close", "Gardens",
)
_STREET_WORD = "|".join(sorted({w for s in _STREET_WORDS for w in (s, s.upper())},
                               key=len, reverse=True))
# A house number, then one to four name words (Capitalized, UPPER or ordinal: "W", "34th",
# "MAIN", "Martin Luther King"), then a street word; lower-case prose ("in 2024 the road")
# does not match.
_NAME_WORD = r"(?:[A-Z][A-Za-z'.-]*|[0-9]{1,4}(?:st|nd|rd|th|ST|ND|RD|TH)?)"
_ADDRESS = re.compile(
    r"(?<![0-9A-Za-z.,:/$¥€£-])[1-9][0-9]{0,5}[A-Za-z]?(?:-[0-9]{1,5})? "
    r"(?:" + _NAME_WORD + r" ){0,4}(?:" + _STREET_WORD + r")\.?"
    r"(?![A-Za-z0-9])"
)
_BROADWAY = re.compile(r"(?:Broadway|BROADWAY)")


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _phone_hits(text: str) -> list[tuple[str, int, int]]:
    hits = [("phone_intl", m.start(), m.end()) for m in _NANP.finditer(text)]
    for match in _INTERNATIONAL.finditer(text):
        value = match.group().rstrip(") ")
        if 8 <= _digits(value) <= 15 and not value.startswith("+0"):
            hits.append(("phone_intl", match.start(), match.start() + len(value)))
    return hits


def _valid_coordinates(match: re.Match[str]) -> bool:
    first, second = float(match["a"]), float(match["b"])
    if abs(first) < 1 and abs(second) < 1:
        return False  # rates and shares in [0, 1], not a place
    return (abs(first) <= 90 and abs(second) <= 180) or (abs(first) <= 180 and abs(second) <= 90)


def _address_hits(text: str) -> list[tuple[str, int, int]]:
    hits = []
    for match in _ADDRESS.finditer(text):
        words = match.group().split(" ")
        # a number right before the street word ("3 Street lights") is prose, except Broadway
        if len(words) < 3 and not _BROADWAY.fullmatch(words[-1].rstrip(".")):
            continue
        hits.append(("street_address", match.start(), match.end()))
    return hits


def _without_overlaps(hits: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The longest hit wins where two overlap; result in text order."""
    kept: list[tuple[str, int, int]] = []
    for hit in sorted(hits, key=lambda h: (h[1], -(h[2] - h[1]))):
        if kept and hit[1] < kept[-1][2]:
            if hit[2] - hit[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def find_international(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every international phone, coordinate pair and English street
    address in `text`; kinds are "phone_intl", "coordinates" and "street_address"."""
    hits = _phone_hits(text)
    hits += [("coordinates", m.start(), m.end()) for m in _COORDINATES.finditer(text)
             if _valid_coordinates(m)]
    hits += _address_hits(text)
    return _without_overlaps(hits)
