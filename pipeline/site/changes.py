"""What changed tonight: a page per language, an Atom feed and data/changes.json.

It runs as its own generator after every other one (registered after the dashboard's),
so that the pages added tonight are known: everything Pelican and the sections wrote is
in the output folder when it compares with the release live before (`site.baseline`).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from pipeline import feeds
from pipeline.changes import Changes, compare
from pipeline.site import incremental
from pipeline.site.generator import DashboardGenerator
from pipeline.site.i18n import gettext

log = logging.getLogger(__name__)

PAGE = "changes/index.html"
FEED = "feeds/changes.atom"
SHOWN = 50  # cells listed per table on the page; data/changes.json has them all


def own_pages(languages: tuple[str, ...]) -> set[str]:
    return {(lang + "/" if i else "") + PAGE for i, lang in enumerate(languages)}


def as_json(changes: Changes, manifest: dict) -> dict:
    return {
        "as_of": manifest.get("as_of"),
        "first_release": changes.first,
        "tables": [{"table": t.table, "rows_added": t.rows_added,
                    "rows_removed": t.rows_removed, "cells": t.cells.to_dict("records")}
                   for t in changes.tables],
        "files": changes.files,
        "pages_added": changes.pages_added,
        "pages_removed": changes.pages_removed,
        "quarantine": changes.quarantine,
    }


def table_views(changes: Changes) -> list[dict]:
    """What the page shows of each table: counts and the first SHOWN cells."""
    return [{"table": t.table, "rows_added": t.rows_added, "rows_removed": t.rows_removed,
             "moved": len(t.cells), "more": max(len(t.cells) - SHOWN, 0),
             "cells": t.cells.head(SHOWN).to_dict("records")} for t in changes.tables]


def feed_entries(changes: Changes, site, lang: str) -> pd.DataFrame:
    """One entry per table whose figures moved, one for the input files, one for the
    pages, one for tonight's quarantine."""
    link = site.siteurl + site.prefix(lang) + "changes/"
    as_of = site.manifest["as_of"]
    moved = "%(n)s figures moved, %(added)s rows added, %(removed)s rows removed"
    entries = [{
        "key": t.table, "title": f"{gettext('Figures that moved', lang)}: {t.table}",
        "summary": gettext(moved, lang) % {"n": len(t.cells), "added": t.rows_added,
                                           "removed": t.rows_removed} + "".join(
            f" · {c['row_key']} {c['column']}: {c['old'] or '—'} → {c['new'] or '—'}"
            for c in t.cells.head(SHOWN).to_dict("records"))}
        for t in changes.tables]
    if changes.files:
        entries.append({"key": "files", "title": gettext("Input files that changed", lang),
                        "summary": " · ".join(f"{f['file']} ({f['change']})"
                                              for f in changes.files)})
    if changes.pages_added or changes.pages_removed:
        entries.append({"key": "pages", "title": gettext("Pages added or removed", lang),
                        "summary": gettext("%(added)s pages added, %(removed)s removed", lang)
                        % {"added": len(changes.pages_added),
                           "removed": changes.pages_removed}})
    if changes.quarantine:
        entries.append({"key": "quarantine", "title": gettext("Rows quarantined tonight", lang),
                        "summary": " · ".join(f"{q['file']}: {q['reason']} ({q['rows']})"
                                              for q in changes.quarantine)})
    frame = pd.DataFrame(entries, columns=["key", "title", "summary"])
    frame["id"] = [feeds.tag_uri("changes", lang, as_of, key) for key in frame["key"]]
    frame["link"] = link
    frame["reported_on"] = as_of
    frame["author"] = (site.settings.government_zh if lang == "zh"
                       else site.settings.government_en)
    return frame


def _moved(tables: dict[str, pd.DataFrame], output: Path, baseline: Path | None
           ) -> dict[str, pd.DataFrame]:
    """The tables whose published JSON is not the baseline's byte for byte: only they can
    hold a change (comparing the others cell by cell was most of an edit's rebuild)."""
    if baseline is None:
        return tables
    same = [name for name in tables if (output / "data" / f"{name}.json").is_file()
            and incremental.unchanged(output / "data" / f"{name}.json",
                                      baseline / "data" / f"{name}.json")]
    return {name: frame for name, frame in tables.items() if name not in same}


def _no_nan(value):
    """A missing number (a suppressed cell read as NaN) as JSON's null: NaN is not JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {key: _no_nan(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_no_nan(item) for item in value]
    return value


class ChangesGenerator(DashboardGenerator):
    """Writes changes/index.html and feeds/changes.atom in every language."""

    def generate_output(self, writer):
        site = self.site
        output = Path(self.output_path)
        changes = compare(output, _moved(site.tables, output, site.baseline), site.manifest,
                          site.baseline, own_pages(site.settings.languages))
        (output / "data" / "changes.json").write_text(
            json.dumps(_no_nan(as_json(changes, site.manifest)), ensure_ascii=False,
                       indent=1, default=str, allow_nan=False) + "\n", encoding="utf-8")
        for lang in site.settings.languages:
            prefix = site.prefix(lang).lstrip("/")
            feeds.write_feed(
                output / prefix / FEED, title=gettext("What changed tonight", lang),
                link=site.siteurl + site.prefix(lang) + "changes/",
                feed_url=f"{site.siteurl}/{prefix}{FEED}",
                feed_id=feeds.tag_uri("feed", lang, "changes"),
                subtitle=gettext("The figures, files and pages that changed with each "
                                 "release.", lang),
                author=site.settings.government_zh if lang == "zh"
                else site.settings.government_en,
                lang="zh-CN" if lang == "zh" else lang,
                entries=feed_entries(changes, site, lang),
                as_of=pd.Timestamp(site.manifest["as_of"]).date(),
                timezone=site.settings.timezone)
            writer.write_file(prefix + PAGE, self.get_template("changes"), self.context,
                              lang=lang, page_path=PAGE, changes=changes, shown=SHOWN,
                              tables=table_views(changes), feed=site.prefix(lang) + FEED)
        log.info("changes: %d figures moved, %d files, %d pages added, %d removed",
                 changes.figures_moved, len(changes.files), len(changes.pages_added),
                 changes.pages_removed)
