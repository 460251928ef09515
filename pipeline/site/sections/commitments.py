"""Commitments: officials' public pledges by year, a page per commitment, and its feeds.

Pages: commitments/ (years), commitments/<year>/ (status counts, fulfilment by department
and by role, overdue list, all commitments), commitments/<year>/<filter>/<value>.html
(one page per department, category and status: filters without JavaScript) and
commitments/<year>/<id>.html (who, what, schedule, the timeline of every update).

The record is append-only: updates published by the last build (`site.baseline`) that
the inputs now rewrite or drop stay on the pages beside the current version, are logged
as warnings, and are carried forward in data/commitment_revisions.* (written here,
because only the site knows the last published build).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import export, feeds
from pipeline.catalog import published
from pipeline.export import records
from pipeline.site.context import Page, SiteData, slug
from pipeline.site.i18n import gettext, label

log = logging.getLogger(__name__)

NAV = (40, "commitments/", "Commitments")
RECORD = published("commitment_revisions")  # pipeline/site/tables/commitment_revisions.yml

STAGES = ["pledge", "interim", "midyear", "yearend"]
STATUSES = ["fulfilled", "partially_fulfilled", "not_fulfilled", "on_track", "delayed",
            "not_started", "withdrawn", "none"]
STATUS_COLUMNS = {"none": "not_reported"}  # status code → its column in commitments_by_year
SCHEDULE = {
    "behind": "Behind schedule",
    "on_schedule": "On schedule",
    "completed": "Completed",
    "closed": "Ended without full fulfilment",
    "withdrawn": "Withdrawn",
    "unknown": "No progress reported",
}
FILTERS = (("department", "Department"), ("category", "Category"), ("status", "Status"))
SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")

# Previously published versions the inputs no longer hold, in SQL on the two frames.
RECORD_SQL = """
with previous as (
    select
        commitment_id, year, department, reported_on, stage, status, progress_pct, note,
        evidence_url,
        max(last_published_as_of) as last_published_as_of,
        bool_or(in_last_build) as in_last_build
    from previous_record
    group by all
),

current_keys as (
    select distinct commitment_id, reported_on, stage from current_record
),

gone as (
    select previous.*
    from previous
    anti join current_record as now
        on now.commitment_id = previous.commitment_id
        and now.reported_on = previous.reported_on
        and now.stage = previous.stage
        and now.status is not distinct from previous.status
        and now.progress_pct is not distinct from previous.progress_pct
        and now.note is not distinct from previous.note
        and now.evidence_url is not distinct from previous.evidence_url
),

final as (
    select
        gone.* exclude (in_last_build),
        case when current_keys.commitment_id is null then 'removed' else 'revised' end
            as change,
        gone.in_last_build
    from gone
    left join current_keys
        on current_keys.commitment_id = gone.commitment_id
        and current_keys.reported_on = gone.reported_on
        and current_keys.stage = gone.stage
)

