"""What a rebuild may reuse and what it must redo: the table cache, the data pages, the
search bundles' inputs, the scan's share and the precompressed copies (behaviour, not
timings), and `publish.py data`."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import brotli
import pandas as pd
import pytest
from click.testing import CliRunner

import publish
from tests.conftest import AS_OF, FIXTURES, ROOT


def test_table_key_follows_inputs_and_as_of_only(good_data, settings):
    from pipeline.cache import table_key

    key = table_key(good_data, settings, AS_OF, "v1")
    assert table_key(good_data, settings, AS_OF, "v1") == key
    (good_data / "hotline" / "calls.csv").touch()  # a new time, the same bytes
    assert table_key(good_data, settings, AS_OF, "v1") == key
    assert table_key(good_data, settings, date(2025, 7, 1), "v1") != key
    assert table_key(good_data, settings, AS_OF, "v2") != key
    calls = good_data / "hotline" / "calls.csv"
    calls.write_bytes(calls.read_bytes() + b"\n")
    assert table_key(good_data, settings, AS_OF, "v1") != key


def test_table_cache_gives_back_what_it_kept(tmp_path):
    from pipeline.cache import TableCache

    export = tmp_path / "export"
    export.mkdir()
    frame = pd.DataFrame({"month": pd.array(["2025-01", None], dtype="string"),
                          "calls": pd.array([12, None], dtype="Int64"),
                          "rate": [0.5, float("nan")],
                          "suppressed": pd.array([False, True], dtype="boolean")})
    frame.to_parquet(export / "hotline_monthly.parquet", index=False)
    (export / "manifest.json").write_text("{}")
    cache = TableCache(tmp_path / "cache", keep=2)
    assert cache.get("k1") is None
    cache.put("k1", export, {"volumes": {"hotline": 2}}, [{"file": "a.csv", "line": 3}])
    hit = cache.get("k1")
    assert hit.manifest == {"volumes": {"hotline": 2}}
    assert hit.quarantine == [{"file": "a.csv", "line": 3}]
    pd.testing.assert_frame_equal(hit.frames(["hotline_monthly"])["hotline_monthly"], frame)
    hit.copy_to(tmp_path / "site-data")
    assert (tmp_path / "site-data" / "manifest.json").read_text() == "{}"
    for key in ("k2", "k3"):  # only the two most recent are kept
        cache.put(key, export, {}, [])
    assert cache.get("k1") is None and cache.get("k3") is not None


def test_data_command_writes_the_tables_only(tmp_path):
    out = tmp_path / "open-data"
    result = CliRunner().invoke(publish.cli, ["data", "--data", str(FIXTURES / "good"),
                                              "--output", str(out),
                                              "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert {"datapackage.json", "manifest.json", "quarantine.csv",
            "hotline_monthly.csv", "hotline_monthly.json", "hotline_monthly.parquet"} \
        <= {p.name for p in out.iterdir()}
    assert not (out / "index.html").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rows = json.loads((out / "hotline_monthly.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["hotline_monthly"] == len(rows)
    csv = pd.read_csv(out / "hotline_monthly.csv", encoding="utf-8-sig")
    assert (out / "hotline_monthly.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(csv["calls"].fillna(-1)) == [r["calls"] if r["calls"] is not None else -1
                                             for r in rows]
    history = json.loads((out / "price_history.json").read_text(encoding="utf-8"))
    codes = sorted({r["item_code"] for r in history})
    assert sorted(p.stem for p in (out / "price_history").glob("*.csv")) == codes
    whole = pd.read_csv(out / "price_history.csv", encoding="utf-8-sig", dtype=str)
    for code in codes:  # each item's file holds that item's rows, all of them
        part = pd.read_csv(out / "price_history" / f"{code}.csv", encoding="utf-8-sig",
                           dtype=str)
        pd.testing.assert_frame_equal(
            part, whole[whole["item_code"] == code].reset_index(drop=True))


def test_data_command_fails_like_build_and_leaves_the_output(tmp_path, good_data):
    out = tmp_path / "open-data"
    out.mkdir()
    (out / "keep.txt").write_text("yesterday")
    (good_data / "hotline" / "calls.csv").write_text("call_id,received_at\n")
    result = CliRunner().invoke(publish.cli, ["data", "--data", str(good_data),
                                              "--output", str(out),
                                              "--as-of", AS_OF.isoformat()])
    assert result.exit_code != 0
    assert "hotline" in result.output
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def _site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_data_pages_are_linked_only_for_the_same_key(tmp_path):
    from pipeline.site import incremental

    last = _site(tmp_path / "last", {"hotline/index.html": "<p>calls</p>",
                                     "charts/a.svg": "<svg/>"})
    incremental.write_state(last, "key-1", ["charts/a.svg", "hotline/index.html"])
    new = tmp_path / "new"
    new.mkdir()
    assert incremental.reuse(last, new, "key-2") is None
    assert not any(new.iterdir())
    assert incremental.reuse(last, new, "key-1") == ["charts/a.svg", "hotline/index.html"]
    assert (new / "hotline" / "index.html").read_text(encoding="utf-8") == "<p>calls</p>"
    (last / "charts" / "a.svg").unlink()  # a file gone: render again rather than guess
    assert incremental.reuse(last, tmp_path / "third", "key-1") is None


def test_written_since_names_new_and_rewritten_files(tmp_path):
    from pipeline.site import incremental

    site = _site(tmp_path / "site", {"data/a.csv": "x", "affairs/doc.html": "old"})
    before = incremental.snapshot(site)
    _site(site, {"hotline/index.html": "new"})
    (site / "affairs" / "doc.html").write_text("rewritten, longer", encoding="utf-8")
    assert incremental.written_since(site, before) == ["affairs/doc.html",
                                                       "hotline/index.html"]


def test_content_digest_ignores_bodies_but_not_titles():
    from pipeline.site.incremental import content_digest

    class Doc:
        def __init__(self, title: str, body: str) -> None:
            self.url, self.title, self.lang, self.date = "affairs/n/a.html", title, "zh", "d"
            self.summary, self.translations, self._content = "摘要", [], body

    digest = content_digest({"articles": [Doc("通知", "正文")]})
    assert content_digest({"articles": [Doc("通知", "改过的正文")]}) == digest
    assert content_digest({"articles": [Doc("新通知", "正文")]}) != digest


def test_scan_reads_only_what_the_last_build_did_not_hold(tmp_path):
    from pipeline.site import incremental

    last = _site(tmp_path / "last", {"a.html": "same", "b.html": "old"})
    incremental.write_state(last, "k", [])
    new = _site(tmp_path / "new", {"b.html": "new", "c.html": "added"})
    incremental.link(last / "a.html", new / "a.html")
    incremental.write_state(new, "k", [])
    with incremental.to_scan(new, last) as view:
        assert sorted(p.name for p in view.rglob("*") if p.is_file()) == ["b.html", "c.html"]
    incremental.write_state(new, "other", [])
    with incremental.to_scan(new, last) as view:
        assert view == new  # other data pages: everything is scanned
    with incremental.to_scan(new, None) as view:
        assert view == new


def test_precompressed_copies_match_and_are_reused(tmp_path):
    from pipeline.site.render import precompress

    text = "<p>接通率 95.2%</p>\n" * 200
    site = _site(tmp_path / "site", {"index.html": text, "tiny.css": "a{}",
                                     "chart.png": text})
    sizes = precompress(site)
    assert gzip.decompress((site / "index.html.gz").read_bytes()).decode() == text
    assert brotli.decompress((site / "index.html.br").read_bytes()).decode() == text
    assert not (site / "tiny.css.gz").exists() and not (site / "chart.png.gz").exists()
    assert sizes["files"] == 3 and sizes["raw"] == sum(
        (site / n).stat().st_size for n in ("index.html", "tiny.css", "chart.png"))
    assert sizes["gzip"] < sizes["raw"]
    again = tmp_path / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    precompress(again, reuse=site)
    assert (again / "index.html.gz").stat().st_ino == (site / "index.html.gz").stat().st_ino


def test_preview_shows_drafts_when_the_build_can():
    from pipeline.serve import preview_options

    def old_build(data, output, settings, as_of, accept_change=False, reuse=False):
        pass

    def new_build(data, output, settings, as_of, accept_change=False, reuse=False,
                  show_drafts=False):
        pass

    assert preview_options(old_build) == {"accept_change": True, "reuse": True}
    assert preview_options(new_build)["show_drafts"] is True


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_sample_forms_hold_the_same_records(tmp_path, form):
    from pipeline.sample import write_sample

    counts = write_sample(tmp_path / form, scale=0.01, form=form)
    large = {name for name in counts if name.startswith(("cases/", "hotline/"))}
    suffixes = {Path(name).suffix for name in large}
    assert suffixes == ({".parquet"} if form == "parquet" else {".csv", ".xlsx"})
    if form == "parquet":
        frame = pd.read_parquet(tmp_path / form / "hotline" / "calls_2023-11_2025-04.parquet")
        assert len(frame) == counts["hotline/calls_2023-11_2025-04.parquet"]
        assert all(str(t) == "string" for t in frame.dtypes)
        assert (tmp_path / form / "cases" / "approvals_export.parquet.mapping.toml").is_file()


def test_preview_server_answers_before_the_first_build(tmp_path):
    import functools
    import http.server
    import threading
    import urllib.error
    import urllib.request

    from pipeline.serve import Handler

    out = tmp_path / "site"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Handler, output=out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    try:
        with pytest.raises(urllib.error.HTTPError) as waiting:
            urllib.request.urlopen(url, timeout=10)
        assert waiting.value.code == 503
        _site(out, {"index.html": "<p>上次构建</p>"})
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.read().decode("utf-8") == "<p>上次构建</p>"
    finally:
        server.shutdown()
        server.server_close()


def test_a_rebuild_of_the_same_inputs_reuses_tables_and_pages(tmp_path, monkeypatch,
                                                              settings):
    from pipeline import cache
    from pipeline.build import build

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    out = tmp_path / "site"
    build(FIXTURES / "good", out, settings, AS_OF, reuse=True)
    page = out / "hotline" / "index.html"
    first = page.stat().st_ino, (out / "pagefind" / "pagefind-entry.json").stat().st_ino
    assert (out / "pagefind-content" / "pagefind-entry.json").is_file()
    assert (page.with_name("index.html.gz")).is_file()
    state = json.loads((out / ".pages.json").read_text(encoding="utf-8"))
    assert "hotline/index.html" in state["files"]
    assert "affairs/index.html" not in state["files"]  # Pelican's, from the documents
    kept = {p: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    build(FIXTURES / "good", out, settings, AS_OF, reuse=True)
    again = json.loads((out / ".pages.json").read_text(encoding="utf-8"))
    # the reused tables are the cache's files (links: nothing copied, nothing compared)
    table = out / "data" / "hotline_monthly.csv"
    assert any(p.stat().st_ino == table.stat().st_ino for p in kept)
    if again["key"] == state["key"]:  # the baseline did not change what pages compare
        assert (page.stat().st_ino,
                (out / "pagefind" / "pagefind-entry.json").stat().st_ino) == first
    build(FIXTURES / "good", out, settings, AS_OF, reuse=True)
    third = json.loads((out / ".pages.json").read_text(encoding="utf-8"))
    assert third["key"] == again["key"]
    assert page.stat().st_ino == (out / "hotline" / "index.html").stat().st_ino
    build(FIXTURES / "good", out, settings, date(2025, 7, 31), reuse=True)
    assert json.loads((out / ".pages.json").read_text(encoding="utf-8"))["key"] != third["key"]
    # no build wrote into a file it shares with the cache (or with the output before it)
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == digest
               for p, digest in kept.items() if p.exists())


def test_a_large_sample_is_written_in_parts(tmp_path, monkeypatch):
    from pipeline import sample

    monkeypatch.setattr(sample, "PART_SCALE", 0.01)  # 0.03 → three parts of 0.01
    counts = sample.write_sample(tmp_path, scale=0.03, form="parquet")
    calls = sorted(n for n in counts if n.startswith("hotline/"))
    assert calls == [f"hotline/calls_{period}-p{part:02d}.parquet"
                     for period in ("2023-11_2025-04", "2025-05_2026-10")
                     for part in range(3)]
    by_part = [set().union(*(set(pd.read_parquet(tmp_path / name)["call_id"].dropna())
                             - {""} for name in calls if f"-p{part:02d}." in name))
               for part in range(3)]
    assert all(by_part) and not (by_part[0] & by_part[1] or by_part[1] & by_part[2]
                                 or by_part[0] & by_part[2])  # no id in two parts
    assert all(f"P{part:02d}" in i for part in range(3) for i in by_part[part])
    assert (tmp_path / "cases" / "approvals_export-p01.parquet.mapping.toml").is_file()


FORKED_DRAWING = """
import multiprocessing, os, sys
from pathlib import Path
# the drawing process reads its cache from the environment: this test's, not the user's
os.environ["PORTAL_CHART_CACHE"] = str(Path(sys.argv[1]) / "cache")
from pipeline import charts

