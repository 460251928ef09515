"""Drafts (`Status: draft`): never in a built site, its feeds or its search index.

Pelican keeps drafts apart from articles (so they are in no list or feed); these settings
decide whether it writes them at all. The local preview (`serve`) asks for them, written
under drafts/ and marked as drafts by the templates (`PORTAL_SHOW_DRAFTS`).
"""

from __future__ import annotations

_KEYS = ("DRAFT_URL", "DRAFT_SAVE_AS", "DRAFT_LANG_URL", "DRAFT_LANG_SAVE_AS",
         "DRAFT_PAGE_URL", "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_URL",
         "DRAFT_PAGE_LANG_SAVE_AS")
_SHOWN = {
    "DRAFT_URL": "drafts/affairs/{category}/{slug}.html",
    "DRAFT_LANG_URL": "{lang}/drafts/affairs/{category}/{slug}.html",
    "DRAFT_PAGE_URL": "drafts/pages/{slug}.html",
    "DRAFT_PAGE_LANG_URL": "{lang}/drafts/pages/{slug}.html",
}


def draft_settings(show: bool) -> dict:
    """Pelican settings that write no draft, or (`show`) every draft under drafts/."""
    if not show:
        return {key: "" for key in _KEYS} | {"PORTAL_SHOW_DRAFTS": False}
    shown = {}
    for url_key, url in _SHOWN.items():
        shown[url_key] = url
        shown[url_key.replace("_URL", "_SAVE_AS")] = url
    return shown | {"PORTAL_SHOW_DRAFTS": True}
