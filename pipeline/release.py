"""Releases: copy a built site into a new folder, make it readable, swap `current`.

TARGET/releases/<id>/ holds each published site, named after a hash of the whole built
tree (inputs, editors' content, theme and code all end up in it); TARGET/current is a
symbolic link replaced with `os.replace` (rename(2): readers see the old site or the
new one, never a mix or nothing).

The history survives kill -9 at any moment: TARGET/history.txt (the ids in the order
they went live) is written atomically *before* the swap, and read back against where
`current` really points (entries after the live one never went live or were rolled
back), so rollback always returns to the release live before the current one. Pruning
keeps the last `keep` releases, the live one, the one before it and the ones an archive
still shows. Leftovers of killed runs (`.partial` copies, releases half deleted) are
removed by the next run, under the lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

# Releases are served by a web server running as another user than the nightly job:
# every folder 0755 and every file 0644, whatever the umask of the job (deploy/README.md).
DIR_MODE = 0o755
FILE_MODE = 0o644
HISTORY = "history.txt"


class ReleaseError(Exception):
    pass


class Locked(Exception):
    pass


@contextmanager
def lock(target: Path) -> Iterator[None]:
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
    for drafts in ("drafts", "en/drafts"):  # a preview (`serve`) shows drafts: never released
        if (site / drafts).exists():
            raise ReleaseError(f"{site / drafts}: a preview build with drafts is never "
                               "released; build without drafts (publish.py build)")


def release_id(site: Path) -> str:
    """A hash over the whole built tree (paths and bytes): any change anywhere in the
    site (a removed page, a theme fix, new figures) gives a new release; the same site
    gives the same release."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def make_readable(tree: Path) -> None:
    """Folders 0755, files 0644: the web server's user can read everything, nobody but
    the owner can change it."""
    os.chmod(tree, DIR_MODE)
    for folder, dirs, files in os.walk(tree):
        for name in dirs:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader (or a kill) sees the old file or the new
    one, never a half-written or empty one."""
    tmp = path.with_name(f".{path.name}.new")
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def live(target: Path) -> str | None:
    """The id of the release `current` points to, if any."""
    link = target / "current"
    return Path(os.readlink(link)).name if link.is_symlink() else None


def history(target: Path) -> list[str]:
    """Release ids in the order they went live, ending with the live one.

    Ids after the live one in the file went live only to be rolled back, or never went
    live (a run killed between writing the history and the swap): they are dropped.
    """
    path = target / HISTORY
    ids = path.read_text(encoding="utf-8").split() if path.exists() else []
    ids = [i for i in ids if (target / "releases" / i).is_dir()]
    current = live(target)
    if current is None:
        return []
    if current not in ids:
        return [current]
    return ids[: len(ids) - ids[::-1].index(current)]


def _swap_current(target: Path, release: Path) -> None:
    link = target / "current.new"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(release.relative_to(target))
    os.replace(link, target / "current")
    _fsync_dir(target)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what killed runs left: half-copied (`.partial`) and half-deleted (`.trash`)
    releases and the build's staging folders. Call it under the lock."""
    found = []
    releases = target / "releases"
    if releases.is_dir():
        found += [p for p in releases.iterdir() if p.name.startswith(".")]
    work = target / "work"
    if work.is_dir():
        found += list(work.iterdir())
    for path in found:
        log.warning("removing %s, left by a run that did not finish", path)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    if work.is_dir():
        work.rmdir()
    return found


def _remove_release(release: Path) -> None:
    # renamed first: a kill half-way leaves a `.trash` folder the next run removes, never
    # a half-deleted folder that looks like a release
    trash = release.with_name(f".{release.name}.trash")
    release.rename(trash)
    shutil.rmtree(trash)


def prune(target: Path, keep: int, protected: set[str] = frozenset()) -> list[str]:
    """Delete releases beyond the last `keep` that went live; never the live one, the one
    before it, or one in `protected` (shown by an archive). Return the deleted ids."""
    ids = history(target)
    kept = set(ids[-max(keep, 2):]) | set(protected)
    current = live(target)
    if current:
        kept.add(current)
    removed = []
    for release in sorted((target / "releases").iterdir()):
        if not release.name.startswith(".") and release.name not in kept:
            _remove_release(release)
            removed.append(release.name)
    write_atomic(target / HISTORY, "\n".join(i for i in ids if i not in removed) + "\n")
    return removed


def install(site: Path, target: Path) -> Path:
    """Copy `site` into TARGET/releases/<id>/ (readable by the web server); return it."""
    verify(site)
    releases = target / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    os.chmod(target, DIR_MODE)
    os.chmod(releases, DIR_MODE)
    release = releases / release_id(site)
    if not release.exists():
        staging = releases / f".{release.name}.partial"
        if staging.exists():
            shutil.rmtree(staging)
        shutil.copytree(site, staging, symlinks=False)
        make_readable(staging)
        staging.rename(release)
        _fsync_dir(releases)
    return release


def go_live(target: Path, release: Path) -> None:
    """Record `release` in the history (atomically), then swap `current` to it."""
    ids = [i for i in history(target) if i != release.name] + [release.name]
    write_atomic(target / HISTORY, "\n".join(ids) + "\n")
    _swap_current(target, release)


def publish(site: Path, target: Path, keep: int, protected: set[str] = frozenset()) -> Path:
    """Copy a built site into a new release, make it current, prune old releases."""
    release = install(site, target)
    go_live(target, release)
    prune(target, keep, protected | {release.name})
    return release


def rollback(target: Path) -> Path:
    """Make the release live before the current one current again."""
    ids = history(target)
    if len(ids) < 2:
        raise ReleaseError(f"{target}: no earlier release to roll back to")
    previous = target / "releases" / ids[-2]
    # swap first: a kill before the history is written leaves `current` on the previous
    # release, and history() then ignores the entry after it
    _swap_current(target, previous)
    write_atomic(target / HISTORY, "\n".join(ids[:-1]) + "\n")
    return previous
