"""Dated snapshots and takedowns.

TARGET/archive/YYYY-MM-DD is a symbolic link to the release that was live for that day
(the nightly's as-of date; a second publish the same day replaces it), served by nginx
under /archive/YYYY-MM-DD/ (deploy/nginx.conf). Links older than `archive_days`
(portal.toml [release]) are removed by the nightly; the releases they showed are then
pruned like any other. TARGET/archive/index.html lists the snapshots in both languages.

A takedown removes a page from every release on disk, hence from `current` and from
every archive at once, and builds each of those releases' search index again.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.config import ROOT
from pipeline.release import DIR_MODE, ReleaseError, go_live, make_readable, write_atomic
from pipeline.site.i18n import gettext

log = logging.getLogger(__name__)

ARCHIVE = "archive"


def snapshots(target: Path) -> dict[str, str]:
    """Archive day (YYYY-MM-DD) → release id, for every snapshot on disk."""
    folder = target / ARCHIVE
    if not folder.is_dir():
        return {}
    return {link.name: Path(os.readlink(link)).name
            for link in sorted(folder.iterdir())
            if link.is_symlink() and not link.name.startswith(".")}


def shown(target: Path) -> set[str]:
    """The releases an archive still shows (pruning keeps them)."""
    return set(snapshots(target).values())


def add(target: Path, release: Path, day: date, keep_days: int) -> list[str]:
    """Point archive/<day> to `release`; drop snapshots older than `keep_days`; return
    the days dropped."""
    folder = target / ARCHIVE
    folder.mkdir(exist_ok=True)
    os.chmod(folder, DIR_MODE)
    tmp = folder / f".{day.isoformat()}.new"
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(Path("..") / release.relative_to(target))
    os.replace(tmp, folder / day.isoformat())
    oldest = (day - timedelta(days=keep_days)).isoformat()
    dropped = [d for d in snapshots(target) if d < oldest]
    for old in dropped:
        (folder / old).unlink()
    write_index(target)
    return dropped


def restore(target: Path, day: str) -> Path:
    """Make the release of archive/<day> live again (rollback then returns from it)."""
    release_name = snapshots(target).get(day)
    if release_name is None or not (target / "releases" / release_name).is_dir():
        raise ReleaseError(f"{target / ARCHIVE / day}: no such snapshot")
    release = target / "releases" / release_name
    go_live(target, release)
    return release


def write_index(target: Path) -> Path:
    """archive/index.html: every snapshot, newest first, in both languages."""
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"),
                      autoescape=select_autoescape(default=True))
    page = env.get_template("archive_index.html").render(
        days=sorted(snapshots(target), reverse=True),
        zh=lambda text: gettext(text, "zh"))
    path = target / ARCHIVE / "index.html"
    write_atomic(path, page)
    return path


def _page_path(page: str) -> str:
    """`/affairs/notices/x.html`, `affairs/notices/x.html` or a folder URL → a file path
    inside a release."""
    path = page.strip().lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    if ".." in Path(path).parts:
        raise ReleaseError(f"{page}: not a page of the site")
    return path


def _reindex(release: Path) -> None:
    """Build the release's search indexes (data pages, documents) again from the pages
    left in it."""
    from pipeline.site.render import BUNDLES, build_search_index

    kept = [(release / b.strip("/"), release / f".{b.strip('/')}.old") for b in BUNDLES]
    for index, old in kept:
        if old.exists():
            shutil.rmtree(old)
        if index.exists():
            index.rename(old)
    try:
        build_search_index(release)
    except Exception:
        for index, old in kept:
            if old.exists():
                if index.exists():
                    shutil.rmtree(index)
                old.rename(index)
        raise
    for index, old in kept:
        if old.exists():
            shutil.rmtree(old)
        if index.exists():
            make_readable(index)


def takedown(target: Path, page: str) -> list[Path]:
    """Remove `page` from every release (current and archives) and build their search
    indexes again without it; return the files removed. The hash of a release no longer
    matches its content afterwards: the next nightly, built without the page, makes a
    clean release."""
    path = _page_path(page)
    removed = []
    releases = target / "releases"
    if not releases.is_dir():
        raise ReleaseError(f"{target}: no releases")
    for release in sorted(releases.iterdir()):
        if release.name.startswith(".") or not (release / path).is_file():
            continue
        # the page and its precompressed copies (nginx's gzip_static serves those)
        for copy in (path, f"{path}.gz", f"{path}.br"):
            if (release / copy).is_file():
                (release / copy).unlink()
                removed.append(release / copy)
        _reindex(release)
    if not removed:
        raise ReleaseError(f"{page}: in no release under {releases}")
    log.warning("takedown %s: %d files removed", page, len(removed))
    return removed
