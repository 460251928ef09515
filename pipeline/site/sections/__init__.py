"""One module per section of the site; each exposes `pages(site, lang)` and `NAV`."""