spec = {"mark": "bar", "data": {"values": [{"a": 1}]},
        "encoding": {"x": {"field": "a", "type": "quantitative"}}}
charts._write_svg(spec, Path(sys.argv[1]) / "parent.svg")  # the engine starts here

def child():
    import time
    other = {**spec, "mark": "point"}  # not in the cache: must be drawn
    target = Path(sys.argv[1]) / "child.svg"
    charts._write_svg(other, target)
    # drawn while this process goes on (its other pages), not after it asked to wait
    for _ in range(600):
        if target.is_file():
            (Path(sys.argv[1]) / "drawn-meanwhile").touch()
            break
        time.sleep(0.1)
    charts.render_pending()

process = multiprocessing.get_context("fork").Process(target=child)
process.start()
process.join(120)
sys.exit(0 if process.exitcode == 0 else 1)
"""


def test_a_forked_writer_draws_new_charts_without_waiting_forever(tmp_path):
    """A copy of a process whose chart engine has started (an editor's chart drawn before
    the pages are shared out) must not call the inherited engine: it hangs, on a first
    build, with no SVG in the cache. Its charts are drawn by another process as they come,
    while it goes on writing pages (not all at the end: a build from nothing waited for
    the second language's charts after its pages)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", FORKED_DRAWING, str(tmp_path)],
                          timeout=180, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "parent.svg").read_text().startswith("<svg")
    child = (tmp_path / "child.svg").read_text()
    assert child.startswith("<svg") and child != (tmp_path / "parent.svg").read_text()
    assert (tmp_path / "drawn-meanwhile").is_file()


