"""Runs Pelican on the published tables and the editors' content, then Pagefind; and
precompresses the text files of a built site for the web server.

The search index is two Pagefind bundles: `pagefind/` for the data pages and
`pagefind-content/` for the editors' documents, merged by the search page. An edit to a
document then re-indexes the documents only; the data bundle is reused with the data
pages (site/incremental.py).
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import jinja2
import pelican
from jinja2 import FileSystemBytecodeCache
from pelican import Pelican
from pelican.settings import read_settings

from pipeline import charts
from pipeline.config import ROOT, Settings
from pipeline.site import incremental

log = logging.getLogger(__name__)

DATA_BUNDLE, CONTENT_BUNDLE = "pagefind", "pagefind-content"
BUNDLES = (f"{DATA_BUNDLE}/", f"{CONTENT_BUNDLE}/")
PACKED = (".gz", ".br")  # precompress's copies: made again (or linked) by precompress
COMPRESSED = {".html", ".css", ".js", ".json", ".csv", ".svg", ".xml", ".txt", ".atom",
              ".webmanifest", ".map", ".sql"}
MIN_COMPRESSED = 1024  # smaller files gain nothing worth a second file
# fast enough for a build in seconds, near the best size: on the sample's 127 MB of text,
# gzip 4 and brotli 5 take 2.1 CPU s against 3.0 for 6 and 6, for 7 % more gzip bytes
# (what only clients without brotli fetch) and 0.8 % more brotli bytes
GZIP_LEVEL, BROTLI_QUALITY = 4, 5


def pelican_settings(output: Path, tables: dict, manifest: dict, settings: Settings,
                     baseline: Path | None = None, conf: str = "publishconf.py",
                     show_drafts: bool = False, relative_urls: bool = False,
                     reuse: Path | None = None) -> dict:
    """Pelican's settings for one build; `relative_urls` makes every link relative, so
    that the site reads from disk (file://) as well as from a server."""
    from pipeline.content.drafts import draft_settings

    extra = {"RELATIVE_URLS": True, "SITEURL": ""} if relative_urls else {}
    found = read_settings(str(ROOT / conf), override={
        **draft_settings(show_drafts),
        **extra,
        "OUTPUT_PATH": str(output),
        "PATH": str(ROOT / "content"),
        "THEME": str(ROOT / "theme"),
        "PORTAL_TABLES": tables,
        "PORTAL_MANIFEST": manifest,
        "PORTAL_SETTINGS": settings,
        "PORTAL_BASELINE": baseline,
        "PORTAL_REUSE": reuse,
    })
    found["JINJA_ENVIRONMENT"] = {**found["JINJA_ENVIRONMENT"], "bytecode_cache": template_cache(
        found["JINJA_ENVIRONMENT"], found.get("JINJA_FILTERS", {}), found.get("JINJA_TESTS", {}))}
    return found


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, but one that cannot be read or written
    (full, read-only, a damaged file) costs time, not the build, as the chart cache."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unreadable or damaged (pickle, marshal): a miss
            bucket.reset()  # compiled again

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            log.debug("templates: compiled code not kept (%s)", type(error).__name__)


def _described(value) -> str:
    """A setting as the compiled code depends on it: a callable by its module, name and
    how Jinja passes it the context (which the compiled call is written for)."""
    if callable(value):
        kind = type(value) if not hasattr(value, "__qualname__") else value
        return (f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', '')}"
                f":{getattr(value, 'jinja_pass_arg', None)}")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_described(v) for v in value) + "]"
    return repr(value)


def _sources(filters: dict, tests: dict) -> str:
    """The code of the project's filters and tests (a filter on a literal is run as the
    template compiles: its result is in the compiled code)."""
    files = sorted({inspect.getsourcefile(f) or "" for f in (*filters.values(), *tests.values())
                    if getattr(f, "__module__", "").startswith("pipeline.")})
    return "".join(hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in files if f)


