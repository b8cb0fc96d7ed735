"""The company: its folder checked, the roll-up across departments, decided adjustments, bad input, XSS.

Numbers are worked by hand from ``data/example-company`` (each test says how);
a department's numbers are compared with what ``okrbook check --json`` prints.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import types
from pathlib import Path

import pytest
from xss import PAYLOADS, assert_inert_html, assert_inert_markdown, poisoned_record, poisoned_sheet

from okrbook.cli import main
from okrbook.company.decisions import apply_decisions
from okrbook.company.folder import load_decisions, save_decisions
from okrbook.company.gather import company_rollup
from okrbook.company.report import format_text, render_report
from okrbook.core.sheet import parse_quarter
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io.stores import load_record, load_sheet, save_record, save_sheet
from okrbook.io.workbook import example_company_path, open_workbook
from okrbook.minutes.render import minutes_data, render_section

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Each test its own cache folder (never the user's)."""
    monkeypatch.setenv("OKRBOOK_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def company(tmp_path: Path) -> Path:
    folder = tmp_path / "云帆"
    shutil.copytree(example_company_path(), folder)
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dept(r: dict, name: str) -> dict:
    return next(d for d in r["departments"] if d["folder"] == name)


def objective(d: dict, ident: str) -> dict:
    return next(o for o in d["objectives"] if o["id"] == ident)


# --- the roll-up of the example company, worked by hand ---------------------------------------


def test_the_example_rollup_on_hand_worked_numbers(company):
    r = company_rollup(company, today=TODAY, lang="zh")
    assert r["quarter"] == "2026Q2"  # the latest quarter any department has a record of

    sales = dept(r, "销售部")
    assert sales["held"] and sales["meeting_date"] == "2026-07-08" and sales["minutes"] == []
    # Q2.O1: KR1 1860/2000 = 0.93 → 0.9 (×0.5), KR2 13/12 → 1.0 (×0.3), KR3 the lead's 0.7 (×0.2)
    o1 = objective(sales, "Q2.O1")
    assert (o1["score"], o1["band"], o1["committed_missed"]) == (0.89, "green", True)
    kr3 = next(k for k in o1["key_results"] if k["id"] == "Q2.O1.KR3")
    assert (kr3["score"], kr3["computed_score"], kr3["overridden"]) == (0.7, 0.8, True)
    # Q2.O2: a milestone not done 0.0 (×0.5), 8/20 = 0.4 (×0.5); aspirational, so not a missed commitment
    o2 = objective(sales, "Q2.O2")
    assert (o2["score"], o2["band"], o2["committed_missed"]) == (0.2, "red", False)
    assert sales["mean"] == 0.61  # objective weights 0.6 and 0.4: 0.534 + 0.08
    assert sales["committed_missed"] == ["Q2.O1"]
    assert sales["prework"]["handed_in"] == ["孙强", "吴芳", "郑凯"] and sales["prework"]["missing"] == [
        "何静"
    ]
    # its history: Q1.O1 0.8×0.5 + 0.6×0.3 + 0.6×0.2 = 0.7, Q1.O2 (1.0 + 0.6)/2 = 0.8, mean 0.75
    assert [(h["quarter"], h["mean"]) for h in sales["history"]] == [("2026Q1", 0.75), ("2026Q2", 0.61)]

    growth = dept(r, "用户增长部")
    # the record's final scores: 0.4×0.4 + 0.9×0.3 + 0.5×0.3 = 0.58
    assert objective(growth, "Q2.O1")["score"] == 0.58
    assert growth["meeting_date"] == "2026-07-07"

    # 客户成功部 held no Q2 retrospective: scored from its sheet, no record, no pre-work
    cs = dept(r, "客户成功部")
    assert (cs["held"], cs["record"], cs["prework"]) == (False, False, None)
    # Q2.O1: (81−80)/(83−80) = 0.33 → 0.3 (×0.6), (24−27)/(22−27) = 0.6 (×0.4): 0.42
    assert (objective(cs, "Q2.O1")["score"], objective(cs, "Q2.O1")["committed_missed"]) == (0.42, True)
    assert [(h["quarter"], h["held"]) for h in cs["history"]] == [("2026Q1", True)]

    totals = r["totals"]
    assert (totals["departments"], totals["held"], totals["minutes"], totals["broken"]) == (3, 2, 0, 0)


def test_company_krs_with_their_carriers_and_projection(company):
    r = company_rollup(company, today=TODAY, lang="en")
    krs = {k["id"]: k for k in r["company_krs"]}
    # C1.KR1 1200 → 2000, 1490 after two quarters: 1200 + 290 × 4/2 = 1780, (1780−1200)/800 = 0.725
    assert (krs["C1.KR1"]["projected"], krs["C1.KR1"]["attainment"], krs["C1.KR1"]["verdict"]) == (
        1780.0,
        0.725,
        "off_track",
    )
    # C1.KR2 0 → 12000, 5200: projected 10400, 0.8667: at risk
    assert (krs["C1.KR2"]["projected"], krs["C1.KR2"]["verdict"]) == (10400.0, "at_risk")
    assert [(c["department"], c["kr"]) for c in krs["C1.KR2"]["carried_by"]] == [
        ("销售部", "S1.KR1"),
        ("销售部", "S1.KR2"),
        ("销售部", "S1.KR3"),
    ]
    assert {c["department"] for c in krs["C2.KR2"]["carried_by"]} == {"用户增长部", "客户成功部"}


def test_a_company_kr_without_support_and_drift_are_found(company):
    r = company_rollup(company, today=TODAY)
    assert r["gaps"] == ["C3.KR1"]
    assert {(d["department"], d["kr"]) for d in r["drift"]} == {
        ("用户增长部", "A3.KR3"),
        ("销售部", "S2.KR2"),
        ("客户成功部", "K2.KR2"),
    }
    # a department that gives up its only link to C3.KR2 opens a second gap and drifts one more KR
    path = company / "销售部" / "okrs.yaml"
    sheet = load_sheet(path)
    sheet.annual_krs()["S2.KR1"].supports = []
    save_sheet(path, sheet)
    r = company_rollup(company, today=TODAY)
    assert r["gaps"] == ["C3.KR1", "C3.KR2"]
    assert ("销售部", "S2.KR1") in {(d["department"], d["kr"]) for d in r["drift"]}


def test_adjustments_awaiting_and_decided(company):
    r = company_rollup(company, today=TODAY)
    # this quarter's proposal and an older one still undecided; 销售部's Q1 one was approved and applied
    assert [(a["department"], a["quarter"], a["annual_kr"], a["status"]) for a in r["adjustments"]] == [
        ("客户成功部", "2026Q1", "K1.KR1", "awaiting"),
        ("用户增长部", "2026Q2", "A2.KR1", "awaiting"),
    ]
    assert r["totals"]["awaiting"] == 2
    change = dept(r, "销售部")["sheet_changes"][0]
    assert (change["annual_kr"], change["old"], change["new"], change["decision"]) == (
        "S1.KR2",
        60,
        45,
        "approved",
    )
    # the projection uses the new target: 22 after two quarters → 44, 44/45 = 0.98 (at risk); against 60: 0.73
    s1kr2 = next(a for a in dept(r, "销售部")["annual"] if a["id"] == "S1.KR2")
    assert (s1kr2["target"], s1kr2["projected"], s1kr2["projected_verdict"]) == (45, 44, "at_risk")
    q1 = company_rollup(company, parse_quarter("2026Q1"), today=TODAY)
    s1kr2_q1 = next(a for a in dept(q1, "销售部")["annual"] if a["id"] == "S1.KR2")
    assert (s1kr2_q1["target"], s1kr2_q1["projected_verdict"]) == (60, "off_track")
    # in Q1 the proposal was this quarter's, so the roll-up shows it with the decision
    decided = next(a for a in q1["adjustments"] if a["department"] == "销售部")
    assert decided["status"] == "approved" and decided["decision"]["decided_by"] == "林海"


def test_whiteboard_questions_and_overdue_homework_across_departments(company):
    r = company_rollup(company, today=TODAY)
    wb = {tag: [(w["department"], w["id"]) for w in items] for tag, items in r["whiteboard"].items()}
    # 客户成功部's question stands in its latest record (Q1); customer/need/other tags stay the department's
    assert wb == {
        "positioning": [("销售部", "W1")],
        "goals": [("客户成功部", "W1"), ("用户增长部", "W4")],
        "value_proposition": [("销售部", "W2")],
    }
    assert next(w for w in r["whiteboard"]["positioning"])["from_quarter"] == "2026Q1"
    overdue = [(h["department"], h["id"], h["days_overdue"]) for h in r["homework_overdue"]]
    # 2026-05-31 → 2026-12-01 is 184 days; 销售部's H3 (due 2026-12-20) is not overdue
    assert overdue[0] == ("客户成功部", "H1", 184)
    assert {(d, i) for d, i, _ in overdue} == {
        ("客户成功部", "H1"),
        ("用户增长部", "H2"),
        ("用户增长部", "H5"),
        ("用户增长部", "H6"),
        ("用户增长部", "H7"),
        ("销售部", "H2"),
    }


def test_minutes_beside_a_record_are_found(company):
    (company / "销售部" / "2026Q2" / "2026Q2-minutes.html").write_text("<html></html>", encoding="utf-8")
    r = company_rollup(company, today=TODAY)
    assert dept(r, "销售部")["minutes"] == ["2026Q2-minutes.html"]
    assert r["totals"]["minutes"] == 1


# --- one truth: a department's numbers are its own check --json --------------------------------


def test_a_departments_numbers_equal_its_own_check_json(company, capsys):
    code, out, _ = run(capsys, "rollup", str(company), "--json", "--today", "2026-12-01", "--lang", "en")
    assert code == 0
    r = json.loads(out)
    for name in ("销售部", "用户增长部"):
        record = company / name / "2026Q2" / "record.yaml"
        code, out, _ = run(capsys, "check", str(record), "--json", "--lang", "en")
        assert code == 0
        check = json.loads(out)
        assert dept(r, name)["check"] == check
        by_check = {
            o["id"]: o["score"] for s in check["sections"] if s["scope"] == "Q2" for o in s["objectives"]
        }
        assert {o["id"]: o["score"] for o in dept(r, name)["objectives"]} == by_check
    # a department with no Q2 record: its numbers are check --json of its sheet
    code, out, _ = run(capsys, "check", str(company / "客户成功部" / "okrs.yaml"), "--json", "--lang", "en")
    assert dept(r, "客户成功部")["check"] == json.loads(out)


def test_the_cache_follows_the_files(company, monkeypatch):
    """A cached department is recomputed as soon as one of its files changes: the YAML stays the truth."""
    first = company_rollup(company, today=TODAY)
    assert len(list((Path(os.environ["OKRBOOK_CACHE"]) / "rollup").glob("*.json"))) == 3  # one per department
    again = company_rollup(company, today=TODAY)
    assert again == first
    path = company / "销售部" / "2026Q2" / "record.yaml"
    record = load_record(path)
    record.kr_reviews["Q2.O1.KR3"].final_score = 0.2
    save_record(path, record)
    changed = company_rollup(company, today=TODAY)
    # KR3 now 0.2: 0.45 + 0.3 + 0.04 = 0.79
    assert objective(dept(changed, "销售部"), "Q2.O1")["score"] == 0.79
    monkeypatch.setenv("OKRBOOK_CACHE", str(company.parent / "no-cache-yet"))
    assert company_rollup(company, today=TODAY) == changed  # computed afresh, the same


# --- adjustments, decided, flow into the next quarter ------------------------------------------


def test_approved_adjustments_flow_into_the_next_snapshot_with_a_change_log(company, capsys):
    decisions = load_decisions(company)
    decisions.decide("用户增长部", "2026Q2", "A2.KR1", decision="approved", old_target=2400, new_target=2700,
                     note="批准,附回收期观察指标", decided_by="林海", today=dt.date(2026, 7, 20))  # fmt: skip
    decisions.decide("客户成功部", "2026Q1", "K1.KR1", decision="declined", old_target=88, new_target=85,
                     note="续约率目标不降", today=dt.date(2026, 7, 20))  # fmt: skip
    save_decisions(company, decisions)
    assert load_decisions(company).revision == 2

    growth = company / "用户增长部"
    code, out, _ = run(
        capsys, "--lang", "en", "new", "2026Q3", "--okrs", str(growth / "okrs.yaml"), "--dir", str(growth)
    )
    assert code == 0 and "A2.KR1 target 2,400 → 2,700" in out
    workbook = open_workbook(growth / "2026Q3")
    assert workbook.sheet.annual_krs()["A2.KR1"].target == 2700
    own = load_sheet(growth / "okrs.yaml")  # the department's own sheet is left as it is
    assert own.annual_krs()["A2.KR1"].target == 2400
    (change,) = workbook.record.sheet_changes
    assert (change.annual_kr, change.old, change.new, change.proposed_in) == ("A2.KR1", 2400, 2700, "2026Q2")
    assert (change.decided_on, change.note) == (dt.date(2026, 7, 20), "批准,附回收期观察指标")

    # a declined proposal changes nothing
    cs = company / "客户成功部"
    run(capsys, "new", "2026Q2", "--okrs", str(cs / "okrs.yaml"), "--dir", str(cs))
    assert load_record(cs / "2026Q2" / "record.yaml").sheet_changes == []

    # the minutes and the roll-up show old → new with the decision; the projection uses the new target
    html = str(render_section("group2", minutes_data(workbook.record, workbook.sheet), "html"))
    assert "2,400 → 2,700" in html and "approved 2026-07-20" in html  # the workbook was made with --lang en
    r = company_rollup(company, parse_quarter("2026Q3"), today=TODAY)
    growth_row = dept(r, "用户增长部")
    assert growth_row["sheet_changes"][0]["new"] == 2700
    # A2.KR1 at Q3: 3200 → 2950 in 3 quarters projects 3200 − 250 × 4/3 = 2866.7; (2866.7−3200)/(2700−3200) = 0.6667
    a2 = next(a for a in growth_row["annual"] if a["id"] == "A2.KR1")
    assert (a2["target"], a2["attainment"]) == (2700, 0.6667)
    assert "2,400 → 2,700" in render_report(r, "html")


def test_apply_decisions_is_pure_and_skips_what_does_not_apply(company):
    sheet = load_sheet(company / "销售部" / "okrs.yaml")
    decisions = load_decisions(company)
    assert apply_decisions(sheet, decisions, parse_quarter("2026Q1")) == []  # proposed in Q1: from Q2 on
    (change,) = apply_decisions(sheet, decisions, parse_quarter("2026Q3"))
    assert (change.old, change.new) == (60, 45) and sheet.annual_krs()["S1.KR2"].target == 45
    assert apply_decisions(sheet, decisions, parse_quarter("2026Q3")) == []  # already has the new target


def test_an_approved_new_wording_or_drop_is_kept_and_never_rewrites_a_target(company):
    sheet = load_sheet(company / "销售部" / "okrs.yaml")
    decisions = load_decisions(company)
    before = {k: kr.target for k, kr in sheet.annual_krs().items()}
    kr = next(iter(before))
    for n, change in enumerate(("drop", "wording")):
        decisions.decide(
            "销售部", f"2026Q{n + 1}", kr, decision="approved", change=change, new_title="新表述"
        )
    save_decisions(company, decisions)  # no new target needed: nothing is refused
    saved = load_decisions(company)
    assert saved.find("销售部", "2026Q1", kr).change == "drop"
    assert saved.find("销售部", "2026Q2", kr).new_title == "新表述"
    changes = apply_decisions(sheet, saved, parse_quarter("2026Q3"))
    assert all(c.annual_kr != kr or c.new is not None for c in changes)
    assert sheet.annual_krs()[kr].target is not None, "a drop or a wording never sets a target to nothing"


def test_decisions_are_saved_revisioned_and_a_stale_save_is_refused(company):
    mine, theirs = load_decisions(company), load_decisions(company)
    theirs.decide("用户增长部", "2026Q2", "A2.KR1", decision="declined", note="他们先存")
    save_decisions(company, theirs)
    mine.decide("用户增长部", "2026Q2", "A2.KR1", decision="approved", new_target=2700)
    with pytest.raises(ConflictError):
        save_decisions(company, mine)
    assert load_decisions(company).find("用户增长部", "2026Q2", "A2.KR1").decision == "declined"


@pytest.mark.parametrize(
    "text, field",
    [
        (
            "schema: okrbook.decisions\nschema_version: 1\ndecisions:\n- {department: 销售部, quarter: 2026Q1, annual_kr: S1.KR2, decision: maybe}\n",
            "decisions[0].decision",
        ),
        (
            "schema: okrbook.decisions\nschema_version: 1\ndecisions:\n- {department: 销售部, quarter: 2026Q9, annual_kr: S1.KR2}\n",
            "decisions[0].quarter",
        ),
        (
            "schema: okrbook.decisions\nschema_version: 1\ndecisions:\n- {department: 销售部, quarter: 2026Q1, annual_kr: S1.KR2, decision: approved}\n",
            "decisions[0].new_target",
        ),
    ],
)
def test_a_bad_decisions_file_is_named(company, capsys, text, field):
    (company / "decisions.yaml").write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "rollup", str(company), "--lang", "en")
    assert code == 1 and "decisions.yaml" in err and field in err


