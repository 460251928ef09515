"""Reading cohort rates fairly: the latest months are still open.

A closure, reply or resolution rate counts what has happened so far to the cases (calls)
received in a month: for a recent month it is low only because the month's cases are
still being handled. Such a month is *provisional* (the marts' `provisional` column: fewer
than 30 days between the month's end and the data's last day), and each of these rates
has a comparable form: the share closed (replied, resolved) within 30 days of receipt,
the same for every month once it is final.
"""

from __future__ import annotations

import pandas as pd

from pipeline.site.i18n import gettext

# cohort rate → its comparable form (None: it has none yet, it is only marked)
COHORT_RATES: dict[str, str | None] = {
    "closure_rate": "closed_30d_rate",
    "reply_rate": "reply_30d_rate",
    "complaint_resolution_rate": "complaint_resolution_30d_rate",
    "on_time_rate": None,
    "resolution_rate": None,
}
COMPARABLE_TITLES = {
    "closed_30d_rate": "Closed within 30 days of receipt",
    "reply_30d_rate": "Replied within 30 days",
    "complaint_resolution_30d_rate": "Resolved within 30 days",
}
WINDOW_DAYS = 30


def final_on(month: str) -> str:
    """The day a month's cohort becomes final: 30 days after the month's last day."""
    end = pd.Period(month, "M").end_time.normalize()
    return (end + pd.Timedelta(days=WINDOW_DAYS)).strftime("%Y-%m-%d")


def is_provisional(row: dict, column: str) -> bool:
    return column in COHORT_RATES and bool(row.get("provisional"))


def note(month: str, lang: str) -> str:
    """The explanation a provisional figure carries (title of its mark)."""
    year, number = month.split("-")
    name = f"{year}年{int(number)}月" if lang == "zh" else month
    return gettext("Provisional: cases received in %(month)s are still being handled, so "
                   "this rate will rise; it is final on %(date)s. Compare months with the "
                   "rate within 30 days of receipt.", lang) % {
        "month": name, "date": final_on(month)}


def mark_cards(cards: list[dict], row: dict, lang: str) -> list[dict]:
    """Mark the provisional cohort rates of a month's cards, add their comparable form,
    and drop the change against earlier months that would read as a fall."""
    month = row.get("month")
    for card in cards:
        column = card["column"]
        if column not in COHORT_RATES:
            continue
        comparable = COHORT_RATES[column]
        if comparable and comparable in row:
            card["comparable"] = {"title": gettext(COMPARABLE_TITLES[comparable], lang),
                                  "column": comparable}
        if month and is_provisional(row, column):
            card["provisional"] = note(month, lang)
            card["change"] = None
    return cards


def year_to_date(year: int | None, data_date: str | None) -> bool:
    """Whether `year` is the data's current year (its figures are for the year so far)."""
    return bool(year and data_date and int(data_date[:4]) <= year)
