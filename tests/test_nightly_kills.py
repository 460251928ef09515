"""kill -9 at random moments of the nightly build and of publishing: `current` always
serves a whole release, the history always rolls back to the release live before, and the
next run removes what the killed one left (staging folders, `.partial` copies).

Slow: every kill is a real process running the real nightly on the tiny fixture. The
moments are drawn from a seeded generator (the machine's speed still moves them).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import AS_OF, ROOT

pytestmark = pytest.mark.slow

SEED = 20261202
KEEP = 5  # portal.toml [release] keep


def start(*args: str, tmp: Path | None = None) -> subprocess.Popen:
    # a session of its own, so that the kill reaches Pagefind too; `tmp`: its TMPDIR
    env = {**os.environ, "TMPDIR": str(tmp)} if tmp else None
    return subprocess.Popen([sys.executable, str(ROOT / "publish.py"), *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)


def kill_after(process: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the run (and its children) after `seconds`; False if it ended before."""
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


class Killer:
    """Kills runs at random moments within the shortest whole run seen so far."""

    def __init__(self, seed: int, duration: float) -> None:
        self.rng, self.duration, self.kills = random.Random(seed), duration, 0

    def run(self, process: subprocess.Popen) -> None:
        began = time.monotonic()
        if kill_after(process, self.rng.uniform(0.05, 0.95) * self.duration):
            self.kills += 1
        else:
            self.duration = min(self.duration, time.monotonic() - began)


def assert_whole(target: Path, lives: list[str]) -> None:
    """`current` is a whole release, the history ends with it, and the release live
    before it is still on disk."""
    from pipeline import release

    live = release.live(target)
    release.verify(target / "current")
    assert live in (lives[-1], None) or live not in lives, live
    history = release.history(target)
    assert history[-1] == live
    for name in (p.name for p in (target / "releases").iterdir()
                 if not p.name.startswith(".")):
        release.verify(target / "releases" / name)
    if len(lives) > 1 and live == lives[-1]:
        assert history[-2] == lives[-2]


def observe(target: Path, lives: list[str]) -> None:
    from pipeline import release

    live = release.live(target)
    if live != lives[-1]:
        lives.append(live)


def nightly_args(data: Path, target: Path, tmp: Path) -> list[str]:
    return ["nightly", "--data", str(data), "--target", str(target), "--as-of",
            AS_OF.isoformat(), "--report", str(tmp / "report.json")]


def test_kills_during_the_nightly(tmp_path, good_data):
    from pipeline import release

    target = tmp_path / "target"
    scratch = tmp_path / "tmp"  # the runs' temporary folders, DuckDB's spill among them
    scratch.mkdir()
    began = time.monotonic()
    assert start(*nightly_args(good_data, target, tmp_path), tmp=scratch).wait() == 0
    duration = time.monotonic() - began
    lives = [release.live(target)]
    commitments = good_data / "commitments" / "commitments.csv"
    original = commitments.read_text(encoding="utf-8")
    title = original.splitlines()[1].split(",")[5]
    killer = Killer(SEED, duration)
    for night in range(30):
        # a new title each night: a new site, hence a new release to publish
        commitments.write_text(original.replace(title, f"{title}{night}", 1), "utf-8")
        killer.run(start(*nightly_args(good_data, target, tmp_path), tmp=scratch))
        assert_whole(target, lives)
        observe(target, lives)
        if killer.kills == 10:
            break
    assert killer.kills == 10
    # a killed run leaves its spill folder (its atexit never ran): a later run removes it
    # once nothing was written in it for ten minutes (here: made to look an hour old)
    left = list(scratch.glob("portal-duckdb-*"))
    hour_ago = time.time() - 3600
    for path in (p for folder in left for p in (*folder.iterdir(), folder)):
        os.utime(path, (hour_ago, hour_ago))
    assert start(*nightly_args(good_data, target, tmp_path), tmp=scratch).wait() == 0
    assert not list(scratch.glob("portal-duckdb-*"))
    observe(target, lives)
    assert_whole(target, lives)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["status"] == "published"
    assert not (target / "work").exists()
    assert not [p for p in (target / "releases").iterdir() if p.name.startswith(".")]
    assert not [p for p in (target / "releases").iterdir() if p.name.startswith(".")]
    assert len(list((target / "releases").iterdir())) <= KEEP
    release.rollback(target)
    assert release.live(target) == lives[-2]


def big_site(root: Path, marker: str, pages: int = 1500) -> Path:
    for name in ("index.html", "en/index.html", "data/datapackage.json"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(marker, encoding="utf-8")
    (root / "data" / "manifest.json").write_text(json.dumps({"m": marker}), "utf-8")
    (root / "pages").mkdir()
    for n in range(pages):
        (root / "pages" / f"{n}.html").write_text(f"{marker} {n} " * 50, encoding="utf-8")
    return root


def test_kills_during_publish(tmp_path):
    from pipeline import release

    target = tmp_path / "target"
    began = time.monotonic()
    assert start("publish", "--target", str(target), "--output",
                 str(big_site(tmp_path / "s0", "v0"))).wait() == 0
    duration = time.monotonic() - began
    lives = [release.live(target)]
    killer = Killer(SEED + 1, duration)
    for n in range(1, 31):
        site = big_site(tmp_path / f"s{n}", f"v{n}")
        killer.run(start("publish", "--target", str(target), "--output", str(site)))
        assert_whole(target, lives)
        observe(target, lives)
        if killer.kills == 10:
            break
    assert killer.kills == 10
    assert start("publish", "--target", str(target), "--output",
                 str(big_site(tmp_path / "last", "last"))).wait() == 0
    observe(target, lives)
    assert_whole(target, lives)
    assert len(list((target / "releases").iterdir())) <= KEEP
    release.rollback(target)
    assert release.live(target) == lives[-2]
