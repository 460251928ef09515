"""Local preview: build once, serve the output, re-render when editors' content changes."""

from __future__ import annotations

import functools
import http.server
import logging
import threading
import time
from datetime import date
from pathlib import Path

from pipeline.config import ROOT, Settings

log = logging.getLogger(__name__)


def _stamp(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)


def serve(data: Path, output: Path, settings: Settings, port: int, say) -> None:
    """Build, serve on localhost:`port`, rebuild when content/ or theme/ change."""
    from pipeline.build import build

    build(data, output, settings, date.today(), accept_change=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"serving {output} on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    watched = [ROOT / "content", ROOT / "theme"]
    seen = max(_stamp(f) for f in watched)
    try:
        while True:
            time.sleep(1)
            now = max(_stamp(f) for f in watched)
            if now > seen:
                seen = now
                say("content changed: rebuilding")
                try:
                    build(data, output, settings, date.today(), accept_change=True)
                except Exception as error:  # keep serving the last good preview
                    say(f"rebuild failed: {error}")
    except KeyboardInterrupt:
        server.shutdown()
