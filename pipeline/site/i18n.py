"""Translation: one catalogue for interface strings, code labels and metric definitions.

Interface strings are written in English in templates and code (`_("Hotline")`); their
Chinese is the gettext catalogue `theme/translations/zh/LC_MESSAGES/messages.po`
(extracted with Babel, see babel.cfg), read and compiled at build time. Codes (statuses,
sources, ...) and metrics have both names in `labels.toml` and `metrics.toml`.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd
from babel.messages.pofile import read_po

from pipeline.config import ROOT

log = logging.getLogger(__name__)

TRANSLATIONS = ROOT / "theme" / "translations"
DEFAULT = "zh"


CATALOGUE = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po"


def read_catalogue(path: Path) -> dict[str, str]:
    """A .po file's translated messages (fuzzy and empty ones left out)."""
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="zh_CN")
    return {message.id: message.string for message in catalogue
            if message.id and message.string and not message.fuzzy
            and isinstance(message.id, str)}


@cache
def messages() -> dict[str, str]:
    catalogue = read_catalogue(CATALOGUE) if CATALOGUE.exists() else {}
    # messages*.toml: the catalogues before gettext; move what is left into the .po file
    for path in sorted(TRANSLATIONS.glob("messages*.toml")):
        log.warning("%s: move these messages into %s", path.name, CATALOGUE.name)
        for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if catalogue.get(key, value) != value:
                log.warning("%s: %r is translated differently in another catalogue",
                            path.name, key)
            catalogue.setdefault(key, value)
    return catalogue


@cache
def labels() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((TRANSLATIONS / "labels.toml").read_text(encoding="utf-8"))


@cache
def metrics() -> dict[str, dict]:
    return tomllib.loads((TRANSLATIONS / "metrics.toml").read_text(encoding="utf-8"))


def gettext(message: str, lang: str) -> str:
    """The message in `lang`; English is the source language of messages."""
    if lang == "en":
        return message
    translated = messages().get(message)
    if translated is None:
        log.warning("no Chinese for %r", message)
        return message
    return translated


def label(group: str, code: str | None, lang: str) -> str:
    """A code as residents read it, e.g. label('status', 'fulfilled', 'zh') → 已兑现."""
    if code is None or pd.isna(code):
        code = "none"
    names = labels().get(group, {}).get(str(code))
    if names is None:
        return str(code)
    return names[0] if lang == "zh" else names[1]


def metric_name(metric: str, lang: str) -> str:
    entry = metrics()[metric]
    return entry["zh"] if lang == "zh" else entry["en"]
