"""One build: inputs → checked tables → site in a fresh folder → swapped in, or nothing.

The output folder is only replaced once everything succeeded (pipeline, Pelican, search
index, personal-data scan), so a bad input never touches what is already there.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from pipeline import counts, datatests, guards, ingest, models, privacy, reference, validate
from pipeline.config import ROOT, Settings

log = logging.getLogger(__name__)


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
    con = models.connect(settings.timezone, settings.memory_limit, settings.threads)
    limits = ingest.Limits(settings.max_file_bytes, settings.max_record_bytes)
    reports = ingest.ingest(con, data_dir, limits)
    checked = validate.validate(con, reports, settings.max_quarantine_share,
                                settings.max_orphan_share, as_of, settings.earliest_date)
    lists = reference.load(con, data_dir)
    models.set_price_settings(con, settings)
    models.run_models(con, as_of, settings.id_key)
    tested = datatests.run(con)  # the tests each mart's YAML declares
    unlisted = reference.summary(reference.unlisted(con))
    groups, rows, example = con.execute(
        (Path(__file__).parent / "sql" / "reports" / "price_conflicts.sql").read_text("utf-8")
    ).fetchall()[0]
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
        # item, shop and day with different prices: the later file or line kept
        "price_conflicts": {"groups": int(groups), "rows": int(rows), "example": example},
        # a header may itself be a phone or a plate: published as its kind ("<mobile>")
        "columns_dropped": {table: [privacy.redact(name) for name in names]
                            for table, names in ingest.dropped_columns(reports).items()},
        "ignored_values": checked.ignored_values,
        "ignored": checked.ignored,
        "value_fallbacks": ingest.value_fallbacks(reports),
        **guards.volumes(con, settings.k),
        "reference_lists": lists,
        "unlisted": unlisted,
        "as_of": as_of.isoformat(),
        "data_date": data_date.isoformat() if data_date else None,
        "code_version": git_commit(),
        "k": settings.k,
        "data_tests": tested,
    }
    return con, manifest, validate.quarantine_report(con)


def price_warnings(manifest: dict) -> list[str]:
    """The operator's warning when one item, shop and day came with different prices."""
    found = manifest.get("price_conflicts") or {}
    if not found.get("groups"):
        return []
    return [f"prices: {found['groups']} item, shop and day(s) given different prices "
            f"({found['rows']} rows; e.g. {found['example']}); the later file or line was "
            "kept. Two kinds of price mixed (retail and wholesale, a forecast)? Keep one "
            "with a [filter] in the sidecar"]


def previous_manifest(output: Path) -> dict | None:
    """The last build's manifest in `output`, its record counts put back (counts.py)."""
    return counts.read(output / "data" / "manifest.json")


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
    return (file.startswith(("pagefind/", "pagefind-content/"))
            and file.removesuffix(".gz").removesuffix(".br").endswith((".js", ".css")))


def build(data_dir: Path, output: Path, settings: Settings, as_of: date,
          accept_change: bool = False, baseline: Path | None = None,
          show_drafts: bool = False, relative_urls: bool = False,
          reuse: bool = False) -> BuildResult:
    """Build the whole site for `data_dir` into `output`; leave `output` alone on failure.

    `baseline` is the last published site to compare volumes with (default: `output`);
    `show_drafts` (for the local preview only) writes drafts too, marked as drafts;
    `reuse` takes what did not change from the last build (tables by input checksum,
    pages by their inputs' hash; pipeline/cache.py) instead of making it again.
    """
    from pipeline.cache import TableCache
    from pipeline.content import check_built, check_content, check_figures, raise_problems
    from pipeline.opendata import published_tables
    from pipeline.site import incremental
    from pipeline.site.render import BUNDLES, build_search_index, precompress, render_site, workers

    content = ROOT / "content"
    raise_problems(check_content(content))  # the editors' mistakes first: they are cheap
    privacy.assert_content_clean(content)  # names the editor's file and line
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        # unchanged inputs, code, settings and as-of: the last export, not the pipeline
        tables = published_tables(data_dir, staging / "data", settings, as_of,
                                  TableCache() if reuse else None)
        frames, manifest, quarantine = tables.frames, tables.manifest, tables.quarantine
        if not accept_change:
            guards.check_volumes(manifest, previous_manifest(baseline or output),
                                 settings.min_volume_ratio)
        copies = privacy.fingerprint(staging / "data")  # CSV/JSON written with the Parquet
        check_figures(content, frames)
        previous = output if reuse and output.is_dir() else None
        # the pages read the manifest as published: no record counts (counts.py)
        render_site(staging, frames, counts.public(manifest), settings,
                    baseline=baseline or output,
                    search=False, reuse=previous, show_drafts=show_drafts,
                    relative_urls=relative_urls)
        raise_problems(check_built(content, staging))
        # the scan first, on every core (two processes), then Pagefind (about one and a
        # half cores): run side by side they took as long as one after the other, and the
        # scan's stage then carried Pagefind's time; a scan that fails now stops first
        with incremental.to_scan(staging, previous, skip=BUNDLES) as scanned:
            privacy.assert_clean(scanned, allow=vendor_code, copies=copies,
                                 content=content, workers=workers(), skip=BUNDLES)
        build_search_index(staging, previous)
        with incremental.to_scan(staging, previous, only=BUNDLES) as scanned:
            privacy.assert_clean(scanned, allow=vendor_code, workers=workers(), only=BUNDLES)
        precompress(staging, previous)
        swap_in(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return BuildResult(output, manifest, quarantine,
                       warnings=[*reference.warnings(manifest.get("unlisted", [])),
                                 *price_warnings(manifest)])
