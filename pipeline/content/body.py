"""The body of a document: links that lead nowhere, images without alt text, personal data.

Links are read from the Markdown source, line by line, so each problem names its line:
`[text](target)`, `![alt](src)`, reference definitions `[ref]: target`, and HTML `<a>` /
`<img>`. A target on this site must be a document, a static file or a page of the built
site; when there is no built site to look in, only what can be known without one is
checked (documents, files, published tables, the sections' own pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.content.contract import LANGS, Document, Problem
from pipeline.privacy import scan_text

_INLINE = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*[\"']\s*[^\"'\s][^\"']*[\"']", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")
_EXTERNAL = ("http:", "https:", "mailto:", "tel:", "ftp:", "//", "#", "data:")
_PELICAN = re.compile(r"^\{(filename|static|attach)\}(.*)$")

# (line number, target, is an image)
Link = tuple[int, str, bool]


def body_lines(doc: Document) -> list[tuple[int, str]]:
    """The Markdown lines of the body with their numbers, fenced code left out."""
    out, fenced = [], False
    for number, line in enumerate(doc.lines[doc.body_start - 1:], start=doc.body_start):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            out.append((number, line))
    return out


def check_personal_data(doc: Document) -> list[Problem]:
    """The site scan's detectors on every line (front matter too); the value is not shown."""
    out = []
    for number, line in enumerate(doc.lines, start=1):
        kinds = scan_text(line)
        if kinds:
            out.append(Problem(doc.shown, number, "looks like personal data ("
                               + ", ".join(sorted(kinds)) + "): remove it before publishing"))
    return out


def links(doc: Document) -> list[Link]:
    found: list[Link] = []
    for number, line in body_lines(doc):
        for match in _INLINE.finditer(line):
            found.append((number, match.group(3), bool(match.group(1))))
        match = _REFERENCE.match(line)
        if match:
            found.append((number, match.group(1), False))
        found.extend((number, m.group(1), False) for m in _HTML_LINK.finditer(line))
        for tag in _HTML_IMG.finditer(line):
            src = _HTML_SRC.search(tag.group(0))
            found.append((number, src.group(1) if src else "", True))
    return found


def check_images(doc: Document) -> list[Problem]:
    """Every image needs alt text: what it shows, for readers who cannot see it."""
    out = []
    for number, line in body_lines(doc):
        missing = sum(1 for m in _INLINE.finditer(line) if m.group(1) and not m.group(2).strip())
        missing += sum(1 for m in _HTML_IMG.finditer(line) if not _HTML_ALT.search(m.group(0)))
        out.extend(Problem(doc.shown, number, "image without alt text: write what it shows "
                           "in ![…](…)") for _ in range(missing))
    return out


def check_links(doc: Document, exists: Callable[[str], bool], content: Path) -> list[Problem]:
    """Every link and image source on this site must lead to something that exists."""
    out = []
    for number, target, image in links(doc):
        what = "image" if image else "link"
        if not target:
            out.append(Problem(doc.shown, number, f"{what} without a target"))
            continue
        if target.lower().startswith(_EXTERNAL):
            continue
        pelican = _PELICAN.match(target)
        if pelican:
            path = urlsplit(pelican.group(2)).path
            base = content if path.startswith("/") else doc.path.parent
            if not (base / unquote(path.lstrip("/"))).exists():
                out.append(Problem(doc.shown, number, f"broken {what}: {target} (no such file "
                                   "in content/)"))
            continue
        site_path = resolve(doc, target)
        if site_path is not None and not exists(site_path):
            out.append(Problem(doc.shown, number, f"broken {what}: {target} (no such page or "
                               "file on the site)"))
    return out


def resolve(doc: Document, target: str) -> str | None:
    """The site path (no leading slash) a link leads to, from the document's own URL."""
    path = unquote(urlsplit(target).path)
    if not path:
        return None
    if not path.startswith("/"):
        base = doc.url().rsplit("/", 1)[0]
        path = f"/{base}/{path}"
    parts: list[str] = []
    for part in path.split("/")[1:]:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    resolved = "/".join(parts)
    if not resolved or resolved.endswith("/") or path.endswith("/"):
        resolved = f"{resolved.rstrip('/')}/index.html".lstrip("/")
    return resolved


def site_lookup(site: Path, docs: list[Document] = ()) -> Callable[[str], bool]:
    """A link target exists when the built site holds it (a folder: its index.html), or
    when it is one of `docs` (written since that site was built)."""
    pages = {d.url() for d in docs}

    def exists(path: str) -> bool:
        target = site / path
        return path in pages or target.is_file() or (target / "index.html").is_file()
    return exists


def known_lookup(docs: list[Document], content: Path, roots: set[str],
                 files: set[str]) -> Callable[[str], bool]:
    """Without a built site: documents, static files, published files and section roots
    are known; deeper pages of a section cannot be known and are let through."""
    pages = {d.url() for d in docs}
    statics = {p.relative_to(content).as_posix() for p in (content / "affairs" / "files").rglob("*")
               if p.is_file()} if (content / "affairs" / "files").exists() else set()
    prefixes = tuple(f"{lang}/" for lang in LANGS[1:])

    def exists(path: str) -> bool:
        bare = path[len(path.split("/")[0]) + 1:] if path.startswith(prefixes) else path
        if path in pages or path in statics or bare in files or bare == "index.html":
            return True
        first = bare.split("/")[0] + "/"
        if first in ("affairs/", "pages/"):
            return bare.endswith("index.html") and first == "affairs/"
        return first in roots
    return exists
