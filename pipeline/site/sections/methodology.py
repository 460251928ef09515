"""Methodology: every metric of DESIGN.md, its definition and the model computing it."""

from __future__ import annotations

from pipeline.site.context import Page, SiteData
from pipeline.site.i18n import metrics

NAV = (90, "methodology/", "Methodology")


def pages(site: SiteData, lang: str) -> list[Page]:
    entries = [{
        "id": key,
        "name": entry[lang] if lang in entry else entry["en"],
        "definition": entry["definition_zh"] if lang == "zh" else entry["definition_en"],
        "models": entry.get("models", []),
    } for key, entry in metrics().items()]
    return [Page("methodology/index.html", "methodology.html",
                 {"metrics": entries, "k": site.settings.k,
                  "audit": site.manifest.get("disclosure_audit")})]
