""""Last updated" and the change history of every document, from git.

One `git log` over the whole content folder gives every commit touching it, newest first,
with the files each changed; a document's history is the commits that name it. Content
that is not in a git repository has no history, and pages then show none.
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

_RECORD, _UNIT = "\x1e", "\x1f"


@dataclass(frozen=True)
class Change:
    date: str  # YYYY-MM-DD, the commit's author date
    message: str  # the first line of the commit message


def parse_log(text: str) -> dict[str, list[Change]]:
    """`git log --format=<RS>%ad<US>%s --name-only` output → changes per file, newest first."""
    history: dict[str, list[Change]] = {}
    for record in text.split(_RECORD)[1:]:
        head, _, names = record.partition("\n")
        day, _, message = head.partition(_UNIT)
        change = Change(day.strip(), message.strip())
        for name in names.splitlines():
            if name.strip():
                history.setdefault(name.strip(), []).append(change)
    return history


def content_history(content: Path) -> dict[str, list[Change]]:
    """Changes per file (path relative to `content`); empty when `content` is not in git."""
    try:
        done = subprocess.run(
            ["git", "log", f"--format={_RECORD}%ad{_UNIT}%s", "--date=short", "--name-only",
             "--relative", "--", "."],
            cwd=content, capture_output=True, text=True, check=False)
    except OSError:
        return {}
    if done.returncode != 0:
        log.info("content is not in a git repository: no change history")
        return {}
    return parse_log(done.stdout)


def history_of(source: Path, content: Path, history: dict[str, list[Change]]) -> list[Change]:
    """The changes of one document, from `history` (content_history of `content`)."""
    try:
        name = source.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return []
    return history.get(name, [])
