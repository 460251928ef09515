"""Data: the catalogue of every published table, its columns, meaning and downloads."""

from __future__ import annotations

from pipeline.site.context import Page, SiteData
from pipeline.catalog import SITE_TABLES, TABLES

NAV = (80, "data/", "Open data")


def pages(site: SiteData, lang: str) -> list[Page]:
    catalogue = [{
        "name": t.name,
        "title": t.title_zh if lang == "zh" else t.title_en,
        "description": t.description_zh if lang == "zh" else t.description_en,
        "columns": [{"name": c.name, "type": c.type, "meaning": c.zh if lang == "zh" else c.en}
                    for c in t.columns],
        "rows": len(site.tables.get(t.name, ())),
        "suppressed": t.policy is not None,
    } for t in TABLES + SITE_TABLES]
    return [Page("data/index.html", "data.html", {"catalogue": catalogue})]