# --- bad input ---------------------------------------------------------------------------------


def test_a_broken_department_is_named_in_red_and_the_others_are_covered(company, capsys):
    (company / "客户成功部" / "okrs.yaml").write_text("department: [oops\n", encoding="utf-8")
    record = company / "销售部" / "2026Q1" / "record.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("final_score: 0.8", "final_score: 八"), encoding="utf-8"
    )
    r = company_rollup(company, today=TODAY, lang="en")
    broken = {d["folder"]: d["error"] for d in r["departments"] if not d["ok"]}
    assert set(broken) == {"客户成功部", "销售部"}
    assert (
        broken["客户成功部"]["file"].endswith("客户成功部/okrs.yaml")
        and "invalid YAML" in broken["客户成功部"]["message"]
    )
    assert broken["销售部"]["field"] == "kr_reviews.Q1.O1.KR1.final_score"
    assert dept(r, "用户增长部")["ok"] and objective(dept(r, "用户增长部"), "Q2.O1")["score"] == 0.58
    assert r["totals"]["broken"] == 2
    text = format_text(r, color=True)
    assert "\033[31m⚠ 客户成功部" in text and "用户增长部" in text
    html = render_report(r, "html")
    assert '<tr class="broken"><td><strong>⚠ 客户成功部</strong>' in html
    code, _, _ = run(capsys, "check", str(company))
    assert code == 1


