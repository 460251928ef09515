"""Releases: atomic swap of `current`, rollback, pruning, the lock, the nightly report."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

import publish
from tests.conftest import AS_OF


def fake_site(root: Path, marker: str) -> Path:
    for name in ("index.html", "en/index.html", "data/datapackage.json"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(marker, encoding="utf-8")
    (root / "data" / "manifest.json").write_text(json.dumps({"m": marker}), encoding="utf-8")
    return root


def run(*args):
    return CliRunner().invoke(publish.cli, [str(a) for a in args], catch_exceptions=False)


def test_publish_swaps_current_and_rollback_returns(tmp_path):
    target = tmp_path / "target"
    for n in range(7):
        site = fake_site(tmp_path / f"site{n}", f"v{n}")
        assert run("publish", "--target", target, "--output", site).exit_code == 0
        assert (target / "current" / "index.html").read_text() == f"v{n}"
        assert (target / "current").is_symlink()
    assert len(list((target / "releases").iterdir())) == 5  # the last 5 kept
    assert run("rollback", "--target", target).exit_code == 0
    assert (target / "current" / "index.html").read_text() == "v5"


def test_an_incomplete_site_is_not_published(tmp_path):
    site = fake_site(tmp_path / "site", "v1")
    (site / "en" / "index.html").unlink()
    result = run("publish", "--target", tmp_path / "t", "--output", site)
    assert result.exit_code != 0 and "en/index.html" in result.output
    assert not (tmp_path / "t" / "current").exists()


def test_a_second_run_exits_75_while_the_lock_is_held(tmp_path, good_data):
    from pipeline.release import lock

    target = tmp_path / "target"
    with lock(target):
        result = run("nightly", "--data", good_data, "--target", target)
    assert result.exit_code == 75


def test_nightly_publishes_then_refuses_bad_input_and_keeps_the_site(tmp_path, good_data):
    target = tmp_path / "target"
    report = tmp_path / "report.json"
    result = run("nightly", "--data", good_data, "--target", target, "--as-of", AS_OF,
                 "--report", report)
    assert result.exit_code == 0, result.output
    first = json.loads(report.read_text(encoding="utf-8"))
    assert first["status"] == "published"
    assert first["manifest"]["volumes"]["cases"] == 6
    live = os.readlink(target / "current")
    (good_data / "cases" / "cases.csv").write_text("case_id,source\nX,complaint\n")
    result = run("nightly", "--data", good_data, "--target", target, "--as-of", AS_OF,
                 "--report", report)
    assert result.exit_code != 0
    second = json.loads(report.read_text(encoding="utf-8"))
    assert second["status"] == "refused"
    assert "cases/cases.csv" in second["error"] and "received_at" in second["error"]
    assert os.readlink(target / "current") == live
    assert (target / "current" / "index.html").is_file()
