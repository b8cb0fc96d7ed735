"""Pre-work in Jupyter: the member's form, the lead's section, the minutes, the shipped notebook."""

from __future__ import annotations

import copy
import html
from pathlib import Path

import nbformat
import pytest

from okrbook.core import method
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import stores
from okrbook.io.workbook import PREWORK_TEMPLATE, make_demo, new_workbook, open_workbook, template_path
from okrbook.minutes import render
from okrbook.notebook.meeting import MeetingForms
from okrbook.notebook.prework_form import PreworkForm, open_prework
from okrbook.notebook.template import PREWORK_CELL, prework_text
from okrbook.prework.members import (
    FOLDER,
    Loaded,
    MemberScore,
    Prework,
    file_name,
    load_folder,
    load_prework,
    save_prework,
)
from okrbook.prework.summary import summarise
from okrbook.prework.survey import import_survey
from tests.test_forms import FORM_TAGS, Tags, html_values
from tests.xss import PAYLOADS, assert_inert_html, assert_inert_markdown, poison

SHEET = Path(__file__).parent / "fixtures" / "forms" / "okrs.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    wb, _ = new_workbook("2026Q3", SHEET, tmp_path, lang="en")
    wb.record.meeting.attendees = ["王磊", "李娜", "陈晨", "赵敏"]
    wb.save()
    return wb.folder


def hand_in(folder: Path, name: str, answers: dict[str, str] | None = None, **scores: float) -> Path:
    p = Prework(quarter="2026Q3", member=name, answers=answers or {})
    p.scores = {k.replace("_", "."): MemberScore(v) for k, v in scores.items()}
    path = folder / FOLDER / file_name(name)
    save_prework(path, p)
    return path


# --- the member's form ----------------------------------------------------------------------------


def test_the_members_answers_and_scores_reach_their_file(folder: Path):
    form = PreworkForm(open_workbook(folder), delay=30.0)
    assert form.name.options == ("王磊", "李娜", "陈晨", "赵敏")
    assert "answers.setting" not in form.controls, "nothing to fill in before a name is chosen"
    assert "Choose or type your name" in form.status.value
    form.name.value = "王磊"
    c = form.controls
    c["answers.setting"].value = "KR 写成了任务"
    c["answers.pace"].value = "  有风险 "
    c["score.Q3.KR1"].value = "0.65"
    c["why.Q3.KR1"].value = "差一点"
    c["score.Q3.KR4"].value = "1.5"
    assert "between 0.0 and 1.0" in form.notes["score.Q3.KR4"].value
    c["score.Q3.KR2"].value = "40%"
    c["topics"].value = "客户是谁?\n\n  激活算不算目标? "
    assert "saving" in form.status.value
    assert form.flush()
    path = folder / FOLDER / "王磊.yaml"
    saved = load_prework(path)
    assert (saved.member, saved.quarter, saved.source) == ("王磊", "2026Q3", "form")
    assert saved.answers == {"setting": "KR 写成了任务", "pace": "有风险"}
    assert {k: (v.score, v.why) for k, v in saved.scores.items()} == {
        "Q3.KR1": (0.7, "差一点"),
        "Q3.KR2": (0.4, ""),
    }
    assert saved.topics == ["客户是谁?", "激活算不算目标?"]
    assert "saved at" in form.status.value and "prework/王磊.yaml" in form.status.value

    c["score.Q3.KR2"].value = ""
    c["answers.pace"].value = ""
    form.flush()
    saved = load_prework(path)
    assert "Q3.KR2" not in saved.scores and "pace" not in saved.answers, "cleared, not kept as blanks"

    again = PreworkForm(open_workbook(folder), delay=30.0)  # the member comes back later
    again.name.value = "王磊"
    assert again.controls["answers.setting"].value == "KR 写成了任务"
    assert again.controls["score.Q3.KR1"].value == "0.7"
    assert again.controls["topics"].value == "客户是谁?\n激活算不算目标?"