def test_the_company_check_names_every_problem(company, capsys):
    (company / "杂项").mkdir()  # a folder that is no department
    shutil.copytree(company / "销售部", company / "销售部-副本")  # two folders for one department
    sheet_path = company / "用户增长部" / "okrs.yaml"
    sheet = load_sheet(sheet_path)
    sheet.annual_krs()["A1.KR1"].supports = ["C1.KR1", "C9.KR9"]  # a company KR the company lacks
    save_sheet(sheet_path, sheet)
    # a department whose folder is last year's: its sheet and its record are of 2025
    cs = company / "客户成功部"
    text = (cs / "okrs.yaml").read_text(encoding="utf-8")
    (cs / "okrs.yaml").write_text(text.replace("year: 2026", "year: 2025"), encoding="utf-8")
    (cs / "2026Q1").rename(cs / "2025Q1")
    record = load_record(cs / "2025Q1" / "record.yaml")
    record.quarter = "2025Q1"
    save_record(cs / "2025Q1" / "record.yaml", record)
    code, out, _ = run(capsys, "--lang", "en", "check", str(company))
    assert code == 1
    assert 'the folder "杂项" is not a department\'s workbook root' in out
    assert 'the department "销售部" has another folder (销售部-副本)' in out
    assert 'the department "销售部" has another folder (销售部)' in out
    assert "the department's OKR sheet is for 2025 but the company's year is 2026" in out
    assert (
        f"{sheet_path}, field annual.objectives[0].key_results[0].supports[1]: "
        'supports company KR "C9.KR9", which company.yaml does not have'
    ) in out
    code, out, _ = run(capsys, "check", str(company), "--json")
    result = json.loads(out)
    assert code == 1 and result["valid"] is False
    assert [p["field"] for p in result["problems"]] == ["annual.objectives[0].key_results[0].supports[1]"]
    # the roll-up still covers 用户增长部 (its known links count)
    r = company_rollup(company, today=TODAY)
    assert dept(r, "用户增长部")["ok"] and r["problems"][0]["key"] == "company_unknown_kr"


