"""What every page builder gets (the published tables, the manifest, settings, helpers)
and gives back (pages: a path, a template and the values the template shows).

Page builders live in `sections/`, one module per section of DESIGN.md "Pages"; each
exposes `pages(site, lang) -> list[Page]` and optionally `NAV` (its place in the menu).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from pipeline import charts
from pipeline.config import Settings
from pipeline.site.i18n import gettext


@dataclass
class Page:
    """One page to write. `context` keys become template variables; Pelican's writer
    reserves name, template, context, url, relative_urls, paginated, template_name and
    override_output, so a page must not use those."""

    path: str  # without the language prefix, e.g. "hotline/index.html"
    template: str
    context: dict = field(default_factory=dict)


@dataclass
class SiteData:
    tables: dict[str, pd.DataFrame]
    manifest: dict
    settings: Settings
    output: Path
    baseline: Path | None = None  # the last published site (to compare with), if any
    siteurl: str = ""

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def prefix(self, lang: str) -> str:
        """URL prefix of a language: '/' for the first one, '/en/' for English."""
        return "/" if lang == self.settings.languages[0] else f"/{lang}/"

    def url(self, lang: str, path: str = "") -> str:
        return self.prefix(lang) + path

    def chart(self, lang: str, chart_id: str, chart: alt.Chart, title: str, summary: str,
              data: pd.DataFrame, columns: dict[str, str]) -> charts.Chart:
        """Write a chart (spec, SVG, CSV) for one language and describe it for a page."""
        return charts.write_chart(self.output, "/", f"{chart_id}.{lang}", chart, title,
                                  summary, data, columns)

    def computed(self, model: str, lang: str) -> dict:
        """The "how it is computed" facts of a figure from `model`."""
        inputs = self.manifest.get("inputs", [])
        return {
            "model": model,
            "source_url": f"/source/sql/marts/{model}.sql",
            "source_path": f"pipeline/sql/marts/{model}.sql",
            "code_version": self.manifest.get("code_version"),
            "inputs": inputs,
            "data_date": self.manifest.get("data_date"),
            "note": gettext("Computed by the SQL model", lang),
        }


def slug(text: str) -> str:
    """A short, stable ASCII slug for a Chinese name (department pages)."""
    return "d" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
