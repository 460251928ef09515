"""What an editor meets: `check` names every planted mistake with its file and line, `build`
refuses the same with the same lines, drafts never reach the site, history comes from git.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import publish
from tests.conftest import AS_OF, ROOT

GOOD = """Title: 关于热线的通知
Date: 2026-03-05
Slug: good
Lang: zh
Department: 区政府办公室
Summary: 一句话

见[热线](/hotline/)和[另一份](other.html)，![热线直播间](/affairs/files/a.png)。
"""
# One mistake per line, planted where the comment says (line numbers count from 1)
PLANTED = """Date: 2026年3月5日
Slug: bad
Department: 区政府办公室
Summary: 一句话
Titel: 拼错的字段

请看[不存在的页面](/affairs/notices/nope.html)。
![](/affairs/files/a.png)
接通率[[hotline_monthly.nope month=latest]]
联系电话13912345678。
[[chart hotline_monthly.calls]]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    notices = root / "affairs" / "notices"
    write(notices, "good.md", GOOD)
    write(notices, "other.md", GOOD.replace("Slug: good", "Slug: other"))
    write(notices, "bad.md", PLANTED)
    (root / "affairs" / "files").mkdir()
    (root / "affairs" / "files" / "a.png").write_bytes(b"png")
    return root


def lines_of(problems) -> list[str]:
    return [str(p) for p in problems]


def test_check_names_every_planted_mistake_with_file_and_line(content):
    from pipeline.content import check_content

    found = lines_of(check_content(content))
    bad = "content/affairs/notices/bad.md"
    assert f"{bad}, line 1: front matter needs 'Title:'" in found
    assert f"{bad}, line 1: Date must look like 2026-03-05" in found
    assert any(p.startswith(f"{bad}, line 5: unknown field 'Titel'") for p in found)
    assert f"{bad}, line 7: broken link: /affairs/notices/nope.html (no such page or file " \
           "on the site)" in found
    assert f"{bad}, line 8: image without alt text: write what it shows in ![…](…)" in found
    assert f"{bad}, line 9: live figure [[hotline_monthly.nope month=latest]]: table " \
           "hotline_monthly has no column nope" in found
    assert f"{bad}, line 10: looks like personal data (mobile): remove it before publishing" \
        in found
    assert any(p.startswith(f"{bad}, line 11: chart [[chart hotline_monthly.calls]]: a chart "
                            "needs by=") for p in found)
    assert not any("13912345678" in p for p in found)  # the value itself is never repeated
    assert not any("good.md" in p or "other.md" in p for p in found), found
    assert len([p for p in found if "bad.md" in p]) == 8


def test_a_good_document_passes_and_unknown_sections_are_named(content):
    from pipeline.content import check_content

    (content / "affairs" / "notices" / "bad.md").unlink()
    assert check_content(content) == []
    write(content / "affairs" / "misc", "x.md", GOOD.replace("Slug: good", "Slug: x"))
    found = lines_of(check_content(content))
    assert any(p.startswith("content/affairs/misc/x.md, line 1: put the file in one of "
                            "content/affairs/notices, policies") for p in found)
    write(content, "loose.md", GOOD)
    assert "content/loose.md, line 1: not published: put it in content/affairs/<section>/ or " \
           "content/pages/" in lines_of(check_content(content))


def test_section_fields_validity_and_relations(content):
    from pipeline.content import check_content

    policies = content / "affairs" / "policies"
    write(policies, "p.md", GOOD.replace("Slug: good", "Slug: p") + "")
    write(policies, "q.md", GOOD.replace("Slug: good", "Slug: q").replace(
        "Summary:", "Number: 示政发2026第3号\nValidity: 失效\nEffective: 2026-04-01\nSummary:"))
    write(content / "affairs" / "interpretations", "i.md", GOOD.replace(
        "Slug: good", "Slug: i\nInterprets: nope"))
    write(content / "affairs" / "public-notices", "r.md", GOOD.replace(
        "Slug: good", "Slug: r\nRound: 2"))
    (content / "affairs" / "notices" / "bad.md").unlink()
    found = lines_of(check_content(content))
    assert "content/affairs/policies/p.md, line 1: front matter needs 'Number:'" in found
    assert "content/affairs/policies/p.md, line 1: front matter needs 'Validity:'" in found
    assert "content/affairs/policies/q.md, line 6: Number (文号) must look like 示政发〔2026〕3号" \
        in found
    assert "content/affairs/policies/q.md, line 7: a 失效 document needs 'Expires:' (the day " \
           "it ceased to apply)" in found
    assert any(p.startswith("content/affairs/interpretations/i.md, line 4: Interprets nope")
               for p in found)
    assert any(p.startswith("content/affairs/public-notices/r.md, line 4: Round needs")
               for p in found)
    assert "content/affairs/policies/p.md, line 1: front matter needs 'Effective:'" in found
    # (p, q, i and r link to other.html, which is only in notices/)
    assert len([p for p in found if "broken link: other.html" not in p]) == 7, found


def test_live_figures_are_read_against_the_published_tables(content):
    from pipeline.content import check_content

    (content / "affairs" / "notices" / "bad.md").unlink()
    write(content / "affairs" / "notices", "f.md", GOOD.replace("Slug: good", "Slug: f")
          + "[[hotline_monthly.calls month=2030-01]]\n[[chart hotline_monthly.calls by=month]]\n")
    tables = {"hotline_monthly": pd.DataFrame({"month": ["2024-01", "2024-02"],
                                               "calls": [12, 15], "suppressed_cells": [None, None]})}
    assert lines_of(check_content(content, tables=tables)) == [
        "content/affairs/notices/f.md, line 9: live figure [[hotline_monthly.calls "
        "month=2030-01]]: 0 rows match month=2030-01"]


