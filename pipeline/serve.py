"""Local preview: answer at once with the last build, rebuild in the background on change.

The server starts before any build and serves whatever `output` holds (the last build);
a build runs in a background thread, then another whenever content/, theme/ or the data
change. Builds reuse what did not change (tables by input checksum, data pages by their
inputs' hash), so an edit to one document shows in seconds. Each build is swapped in
whole, so a reader never sees half a site.
"""

from __future__ import annotations

import functools
import http.server
import inspect
import logging
import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.config import ROOT, Settings

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
#: the preview shows drafts (marked as such) when the build knows how: build(show_drafts=)
DRAFTS_OPTION = "show_drafts"


def stamp(folders: list[Path]) -> tuple:
    """What changed in `folders`: the newest modification time and the number of files
    (a deleted file changes the count)."""
    newest, count = 0, 0
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                newest = max(newest, os.stat(os.path.join(root, name)).st_mtime_ns)
                count += 1
    return newest, count


def preview_options(build: Callable) -> dict:
    """The options of a preview build: reuse the last one, accept any volume change, and
    show drafts where the build supports it."""
    options = {"accept_change": True, "reuse": True}
    if DRAFTS_OPTION in inspect.signature(build).parameters:
        options[DRAFTS_OPTION] = True
    return options


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the last build; 503 until there is one."""

    def __init__(self, *args, output: Path, **kwargs) -> None:
        self.output = output
        super().__init__(*args, directory=str(output), **kwargs)

    def send_head(self):
        if not self.output.is_dir():
            self.send_error(503, "The first build is still running: reload in a moment")
            return None
        return super().send_head()

    def log_message(self, format: str, *args) -> None:
        log.debug("%s " + format, self.address_string(), *args)


class Rebuilder:
    """Builds in a background thread whenever the watched folders change."""

    def __init__(self, data: Path, output: Path, settings: Settings,
                 say: Callable[[str], None]) -> None:
        self.data, self.output, self.settings, self.say = data, output, settings, say
        self.watched = [ROOT / "content", ROOT / "theme", data]
        self.stop = threading.Event()
        self.built = threading.Event()  # set after each build, good or not

    def build_once(self) -> None:
        from pipeline.build import build

        try:
            build(self.data, self.output, self.settings, date.today(),
                  **preview_options(build))
            self.say(f"built {self.output}")
        except Exception as error:  # a preview keeps serving the last good build
            self.say(f"build failed, still serving the last build: {error}")
        finally:
            self.built.set()

    def run(self) -> None:
        seen = stamp(self.watched)
        self.build_once()
        while not self.stop.wait(POLL_SECONDS):
            now = stamp(self.watched)
            if now != seen:
                seen = now
                self.say("change seen: rebuilding")
                self.built.clear()
                self.build_once()


def serve(data: Path, output: Path, settings: Settings, port: int, say) -> None:
    """Serve `output` on localhost:`port` at once; build and rebuild in the background."""
    output = output.resolve()
    handler = functools.partial(Handler, output=output)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    rebuilder = Rebuilder(data, output, settings, say)
    threading.Thread(target=rebuilder.run, daemon=True).start()
    state = "the last build" if output.is_dir() else "nothing yet (first build running)"
    say(f"serving {state} from {output} on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        rebuilder.stop.set()
        server.server_close()
