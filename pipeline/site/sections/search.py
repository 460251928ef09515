"""Search: Pagefind's static index, with a plain site map for readers without JavaScript."""

from __future__ import annotations

from pipeline.site.context import Page, SiteData

NAV = (95, "search/", "Search")


def pages(site: SiteData, lang: str) -> list[Page]:
    return [Page("search/index.html", "search.html", {})]
