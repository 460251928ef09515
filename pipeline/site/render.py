"""Runs Pelican on the published tables and the editors' content, then Pagefind."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from pipeline.config import ROOT, Settings

log = logging.getLogger(__name__)


def pelican_settings(output: Path, tables: dict, manifest: dict, settings: Settings,
                     baseline: Path | None = None, conf: str = "publishconf.py",
                     show_drafts: bool = False, relative_urls: bool = False) -> dict:
    """Pelican's settings for one build; `relative_urls` makes every link relative, so
    that the site reads from disk (file://) as well as from a server."""
    from pipeline.content.drafts import draft_settings

    extra = {"RELATIVE_URLS": True, "SITEURL": ""} if relative_urls else {}
    return read_settings(str(ROOT / conf), override={
        **draft_settings(show_drafts),
        **extra,
        "OUTPUT_PATH": str(output),
        "PATH": str(ROOT / "content"),
        "THEME": str(ROOT / "theme"),
        "PORTAL_TABLES": tables,
        "PORTAL_MANIFEST": manifest,
        "PORTAL_SETTINGS": settings,
        "PORTAL_BASELINE": baseline,
    })


def render_site(output: Path, tables: dict, manifest: dict, settings: Settings,
                baseline: Path | None = None, search: bool = True,
                show_drafts: bool = False, relative_urls: bool = False) -> None:
    """Write the whole site into `output` (which already holds data/).

    `baseline` is the last published site, if any (pages may compare with it);
    `show_drafts` writes drafts too, marked as drafts (the local preview, never a release).
    """
    Pelican(pelican_settings(output, tables, manifest, settings, baseline,
                             show_drafts=show_drafts, relative_urls=relative_urls)).run()
    if log.isEnabledFor(logging.INFO):  # `build -v` lists Chinese left unmarked
        from pipeline.site.untranslated import scan

        for lang in settings.languages[1:]:
            scan(output, lang)
    if search:
        build_search_index(output)


def build_search_index(output: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output),
                           "--output-subdir", "pagefind"], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind failed: {done.stderr.strip()[-500:]}")
    # Pagefind writes its languages in hash-map order: sort them, so that the same
    # inputs give the same bytes
    entry = output / "pagefind" / "pagefind-entry.json"
    if entry.exists():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")), encoding="utf-8")
