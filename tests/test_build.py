"""A whole site built from the fixture through the command line, looked at as a resident
and an open-data user would: pages in both languages, downloads, marks, determinism.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import publish
from tests.conftest import AS_OF


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from tests.conftest import FIXTURES

    out = tmp_path_factory.mktemp("build") / "site"
    result = CliRunner().invoke(publish.cli, ["build", "--data", str(FIXTURES / "good"),
                                              "--output", str(out), "--as-of",
                                              AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    return out


def test_every_menu_section_has_a_page_in_both_languages(site):
    from pipeline.site.generator import section_modules

    paths = [m.NAV[1] for m in section_modules() if hasattr(m, "NAV")]
    assert {"", "data/", "methodology/", "search/", "affairs/"} <= set(paths)
    for path in paths:
        assert (site / path / "index.html").is_file(), path
        assert (site / "en" / path / "index.html").is_file(), path
    home = (site / "index.html").read_text(encoding="utf-8")
    for path in paths:
        assert f'href="/{path}"' in home, path


def test_a_chart_of_every_kind_is_a_valid_vega_lite_spec(site):
    """Charts are made without Altair's validation as each object is built (its debug
    mode: a tenth of the pages' time); the specs written are checked here instead, one
    per kind (its id with item codes and numbers taken out) and language."""
    import re

    from altair.vegalite.v6.schema.core import Root
    from jsonschema import ValidationError

    kinds: dict[str, Path] = {}
    for path in sorted((site / "charts").glob("*.json")):
        kinds.setdefault(re.sub(r"[0-9]+|item-[^.]+", "#", path.name), path)
    assert len(kinds) >= 10, sorted(kinds)
    for path in kinds.values():
        spec = json.loads(path.read_text(encoding="utf-8"))
        Root.validate(spec)  # raises on a spec Vega-Lite would not read
        assert "datasets" not in spec and spec["$schema"].startswith(
            "https://vega.github.io/schema/vega-lite/")
    broken = {**spec, "mark": {"type": "lien"}} if "mark" in spec else {**spec, "width": "x"}
    with pytest.raises(ValidationError):  # the check can fail
        Root.validate(broken)


def test_languages(site):
    zh = (site / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and "政务服务公开平台" in zh
    assert '<html lang="en">' in en and "Open Government Service Portal" in en
    assert 'href="/en/"' in zh and 'hreflang="zh-CN"' in en


def test_english_pages_mark_every_chinese_text(site):
    """Glosses (环比), reasons quoting 是/否, document numbers, units and districts: on an
    English page every Chinese text is translated or declared Chinese (lang="zh…")."""
    from pipeline.site.untranslated import scan

    assert scan(site) == {}
    prices = (site / "en" / "prices" / "index.html").read_text(encoding="utf-8")
    assert 'vs previous (<span lang="zh">环比</span>)' in prices


def test_a_name_kept_in_chinese_is_marked_in_the_page_and_plain_in_its_title(tmp_path):
    import re
    import shutil

    from tests.conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    districts = data / "reference" / "districts.csv"
    districts.write_text(districts.read_text(encoding="utf-8").replace(
        "Xicheng Subdistrict", ""), encoding="utf-8")  # 西城街道 has no English name now
    out = tmp_path / "site"
    result = CliRunner().invoke(publish.cli, ["build", "--data", str(data), "--output",
                                              str(out), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    pages = [p for p in (out / "en" / "prices" / "districts").glob("*.html")
             if "<title>Prices in 西城" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert "<title>Prices in 西城街道 · Open Government Service Portal</title>" in html
    assert '<h1>Prices in <span lang="zh">西城街道</span></h1>' in html
    assert "&lt;span" not in html and not re.search(r'content="[^"]*<', html)


def test_every_published_table_is_downloadable_and_described(site):
    from pipeline.catalog import TABLES

    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["name"]: r for r in package["resources"]}
    data_page = (site / "data" / "index.html").read_text(encoding="utf-8")
    for table in TABLES:
        for suffix in ("csv", "json", "parquet"):
            assert (site / "data" / f"{table.name}.{suffix}").is_file()
        fields = [f["name"] for f in described[table.name]["schema"]["fields"]]
        assert fields == [c.name for c in table.columns]
        csv = (site / "data" / f"{table.name}.csv").read_bytes()
        assert csv.startswith(b"\xef\xbb\xbf")
        assert pd.read_csv(site / "data" / f"{table.name}.csv").columns.tolist() == fields
        assert f'id="{table.name}"' in data_page and f"{table.name}.parquet" in data_page


def test_fixed_columns_come_first(site):
    expected = {
        "cases_monthly": "month,source,received,closed,closure_rate,on_time_rate,"
                         "median_handling_days,satisfaction_rate,suppressed",
        "hotline_monthly": "month,calls,answered,answer_rate,consultations,replied,reply_rate,"
                           "complaints,complaints_resolved,complaint_resolution_rate,"
                           "satisfaction_rate,median_wait_seconds,programme_calls,suppressed",
        "prices_latest": "observed_on,item_code,item_name_zh,category,unit,store,price,"
                         "min_price,max_price,spread_pct,is_cheapest",
        "disclosure_annual": "year,outcome,requests",
        "commitments_summary": "year,department,commitments,fulfilled,partially_fulfilled,"
                               "not_fulfilled,in_progress,fulfilment_rate",
    }
    for name, header in expected.items():
        first = (site / "data" / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert first.startswith(header), name


def test_suppressed_cells_are_empty_and_marked(site):
    frame = pd.read_csv(site / "data" / "cases_monthly.csv", keep_default_na=False, dtype=str)
    small = frame[frame["month"] == "2024-01"]
    assert (small["received"] == "").all() and (small["suppressed"] == "true").all()
    assert all("received" in cells for cells in small["suppressed_cells"])
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="v-suppressed"' in home


def test_manifest(site):
    from pipeline import counts

    manifest = json.loads((site / "data" / "manifest.json").read_text(encoding="utf-8"))
    files = {f["file"]: f for f in manifest["inputs"]}
    # residents' records are not counted in public (the fixture's cases are all
    # suppressed: 7 rows here would give them back); prices are
    assert "rows" not in files["cases/cases.csv"] and "rows" not in files["hotline/calls.csv"]
    assert "volumes" not in manifest and "month_volumes" not in manifest
    for published in (site / "data").glob("*.json"):  # datapackage.json, changes.json
        text = published.read_text(encoding="utf-8")
        assert '"volumes"' not in text and '"month_volumes"' not in text, published.name
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert "rows" not in {f["file"]: f for f in package["manifest"]["inputs"]}[
        "cases/cases.csv"]
    assert files["prices/observations.csv"]["rows"] > 0
    kept = counts.read(site / "data" / "manifest.json")  # the guard's view: counts kept
    assert {f["file"]: f["rows"] for f in kept["inputs"]}["cases/cases.csv"] == 7
    assert kept["volumes"]["cases"] == 6
    import re

    for page in ("quality/index.html", "cases/index.html", "hotline/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "cases/cases.csv" in html, page
        # "· 7 行 · 0 行被隔离" (rows, then quarantined) or a "Rows read" cell
        assert not re.search(r"cases/cases\.csv</code>(?: · \d+ \S+ · \d|</td><td>\d)",
                             html), page
    assert len(files["cases/cases.csv"]["sha256"]) == 64
    assert manifest["duplicates_dropped"]["cases"] == 1
    assert manifest["as_of"] == AS_OF.isoformat()
    assert manifest["tables"]["prices_latest"] == 5


def test_editors_content_is_rendered_and_sanitised(site, tmp_path):
    notice = site / "affairs" / "notices" / "2026-q4-hotline-schedule.html"
    assert "作风热线" in notice.read_text(encoding="utf-8")
    english = site / "en" / "affairs" / "notices" / "2026-q4-hotline-schedule.html"
    assert "live hotline programme" in english.read_text(encoding="utf-8")
    from types import SimpleNamespace

    from pipeline.site import sanitize

    content = SimpleNamespace(_content='<p onclick="x()">a</p><script>alert(1)</script>'
                                       '<a href="javascript:x()">b</a>')
    sanitize(content)
    assert "script" not in content._content and "onclick" not in content._content
    assert "javascript:" not in content._content


def test_same_inputs_give_the_same_site(site, tmp_path):
    from tests.conftest import FIXTURES

    again = tmp_path / "again"
    result = CliRunner().invoke(publish.cli, ["build", "--data", str(FIXTURES / "good"),
                                              "--output", str(again), "--as-of",
                                              AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert digest(again) == digest(site)


def test_formula_cells_are_defused():
    from pipeline.catalog import published
    from pipeline.export import _csv_safe

    table = published("commitments")
    frame = pd.DataFrame([{c.name: None for c in table.columns}])
    frame["title"] = "=HYPERLINK(\"x\")"
    frame["overdue"] = pd.array([True], dtype="boolean")
    safe = _csv_safe(frame, table)
    assert safe.loc[0, "title"].startswith("'=")
    assert safe.loc[0, "overdue"] == "true"


def test_articles_are_html_not_escaped_and_carry_live_figures(site):
    notice = (site / "affairs" / "notices" / "2026-q4-hotline-schedule.html").read_text(
        encoding="utf-8")
    assert "<strong>时间</strong>" in notice and "&lt;p&gt;" not in notice
    # the fixture's hotline months are small: the live figure shows the suppression mark
    assert '热线接通率为 <a class="live-figure" href="/data/#hotline_monthly">＊</a>' in notice
    assert '（<a class="live-figure" href="/data/#hotline_monthly">2024-02</a>）' in notice


def test_a_live_figure_reads_the_published_row():
    from pipeline.site.figures import FigureError, fill_figures

    tables = {"hotline_monthly": pd.DataFrame([
        {"month": "2024-01", "answer_rate": 0.5, "calls": 0, "suppressed_cells": None},
        {"month": "2024-02", "answer_rate": 0.9234, "calls": 1200, "suppressed_cells": None},
    ])}
    html = fill_figures("<p>[[hotline_monthly.answer_rate month=latest]] / "
                        "[[hotline_monthly.calls month=2024-02]]</p>", tables, "en", "a.md")
    assert ">92.3%</a>" in html and ">1,200</a>" in html and 'href="/en/data/' in html
    with pytest.raises(FigureError, match="a.md.*no column nope"):
        fill_figures("[[hotline_monthly.nope month=latest]]", tables, "zh", "a.md")
    with pytest.raises(FigureError, match="0 rows match"):
        fill_figures("[[hotline_monthly.calls month=2030-01]]", tables, "zh", "a.md")


def test_disclosure_page_shows_the_statutory_table(site):
    import re

    html = (site / "affairs" / "disclosure" / "index.html").read_text(encoding="utf-8")
    rows = {m[0]: re.findall(r'<td class="num">([^<]*)</td>', m[1]) for m in
            re.findall(r'<tr[^>]*><th scope="row">([^<]+)</th>(.*?)</tr>', html)}
    # fixture: 2024 disclosed 2, not held 1; 2025 withdrawn 1; every outcome listed
    assert rows["予以公开"] == ["2", "0"]
    assert rows["本机关不掌握相关政府信息"] == ["1", "0"]
    assert rows["申请人撤回申请"] == ["0", "1"]
    assert rows["合计"] == ["3", "1"] and len(rows) == 8
    english = (site / "en" / "affairs" / "disclosure" / "index.html").read_text(encoding="utf-8")
    assert "Information not held" in english
    assert 'href="/affairs/disclosure/"' in (site / "affairs" / "index.html").read_text(
        encoding="utf-8")


def test_headlines_use_the_last_complete_month():
    from pipeline.site.sections.home import latest_complete_month

    months = pd.Series(["2026-09", "2026-10", "2026-11"])
    assert latest_complete_month(months, "2026-11-05") == "2026-10"  # November is partial
    assert latest_complete_month(months, "2026-11-30") == "2026-11"
    assert latest_complete_month(pd.Series(["2026-11"]), "2026-11-05") == "2026-11"


def test_every_page_has_a_plain_title(site):
    import re

    for path in list(site.rglob("*.html"))[:400]:
        html = path.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]{3,200}</title>", html), path
