"""The meeting's gestures as a lead makes them in JupyterLab (issue 11), in Chromium.

Each test works on a workbook of its own (``gestures/2026Q3``, made from the
example department), so what one types never meets another test's record.
The browser console is watched throughout: a widget update the front end could
not apply, or a model it never received ("Could not process update msg",
"widget model not found"), is a failure even when the page
happens to look right.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, expect

from okrbook import i18n
from okrbook.core import method
from okrbook.core.record import Record
from okrbook.io import stores
from okrbook.io.stores import RECORD_NAME
from okrbook.io.workbook import make_demo
from tests.browser import artifact
from tests.e2e.lab import LabPage, LabServer, wait_for
from tests.e2e.test_meeting_in_lab import expect_every_section

pytestmark = pytest.mark.e2e

NOTEBOOK = "gestures/2026Q3/2026Q3-retro.ipynb"
SAVED_WITHIN = 2.0  # the debounce is 0.5 s; room for a busy two-core machine
RUNS = 10
# what the browser console says when a widget message was lost or came before a model it names
WIDGET_FAILURES = ("Could not process update msg", "widget model not found")


def widget_failure(console_text: str) -> bool:
    return any(failure in console_text for failure in WIDGET_FAILURES)


@dataclass
class Gestures:
    lab_page: LabPage
    folder: Path
    console: list[str] = field(default_factory=list)

    def record_soon(self, what: str, holds: Callable[[Record], bool]) -> Record:
        def probe() -> Record | None:
            record = stores.load_record(self.folder / RECORD_NAME)
            return record if holds(record) else None

        return wait_for(f"{what} in {RECORD_NAME}", probe, SAVED_WITHIN, page=self.lab_page.page)

    def failed_updates(self) -> list[str]:
        return [text for text in self.console if widget_failure(text)]


@pytest.fixture(scope="module")
def gestures(lab: LabServer, new_lab_page: Callable[[], LabPage]) -> Iterator[Gestures]:
    make_demo(lab.root / "gestures", "zh")
    lab_page = new_lab_page()
    state = Gestures(lab_page, (lab.root / "gestures" / "2026Q3").resolve())

    def seen(message: ConsoleMessage) -> None:
        state.console.append(message.text)

    lab_page.page.on("console", seen)
    lab_page.open(NOTEBOOK, workspace="gestures")
    lab_page.run_all()
    yield state
    lab.close_session(NOTEBOOK)


KR = "Q3.O1.KR1"  # computed 0.2: below 0.7, so Q1.3 asks about it


def test_attendees_are_added_by_enter_and_by_a_paste(gestures: Gestures) -> None:
    lab_page = gestures.lab_page
    box = lab_page.control("meeting.attendees.input", "input")
    box.click()
    box.press_sequentially("周婷")
    box.press("Enter")
    gestures.record_soon("周婷 by Enter", lambda r: r.meeting.attendees == ["周婷"])
    expect(box).to_have_value("")
    box.click()
    # a paste is one input event carrying the whole text
    box.evaluate("(el, text) => document.execCommand('insertText', false, text)", "王磊、李娜,陈晨")
    box.press("Enter")
    gestures.record_soon(
        "three pasted names", lambda r: r.meeting.attendees == ["周婷", "王磊", "李娜", "陈晨"]
    )
    expect(box).to_have_value("")
    expect(lab_page.control("meeting.attendees[0].remove")).to_have_text("周婷 ✕")


def test_a_final_score_is_saved_while_typing_and_the_obstacle_heading_follows(gestures: Gestures) -> None:
    lab_page = gestures.lab_page
    heading = lab_page.control(f"kr.{KR}.obstacle_heading")
    expect(heading).to_contain_text("0.2")
    score = lab_page.control(f"kr.{KR}.final", "input")
    score.click()
    score.press_sequentially("0.4")
    gestures.record_soon(
        f"{KR}'s final score", lambda r: KR in r.kr_reviews and r.kr_reviews[KR].final_score == 0.4
    )
    assert score.evaluate("el => el === document.activeElement"), "saved without leaving the field"
    expect(heading).to_contain_text("0.4")
    expect(heading).not_to_contain_text("0.2")


def test_one_click_accepts_the_proposed_verdicts(gestures: Gestures) -> None:
    from okrbook.notebook.groups import projections

    lab_page = gestures.lab_page
    record = stores.load_record(gestures.folder / RECORD_NAME)
    sheet = stores.load_sheet(gestures.folder / record.sheet)
    proposed = {k: p.verdict for k, p in projections(sheet, "Q3").items() if p.verdict}
    assert proposed and not record.verdicts
    button = lab_page.control("verdicts.accept_all")
    button.scroll_into_view_if_needed()
    button.click()
    gestures.record_soon("the proposed verdicts", lambda r: r.verdicts == proposed)
    first = sorted(proposed)[0]
    label = i18n.label(f"verdict_{proposed[first]}", "zh")  # a Dropdown's <option> values are its labels
    expect(lab_page.control(f"verdict.{first}", "select")).to_have_value(label)


def test_an_adjustment_proposes_a_new_wording_with_its_reason(gestures: Gestures) -> None:
    lab_page = gestures.lab_page
    kr = lab_page.control("adjustments.new.annual_kr", "select")
    kr.scroll_into_view_if_needed()
    annual = (kr.locator("option").nth(1).get_attribute("value") or "").split()[0]  # "A1.KR1 月活跃企业数"
    kr.select_option(index=1)
    lab_page.control("adjustments.new.change").get_by_text(i18n.label("adjust_wording", "zh")).click()
    wording = "月活跃企业数达到 2000 家,其中付费企业 600 家"
    lab_page.control("adjustments.new.new_title", "input").fill(wording)
    lab_page.control("adjustments.new.why", "input").fill("只看活跃不看付费,目标会被刷量")
    lab_page.control("adjustments.new.add").click()

    def proposed(r: Record) -> bool:
        return any(
            (a.annual_kr, a.change, a.new_title) == (annual, "wording", wording) for a in r.adjustments
        )

    gestures.record_soon("the new wording", proposed)
    expect(lab_page.control("adjustments[0].new_title", "input")).to_have_value(wording)


# Every button's label fits it: none is cut off (ipywidgets ellipsises a label too long for its button).
CUT_BUTTONS = (
    """bs => bs.filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1).map(b => b.innerText)"""
)
# A field's label (its ``description``) cut short by the width ipywidgets gives it.
CUT_LABELS = (
    """ls => ls.filter(l => l.offsetParent && l.scrollWidth > l.clientWidth + 1).map(l => l.innerText)"""
)
# Table cells that wrapped a short word one character per line (难/达/成).
WRAPPED_CELLS = """cells => cells.filter(c => {
    const text = c.innerText.trim();
    if (!c.offsetParent || text.length < 2 || text.length > 6 || /\\s/.test(text)) return false;
    const range = document.createRange();
    range.selectNodeContents(c);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    return lines.size > 1;
}).map(c => c.innerText.trim())"""


def test_group_1_and_group_2_at_1280_by_900(gestures: Gestures) -> None:
    """Screenshots kept in test-artifacts/ (``e2e-group1-1280x900-<n>.png``...): nothing cut off at a laptop's size."""
    lab_page = gestures.lab_page
    page = lab_page.page
    scroller = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
    with at_a_laptop(page):
        for section in ("group1", "group2"):
            heading, form = section_form(page, section, "zh")
            heading.scroll_into_view_if_needed()
            heading.evaluate("h => h.scrollIntoView({block: 'start'})")
            # the evidence unfolded, as the lead shows it to the team
            folded = form.locator(".jupyter-widget-Collapse:not(.jupyter-widget-Collapse-open)")
            for _ in range(folded.count()):
                folded.first.locator(".jupyter-widget-Collapse-header").first.click()
            heading.evaluate("h => h.scrollIntoView({block: 'start'})")
            shot = 0
            while True:
                page.screenshot(path=str(artifact(f"e2e-{section}-1280x900-{shot}.png")))
                shot += 1
                bottom = form.evaluate("el => el.getBoundingClientRect().bottom")
                if bottom <= 900 or shot >= 12:
                    break
                scroller.evaluate("el => el.scrollBy(0, 760)")
                page.wait_for_timeout(300)
            cut = form.locator("button").evaluate_all(CUT_BUTTONS)
            assert cut == [], f"{section}: buttons whose label is cut off: {cut}"
            wrapped = form.locator("td, th").evaluate_all(WRAPPED_CELLS)
            assert wrapped == [], f"{section}: table cells wrapped a character per line: {wrapped}"


