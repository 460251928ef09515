"""The benchmark in one command: sample data at each scale, the pipeline against a pandas
reference side by side, the build and an edit's rebuild; writes docs/performance.md.

Run: .venv/bin/python benchmarks/run.py --scales 1 10 [--runs 3] [--build-scales 1]

For each scale it generates the sample once (CSV below scale 10, Parquet from 10 up:
above a million rows exports come as Parquet; `--formats csv parquet` runs both), then
- times the stages of `publish.py data` in one process (benchmarks/stages.py),
- runs `publish.py data` and `benchmarks/pandas_reference.py` in turn, A B A B …, each as
  a whole process (wall, CPU, peak memory from the kernel's accounting, os.wait4), and
  gives the ratio pair by pair, so that a machine whose speed drifts still compares fairly,
- checks that both computed the same cases_monthly and hotline_monthly cells,
- at the build scales, times a full build (charts drawn, then charts cached), two
  rebuilds with nothing changed and a rebuild after one Markdown page was edited, stage
  by stage; `--build-runs` times (3 by default), reporting each stage's median and
  every run's total.
Results go to benchmarks/results/<scale>-<format>.json and docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
AS_OF = "2026-11-01"
PARQUET_FROM = 10  # scale 10 ≈ 1M cases and 1.5M calls
CHECKED = {"cases_monthly": ["month", "source"], "hotline_monthly": ["month"]}


def measure(command: list[str]) -> dict:
    """Run `command` as a process; its wall time, CPU time and peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {error.strip()[-800:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def json_of(command: list[str]) -> dict:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def sample(work: Path, scale: float, form: str) -> tuple[Path, dict]:
    """The sample inputs at `scale` (made once; kept in `work` for the next run)."""
    folder = work / f"sample-{scale:g}-{form}"
    stamp = folder / ".made"
    if stamp.exists():
        return folder, json.loads(stamp.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    figures = measure([PYTHON, "publish.py", "sample", "--out", str(folder),
                       "--scale", str(scale), "--format", form])
    files = [p for p in folder.rglob("*") if p.is_file()]
    figures["mb"] = round(sum(p.stat().st_size for p in files) / 1e6, 1)
    stamp.write_text(json.dumps(figures))
    return folder, figures


def side_by_side(data: Path, work: Path, runs: int) -> dict:
    """`publish.py data` (A) against the pandas reference (B), in turn, `runs` pairs
    after one warm-up pair; medians and the median of the pairwise ratios A/B."""
    portal = [PYTHON, "publish.py", "data", "--data", str(data), "--output",
              str(work / "portal"), "--as-of", AS_OF, "--accept-change"]
    reference = [PYTHON, "benchmarks/pandas_reference.py", str(data), str(work / "pandas")]
    pairs = []
    for number in range(runs + 1):
        a, b = measure(portal), measure(reference)
        if number:  # the first pair warms the file cache
            pairs.append((a, b))
    result = {}
    for name, index in (("portal", 0), ("pandas", 1)):
        result[name] = {k: statistics.median(p[index][k] for p in pairs)
                        for k in ("wall_s", "cpu_s", "peak_mb")}
    result["ratio_pandas_over_portal"] = {
        k: round(statistics.median(p[1][k] / p[0][k] for p in pairs), 2)
        for k in ("wall_s", "cpu_s", "peak_mb")}
    result["runs"] = runs
    result["agreement"] = agreement(work / "portal", work / "pandas")
    return result


def agreement(portal: Path, pandas: Path) -> dict:
    """Cells both computed and the portal published (not suppressed): how many differ."""
    found = {}
    for table, keys in CHECKED.items():
        ours = pd.read_csv(portal / f"{table}.csv", encoding="utf-8-sig")
        theirs = pd.read_csv(pandas / f"{table}.csv")
        both = ours.merge(theirs, on=keys, how="outer", suffixes=("", "_ref"),
                          indicator=True)
        compared = differ = 0
        for column in (c for c in theirs.columns if c not in keys and c in ours.columns):
            shown = both[column].notna() & (both["_merge"] == "both")
            gap = (both.loc[shown, column] - both.loc[shown, f"{column}_ref"]).abs()
            compared += int(shown.sum())
            differ += int((~(gap < 1e-9)).sum())
        found[table] = {"rows_only_one_side": int((both["_merge"] != "both").sum()),
                        "cells_compared": compared, "cells_differing": differ}
    return found


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip()
                  for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) / 1024 / 1024
                   for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "python": platform.python_version(), "system": platform.platform(),
            "load_at_start": os.getloadavg()[0], "probe_s": probe()}


def probe() -> float:
    """Seconds of a fixed loop of plain Python (30 million additions), the median of
    three: how fast this shared machine ran when the scale started (1.7 s at the fastest
    moments seen, 3.0 s at the slowest)."""
    code = "s = 0\nfor i in range(30_000_000): s += i"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 2)