def test_own_krs_come_first_and_the_others_are_optional(folder: Path):
    form = PreworkForm(open_workbook(folder), delay=30.0)
    form.name.value = "李娜"
    text = "\n".join(html_values(form))
    mine = text.index("The KRs I own")
    assert text.index("Q3.KR2", mine) < text.index("Q3.KR1", mine), "李娜 owns Q3.KR2"
    accordion = form.controls["other_krs"]
    assert accordion.selected_index is None and accordion.get_title(0) == "Other KRs (optional)"
    assert form.name_note.value == ""
    form.name.value = "Li Na"
    assert "not on the list" in form.name_note.value
    assert not (folder / FOLDER / "Li Na.yaml").exists(), "choosing a name writes nothing"


def test_before_the_header_names_anyone_the_sheets_owners_are_offered(tmp_path: Path):
    wb, _ = new_workbook("2026Q3", SHEET, tmp_path, lang="en")
    form = PreworkForm(wb, delay=30.0)
    assert form.name.options == ("王磊", "李娜", "陈晨", "赵敏")


def test_a_file_that_cannot_be_read_is_shown_and_never_overwritten(folder: Path):
    broken = folder / FOLDER / "李娜.yaml"
    broken.write_text(
        "schema: okrbook.prework\nschema_version: 1\nmember: 李娜\nquarter: 2026Q3\nscores: [\n",
        "utf-8",
    )
    before = broken.read_bytes()
    form = PreworkForm(open_workbook(folder), delay=30.0)
    form.name.value = "李娜"
    assert "answers.setting" not in form.controls
    shown = html.unescape(form.status.value)
    assert "cannot be read" in shown and "prework/李娜.yaml" in shown
    form.flush()
    assert broken.read_bytes() == before

    hand_in(folder, " 陈晨 ", {"pace": "x"}).rename(folder / FOLDER / "chen.yaml")
    hand_in(folder, "陈晨")
    form.name.value = "陈晨"
    assert "more than one pre-work file" in form.status.value and "answers.setting" not in form.controls

    other = hand_in(folder, "赵敏")
    other.write_text(other.read_text("utf-8").replace("2026Q3", "2026Q2"), "utf-8")
    form.name.value = "赵敏"
    assert "2026Q2" in form.status.value and "answers.setting" not in form.controls


def test_the_language_follows_the_member(folder: Path):
    form = PreworkForm(open_workbook(folder), delay=30.0)
    form.name.value = "陈晨"
    form.controls["language"].value = "zh"
    assert "我负责的 KR" in "\n".join(html_values(form))
    assert form.controls["answers.setting"].placeholder == method.GROUP1[0].intent_zh
    form.controls["answers.setting"].value = "x"
    form.flush()
    assert load_prework(folder / FOLDER / "陈晨.yaml").language == "zh"


def test_open_prework_from_the_notebooks_folder(folder: Path, monkeypatch):
    monkeypatch.chdir(folder / FOLDER)
    first = open_prework(delay=30.0)
    first.name.value = "赵敏"
    first.controls["answers.completion"].value = "一半"
    second = open_prework(delay=30.0)  # the cell run again
    assert second is not first and second.wb.folder == folder
    assert load_prework(folder / FOLDER / "赵敏.yaml").answers == {"completion": "一半"}


def member_form(folder: Path, name: str) -> PreworkForm:
    form = PreworkForm(open_workbook(folder), delay=30.0)
    form.name.value = name
    return form


def shows_conflict(form: PreworkForm) -> bool:
    """The conflict, in the form's language, above the fields, with Reload on offer."""
    err = form.saver.last_error
    return (
        isinstance(err, ConflictError)
        and html.escape(form.message(err.key, **err.params)) in form.status.value
        and form.reload_button.layout.display == ""
    )


