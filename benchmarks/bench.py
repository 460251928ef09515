"""Performance benchmark: sample generation, pipeline and full build at a given scale.

Run: .venv/bin/python benchmarks/bench.py [--scale 1] ; results are appended to
docs/benchmarks.md. Targets (see that file): a scale-1 build well under 5 minutes on
the 2-core CI machine, the pipeline (ingest → marts) under 30 s.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build import build, run_pipeline  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.sample import write_sample  # noqa: E402


def timed(step, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = step(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    settings = load_settings()
    as_of = date(2026, 11, 1)
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "data", Path(tmp) / "site"
        t_sample, counts = timed(write_sample, data, scale=args.scale)
        t_pipeline, (con, manifest, _) = timed(run_pipeline, data, settings, as_of)
        con.close()
        t_build, _ = timed(build, data, out, settings, as_of)
        t_rebuild, _ = timed(build, data, out, settings, as_of, True)
        files = sum(1 for p in out.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    rows = sum(counts.values())
    line = (f"| {date.today()} | {args.scale:g} | {rows:,} | {t_sample:.1f} s | "
            f"{t_pipeline:.1f} s | {t_build:.1f} s | {t_rebuild:.1f} s | {files:,} | "
            f"{size:.0f} MB | {platform.python_version()} |")
    print(line)
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as f:
        f.write(line + "\n")


if __name__ == "__main__":
    main()
