"""Charts: an Altair spec, its static SVG, a one-sentence summary and the data behind it.

A page shows the SVG (works without JavaScript), the summary as its text alternative, and
the data as a table with a CSV link; with JavaScript the same spec may be drawn by Vega.
SVGs are cached by the spec's hash, so a rebuild with the same data renders nothing new.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import vl_convert
from altair.utils.data import limit_rows

from pipeline import chartfont
from pipeline.export import csv_safe_frame, records

log = logging.getLogger(__name__)

# drawn SVGs by spec, kept between builds (PORTAL_CHART_CACHE: another folder, e.g. the
# benchmark's empty one, so that a build from nothing draws every chart)
CACHE = Path(os.environ.get("PORTAL_CHART_CACHE") or Path.home() / ".cache" / "portal-charts")
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
UNUSED_DAYS = 30  # a cached SVG no build used this long is removed (remove_unused)
TEMPLATES_PREFIX = "templates-"  # compiled templates kept here too (site/render.py)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    columns: tuple[tuple[str, str], ...]  # (column, heading) of the data table
    rows: list[dict]
    spec_url: str
    svg_url: str
    csv_url: str


# vl-convert starts its rendering engine (threads) on first use; a process forked after
# that inherits the engine without its threads and would wait forever on its first call.
# Such a process (the pages of the other languages, forked after an editor's chart was
# drawn) hands its drawings to a new process as they come, which draws them while this
# one goes on writing pages; render_pending waits for it to finish.
_engine_pid: int | None = None
# that new process (with the process that started it), once the first was handed over
_drawer: tuple[int, subprocess.Popen] | None = None
_pending: list[str] = []  # the files that process was asked to write (until it ended well)
_unkept = False  # the cache could not be written (said once)


def spec_text(spec: dict) -> str:
    """The spec as written to its `.json` file, and as keyed in the cache."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)


def _cached(text: str) -> tuple[Path, str | None]:
    # the renderer's version is part of the key: a new vl-convert may draw differently
    key = text + getattr(vl_convert, "__version__", "")
    cached = CACHE / f"{hashlib.sha256(key.encode()).hexdigest()}.svg"
    try:
        svg = cached.read_text(encoding="utf-8")
    except OSError:  # not drawn yet (or just removed as unused by another build)
        return cached, None
    try:
        os.utime(cached)  # in use: not removed as unused (UNUSED_DAYS)
    except OSError:
        pass
    return cached, svg


def remove_unused(days: int = UNUSED_DAYS) -> int:
    """Remove the cached SVGs no build used for `days` (each night's new data draws new
    ones: the cache would otherwise grow by every chart that ever changed), and the
    folders of compiled templates no build used as long (another Jinja version, other
    filters); returns how many. A build that reads one at the same moment draws it again."""
    removed, limit = 0, time.time() - days * 86400
    try:
        entries = list(os.scandir(CACHE))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.name.endswith((".svg", ".part")) and entry.stat().st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
            elif (entry.name.startswith(TEMPLATES_PREFIX) and entry.is_dir()
                  and entry.stat().st_mtime < limit):  # another Jinja, filters or settings
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
        except OSError:  # removed meanwhile, or not ours to remove
            continue
    return removed


def _keep(cached: Path, svg: str) -> None:
    """Keep a drawn SVG for the next builds; a cache that cannot be written (read-only,
    full) costs time, not the build: said once, then charts are drawn every time."""
    global _unkept
    part = None
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        # written whole or not at all: the languages' pages are written by two processes
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=CACHE, suffix=".part",
                                         delete=False) as part:
            part.write(svg)
        os.replace(part.name, cached)
    except OSError as error:
        if part is not None:
            Path(part.name).unlink(missing_ok=True)
        if not _unkept:
            log.warning("charts: cannot keep drawn SVGs in %s (%s): every build draws them "
                        "again", CACHE, error.strerror or type(error).__name__)
            _unkept = True


def _write_svg(spec: dict, target: Path, text: str | None = None) -> None:
    """`target` as the spec's SVG (`text`: spec_text(spec), when already made): from the
    cache, drawn here, or handed to a drawing process (a forked process)."""
    global _engine_pid
    cached, svg = _cached(text or spec_text(spec))
    if svg is None:
        if _engine_pid not in (None, os.getpid()):
            _hand_over(spec, target)
            return
        _engine_pid = os.getpid()
        svg = _draw(spec)
        _keep(cached, svg)
    target.write_text(svg, encoding="utf-8")