def template_cache(options: dict, filters: dict | None = None, tests: dict | None = None
                   ) -> FileSystemBytecodeCache | None:
    """The theme's templates compiled once for every build and generator (each of
    Pelican's generators has its own Jinja environment, and each build is a new process:
    they compiled the same templates again, 0.7 CPU s a build). Kept beside the chart
    cache (a build from nothing starts without either), in a folder per version of Jinja
    and Pelican, environment options, filters and tests (their names, code and how they
    are called), which change the compiled code but not the key Jinja gives a template
    (its name and source). The folder is this user's alone (compiled code is loaded from
    it), or there is no cache; one no build used for 30 days is removed."""
    filters, tests = filters or {}, tests or {}
    described = "\n".join([
        f"jinja {jinja2.__version__} pelican {pelican.__version__}",
        *(f"{k}={_described(v)}" for k, v in sorted(options.items()) if k != "bytecode_cache"),
        *(f"filter {k}={_described(v)}" for k, v in sorted(filters.items())),
        *(f"test {k}={_described(v)}" for k, v in sorted(tests.items())),
        _sources(filters, tests)])
    digest = hashlib.sha256(described.encode()).hexdigest()[:16]
    folder = charts.CACHE / f"{charts.TEMPLATES_PREFIX}{digest}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        state = folder.stat()
        os.utime(folder)  # used: kept by charts.remove_unused
    except OSError:  # a cache that cannot be kept costs time, not the build
        return None
    if state.st_uid != os.getuid() or state.st_mode & 0o022:
        log.warning("templates: %s is not this user's alone; templates are compiled "
                    "without a cache", folder)
        return None
    return _TemplateCache(str(folder))


def render_site(output: Path, tables: dict, manifest: dict, settings: Settings,
                baseline: Path | None = None, search: bool = True,
                show_drafts: bool = False, relative_urls: bool = False,
                reuse: Path | None = None) -> None:
    """Write the whole site into `output` (which already holds data/).

    `baseline` is the last published site, if any (pages may compare with it);
    `show_drafts` writes drafts too, marked as drafts (the local preview, never a release);
    `reuse` is the last build, whose unchanged data pages and search bundle are linked.
    """
    charts.expect(tables)  # one measuring font for every chart, editors' charts first
    Pelican(pelican_settings(output, tables, manifest, settings, baseline,
                             show_drafts=show_drafts, relative_urls=relative_urls,
                             reuse=reuse)).run()
    charts.render_pending()  # this process's handed-over charts, were it a copy of one
    charts.check_drawn(output)  # that drew
    charts.remove_unused()
    if log.isEnabledFor(logging.INFO):  # `build -v` lists Chinese left unmarked
        from pipeline.site.untranslated import scan

        for lang in settings.languages[1:]:
            scan(output, lang)
    if search:
        build_search_index(output, reuse)


def _pages(output: Path, names) -> list[str]:
    return sorted(n for n in names if n.endswith(".html"))


class SearchIndex:
    """Pagefind runs started in other processes (the data pages' bundle and the
    documents' at once); `finish()` waits for them and fails when one failed."""

    def __init__(self) -> None:
        self.runs: list[tuple[subprocess.Popen, Path, Path, object]] = []

    def start(self, output: Path, pages: list[str], bundle: str) -> None:
        """Index `pages` (paths under `output`) into `output/bundle` through a folder of
        links to them, so that each page keeps its URL."""
        view = Path(tempfile.mkdtemp(prefix=".index.", dir=output.parent))
        for name in pages:
            incremental.link(output / name, view / name)
        errors = tempfile.TemporaryFile()
        process = subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(view),
                                    "--output-path", str(output / bundle)],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        self.runs.append((process, view, output / bundle, errors))

    def finish(self) -> None:
        failed = []
        for process, view, bundle, errors in self.runs:
            process.wait()
            shutil.rmtree(view)
            errors.seek(0)
            if process.returncode != 0:
                failed.append(errors.read().decode("utf-8", "replace").strip()[-500:])
            errors.close()
            _sort_entry(bundle)
        self.runs = []
        if failed:
            raise RuntimeError(f"Pagefind failed: {failed[0]}")