def median_build(builds: list[dict]) -> dict:
    """Per run and stage, the median wall and CPU seconds of several `stages.py build`
    runs (a stage missing from a run counts from the others), with every run's total."""
    result: dict = {"output": builds[-1]["output"], "runs": len(builds)}
    labels = list(dict.fromkeys(k for b in builds for k in b if k != "output"))
    for label in labels:
        runs = [b[label] for b in builds if label in b]
        stages = {}
        for name in dict.fromkeys(n for r in runs for n in r):
            rows = [r[name] for r in runs if name in r]
            stages[name] = {key: round(statistics.median(row[key] for row in rows), 3)
                            for key in ("wall_s", "cpu_s")}
            if name.endswith(("(total)", "(whole process)")):
                stages[name]["runs_wall_s"] = [row["wall_s"] for row in rows]
        result[label] = stages
    return result


def run_scale(scale: float, form: str, work: Path, runs: int, with_build: bool,
              build_runs: int = 3) -> dict:
    data, made = sample(work, scale, form)
    result = {"scale": scale, "format": form, "sample": made, "machine": machine()}
    out = work / f"out-{scale:g}-{form}"
    result["stages"] = json_of([PYTHON, "benchmarks/stages.py", "data", str(data),
                                str(out / "stages")])
    from pipeline import counts  # the record counts are kept off the published manifest

    result["rows"] = counts.read(out / "stages" / "manifest.json")["volumes"]
    result["side_by_side"] = side_by_side(data, out, runs)
    if with_build:
        # the folders each run clears are deleted after the last run: deleting thousands
        # of files makes the next ones created slow on this machine (stages.TRASH)
        try:
            result["build"] = median_build([
                json_of([PYTHON, "benchmarks/stages.py", "build", str(data),
                         str(out / "site"), "--keep-trash"])
                for _ in range(build_runs)])
        finally:
            shutil.rmtree(out / ".benchmark-trash", ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{scale:g}-{form}.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0])
    parser.add_argument("--formats", nargs="+", choices=["auto", "csv", "parquet"],
                        default=["auto"])
    parser.add_argument("--runs", type=int, default=3, help="counted pairs (after a warm-up)")
    parser.add_argument("--build-scales", type=float, nargs="*", default=[1.0])
    parser.add_argument("--build-runs", type=int, default=3,
                        help="builds timed at each build scale (medians reported)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-benchmark"),
                        help="where samples and outputs go (samples are kept and reused)")
    args = parser.parse_args()
    if args.build_runs < 1:
        parser.error("--build-runs must be at least 1")
    args.work.mkdir(parents=True, exist_ok=True)
    for scale in args.scales:
        for form in args.formats:
            if form == "auto":
                form = "parquet" if scale >= PARQUET_FROM else "csv"
            print(f"scale {scale:g} ({form}) …", flush=True)
            result = run_scale(scale, form, args.work, args.runs,
                               scale in args.build_scales, args.build_runs)
            side = result["side_by_side"]
            print(f"  portal {side['portal']}, pandas {side['pandas']}, "
                  f"pandas/portal {side['ratio_pandas_over_portal']}", flush=True)
    from report import write_report  # benchmarks/report.py

    write_report(RESULTS, ROOT / "docs" / "performance.md")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
