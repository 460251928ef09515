"""Pages not made again: the data pages of the last build, reused when nothing they show
changed.

The data pages (and their charts) depend on the published tables, the manifest, the
portal's settings, the code and theme that render them, the last published data they
compare with, and what the editors' documents show in lists (titles, dates, links,
summaries; not their bodies). All of that is one key. When the last build in the output
folder had the same key, its files are linked into the new build instead of rendered:
an editor's change to a document's text re-renders that document, not 1,000 data pages.
The key and the list of files travel inside the output (`.pages.json`), so they are
swapped in with it and can never describe another build than the one they sit in.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from pipeline.cache import link_or_copy
from pipeline.config import ROOT

log = logging.getLogger(__name__)

STATE = ".pages.json"
_CODE = ("pipeline", "theme")
_SETTINGS_FILES = ("pelicanconf.py", "publishconf.py", "portal.toml")


def _update_files(digest, root: Path, paths) -> None:
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        with path.open("rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())


def code_digest() -> str:
    """Everything that renders pages: the pipeline package, the theme, the settings."""
    digest = hashlib.sha256()
    for folder in _CODE:
        _update_files(digest, ROOT, [p for p in (ROOT / folder).rglob("*") if p.is_file()
                                     and "__pycache__" not in p.parts])
    _update_files(digest, ROOT, [ROOT / name for name in _SETTINGS_FILES
                                 if (ROOT / name).is_file()])
    return digest.hexdigest()


def tables_digest(tables: dict[str, pd.DataFrame]) -> str:
    digest = hashlib.sha256()
    for name in sorted(tables):
        frame = tables[name]
        digest.update(name.encode() + b"\0" + repr(list(frame.dtypes.items())).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def baseline_digest(baseline: Path | None) -> str:
    """The last published data the pages compare with (e.g. commitment revisions)."""
    digest = hashlib.sha256()
    folder = baseline / "data" if baseline else None
    if folder and folder.is_dir():
        # changes.json is tonight's comparison itself (its own generator), not a table
        _update_files(digest, folder, [p for p in folder.iterdir() if p.is_file()
                                       and p.suffix == ".json" and p.name != "changes.json"])
    return digest.hexdigest()


def _document(item) -> list:
    translations = [(t.url, t.title, t.lang) for t in getattr(item, "translations", [])]
    category = getattr(item, "category", None)
    return [item.url, item.title, getattr(item, "lang", ""), str(getattr(item, "date", "")),
            getattr(category, "slug", ""), getattr(item, "status", ""),
            str(getattr(item, "summary", "")), translations]


def content_digest(context: dict) -> str:
    """What lists of editors' documents show; a document's body only through its summary."""
    shown = {name: [_document(item) for item in context.get(name) or []]
             for name in ("articles", "translations", "pages", "hidden_pages", "drafts")}
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def page_key(tables: dict, manifest: dict, settings, baseline: Path | None,
             context: dict, extra: str = "") -> str:
    parts = [tables_digest(tables),
             json.dumps(manifest, sort_keys=True, default=str),
             repr(settings), code_digest(), baseline_digest(baseline),
             content_digest(context), extra]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def snapshot(root: Path) -> dict[str, int]:
    """Every file under `root` with its modification time (ns)."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = path.stat().st_mtime_ns
    return found


def written_since(root: Path, before: dict[str, int]) -> list[str]:
    after = snapshot(root)
    return sorted(name for name, stamp in after.items() if before.get(name) != stamp)


def read_state(folder: Path | None) -> dict:
    path = folder / STATE if folder else None
    if not path or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_state(out: Path, key: str, files: list[str], **more) -> None:
    (out / STATE).write_text(json.dumps({"key": key, "files": files, **more}, indent=0),
                             encoding="utf-8")


def link(source: Path, target: Path) -> None:
    """A hard link (no copy, no second scan) or, across file systems, a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)


def reuse(previous: Path | None, out: Path, key: str) -> list[str] | None:
    """Link the last build's data pages into `out` when its key is `key`; their names,
    or None when they must be rendered."""
    state = read_state(previous)
    if not previous or state.get("key") != key:
        return None
    files = state["files"]
    if not all((previous / name).is_file() for name in files):
        return None
    for name in files:
        link(previous / name, out / name)
    log.info("data pages unchanged: %d files reused from %s", len(files), previous)
    return files


def unchanged(path: Path, previous: Path) -> bool:
    """The same file as the last build's (a link to it, or the same bytes)."""
    if not previous.is_file():
        return False
    mine, theirs = path.stat(), previous.stat()
    if (mine.st_ino, mine.st_dev) == (theirs.st_ino, theirs.st_dev):
        return True
    if mine.st_size != theirs.st_size:
        return False
    with path.open("rb") as a, previous.open("rb") as b:
        return a.read() == b.read()


def changed_files(out: Path, previous: Path) -> list[str]:
    """Files of `out` that the last build (`previous`) did not hold byte for byte."""
    return [name for name in snapshot(out)
            if name != STATE and not unchanged(out / name, previous / name)]


@contextmanager
def to_scan(out: Path, previous: Path | None, only: tuple[str, ...] | None = None,
            skip: tuple[str, ...] = ()) -> Iterator[Path]:
    """The part of `out` the personal-data scan must read: all of it, or, when the last
    build made the same data pages with the same code (scanner included, the key covers
    pipeline/), a folder of links to the files that build did not hold byte for byte.
    The last build passed the same scan before it was swapped in. `only` and `skip` are
    path prefixes that narrow the folder of links (to scan a part while another is still
    being made); the whole of `out` is given as it is (no link per file: creating them
    cost a second), and the scan narrows it by the same prefixes."""
    mine, theirs = read_state(out), read_state(previous)
    whole = not previous or not mine or mine.get("key") != theirs.get("key")
    if whole:
        yield out
        return
    names = changed_files(out, previous)
    view = Path(tempfile.mkdtemp(prefix=".scan.", dir=out.parent))
    try:
        for name in names:
            if (only is None or name.startswith(only)) and not name.startswith(skip or ("\0",)):
                link(out / name, view / name)
        yield view
    finally:
        shutil.rmtree(view)
