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


def test_a_preview_with_drafts_is_never_published(tmp_path):
    site = fake_site(tmp_path / "site", "v1")
    (site / "drafts" / "affairs" / "notices").mkdir(parents=True)
    (site / "drafts" / "affairs" / "notices" / "d.html").write_text("草稿", encoding="utf-8")
    result = run("publish", "--target", tmp_path / "t", "--output", site)
    assert result.exit_code != 0 and "drafts" in result.output
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


def test_the_release_id_covers_the_whole_tree(tmp_path):
    from pipeline.release import release_id

    site = fake_site(tmp_path / "site", "v1")
    first = release_id(site)
    assert release_id(fake_site(tmp_path / "same", "v1")) == first
    (site / "affairs").mkdir()
    (site / "affairs" / "notice.html").write_text("a notice", encoding="utf-8")
    with_page = release_id(site)
    assert with_page != first  # the manifest did not change, the site did
    (site / "affairs" / "notice.html").unlink()
    assert release_id(site) == first


def test_releases_are_readable_by_the_web_server_whatever_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        site = fake_site(tmp_path / "site", "v1")
        target = tmp_path / "target"
        assert run("publish", "--target", target, "--output", site).exit_code == 0
    finally:
        os.umask(old)
    release = (target / "current").resolve()
    for path in [target, target / "releases", *release.rglob("*"), release]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
    assert (target / "history.txt").stat().st_mode & 0o777 == 0o644


def publish_many(tmp_path, target, count, keep=5):
    from pipeline.release import publish as publish_site

    for n in range(count):
        publish_site(fake_site(tmp_path / f"site{n}", f"v{n}"), target, keep)


def live_marker(target):
    return (target / "current" / "index.html").read_text(encoding="utf-8")


def test_a_kill_between_history_and_swap_never_confuses_rollback(tmp_path, monkeypatch):
    from pipeline import release

    target = tmp_path / "target"
    publish_many(tmp_path, target, 3)  # v0, v1, v2 live in turn

    def killed(*args):
        raise KeyboardInterrupt  # the process dies right after writing the history

    monkeypatch.setattr(release, "_swap_current", killed)
    try:
        release.publish(fake_site(tmp_path / "site3", "v3"), target, 5)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    assert live_marker(target) == "v2"
    assert "v3" not in [(target / "releases" / i / "index.html").read_text()
                        for i in release.history(target)]
    release.rollback(target)
    assert live_marker(target) == "v1"  # the release live before v2, not the unborn v3
    release.publish(fake_site(tmp_path / "site4", "v4"), target, 5)
    release.rollback(target)
    assert live_marker(target) == "v1"


def test_a_kill_inside_rollback_still_rolls_back_once(tmp_path, monkeypatch):
    from pipeline import release

    target = tmp_path / "target"
    publish_many(tmp_path, target, 3)

    def killed(*args):
        raise KeyboardInterrupt  # dies after the swap, before the history is written

    monkeypatch.setattr(release, "write_atomic", killed)
    try:
        release.rollback(target)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    assert live_marker(target) == "v1"
    release.rollback(target)
    assert live_marker(target) == "v0"


def test_pruning_keeps_the_live_and_the_previous_release(tmp_path):
    from pipeline import release

    target = tmp_path / "target"
    publish_many(tmp_path, target, 4, keep=1)
    assert len(list((target / "releases").iterdir())) == 2
    release.rollback(target)
    assert live_marker(target) == "v2"
    assert release.history(target)[-1] == release.live(target)


def test_leftovers_of_killed_runs_are_removed(tmp_path):
    from pipeline.release import clean_leftovers

    target = tmp_path / "target"
    publish_many(tmp_path, target, 1)
    partial = target / "releases" / ".abc.partial"
    trash = target / "releases" / ".def.trash"
    staging = target / "work" / ".site.x1y2"
    for folder in (partial, trash, staging):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "f.html").write_text("x", encoding="utf-8")
    removed = clean_leftovers(target)
    assert {p.name for p in removed} == {".abc.partial", ".def.trash", ".site.x1y2"}
    assert not partial.exists() and not trash.exists() and not staging.exists()
    assert live_marker(target) == "v0"


def test_archives_are_dated_listed_pruned_and_keep_their_release(tmp_path):
    from datetime import date

    from pipeline import archive, release

    target = tmp_path / "target"
    days = [date(2026, 1, 1), date(2026, 1, 20), date(2026, 2, 5)]
    for n, day in enumerate(days):
        new = release.install(fake_site(tmp_path / f"s{n}", f"v{n}"), target)
        release.go_live(target, new)
        archive.add(target, new, day, keep_days=30)
        release.prune(target, 1, archive.shown(target))
    # 2026-01-01 is more than 30 days before 2026-02-05: its snapshot is gone
    assert sorted(archive.snapshots(target)) == ["2026-01-20", "2026-02-05"]
    assert (target / "archive" / "2026-01-20" / "index.html").read_text() == "v1"
    listing = (target / "archive" / "index.html").read_text(encoding="utf-8")
    assert 'href="/archive/2026-02-05/"' in listing and "网站历史版本" in listing
    assert "2026-01-01" not in listing
    assert len(list((target / "releases").iterdir())) == 2


def test_an_archive_is_restored_and_rolled_back_from(tmp_path):
    from datetime import date

    from pipeline import archive, release

    target = tmp_path / "target"
    for n, day in enumerate([date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)]):
        new = release.install(fake_site(tmp_path / f"s{n}", f"v{n}"), target)
        release.go_live(target, new)
        archive.add(target, new, day, keep_days=30)
    result = run("restore", "--target", target, "2026-01-01")
    assert result.exit_code == 0, result.output
    assert (target / "current" / "index.html").read_text() == "v0"
    assert run("rollback", "--target", target).exit_code == 0
    assert (target / "current" / "index.html").read_text() == "v2"
    assert run("restore", "--target", target, "2025-12-31").exit_code != 0


def test_the_shipped_deployment_serves_what_the_job_writes():
    from tests.conftest import ROOT

    unit = (ROOT / "deploy" / "portal-nightly.service").read_text(encoding="utf-8")
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "UMask=0022" in unit and "User=portal" in unit and "SuccessExitStatus=75" in unit
    assert "--target /srv/portal" in unit
    assert "root /srv/portal/current;" in nginx
    assert "alias /srv/portal/archive/$day/$rest;" in nginx