def test_two_tabs_on_one_member_never_overwrite_each_other(folder: Path):
    first, second = member_form(folder, "王磊"), member_form(folder, "王磊")  # both before any save
    first.controls["answers.setting"].value = "第一个标签页"
    assert first.flush()
    second.controls["answers.setting"].value = "第二个标签页"
    second.controls["answers.pace"].value = "只有第二个有"
    assert not second.flush()
    assert shows_conflict(second) and first.reload_button.layout.display == "none"
    shown = html.unescape(second.status.value)
    assert "changed elsewhere" in shown and "revision 1 on disk" in shown
    assert "prework/王磊-unsaved.yaml" in shown
    path = folder / FOLDER / "王磊.yaml"
    assert load_prework(path).answers == {"setting": "第一个标签页"}
    kept = load_prework(folder / FOLDER / "王磊-unsaved.yaml")
    assert kept.answers == {"setting": "第二个标签页", "pace": "只有第二个有"}
    assert list(load_folder(folder / FOLDER, "2026Q3").members) == ["王磊"], "the copy is no second file"
    second.controls["answers.pace"].value = "still here, still refused"
    assert not second.flush() and load_prework(path).answers == {"setting": "第一个标签页"}

    second.reload_button.click()
    assert second.controls["answers.setting"].value == "第一个标签页"
    assert "reloaded revision 1" in second.status.value and second.reload_button.layout.display == "none"
    second.controls["answers.completion"].value = "after the reload"
    assert second.flush()
    assert load_prework(path).answers["completion"] == "after the reload"
    assert load_prework(folder / FOLDER / "王磊-unsaved.yaml").answers["setting"] == "第二个标签页"


def test_switching_member_keeps_edits_that_could_not_be_saved(folder: Path, monkeypatch):
    form = member_form(folder, "王磊")
    form.controls["answers.setting"].value = "还没存上"

    def full_disk(path: Path, prework: Prework, **kwargs: object) -> Prework:
        raise OkrbookError("output_unwritable", {"path": path, "reason": "No space left on device"})

    monkeypatch.setattr("okrbook.notebook.prework_form.save_prework", full_disk)
    form.name.value = "李娜"
    assert (form.name.value, form.prework.member) == ("王磊", "王磊"), "still on the member with the edits"
    assert form.chosen == "王磊"
    assert form.controls["answers.setting"].value == "还没存上" and form.saver.pending
    assert "No space left" in form.status.value and "stays on 王磊" in form.name_note.value
    assert not (folder / FOLDER / "王磊.yaml").exists()

    monkeypatch.undo()
    form.name.value = "李娜"
    assert form.chosen == "李娜" and form.controls["answers.setting"].value == ""
    assert load_prework(folder / FOLDER / "王磊.yaml").answers == {"setting": "还没存上"}


def test_switching_member_after_a_conflict_stays_until_reloaded(folder: Path):
    path = hand_in(folder, "赵敏")
    stale = member_form(folder, "赵敏")
    other = member_form(folder, "赵敏")
    other.controls["answers.pace"].value = "other tab"
    other.flush()
    stale.controls["answers.pace"].value = "stale tab"
    stale.name.value = "陈晨"
    assert stale.controls["answers.pace"].value == "stale tab" and stale.chosen == "赵敏"
    assert shows_conflict(stale) and "赵敏" in stale.name_note.value
    assert load_prework(path).answers == {"pace": "other tab"}
    stale.reload()
    stale.name.value = "陈晨"
    assert stale.chosen == "陈晨"
    assert load_prework(folder / FOLDER / "赵敏-unsaved.yaml").answers == {"pace": "stale tab"}


def test_a_form_open_before_a_forced_import_conflicts_with_it(folder: Path, tmp_path: Path):
    path = hand_in(folder, "李娜", {"pace": "typed in the form"})
    form = member_form(folder, "李娜")
    form.controls["answers.setting"].value = "saved before the import"
    assert form.flush()
    survey = tmp_path / "survey.csv"
    survey.write_text("姓名,Q1.1\n李娜,from the survey\n", encoding="utf-8")
    import_survey(survey, folder, force=True)
    form.controls["answers.pace"].value = "typed after the import"
    assert not form.flush() and shows_conflict(form)
    assert load_prework(path).answers == {"setting": "from the survey"}
    assert load_prework(folder / FOLDER / "李娜-unsaved.yaml").answers["pace"] == "typed after the import"


