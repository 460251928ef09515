"""Atom feeds of commitment status changes: one for all, one per department.

Entries come from the published `commitment_status_changes` table, newest first. The
same inputs give the same bytes: ids are tag: URIs built from the record's own keys,
dates come from `reported_on` (midnight, local time), and an empty feed is dated by the
as-of date instead of the clock.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import feedgenerator
import pandas as pd
from markupsafe import escape

log = logging.getLogger(__name__)

ATOM = "application/atom+xml"
# The tag: authority (a domain the publisher holds, and a date it held it): never change
# it, or every reader sees every entry again.
TAG_AUTHORITY = "example.gov.cn,2024"


class StableAtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 whose feed-level date never falls back to the wall clock."""

    def __init__(self, *args, fallback_date: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback_date = fallback_date

    def latest_post_date(self) -> datetime:
        dates = [item["updateddate"] for item in self.items if item["updateddate"]]
        return max(dates, default=self.fallback_date)


def tag_uri(*parts: str) -> str:
    """A stable Atom id: tag:<authority>:<part>/<part>/…, each part percent-encoded."""
    return f"tag:{TAG_AUTHORITY}:" + "/".join(quote(str(p), safe="") for p in parts)


def local_midnight(day: str | date, timezone: str) -> datetime:
    return datetime.combine(pd.Timestamp(day).date(), time(), ZoneInfo(timezone))


def write_feed(path: Path, *, title: str, link: str, feed_url: str, feed_id: str,
               subtitle: str, author: str, lang: str, entries: pd.DataFrame,
               as_of: date, timezone: str) -> Path:
    """Write one Atom feed; `entries` has id, title, link, summary, reported_on, author.

    `summary` is plain text (escaped here: Atom carries it as type="html").
    """
    feed = StableAtomFeed(
        title=title, link=link, description=subtitle, subtitle=subtitle, language=lang,
        author_name=author, feed_url=feed_url, feed_guid=feed_id,
        fallback_date=local_midnight(as_of, timezone))
    for entry in entries.to_dict("records"):  # serialising, one call per entry
        updated = local_midnight(entry["reported_on"], timezone)
        feed.add_item(title=entry["title"], link=entry["link"],
                      description=str(escape(entry["summary"])), unique_id=entry["id"],
                      author_name=entry["author"], pubdate=updated, updateddate=updated)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        feed.write(out, "utf-8")
    log.info("feed %s: %d entries", path, len(entries))
    return path