STOPPED_DRAWING = """
import multiprocessing, os, sys
from pathlib import Path
os.environ["PORTAL_CHART_CACHE"] = str(Path(sys.argv[1]) / "cache")
from pipeline import charts

spec = {"mark": "bar", "data": {"values": [{"a": 1}]},
        "encoding": {"x": {"field": "a", "type": "quantitative"}}}
charts._write_svg(spec, Path(sys.argv[1]) / "parent.svg")  # the engine starts here

def child(mode):
    charts._write_svg({**spec, "mark": mode}, Path(sys.argv[1]) / f"{mode}.svg")
    drawer = charts._drawer[1]
    (Path(sys.argv[1]) / f"{mode}.pid").write_text(str(drawer.pid))
    if mode == "point":  # the pages failed: the drawing process is ended, not waited for
        charts.stop_drawing()
        sys.exit(0 if drawer.poll() is not None and charts._drawer is None else 3)
    try:  # "nosuchmark": the drawing process fails and says which chart
        charts.render_pending()
    except RuntimeError as error:
        sys.exit(0 if "names the chart" in str(error) else 4)
    sys.exit(5)

for mode in ("point", "nosuchmark"):
    process = multiprocessing.get_context("fork").Process(target=child, args=(mode,))
    process.start()
    process.join(120)
    if process.exitcode != 0:
        sys.exit(f"{mode}: exit {process.exitcode}")
"""