# --- the lead's section ----------------------------------------------------------------------------


def build(folder: Path) -> MeetingForms:
    m = MeetingForms(open_workbook(folder), delay=30.0)
    for s in method.SECTIONS:
        getattr(m, s.id)()
    return m


def disk(m: MeetingForms):
    return stores.load_record(m.wb.record_path)


def test_the_section_shows_who_handed_in_and_the_most_contested_kr_first(folder: Path):
    hand_in(folder, "王磊", {"setting": "KR 写成了任务"}, Q3_KR1=0.3, Q3_KR2=0.4)
    hand_in(folder, "李娜", {"setting": "两件事粘在一起"}, Q3_KR1=0.3, Q3_KR2=0.4)
    hand_in(folder, "陈晨", Q3_KR1=0.8, Q3_KR2=0.5)
    (folder / FOLDER / "broken.yaml").write_text("[", encoding="utf-8")
    m = build(folder)
    try:
        handed = m.controls["prework.handed_in"].value
        assert "Handed in</b> 3/4: 王磊, 李娜, 陈晨" in handed and "Not handed in</b>: 赵敏" in handed
        assert "prework/broken.yaml" in m.controls["prework.problems"].value
        rows = [k for k in m.controls if k.startswith("prework.kr.") and not k.endswith("to_whiteboard")]
        assert rows == ["prework.kr.Q3.KR1", "prework.kr.Q3.KR2"]
        first = html.unescape(m.controls["prework.kr.Q3.KR1"].value)
        assert "two camps" in first and "王磊 0.3, 李娜 0.3, 陈晨 0.8" in first
        assert "Owner's score (王磊) 0.3" in first and "Computed 0.7" in first
        answers = [k for k in m.controls if k.startswith("prework.answer.") and k.endswith("to_whiteboard")]
        assert answers == [
            "prework.answer.setting.王磊.to_whiteboard",
            "prework.answer.setting.李娜.to_whiteboard",
        ]
    finally:
        m.close()


def test_one_click_puts_a_contested_kr_or_an_answer_on_the_whiteboard(folder: Path):
    hand_in(folder, "王磊", {"pace": "年底到不了"}, Q3_KR1=0.3)
    hand_in(folder, "陈晨", Q3_KR1=0.8)
    m = build(folder)
    try:
        m.controls["prework.kr.Q3.KR1.to_whiteboard"].click()
        m.controls["prework.answer.pace.王磊.to_whiteboard"].click()
        assert m.controls["prework.kr.Q3.KR1.to_whiteboard"].disabled
        assert "W1" in m.notes["prework.kr.Q3.KR1.to_whiteboard"].value
        m.controls["prework.kr.Q3.KR1.to_whiteboard"].click()  # a second click changes nothing
        assert m.controls["whiteboard.W1.text"].value.startswith("Pre-work scores disagree on Q3.KR1")
        m.flush()
        record = disk(m)
        assert [(w.id, w.tag) for w in record.whiteboard] == [("W1", "goals"), ("W2", "other")]
        assert "0.3 / 0.8" in record.whiteboard[0].text
        assert record.whiteboard[1].text == "Q2.2 王磊: 年底到不了"
        assert record.prework_whiteboard == {"kr:Q3.KR1": "W1", "answer:pace:王磊": "W2"}
        m.controls["whiteboard.W1.remove"].click()  # removed from the board: the button comes back
        m.refresh("prework")
        assert not m.controls["prework.kr.Q3.KR1.to_whiteboard"].disabled
    finally:
        m.close()