def test_links_are_checked_against_a_built_site(content, tmp_path):
    from pipeline.content import check_content

    (content / "affairs" / "notices" / "bad.md").unlink()
    site = tmp_path / "site"
    write(site, "index.html", "")
    write(site / "affairs" / "notices", "good.html", "")
    write(site / "affairs" / "files", "a.png", "")
    found = lines_of(check_content(content, site=site))
    # /hotline/ is not in this site; other.html is a document (written since that build)
    assert found == [
        "content/affairs/notices/good.md, line 8: broken link: /hotline/ (no such page or file "
        "on the site)",
        "content/affairs/notices/other.md, line 8: broken link: /hotline/ (no such page or file "
        "on the site)"]


def test_drafts_are_not_checked_and_not_published(content):
    from pipeline.content import check_content, published
    from pipeline.content.drafts import draft_settings

    bad = content / "affairs" / "notices" / "bad.md"
    bad.write_text("Status: draft\n" + PLANTED, encoding="utf-8")
    assert check_content(content) == []
    assert [d.slug for d in published(content)] == ["good", "other"]
    hidden = draft_settings(False)
    assert hidden["DRAFT_SAVE_AS"] == "" and hidden["DRAFT_LANG_SAVE_AS"] == ""
    assert draft_settings(True)["DRAFT_SAVE_AS"] == "drafts/affairs/{category}/{slug}.html"
    bad.write_text("Status: darft\n" + PLANTED, encoding="utf-8")  # a typo is not a draft
    assert "content/affairs/notices/bad.md, line 1: Status must be one of published, draft" \
        in lines_of(check_content(content))


def test_check_and_build_refuse_with_the_same_lines(content, good_data, tmp_path, monkeypatch):
    import pipeline.build

    monkeypatch.setattr(publish, "ROOT", content.parent)
    monkeypatch.setattr(pipeline.build, "ROOT", content.parent)
    checked = CliRunner().invoke(publish.cli, ["check", "--data", str(good_data), "--as-of",
                                               AS_OF.isoformat(), "--output",
                                               str(tmp_path / "none")])
    assert checked.exit_code == 1
    planted = [line for line in checked.output.splitlines() if "bad.md" in line]
    assert len(planted) == 8
    out = tmp_path / "site"
    built = CliRunner().invoke(publish.cli, ["build", "--data", str(good_data), "--output",
                                             str(out), "--as-of", AS_OF.isoformat()])
    assert built.exit_code == 1
    assert [line.removeprefix("Error: ") for line in built.output.splitlines()] == planted
    assert not out.exists()


def test_history_comes_from_one_git_log(tmp_path):
    from pipeline.content.history import content_history, history_of, parse_log

    text = ("\x1e2026-03-02\x1fFix the date\n\nnotices/a.md\n"
            "\x1e2026-03-01\x1fAdd two notices\n\nnotices/a.md\nnotices/b.md\n")
    assert parse_log(text)["notices/a.md"][0].message == "Fix the date"
    assert [c.date for c in parse_log(text)["notices/a.md"]] == ["2026-03-02", "2026-03-01"]
    assert len(parse_log(text)["notices/b.md"]) == 1
    folder = tmp_path / "content"
    write(folder / "notices", "a.md", GOOD)
    assert content_history(folder) == {}  # not in git: no history
    if shutil.which("git") is None:
        return
    env = ["-c", "user.name=Editor", "-c", "user.email=editor@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    subprocess.run(["git", *env, "commit", "-qm", "First notice"], cwd=tmp_path, check=True)
    changes = history_of(folder / "notices" / "a.md", folder, content_history(folder))
    assert [c.message for c in changes] == ["First notice"]


def test_the_sample_content_passes_check():
    from pipeline.content import check_content

    assert lines_of(check_content(ROOT / "content")) == []


def test_html_images_and_reference_links_are_checked_too(content):
    from pipeline.content import check_content

    (content / "affairs" / "notices" / "bad.md").unlink()
    write(content / "affairs" / "notices", "h.md", GOOD.replace("Slug: good", "Slug: h")
          + '<img src="/affairs/files/a.png">\n<img src="/affairs/files/a.png" alt="直播间">\n'
          "[ref]: /affairs/files/missing.pdf\n```\n![](not-checked-in-code.png)\n```\n")
    assert lines_of(check_content(content)) == [
        "content/affairs/notices/h.md, line 9: image without alt text: write what it shows "
        "in ![…](…)",
        "content/affairs/notices/h.md, line 11: broken link: /affairs/files/missing.pdf (no "
        "such page or file on the site)"]


def test_a_document_missing_from_the_built_site_is_named(content, tmp_path):
    from pipeline.content import check_built

    (content / "affairs" / "notices" / "bad.md").unlink()
    site = tmp_path / "site"
    write(site, "index.html", "")
    write(site / "hotline", "index.html", "")
    write(site / "affairs" / "notices", "good.html", "")  # other.html was not written
    write(site / "affairs" / "files", "a.png", "")
    assert lines_of(check_built(content, site)) == [
        "content/affairs/notices/good.md, line 8: broken link: other.html (no such page or file "
        "on the site)",
        "content/affairs/notices/other.md, line 8: broken link: other.html (no such page or "
        "file on the site)",
        "content/affairs/notices/other.md, line 1: was not published as "
        "affairs/notices/other.html: Pelican could not read it (run `publish.py -v build`)"]
