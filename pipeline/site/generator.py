"""The Pelican generator of the data pages: every section's pages, in every language.

It reads the published (already suppressed) tables that `render.py` put in the settings,
asks each module of `sections/` for its pages and writes them through Pelican's writer.
When the last build (PORTAL_REUSE) made the same pages from the same inputs, its files
are linked instead (site/incremental.py).
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import shutil
import traceback
from multiprocessing import get_context
from pathlib import Path

from pelican.generators import Generator

from pipeline import charts
from pipeline.errors import InputError
from pipeline.site import incremental, sections
from pipeline.site.context import SiteData
from pipeline.site.render import workers

log = logging.getLogger(__name__)

SQL = Path(__file__).resolve().parent.parent / "sql"


def section_modules() -> list:
    """Every module of sections/, ordered by its NAV position (menu order)."""
    found = [importlib.import_module(f"{sections.__name__}.{m.name}")
             for m in pkgutil.iter_modules(sections.__path__)]
    return sorted(found, key=lambda m: (getattr(m, "NAV", (99, ""))[0], m.__name__))


class DashboardGenerator(Generator):
    """Writes the dashboard and entity pages of the published tables."""

    def generate_context(self):
        settings = self.settings
        self.site = SiteData(settings["PORTAL_TABLES"], settings["PORTAL_MANIFEST"],
                             settings["PORTAL_SETTINGS"], Path(self.output_path),
                             settings.get("PORTAL_BASELINE"), settings.get("SITEURL", ""))
        self.modules = section_modules()
        self.context["PORTAL_NAV"] = [
            {"path": m.NAV[1], "title": m.NAV[2]} for m in self.modules
            if hasattr(m, "NAV") and m.NAV[1] is not None]
        self.context["PORTAL_MANIFEST"] = self.site.manifest
        self.context["PORTAL_LANGUAGES"] = list(self.site.settings.languages)

    def generate_output(self, writer):
        out = Path(self.output_path)
        key = incremental.page_key(self.site.tables, self.site.manifest, self.site.settings,
                                   self.site.baseline, self.context,
                                   self.settings.get("SITEURL", ""))
        files = incremental.reuse(self.settings.get("PORTAL_REUSE"), out, key)
        if files is None:
            before = incremental.snapshot(out)
            self.write_pages(writer)
            files = incremental.written_since(out, before)
        incremental.write_state(out, key, files)

    def write_pages(self, writer):
        shutil.copytree(SQL, Path(self.output_path) / "source" / "sql", dirs_exist_ok=True)
        first, *others = self.site.settings.languages
        if not others or workers() < 2:
            for lang in (first, *others):
                self.write_language(writer, lang)
            return
        # the other languages are written meanwhile by a copy of this process (fork: it
        # has the tables and templates already), so that page writing takes both cores
        context = get_context("fork")
        gc.freeze()  # the collector then leaves the shared objects alone (fewer pages copied)
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=self._write_in_child, args=(writer, others, send))
        child.start()
        send.close()
        try:
            self.write_language(writer, first)
        finally:
            try:
                problem = receive.recv()
            except EOFError:  # it died before it could tell
                problem = ("error", "the process writing the other languages' pages died")
            child.join()
            gc.unfreeze()
        if problem and problem[0] == "input":
            raise InputError(*problem[1:])
        if problem:
            raise RuntimeError(f"writing the {', '.join(others)} pages failed: {problem[1]}")

    def _write_in_child(self, writer, languages: list[str], send) -> None:
        """Write `languages`' pages, then send None, or the error (InputError does not
        travel between processes as itself)."""
        try:
            for lang in languages:
                self.write_language(writer, lang)
            charts.render_pending()  # the SVGs this copy may not draw itself
        except InputError as error:
            charts.stop_drawing()
            send.send(("input", error.file, error.reason, error.line, error.column))
        except BaseException:  # noqa: BLE001 - the parent raises it, with its traceback
            charts.stop_drawing()
            send.send(("error", traceback.format_exc()))
        else:
            send.send(None)
        finally:
            send.close()

    def write_language(self, writer, lang: str) -> None:
        for module in self.modules:
            for page in module.pages(self.site, lang):
                name = self.site.prefix(lang).lstrip("/") + page.path
                writer.write_file(
                    name, self.get_template(page.template.removesuffix(".html")), self.context,
                    relative_urls=self.settings.get("RELATIVE_URLS", False),
                    lang=lang, page_path=page.path, **page.context)
