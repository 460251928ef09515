"""Open government affairs: the editors' sections (Pelican articles), in both languages.

Pelican writes the Chinese section pages (paginated, with Atom feeds), the tag pages and
every article; pipeline/content/plugin.py the English section pages and feeds. This adds
the section's entry in the menu and the English index, listing English translations where
there are and the Chinese original otherwise.
"""

from __future__ import annotations

from pipeline.site.context import Page, SiteData

NAV = (60, "affairs/", "Open government affairs")


def pages(site: SiteData, lang: str) -> list[Page]:
    if lang == site.settings.languages[0]:
        return []
    return [Page("affairs/index.html", "affairs_translated.html", {})]