def test_no_control_of_any_section_is_cut_off_at_1280(gestures: Gestures) -> None:
    """Buttons and field labels of every section are whole at 1280×900: the agenda, the lists."""
    expect_nothing_cut(gestures.lab_page, "zh")


def test_no_control_of_an_english_workbook_is_cut_off_at_1280(
    lab: LabServer, new_lab_page: Callable[[], LabPage]
) -> None:
    """English labels are longer ("Review of last quarter's homework"): whole all the same."""
    make_demo(lab.root / "gestures-en", "en")
    notebook = "gestures-en/2026Q3/2026Q3-retro.ipynb"
    lab_page = new_lab_page()
    try:
        lab_page.open(notebook, workspace="gestures-en")
        lab_page.run_all()
        expect_nothing_cut(lab_page, "en")
    finally:
        lab.close_session(notebook)


def expect_nothing_cut(lab_page: LabPage, lang: str) -> None:
    page = lab_page.page
    with at_a_laptop(page):
        for section in method.SECTIONS:
            heading, form = section_form(page, section.id, lang)
            heading.evaluate("h => h.scrollIntoView({block: 'start'})")
            if section.id in ("header", "whiteboard", "homework"):
                page.screenshot(path=str(artifact(f"e2e-{section.id}-{lang}-1280x900.png")))
            cut = form.locator("button").evaluate_all(CUT_BUTTONS)
            assert cut == [], f"{section.id}: buttons whose label is cut off: {cut}"
            labels = form.locator(".widget-label, .widget-label-basic").evaluate_all(CUT_LABELS)
            assert labels == [], f"{section.id}: field labels cut off: {labels}"