def _draw(spec: dict) -> str:
    """vl-convert's SVG of `spec`, its text measured with a subset of the charts' font
    (chartfont: the same layout, three times faster) and the spec's font list written."""
    text = json.dumps(spec, ensure_ascii=False)
    measure = chartfont.family(text, CACHE) if FONT in text else None
    if measure is None:
        return vl_convert.vegalite_to_svg(spec)
    svg = vl_convert.vegalite_to_svg(text.replace(FONT, measure))  # (it reads JSON text)
    return svg.replace(f'font-family="{measure}"', f'font-family="{FONT}"')


def expect(tables: dict[str, pd.DataFrame]) -> None:
    """The characters this build's charts may hold: the published tables' texts and the
    translations' (one measuring font then serves every chart; chartfont)."""
    from pipeline.site.i18n import TRANSLATIONS

    texts = [path.read_text(encoding="utf-8")
             for path in sorted(TRANSLATIONS.glob("**/*")) if path.suffix in (".po", ".toml")]
    for frame in tables.values():
        texts.extend(str(column) for column in frame.columns)
        for column in frame.columns:
            if frame[column].dtype.kind not in "biufcmM":  # text of any dtype (str, object,
                # string, category); numbers and dates are written in BASE's characters
                texts.extend(frame[column].dropna().astype(str).unique())
    chartfont.expect(texts)


def _hand_over(spec: dict, target: Path) -> None:
    """Have `spec` drawn into `target` by this process's drawing process (started on the
    first: one start for all), which measures with the characters this build expects."""
    global _drawer
    if _drawer is None or _drawer[0] != os.getpid():  # (not one a parent process started)
        _pending.clear()
        _drawer = os.getpid(), subprocess.Popen([sys.executable, "-m", "pipeline.charts"],
                                                stdin=subprocess.PIPE,
                                                cwd=Path(__file__).parent.parent)
        _send(chartfont.expected())
    _send([spec, str(target)])
    _pending.append(str(target))


def _send(message) -> None:
    """One line to the drawing process (a full pipe waits for it: it is the slower)."""
    stream = _drawer[1].stdin
    try:
        stream.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
        stream.flush()  # drawn now, not when a buffer fills
    except BrokenPipeError:
        render_pending()  # it ended early: raises with its exit status
        raise


def _own_drawer() -> subprocess.Popen | None:
    """This process's drawing process, taken (None: none started here)."""
    global _drawer
    if _drawer is None or _drawer[0] != os.getpid():
        return None
    drawer, _drawer = _drawer[1], None
    return drawer


def render_pending() -> None:
    """Wait for the charts handed to the drawing process; raise if it failed."""
    drawer = _own_drawer()
    if drawer is None:
        return
    try:
        drawer.stdin.close()
    except BrokenPipeError:
        pass
    if drawer.wait() != 0:
        raise RuntimeError(f"charts: the process drawing this build's {len(_pending)} "
                           f"forked chart(s) failed (exit {drawer.returncode}); its error, "
                           f"above, names the chart")
    _pending.clear()


def stop_drawing() -> None:
    """End this process's drawing process without waiting for its charts (the pages
    failed: nothing it would draw is published, and it must not write on into a build
    that is being removed)."""
    drawer = _own_drawer()
    if drawer is None:
        return
    drawer.kill()
    drawer.wait()
    _pending.clear()


def check_drawn(output: Path) -> None:
    """Every chart written under `output/charts/` has its SVG: a process that queued its
    drawings (forked after the engine started) and ended without render_pending would
    otherwise publish pages whose charts are missing images."""
    folder = output / "charts"
    missing = sorted(spec.stem for spec in folder.glob("*.json")
                     if not spec.with_suffix(".svg").is_file()) if folder.is_dir() else []
    if missing or _pending:
        names = missing or [Path(target).stem for target in _pending]
        raise RuntimeError(f"charts: {len(names)} chart(s) without their SVG, e.g. "
                           f"{', '.join(names[:3])}: a process that wrote pages did not have "
                           f"its charts drawn (charts.render_pending), or the earlier build "
                           f"whose unchanged pages were reused lacked them")


def _render_queue() -> None:
    """`python -m pipeline.charts`: on stdin, one JSON line with the characters the
    build's charts may hold, then one `[spec, file]` line per chart, drawn and written as
    it comes."""
    lines = iter(sys.stdin.buffer)
    chartfont.expect([json.loads(next(lines, b'""'))])
    for line in lines:
        spec, target = json.loads(line)
        try:
            _write_svg(spec, Path(target))
        except Exception:
            print(f"charts: drawing {Path(target).name} failed:", file=sys.stderr)
            raise


_PLAIN = frozenset({"float64", "int64", "str", "string", "bool"})


def _plain(frame: pd.DataFrame) -> bool:
    return all(str(t) in _PLAIN for t in frame.dtypes)


