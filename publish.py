"""The portal's command line: build, data, sample, check, serve, publish, nightly, rollback.

Options in, pipeline calls, exit codes out; the work itself lives in `pipeline/`.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_settings  # noqa: E402
from pipeline.errors import ChangeRefused, InputError  # noqa: E402
from pipeline.privacy import PersonalDataFound  # noqa: E402

DEFAULT_DATA = ROOT / "data" / "raw"
SAMPLE_DATA = ROOT / "data" / "sample"
DEFAULT_OUTPUT = ROOT / "output"
DEFAULT_PREVIEW = ROOT / "preview"  # `serve`'s site: with drafts, never published
EXIT_LOCKED = 75


def _data_dir(data: Path | None, quiet: bool = False) -> Path:
    """The inputs: --data, else data/raw/, else the generated sample (made if missing)."""
    if data is not None:
        return data
    if any(p.is_file() and p.name != "README.md" for p in DEFAULT_DATA.rglob("*")):
        return DEFAULT_DATA
    if not SAMPLE_DATA.exists():
        from pipeline.sample import write_sample

        if not quiet:
            click.echo(f"data/raw/ is empty: writing the sample inputs to {SAMPLE_DATA}")
        write_sample(SAMPLE_DATA)
    return SAMPLE_DATA


def _as_of(value: str | None) -> date:
    return date.fromisoformat(value) if value else date.today()


def _build_as_of(value: str | None, data: Path) -> date:
    """--as-of, else today; the generated sample is built for its own last day, so
    that the quick-start site shows its prices fresh."""
    if value is None and data.resolve() == SAMPLE_DATA.resolve():
        from pipeline.sample.draws import END

        return END.astype("datetime64[D]").item()
    return _as_of(value)


@contextmanager
def _lock(target: Path):
    """Hold TARGET's lock for one command; exit 75 at once when another run holds it."""
    from pipeline import release

    try:
        with release.lock(target):
            yield
    except release.Locked as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_LOCKED)


