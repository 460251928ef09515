"""Deterministic sample inputs for every domain, shaped like real government exports.

`write_sample` writes cases, hotline calls, commitments, prices and disclosure requests
under ``out/<domain>/`` as the input contracts of DESIGN.md describe them, with the mess
the ingest has to survive: a GB18030 file and BOM files, an XLSX with Chinese headers and
a mapping sidecar, mixed date forms, word and digit ratings, exact duplicate rows, a
handful of unreadable rows and synthetic personal data (names, mobiles, ID numbers with a
valid check digit) in personal columns and glued into free text. The same scale and seed
give byte-identical files; the data covers 2023-11-01 .. 2026-10-31, never today.
The reference lists of every public dimension go to ``out/reference/`` (sample/reference.py).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

__all__ = ["write_sample"]


FORMS = ("csv", "parquet")
#: the largest scale generated in one piece (about 3 GB of memory); above it cases and
#: calls are written in parts (`cases_2025-p03.parquet`), each a sample of the whole period
PART_SCALE = 10.0


def write_sample(out: Path, scale: float = 1.0, seed: int = 20240101,
                 form: str = "csv") -> dict[str, int]:
    """Write data under out/<domain>/...; return {relative file path: row count}.

    Row counts are data records as written, duplicates and unreadable rows included.
    Records scale with `scale` (cases, calls, disclosure requests); commitments and
    prices stay fixed. Each domain draws from its own stream, seeded by (seed, domain).
    `form="parquet"` writes the large domains (cases, hotline) as Parquet, as exports of
    a million rows and more come; the others stay CSV.
    """
    # the generators are imported here: a build of the sample reads only its last day
    # (draws.END), and should not import them all for that (a tenth of a second)
    from pipeline.sample.cases import write_cases
    from pipeline.sample.commitments import write_commitments
    from pipeline.sample.disclosure import write_disclosure
    from pipeline.sample.hotline import write_hotline
    from pipeline.sample.prices import write_prices
    from pipeline.sample.reference import write_reference

    if scale <= 0:
        raise ValueError("scale must be above zero")
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}")
    out = Path(out)
    counts: dict[str, int] = {}
    parts = max(1, math.ceil(scale / PART_SCALE))
    writers = ((write_cases, parts), (write_hotline, parts), (write_commitments, 1),
               (write_prices, 1), (write_disclosure, 1))
    for number, (writer, pieces) in enumerate(writers):
        if pieces == 1:
            options = {"form": form} if writer in (write_cases, write_hotline) else {}
            counts.update(writer(out, np.random.default_rng([seed, number]), scale,
                                 **options))
            continue
        for piece in range(pieces):  # one part in memory at a time
            counts.update(writer(out, np.random.default_rng([seed, number, piece]),
                                 scale / pieces, form=form, tag=f"p{piece:02d}"))
    write_reference(out)
    return counts
