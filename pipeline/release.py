"""Releases: build into a new folder, verify, swap `current` in one atomic rename.

TARGET/releases/<id>/ holds each published site; TARGET/current is a symbolic link
replaced with `os.replace` (rename(2): readers see the old site or the new one, never
a mix or nothing). A lock file keeps a second run out; the last `keep` releases stay.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import traceback
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import ChangeRefused, InputError
from pipeline.privacy import PersonalDataFound

log = logging.getLogger(__name__)


class ReleaseError(Exception):
    pass


class Locked(Exception):
    pass


@contextmanager
def lock(target: Path):
    """Hold TARGET/.lock for the whole run; raise Locked at once if another run has it."""
    target.mkdir(parents=True, exist_ok=True)
    handle = open(target / ".lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise Locked(f"{target / '.lock'}: another run holds the lock") from None
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def verify(site: Path) -> None:
    """A release must have its home pages and data package before it goes live."""
    for needed in ("index.html", "en/index.html", "data/datapackage.json", "data/manifest.json"):
        if not (site / needed).is_file():
            raise ReleaseError(f"{site / needed}: missing from the build")


def release_id(site: Path) -> str:
    """Named after the content, so the same site gives the same release."""
    digest = hashlib.sha256((site / "data" / "manifest.json").read_bytes()).hexdigest()[:12]
    return digest


def _swap_current(target: Path, release: Path) -> None:
    link = target / "current.new"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(release.relative_to(target))
    os.replace(link, target / "current")


def _history(target: Path) -> list[str]:
    """Release ids in the order they were made current (last = current)."""
    path = target / "history.txt"
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def _write_history(target: Path, history: list[str]) -> None:
    tmp = target / "history.txt.new"
    tmp.write_text("\n".join(history) + "\n", encoding="utf-8")
    os.replace(tmp, target / "history.txt")


def _prune(target: Path, history: list[str], keep: int) -> list[str]:
    kept = list(dict.fromkeys(reversed(history)))[:keep]
    for old in (target / "releases").iterdir():
        if old.name not in kept:
            shutil.rmtree(old)
    return [h for h in history if h in kept]


def publish(site: Path, target: Path, keep: int) -> Path:
    """Copy a built site into a new release and make it current."""
    verify(site)
    releases = target / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    release = releases / release_id(site)
    if not release.exists():
        staging = releases / f".{release.name}.partial"
        if staging.exists():
            shutil.rmtree(staging)
        shutil.copytree(site, staging, symlinks=False)
        staging.rename(release)
    _swap_current(target, release)
    history = [h for h in _history(target) if h != release.name] + [release.name]
    _write_history(target, _prune(target, history, keep))
    return release


def rollback(target: Path) -> Path:
    """Make the release published before the current one current again."""
    history = _history(target)
    if len(history) < 2:
        raise ReleaseError(f"{target}: no earlier release to roll back to")
    previous = target / "releases" / history[-2]
    _swap_current(target, previous)
    _write_history(target, history[:-1])
    return previous


def nightly(data: Path, target: Path, settings: Settings, as_of: date,
            accept_change: bool) -> dict:
    """Lock, build, verify, publish; return the run report (status, counts, error)."""
    from pipeline.build import build

    with lock(target):
        work = target / "work" / "site"
        try:
            result = build(data, work, settings, as_of, accept_change,
                           baseline=target / "current")
            verify(result.output)
            release = publish(result.output, target, settings.keep_releases)
        except (InputError, ChangeRefused, ReleaseError, PersonalDataFound) as error:
            return {"status": "refused", "error": str(error), "as_of": as_of.isoformat()}
        except Exception as error:  # the operator needs a report whatever broke
            log.error("nightly build failed:\n%s", traceback.format_exc())
            return {"status": "failed", "error": f"{type(error).__name__}: {error}",
                    "as_of": as_of.isoformat()}
        return {"status": "published", "release": str(release), "as_of": as_of.isoformat(),
                "manifest": result.manifest,
                "quarantine": result.quarantine}