def test_a_forked_writers_drawing_process_ends_with_it_and_names_a_failed_chart(tmp_path):
    """Pages that failed end their drawing process at once (it would write on into a
    build being removed); a chart the drawing process cannot draw is named."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", STOPPED_DRAWING, str(tmp_path)],
                          timeout=240, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not (tmp_path / "point.svg").exists()  # killed before it drew
    assert "charts: drawing nosuchmark.svg failed" in done.stderr
    assert not (tmp_path / "nosuchmark.svg").exists()


def test_cached_svgs_unused_for_a_month_are_removed(tmp_path, monkeypatch):
    """Each night's new data draws new SVGs: those no build read for UNUSED_DAYS go, a
    read one is kept (reading it marks it used), the measuring fonts are left to
    chartfont; compiled templates no build used as long go too."""
    import os
    import time

    from pipeline import charts

    monkeypatch.setattr(charts, "CACHE", tmp_path)
    old = time.time() - (charts.UNUSED_DAYS + 1) * 86400
    used_path, svg = charts._cached(charts.spec_text({"mark": "bar"}))
    assert svg is None
    used_path.write_text("<svg/>", encoding="utf-8")
    stale = tmp_path / "0123.svg"
    stale.write_text("<svg/>", encoding="utf-8")
    font = tmp_path / "measure-0123"
    font.mkdir()
    templates = tmp_path / f"{charts.TEMPLATES_PREFIX}0123"  # compiled by an older Jinja
    (templates / "sub").mkdir(parents=True)
    for path in (used_path, stale, font, templates):
        os.utime(path, (old, old))
    assert charts._cached(charts.spec_text({"mark": "bar"})) == (used_path, "<svg/>")
    assert charts.remove_unused() == 2
    assert used_path.is_file() and not stale.exists() and font.is_dir()
    assert not templates.exists()


def test_a_chart_without_its_svg_stops_the_build(tmp_path, monkeypatch):
    """A page would show a missing image: every chart's spec needs its SVG beside it,
    and nothing may be left queued (a forked writer that never called render_pending)."""
    from pipeline import charts

    folder = tmp_path / "charts"
    folder.mkdir()
    (folder / "hotline-calls.zh.json").write_text("{}", encoding="utf-8")
    (folder / "hotline-calls.zh.svg").write_text("<svg/>", encoding="utf-8")
    charts.check_drawn(tmp_path)  # drawn: nothing to say
    charts.check_drawn(tmp_path / "no-charts")
    (folder / "price-item-A001.en.json").write_text("{}", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"1 chart\(s\) without their SVG, e.g. "
                                           r"price-item-A001.en"):
        charts.check_drawn(tmp_path)
    (folder / "price-item-A001.en.svg").write_text("<svg/>", encoding="utf-8")
    monkeypatch.setattr(charts, "_pending", [str(folder / "cases-open.en.svg")])
    with pytest.raises(RuntimeError, match="cases-open.en"):
        charts.check_drawn(tmp_path)


MEASURED_DRAWING = """
import json, sys
from pathlib import Path
import altair as alt
import pandas as pd
import vl_convert
from pipeline import chartfont, charts

