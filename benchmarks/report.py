"""docs/performance.md from benchmarks/results/*.json: the tables between the markers.

The rest of docs/performance.md (what the figures mean, what changed) is written by hand;
only the part between `<!-- results -->` and `<!-- /results -->` is replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

START, END = "<!-- results -->", "<!-- /results -->"


def _load(results: Path) -> list[dict]:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in results.glob("*.json")]
    return sorted(found, key=lambda r: (r["scale"], r["format"]))


def _fig(row: dict) -> str:
    return f"{row['wall_s']:.1f} s / {row['cpu_s']:.1f} s / {row['peak_mb']:.0f} MB"


def _probe(run: dict) -> str:
    seconds = run["machine"].get("probe_s")
    where = f"scale {run['scale']:g}"
    return f"{where} {seconds:.1f} s" if seconds is not None else f"{where} not taken"


def _side_by_side(runs: list[dict]) -> list[str]:
    lines = ["| scale | input | cases / calls | portal: wall / CPU / peak | "
             "pandas: wall / CPU / peak | pandas ÷ portal (wall, CPU, peak) | "
             "same figures |",
             "|---|---|---|---|---|---|---|"]
    for r in runs:
        side = r["side_by_side"]
        ratio = side["ratio_pandas_over_portal"]
        agree = all(t["cells_differing"] == 0 and t["rows_only_one_side"] == 0
                    for t in side["agreement"].values())
        cells = sum(t["cells_compared"] for t in side["agreement"].values())
        lines.append(
            f"| {r['scale']:g} | {r['format']}, {r['sample']['mb']:.0f} MB | "
            f"{r['rows'].get('cases', 0):,} / {r['rows'].get('hotline', 0):,} | "
            f"{_fig(side['portal'])} | {_fig(side['pandas'])} | "
            f"{ratio['wall_s']:.2f}×, {ratio['cpu_s']:.2f}×, {ratio['peak_mb']:.2f}× | "
            f"{'yes' if agree else 'NO'} ({cells:,} cells) |")
    return lines


def _stages(runs: list[dict]) -> list[str]:
    lines = []
    for r in runs:
        lines += ["", f"Stages of `publish.py data` at scale {r['scale']:g} ({r['format']}), "
                  f"sample written in {r['sample']['wall_s']:.0f} s:", "",
                  "| stage | wall | CPU | peak memory after it |", "|---|---|---|---|"]
        lines += [f"| {name} | {s['wall_s']:.1f} s | {s['cpu_s']:.1f} s | "
                  f"{s['peak_mb']:.0f} MB |" for name, s in r["stages"].items()]
    return lines


def _builds(runs: list[dict]) -> list[str]:
    lines = []
    for r in (r for r in runs if "build" in r):
        build = r["build"]
        times = build.get("runs", 1)
        each = (f" Medians of {times} runs of every build, one after another (each run's "
                "total in brackets).") if times > 1 else ""
        lines += ["", f"Build at scale {r['scale']:g}: output {build['output']['files']:,} "
                  f"files, {build['output']['mb']:.0f} MB.{each}", "",
                  "| run | stage | wall | CPU (with programs it ran) |", "|---|---|---|---|"]
        for run, stages in build.items():
            if not isinstance(stages, dict) or run == "output":
                continue
            for name, s in stages.items():
                runs_ = s.get("runs_wall_s")
                spread = f" ({', '.join(f'{w:.1f}' for w in runs_)})" if runs_ else ""
                lines.append(f"| {run} | {name} | {s['wall_s']:.1f} s{spread} | "
                             f"{s['cpu_s']:.1f} s |")
    return lines


def write_report(results: Path, target: Path) -> None:
    runs = _load(results)
    if not runs:
        return
    m = runs[-1]["machine"]
    body = [START, "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
            f"Python {m['python']}, {m['system']} (load {m['load_at_start']:.1f} "
            "when the last run started: the machine is shared, read the ratios).",
            *([f"Speed probe (30 million additions in plain Python, when each scale "
               f"started): {', '.join(_probe(r) for r in runs)}; 1.7 s at the fastest "
               "moments seen, 3.0 s at the slowest: builds and single timings move with "
               "it, ratios much less."] if any("probe_s" in r["machine"] for r in runs)
              else []), "",
            *_side_by_side(runs), *_stages(runs), *_builds(runs), "", END]
    text = target.read_text(encoding="utf-8") if target.exists() else f"{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    target.write_text(head + "\n".join(body) + tail, encoding="utf-8")
