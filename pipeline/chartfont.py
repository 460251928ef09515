"""A small copy of the charts' font, for vl-convert to measure their text with.

vl-convert lays a chart out by measuring every label with the font the spec names. With
Noto Sans CJK (a 20 MB collection of ten faces) each measurement reads the face again: a
third of a second per chart, most of a build whose charts changed (318 charts for the
sample). A subset of the same face holding only the characters the charts use has the
same metrics, so the same layout, the same SVG bytes, and measures three times faster.

vl-convert measures a text by laying it out as paths and taking its text box (advances,
ascent, descent): the outlines themselves are never looked at, but the font file is
opened and mapped again for every glyph (1,400 times per chart). Each glyph with an
outline is therefore given a one-unit square instead (a glyph without an outline gets
none, so a text is measured as a path exactly when it was before), the subroutines the
outlines used are dropped and so are the vertical tables: a file an eighth of the size
(about 60 KB a face for the sample), mapped in fewer pages: each chart drawn faster
(docs/performance.md), the same bytes. The subset's key holds vl-convert's version, as
this rests on how that version measures.

`family(text)` gives the family to measure `text` with: a subset covering every
character of it (and of what `expect` announced: the tables' and the translations'
texts, so that one subset serves a whole build), made with fontTools and kept in the
chart cache by its characters, or None when the machine lacks the font (charts are then
drawn as before, with whatever vl-convert finds).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

SOURCE_FAMILY = "Noto Sans CJK SC"  # the first family of charts.FONT a machine may have
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts")
LAYOUT_FEATURES = ["ccmp", "locl", "rlig", "calt", "liga", "clig", "kern", "mark", "mkmk",
                   "rvrn", "curs"]
# a measuring font unused this long is removed when another is made (never sooner: a
# build in another process may be measuring with it, and vl-convert reads the file)
UNUSED_DAYS = 30
# part of a subset's key: a subset made otherwise (e.g. with its outlines) is not reused
FORMAT = "square-outlines-1"
VERTICAL_TABLES = ("vhea", "vmtx", "VORG", "BASE")
WEIGHTS = ("Regular", "Bold")  # labels, and titles (vega draws titles bold)
# what number and date formats write besides the spec's own text (d3's minus sign, the
# ellipsis of a cut label, thin spaces), and the punctuation of either language
BASE = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)]
    + [chr(c) for c in range(0x2000, 0x2070)] + [chr(c) for c in range(0x2212, 0x2213)]
    + [chr(c) for c in range(0x3000, 0x3020)] + [chr(c) for c in range(0xFF01, 0xFF5F)])

_expected: set[str] = set()
_current: tuple[frozenset[str], str] | None = None  # (characters, family) in use
_registered: set[str] = set()
_sources: dict[str, tuple[Path, int]] | None = None
_failed = False  # a subset could not be made: this process draws as before


def expect(texts: Iterable[str]) -> None:
    """Characters the charts of this build will hold (made part of the next subset)."""
    for text in texts:
        _expected.update(text)


def expected() -> str:
    """The characters announced so far (for a process that draws this one's charts)."""
    return "".join(sorted(_expected))


def family(text: str, cache: Path) -> str | None:
    """The family to measure `text` with (registered with vl-convert), or None."""
    global _current, _failed
    needed = set(text)
    if _current and needed <= _current[0]:
        return _current[1]
    sources = {} if _failed else _find_sources()
    if not sources:
        return None
    source = _source_id(sources)
    found = _cached(cache, needed | _expected, source)
    if found is None:
        found = _make(cache, sources, source, BASE | needed | _expected
                      | (_current[0] if _current else frozenset()))
    if found is None:
        _failed = True
        return None
    chars, folder = found
    try:
        os.utime(folder)  # in use: not removed as unused (UNUSED_DAYS)
    except OSError:
        pass
    name = _family_name(folder)
    if name not in _registered:
        import vl_convert

        vl_convert.register_font_directory(str(folder))
        _registered.add(name)
    _current = (chars, name)
    return name


def _family_name(folder: Path) -> str:
    return f"PortalMeasure{folder.name.removeprefix('measure-')}"  # no space: no quoting


def _find_sources() -> dict[str, tuple[Path, int]]:
    """The Regular and Bold faces of SOURCE_FAMILY on this machine: (file, face number);
    nothing unless both are there (with one, bold text would be measured otherwise than
    the full family does)."""
    global _sources
    if _sources is not None:
        return _sources
    from fontTools.ttLib import TTCollection, TTFont

    found: dict[str, tuple[Path, int]] = {}
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            style = next((s for s in WEIGHTS if path.stem.endswith(f"-{s}")), None)
            if (style is None or style in found or "CJK" not in path.name
                    or path.suffix.lower() not in (".ttc", ".otf", ".ttf")):
                continue
            try:
                faces = (TTCollection(str(path), lazy=True).fonts
                         if path.suffix.lower() == ".ttc" else [TTFont(str(path), lazy=True)])
                names = [face["name"].getDebugName(1) for face in faces]
            except Exception:  # noqa: BLE001 - a font fontTools cannot read is not ours
                continue
            if SOURCE_FAMILY in names:
                found[style] = (path, names.index(SOURCE_FAMILY))
    _sources = found if set(found) == set(WEIGHTS) else {}
    return _sources


def _source_id(sources: dict[str, tuple[Path, int]]) -> str:
    """Which font files a subset was made from (another version measures otherwise)."""
    parts = []
    for style in WEIGHTS:
        path, number = sources[style]
        try:
            stat = path.stat()
        except OSError:
            return ""
        parts.append(f"{style}:{path}:{number}:{stat.st_size}:{stat.st_mtime_ns}")
    # the square outlines rest on how this vl-convert measures (text boxes, not
    # outlines): another version gets a subset of its own, checked by the tests
    import vl_convert

    return "\n".join([*parts, FORMAT, f"vl-convert {getattr(vl_convert, '__version__', '')}"])


def _cached(cache: Path, needed: set[str], source: str
            ) -> tuple[frozenset[str], Path] | None:
    """A subset of the same font files, made by an earlier build or another process,
    that covers `needed`."""
    for folder in sorted(cache.glob("measure-*")):
        try:
            if (folder / "source.txt").read_text(encoding="utf-8") != source:
                continue
            chars = frozenset((folder / "chars.txt").read_text(encoding="utf-8"))
        except OSError:  # being removed, or not a subset
            continue
        if needed <= chars:
            return chars, folder
    return None


def _make(cache: Path, sources: dict[str, tuple[Path, int]], source: str,
          chars: frozenset[str]) -> tuple[frozenset[str], Path] | None:
    """Subset each face of `sources` to `chars`, named as one family; kept in `cache`."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    text = "".join(sorted(chars))
    key = hashlib.sha256("\0".join([text, source]).encode()).hexdigest()
    folder = cache / f"measure-{key[:16]}"
    if folder.is_dir():
        return chars, folder
    name = _family_name(folder)
    work = None
    try:
        if not source:
            raise FileNotFoundError("a font file vanished")
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".measure.", dir=cache))
        for style, (path, number) in sources.items():
            # the bounding boxes of the whole face are not made again (they draw every
            # glyph: two thirds of the time); advances, kerning and line metrics stay
            face = (TTCollection(str(path), lazy=True, recalcBBoxes=False).fonts[number]
                    if path.suffix.lower() == ".ttc"
                    else TTFont(str(path), lazy=True, recalcBBoxes=False))
            options = subset.Options()
            # the features text is shaped with by default (kerning, ligatures, locale
            # forms: the same widths); '*' kept vertical and other alternates (ten
            # thousand glyphs for 1,350 characters, slower to make and to measure)
            options.layout_features = LAYOUT_FEATURES
            options.name_IDs = ["*"]
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[ord(c) for c in chars])
            subsetter.subset(face)
            _square_outlines(face)
            for record in face["name"].names:
                if record.nameID in (1, 16):
                    record.string = name
                elif record.nameID == 4:
                    record.string = f"{name} {style}"
                elif record.nameID == 6:
                    record.string = f"{name}-{style}"
            face.save(str(work / f"measure-{style}.otf"))
        (work / "chars.txt").write_text(text, encoding="utf-8")
        (work / "source.txt").write_text(source, encoding="utf-8")
        try:
            os.rename(work, folder)  # whole or not at all: another process may race
        except OSError:
            shutil.rmtree(work, ignore_errors=True)
    except Exception as error:  # noqa: BLE001 - without the subset, charts draw as before
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        log.warning("charts: no measuring font (%s); drawn with the system's fonts",
                    type(error).__name__)
        return None
    log.info("charts: measuring font of %d characters made in %s", len(chars), folder)
    _remove_unused(cache)
    return chars, folder


def _square_outlines(face) -> None:
    """Every outline of a CFF face made a one-unit square (an empty glyph stays empty),
    its unused subroutines and the vertical tables dropped: advances, kerning, ligatures
    and line metrics, which are what is measured, stay as they are. A TrueType face is
    left whole (still the same widths, measured more slowly)."""
    if "CFF " not in face:
        return
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.subset import cff as _  # noqa: F401 - adds remove_unused_subroutines

    fontset = face["CFF "].cff
    glyphs = fontset.topDictIndex[0].CharStrings
    for name in glyphs.keys():
        glyph = glyphs[name]
        # drawn through its subroutines and accents; a lone point draws no path
        pen = BoundsPen(glyphs, ignoreSinglePoints=True)
        glyph.draw(pen)
        glyph.setProgram([0, 0, "rmoveto", 1, 0, "rlineto", 0, 1, "rlineto", "endchar"]
                         if pen.bounds is not None else ["endchar"])
    fontset.remove_unused_subroutines()
    for tag in VERTICAL_TABLES:
        if tag in face:
            del face[tag]


def _remove_unused(cache: Path) -> None:
    """Measuring fonts no build used for UNUSED_DAYS, and the work folders of processes
    killed while making one (older than an hour)."""
    now = time.time()
    for folder, age in [*((f, UNUSED_DAYS * 86400) for f in cache.glob("measure-*")),
                        *((f, 3600) for f in cache.glob(".measure.*"))]:
        try:
            if now - folder.stat().st_mtime > age:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # removed meanwhile by another build
            continue