select * from final
order by commitment_id, reported_on, stage, last_published_as_of, status
"""


def page_name(commitment_id: str) -> str:
    """A file name for a commitment id: kept when it is plain ASCII, else made safe and
    suffixed with a hash of the id (so two ids never share a page)."""
    name = SAFE_NAME.sub("-", commitment_id).strip("-")
    if name == commitment_id and name.lower() != "index":
        return name
    digest = hashlib.sha256(commitment_id.encode("utf-8")).hexdigest()[:8]
    return f"{name}-{digest}" if name else digest


def category_key(category: str | None) -> str:
    return slug(category) if isinstance(category, str) and category else "none"


def labels_of(codes: pd.Series, group: str, lang: str) -> pd.Series:
    """Codes as residents read them (missing ones as None)."""
    plain = codes.astype(object).where(codes.notna(), None)
    return plain.map(lambda code: None if code is None else label(group, code, lang))


def _typed_updates(frame: pd.DataFrame) -> pd.DataFrame:
    """An update record with the published types, whatever file it was read from."""
    typed = pd.DataFrame({c.name: frame.get(c.name) for c in RECORD.columns[:9]})
    for column in ("commitment_id", "department", "reported_on", "stage", "status", "note",
                   "evidence_url"):
        typed[column] = typed[column].astype("string")
    typed["year"] = pd.to_numeric(typed["year"]).astype("Int64")
    typed["progress_pct"] = pd.to_numeric(typed["progress_pct"]).astype("float64")
    return typed


def _read_json(path: Path) -> pd.DataFrame:
    rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    return pd.DataFrame(rows, columns=[c.name for c in RECORD.columns])


def previous_record(baseline: Path | None) -> pd.DataFrame:
    """Every update version the last published build showed: its updates (dated by its
    as-of date) and the earlier versions it carried forward."""
    if baseline is None or not (baseline / "data" / "commitment_updates.json").exists():
        frame = pd.DataFrame(columns=[c.name for c in RECORD.columns] + ["in_last_build"])
    else:
        data = baseline / "data"
        manifest = (json.loads((data / "manifest.json").read_text(encoding="utf-8"))
                    if (data / "manifest.json").exists() else {})
        shown = _read_json(data / "commitment_updates.json")
        shown["last_published_as_of"] = manifest.get("as_of")
        shown["in_last_build"] = True
        carried = _read_json(data / "commitment_revisions.json")
        carried["in_last_build"] = False
        frame = pd.concat([shown, carried], ignore_index=True)
    typed = _typed_updates(frame)
    typed["last_published_as_of"] = frame["last_published_as_of"].astype("string")
    typed["in_last_build"] = frame["in_last_build"].astype("boolean")
    return typed


def compare_record(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Previously published versions of updates that `current` rewrote ('revised') or
    dropped ('removed'); `in_last_build` marks those the last build still showed."""
    con = duckdb.connect()
    try:
        con.register("current_record", _typed_updates(current))
        con.register("previous_record", previous)
        return con.execute(RECORD_SQL).df()
    finally:
        con.close()


def revisions(site: SiteData, warn: bool) -> pd.DataFrame:
    """The carried-forward record of this build; log what changed since the last one."""
    found = compare_record(site.table("commitment_updates"), previous_record(site.baseline))
    new = found[found["in_last_build"].fillna(False).astype(bool)]
    if warn:
        for commitment_id, rows in new.groupby("commitment_id", sort=True):
            changes = "; ".join(rows["reported_on"] + " " + rows["stage"] + " " + rows["change"])
            log.warning("commitment %s: updates published before were changed in the inputs "
                        "(%s); the published versions stay visible", commitment_id, changes)
    published = _typed_updates(found)
    published["last_published_as_of"] = found["last_published_as_of"].astype("string")
    published["change"] = found["change"].astype("string")
    return published


def commitment_frame(site: SiteData) -> pd.DataFrame:
    """Published commitments with their schedule status and the paths of their pages."""
    schedule = site.table("commitment_schedule").drop(columns=["year", "deadline"])
    frame = site.table("commitments").merge(schedule, on="commitment_id", how="left")
    frame["page"] = frame["commitment_id"].map(page_name)
    frame["path"] = ("commitments/" + frame["year"].astype("string") + "/" + frame["page"]
                     + ".html")
    frame["department_key"] = frame["department"].map(slug)
    frame["category_key"] = frame["category"].map(category_key)
    frame["status_key"] = frame["status"].fillna("none")
    return frame


def timeline(site: SiteData, record: pd.DataFrame) -> dict[str, list[dict]]:
    """Per commitment: its current updates and their previously published versions."""
    current = site.table("commitment_updates").assign(change="current")
    rows = pd.concat([current, record], ignore_index=True)
    rows["evidence"] = rows["evidence_url"].where(
        rows["evidence_url"].str.match(r"https?://", na=False))
    rows["stage_order"] = rows["stage"].map({s: i for i, s in enumerate(STAGES)})
    rows["change_order"] = rows["change"].map({"current": 0, "revised": 1, "removed": 2})
    rows = rows.sort_values(["reported_on", "stage_order", "change_order",
                             "last_published_as_of"], na_position="first", kind="stable")
    rows["timeline"] = records(rows)  # converted once: one list per commitment below
    return rows.groupby("commitment_id", sort=False)["timeline"].agg(list).to_dict()