charts.CACHE = Path(sys.argv[1])
frame = pd.DataFrame({"month": ["2025-01-01", "2025-02-01", "2025-03-01"] * 2,
                      "calls": [1200, 1350, 990, 800, 870, 910],
                      "kind": ["投诉 complaint"] * 3 + ["咨询 enquiry"] * 3})
chart = alt.Chart(frame).mark_line().encode(
    x=alt.X("month:T", title="月份 Month"), y=alt.Y("calls:Q", title="来电 Calls"),
    color=alt.Color("kind:N", title="类别"))
result = {}
for title in ("各月来电（件）Calls per month", "龘：a character no table holds"):
    spec = charts.themed(chart, title).to_dict(validate=False)
    measured = charts._draw(spec)
    result[title] = {"font": chartfont._current is not None,
                     "same": measured == vl_convert.vegalite_to_svg(spec),
                     "covered": set(title) <= set(chartfont._current[0])
                     if chartfont._current else False}
result["fonts"] = sorted(p.name for p in Path(sys.argv[1]).glob("measure-*"))
from fontTools.ttLib import TTFont
bounds = set()
for path in Path(sys.argv[1]).glob("measure-*/*.otf"):
    face = TTFont(str(path))
    glyphs = face["CFF "].cff.topDictIndex[0].CharStrings
    bounds |= {glyphs[name].calcBounds(glyphs) for name in glyphs.keys()}
    bounds.add(any(tag in face for tag in chartfont.VERTICAL_TABLES))
