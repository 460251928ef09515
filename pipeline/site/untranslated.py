"""Chinese text on the pages of another language that is not marked as Chinese.

Names from the reference lists and editors' text without a translation stay Chinese on
English pages; each such text must carry lang="zh-CN" (screen readers and search then
read it right). `scan` lists what is left unmarked, for the build's log and `check`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Unmarked(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, Chinese here)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        inherited = self.stack[-1][1] if self.stack else False
        chinese = (lang or "").startswith("zh") if lang is not None else inherited
        self.stack.append((tag, chinese or tag in ("script", "style", "title")))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if text and CJK.search(text) and not (self.stack and self.stack[-1][1]):
            self.found.append(text)


def unmarked_chinese(html: str) -> list[str]:
    """The Chinese texts of a page of another language that are not inside lang="zh…"."""
    parser = _Unmarked()
    parser.feed(html)
    return parser.found


def scan(output: Path, lang: str = "en") -> Counter:
    """How often each unmarked Chinese text appears on the `lang` pages of a built site."""
    found: Counter = Counter()
    for page in sorted((output / lang).rglob("*.html")):
        found.update(unmarked_chinese(page.read_text(encoding="utf-8")))
    if found:
        log.info("%s pages: %d Chinese texts without a translation or lang mark, e.g. %s",
                 lang, len(found), ", ".join(text for text, _ in found.most_common(5)))
    return found