def feed_path(lang_prefix: str, department_key: str | None = None) -> str:
    name = f"commitments/{department_key}.atom" if department_key else "commitments.atom"
    return f"{lang_prefix}feeds/{name}"


def feed_entries(site: SiteData, lang: str, commitments: pd.DataFrame) -> pd.DataFrame:
    """The published status changes as feed entries in `lang`, newest first."""
    changes = site.table("commitment_status_changes").merge(
        commitments[["commitment_id", "path"]], on="commitment_id", how="left")
    base = getattr(site, "siteurl", "")  # absolute links once SiteData carries SITEURL
    status = labels_of(changes["status"], "status", lang).fillna("—")
    was = gettext(" (previously: %(status)s)", lang)
    before = labels_of(changes["previous_status"], "status", lang).map(
        lambda b: was % {"status": b} if pd.notna(b) else "")
    progress = changes["progress_pct"].map(lambda v: "" if pd.isna(v) else f" · {v:.0f}%")
    note = changes["note"].map(lambda n: f" · {n}" if pd.notna(n) else "")
    return pd.DataFrame({
        "id": [feeds.tag_uri("commitment", lang, *key) for key in
               zip(changes["commitment_id"], changes["reported_on"], changes["stage"],
                   strict=True)],
        "title": changes["title"] + " · " + status,
        "link": base + site.prefix(lang) + changes["path"],
        "summary": (changes["owner_role"] + " " + changes["owner_name"].fillna("") + " · "
                    + changes["department"] + " · "
                    + labels_of(changes["stage"], "stage", lang) + " · " + status + before
                    + progress + note),
        "reported_on": changes["reported_on"],
        "author": changes["department"],
        "department": changes["department"],
    })


def write_feeds(site: SiteData, lang: str, commitments: pd.DataFrame) -> set[str]:
    """feeds/commitments.atom and feeds/commitments/<department>.atom in `lang`; return
    the keys of the departments that have a feed."""
    entries = feed_entries(site, lang, commitments)
    base = getattr(site, "siteurl", "")
    prefix = site.prefix(lang)
    title = gettext("Public commitments: status changes", lang)
    common = {
        "author": site.settings.government_zh if lang == "zh" else site.settings.government_en,
        "lang": "zh-CN" if lang == "zh" else lang,
        "as_of": pd.Timestamp(site.manifest["as_of"]).date(),
        "timezone": site.settings.timezone,
        "link": base + prefix + "commitments/",
        "subtitle": gettext("Each change of a commitment's status, newest first.", lang),
    }
    path = feed_path(prefix.lstrip("/"))
    feeds.write_feed(site.output / path, title=title, feed_url=f"{base}/{path}",
                     feed_id=feeds.tag_uri("feed", lang, "commitments"), entries=entries,
                     **common)
    for department, rows in entries.groupby("department", sort=True):
        key = slug(department)
        path = feed_path(prefix.lstrip("/"), key)
        feeds.write_feed(site.output / path, title=f"{title} · {department}",
                         feed_url=f"{base}/{path}",
                         feed_id=feeds.tag_uri("feed", lang, "commitments", key),
                         entries=rows, **common)
    return set(entries["department"].map(slug))