result["bounds"] = sorted(map(str, bounds))
print(json.dumps(result))
"""


def test_charts_measured_with_a_subset_of_their_font_are_the_same_svg(tmp_path):
    """vl-convert measures every label with the font the spec names; a subset of that
    face (chartfont) measures three times faster and must give the same bytes. A text
    with a character the subset lacks gets a new subset, not a wrong width."""
    import subprocess
    import sys

    from pipeline import chartfont

    if not chartfont._find_sources():
        pytest.skip(f"{chartfont.SOURCE_FAMILY} is not installed (fonts-noto-cjk)")
    done = subprocess.run([sys.executable, "-c", MEASURED_DRAWING, str(tmp_path)],
                          timeout=180, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    fonts = result.pop("fonts")
    # outlines are one-unit squares (empty glyphs stay empty), no vertical tables: only
    # advances and line metrics are measured
    assert result.pop("bounds") == sorted(map(str, {None, (0, 0, 1, 1), False}))
    for title, found in result.items():
        assert found == {"font": True, "same": True, "covered": True}, title
    assert len(fonts) == 2  # the first subset, then one with the new character


def test_chart_lines_carry_no_aria_label_of_one_point(tmp_path, monkeypatch):
    """Vega labels a whole line with its first point ("Month: 2025-01; Calls: 1200"),
    which misreads the line when the SVG is opened alone; pages give the SVG as an image
    whose text alternative is the chart's summary. Bars keep their labels."""
    import altair as alt

    from pipeline import charts
    from pipeline.charts import write_chart

    monkeypatch.setattr(charts, "CACHE", tmp_path / "cache")  # drawn here, not reused
    data = pd.DataFrame({"month": ["2025-01-01", "2025-02-01", "2025-03-01"],
                         "calls": [1200, 1350, 990]})
    for mark, chart_id in (("line", "l"), ("bar", "b")):
        chart = getattr(alt.Chart(data), f"mark_{mark}")().encode(
            x=alt.X("month:T", title="Month"), y=alt.Y("calls:Q", title="Calls"))
        write_chart(tmp_path, "/", chart_id, chart, "Calls", "Calls by month", data,
                    {"month": "Month", "calls": "Calls"})
    line = (tmp_path / "charts" / "l.svg").read_text(encoding="utf-8")
    bar = (tmp_path / "charts" / "b.svg").read_text(encoding="utf-8")
    assert '<path aria-hidden="true" d="M0,' in line  # the line is drawn
    assert "Calls: 1200" not in line and "line mark" not in line
    assert 'aria-label="Month: Jan 01, 2025; Calls: 1200"' in bar  # bars keep theirs


@pytest.mark.parametrize(("first", "last", "step"), [
    ("2025-01-01", "2025-12-01", ("month", 1)), ("2025-01-01", "2026-01-01", ("month", 2)),
    ("2023-11-07", "2026-10-31", ("month", 3)), ("2023-10-01", "2026-10-01", ("month", 6)),
    ("2016-01-01", "2026-10-01", ("year", 1)), ("2000-01-01", "2026-10-01", ("year", 5)),
    ("2026-10-01", "2026-10-01", ("month", 1))])