def test_a_valid_company_checks_clean(company, capsys):
    code, out, _ = run(capsys, "--lang", "en", "check", str(company))
    assert code == 0
    assert "用户增长部: valid (2026Q1, 2026Q2)" in out and "客户成功部: valid (2026Q1)" in out
    assert "the company folder is valid: 3 departments" in out


@pytest.mark.parametrize(
    "edit, key",
    [
        (lambda t: t.replace("company: 云帆科技\n", ""), "field company: is required"),
        (
            lambda t: t.replace(
                "          values: {Q1: 2300, Q2: 5200}", "          values: {Q1: 2300, Q5: 1}"
            ),
            "annual.objectives[0].key_results[1].values",
        ),
        (lambda t: t.replace("id: C2.KR1", "id: C1.KR1"), 'duplicate id "C1.KR1"'),
        (lambda t: t.replace("role: lead}", "role: boss}", 1), "roster[1].role"),
    ],
)
def test_a_bad_company_file_is_one_clear_line(company, capsys, edit, key):
    path = company / "company.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, _, err = run(capsys, "--lang", "en", "rollup", str(company))
    assert code == 1 and "company.yaml" in err and key in err and "Traceback" not in err


# --- reports -----------------------------------------------------------------------------------


def test_reports_in_html_and_markdown_in_both_languages(company, capsys):
    for lang, words in (
        ("zh", ("各部门", "无部门承接的公司 KR(缺口)", "待决定")),
        ("en", ("Departments", "gaps", "awaiting a decision")),
    ):
        out = company / f"report-{lang}.html"
        code, said, _ = run(capsys, "rollup", str(company), "-o", str(out), "--lang", lang)
        assert code == 0 and str(out) in said
        page = out.read_text(encoding="utf-8")
        text = assert_inert_html(page)
        assert all(w in text for w in words) and "C3.KR1" in text
        md = company / f"report-{lang}.md"
        assert run(capsys, "rollup", str(company), "-o", str(md), "--lang", lang)[0] == 0
        assert_inert_markdown(md.read_text(encoding="utf-8"))
    code, _, err = run(capsys, "rollup", str(company), "-o", str(company / "report.txt"))
    assert code == 1 and "report.txt" in err