def filter_groups(rows: pd.DataFrame, year: int, lang: str) -> dict[str, list[dict]]:
    """The filter menus of a year: for department, category and status, each value with
    its page and count."""
    groups = {}
    for kind, _title in FILTERS:
        counts = rows.groupby([f"{kind}_key"], dropna=False).agg(
            value=(kind, "first"), count=("commitment_id", "size")).reset_index()
        if kind == "status":
            counts["label"] = labels_of(counts["status_key"], "status", lang)
            counts["order"] = counts["status_key"].map({s: i for i, s in enumerate(STATUSES)})
        else:
            counts["label"] = counts["value"].fillna(gettext("Uncategorised", lang))
            counts["order"] = 0
        counts["path"] = (f"commitments/{year}/{kind}/" + counts[f"{kind}_key"] + ".html")
        counts["key"] = counts[f"{kind}_key"]
        groups[kind] = records(counts.sort_values(["order", "label"]))
    return groups


def department_feed(department: str, key: str, fed: set[str]) -> list[dict]:
    return [{"title": department, "path": feed_path("", key)}] if key in fed else []


def year_pages(site: SiteData, lang: str, year: int, rows: pd.DataFrame,
               fed: set[str]) -> list[Page]:
    totals = site.table("commitments_by_year")
    total = records(totals[totals["year"] == year])[0]
    summary = site.table("commitments_summary")
    roles = site.table("commitments_by_role")
    departments = summary[summary["year"] == year].assign(
        department_key=lambda f: f["department"].map(slug))
    filters = filter_groups(rows, year, lang)
    listed = records(rows)
    status_counts = [{"status": s, "count": total[STATUS_COLUMNS.get(s, s)]}
                     for s in STATUSES]
    context = {
        "year": year, "total": total, "status_counts": status_counts,
        "departments": records(departments), "roles": records(roles[roles["year"] == year]),
        "overdue": records(rows[rows["overdue"].fillna(False).astype(bool)]),
        "commitments": listed, "filters": filters, "filter_names": FILTERS,
        "schedule_labels": SCHEDULE,
        "feeds": [{"title": gettext("All commitments", lang), "path": feed_path("")}],
        "computation": {**site.computed("commitments_summary", lang), "metric": "fulfilment_rate"},
    }
    pages = [Page(f"commitments/{year}/index.html", "commitments_year.html", context)]
    for kind, title in FILTERS:
        for value in filters[kind]:
            chosen = [c for c in listed if c[f"{kind}_key"] == value["key"]]
            feed = (department_feed(value["label"], value["key"], fed)
                    if kind == "department" else [])
            pages.append(Page(value["path"], "commitment_list.html", {
                "year": year, "kind": kind, "kind_title": title, "value": value,
                "filters": filters, "filter_names": FILTERS, "schedule_labels": SCHEDULE,
                "commitments": chosen, "feeds": feed + context["feeds"]}))
    return pages


def commitment_pages(site: SiteData, lang: str, rows: pd.DataFrame,
                     updates: dict[str, list[dict]], fed: set[str]) -> list[Page]:
    return [Page(c["path"], "commitment.html", {
        "c": c, "updates": updates.get(c["commitment_id"], []),
        "schedule_labels": SCHEDULE,
        "feeds": [*department_feed(c["department"], c["department_key"], fed),
                  {"title": gettext("All commitments", lang), "path": feed_path("")}],
    }) for c in records(rows)]


def pages(site: SiteData, lang: str) -> list[Page]:
    first = lang == site.settings.languages[0]
    record = revisions(site, warn=first)
    if first:
        export.write_table(record, RECORD, site.output / "data")
    commitments = commitment_frame(site)
    fed = write_feeds(site, lang, commitments)
    updates = timeline(site, record)
    years = records(site.table("commitments_by_year").sort_values("year", ascending=False))
    changed = record.merge(commitments[["commitment_id", "path", "title"]],
                           on="commitment_id", how="left")
    result = [Page("commitments/index.html", "commitments.html", {
        "years": years, "revisions": records(changed),
        "feeds": [{"title": gettext("All commitments", lang), "path": feed_path("")}],
        "computation": {**site.computed("commitments_by_year", lang),
                        "metric": "fulfilment_rate"},
    })]
    for year, rows in commitments.groupby("year", sort=True):
        result += year_pages(site, lang, int(year), rows, fed)
        result += commitment_pages(site, lang, rows, updates, fed)
    return result
