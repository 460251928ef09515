"""Checks of the editors' Markdown, the same for `publish.py check` and `build`.

Editors get one line per problem naming the file, the line and what to do about it:
front matter against the contract (contract.py), links, images and personal data in the
body (body.py), live figures and charts (figures_md.py). `build` runs the same checks and
refuses with the same lines; after rendering it checks links against the site it built and
that every published document was written, so no document is ever dropped without a word.
Drafts (`Status: draft`) are not checked and never published.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pandas as pd

from pipeline.content import body, figures_md, report
from pipeline.content.contract import (
    Document,
    Problem,
    check_collection,
    check_fields,
    read_documents,
)
from pipeline.errors import InputError

__all__ = ["ContentError", "Problem", "check_built", "check_content", "check_figures",
           "raise_problems"]


class ContentError(InputError):
    """Problems in the editors' content: the first names file and line, all are listed."""

    check = "content"  # the check named in the nightly run report

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__(first.file, first.reason, line=first.line)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise ContentError(problems)


def published(content: Path) -> list[Document]:
    """The documents that will be published (drafts left out)."""
    return [d for d in read_documents(content) if not d.draft]


def check_content(content: Path, tables: dict[str, pd.DataFrame] | None = None,
                  site: Path | None = None) -> list[Problem]:
    """Every problem in content/affairs/ and content/pages/.

    `tables` are the published tables to fill live figures from (default: those of the
    last build in `site`, else only table and column names are checked); `site` is a
    built site to look links up in (default: what can be known without one).
    """
    docs = published(content)
    if tables is None:
        tables = figures_md.published_tables(site)
    exists = body.site_lookup(site, docs) if site and (site / "index.html").exists() \
        else body.known_lookup(docs, content, section_roots(), data_files())
    problems = check_collection(docs) + stray_files(content)
    for doc in docs:
        problems += check_fields(doc)
        problems += body.check_images(doc)
        problems += body.check_links(doc, exists, content)
        problems += figures_md.check_figures(doc, tables)
        problems += report.check_report(doc)
        problems += body.check_personal_data(doc)
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.reason))


def stray_files(content: Path) -> list[Problem]:
    """Markdown outside content/affairs/ and content/pages/ is never published: say so."""
    return [Problem(p.relative_to(content.parent).as_posix(), 1, "not published: put it in "
                    "content/affairs/<section>/ or content/pages/")
            for p in sorted(content.rglob("*.md"))
            if p.relative_to(content).parts[0] not in ("affairs", "pages")]


def check_figures(content: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Stop the build when a live figure or chart cannot be filled from `tables`."""
    raise_problems([p for doc in published(content)
                    for p in figures_md.check_figures(doc, tables)])


def check_built(content: Path, site: Path) -> list[Problem]:
    """After rendering: links against the site just built, and every document written."""
    docs = published(content)
    exists = body.site_lookup(site)
    problems = []
    for doc in docs:
        problems += body.check_links(doc, exists, content)
        if not (site / doc.url()).is_file():
            problems.append(Problem(doc.shown, 1, f"was not published as {doc.url()}: "
                                    "Pelican could not read it (run `publish.py -v build`)"))
    return problems


def section_roots() -> set[str]:
    """The first path segment of every data section (its NAV entry), e.g. 'hotline/'."""
    from pipeline.site import sections

    roots = {"source/", "charts/", "theme/"}  # written by every build besides the sections
    for info in pkgutil.iter_modules(sections.__path__):
        nav = getattr(importlib.import_module(f"{sections.__name__}.{info.name}"), "NAV", None)
        if nav and nav[1]:
            roots.add(nav[1].split("/")[0] + "/")
    return roots


def data_files() -> set[str]:
    """The files of the Data page every build writes."""
    from pipeline.catalog import SITE_TABLES, TABLES

    names = {"data/datapackage.json", "data/manifest.json", "data/quarantine.csv"}
    return names | {f"data/{t.name}.{ext}" for t in TABLES + SITE_TABLES
                    for ext in ("csv", "json", "parquet")}