def test_names_can_be_hidden_and_the_record_remembers(folder: Path):
    hand_in(folder, "王磊", {"setting": "KR 写成了任务"}, Q3_KR1=0.3)
    hand_in(folder, "陈晨", Q3_KR1=0.8)
    m = build(folder)
    try:
        m.controls["prework.anonymous"].value = True
        shown = m.controls["prework.kr.Q3.KR1"].value
        assert "Member A" in shown and "王磊" not in shown and "陈晨" not in shown
        assert "Owner's score" not in shown
        m.controls["prework.answer.setting.王磊.to_whiteboard"].click()
        m.flush()
        record = disk(m)
        assert record.prework_anonymous is True
        assert (
            record.whiteboard[0].text.startswith("Q1.1 Member ") and "王磊" not in record.whiteboard[0].text
        )
    finally:
        m.close()
    again = build(folder)
    try:
        assert again.controls["prework.anonymous"].value is True
    finally:
        again.close()


def test_user_text_in_pre_work_is_inert_in_the_section(folder: Path):
    p = Prework(quarter="2026Q3", member="<b>x</b>", answers={q.id: "a" for q in method.GROUP1}, topics=["t"])
    p.scores = {"Q3.KR1": MemberScore(0.3, "w")}
    poison(p)
    p.quarter, p.language = "2026Q3", "zh"
    save_prework(folder / FOLDER / "evil.yaml", p)
    hand_in(folder, "陈晨", Q3_KR1=0.9)
    m = build(folder)
    try:
        shown = []
        for value in html_values(m._views[method.SECTION_IDS.index("prework")]):
            parser = Tags()
            parser.feed(value)
            assert {tag for tag, _ in parser.tags} <= FORM_TAGS, value[:120]
            shown.append("".join(parser.text))
        assert "<script>alert(1)</script>" in "\n".join(shown)
    finally:
        m.close()


# --- the minutes ---------------------------------------------------------------------------------------


def minutes_of(folder: Path, fmt: str, anonymous: bool = False) -> str:
    wb = open_workbook(folder)
    wb.record.prework_anonymous = anonymous
    data = render.minutes_data(wb.record, wb.sheet)
    from okrbook.prework.summary import summarise_folder

    data.prework = summarise_folder(folder, wb.record, wb.sheet)
    return str(render.render_section("prework", data, fmt))


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_minutes_show_who_handed_in_and_the_divergence(folder: Path, fmt: str):
    hand_in(folder, "王磊", {"setting": "KR 写成了任务"}, Q3_KR1=0.3)
    hand_in(folder, "李娜", Q3_KR1=0.3)
    hand_in(folder, "陈晨", Q3_KR1=0.8)
    text = html.unescape(minutes_of(folder, fmt))
    assert "Pre-work" in text and "王磊, 李娜, 陈晨" in text and "赵敏" in text
    assert "two camps" in text and "Owner's score" in text
    assert "KR 写成了任务" in text and "王磊" in text.split("Every member's answers")[1]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_anonymous_minutes_show_no_name_beside_an_answer_or_score(folder: Path, fmt: str):
    hand_in(folder, "王磊", {"setting": "KR 写成了任务"}, Q3_KR1=0.3)
    hand_in(folder, "陈晨", Q3_KR1=0.8)
    text = html.unescape(minutes_of(folder, fmt, anonymous=True))
    table_and_answers = text.split("Not handed in")[1]
    assert "Member A" in table_and_answers and "Member B" in table_and_answers
    for name in ("王磊", "陈晨"):
        assert name not in table_and_answers
    assert "Owner's score" not in text and "KR 写成了任务" in text


def test_minutes_without_pre_work_say_so(folder: Path):
    wb = open_workbook(folder)
    data = render.minutes_data(wb.record, wb.sheet)
    assert "(none)" in str(render.render_section("prework", data, "html"))


