"""The published tables of a build, reduced to one SHA-256 per file: a golden record.

`python -m tests.golden.published` (from the repository root) rewrites
tests/golden/published.json from the code as it is; tests/test_catalog.py compares every
later build with it, byte for byte (CSV, JSON, and the datapackage.json schema of each).
The record was first written by the code before the tables were described in YAML (the
Python declarations of pipeline/tables.py), then rewritten when main's 30-day cohort
columns and price currency came in (the merge, checked equal to main's own output);
rewrite it only with a change meant to alter a published table, and say so in that commit.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GOLDEN = Path(__file__).with_suffix(".json")
# (name, input folder or None for the generated sample, as-of date)
CASES = {
    "good": (ROOT / "tests" / "fixtures" / "good", date(2025, 6, 30)),
    "sample": (None, date(2026, 11, 1)),
}
# Files whose last bits vary from run to run on the sample: price_index's float averages
# follow DuckDB's thread order (the nightly branch makes them ordered aggregates; then
# drop this and rewrite the golden record).
UNSTABLE = {"sample": ("price_index.csv", "price_index.json")}


def digests(data_dir: Path, as_of: date, out: Path) -> dict[str, str]:
    """Run the pipeline and the export on `data_dir`; every published file's SHA-256."""
    from pipeline import export
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    settings = load_settings(max_quarantine_share=0.5, max_orphan_share=0.5)
    con, manifest, _ = run_pipeline(data_dir, settings, as_of)
    try:
        export.export_all(con, out, settings.k, manifest)
    finally:
        con.close()
    found = {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
             for path in sorted(out.iterdir()) if path.suffix in (".csv", ".json")
             and path.name not in ("manifest.json", "datapackage.json")}
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    schema = json.dumps(package["resources"], ensure_ascii=False, sort_keys=True)
    found["datapackage.json#resources"] = hashlib.sha256(schema.encode()).hexdigest()
    return found


def case_digests(name: str) -> dict[str, str]:
    from pipeline.sample import write_sample

    data_dir, as_of = CASES[name]
    work = Path(tempfile.mkdtemp(prefix=f"golden-{name}-"))
    try:
        if data_dir is None:
            data_dir = work / "data"
            write_sample(data_dir, scale=0.05, seed=7)
        found = digests(data_dir, as_of, work / "out")
        return {k: v for k, v in found.items() if k not in UNSTABLE.get(name, ())}
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps({name: case_digests(name) for name in CASES}, indent=1,
                                 sort_keys=True) + "\n", encoding="utf-8")
