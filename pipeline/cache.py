"""The last published tables, kept by what made them, so an unchanged input is not redone.

A build whose inputs (every file under the data folder, by SHA-256), pipeline code
(Python, SQL, catalogue), settings and as-of date are those of a build already done
copies that build's exported `data/` folder instead of running ingest → marts → export
again. An editor's change to one Markdown page then costs the site, not the pipeline.
The key names everything the tables depend on; anything else (templates, content) does
not reach the tables, so it is left out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from pipeline.config import ROOT, Settings

log = logging.getLogger(__name__)

CACHE_DIR = ROOT / "data" / "state" / "cache"
KEEP = 3  # entries kept: today's, yesterday's, and one to spare
PIPELINE = ROOT / "pipeline"
_NOT_TABLES = ("site", "sample")  # code that writes pages or sample inputs, not tables
_STATE = "state.json"


def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _tree_digest(root: Path, paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(file_digest(path).encode("ascii") + b"\n")
    return digest.hexdigest()


def code_digest() -> str:
    """The pipeline's own code: every .py, .sql and .toml outside site/ and sample/."""
    files = [p for p in PIPELINE.rglob("*") if p.is_file()
             and p.suffix in (".py", ".sql", ".toml")
             and p.relative_to(PIPELINE).parts[0] not in _NOT_TABLES]
    return _tree_digest(PIPELINE, files)


def input_digest(data_dir: Path) -> str:
    """Every file under the data folder (mapping sidecars included), by content."""
    files = [p for p in data_dir.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return _tree_digest(data_dir, files)


def table_key(data_dir: Path, settings: Settings, as_of: date, code_version: str) -> str:
    """What the published tables depend on, as one hash."""
    parts = {
        "inputs": input_digest(data_dir),
        "code": code_digest(),
        "code_version": code_version,
        "settings": repr(dataclasses.asdict(settings)),
        "as_of": as_of.isoformat(),
        "engines": [duckdb.__version__, pd.__version__],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link, or across file systems a copy. The cache, the build that filled it
    and every build that reused it then hold the same files: nothing is copied, and the
    checks that a file is the last build's (the scan's, precompression's) see the same
    inode instead of comparing bytes. No step writes into an exported file once it is
    written (new files only, as with the pages linked from the last build:
    site/incremental.py); the tests check that a build leaves the cache's bytes alone."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass
class Cached:
    """One build's exported data folder, its manifest and its quarantine report."""
    folder: Path
    manifest: dict
    quarantine: list[dict]

    def copy_to(self, out: Path) -> None:
        """The exported files into `out`, as links to the kept ones (see link_or_copy)."""
        shutil.copytree(self.folder / "data", out, dirs_exist_ok=True, copy_function=link_or_copy)

    def frames(self, names: list[str]) -> dict[str, pd.DataFrame]:
        """The published tables as export.published_frame gave them (dtypes kept by the
        pandas metadata Parquet stores)."""
        return {name: pq.read_table(self.folder / "data" / f"{name}.parquet").to_pandas()
                for name in names}

    def extras(self) -> dict[str, pd.DataFrame]:
        """The frames the site needs beside the published tables (not published)."""
        return {path.stem: pq.read_table(path).to_pandas()
                for path in sorted((self.folder / "extra").glob("*.parquet"))}


class TableCache:
    """Exported data folders under `root/<key>/`, the last KEEP kept."""

    def __init__(self, root: Path | None = None, keep: int = KEEP) -> None:
        self.root = root or CACHE_DIR
        self.keep = keep

    def get(self, key: str) -> Cached | None:
        folder = self.root / key
        state = folder / _STATE
        if not state.is_file():
            return None
        saved = json.loads(state.read_text(encoding="utf-8"))
        os.utime(folder)  # most recently used: kept longest
        log.info("tables unchanged (key %s): reusing the last export", key[:12])
        return Cached(folder, saved["manifest"], saved["quarantine"])

    def put(self, key: str, data: Path, manifest: dict, quarantine: list[dict],
            extras: dict[str, pd.DataFrame] | None = None) -> None:
        """Keep a copy of the exported folder `data` (and the site's `extras` frames);
        written whole or not at all."""
        self.root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".put.", dir=self.root))
        try:
            shutil.copytree(data, work / "data", copy_function=link_or_copy)
            (work / "extra").mkdir()
            for name, frame in (extras or {}).items():
                frame.to_parquet(work / "extra" / f"{name}.parquet", index=False)
            (work / _STATE).write_text(
                json.dumps({"manifest": manifest, "quarantine": quarantine},
                           ensure_ascii=False, default=str), encoding="utf-8")
            target = self.root / key
            if target.exists():
                shutil.rmtree(target)
            work.rename(target)
        finally:
            if work.exists():
                shutil.rmtree(work)
        self._prune()

    def _prune(self) -> None:
        entries = sorted((p for p in self.root.iterdir()
                          if p.is_dir() and not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[self.keep:]:
            shutil.rmtree(old, ignore_errors=True)
