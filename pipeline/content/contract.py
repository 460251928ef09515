"""The front-matter contract of the editors' documents, and the documents read under it.

A document is `content/affairs/<section>/<name>.md` (or `content/pages/<name>.md`): `Key:
value` lines up to the first blank line, then Markdown. Which fields exist, which each
section needs and what a value must look like is written here once; `check`, `build`, the
sections' pages and the editors' guide (docs/editors.md) follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

LANGS = ("zh", "en")
STATUSES = ("published", "draft")
# 有效 / 失效 / 废止 and their English names: a policy document's legal validity
VALIDITY = {"有效": "valid", "失效": "expired", "废止": "repealed",
            "valid": "valid", "expired": "expired", "repealed": "repealed"}
REPORTS = ("disclosure",)

# Every section of the open-government catalogue (政府信息公开目录) and the fields its
# documents need beyond the common ones.
COMMON = ("title", "date", "slug", "department", "summary")
SECTIONS: dict[str, tuple[str, ...]] = {
    "notices": (),
    "policies": ("number", "validity", "effective"),
    "interpretations": ("interprets",),
    "hearings": (),
    "public-notices": (),
    "personnel": (),
    "budget": ("year",),
    "annual-reports": ("year",),
}
PAGE_FIELDS = ("title", "slug")
KNOWN = frozenset({
    "title", "date", "modified", "slug", "lang", "section", "department", "summary",
    "status", "tags", "number", "validity", "effective", "expires", "repealed",
    "interprets", "series", "round", "year", "report", "template", "reviewed_attachments"})

_FIELD = re.compile(r"^([A-Za-z][A-Za-z_-]*):\s*(.*)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# 文号: issuing organ's short name, the year in 〔〕 (or [] / 【】), the serial number, 号
_NUMBER = re.compile(r"^\S+[〔\[【](\d{4})[〕\]】]\d+号$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Problem:
    """One thing an editor must fix: the file, the line and what to do."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.reason}"


@dataclass
class Document:
    """One Markdown file: where it is, its front matter (value and line) and its body."""

    path: Path
    shown: str  # the path as editors see it, e.g. content/affairs/notices/a.md
    kind: str  # "affairs" or "pages"
    section: str | None
    meta: dict[str, tuple[int, str]]
    lines: list[str]
    body_start: int  # line number of the first body line
    problems: list[Problem] = field(default_factory=list)

    def get(self, key: str, default: str = "") -> str:
        return self.meta[key][1] if key in self.meta else default

    def line(self, key: str) -> int:
        return self.meta[key][0] if key in self.meta else 1

    @property
    def lang(self) -> str:
        return self.get("lang", LANGS[0])

    @property
    def slug(self) -> str:
        return self.get("slug") or self.path.stem

    @property
    def draft(self) -> bool:
        return self.get("status", "published").lower() == "draft"

    def date(self, key: str = "date") -> date | None:
        return parse_date(self.get(key))

    def url(self) -> str:
        """Where Pelican writes it (pelicanconf.py: ARTICLE_SAVE_AS, PAGE_SAVE_AS, ...)."""
        prefix = "" if self.lang == LANGS[0] else f"{self.lang}/"
        if self.kind == "pages":
            return f"{prefix}pages/{self.slug}.html"
        return f"{prefix}affairs/{self.section}/{self.slug}.html"


def parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def front_matter(lines: list[str]) -> tuple[dict[str, tuple[int, str]], int]:
    """Pelican's Markdown metadata: `Key: value` lines up to the first blank line (an
    indented line continues the value above); returns the fields and the body's first line."""
    found: dict[str, tuple[int, str]] = {}
    last = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return found, number + 1
        match = _FIELD.match(line)
        if match:
            last = match.group(1).lower().replace("-", "_")
            found[last] = (number, match.group(2).strip())
        elif last and line[:1] in " \t":
            found[last] = (found[last][0], f"{found[last][1]} {line.strip()}")
        else:
            return found, number  # Markdown starts here: no blank line after the fields
    return found, len(lines) + 1


def read_document(path: Path, content: Path) -> Document:
    parts = path.relative_to(content).parts
    kind = parts[0]
    section = parts[1] if kind == "affairs" and len(parts) >= 3 else None
    lines = path.read_text(encoding="utf-8").splitlines()
    meta, body_start = front_matter(lines)
    return Document(path, path.relative_to(content.parent).as_posix(), kind, section,
                    meta, lines, body_start)


def read_documents(content: Path) -> list[Document]:
    """Every Markdown document under content/affairs/ and content/pages/, sorted by path."""
    return [read_document(p, content) for p in sorted(content.rglob("*.md"))
            if p.relative_to(content).parts[0] in ("affairs", "pages")]


