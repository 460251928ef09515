"""The Pelican plugin of the portal: data pages, sanitised Markdown, live figures.

Pelican finds it through PLUGINS = ["pipeline.site"] and calls `register()`.
"""

from __future__ import annotations

import nh3
from pelican import signals

ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"table", "thead", "tbody", "tr", "th", "td", "caption",
                                   "figure", "figcaption", "img", "h1", "h2", "h3", "h4",
                                   "h5", "h6", "span", "div", "sup", "sub", "hr", "br"}
ALLOWED_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "*": {"class", "id", "lang", "title"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def sanitize(content) -> None:
    """Editors' Markdown becomes HTML; only safe tags and attributes stay; live figures
    (`[[table.column key=value]]`) are filled from the published tables."""
    if not getattr(content, "_content", None):
        return
    html = nh3.clean(content._content, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"})
    tables = getattr(content, "settings", {}).get("PORTAL_TABLES")
    if tables is not None:
        from pipeline.site.figures import fill_figures

        source = getattr(content, "relative_source_path", None) or "content"
        html = fill_figures(html, tables, getattr(content, "lang", "zh"), source)
    content._content = html


def get_generators(pelican):
    from pipeline.site.changes import ChangesGenerator
    from pipeline.site.generator import DashboardGenerator

    # the changes generator runs last: it compares the pages everything else wrote
    return DashboardGenerator, ChangesGenerator


def write_sitemap(pelican) -> None:
    from pipeline.site.sitemap import write

    write(pelican)


def register():
    signals.content_object_init.connect(sanitize)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_sitemap)
