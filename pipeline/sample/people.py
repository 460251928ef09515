"""Synthetic personal data: names, mobiles in the forms people write them, resident ID
numbers with a valid check character, addresses, and free text with those glued in, so the
privacy checks have something realistic to find."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.sample.draws import cat, zero_padded
from pipeline.sample.names import ESTATES, GIVEN, MOBILE_PREFIXES, REGION_CODES, ROADS, SURNAMES

PHONE_STYLES = (0.62, 0.14, 0.08, 0.08, 0.05, 0.03)  # plain, dashes, +86 spaced, spaced, ＦＷ, +86
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])


def full_names(rng: np.random.Generator, n: int, two_given: float = .65) -> np.ndarray:
    second = np.where(rng.random(n) < two_given, rng.choice(GIVEN, n), "")
    return cat(rng.choice(SURNAMES, n), rng.choice(GIVEN, n), second)


def mobiles(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic mobiles: (plain 11 digits, as written in varied forms)."""
    head = rng.choice(MOBILE_PREFIXES, n)
    mid = zero_padded(rng.integers(0, 10_000, n), 4)
    tail = zero_padded(rng.integers(0, 10_000, n), 4)
    plain = cat(head, mid, tail)
    full_width = pd.Series(plain, dtype=object).str.translate(
        str.maketrans("0123456789", "０１２３４５６７８９")).to_numpy(dtype=object)
    forms = np.stack([plain, cat(head, "-", mid, "-", tail),
                      cat("+86 ", head, " ", mid, " ", tail), cat(head, " ", mid, " ", tail),
                      full_width, cat("+86", plain)])
    return plain, forms[rng.choice(len(forms), size=n, p=PHONE_STYLES), np.arange(n)]


def id_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """18-character resident ID numbers with a valid ISO 7064 MOD 11-2 check character."""
    birth = np.datetime64("1950-01-01") + rng.integers(0, 20_000, n).astype("timedelta64[D]")
    body = np.char.add(np.char.add(rng.choice(REGION_CODES, n),
                                   np.char.replace(np.datetime_as_string(birth), "-", "")),
                       zero_padded(rng.integers(0, 1000, n), 3))
    digits = np.frombuffer(body.astype("S17").tobytes(), dtype=np.uint8).reshape(n, 17) - 48
    check = np.array(list("10X98765432"))[(digits.astype(np.int64) @ ID_WEIGHTS) % 11]
    return np.char.add(body, check).astype(object)


def addresses(rng: np.random.Generator, area: np.ndarray) -> np.ndarray:
    n = len(area)
    street = cat(area, rng.choice(ROADS, n), rng.integers(1, 300, n).astype(str), "号")
    room = rng.integers(1, 19, n) * 100 + rng.integers(1, 5, n)
    flat = cat(street, rng.choice(ESTATES, n), rng.integers(1, 30, n).astype(str), "栋",
               rng.integers(1, 6, n).astype(str), "单元", room.astype(str), "室")
    return np.where(rng.random(n) < .6, flat, street)


def with_personal(rng: np.random.Generator, text: np.ndarray, names: np.ndarray,
                  phones: np.ndarray, ids: np.ndarray, who: str = "居民") -> np.ndarray:
    """Free text as staff type it: now and then a name, phone or ID glued to the words."""
    draw = rng.random(len(text))
    out = np.where(draw < .025, cat(who, names, "（电话", phones, "）：", text), text)
    out = np.where((draw >= .025) & (draw < .035), cat(text, "，联系人", names, phones), out)
    out = np.where((draw >= .035) & (draw < .04), cat("当事人", names, "身份证号", ids, "，", text),
                   out)
    ascii_commas = rng.random(len(text)) < .05
    out[ascii_commas] = pd.Series(out[ascii_commas], dtype=object).str.replace(
        "，", ", ").to_numpy()
    return np.where(text == "", "", out)