def _rows(frame: pd.DataFrame) -> list[dict]:
    """export.records, in this thread: for a frame of a few columns and many rows Arrow
    would start a pool of threads per call (most of a small chart's time)."""
    if not _plain(frame):
        return records(frame)
    return pa.Table.from_pandas(frame, preserve_index=False, nthreads=1).to_pylist()


# while spec_of turns a chart into its spec (in this thread, or task): the rows of each
# frame, by the name that stands for them in the spec until Altair is done with it
_rows_by_name: ContextVar[dict[str, list[dict]] | None] = ContextVar("rows_by_name",
                                                                     default=None)


def _values(data, max_rows: int = 5000) -> dict:
    """Altair's default data transformer (rows to JSON values), through Arrow for a frame
    of plain columns: the same values (missing and NaN as None, numbers as Python numbers)
    in a third of the time; anything else (dates, categories, infinities) goes the
    default way. Inside write_chart the rows wait outside the spec under a name: Altair
    would otherwise walk every value of every row while it makes the spec (a fifth of the
    data pages' time), and write_chart puts them in afterwards."""
    if (isinstance(data, pd.DataFrame) and _plain(data)
            and not np.isinf(data.select_dtypes("float64").to_numpy()).any()):
        limit_rows(data, max_rows=max_rows)  # raises for too many rows, as the default
        rows = _rows(data)
        waiting = _rows_by_name.get()
        if waiting is None:
            return {"values": rows}
        name = f"portal-rows-{len(waiting)}"
        waiting[name] = rows
        return {"name": name}
    return alt.default_data_transformer(data, max_rows=max_rows)


def _with_rows(node, rows: dict[str, list[dict]]):
    """`node` (a spec) with each {"name": <rows' name>} replaced by those rows' values."""
    if isinstance(node, dict):
        if len(node) == 1 and node.get("name") in rows:
            return {"values": rows[node["name"]]}
        return {key: _with_rows(value, rows) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_rows(value, rows) for value in node]
    return node


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec of a chart made by our code (no schema validation: half of a
    chart's time; tests/test_build.py validates a chart of each kind)."""
    waiting: dict[str, list[dict]] = {}
    token = _rows_by_name.set(waiting)  # its own, whatever runs in other threads
    try:
        spec = chart.to_dict(validate=False)
    finally:
        _rows_by_name.reset(token)
    return _with_rows(spec, waiting) if waiting else spec


alt.data_transformers.register("portal", _values)
alt.data_transformers.enable("portal")
# each chart's rows stay in its own "data" (not moved to a top-level "datasets" entry
# named by a hash of the rows: a JSON dump of every chart's rows, for nothing)
alt.data_transformers.consolidate_datasets = False
# no JSON-schema validation of every object as it is made (Altair's debug mode: a tenth
# of the data pages' time); our code writes the charts, and the test suite validates a
# chart of each kind against the Vega-Lite schema (tests/test_perf_cache.py)
alt.utils.schemapi.disable_debug_mode()


def themed(chart: alt.Chart, title: str) -> alt.Chart:
    # lines carry no ARIA label: Vega would write each line's first point as the label of
    # the whole line (misleading when the SVG is opened alone) and format that text for
    # every point (a fifth of a price chart's drawing); pages show the SVG as an image
    # whose text alternative is the chart's summary, with the data as a table below
    return chart.properties(title=title, width=560, height=220) \
        .configure_line(aria=False) \
        .configure_axis(labelFont=FONT, titleFont=FONT) \
        .configure_title(font=FONT, anchor="start") \
        .configure_legend(labelFont=FONT, titleFont=FONT) \
        .configure_view(stroke=None)


def write_chart(out: Path, url_prefix: str, chart_id: str, chart: alt.Chart, title: str,
                summary: str, data: pd.DataFrame, columns: dict[str, str]) -> Chart:
    """Write `<chart_id>.json/.svg/.csv` under `out/charts/` and describe them for a page."""
    folder = out / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    spec = spec_of(themed(chart, title))
    text = spec_text(spec)
    (folder / f"{chart_id}.json").write_text(text, encoding="utf-8")
    _write_svg(spec, folder / f"{chart_id}.svg", text)
    table = data[list(columns)]
    csv_safe_frame(table).to_csv(folder / f"{chart_id}.csv", index=False,
                                 encoding="utf-8-sig", lineterminator="\n")
    base = f"{url_prefix}charts/{chart_id}"
    return Chart(chart_id, title, summary, tuple(columns.items()), _rows(table),
                 f"{base}.json", f"{base}.svg", f"{base}.csv")


if __name__ == "__main__":
    _render_queue()
