"""The hotline, case and department pages built from tests/fixtures/cases_extra/ (see
tests/test_cases_marts.py for the figures), read as a resident would read them.

Two renderings of the same inputs: with k = 1 nothing is suppressed, so the figures can
be checked by hand; with k = 3 small cells are, and must show as suppressed (＊).
"""

from __future__ import annotations

import ast
import html
import logging
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_cases_marts import AS_OF, extra_data

DEPARTMENTS = ("区司法局", "区城管局", "区住建局", "区人社局")
ENGLISH = {"区司法局": "District Justice Bureau", "区城管局": "District Urban Management Bureau",
           "区住建局": "District Housing and Urban-Rural Development Bureau",
           "区人社局": "District Human Resources and Social Security Bureau"}  # good/reference/
SOURCES = ("city_management", "mediation", "approval", "complaint")
CHART = re.compile(r'<figure class="chart" id="chart-(?P<id>[^"]+)"[^>]*>(?P<body>.*?)</figure>', re.S)


UNTRANSLATED: list[str] = []


class Untranslated(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        UNTRANSLATED.append(record.getMessage())


def render(tmp: Path, data: Path, k: int) -> Path:
    from pipeline import export, reference
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings
    from pipeline.site.render import render_site

    settings = load_settings(k=k)
    con, manifest, _ = run_pipeline(data, settings, AS_OF)
    frames = export.export_all(con, tmp / "data", settings.k, manifest)
    frames["reference_names"] = reference.names_frame(con)
    con.close()
    handler = Untranslated(logging.WARNING)
    logging.getLogger("pipeline.site.i18n").addHandler(handler)
    try:
        render_site(tmp, frames, manifest, settings, search=False)
    finally:
        logging.getLogger("pipeline.site.i18n").removeHandler(handler)
    return tmp


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return extra_data(tmp_path_factory.mktemp("cases_pages") / "data")


@pytest.fixture(scope="module")
def site(tmp_path_factory, data) -> Path:
    return render(tmp_path_factory.mktemp("site_k1"), data, k=1)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory, data) -> Path:
    return render(tmp_path_factory.mktemp("site_k3"), data, k=3)


