"""Checks of the editors' Markdown: front matter, sections, translations, personal data.

Editors get one line per problem naming the file, the line and what to do about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.privacy import scan_text
from pipeline.site.i18n import labels

REQUIRED = ("title", "date")
LANGS = ("zh", "en")
_FIELD = re.compile(r"^([A-Za-z_]+):\s*(.*)$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.reason}"


def front_matter(text: str) -> dict[str, tuple[int, str]]:
    """Pelican's Markdown metadata: `Key: value` lines up to the first blank line."""
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = _FIELD.match(line)
        if match:
            found[match.group(1).lower()] = (number, match.group(2).strip())
    return found


def _date_ok(value: str) -> bool:
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            datetime.strptime(value, fmt)
            return True
        except ValueError:
            continue
    return False


def check_file(path: Path, shown: str, required: tuple[str, ...] = REQUIRED) -> list[Problem]:
    text = path.read_text(encoding="utf-8")
    meta = front_matter(text)
    problems = [Problem(shown, 1, f"front matter needs '{key.title()}:'")
                for key in required if key not in meta]
    if "date" in meta and not _date_ok(meta["date"][1]):
        problems.append(Problem(shown, meta["date"][0], "Date must look like 2026-03-05"))
    if "lang" in meta and meta["lang"][1] not in LANGS:
        problems.append(Problem(shown, meta["lang"][0], f"Lang must be one of {', '.join(LANGS)}"))
    for number, line in enumerate(text.splitlines(), start=1):
        kinds = scan_text(line)
        if kinds:
            problems.append(Problem(shown, number, "looks like personal data ("
                                    + ", ".join(sorted(kinds)) + "): remove it before publishing"))
    return problems


def check_content(content: Path) -> list[Problem]:
    """Every problem in content/affairs/ and content/pages/."""
    sections = set(labels()["section"])
    problems = []
    for path in sorted(content.rglob("*.md")):
        shown = path.relative_to(content.parent).as_posix()
        parts = path.relative_to(content).parts
        if parts[0] == "affairs" and (len(parts) < 3 or parts[1] not in sections):
            problems.append(Problem(shown, 1, "put the file in one of content/affairs/"
                                    + ", ".join(sorted(sections))))
        required = REQUIRED if parts[0] == "affairs" else ("title",)
        problems.extend(check_file(path, shown, required))
    return problems


def check_figures(content: Path, tables: dict) -> None:
    """Stop the build at the first live figure that cannot be filled (file and line)."""
    from pipeline.errors import InputError
    from pipeline.site.figures import FIGURE, FigureError, render_figure

    for path in sorted(content.rglob("*.md")):
        shown = path.relative_to(content.parent).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in FIGURE.finditer(line):
                try:
                    render_figure(match, tables, "zh")
                except FigureError as error:
                    raise InputError(shown, f"{match.group(0)}: {error}", line=number) from None
