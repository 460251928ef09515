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
    """Editors' Markdown becomes HTML; only safe tags and attributes stay."""
    if getattr(content, "_content", None):
        content._content = nh3.clean(content._content, tags=ALLOWED_TAGS,
                                     attributes=ALLOWED_ATTRIBUTES,
                                     url_schemes={"http", "https", "mailto"})


def get_generators(pelican):
    from pipeline.site.generator import DashboardGenerator

    return DashboardGenerator


def register():
    signals.content_object_init.connect(sanitize)
    signals.get_generators.connect(get_generators)
