"""Personal-data detection and the whole-site scan: the backstop run before publishing.

Staging already drops personal columns; this module checks what would actually go out
(HTML, data files, chart SVGs, the gzip'd Pagefind index, editors' attachments) with every
registered detector (`DETECTORS`: the Chinese forms of `pipeline.detectors`; another
module's detector plugs in with one `register(...)` line). It reports file, line, kind and
count only, never a matched value, so its results can go into logs, run reports and
exception messages.

Speed: the scan is a full backstop over every output byte, but detectors only look at
candidate windows: a run of characters that can be part of a value (digits, letters,
separators, in any width) around ten digits, an `@` or a province followed by a letter.
Only those windows are NFKC-normalized. A table's CSV and JSON copies are skipped when
their checksums prove them the files the export wrote with its Parquet file, whose header
and distinct values per column are scanned.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import accumulate
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import unquote

from pipeline import attachments
from pipeline.detectors import find_chinese, normalize, window_spans
from pipeline.detectors_intl import find_international
from pipeline.errors import InputError

log = logging.getLogger(__name__)

#: allow(file, kind, value) -> True drops that hit: for public values such as the
#: government hotline's landline, or for vendored files. `value` is canonical: separators
#: removed and upper case ("03517654321", "粤BD12345"), a mobile's last 11 digits, an
#: e-mail in lower case. The value goes to the callable only, never to a log or a Finding.
Allow = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class Detector:
    """find(normalized text) -> [(kind, start, end)]; `min_digits`: the fewest digits a
    value of its kinds holds (windows with fewer, and no `@` or province, are skipped)."""

    find: Callable[[str], Iterable[tuple[str, int, int]]]
    min_digits: int = 10


#: In priority order: where two detectors claim the same characters, the first one counts.
#: The international forms (phones, coordinates, street addresses) hold as few as one digit
#: ("9 Elm St"), but a street word must follow: windows open on three digits and more, so
#: house numbers below 100 are left to the reference lists, which check every value whole.
DETECTORS: list[Detector] = [Detector(find_chinese, min_digits=10),
                             Detector(find_international, min_digits=3)]


def register(find: Callable[[str], Iterable[tuple[str, int, int]]],
             min_digits: int = 10) -> None:
    """Add a detector, e.g. `register(detectors_intl.find_international, min_digits=6)`."""
    DETECTORS.append(Detector(find, min_digits))


@dataclass(frozen=True)
class Hit:
    """One detected value: its kind and span in the *normalized* text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """How many values of one kind one file holds; the values themselves are not kept.

    `line` is the first line holding one (text files); `source` the editors' file the
    output file was copied from (content/...), when there is one.
    """

    file: str
    kind: str
    count: int
    line: int | None = field(default=None, compare=False)
    source: str | None = field(default=None, compare=False)

    def where(self) -> str:
        where = self.source or self.file
        return where if self.line is None else f"{where}, line {self.line}"