def test_pdf_goes_through_the_minutes_pdf_or_says_why_not(company, capsys, monkeypatch):
    import okrbook.minutes

    monkeypatch.setitem(sys.modules, "okrbook.minutes.pdf", None)  # as if okrbook.minutes.pdf did not exist
    monkeypatch.delattr(okrbook.minutes, "pdf", raising=False)
    code, _, err = run(capsys, "--lang", "en", "rollup", str(company), "-o", str(company / "r.pdf"))
    assert code == 1 and "cannot write PDF yet" in err and not (company / "r.pdf").exists()
    printed = []
    fake = types.ModuleType("okrbook.minutes.pdf")
    fake.html_to_pdf = lambda html: printed.append(html) or b"%PDF-1.4 fake"
    monkeypatch.setitem(sys.modules, "okrbook.minutes.pdf", fake)
    monkeypatch.setattr(okrbook.minutes, "pdf", fake, raising=False)
    code, _, _ = run(capsys, "rollup", str(company), "-o", str(company / "r.pdf"))
    assert code == 0 and (company / "r.pdf").read_bytes() == b"%PDF-1.4 fake"
    assert printed[0].startswith("<!DOCTYPE html>") and "云帆科技" in printed[0]


def test_the_rollup_text_and_json_from_the_command_line(company, capsys):
    code, out, _ = run(
        capsys, "--lang", "en", "rollup", str(company), "--quarter", "2026Q1", "--today", "2026-12-01"
    )
    assert code == 0 and "2026Q1" in out and "销售部" in out
    code, out, _ = run(capsys, "rollup", str(company), "--json", "--quarter", "2026-Q1")
    assert json.loads(out)["quarter"] == "2026Q1"


