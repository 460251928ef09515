"""One build: inputs → checked tables → site in a fresh folder → swapped in, or nothing.

The output folder is only replaced once everything succeeded (pipeline, Pelican, search
index, personal-data scan), so a bad input never touches what is already there.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from pipeline import datatests, ingest, models, validate
from pipeline.config import ROOT, Settings
from pipeline.errors import ChangeRefused

log = logging.getLogger(__name__)

VOLUMES = {"cases": "stg_cases", "hotline": "stg_hotline", "disclosure": "stg_disclosure"}


@dataclass
class BuildResult:
    output: Path
    manifest: dict
    quarantine: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def git_commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=False)
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


def run_pipeline(data_dir: Path, settings: Settings, as_of: date
                 ) -> tuple[duckdb.DuckDBPyConnection, dict, list[dict]]:
    """Ingest, validate and model; return the connection, the manifest and the quarantine."""
    con = models.connect(settings.timezone)
    reports = ingest.ingest(con, data_dir)
    checked = validate.validate(con, reports, settings.max_quarantine_share,
                                settings.max_orphan_share)
    models.set_price_settings(con, settings)
    models.run_models(con, as_of, settings.id_key)
    tested = datatests.run(con)  # the tests each mart's YAML declares
    volumes = {name: con.execute(f'select count(*) from "{table}"').fetchall()[0][0]
               for name, table in VOLUMES.items()}
    data_date = con.execute("""
        select greatest(
            (select max(received_at) from stg_cases), (select max(received_at) from stg_hotline),
            (select max(observed_on) from stg_price_observations),
            (select max(reported_on) from stg_commitment_updates))::date
    """).fetchall()[0][0]
    manifest = {
        "inputs": [{"file": r.file, "table": r.table, "sha256": r.sha256, "rows": r.rows,
                    "quarantined": checked.quarantined.get(r.file, 0)} for r in reports],
        "duplicates_dropped": checked.duplicates,
        "columns_dropped": ingest.dropped_columns(reports),
        "ignored_values": checked.ignored_values,
        "volumes": volumes,
        "as_of": as_of.isoformat(),
        "data_date": data_date.isoformat() if data_date else None,
        "code_version": git_commit(),
        "k": settings.k,
        "data_tests": tested,
    }
    return con, manifest, validate.quarantine_report(con)


def previous_manifest(output: Path) -> dict | None:
    path = output / "data" / "manifest.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def check_volumes(manifest: dict, previous: dict | None, ratio: float) -> None:
    """Refuse a headline volume that fell below `ratio` of the last published build."""
    if not previous:
        return
    for name, count in manifest["volumes"].items():
        before = previous.get("volumes", {}).get(name)
        if before and count < ratio * before:
            raise ChangeRefused(
                f"{name}: {count} records against {before} in the last published build "
                f"(below {ratio:.0%}); check the inputs or pass --accept-change")


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with `staging` (same file system): two renames, old copy removed."""
    old = output.with_name(f".{output.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        output.rename(old)
    staging.rename(output)
    if old.exists():
        shutil.rmtree(old)


def vendor_code(file: str, kind: str, value: str) -> bool:
    """Pagefind's own scripts (the same in every build) are not data: skip them."""
    return file.startswith("pagefind/") and file.endswith((".js", ".css"))


def build(data_dir: Path, output: Path, settings: Settings, as_of: date,
          accept_change: bool = False, baseline: Path | None = None,
          show_drafts: bool = False) -> BuildResult:
    """Build the whole site for `data_dir` into `output`; leave `output` alone on failure.

    `baseline` is the last published site to compare volumes with (default: `output`);
    `show_drafts` (for the local preview only) writes drafts too, marked as drafts.
    """
    from pipeline import export, privacy
    from pipeline.content import check_built, check_content, check_figures, raise_problems
    from pipeline.site.render import render_site

    content = ROOT / "content"
    raise_problems(check_content(content))  # the editors' mistakes first: they are cheap
    con, manifest, quarantine = run_pipeline(data_dir, settings, as_of)
    if not accept_change:
        check_volumes(manifest, previous_manifest(baseline or output),
                      settings.min_volume_ratio)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        frames = export.export_all(con, staging / "data", settings.k, manifest)
        export.write_quarantine(quarantine, staging / "data")
        check_figures(content, frames)
        render_site(staging, frames, manifest, settings, baseline=baseline or output,
                    show_drafts=show_drafts)
        raise_problems(check_built(content, staging))
        privacy.assert_clean(staging, allow=vendor_code)
        swap_in(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
        con.close()
    return BuildResult(output, manifest, quarantine)