class PersonalDataFound(Exception):
    """The built site holds personal data; publishing must stop."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__(str(self))

    def __str__(self) -> str:
        by_file: dict[str, list[str]] = {}
        for finding in self.findings:
            by_file.setdefault(finding.where(), []).append(f"{finding.kind}: {finding.count}")
        shown = list(by_file.items())[:_SHOWN_FILES]
        where = "; ".join(f"{file} ({', '.join(kinds)})" for file, kinds in shown)
        more = len(by_file) - len(shown)
        where += f"; and {more} more file(s), listed in the log" if more else ""
        return f"personal data found in {len(by_file)} file(s): {where}"


def find_personal_data(text: str) -> list[Hit]:
    """Every personal value in `text`, with offsets into `normalize(text)`."""
    return _find(normalize(text))


def _find(normalized: str) -> list[Hit]:
    starts: list[int] = []
    kept: dict[int, Hit] = {}
    for detector in DETECTORS:
        for kind, start, end in detector.find(normalized):
            # Kept spans never overlap, so only the one starting last before `end` can clash.
            before = bisect_left(starts, end) - 1
            if (before >= 0 and kept[starts[before]].end > start) or start in kept:
                continue
            insort(starts, start)
            kept[start] = Hit(kind, start, end)
    return [kept[start] for start in starts]


_SHOWN_FILES = 8  # an error stays one readable line; the log lists every file
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# (a literal first: the engine skips to each "%"; as "(?:%XX)+" it tried every position)
_URL_ESCAPES = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*")
_PUNCTUATION = re.compile(r"[\s\-().+·/]")
_JOIN = "\0"  # between windows searched as one text: no detector takes it
_MARKUP = re.compile(r"<[^>]*>|[*`~]|(?<=[0-9])_+(?=[0-9])")


def _unescape(text: str) -> str:
    # JSON exports escape Chinese as \uXXXX, which would glue a number to hex letters.
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(_json_char, text)
    text = html.unescape(text)
    if "%" in text:  # "93.85%" is common, a URL escape rare: decode only the escapes
        text = _URL_ESCAPES.sub(_url_chars, text)
    return text


def _url_chars(match: re.Match[str]) -> str:
    return unquote(match.group(), errors="replace")


def _json_char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)


class _CleanWindows:
    """Windows (as written) known to hold no value. What the detectors find in a window
    depends on its text alone (each window is searched as if alone, see `_windows`), and a
    site repeats the same few windows (a date, "500g", a count) millions of times: about
    3% of the windows of the sample site are distinct. Emptied when the detectors change."""

    LONGEST, MOST = 256, 2_000_000  # a long or rare window is searched again, not kept

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.detectors: tuple[Detector, ...] = ()

    def current(self) -> set[str]:
        detectors = tuple(DETECTORS)
        if detectors != self.detectors or len(self.known) > self.MOST:
            self.known, self.detectors = set(), detectors
        return self.known


_CLEAN = _CleanWindows()


def _windows(text: str) -> Iterator[tuple[int, str, list[Hit]]]:
    """(offset in `text`, normalized window, hits) for every window holding a value.

    The windows are joined with a NUL between them and normalized and searched as one
    text: one pass of each detector per file instead of one per window. No detector's
    pattern takes a NUL (nor does NFKC join it to a neighbour), so each window reads
    exactly as it would alone: a NUL looks like the start or end of the text to every
    look-around, as it is neither a digit, a letter, a separator nor a space. Windows
    already found clean (in this process) are not searched again.
    """
    clean = _CLEAN.current()
    spans = [(start, end) for start, end in
             window_spans(text, min(d.min_digits for d in DETECTORS))
             if text[start:end] not in clean]
    if not spans:
        return
    written = [text[start:end] for start, end in spans]
    joined = normalize(_JOIN.join(written))
    hits = _find(joined)
    windows = joined.split(_JOIN)
    starts = list(accumulate((len(w) + 1 for w in windows[:-1]), initial=0))
    by_window: dict[int, list[Hit]] = {}
    for hit in hits:
        number = bisect_right(starts, hit.start) - 1
        offset = starts[number]
        by_window.setdefault(number, []).append(
            Hit(hit.kind, hit.start - offset, hit.end - offset))
    clean.update(w for number, w in enumerate(written)
                 if number not in by_window and len(w) <= _CleanWindows.LONGEST)
    for number, found in by_window.items():
        yield spans[number][0], windows[number], found


def scan_text(text: str) -> dict[str, int]:
    """Count personal values per kind, after decoding JSON, HTML and URL escapes."""
    counts = Counter(hit.kind for _, _, hits in _windows(_unescape(text)) for hit in hits)
    return dict(sorted(counts.items()))


def redact(text: str) -> str:
    """`text` with every personal value replaced by its kind, e.g. for a log line."""
    parts, last = [], 0
    normalized = normalize(text)
    for hit in _find(normalized):
        parts += [normalized[last:hit.start], f"<{hit.kind}>"]
        last = hit.end
    return "".join(parts) + normalized[last:] if parts else text


def _canonical(kind: str, value: str) -> str:
    if kind == "email":
        return value.lower()
    compact = _PUNCTUATION.sub("", value).upper()
    return compact[-11:] if kind == "mobile" else compact


def count_values(text: str, name: str, allow: Allow | None = None
                 ) -> tuple[Counter[str], tuple[int, int] | None]:
    """Counts per kind in one text of file `name`, and the line and column (1-based;
    the column counted in normalized characters) of the first counted hit."""
    counts: Counter[str] = Counter()
    first: tuple[int, int] | None = None
    text = _unescape(text)
    for offset, normalized, hits in _windows(text):
        for hit in hits:
            value = _canonical(hit.kind, normalized[hit.start:hit.end])
            if allow is None or not allow(name, hit.kind, value):
                counts[hit.kind] += 1
                if first is None:
                    line_start = text.rfind("\n", 0, offset) + 1
                    first = (text.count("\n", 0, offset) + 1,
                             offset + hit.start - line_start + 1)
    return counts, first


def fingerprint(data_dir: Path) -> dict[str, str]:
    """sha256 of each table's CSV and JSON copy, taken right after the export wrote them
    from the same frame as the table's Parquet file (`data/<name>.parquet`, whose header
    and distinct cell values are scanned), and of the table's parts
    (`data/<name>/<key>.csv`): the scan skips a copy whose bytes are unchanged. Keys are
    paths relative to the site."""
    copies = {}
    for path in sorted(data_dir.glob("*.parquet")):
        # the table's parts, one CSV per key value (export.PARTS), are its rows too
        parts = sorted(path.with_suffix("").glob("*.csv"))
        for copy in [path.with_suffix(".csv"), path.with_suffix(".json"), *parts]:
            if copy.is_file():
                name = copy.relative_to(data_dir.parent).as_posix()
                copies[name] = hashlib.sha256(copy.read_bytes()).hexdigest()
    return copies


def scan_tree(root: Path, *, allow: Allow | None = None,
              copies: dict[str, str] | None = None,
              content: Path | None = None, workers: int = 1,
              only: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> list[Finding]:
    """Scan every file under `root` (a built site); one Finding per file and kind.

    Text files are read as UTF-8; Parquet column by column; gzip and zip are opened; PDF,
    DOCX, XLSX and image metadata are read by `pipeline.attachments`. Fonts and WebAssembly
    are skipped. `copies` (from `fingerprint`) names unchanged copies of a scanned table.
    Attachments (under `attachments.ATTACHMENT_DIRS`) must be of an allowed type and fully
    readable, or reviewed by an editor in `content`; otherwise InputError, as for any file
    that cannot be opened. `workers` > 1 shares a large site's text files out to that many
    processes in all (the same findings, in the same order). `only` and `skip` are path
    prefixes that narrow the scan (a part of the site still being written is left out).
    """
    if not root.is_dir():
        raise InputError(str(root), "the site to scan is not a directory")
    paths = sorted(p for p in root.rglob("*") if p.is_file()
                   and _wanted(p.relative_to(root).as_posix(), only, skip))
    shares = _shares(root, paths, workers)
    if len(shares) > 1:  # the character classes, made once here for every process
        list(window_spans("", min(d.min_digits for d in DETECTORS)))
        normalize("")
    with ProcessPoolExecutor(len(shares) - 1, mp_context=get_context("fork")) \
            if len(shares) > 1 else nullcontext() as pool:
        # the other processes get text files only; this one keeps Parquet and attachments
        # (their readers' thread pools are not for forked processes)
        others = [pool.submit(_scan_paths, root, share, allow, copies, content)
                  for share in shares[1:]] if pool else []
        results = [_scan_paths(root, shares[0], allow, copies, content)]
        results += [other.result() for other in others]
    errors = [result.error for result in results if result.error]
    if errors:
        raise InputError(*min(errors))  # the first file in order, as one process finds it
    order = {path: number for number, path in enumerate(paths)}
    findings = [finding for _, finding in sorted(
        (pair for result in results for pair in result.findings),
        key=lambda pair: order[root / pair[0]])]
    for finding in findings:
        log.warning("personal data: %s holds %d %s value(s)", finding.source or finding.file,
                    finding.count, finding.kind)
    log.info("privacy scan of %s: %d finding(s), %d verified table copies skipped",
             root, len(findings), sum(result.skipped for result in results))
    return findings


def _wanted(name: str, only: tuple[str, ...] | None, skip: tuple[str, ...]) -> bool:
    return (only is None or name.startswith(only)) and not (skip and name.startswith(skip))


@dataclass
class _Scanned:
    """One process's share: (name, finding) pairs, copies skipped, the first error as
    (file, reason, line, column) (InputError itself does not travel between processes)."""

    findings: list[tuple[str, Finding]] = field(default_factory=list)
    skipped: int = 0
    error: tuple | None = None


_TEXT = frozenset({".html", ".json", ".csv", ".svg", ".xml", ".atom", ".js", ".css", ".txt",
                   ".sql", ".yml", ".md", ".pf_fragment", ".pf_index", ".pf_meta"})
# below this a second process costs more than it saves (Pagefind's bundles of the
# sample, about 6 MB of text: 0.75 s in one process, 0.47 s in two)
_PARALLEL_BYTES = 4 << 20
# gzip'd text (Pagefind's bundles): scanned as about three times its bytes
_PACKED, _UNPACKED = frozenset({".gz", ".pf_fragment", ".pf_index", ".pf_meta"}), 3


def _shares(root: Path, paths: list[Path], workers: int) -> list[list[Path]]:
    """`workers` lists of paths of about equal text to scan; the first holds every file
    that is not plain text (or gzip'd text) outside the attachments."""
    if workers <= 1:
        return [paths]
    sizes = {path: path.stat().st_size * (_UNPACKED if path.suffix in _PACKED else 1)
             for path in paths}  # the text to scan
    if sum(sizes.values()) < _PARALLEL_BYTES:
        return [paths]
    shares: list[list[Path]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for path in sorted(paths, key=sizes.__getitem__, reverse=True):
        name = path.relative_to(root).as_posix()
        text = path.suffix in _TEXT and not attachments.is_attachment(name)
        number = min(range(workers), key=loads.__getitem__) if text else 0
        shares[number].append(path)
        loads[number] += sizes[path]
    return [sorted(share) for share in shares]


def _scan_paths(root: Path, paths: list[Path], allow: Allow | None,
                copies: dict[str, str] | None, content: Path | None) -> _Scanned:
    marks = attachments.reviewed(content) if content is not None else {}
    result = _Scanned()
    for path in paths:
        name = path.relative_to(root).as_posix()
        try:
            found = _scan_file(path, name, allow, copies, content, marks)
        except InputError as error:
            result.error = (error.file, error.reason, error.line, error.column)
            return result
        if found is None:
            result.skipped += 1
        result.findings += [(name, finding) for finding in found or []]
    return result


def _scan_file(path: Path, name: str, allow: Allow | None, copies: dict[str, str] | None,
               content: Path | None, marks: dict) -> list[Finding] | None:
    """The findings of one file; None for a verified table copy (not read)."""
    attachment = attachments.is_attachment(name)
    if not attachment and attachments.skipped(name):
        return []
    data = path.read_bytes()
    shown, counts = _scan_name(name)
    if not counts and copies and copies.get(name) == hashlib.sha256(data).hexdigest():
        return None
    source = None
    if content is not None and (content / name).is_file():
        source = f"{content.name}/{name}"
    first: int | None = None
    extracted = attachments.extract(data, shown, attachment=attachment)
    if attachment:
        attachments.check_readable(extracted, name, source or shown, data, marks)
    for _, text in extracted.texts:
        found, line = count_values(text, shown, allow)
        counts.update(found)
        if first is None and line is not None and len(extracted.texts) == 1:
            first = line[0]
    return [Finding(shown, kind, count, first, source) for kind, count in sorted(counts.items())]


def assert_clean(root: Path, *, allow: Allow | None = None,
                 copies: dict[str, str] | None = None, content: Path | None = None,
                 workers: int = 1, only: tuple[str, ...] | None = None,
                 skip: tuple[str, ...] = ()) -> None:
    """Raise PersonalDataFound when scan_tree finds anything under `root`."""
    findings = scan_tree(root, allow=allow, copies=copies, content=content, workers=workers,
                         only=only, skip=skip)
    if findings:
        raise PersonalDataFound(findings)


def _scan_name(name: str) -> tuple[str, Counter[str]]:
    """A file's own path can leak (a page slug made of a phone number): count and mask it."""
    normalized = normalize(name)
    hits = _find(normalized)
    if not hits:
        return name, Counter()
    masked = list(normalized)
    for hit in hits:
        masked[hit.start:hit.end] = "*" * (hit.end - hit.start)
    return "".join(masked), Counter(hit.kind for hit in hits)


def check_content(content: Path, *, allow: Allow | None = None) -> list[InputError]:
    """Personal data in the editors' files, named by source file and line: every Markdown
    line, and every attachment (type allowed, fully readable or reviewed, no values)."""
    marked = attachments.reviewed(content)
    problems = []
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        name = path.relative_to(content).as_posix()
        source = f"{content.name}/{name}"
        try:
            if path.suffix == ".md":
                texts = [(None, _without_markup(line))
                         for line in path.read_text(encoding="utf-8").split("\n")]
            else:
                data = path.read_bytes()
                extracted = attachments.extract(data, source, attachment=True)
                attachments.check_readable(extracted, name, source, data, marked)
                texts = extracted.texts
        except InputError as error:
            problems.append(error)
            continue
        for number, (where, text) in enumerate(texts, start=1):
            counts, first = count_values(text, source, allow)
            if not counts or first is None:
                continue
            kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
            line, column = first
            if path.suffix == ".md":
                place = {"line": number, "column": str(column)}
            elif len(texts) == 1 or (where or "").startswith("page"):
                place = {"line": line}
            else:
                place = {}
            reason = (f"{where + ': ' if where else ''}looks like personal data ({kinds}); "
                      "remove it before publishing")
            problems.append(InputError(source, reason, **place))
    return problems


def _without_markup(line: str) -> str:
    """A Markdown line as a reader sees it: emphasis, code marks and inline tags inside a
    number ("139*1234*5678", "139<b>1234</b>5678") would otherwise split it."""
    return _MARKUP.sub("", line)


def assert_content_clean(content: Path, *, allow: Allow | None = None) -> None:
    """Raise the first of check_content's problems (one line; the others are logged)."""
    problems = check_content(content, allow=allow)
    for problem in problems:
        log.warning("editors' content: %s", problem)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(first.file, first.reason + more, line=first.line,
                         column=first.column)