def test_hostile_text_in_names_titles_and_answers_stays_text(company, capsys):
    """The XSS corpus through department names, titles (company and department) and every answer."""
    for i, name in enumerate(("销售部", "用户增长部")):
        rotated = PAYLOADS[i * 7 :] + PAYLOADS[: i * 7]  # two departments, two names
        sheet_path = company / name / "okrs.yaml"
        sheet = poisoned_sheet(load_sheet(sheet_path), rotated)
        sheet.company = ""
        save_sheet(sheet_path, sheet)
        for q in ("2026Q1", "2026Q2"):
            path = company / name / q / "record.yaml"
            record = poisoned_record(load_record(path))
            save_record(path, record, check_conflict=False)
    snapshot = company / "销售部" / "2026Q2" / "okrs.yaml"
    poisoned = poisoned_sheet(load_sheet(snapshot))
    poisoned.company = ""
    save_sheet(snapshot, poisoned)
    path = company / "company.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: 月活跃企业数", "title: '<script>alert(1)</script>'")
    path.write_text(text, encoding="utf-8")
    hostile = company / "<img src=x onerror=alert(1)>"  # a folder name is text too (a broken department)
    hostile.mkdir()
    decisions = load_decisions(company)
    decisions.decide("销售部", "2026Q2", "X", decision="declined", note="<b onmouseover=alert(1)>说明</b>")
    save_decisions(company, decisions)

    r = company_rollup(company, today=TODAY)
    assert not [d["folder"] for d in r["departments"] if not d["ok"] and d["folder"] != hostile.name]
    html = render_report(r, "html")
    visible = assert_inert_html(html)
    names = [d["name"] for d in r["departments"] if d["ok"]]
    assert any(n in PAYLOADS for n in names), names  # the department names are payloads
    shown = [p for p in PAYLOADS if p.strip() and p in visible]
    assert len(shown) > len(PAYLOADS) // 2, "payloads should show as text"
    assert "<script>alert(1)</script>" in visible and hostile.name in visible
    assert_inert_markdown(render_report(r, "md"))


