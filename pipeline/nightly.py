"""The nightly run: lock, clean up after killed runs, build, verify, publish, archive.

Whatever happens, the release live before the run stays live unless the new one was
published whole, and the run returns a report (status, the check that failed, the
error in one line). Expected failures (bad inputs, a refused change, a failed data
check, personal data found, a full disk or a read-only target) are refusals; anything
else is a failure, logged with its traceback.
"""

from __future__ import annotations

import errno
import logging
import shutil
import traceback
from datetime import date
from pathlib import Path

from pipeline import archive, release
from pipeline.config import Settings
from pipeline.datachecks import DataCheckFailed
from pipeline.errors import ChangeRefused, InputError
from pipeline.privacy import PersonalDataFound

log = logging.getLogger(__name__)

DISK_ERRORS = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full",
               errno.EROFS: "target_not_writable", errno.EACCES: "target_not_writable",
               errno.EPERM: "target_not_writable"}


def check_of(error: Exception) -> str:
    """The name of the check a refusal comes from, for the run report."""
    if isinstance(error, OSError):
        return DISK_ERRORS[error.errno]
    return getattr(error, "check", None) or {
        InputError: "input", ChangeRefused: "volume", PersonalDataFound: "personal_data",
        release.ReleaseError: "release", DataCheckFailed: "data_check",
    }.get(type(error), type(error).__name__)


def one_line(error: Exception) -> str:
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return " ".join(str(error).split())


def is_refusal(error: Exception) -> bool:
    if isinstance(error, OSError):
        return error.errno in DISK_ERRORS
    return isinstance(error, (InputError, ChangeRefused, release.ReleaseError,
                              PersonalDataFound, DataCheckFailed))


def run(data: Path, target: Path, settings: Settings, as_of: date,
        accept_change: bool) -> dict:
    """Lock, build, verify, publish; return the run report. Raises release.Locked."""
    with release.lock(target):
        report = {"as_of": as_of.isoformat()}
        try:
            release.clean_leftovers(target)
            return {**report, **_build_and_publish(data, target, settings, as_of,
                                                   accept_change)}
        except Exception as error:  # the operator needs a report whatever broke
            if not is_refusal(error):
                log.error("nightly failed:\n%s", traceback.format_exc())
            _clean_quietly(target)
            return {**report, "status": "refused" if is_refusal(error) else "failed",
                    "check": check_of(error) if is_refusal(error) else "unexpected",
                    "error": one_line(error) if is_refusal(error)
                    else f"{type(error).__name__}: {one_line(error)}"}


def _build_and_publish(data: Path, target: Path, settings: Settings, as_of: date,
                       accept_change: bool) -> dict:
    from pipeline.build import build

    result = build(data, target / "work" / "site", settings, as_of, accept_change,
                   baseline=target / "current")
    new = release.install(result.output, target)
    release.go_live(target, new)
    # the new site is live from here on: housekeeping that fails is a warning, not a refusal
    warnings, removed = list(result.warnings), []  # (unlisted names, mixed prices)
    try:
        archive.add(target, new, as_of, settings.archive_days)
        removed = release.prune(target, settings.keep_releases,
                                archive.shown(target) | {new.name})
        shutil.rmtree(target / "work")
    except OSError as error:
        log.warning("published, but: %s", one_line(error))
        warnings.append(one_line(error))
    quarantined = sum(f["quarantined"] for f in result.manifest["inputs"])
    return {"status": "published", "release": new.name, "path": str(new),
            "pruned": removed, "warnings": warnings, "quarantined_rows": quarantined,
            "manifest": result.manifest, "quarantine": result.quarantine}


def _clean_quietly(target: Path) -> None:
    """After a failure, try to free what the run used; the next run retries."""
    try:
        release.clean_leftovers(target)
    except OSError as error:
        log.warning("could not clean up after the run: %s", one_line(error))
