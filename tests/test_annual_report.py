"""The annual report on government information disclosure: its tables against figures worked
out by hand and against an independent count of the same requests in plain Python.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import AS_OF

# Q1 received 2023, answered 2024 (carried over into 2024). Q2 never answered: carried
# over every year. Q6 withdrawn without an answer: settled in 2024, the year received.
# Q5 received 2024, answered 2025. Q7 has no reconsideration/litigation flags (not contested).
REQUESTS = """request_id,received_at,requester_type,department,replied_at,outcome,reason,reconsideration,litigation
Q1,2023-11-20,person,区住建局,2024-01-10,disclosed,,否,否
Q2,2023-12-28,organisation,区住建局,,other,,否,否
Q3,2024-02-01,person,区住建局,2024-02-15,not_held,,是,否
Q4,2024-03-01,person,区城管局,2024-03-20,partially_disclosed,,是,是
Q5,2024-12-20,organisation,区城管局,2025-01-08,not_disclosed,,否,是
Q6,2024-06-01,person,区城管局,,withdrawn,,否,否
Q7,2025-01-10,person,区城管局,2025-01-20,disclosed,,,
Q8,2025-02-10,organisation,区城管局,2025-02-12,not_government_info,,否,否
Q9,2025-03-01,person,区城管局,2025-03-05,withdrawn,,否,否
"""
OUTCOMES = ("disclosed", "partially_disclosed", "not_disclosed", "not_held",
            "not_government_info", "withdrawn", "other")


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict:
    import shutil

    from pipeline.build import run_pipeline
    from pipeline.config import load_settings
    from tests.conftest import FIXTURES

    data = tmp_path_factory.mktemp("report") / "data"
    shutil.copytree(FIXTURES / "good", data)
    (data / "disclosure" / "requests.csv").write_text(REQUESTS, encoding="utf-8")
    con, _, _ = run_pipeline(data, load_settings(), AS_OF)
    out = {name: con.execute(f"select * from {name}").df()
           for name in ("disclosure_requests", "disclosure_appeals")}
    con.close()
    return out


def row(frame, **where) -> dict:
    chosen = frame
    for key, value in where.items():
        chosen = chosen[chosen[key] == value]
    (found,) = chosen.to_dict("records")
    return found


def test_requests_by_hand(tables):
    requests = tables["disclosure_requests"]
    # 2024, person: received Q3 Q4 Q6; carried in Q1; settled Q1 disclosed, Q3 not held,
    # Q4 partially, Q6 withdrawn; nothing carried out: 1 + 3 = 4 + 0
    person = row(requests, year=2024, requester_type="person")
    assert (person["received"], person["carried_in"], person["settled"],
            person["carried_out"]) == (3, 1, 4, 0)
    assert (person["disclosed"], person["not_held"], person["partially_disclosed"],
            person["withdrawn"], person["not_disclosed"]) == (1, 1, 1, 1, 0)
    # 2024, organisation: received Q5; carried in Q2; none settled; Q2 and Q5 carried out
    org = row(requests, year=2024, requester_type="organisation")
    assert (org["received"], org["carried_in"], org["settled"], org["carried_out"]) == (1, 1, 0, 2)
    # 2025, organisation: received Q8; carried in Q2 Q5; settled Q5 not disclosed, Q8 not
    # government information; Q2 still open
    org = row(requests, year=2025, requester_type="organisation")
    assert (org["received"], org["carried_in"], org["settled"], org["carried_out"]) == (1, 2, 2, 1)
    assert (org["not_disclosed"], org["not_government_info"]) == (1, 1)
    assert sorted(requests["year"].unique().tolist()) == [2023, 2024, 2025]
    assert len(requests) == 6  # every year has both requester types, zeros included


def test_appeals_by_hand(tables):
    appeals = tables["disclosure_appeals"]
    # 2024: reconsideration Q3 Q4; litigation Q4 after reconsideration, Q5 directly
    assert row(appeals, year=2024) == {"year": 2024, "reconsideration": 2, "litigation_direct": 1,
                                       "litigation_after_reconsideration": 1, "litigation": 2}
    assert row(appeals, year=2025)["reconsideration"] == 0  # Q7's empty flags: not contested


def independent_count() -> dict[tuple[int, str], dict[str, int]]:
    """The same figures counted request by request, without DuckDB."""
    records = list(csv.DictReader(io.StringIO(REQUESTS)))
    years = sorted({int(r["received_at"][:4]) for r in records})
    counts = {}
    for year in years:
        for kind in ("person", "organisation"):
            mine = [r for r in records if r["requester_type"] == kind]
            figures = dict.fromkeys(("received", "carried_in", "settled", "carried_out",
                                     *OUTCOMES), 0)
            for r in mine:
                got = int(r["received_at"][:4])
                done = (int(r["replied_at"][:4]) if r["replied_at"]
                        else got if r["outcome"] == "withdrawn" else None)
                figures["received"] += got == year
                figures["carried_in"] += got < year and (done is None or done >= year)
                if done == year:
                    figures["settled"] += 1
                    figures[r["outcome"]] += 1
                figures["carried_out"] += got <= year and (done is None or done > year)
            counts[(year, kind)] = figures
    return counts


def test_every_count_equals_an_independent_count(tables):
    expected = independent_count()
    published = {(int(r["year"]), r["requester_type"]): r
                 for r in tables["disclosure_requests"].to_dict("records")}
    assert set(published) == set(expected)
    for key, figures in expected.items():
        assert {name: int(published[key][name]) for name in figures} == figures, key
        assert figures["carried_in"] + figures["received"] == \
            figures["settled"] + figures["carried_out"]


def test_report_part3_rows_in_the_template_order(tables):
    from pipeline.content.report import part3, part4

    rows = part3(tables["disclosure_requests"], 2024)
    assert [r["row"] for r in rows] == ["received", "carried_in", *OUTCOMES, "settled",
                                        "carried_out"]
    total = {r["row"]: r["total"] for r in rows}
    assert (total["received"], total["carried_in"], total["settled"], total["carried_out"]) == \
        (4, 2, 4, 2)  # person + organisation, from the hand counts above
    assert part3(tables["disclosure_requests"], 2030)[0] == {
        "row": "received", "group": None, "person": 0, "organisation": 0, "total": 0}
    assert part4(tables["disclosure_appeals"], 2024)["litigation"] == 2


def test_part2_counts_the_documents_published_and_in_force(tmp_path):
    from pipeline.content.contract import read_documents
    from pipeline.content.report import part2

    def doc(section: str, name: str, extra: str) -> None:
        folder = tmp_path / "content" / "affairs" / section
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(f"Title: x\nSlug: {name}\n{extra}\n\nx\n", "utf-8")

    doc("notices", "n1", "Date: 2025-03-01")
    doc("notices", "n2", "Date: 2024-03-01")
    doc("notices", "n3", "Date: 2025-03-01\nLang: en")  # translations are not counted
    doc("policies", "p1", "Date: 2025-01-01\nValidity: 有效\nEffective: 2025-02-01")
    doc("policies", "p2", "Date: 2023-01-01\nValidity: 废止\nEffective: 2023-02-01\n"
        "Repealed: 2025-06-01")  # repealed during 2025: not in force at its end
    doc("policies", "p3", "Date: 2024-01-01\nValidity: 有效\nEffective: 2024-02-01\n"
        "Expires: 2026-01-31")
    rows = {r["section"]: r for r in part2(read_documents(tmp_path / "content"), 2025)}
    assert rows["notices"] == {"section": "notices", "published": 1, "repealed": None,
                               "in_force": None}
    # p1 published 2025 and in force; p2 repealed 2025-06-01; p3 in force until 2026-01-31
    assert rows["policies"] == {"section": "policies", "published": 1, "repealed": 1,
                                "in_force": 2}
    assert rows["hearings"]["published"] == 0


def test_narrative_parts_and_their_check(tmp_path):
    from pipeline.content.contract import read_document
    from pipeline.content.report import check_report, narrative_parts

    folder = tmp_path / "content" / "affairs" / "annual-reports"
    folder.mkdir(parents=True)
    path = folder / "r.md"
    path.write_text("Title: x\nReport: disclosure\nYear: 2025\n\n前言\n\n## 一、总体情况\n\n总体。\n\n"
                    "## 五、存在的主要问题及改进情况\n\n问题。\n", encoding="utf-8")
    doc = read_document(path, tmp_path / "content")
    assert narrative_parts(doc) == {1: "总体。", 5: "问题。"}
    (problem,) = check_report(doc)
    assert str(problem) == ("content/affairs/annual-reports/r.md, line 5: the report needs a "
                            "part '## 六、…' (or '## 6. …')")


def test_a_report_without_narrative_still_has_its_tables(tables):
    from pipeline.content.report import build_report

    report = build_report(2025, "zh", tables, [])
    assert report.narrative == {}
    by_row = {r["row"]: (r["person"], r["organisation"], r["total"]) for r in report.part3}
    # 2025: person Q7 disclosed, Q9 withdrawn; organisation Q5, Q8 (see the hand counts)
    assert by_row["settled"] == (2, 2, 4)
    assert by_row["carried_in"] == (0, 2, 2)
