"""Data: the catalogue of every published table, its columns, meaning and downloads."""

from __future__ import annotations

from pathlib import Path

from pipeline.catalog import SITE_TABLES, TABLES
from pipeline.site.context import Page, SiteData

MARTS = Path(__file__).resolve().parents[2] / "sql" / "marts"

NAV = (80, "data/", "Open data")


def pages(site: SiteData, lang: str) -> list[Page]:
    tested = site.manifest.get("data_tests", {})  # datatests.py, run by the build
    catalogue = [{
        "name": t.name,
        "title": t.title_zh if lang == "zh" else t.title_en,
        "description": t.description_zh if lang == "zh" else t.description_en,
        "columns": [{"name": c.name, "type": c.type, "meaning": c.zh if lang == "zh" else c.en}
                    for c in t.columns],
        "rows": len(site.tables.get(t.name, ())),
        "suppressed": t.policy is not None,
        "yml": t.path.relative_to(t.path.parents[2]).as_posix() if t.path else "",
        "tests": [{"label": f"{r['test']}({r['column']})", "passed": r["passed"]}
                  for r in tested.get(t.name, [])],
        # tables written by Python (e.g. commitment_revisions) have no SQL model to link
        "sql": (MARTS / f"{t.name}.sql").exists(),
    } for t in TABLES + SITE_TABLES]
    return [Page("data/index.html", "data.html", {"catalogue": catalogue})]