@pytest.mark.parametrize("anonymous", [False, True])
def test_no_pre_work_text_can_inject_into_the_minutes(folder: Path, anonymous: bool):
    wb = open_workbook(folder)
    wb.record.prework_anonymous = anonymous
    members = {}
    for i in range(4):
        p = Prework(
            quarter="2026Q3", answers={q.id: "a" for q in method.GROUP1 + method.GROUP2}, topics=["t"]
        )
        p.scores = {"Q3.KR1": MemberScore(0.2 * i, "w"), "Q3.KR3": MemberScore(0.5, "w")}
        poison(p)
        members[p.member] = p
    sheet = copy.deepcopy(wb.sheet)
    poison(sheet)
    for obj, original in zip(sheet.quarter("Q3"), wb.sheet.quarter("Q3"), strict=True):
        for kr, kept in zip(obj.key_results, original.key_results, strict=True):
            kr.id, kr.kind = kept.id, kept.kind
    wb.record.meeting.attendees = list(members)[:2]
    data = render.minutes_data(wb.record, wb.sheet)
    data.prework = summarise(Loaded(members=members), wb.record, sheet)
    page = str(render.render_section("prework", data, "html"))
    visible = assert_inert_html(page)
    assert "<script>alert(1)</script>" in visible and sum(1 for p in PAYLOADS if p in visible) > 10
    assert_inert_markdown(str(render.render_section("prework", data, "md")))


# --- the notebook and the workbook folder ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_prework_notebook_is_generated_and_is_one_line_of_code(lang: str):
    path = template_path(PREWORK_TEMPLATE, lang)
    assert path.read_text(encoding="utf-8") == prework_text(lang), (
        "regenerate: python -m okrbook.notebook.template"
    )
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [PREWORK_CELL]
    assert all(not c.outputs and c.execution_count is None for c in code)
    intro, run = (c.source for c in nb.cells if c.cell_type == "markdown")
    assert ("姓名" in intro) == (lang == "zh") and ("your name" in intro) == (lang == "en")
    # how to run it in JupyterLab is a cell Voilà leaves out: the form is running there already
    assert "Run All" not in intro and "Run All" in run and "voila prework.ipynb" in run
    assert nb.cells[1].metadata.transient.remove_source is True


def test_a_workbooks_prework_form_is_in_the_workbooks_language(tmp_path: Path):
    for lang in ("zh", "en"):
        wb, _ = new_workbook("2026Q3", SHEET, tmp_path / lang, lang)
        copied = (wb.folder / FOLDER / PREWORK_TEMPLATE).read_text(encoding="utf-8")
        assert copied == prework_text(lang)


def test_new_and_demo_put_the_form_and_the_examples_in_prework(tmp_path: Path):
    wb, _ = new_workbook("2026Q3", SHEET, tmp_path / "new")
    assert sorted(p.name for p in (wb.folder / FOLDER).iterdir()) == [PREWORK_TEMPLATE]
    demo = make_demo(tmp_path / "demo")
    names = sorted(p.stem for p in (demo.folder / FOLDER).glob("*.yaml"))
    assert len(names) >= 4 and (demo.folder / FOLDER / PREWORK_TEMPLATE).exists()
    (demo.folder / FOLDER / "王磊.yaml").write_text("typed by hand", encoding="utf-8")
    make_demo(tmp_path / "demo")  # run again: nothing replaced
    assert (demo.folder / FOLDER / "王磊.yaml").read_text(encoding="utf-8") == "typed by hand"


def test_the_minutes_draw_the_prework_section_from_the_members_files(tmp_path: Path):
    from okrbook.minutes.compose import compose

    demo = make_demo(tmp_path, "en")
    html = compose(demo, None, "html")
    section = html[html.index('<section id="prework">') :]
    assert "Q3.O1.KR2" in section and "two camps" in section
    assert "周婷" in compose(demo, None, "md")


@pytest.mark.kernel
def test_the_prework_notebook_runs_headless_in_the_workbooks_folder(tmp_path: Path):
    from nbclient import NotebookClient

    demo = make_demo(tmp_path, "zh")
    notebook = demo.folder / FOLDER / PREWORK_TEMPLATE
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(notebook.parent)}}).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
