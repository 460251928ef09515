"""Figures read fairly and pages that find their way: provisional cohorts and their
comparable 30-day rates (worked out by hand from tests/fixtures/cases_extra/), per-kind
answer rates, the league table's order, numbers per locale, translations and links.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.test_cases_marts import AS_OF, extra_data


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    data = extra_data(tmp_path_factory.mktemp("residents") / "data")
    con, _, _ = run_pipeline(data, load_settings(), AS_OF)
    yield con
    con.close()


def monthly(con, source: str) -> dict[str, tuple]:
    frame = con.execute("select month, received, closed_30d, closed_30d_rate, provisional "
                        "from cases_monthly where source = ?", [source]).df()
    return {r.month: (r.received, r.closed_30d, r.closed_30d_rate, r.provisional)
            for r in frame.itertuples()}


def test_cohorts_closed_within_30_days_and_provisional(marts):
    # the cases' last day is 2024-03-31 (C4): a month is final 30 days after its end
    mediation = monthly(marts, "mediation")
    # M1 2 days, M2 15 days, M3 21 days: all within 30; 2024-01-31 + 30 = 03-01, final
    assert mediation["2024-01"] == (3, 3, pytest.approx(1.0), False)
    # M4 open, M5 14 days; 2024-02-29 + 30 = 03-30 ≤ 03-31, final
    assert mediation["2024-02"] == (2, 1, pytest.approx(0.5), False)
    # M6 open; 2024-03-31 + 30 > 03-31: still provisional
    assert mediation["2024-03"] == (1, 0, pytest.approx(0.0), True)
    # C1 received 2023-12-20, closed 2024-01-10: 21 days
    assert monthly(marts, "city_management")["2023-12"] == (1, 1, pytest.approx(1.0), False)


def test_published_columns_keep_their_order(marts):
    from pipeline.catalog import published

    columns = [c.name for c in published("cases_monthly").columns]
    assert columns[:9] == ["month", "source", "received", "closed", "closure_rate",
                           "on_time_rate", "median_handling_days", "satisfaction_rate",
                           "suppressed"]
    assert columns[-3:] == ["closed_30d", "closed_30d_rate", "provisional"]
    hotline = [c.name for c in published("hotline_monthly").columns]
    assert hotline.index("provisional") > hotline.index("suppressed")


def test_provisional_cards_lose_their_change_and_gain_a_comparable_rate():
    from pipeline.site.cohorts import final_on, mark_cards

    assert final_on("2026-10") == "2026-11-30"
    row = {"month": "2026-10", "provisional": True, "closure_rate": 0.735,
           "closed_30d_rate": 0.70}
    cards = mark_cards([{"column": "closure_rate", "change": "−16.3 points"},
                        {"column": "received", "change": "+2.0%"}], row, "en")
    assert cards[0]["change"] is None
    assert "2026-11-30" in cards[0]["provisional"]
    assert cards[0]["comparable"]["column"] == "closed_30d_rate"
    assert cards[1] == {"column": "received", "change": "+2.0%"}  # volumes are not cohorts
    final = mark_cards([{"column": "closure_rate", "change": "+1.0 points"}],
                       {**row, "provisional": False}, "zh")
    assert final[0]["change"] == "+1.0 points" and "provisional" not in final[0]


def test_answer_rates_by_kind_only_when_unanswered_calls_have_a_kind():
    from pipeline.site.sections.hotline import kind_known_when_unanswered

    # 6 calls unanswered, all recorded as 'other': the kinds of unanswered calls are unknown
    unknown = pd.DataFrame({"kind": ["consultation", "complaint", "other"],
                            "calls": [10, 5, 10], "answered": [10, 5, 4]})
    assert not kind_known_when_unanswered(unknown)
    # 3 unanswered, 1 of them 'other'
    known = unknown.assign(answered=[8, 5, 9])
    assert kind_known_when_unanswered(known)
    assert kind_known_when_unanswered(unknown.assign(answered=[10, 5, 10]))


def test_league_opens_furthest_from_target_first():
    from pipeline.site.sections.departments import ordered

    frame = pd.DataFrame({"department": ["甲", "乙", "丙", "丁"],
                          "mean_score": [1.02, 0.81, None, 0.95]})
    assert list(ordered(frame, None)["department"]) == ["乙", "丁", "甲", "丙"]
    assert list(ordered(frame, "name")["department"]) == sorted(["甲", "乙", "丙", "丁"])


@pytest.mark.parametrize(("value", "lang", "text"), [
    (9_999, "zh", "9,999"), (123_456, "zh", "12.3万"), (250_000_000, "zh", "2.5亿"),
    (10_000, "zh", "1万"), (123_456, "en", "123,456")])
def test_headline_numbers_read_per_locale(value, lang, text):
    from pipeline.site.format import number

    assert number(value, "headline", lang) == text


def test_every_interface_string_has_its_chinese():
    from babel.messages.extract import extract_from_dir

    from pipeline.site.i18n import messages

    keywords = {"_": None, "gettext": (1,), "column": (2,), "Spec": (4,)}
    method_map = [("pipeline/site/**.py", "python"), ("theme/templates/**.html", "jinja2")]
    options = {"theme/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    found = {message for _, _, message, _, _ in extract_from_dir(
        ROOT, method_map, options, keywords=keywords) if isinstance(message, str)}
    assert len(found) > 300
    catalogue = messages()
    assert sorted(found - set(catalogue)) == []


def test_language_switch_and_hreflang_name_the_same_page():
    from pipeline.site.jinja import alternates, link, switch_url

    ctx = {"PORTAL_LANGUAGES": ["zh", "en"], "SITEURL": "", "lang": "zh",
           "page_path": "prices/price-index.html"}
    assert alternates(ctx) == {"zh": "/prices/price-index.html",
                               "en": "/en/prices/price-index.html"}
    assert switch_url(ctx, "en") == "/en/prices/price-index.html"
    folder = {**ctx, "page_path": "hotline/index.html", "lang": "en"}
    assert switch_url(folder, "zh") == "/hotline/"
    # from disk (file://) a folder's address names its index.html
    relative = {**folder, "RELATIVE_URLS": True, "SITEURL": "../.."}
    assert switch_url(relative, "zh") == "../../hotline/index.html"
    assert link(relative, "data/") == "../../en/data/index.html"


def test_sitemap_lists_pages_with_their_translations(tmp_path):
    from pipeline.site.sitemap import page_urls, robots, sitemap

    for name in ("index.html", "data/index.html", "prices/price-index.html", "404.html",
                 "en/404.html", "pagefind/x.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<html></html>", encoding="utf-8")
    assert sorted(page_urls(tmp_path)) == ["", "data/", "prices/price-index.html"]

    text = sitemap(["", "hotline/", "en/", "en/hotline/", "affairs/notices/a.html"],
                   "https://portal.example.gov.cn", ("zh", "en"))
    assert "<loc>https://portal.example.gov.cn/hotline/</loc>" in text
    assert 'hreflang="en" href="https://portal.example.gov.cn/en/hotline/"' in text
    assert text.count("<url>") == 5 and text.count("xhtml:link") == 8
    assert "Sitemap: https://portal.example.gov.cn/sitemap.xml" in robots(
        "https://portal.example.gov.cn")


def test_chinese_source_text_is_marked_on_english_pages():
    from pipeline.site.jinja import untranslated

    assert str(untranslated({"lang": "en"}, "完成老旧小区改造")) == \
        '<span lang="zh-CN">完成老旧小区改造</span>'
    assert untranslated({"lang": "zh"}, "完成老旧小区改造") == "完成老旧小区改造"
    assert untranslated({"lang": "en"}, "Road works") == "Road works"


def test_the_sample_is_built_for_its_last_day():
    import publish

    assert publish._build_as_of(None, publish.SAMPLE_DATA).isoformat() == "2026-10-31"
    assert publish._build_as_of("2026-12-01", publish.SAMPLE_DATA).isoformat() == "2026-12-01"


def test_a_site_built_with_relative_urls_reads_from_disk(tmp_path):
    from click.testing import CliRunner

    import publish
    from tests.conftest import FIXTURES

    out = tmp_path / "site"
    result = CliRunner().invoke(publish.cli, ["build", "--data", str(FIXTURES / "good"),
                                              "--output", str(out), "--as-of", "2025-06-30",
                                              "--relative-urls"])
    assert result.exit_code == 0, result.output
    assert f"open {(out / 'index.html').as_uri()}" in result.output
    page = (out / "en" / "prices" / "items" / "G001.html").read_text(encoding="utf-8")
    assert 'href="../../../theme/css/portal.css"' in page
    assert 'href="../../../prices/items/G001.html" hreflang="zh-CN"' in page
    assert 'href="/' not in page and 'src="/' not in page  # nothing from the disk's root


def test_chinese_runs_in_english_text_are_marked_and_the_rest_escaped():
    from markupsafe import Markup

    from pipeline.site.jinja import translate
    from pipeline.site.names import mark_chinese_runs, zh_runs

    assert str(mark_chinese_runs("vs previous (环比) & <b>")) == \
        'vs previous (<span lang="zh">环比</span>) &amp; &lt;b&gt;'
    assert str(mark_chinese_runs("not a yes/no value (1/0, yes/no, 是/否)")) == \
        'not a yes/no value (1/0, yes/no, <span lang="zh">是/否</span>)'
    assert str(mark_chinese_runs("示发改发〔2026〕5号")) == \
        '<span lang="zh">示发改发〔</span>2026〕5<span lang="zh">号</span>'  # (|zh marks it whole)
    assert mark_chinese_runs("Road works <b>") == "Road works <b>"  # escaped by Jinja
    marked = Markup('<span lang="zh">西城</span>')
    assert mark_chinese_runs(marked) is marked
    assert zh_runs({"lang": "zh"}, "环比") == "环比"
    # a value already marked goes into a message as it is, the message's text escaped
    assert str(translate({"lang": "en"}, "Prices in %(district)s & more",
                         district=marked)) == \
        'Prices in <span lang="zh">西城</span> &amp; more'
    assert translate({"lang": "en"}, "Prices in %(district)s", district="<b>") == \
        "Prices in <b>"  # a plain value stays plain text, escaped where it is written


def test_unmarked_chinese_on_english_pages_is_listed():
    from pipeline.site.untranslated import unmarked_chinese

    html = ('<html lang="en"><head><title>区城管局 · Departments</title></head><body>'
            '<p>Department: 区城管局</p><p lang="zh-CN">完成改造<br><b>三项</b></p>'
            '<a href="/" hreflang="zh-CN" lang="zh-CN">中文</a><script>var a = "中文";</script>'
            '<td>Shop <span>惠民超市</span></td></body></html>')
    assert unmarked_chinese(html) == ["Department: 区城管局", "惠民超市"]


def test_changes_json_writes_a_missing_number_as_null():
    import json

    import numpy as np

    from pipeline.site.changes import _no_nan

    found = _no_nan({"cells": [{"old": float("nan"), "new": np.float64("nan")},
                               {"old": 3, "new": (1.5, float("nan"))}]})
    assert json.dumps(found, allow_nan=False) == (
        '{"cells": [{"old": null, "new": null}, {"old": 3, "new": [1.5, null]}]}')