def test_month_axis_ticks_so_that_about_twelve_labels_are_drawn(first, last, step):
    """Each label vl-convert draws is measured (a third of a chart's drawing time) and
    kept in the SVG, hidden ones too: the step gives at most about twelve, at the start
    of a month, quarter, half-year or year."""
    from pipeline.site.metric_figures import month_axis

    dates = pd.Series(pd.date_range(first, last, freq="D").strftime("%Y-%m-%d"))
    axis = month_axis(dates).to_dict()
    assert axis["tickCount"] == {"interval": step[0], "step": step[1]}
    assert month_axis(pd.Series([], dtype=str)).to_dict()["tickCount"] == {
        "interval": "month", "step": 1}


def test_a_charts_spec_holds_its_rows_as_altair_would_write_them():
    """write_chart keeps the rows out of Altair's walk and puts them in afterwards: the
    spec is the one Altair writes itself (layers with rows of their own included), and a
    frame Arrow does not take (dates) goes Altair's own way."""
    import altair as alt

    from pipeline import charts

    prices = pd.DataFrame({"day": ["2025-01-01", "2025-01-02"], "price": [3.5, None],
                           "shop": ["甲", "乙"]})
    target = pd.DataFrame({"level": [4.0]})
    dated = pd.DataFrame({"day": pd.to_datetime(["2025-01-01"]), "n": [1]})
    layered = alt.layer(alt.Chart(prices).mark_line().encode(x="day:T", y="price:Q"),
                        alt.Chart(target).mark_rule().encode(y="level:Q"))
    for chart in (alt.Chart(prices).mark_line().encode(x="day:T", y="price:Q",
                                                        color="shop:N"),
                  layered, alt.Chart(dated).mark_bar().encode(x="day:T", y="n:Q")):
        themed = charts.themed(chart, "标题")
        spec = charts.spec_of(themed)
        assert charts.spec_text(spec) == charts.spec_text(themed.to_dict(validate=False))
        assert "portal-rows" not in charts.spec_text(spec)
    assert charts.spec_of(themed)["data"]["values"][0]["day"].startswith("2025-01-01")
    assert charts.spec_of(layered)["layer"][1]["data"] == {"values": [{"level": 4.0}]}


def test_specs_made_in_several_threads_keep_their_own_rows():
    """Each spec_of call keeps its rows apart (a context of its own), in any thread."""
    from concurrent.futures import ThreadPoolExecutor

    import altair as alt

    from pipeline import charts

    def spec(n: int) -> dict:
        frame = pd.DataFrame({"x": list(range(50)), "y": [n] * 50})
        inner = alt.Chart(pd.DataFrame({"level": [float(n)]})).mark_rule().encode(y="level:Q")
        return charts.spec_of(alt.layer(alt.Chart(frame).mark_line().encode(
            x="x:Q", y="y:Q"), inner))

    with ThreadPoolExecutor(4) as pool:
        specs = list(pool.map(spec, range(200)))
    for n, made in enumerate(specs):
        assert "portal-rows" not in charts.spec_text(made)
        assert {row["y"] for row in made["layer"][0]["data"]["values"]} == {n}
        assert made["layer"][1]["data"] == {"values": [{"level": float(n)}]}