# --- the company notebook ----------------------------------------------------------------------


def test_new_company_writes_the_review_notebook_once(company, capsys):
    import nbformat

    code, out, _ = run(capsys, "new-company", str(company))
    assert code == 0
    nb = nbformat.read(company / "company-review.ipynb", as_version=4)
    nbformat.validate(nb)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert "review.decisions()" in sources and "review.departments()" in sources
    code, _, err = run(capsys, "new-company", str(company))
    assert code == 1 and "company-review.ipynb" in err
    code, _, err = run(capsys, "new-company", str(company / "销售部"))
    assert code == 1 and "company.yaml" in err


def test_demo_company_makes_the_example_and_its_notebook(tmp_path, capsys):
    code, out, _ = run(capsys, "demo", "--company", "--dir", str(tmp_path / "demo"), "--no-lab")
    assert code == 0 and (tmp_path / "demo" / "company-review.ipynb").exists()
    assert (tmp_path / "demo" / "销售部" / "2026Q2" / "record.yaml").exists()
    assert run(capsys, "demo", "--company", "--dir", str(tmp_path / "demo"), "--no-lab")[0] == 0


def test_the_decision_form_saves_like_the_record(company):
    from okrbook.company.review import CompanyReview

    review = CompanyReview(company)
    review.decisions(delay=0)
    form = review.form
    key = "decision.用户增长部.2026Q2.A2.KR1"
    form.controls[key].value = "approved"
    form.controls[f"{key}.note"].value = "同意"
    assert form.flush()
    saved = load_decisions(company).find("用户增长部", "2026Q2", "A2.KR1")
    assert (saved.decision, saved.note, saved.new_target, saved.old_target) == (
        "approved",
        "同意",
        2700,
        2400,
    )
    assert saved.decided_on == dt.date.today()

    # another view saved in between: nothing is overwritten, this side's version is kept beside it
    second = CompanyReview(company)
    second.decisions(delay=0)
    other = second.form
    other.controls[key].value = "declined"
    assert other.flush()
    form.controls[f"{key}.note"].value = "这边的修改"
    assert not form.flush()
    assert load_decisions(company).find("用户增长部", "2026Q2", "A2.KR1").decision == "declined"
    assert (company / "decisions-unsaved.yaml").exists() and "这边的修改" in (
        company / "decisions-unsaved.yaml"
    ).read_text(encoding="utf-8")
    assert "Reload" in form.status.value or "重新加载" in form.reload_button.description
    form.reload()
    assert form.controls[key].value == "declined"


