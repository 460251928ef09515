"""The editors' documents in a site built from the fixture: drafts absent (and shown, marked,
in the preview), the annual report's tables, sections with feeds and tags, charts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import publish
from tests.conftest import AS_OF, FIXTURES

DRAFT = "2026-winter-heating"  # content/affairs/notices/2026-winter-heating.md: Status: draft


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("editors") / "site"
    result = CliRunner().invoke(publish.cli, ["build", "--data", str(FIXTURES / "good"),
                                              "--output", str(out), "--as-of",
                                              AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    return out


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def cells(html: str, table_id: str) -> dict[str, list[str]]:
    table = re.search(rf'<table class="data" id="{table_id}">(.*?)</table>', html, re.S).group(1)
    return {m[0]: re.findall(r'<td class="num">([^<]*)</td>', m[1])
            for m in re.findall(r'<tr id="part-3-(\w+)"[^>]*>(.*?)</tr>', table, re.S)}


def test_drafts_reach_neither_pages_nor_feeds_nor_search(site):
    assert not (site / "drafts").exists()
    names = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    assert not [n for n in names if DRAFT in n]
    readable = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json")]
    assert not [p for p in readable if DRAFT in text(p) or "供暖期服务保障" in text(p)]


def test_report_page_shows_the_published_counts(site):
    # fixture: R1 (person, 2024-02, answered 2024-02, disclosed), R2 (organisation, not
    # held), R3 (person, disclosed, reconsideration), R4 (person, 2025, withdrawn)
    html = text(site / "affairs" / "disclosure" / "2024" / "index.html")
    rows = cells(html, "report-part-3")
    assert rows["received"] == ["2", "1", "3"]
    assert rows["disclosed"] == ["2", "0", "2"]
    assert rows["not_held"] == ["0", "1", "1"]
    assert rows["settled"] == ["2", "1", "3"] and rows["carried_out"] == ["0", "0", "0"]
    part4 = re.search(r'id="report-part-4">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', part4) == ["1", "0", "0", "0"]
    assert "一、总体情况" in html and "五、存在的主要问题及改进情况" in html
    assert 'href="/affairs/disclosure/2025/"' in html  # the year selector
    article = text(site / "affairs" / "annual-reports" / "2025-disclosure-annual-report.html")
    assert '<a href="/affairs/disclosure/2025/">报告全文（含统计表）</a>' in article
    english = text(site / "en" / "affairs" / "disclosure" / "2025" / "index.html")
    assert "1. Overview" in english and "the style-of-work hotline" in english


def test_sections_lists_tags_and_feeds(site):
    for section in ("notices", "policies", "interpretations", "hearings", "public-notices",
                    "personnel", "budget", "annual-reports"):
        assert (site / "affairs" / section / "index.html").is_file(), section
        assert (site / "affairs" / section / "feed.atom.xml").is_file(), section
        assert (site / "en" / "affairs" / section / "index.html").is_file(), section
    assert "<feed" in text(site / "affairs" / "feed.atom.xml")
    assert "Effective complaints" in text(site / "en" / "affairs" / "feed.atom.xml")
    assert "Effective complaints" in text(site / "en" / "affairs" / "notices" / "feed.atom.xml")
    assert not (site / "zh").exists()
    assert not (site / "en" / "affairs" / "hearings" / "feed.atom.xml").exists()  # no English
    tag = site / "affairs" / "tags" / "san-bang-gong-shi" / "index.html"
    assert text(tag).count("dongguan-relocation-round-") == 3


def test_policy_links_its_interpretation_and_rounds_link_each_other(site):
    policy = text(site / "affairs" / "policies" / "price-monitoring-rules.html")
    assert "示发改发〔2026〕5号" in policy and "自 2026-04-01 起施行" in policy
    assert 'href="/affairs/interpretations/price-monitoring-rules-interpretation.html"' in policy
    round2 = text(site / "affairs" / "public-notices" / "dongguan-relocation-round-2.html")
    assert 'href="/affairs/public-notices/dongguan-relocation-round-1.html"' in round2
    assert 'href="/affairs/public-notices/dongguan-relocation-round-3.html"' in round2


def test_a_document_chart_is_an_svg_with_its_table(site):
    notice = text(site / "affairs" / "notices" / "2026-complaints-published.html")
    svg = re.search(r'<img src="/(charts/doc-[0-9a-f]+\.zh\.svg)"', notice).group(1)
    assert (site / svg).read_text(encoding="utf-8").startswith("<svg")
    # fixture complaints: 4 in January 2024, 2 in February: both below k, shown as ＊
    assert notice.count('<td class="num"><span class="v-suppressed"') == 2
    assert "[[chart" not in notice


def test_the_language_link_of_an_article_goes_to_its_translation(site):
    notice = text(site / "affairs" / "notices" / "2026-q4-hotline-schedule.html")
    assert 'href="/en/affairs/notices/2026-q4-hotline-schedule.html"' in notice
    hearing = text(site / "affairs" / "hearings" / "water-price-hearing.html")
    assert 'href="/en/affairs/hearings/"' in hearing  # no translation: the section's list


@pytest.mark.slow
def test_the_preview_shows_drafts_marked(tmp_path):
    from pipeline.build import build
    from pipeline.config import load_settings

    out = tmp_path / "preview"
    build(FIXTURES / "good", out, load_settings(), AS_OF, show_drafts=True)
    draft = text(out / "drafts" / "affairs" / "notices" / f"{DRAFT}.html")
    assert 'class="draft-banner"' in draft and "草稿" in draft


def test_section_lists_are_paginated_in_both_languages(site, tmp_path):
    import json
    import shutil

    from pelican import Pelican

    from pipeline.config import ROOT, load_settings
    from pipeline.content.figures_md import published_tables
    from pipeline.site.render import pelican_settings

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for i in range(1, 13):  # 12 more notices in each language: 14 a language, 10 a page
        front = f"Date: 2026-01-{i:02d}\nSlug: n{i}\nDepartment: 办公室\nSummary: s\n\nx\n"
        (content / "affairs" / "notices" / f"n{i}.md").write_text(f"Title: 通知{i}\n{front}",
                                                                    encoding="utf-8")
        (content / "affairs" / "notices" / f"n{i}-en.md").write_text(
            f"Title: Notice {i}\nLang: en\n{front}", encoding="utf-8")
    out = tmp_path / "site"
    shutil.copytree(site / "data", out / "data")
    manifest = json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8"))
    settings = pelican_settings(out, published_tables(site), manifest, load_settings())
    Pelican(settings | {"PATH": str(content)}).run()
    for prefix in ("", "en/"):
        first = text(out / f"{prefix}affairs/notices/index.html")
        second = text(out / f"{prefix}affairs/notices/page/2/index.html")
        listed = [len(re.findall(r"<li>", re.search(r'<ul class="articles">(.*?)</ul>', page,
                                                    re.S).group(1))) for page in (first, second)]
        assert listed == [10, 4], prefix
        assert f'href="/{prefix}affairs/notices/page/2/"' in first
        assert f'rel="prev" href="/{prefix}affairs/notices/"' in second