def test_compiled_templates_are_kept_per_jinja_setting_and_follow_their_source(
        tmp_path, monkeypatch):
    """The theme's templates are compiled once for every build; a changed template, or
    other Jinja settings (which change the code a template compiles to), compile again."""
    import jinja2

    from pipeline import charts
    from pipeline.site.render import template_cache

    monkeypatch.setattr(charts, "CACHE", tmp_path / "cache")
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"
    page.write_text("{% if x %}\n{{ x }}{% endif %}", encoding="utf-8")

    def render(options: dict) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")),
                                 bytecode_cache=template_cache(options), **options)
        return env.get_template("page.html").render(x="<b>")

    assert render({"trim_blocks": True, "autoescape": True}) == "&lt;b&gt;"
    assert len(list((tmp_path / "cache").glob("templates-*/*"))) == 1
    # trim_blocks is compiled in: not the code kept above
    assert render({"trim_blocks": False, "autoescape": True}) == "\n&lt;b&gt;"
    assert len(list((tmp_path / "cache").glob("templates-*"))) == 2
    page.write_text("[{{ x }}]", encoding="utf-8")
    assert render({"trim_blocks": True, "autoescape": True}) == "[&lt;b&gt;]"
    for kept in (tmp_path / "cache").glob("templates-*/*"):
        kept.write_bytes(kept.read_bytes()[:20])  # damaged: compiled again, not an error
    assert render({"trim_blocks": True, "autoescape": True}) == "[&lt;b&gt;]"
    # a filter called another way (given the context) is compiled for: another folder
    from jinja2 import pass_context

    def plain(value):
        return value

    @pass_context
    def given(context, value):
        return value

    assert (template_cache({}, {"f": plain}).directory
            != template_cache({}, {"f": given}).directory)
    assert template_cache({}, {"f": plain}).directory == template_cache(
        {}, {"f": plain}).directory
    folder = Path(template_cache({}).directory)
    assert folder.stat().st_mode & 0o777 == 0o700  # compiled code is loaded from it
    folder.chmod(0o777)
    assert template_cache({}) is None  # others could write code into it: no cache
    monkeypatch.setattr(charts, "CACHE", tmp_path / "file")
    (tmp_path / "file").write_text("", encoding="utf-8")  # a cache that cannot be made
    assert template_cache({}) is None


def test_the_tables_texts_are_announced_to_the_measuring_font(monkeypatch):
    """Shop, item and district names reach the measuring font before the first chart, in
    whatever dtype pandas gives text (str, object, string, category): one subset then
    serves the whole build."""
    from pipeline import chartfont, charts

    monkeypatch.setattr(chartfont, "_expected", set())
    charts.expect({"t": pd.DataFrame({
        "shop": pd.Series(["龘记"], dtype="str"), "item": pd.Series(["鱻"], dtype=object),
        "district": pd.Series(["靐"], dtype="string"),
        "kind": pd.Series(["齉"], dtype="category"), "price": [1.5]})})
    assert {"龘", "鱻", "靐", "齉", "s", "h"} <= chartfont._expected


UNWRITABLE_CACHE = """
import sys
from pathlib import Path
from pipeline import charts

charts.CACHE = Path(sys.argv[1]) / "cache"
charts.CACHE.write_text("a file where the cache folder should be", encoding="utf-8")
spec = {"mark": "bar", "data": {"values": [{"a": 1}]},
        "encoding": {"x": {"field": "a", "type": "quantitative"}}}
for name in ("one.svg", "two.svg"):
    charts._write_svg(spec, Path(sys.argv[1]) / name)
"""


def test_a_chart_cache_that_cannot_be_written_costs_time_not_the_build(tmp_path):
    """A read-only or full chart cache: the SVGs are still written (drawn each time),
    and the operator is told once."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", UNWRITABLE_CACHE, str(tmp_path)],
                          timeout=180, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    for name in ("one.svg", "two.svg"):
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("<svg")
    assert done.stderr.count("cannot keep drawn SVGs") == 1


def test_a_build_that_reuses_its_tables_does_not_load_the_disclosure_solver():
    """An edited page's rebuild (tables from the cache) starts a new process: importing
    the disclosure control (SciPy, HiGHS) and the sample's generators cost it about a
    fifth of its time. They are loaded where tables are computed or samples written."""
    import subprocess
    import sys

    code = ("import sys, publish, pipeline.build, pipeline.opendata, pipeline.site.render, "
            "pipeline.site.generator, pipeline.content, pipeline.changes, pipeline.datachecks\n"
            "from pipeline.sample.draws import END\n"
            "print(sorted(m for m in ('scipy', 'highspy', 'pipeline.disclosure', "
            "'pipeline.audit', 'pipeline.sample.cases') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"
