"""Counts of residents' records, kept off the published site.

The manifest counts the rows of every input file and the records of each domain, in all
and per month, and the volume guard compares them with the last published build. For the
domains whose rows are residents' records (cases, calls, information requests) those
counts are figures the disclosure control never sees: a month's calls, published here
while the hotline table suppresses them, or a file's rows minus the published parts,
give a suppressed small count back. So the published `data/manifest.json` leaves them
out, and they are kept in the portal's state folder (`data/state/counts/`, not part of
any site), under the SHA-256 of the published manifest they belong to: the guard finds
the counts of whichever build is live (after a rollback too), and the operator's run
report keeps them whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from pipeline import contracts
from pipeline.config import ROOT

log = logging.getLogger(__name__)

FOLDER = Path(os.environ.get("PORTAL_COUNTS") or ROOT / "data" / "state" / "counts")
#: the contract tables whose rows are residents' records
RECORDS = frozenset(t.name for t in contracts.TABLES
                    if t.domain in ("cases", "hotline", "disclosure"))
PRIVATE = ("volumes", "month_volumes")  # the manifest's keys kept off the site


def public(manifest: dict) -> dict:
    """The manifest as published: no record counts of the residents' domains."""
    inputs = [{key: value for key, value in f.items()
               if not (key == "rows" and f.get("table") in RECORDS)}
              for f in manifest.get("inputs", [])]
    return {**{k: v for k, v in manifest.items() if k not in PRIVATE}, "inputs": inputs}


def private(manifest: dict) -> dict:
    """What `public` leaves out."""
    return {**{k: manifest[k] for k in PRIVATE if k in manifest},
            "rows": {f["file"]: f["rows"] for f in manifest.get("inputs", [])
                     if f.get("table") in RECORDS and "rows" in f}}


def text(manifest: dict) -> str:
    """The published manifest file's text."""
    return json.dumps(public(manifest), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def keep(published: Path, manifest: dict, folder: Path | None = None) -> None:
    """Keep `manifest`'s record counts for the manifest file `published` (its digest)."""
    folder = folder or FOLDER
    digest = hashlib.sha256(published.read_bytes()).hexdigest()
    target = folder / f"{digest}.json"
    kept = private(manifest)
    try:
        if json.loads(target.read_text(encoding="utf-8")) == kept:
            return
    except (OSError, ValueError):  # not kept yet, or damaged: written again
        pass
    folder.mkdir(parents=True, exist_ok=True)
    part = None
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".part",
                                         delete=False) as part:
            json.dump(kept, part, ensure_ascii=False, sort_keys=True)
            part.flush()
            os.fsync(part.fileno())  # whole after a crash, or not there
        os.replace(part.name, target)
    finally:
        if part is not None and Path(part.name).exists():
            Path(part.name).unlink()


def read(published: Path, folder: Path | None = None) -> dict | None:
    """The published manifest file `published` with its record counts put back (None: no
    such file). A manifest written before the counts were kept apart has them already;
    one whose counts this machine does not hold comes back without them (said once)."""
    if not published.is_file():
        return None
    data = published.read_bytes()
    manifest = json.loads(data.decode("utf-8"))
    if "volumes" in manifest:
        return manifest
    kept = (folder or FOLDER) / f"{hashlib.sha256(data).hexdigest()}.json"
    try:
        counts = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("volume guard: the record counts of the last published build (%s) are "
                    "not kept on this machine (%s): its volumes are not compared",
                    published, kept.parent)
        return manifest
    rows = counts.get("rows", {})
    inputs = [{**f, "rows": rows[f["file"]]} if f["file"] in rows else f
              for f in manifest.get("inputs", [])]
    return {**manifest, **{k: counts[k] for k in PRIVATE if k in counts}, "inputs": inputs}