def check_fields(doc: Document) -> list[Problem]:
    """The front matter of one document against the contract."""
    out: list[Problem] = []

    def problem(key: str, reason: str) -> None:
        out.append(Problem(doc.shown, doc.line(key), reason))

    if doc.kind == "affairs" and doc.section not in SECTIONS:
        problem("title", "put the file in one of content/affairs/" + ", ".join(SECTIONS))
        needed: tuple[str, ...] = COMMON
    elif doc.kind == "affairs":
        needed = COMMON + SECTIONS[doc.section]
    else:
        needed = PAGE_FIELDS
    for key in needed:
        if not doc.get(key):
            problem(key, f"front matter needs '{_name(key)}:'")
    for key, (number, _) in doc.meta.items():
        if key not in KNOWN:
            out.append(Problem(doc.shown, number, f"unknown field '{_name(key)}' (fields: "
                               + ", ".join(_name(k) for k in sorted(KNOWN)) + ")"))
    for key in ("date", "modified", "effective", "expires", "repealed"):
        if doc.get(key) and parse_date(doc.get(key)) is None:
            problem(key, f"{_name(key)} must look like 2026-03-05")
    _check_codes(doc, problem)
    _check_validity(doc, problem)
    return out


def _check_codes(doc: Document, problem) -> None:
    if doc.get("lang") and doc.lang not in LANGS:
        problem("lang", f"Lang must be one of {', '.join(LANGS)}")
    if doc.get("status") and doc.get("status").lower() not in STATUSES:
        problem("status", f"Status must be one of {', '.join(STATUSES)}")
    if doc.get("slug") and not _SLUG.match(doc.get("slug")):
        problem("slug", "Slug may hold only a-z, 0-9 and single hyphens, e.g. 2026-water-price")
    if doc.get("section") and doc.get("section") != doc.section:
        problem("section", f"Section says {doc.get('section')} but the file is in "
                f"content/affairs/{doc.section}/: move the file or correct the field")
    if doc.get("number") and not _NUMBER.match(doc.get("number")):
        problem("number", "Number (文号) must look like 示政发〔2026〕3号")
    for key in ("year", "round"):
        if doc.get(key) and not doc.get(key).isdigit():
            problem(key, f"{_name(key)} must be a whole number, e.g. "
                    + ("2025" if key == "year" else "1"))
    if doc.get("round") and not doc.get("series"):
        problem("round", "Round needs 'Series:' (the key shared by the rounds)")
    if doc.get("series") and not _SLUG.match(doc.get("series")):
        problem("series", "Series may hold only a-z, 0-9 and single hyphens")
    if doc.get("report") and doc.get("report") not in REPORTS:
        problem("report", f"Report must be one of {', '.join(REPORTS)}")


def _check_validity(doc: Document, problem) -> None:
    if not doc.get("validity"):
        return
    validity = VALIDITY.get(doc.get("validity"))
    if validity is None:
        problem("validity", "Validity must be 有效, 失效 or 废止")
        return
    if validity == "expired" and not doc.get("expires"):
        problem("validity", "a 失效 document needs 'Expires:' (the day it ceased to apply)")
    if validity == "repealed" and not doc.get("repealed"):
        problem("validity", "a 废止 document needs 'Repealed:' (the day it was repealed)")
    start, end = doc.date("effective"), doc.date("expires")
    if start and end and end < start:
        problem("expires", "Expires is before Effective")


def check_collection(docs: list[Document]) -> list[Problem]:
    """Rules across documents: one document per slug and language, translations in the
    same section, interpretations of policies that exist, rounds of a series told apart."""
    out: list[Problem] = []
    seen: dict[tuple[str, str, str], Document] = {}
    sections: dict[tuple[str, str], Document] = {}
    for doc in docs:
        key = (doc.kind, doc.slug, doc.lang)
        if key in seen:
            out.append(Problem(doc.shown, doc.line("slug"), f"Slug {doc.slug} ({doc.lang}) is "
                               f"also used by {seen[key].shown}: give each document its own"))
        seen.setdefault(key, doc)
        other = sections.setdefault((doc.kind, doc.slug), doc)
        if other.section != doc.section:
            out.append(Problem(doc.shown, doc.line("slug"), f"the translation {other.shown} is "
                               "in another section: keep both in one folder"))
    policies = {d.slug for d in docs if d.section == "policies"}
    for doc in docs:
        target = doc.get("interprets")
        if target and target not in policies:
            out.append(Problem(doc.shown, doc.line("interprets"), f"Interprets {target}: no "
                               "policy document has this Slug in content/affairs/policies/"))
    rounds: dict[tuple[str, str, str], Document] = {}
    for doc in docs:
        if doc.get("series") and doc.get("round"):
            key = (doc.get("series"), doc.get("round"), doc.lang)
            if key in rounds:
                out.append(Problem(doc.shown, doc.line("round"), f"round {key[1]} of series "
                                   f"{key[0]} is also {rounds[key].shown}"))
            rounds.setdefault(key, doc)
    return out


def _name(key: str) -> str:
    return key.replace("_", "-").title()
