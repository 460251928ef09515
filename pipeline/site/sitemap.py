"""What crawlers and link previews read: sitemap.xml (every page, with its translations)
and robots.txt, written once the whole site is rendered (Pelican's `finalized` signal).
"""

from __future__ import annotations

import logging
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

log = logging.getLogger(__name__)

HIDDEN = {"404.html"}


def page_urls(output: Path) -> list[str]:
    """Every page of the site as a URL path (a folder's index.html as the folder)."""
    found = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.split("/")[0] in ("pagefind", "theme", "drafts") or path.name in HIDDEN:
            continue
        found.append(relative[: -len("index.html")] if path.name == "index.html" else relative)
    return found


def sitemap(urls: list[str], base: str, languages: tuple[str, ...]) -> str:
    """A sitemap with each page's translations (xhtml:link hreflang) where they exist."""
    known = set(urls)
    others = languages[1:]

    def translations(url: str) -> dict[str, str]:
        lang = next((o for o in others if url.startswith(f"{o}/")), languages[0])
        root = url.removeprefix(f"{lang}/") if lang != languages[0] else url
        found = {languages[0]: root} | {o: f"{o}/{root}" for o in others}
        return {code: u for code, u in found.items() if u in known}

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url in urls:
        lines.append(f"<url><loc>{escape(base + '/' + url)}</loc>")
        alternates = translations(url)
        if len(alternates) > 1:
            for code, other in sorted(alternates.items()):
                hreflang = "zh-CN" if code == "zh" else code
                lines.append(f'<xhtml:link rel="alternate" hreflang="{hreflang}" '
                             f"href={quoteattr(base + '/' + other)}/>")
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(base: str) -> str:
    line = f"Sitemap: {base}/sitemap.xml\n" if base.startswith("http") else ""
    return "User-agent: *\nDisallow: /pagefind/\n" + line


def write(pelican) -> None:
    """Write sitemap.xml and robots.txt into the output (the `finalized` signal)."""
    settings = pelican.settings
    portal = settings.get("PORTAL_SETTINGS")
    if portal is None:
        return
    output = Path(settings["OUTPUT_PATH"])
    base = (portal.extra.get("site", {}).get("url") or settings.get("SITEURL") or "")
    base = base.rstrip("/")
    urls = page_urls(output)
    (output / "sitemap.xml").write_text(sitemap(urls, base, portal.languages), encoding="utf-8")
    (output / "robots.txt").write_text(robots(base), encoding="utf-8")
    log.info("sitemap.xml: %d pages", len(urls))