@contextmanager
def at_a_laptop(page: Page) -> Iterator[None]:
    """1280×900 with the file browser folded away, as a lead works; the lab's usual size after."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()  # folds it
    try:
        yield
    finally:
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()
        page.set_viewport_size({"width": 1400, "height": 1000})


def section_form(page: Page, section_id: str, lang: str) -> tuple[Locator, Locator]:
    """A section's heading and the output that holds its form."""
    title = f"{method.section_number(section_id)}. {method.SECTION_BY_ID[section_id].title(lang)}"
    heading = page.locator("h3", has_text=re.compile(f"^{re.escape(title)}$"))
    return heading, page.locator(".jp-OutputArea-output").filter(has=heading)


def restart_kernel(lab_page: LabPage, lab: LabServer) -> None:
    """Kernel → Restart Kernel…, accepted, then the outputs cleared: the next Run All is a fresh kernel's."""
    kernel = lab_page.kernel_id()
    lab_page.menu("Kernel", "Restart Kernel…")
    assert lab_page.dismiss_dialog(within=15) is not None, "no restart dialog"
    wait_for("the kernel to restart", lambda: lab.kernel_state(kernel) == "idle", 60, 0.2, lab_page.page)
    lab_page.clear_outputs()


def test_run_all_ten_times_in_a_fresh_kernel_draws_the_prework_every_time(
    gestures: Gestures, lab: LabServer
) -> None:
    lab_page = gestures.lab_page
    handed_in = i18n.label("prework_handed_in", "zh")
    for run in range(RUNS):
        restart_kernel(lab_page, lab)
        before = len(gestures.console)
        lab_page.run_all()
        expect_every_section(lab_page, "zh")
        prework = lab_page.control("prework.handed_in")
        expect(prework, f"run {run + 1}: the pre-work section is empty").to_contain_text(handed_in)
        failed = [t for t in gestures.console[before:] if widget_failure(t)]
        assert not failed, f"run {run + 1}: the browser console says {failed}"
    assert gestures.failed_updates() == []