def build_search_index(output: Path, reuse: Path | None = None) -> None:
    """The data pages' bundle (reused when the data pages were) and the documents', the
    two Pagefind runs side by side."""
    index = SearchIndex()
    state = incremental.read_state(output)
    data_pages = [n for n in _pages(output, state.get("files", []))
                  if (output / n).is_file()]  # a page taken down since is not indexed
    done = incremental.read_state(reuse)
    if (reuse and state and done.get("key") == state.get("key")
            and (reuse / DATA_BUNDLE).is_dir()):
        for path in sorted(p for p in (reuse / DATA_BUNDLE).rglob("*")
                           if p.is_file() and p.suffix not in PACKED):
            incremental.link(path, output / path.relative_to(reuse))
    else:
        index.start(output, data_pages, DATA_BUNDLE)
    taken = set(data_pages)
    others = [n for n in _pages(output, incremental.snapshot(output)) if n not in taken
              and not n.startswith(BUNDLES)]
    index.start(output, others, CONTENT_BUNDLE)
    index.finish()


def _sort_entry(bundle: Path) -> None:
    # Pagefind writes its languages in hash-map order: sort them, so that the same
    # inputs give the same bytes
    entry = bundle / "pagefind-entry.json"
    if entry.exists():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")), encoding="utf-8")


def workers() -> int:
    """The processes (or threads) a build's parallel steps use: the cores it may run on."""
    return len(os.sched_getaffinity(0))


def precompress(output: Path, reuse: Path | None = None) -> dict[str, int]:
    """Write `<file>.gz` and `<file>.br` beside every text file (nginx gzip_static and
    brotli_static serve them); a file the last build (`reuse`) had byte for byte gets
    that build's copies. Returns the bytes of the site as sent: raw, gzip, brotli.
    zlib and brotli let go of the interpreter while they work: one thread per core."""
    sizes = {"files": 0, "raw": 0, "gzip": 0, "brotli": 0}
    packed = []
    for name in sorted(incremental.snapshot(output)):
        path = output / name
        size = path.stat().st_size
        sizes["files"] += 1
        sizes["raw"] += size
        if (path.suffix not in COMPRESSED or size < MIN_COMPRESSED
                or path.name.startswith(".")):
            sizes["gzip"] += size
            sizes["brotli"] += size
        else:
            packed.append(name)
    with ThreadPoolExecutor(workers()) as pool:
        for gzipped, brotlied in pool.map(lambda name: _pack(output, name, reuse), packed):
            sizes["gzip"] += gzipped
            sizes["brotli"] += brotlied
    log.info("site: %(files)d files, %(raw)d bytes; sent gzipped %(gzip)d, "
             "with brotli %(brotli)d", sizes)
    return sizes


def _pack(output: Path, name: str, reuse: Path | None) -> tuple[int, int]:
    """The .gz and .br copies of one file (linked from `reuse` when unchanged); their sizes."""
    path = output / name
    same: bool | None = None  # the last build's file, byte for byte (asked once, if needed)
    data = None
    found = []
    for suffix, squeeze in ((".gz", _gzip), (".br", _brotli)):
        packed = path.with_name(path.name + suffix)
        before = reuse / (name + suffix) if reuse else None
        packed.unlink(missing_ok=True)
        if before and before.is_file() and reuse and same is None:
            same = incremental.unchanged(path, reuse / name)
        if same and before and before.is_file():
            incremental.link(before, packed)
        else:
            data = path.read_bytes() if data is None else data
            packed.write_bytes(squeeze(data))
        found.append(packed.stat().st_size)
    return found[0], found[1]


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)
