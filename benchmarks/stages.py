"""Times each stage of the pipeline or of a build in one process, with peak memory.

Run: python benchmarks/stages.py data DATA OUT      (ingest → validate → models → export)
     python benchmarks/stages.py build DATA OUT [--keep-trash]
                                  (full builds, then rebuilds; the folders cleared between
                                  builds are deleted at the end, or left in
                                  OUT/../.benchmark-trash with --keep-trash)
Prints one JSON object: per stage its wall and CPU seconds (this process and the
programs it ran, e.g. Pagefind) and the process's peak memory when the stage ended.
The stages are the pipeline's own functions, timed by wrapping them in the process that
builds; a stage the code no longer has is left out of the report, not an error. The two
full builds each run in a new process, as `publish.py build` and the nightly job do,
and are also timed whole ("… (whole process)": the interpreter's start and the imports
included); the rebuilds run one after another in this process, as the preview started on
an existing site runs them (the first is the process's first build, as the preview's is),
and a last one after a page was edited runs in a new process, as `publish.py build` run
by an editor or a check after an edit.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 1)
# Folders the benchmark removes are renamed into this one beside them and deleted when
# every run is done. On this machine's file system (ext4 without a journal) a new file
# takes an inode only after the allocator has looked at every inode freed in the last
# minute or so, one by one: right after thousands of files were deleted, each file
# created costs about 0.3–1 ms instead of 0.03 ms (measured with strace: openat with
# O_CREAT; perf: recently_deleted). A nightly build follows no such deletion (the last
# night's was a day before), so the benchmark does not put one in front of a build.
TRASH = ".benchmark-trash"


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Wall and CPU seconds per stage; nested stages are reported on their own too."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}

    def wrap(self, owner, name: str, label: str) -> None:
        step = getattr(owner, name, None)
        if step is None:
            return

        def timed(*args, **kwargs):
            wall, cpu = time.perf_counter(), _cpu()
            try:
                return step(*args, **kwargs)
            finally:
                row = self.rows.setdefault(label, {"wall_s": 0.0, "cpu_s": 0.0, "calls": 0})
                row["wall_s"] += time.perf_counter() - wall
                row["cpu_s"] += _cpu() - cpu
                row["calls"] += 1
                row["peak_mb"] = round(_peak_mb(), 1)

        setattr(owner, name, timed)

    def run(self, label: str, step: Callable, *args, **kwargs):
        holder = type("Holder", (), {"step": staticmethod(step)})
        self.wrap(holder, "step", label)
        return holder.step(*args, **kwargs)

    def report(self) -> dict:
        return {label: {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}
                for label, row in self.rows.items()}


def instrument(stages: Stages) -> None:
    from pipeline import export, ingest, models, privacy, validate
    from pipeline.site import generator, render

    stages.wrap(ingest, "ingest", "ingest")
    stages.wrap(validate, "validate", "validate")
    stages.wrap(models, "run_models", "models (staging, marts)")
    # (export's step that calls it: importing the disclosure control here would load its
    # solver into builds that never use it, e.g. an edited page's rebuild)
    stages.wrap(export, "_protected", "disclosure control (suppression + audit)")
    stages.wrap(export, "export_all", "export (incl. disclosure control)")
    stages.wrap(render, "render_site", "site (Pelican + search index)")
    stages.wrap(render, "build_search_index", "search index (Pagefind)")
    stages.wrap(generator.DashboardGenerator, "generate_output", "data pages and charts")
    stages.wrap(privacy, "assert_clean", "personal-data scan")
    for name in ("precompress", "compress_tree"):
        stages.wrap(render, name, "precompression")


def run_data(data: Path, out: Path) -> dict:
    from pipeline.config import load_settings
    from pipeline.opendata import publish_data

    stages = Stages()
    instrument(stages)
    stages.run("publish.py data (total)", publish_data, data, out, load_settings(), AS_OF, True)
    return stages.report()


def _edit_one_page(label: str) -> tuple[Path, str]:
    """A sentence added to the first document (restored after the rebuild); each edited
    rebuild adds its own, so that each differs from the build before it."""
    sentence = "本文已于今日再次更新。" if label == EDITED_NEW_PROCESS else "本文已于近日更新。"
    page = sorted((ROOT / "content").rglob("*.md"))[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(f"{text}\n\n{sentence}\n", encoding="utf-8")
    return page, text


def set_aside(path: Path) -> None:
    """Move `path` (if there) into the trash folder beside it, removed by `empty_trash`."""
    if not path.exists():
        return
    trash = path.parent / TRASH
    trash.mkdir(exist_ok=True)
    path.rename(trash / f"{path.name}-{time.time_ns()}")


def empty_trash(folder: Path) -> None:
    shutil.rmtree(folder / TRASH, ignore_errors=True)


# the full builds run as `publish.py build` and the nightly do: each in a new process,
# its interpreter's start, imports and caches included; the rebuilds as the preview
# (`serve`, started on an existing site) runs them: one after another in one process,
# the first of them that process's first build (cold, as the preview's first is)
NEW_PROCESS = ("full build, nothing cached", "full build, charts cached")
REBUILDS = ("rebuild, nothing changed", "rebuild again, nothing changed",
            "rebuild, one page edited")
EDITED_NEW_PROCESS = "new process, one page edited"  # `publish.py build` after an edit


def one_build(label: str, data: Path, out: Path) -> dict:
    """One build into `out` in this process, stage by stage."""
    from pipeline.build import build
    from pipeline.config import load_settings

    stages = Stages()
    instrument(stages)
    edited = _edit_one_page(label) if label.endswith("edited") else None
    try:
        stages.run(f"{label} (total)", build, data, out, load_settings(), AS_OF, True,
                   reuse=True)
    finally:
        if edited:
            edited[0].write_text(edited[1], encoding="utf-8")
    return stages.report()


def _in_new_process(label: str, data: Path, out: Path) -> dict:
    """`label`'s build in a new process: its stages from inside, and the whole process's
    wall and CPU seconds (with the programs it ran) as "<label> (whole process)"."""
    wall, cpu = time.perf_counter(), _cpu()
    done = subprocess.run([sys.executable, __file__, "one", str(data), str(out), label],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{label} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    whole = {"wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(_cpu() - cpu, 3),
             "calls": 1}
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return {**report, f"{label} (whole process)": whole}


def run_build(data: Path, out: Path) -> dict:
    """A build from nothing (no tables, pages or chart SVGs of an earlier build: every
    chart drawn), one with the SVGs drawn (the tables and pages made again), each in a
    new process; then in this process, as the preview runs them, two rebuilds with
    nothing changed (the first is this process's first build) and one after a page was
    edited; last, a page edited again, in a new process."""
    from pipeline import cache

    result = {}
    # the first rebuild writes the data pages again: they compare with the last published
    # data, which the build before it (into an empty output) did not have; the second is
    # a build of the same inputs for the same day (a second build, the preview)
    for label in NEW_PROCESS:
        if label == "full build, charts cached":  # e.g. a new code version, same charts
            set_aside(out)
            set_aside(cache.CACHE_DIR)
        result[label] = _in_new_process(label, data, out)
    for label in REBUILDS:
        result[label] = one_build(label, data, out)
    result[EDITED_NEW_PROCESS] = _in_new_process(EDITED_NEW_PROCESS, data, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    result["output"] = {"files": len(files),
                        "mb": round(sum(p.stat().st_size for p in files) / 1e6, 1)}
    return result


def main() -> None:
    mode, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    import logging

    logging.basicConfig(level=logging.WARNING)
    if mode == "data":
        # a fresh table cache per run: the benchmark measures the work, not the cache
        print(json.dumps(run_data(data, out)))
        return
    from pipeline import cache

    # the table and chart caches beside the output (the chart cache's folder is read
    # when pipeline.charts is first imported, here and in the processes started)
    cache.CACHE_DIR = out.with_name(out.name + ".cache")
    if mode == "one":  # one build, in the process run_build started for it
        report = one_build(sys.argv[4], data, out)
    else:
        charts = out.with_name(out.name + ".charts")
        for old in (out, cache.CACHE_DIR, charts):  # the first build starts from nothing
            set_aside(old)
        os.environ["PORTAL_CHART_CACHE"] = str(charts)
        try:
            report = run_build(data, out)
        finally:
            if "--keep-trash" not in sys.argv[4:]:  # run.py empties it after every build
                empty_trash(out.parent)  # where set_aside put all three
    print(json.dumps(report))


if __name__ == "__main__":
    main()
