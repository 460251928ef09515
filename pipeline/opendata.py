"""The open data alone: inputs → published tables, datapackage.json, manifest, quarantine.

`publish.py data` writes this folder without a site (for open-data users, the benchmark
and checks outside the repository); `build` gets its tables from `published_tables`,
which reuses the last export when nothing the tables depend on changed (pipeline/cache.py).
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline import counts, datachecks, export, guards, reference
from pipeline.cache import TableCache, table_key
from pipeline.catalog import TABLES
from pipeline.config import Settings

log = logging.getLogger(__name__)


@dataclass
class Tables:
    frames: dict[str, pd.DataFrame]
    manifest: dict
    quarantine: list[dict] = field(default_factory=list)
    reused: bool = False
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)  # site-only frames


def compute_tables(data_dir: Path, out: Path, settings: Settings, as_of: date) -> Tables:
    """Run ingest → validate → models → disclosure → export into `out`."""
    from pipeline.build import run_pipeline

    con, manifest, quarantine = run_pipeline(data_dir, settings, as_of)
    try:
        frames = export.export_all(con, out, settings.k, manifest)
        # the metric invariants of the published tables, before anything is published
        manifest = {**manifest, "data_checks": datachecks.run_checks(con, frames)}
        # names per language, typed as the cache gives them back (Parquet round trip)
        extras = {name: _as_cached(frame)
                  for name, frame in {"reference_names": reference.names_frame(con)}.items()}
    finally:
        con.close()
    export.write_quarantine(quarantine, out)
    counts.keep(out / "manifest.json", manifest)  # the counts the published file leaves out
    # as the cache gives it back (plain JSON values), so a fresh and a cached build of the
    # same inputs render the same pages under the same key
    manifest = json.loads(json.dumps(manifest, ensure_ascii=False, default=str))
    return Tables({**frames, **extras}, manifest, quarantine, extras=extras)


def _as_cached(frame: pd.DataFrame) -> pd.DataFrame:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return pd.read_parquet(io.BytesIO(buffer.getvalue()))


def published_tables(data_dir: Path, out: Path, settings: Settings, as_of: date,
                     cache: TableCache | None = None) -> Tables:
    """The tables for `data_dir` exported into `out`: from `cache` when its key matches,
    else computed (and then kept in `cache`)."""
    if cache is None:
        return compute_tables(data_dir, out, settings, as_of)
    from pipeline.build import git_commit

    key = table_key(data_dir, settings, as_of, git_commit())
    hit = cache.get(key)
    if hit is not None:
        hit.copy_to(out)
        counts.keep(out / "manifest.json", hit.manifest)  # (the state folder may be new)
        extras = hit.extras()
        return Tables({**hit.frames([t.name for t in TABLES]), **extras}, hit.manifest,
                      hit.quarantine, reused=True, extras=extras)
    done = compute_tables(data_dir, out, settings, as_of)
    cache.put(key, out, done.manifest, done.quarantine, done.extras)
    return done


def previous_manifest(folder: Path) -> dict | None:
    """The last export's manifest in `folder`, its record counts put back (counts.py)."""
    return counts.read(folder / "manifest.json")


def publish_data(data_dir: Path, output: Path, settings: Settings, as_of: date,
                 accept_change: bool = False) -> Tables:
    """Write the open data of `data_dir` into `output`; leave `output` alone on failure.

    The same guards as a build: bad inputs raise InputError, and a headline volume that
    fell below the ratio of the last export in `output` raises ChangeRefused.
    """
    from pipeline.build import swap_in

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        done = compute_tables(data_dir, staging, settings, as_of)
        if not accept_change:
            guards.check_volumes(done.manifest, previous_manifest(output),
                                 settings.min_volume_ratio)
        swap_in(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return done