def _fail(error: Exception) -> click.ClickException:
    return click.ClickException(str(error))


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Show progress of every step.")
def cli(verbose: bool) -> None:
    """Build and publish the open-government transparency portal."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        logging.getLogger("pelican").setLevel(logging.ERROR)


@cli.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Input folder (one sub-folder per domain). Default: data/raw/, or the sample.")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_OUTPUT, show_default=True, help="Where the site is written.")
@click.option("--as-of", help="The day the build is for (YYYY-MM-DD). Default: today "
              "(for the generated sample: its last day).")
@click.option("--accept-change", is_flag=True,
              help="Publish even if a headline volume fell below half of the last build.")
@click.option("--relative-urls", is_flag=True,
              help="Relative links, so the site can be opened from disk (file://).")
def build(data: Path | None, output: Path, as_of: str | None, accept_change: bool,
          relative_urls: bool) -> None:
    """Run the pipeline and render the site into OUTPUT (left as it was on failure)."""
    from pipeline.build import build as run_build
    from pipeline.datachecks import DataCheckFailed

    data_dir = _data_dir(data)
    try:
        result = run_build(data_dir, output, load_settings(), _build_as_of(as_of, data_dir),
                           accept_change, relative_urls=relative_urls, reuse=True)
    except (InputError, ChangeRefused, PersonalDataFound, DataCheckFailed) as error:
        raise _fail(error) from None
    quarantined = sum(f["quarantined"] for f in result.manifest["inputs"])
    for warning in result.warnings:
        click.echo(warning)
    click.echo(f"built {result.output} for {result.manifest['as_of']} "
               f"({quarantined} rows quarantined)")
    if relative_urls:
        click.echo(f"open {(result.output / 'index.html').as_uri()} in a browser")
    else:
        click.echo("preview with: .venv/bin/python publish.py serve (http://127.0.0.1:8000/); "
                   "to open the files from disk, build with --relative-urls")


@cli.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Input folder (one sub-folder per domain). Default: data/raw/, or the sample.")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Where the tables are written (replaced only when all went well).")
@click.option("--as-of", help="The day the data is for (YYYY-MM-DD). Default: today.")
@click.option("--accept-change", is_flag=True,
              help="Write even if a headline volume fell below half of the last export.")
def data(data: Path | None, output: Path, as_of: str | None, accept_change: bool) -> None:
    """Run the pipeline and export only: tables, datapackage.json, manifest, quarantine."""
    from pipeline.opendata import publish_data

    try:
        done = publish_data(_data_dir(data), output, load_settings(), _as_of(as_of),
                            accept_change)
    except (InputError, ChangeRefused) as error:
        raise _fail(error) from None
    quarantined = sum(f["quarantined"] for f in done.manifest["inputs"])
    click.echo(f"wrote {len(done.frames)} tables to {output.resolve()} "
               f"({quarantined} rows quarantined)")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=SAMPLE_DATA, show_default=True, help="Folder to write the inputs to.")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Multiplies the record volumes (1 = about 100k cases, 150k calls).")
@click.option("--seed", type=int, default=20240101, show_default=True,
              help="Random seed: the same seed gives the same files.")
@click.option("--format", "form", type=click.Choice(["csv", "parquet"]), default="csv",
              show_default=True, help="File format of the large domains (cases, hotline).")
def sample(out: Path, scale: float, seed: int, form: str) -> None:
    """Write realistic sample inputs for every domain."""
    from pipeline.sample import write_sample

    counts = write_sample(out, scale=scale, seed=seed, form=form)
    for name, rows in sorted(counts.items()):
        click.echo(f"{rows:>8}  {name}")
    click.echo(f"wrote {len(counts)} files to {out}")


@cli.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Input folder. Default: data/raw/, or the sample.")
@click.option("--as-of", help="The day to check for (YYYY-MM-DD). Default: today.")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_OUTPUT, show_default=True,
              help="The last built site: links and live figures are checked against it.")
def check(data: Path | None, as_of: str | None, output: Path) -> None:
    """Validate the inputs and the editors' content without building.

    Content: every missing or malformed front-matter field, unknown section, broken
    link, image without alt text, bad live figure or chart, and personal data, one line
    each (file, line, reason); see docs/editors.md.
    """
    from pipeline import reference
    from pipeline.build import run_pipeline
    from pipeline.content import check_content

    settings = load_settings()
    try:
        con, manifest, quarantine = run_pipeline(_data_dir(data), settings, _as_of(as_of))
        unlisted = reference.unlisted(con)
        untranslated = reference.untranslated(con, manifest["reference_lists"])
        con.close()
        problems = check_content(ROOT / "content", site=output)
    except InputError as error:
        for problem in getattr(error, "problems", [error])[:-1]:
            click.echo(str(problem))
        raise _fail(getattr(error, "problems", [error])[-1]) from None
    for row in quarantine:
        header = row.get("header")
        named = f"{header} → {row['column']}" if header and header != row["column"] \
            else row["column"]
        column = f", column {named}" if row["column"] else ""
        effect = f" ({row['effect']})" if row.get("effect") else ""
        click.echo(f"{row['file']}, line {row['line']}{column}: {row['reason']}{effect}")
    for fallback in manifest.get("value_fallbacks", []):
        click.echo(f"{fallback['file']}, column {fallback['header']} → {fallback['column']}: "
                   f"{fallback['unlisted']} values not in [values.{fallback['column']}] "
                   f"({fallback['unlisted_distinct']} distinct, {fallback['unlisted_became']}), "
                   f"{fallback['emptied']} mapped to empty")
    for problem in problems:
        click.echo(str(problem))
    for item in unlisted:
        click.echo(item.message(manifest["reference_lists"]))
    for line in untranslated:
        click.echo(line)
    click.echo(f"{len(manifest['inputs'])} files checked, {len(quarantine)} problems in rows, "
               f"{len(unlisted)} values not in the reference lists, {len(problems)} in content")
    tested = manifest.get("data_tests", {})  # a failing one stopped run_pipeline above
    click.echo(f"{sum(map(len, tested.values()))} data tests passed on {len(tested)} tables")
    if problems:
        sys.exit(1)


@cli.command(name="map")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--domain", required=True,
              type=click.Choice(["cases", "hotline", "commitments", "prices", "disclosure"]),
              help="The contract the export should feed.")
@click.option("--force", is_flag=True, help="Replace an existing sidecar and draft lists.")
def map_export(file: Path, domain: str, force: bool) -> None:
    """Draft FILE.mapping.toml for a foreign export and preview what would be read."""
    from pipeline.mapper import map_file

    try:
        draft = map_file(file, domain, force)
    except InputError as error:
        raise _fail(error) from None
    for line in draft.preview():
        click.echo(line)
    click.echo(f"wrote {file.name}.mapping.toml: check it, fill in the TODOs, then run check")


@cli.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--output", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_PREVIEW, show_default=True,
              help="The preview's own folder (it shows drafts: never publish it).")
@click.option("--port", type=int, default=8000, show_default=True)
def serve(data: Path | None, output: Path, port: int) -> None:
    """Preview on http://localhost:PORT at once (the last preview build), rebuilding in the
    background when content, theme or data change; drafts are shown, marked as drafts."""
    from pipeline.serve import serve as run_serve

    try:
        run_serve(_data_dir(data), output, load_settings(), port, click.echo)
    except InputError as error:
        raise _fail(error) from None


@cli.command()
@click.option("--target", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder holding releases/ and the `current` link.")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=DEFAULT_OUTPUT, show_default=True, help="The built site to release.")
def publish(target: Path, output: Path) -> None:
    """Release a built site: copy to TARGET/releases/, swap TARGET/current atomically."""
    from pipeline import release

    try:
        with _lock(target):
            release.clean_leftovers(target)
            path = release.publish(output, target, load_settings().keep_releases)
    except (release.ReleaseError, OSError) as error:
        raise _fail(error) from None
    click.echo(f"published {path}")


@cli.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True),
              required=True)
@click.option("--target", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--as-of", help="The day the build is for (YYYY-MM-DD). Default: today.")
@click.option("--accept-change", is_flag=True,
              help="Publish although a volume fell against the last published build.")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the JSON run report. Default: TARGET/reports/<time>.json")
def nightly(data: Path, target: Path, as_of: str | None, accept_change: bool,
            report: Path | None) -> None:
    """Lock, build, verify, publish, archive and report; on failure keep yesterday's site.

    Exit 0 published, 75 another run holds the lock, 1 refused or failed (the report
    names the check and the reason).
    """
    from pipeline import nightly as job
    from pipeline.release import Locked, write_atomic

    started = datetime.now().astimezone()
    try:
        outcome = job.run(data, target, load_settings(), _as_of(as_of), accept_change)
    except Locked as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_LOCKED)
    except OSError as error:  # the target cannot even hold the lock
        outcome = {"status": "refused", "check": "target_not_writable",
                   "error": job.one_line(error)}
    outcome["started"] = started.isoformat(timespec="seconds")
    outcome["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
    path = report or target / "reports" / f"{started:%Y%m%dT%H%M%S}.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(outcome, ensure_ascii=False, indent=1, default=str))
    except OSError as error:
        raise click.ClickException(f"{outcome['status']}: {outcome.get('error', '')} "
                                   f"(no report: {job.one_line(error)})") from None
    click.echo(f"{outcome['status']}: report {path}")
    if outcome["status"] != "published":
        raise click.ClickException(f"{outcome.get('check')}: {outcome.get('error')}")


@cli.command()
@click.option("--target", type=click.Path(path_type=Path, file_okay=False, exists=True),
              required=True)
def rollback(target: Path) -> None:
    """Point TARGET/current back to the release live before it."""
    from pipeline import release

    try:
        path = release.rollback(target)
    except release.ReleaseError as error:
        raise _fail(error) from None
    click.echo(f"current is now {path}")


@cli.command()
@click.option("--target", type=click.Path(path_type=Path, file_okay=False, exists=True),
              required=True)
@click.argument("day")
def restore(target: Path, day: str) -> None:
    """Make the archived site of DAY (YYYY-MM-DD) current again."""
    from pipeline import archive, release

    try:
        with _lock(target):
            path = archive.restore(target, day)
    except release.ReleaseError as error:
        raise _fail(error) from None
    click.echo(f"current is now {path}")


@cli.command()
@click.option("--target", type=click.Path(path_type=Path, file_okay=False, exists=True),
              required=True)
@click.argument("pages", nargs=-1, required=True)
def takedown(target: Path, pages: tuple[str, ...]) -> None:
    """Remove PAGES (e.g. /affairs/notices/x.html) from current and every archive.

    Remove the source from content/ too, so that the next nightly builds without it.
    """
    from pipeline import archive, release

    with _lock(target):  # not while a nightly swaps or prunes releases
        for page in pages:
            try:
                removed = archive.takedown(target, page)
            except release.ReleaseError as error:
                raise _fail(error) from None
            click.echo(f"{page}: {len(removed)} files removed")


if __name__ == "__main__":
    cli()
