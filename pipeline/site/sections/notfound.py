"""The page a server shows for an address that does not exist (404.html), per language.

nginx's `error_page 404 /404.html;` serves the Chinese one; English readers find the
switch and the menu on it like on any page.
"""

from __future__ import annotations

from pipeline.site.context import Page, SiteData


def pages(site: SiteData, lang: str) -> list[Page]:
    return [Page("404.html", "404.html", {})]
