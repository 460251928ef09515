"""The portal's command line: build, sample, check, serve, publish, nightly, rollback.

Options in, pipeline calls, exit codes out; the work itself lives in `pipeline/`.
"""

from __future__ import annotations

import json
import logging
import sys
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
@click.option("--as-of", help="The day the build is for (YYYY-MM-DD). Default: today.")
@click.option("--accept-change", is_flag=True,
              help="Publish even if a headline volume fell below half of the last build.")
def build(data: Path | None, output: Path, as_of: str | None, accept_change: bool) -> None:
    """Run the pipeline and render the site into OUTPUT (left as it was on failure)."""
    from pipeline.build import build as run_build

    try:
        result = run_build(_data_dir(data), output, load_settings(), _as_of(as_of),
                           accept_change)
    except (InputError, ChangeRefused, PersonalDataFound) as error:
        raise _fail(error) from None
    quarantined = sum(f["quarantined"] for f in result.manifest["inputs"])
    click.echo(f"built {result.output} ({quarantined} rows quarantined); "
               f"open {result.output / 'index.html'}")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=SAMPLE_DATA, show_default=True, help="Folder to write the inputs to.")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Multiplies the record volumes (1 = about 100k cases, 150k calls).")
@click.option("--seed", type=int, default=20240101, show_default=True,
              help="Random seed: the same seed gives the same files.")
def sample(out: Path, scale: float, seed: int) -> None:
    """Write realistic sample inputs for every domain."""
    from pipeline.sample import write_sample

    counts = write_sample(out, scale=scale, seed=seed)
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
    from pipeline.build import run_pipeline
    from pipeline.content import check_content

    settings = load_settings()
    try:
        con, manifest, quarantine = run_pipeline(_data_dir(data), settings, _as_of(as_of))
        con.close()
        problems = check_content(ROOT / "content", site=output)
    except InputError as error:
        raise _fail(error) from None
    for row in quarantine:
        column = f", column {row['column']}" if row["column"] else ""
        click.echo(f"{row['file']}, line {row['line']}{column}: {row['reason']}")
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{len(manifest['inputs'])} files checked, {len(quarantine)} problems in rows, "
               f"{len(problems)} in content")
    tested = manifest.get("data_tests", {})  # a failing one stopped run_pipeline above
    click.echo(f"{sum(map(len, tested.values()))} data tests passed on {len(tested)} tables")
    if problems:
        sys.exit(1)


@cli.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--output", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_OUTPUT, show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(data: Path | None, output: Path, port: int) -> None:
    """Build, then preview on http://localhost:PORT, rebuilding when content changes."""
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
        path = release.publish(output, target, load_settings().keep_releases)
    except release.ReleaseError as error:
        raise _fail(error) from None
    click.echo(f"published {path}")


@cli.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True),
              required=True)
@click.option("--target", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--as-of", help="The day the build is for (YYYY-MM-DD). Default: today.")
@click.option("--accept-change", is_flag=True)
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the JSON run report. Default: TARGET/reports/<time>.json")
def nightly(data: Path, target: Path, as_of: str | None, accept_change: bool,
            report: Path | None) -> None:
    """Lock, build, verify, publish and report; on failure keep yesterday's site."""
    from pipeline import release

    started = datetime.now().astimezone()
    try:
        outcome = release.nightly(data, target, load_settings(), _as_of(as_of), accept_change)
    except release.Locked as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_LOCKED)
    outcome["started"] = started.isoformat(timespec="seconds")
    outcome["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
    path = report or target / "reports" / f"{started:%Y%m%dT%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(outcome, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"{outcome['status']}: report {path}")
    if outcome["status"] != "published":
        raise click.ClickException(outcome.get("error", "not published"))


@cli.command()
@click.option("--target", type=click.Path(path_type=Path, file_okay=False, exists=True),
              required=True)
def rollback(target: Path) -> None:
    """Point TARGET/current back to the release before it."""
    from pipeline import release

    try:
        path = release.rollback(target)
    except release.ReleaseError as error:
        raise _fail(error) from None
    click.echo(f"current is now {path}")


if __name__ == "__main__":
    cli()