def test_a_decisions_file_that_cannot_be_read_is_never_overwritten(company):
    from okrbook.company.review import CompanyReview

    bad = "schema: okrbook.decisions\nschema_version: 1\ndecisions: [oops\n"
    (company / "decisions.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(OkrbookError):
        CompanyReview(company)  # the roll-up reads the decisions too, and names the file
    # a form opened before the file broke keeps its hands off it
    (company / "decisions.yaml").write_text(
        "schema: okrbook.decisions\nschema_version: 1\n", encoding="utf-8"
    )
    review = CompanyReview(company)
    (company / "decisions.yaml").write_text(bad, encoding="utf-8")
    review.decisions(delay=0)
    form = review.form
    assert form.blocked() is not None
    status = form.status.value
    assert "这个文件无法读取" in status or "This file cannot be read" in status
    assert "会前作业" not in status and "pre-work" not in status, "the decisions are no member's pre-work"
    form.controls["decision.用户增长部.2026Q2.A2.KR1"].value = "approved"
    form.flush()
    assert (company / "decisions.yaml").read_text(encoding="utf-8") == bad


def test_the_review_views_are_the_reports_parts(company):
    from okrbook.company.report import PARTS, render_part, view_html

    r = company_rollup(company, today=TODAY)
    for part in PARTS:
        view = str(view_html(r, part))
        assert str(render_part(r, part)) in view and 'class="okrbook-rollup"' in view
        assert "body {" not in view  # the notebook's page keeps its own look


def test_annual_supports_may_name_company_krs_but_quarterly_links_are_still_checked(company):
    path = company / "销售部" / "okrs.yaml"
    text = path.read_text(encoding="utf-8").replace("supports: [S1.KR1]}", "supports: [S9.KR1]}", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OkrbookError) as err:
        load_sheet(path)
    assert err.value.key == "unknown_annual_kr"


@pytest.mark.kernel
def test_the_review_notebook_runs_top_to_bottom(company, capsys):
    """Leadership's notebook, run headless in the company folder: every view and the form, no error."""
    import nbformat
    from nbclient import NotebookClient

    run(capsys, "new-company", str(company))
    nb = nbformat.read(company / "company-review.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(company)}}
    ).execute(env=dict(os.environ))
    html = "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert "无部门承接的公司 KR(缺口)" in html and "销售部" in html
    widgets = [
        c
        for c in nb.cells
        if any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in c.get("outputs", []))
    ]
    assert [c.source for c in widgets] == ["review.decisions()"]
    assert not (company / "decisions-unsaved.yaml").exists()


def test_departments_computed_in_worker_processes_are_the_same(company, monkeypatch):
    """The command line computes uncached departments in parallel: same facts, same errors, same roll-up."""
    for i in range(6):
        copy = company / f"销售部{i}"
        shutil.copytree(company / "销售部", copy)
        text = (copy / "okrs.yaml").read_text(encoding="utf-8")
        (copy / "okrs.yaml").write_text(
            text.replace("department: 销售部", f"department: 销售部{i}"), encoding="utf-8"
        )
    (company / "销售部3" / "2026Q2" / "record.yaml").write_text("schema: okrbook.record\n", encoding="utf-8")
    monkeypatch.setenv("OKRBOOK_CACHE", str(company.parent / "serial"))
    serial = company_rollup(company, today=TODAY)
    monkeypatch.setenv("OKRBOOK_CACHE", str(company.parent / "parallel"))  # nothing cached: all computed
    parallel = company_rollup(company, today=TODAY, workers=2)
    assert parallel == serial
    assert dept(parallel, "销售部3")["error"]["field"] == "schema_version"
    assert objective(dept(parallel, "销售部5"), "Q2.O1")["score"] == 0.89


def test_a_company_folder_that_cannot_be_opened_is_said_as_such(tmp_path, monkeypatch):
    from okrbook.company.review import open_review
    from okrbook.notebook import binding

    shown: list[str] = []
    monkeypatch.setattr(binding, "display_html", shown.append)
    review = open_review(tmp_path)  # no company.yaml
    assert "无法打开公司文件夹" in shown[0] and "cannot open the company folder" in shown[0]
    review.glance()
    assert "the company folder did not open" in shown[1]