def page(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def text(markup: str) -> str:
    """The page's text, tags dropped and whitespace squeezed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_every_department_has_a_page_in_both_languages(site):
    from pipeline.site.context import slug

    for name in DEPARTMENTS:
        for prefix in ("", "en/"):
            body = page(site, f"{prefix}departments/{slug(name)}/index.html")
            assert f"<h1>{ENGLISH[name] if prefix else name}</h1>" in body
            assert f'href="/{prefix}departments/{slug(name)}/"' in page(
                site, f"{prefix}departments/index.html")


def test_every_source_and_the_hotline_have_pages_in_both_languages(site):
    for prefix in ("", "en/"):
        for path in ["hotline/", "cases/", *(f"cases/{s}/" for s in SOURCES)]:
            assert (site / prefix / path / "index.html").exists(), prefix + path
    assert "<h1>Dispute mediation</h1>" in page(site, "en/cases/mediation/index.html")
    assert "<h1>矛盾纠纷调解</h1>" in page(site, "cases/mediation/index.html")


def test_every_chart_has_its_svg_summary_table_and_csv(site):
    pages = [p for p in site.rglob("*.html")
             if p.relative_to(site).parts[-2:][0] in ("hotline", "cases", *SOURCES)]
    found = 0
    for path in pages:
        for chart in CHART.finditer(path.read_text(encoding="utf-8")):
            found += 1
            body = chart["body"]
            svg = re.search(r'<img src="/(charts/[^"]+\.svg)" alt="([^"]+)"', body)
            assert svg, f"{path}: {chart['id']} has no SVG"
            assert (site / svg[1]).read_text(encoding="utf-8").lstrip().startswith("<svg")
            summary = re.search(r'<p class="chart-summary">([^<]+)</p>', body)
            assert summary and summary[1].strip() == svg[2], f"{path}: {chart['id']}"
            assert "<table" in body and "<td>" in body
            csv = re.search(r'<a href="/(charts/[^"]+\.csv)" download>', body)
            assert csv and (site / csv[1]).stat().st_size > 0
    # hotline 2, cases overview 2, each source with data 3 (approval has none): both languages
    assert found == 2 * (2 + 2 + 3 * 3)


def test_chart_summaries_are_written_from_the_data(site):
    # March 2024: one call (H10), answered, a consultation replied; February: three, all
    # answered; no complaint and no rating in March
    zh = text(page(site, "hotline/index.html"))
    assert "2024年3月，接通率为100.0%，与上月持平；答复率为100.0%；投诉办结率无数据；满意率无数据。" in zh
    assert "2024年3月，来电量为1，比上月减少66.7%。" in zh
    en = text(page(site, "en/hotline/index.html"))
    assert ("March 2024: answer rate 100.0%, unchanged from the previous month; reply rate "
            "100.0%; complaint resolution: no data; satisfaction rate: no data.") in en


def test_rates_show_n_of_n_their_definition_and_target(site):
    body = page(site, "en/cases/mediation/index.html")
    card = re.search(r'<a href="/en/methodology/#mediation_success">Mediation success</a>'
                     r'(.*?)</div>', body, re.S)
    assert card, "the mediation success card links to its definition"
    assert "50.0%" in card[1] and re.search(r"n/N</abbr> 2 / 4", card[1])
    closure = re.search(r'#closure_rate">Closure rate</a>(.*?)</div>', body, re.S)[1]
    # 4 of 6 closed; target 90% → 66.7% ÷ 90% = 74.1% of target
    assert "66.7%" in closure and "4 / 6" in closure and "74.1% of target" in closure
    assert "score-low" in closure
    assert "Data as of" in closure
    assert "Model" in body and 'href="/source/sql/marts/cases_annual.sql"' in body


def test_closed_and_resolved_are_told_apart(site):
    en = text(page(site, "en/cases/city_management/index.html"))
    assert "Resolved (not the same as closed)" in en
    zh = text(page(site, "cases/index.html"))
    assert "“办结”指案件办理完毕，“解决”指问题得到解决，两者分开统计" in zh


def test_league_table_scores_against_the_targets(site):
    from pipeline.site.context import slug

    body = page(site, "en/departments/index.html")
    row = re.search(rf'<a href="/en/departments/{slug("区城管局")}/">{ENGLISH["区城管局"]}</a>(.*?)</tr>',
                    body, re.S)[1]
    # 2024: C2, C3, C4, K1 received, C2 and C3 closed: 50.0%, ÷ 90% = 55.6%
    assert re.search(r"50\.0%<br><small>2/4</small><br><span class=\"score-low\"[^>]*>55\.6%",
                     row)
    # hotline complaint resolution 1 of 2 (H4 yes, H7 no)
    assert "1/2" in row


def test_league_table_orderings_without_javascript(site):
    from pipeline.site.context import slug

    def order(path: str) -> list[str]:
        body = page(site, path)
        return [n for s, n in re.findall(r'<th scope="row"><a href="/en/departments/(\w+)/">'
                                          r"([^<]+)</a>", body)]

    assert order("en/departments/by/name/index.html") == [ENGLISH[d] for d in sorted(DEPARTMENTS)]
    # the league opens furthest from target first: mean score (actual ÷ target) ascending
    body = page(site, "en/departments/index.html")
    means = [float(v) for v in re.findall(
        r'</a></th>\s*<td class="num">(?:<span class="score-\w+">)?([\d.]+)%', body)]
    assert len(means) >= 3 and means == sorted(means)
    assert set(order("en/departments/index.html")) == {ENGLISH[d] for d in DEPARTMENTS}
    assert "performance assessment plan" in body  # where the targets come from
    # closure rate 2024: 区住建局 1/1, 区司法局 4/6, 区城管局 2/4, 区人社局 no cases
    assert order("en/departments/by/case_closure_rate/index.html") == [
        ENGLISH[d] for d in ("区住建局", "区司法局", "区城管局", "区人社局")]
    assert 'aria-sort="descending"' in page(site, "en/departments/by/case_closure_rate/index.html")
    assert slug("区城管局") in page(site, "en/departments/by/targets_met/index.html")


def test_department_page_has_its_figures_across_sources_and_the_hotline(site):
    from pipeline.site.context import slug

    body = text(page(site, f"en/departments/{slug('区城管局')}/index.html"))
    assert "Effective complaints" in body and "City management" in body  # K1, C2-C4
    assert "Hotline complaint resolution" in body
    assert "2024-02-06" in body and "2024-01-09" in body  # its programme episodes
    assert "How it is computed" in body


def test_small_cells_show_as_suppressed(small_site):
    # k = 3: 2024 complaints received 1 → ＊, and city management's 4 beside it (secondary)
    body = page(small_site, "en/cases/index.html")
    table = body[body.index('id="h-year"'):body.index('id="h-backlog"')]
    row = re.search(r'href="/en/cases/complaint/">Effective complaints</a></td>(.*?)</tr>',
                    table, re.S)[1]
    assert 'class="v-suppressed"' in row
    city = re.search(r'href="/en/cases/city_management/">City management</a></td>'
                     r'<td class="num">(.*?)</td>', table, re.S)[1]
    assert "v-suppressed" in city
    # (mediation's 6 may go too: the departments' and months' tables add up to it)


def test_zero_and_missing_read_differently(site):
    body = page(site, "en/cases/complaint/index.html")
    assert 'class="v-zero">0<' in body  # K1: none closed
    assert 'class="v-missing"' in body  # no rating, no due date
    assert "No data" in page(site, "en/cases/approval/index.html")


def test_pages_use_the_page_language(site):
    en = page(site, "en/hotline/index.html")
    assert "数据截至" not in en and "计算说明" not in en
    assert 'href="/en/methodology/#answer_rate"' in en


def test_every_definition_link_has_its_metric_on_the_methodology_page(site):
    from pipeline.site.i18n import metrics

    linked = set()
    for path in [*site.glob("**/hotline/index.html"), *site.glob("**/cases/**/index.html"),
                 *site.glob("**/departments/**/index.html")]:
        linked |= set(re.findall(r'/methodology/#(\w+)"', path.read_text(encoding="utf-8")))
    assert {"closure_rate", "mediation_success", "backlog", "answer_rate"} <= linked
    assert linked <= set(metrics())


def test_every_interface_string_has_its_chinese(site, small_site):
    """No string of these pages (templates or section code) went untranslated."""
    ours = set()
    for name in ("hotline", "cases", "departments"):
        tree = ast.parse((ROOT / "pipeline/site/sections" / f"{name}.py").read_text("utf-8"))
        ours |= {n.value for n in ast.walk(tree)
                 if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for name in ("hotline", "cases", "cases_source", "cases_macros", "departments",
                 "department"):
        ours |= set(re.findall(r'_\("([^"]+)"', (ROOT / "theme/templates" / f"{name}.html")
                                .read_text(encoding="utf-8")))
    untranslated = {ast.literal_eval(m.removeprefix("no Chinese for ")) for m in UNTRANSLATED}
    assert not untranslated & ours
