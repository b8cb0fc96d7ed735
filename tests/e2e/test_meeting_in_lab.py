"""The meeting as a lead runs it: JupyterLab in Chromium, a kernel killed mid-meeting, the minutes read offline.

The first three tests are one meeting, in order: what the first types, the
second expects back after the kernel is killed and the third finds in the
minutes. A stage whose predecessor failed is skipped rather than failed
again for the same reason.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from okrbook import i18n
from okrbook.core import method
from okrbook.core.record import Record
from okrbook.io import stores
from okrbook.io.stores import RECORD_NAME
from tests.browser import artifact, offline_page_in
from tests.e2e.lab import LabPage, LabServer, wait_for

pytestmark = pytest.mark.e2e

NOTEBOOK = "{lang}/2026Q3/2026Q3-retro.ipynb"
ANSWER = "设定问题:目标把两件事粘在了一起"
KR = "Q3.O1.KR1"  # computed 0.2; its weight is 0.4, so the final score 0.5 cannot be mistaken for it
SCORE = 0.5
WHITEBOARD = "渠道伙伴和直销在抢同一批客户,边界由谁来定?"
HOMEWORK = "列出渠道与直销重叠的客户名单"
OWNER = "李娜"
# "Saved at once": the debounce is 0.5 s; two seconds leave room for a busy two-core machine.
SAVED_WITHIN = 2.0
STDERR = "application/vnd.jupyter.stderr"


@dataclass
class LiveMeeting:
    """The Chinese workbook open in JupyterLab, and how far the meeting has got."""

    lab_page: LabPage
    folder: Path
    due: dt.date
    stages: set[str] = field(default_factory=set)
    ids: dict[str, str] = field(default_factory=dict)  # what the meeting added: whiteboard / homework

    def after(self, stage: str) -> None:
        if stage not in self.stages:
            pytest.skip(f"the meeting did not get past '{stage}' (see the test that failed before this one)")

    def record_soon(self, what: str, holds: Callable[[Record], bool]) -> Record:
        """The record on disk once it ``holds``, which must happen within SAVED_WITHIN seconds."""

        def probe() -> Record | None:
            record = stores.load_record(self.folder / RECORD_NAME)
            return record if holds(record) else None

        return wait_for(f"{what} in {RECORD_NAME}", probe, SAVED_WITHIN, page=self.lab_page.page)


@pytest.fixture(scope="module")
def zh(lab: LabServer, new_lab_page: Callable[[], LabPage]) -> Iterator[LiveMeeting]:
    notebook = NOTEBOOK.format(lang="zh")
    lab_page = new_lab_page()
    lab_page.open(notebook, workspace="zh")
    due = dt.date.today() + dt.timedelta(days=21)
    # resolved, as the kernel names it in the export's status line
    yield LiveMeeting(lab_page, (lab.root / "zh" / "2026Q3").resolve(), due)
    lab.close_session(notebook)


def expect_every_section(lab_page: LabPage, lang: str) -> None:
    """Each section's title in the workbook's language over a form with fields; no traceback anywhere."""
    page = lab_page.page
    for number, section in enumerate(method.SECTIONS, start=1):
        title = f"{number}. {section.title(lang)}"
        heading = page.locator("h3", has_text=re.compile(f"^{re.escape(title)}$"))
        form = page.locator(".jp-OutputArea-output").filter(has=heading)
        form.locator("h3").first.scroll_into_view_if_needed()
        expect(form.locator("h3").first).to_be_visible()
        expect(form.locator("input, textarea, select, button").filter(visible=True).first).to_be_visible()
    # one widget per section and the export panel, and nothing else: no warning, no traceback
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has=page.locator(".jupyter-widgets"))).to_have_count(len(method.SECTIONS) + 1)
    expect(outputs).to_have_count(len(method.SECTIONS) + 1)
    expect(lab_page.outputs(STDERR)).to_have_count(0)
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)


def test_every_form_shows_and_each_answer_is_saved_as_typed(zh: LiveMeeting) -> None:
    lab_page = zh.lab_page
    lab_page.run_all()
    expect_every_section(lab_page, "zh")

    answer = lab_page.control("answers.setting", "textarea")
    answer.click()
    answer.press_sequentially(ANSWER)
    zh.record_soon("the Q1.1 answer", lambda r: r.answers.get("setting") == ANSWER)
    assert answer.evaluate("el => el === document.activeElement"), "saved without leaving the field"

    score = lab_page.control(f"kr.{KR}.final", "input")
    score.fill(str(SCORE))
    score.press("Enter")
    zh.record_soon(
        f"{KR}'s final score", lambda r: KR in r.kr_reviews and r.kr_reviews[KR].final_score == SCORE
    )

    lab_page.control("whiteboard.new.text", "textarea").fill(WHITEBOARD)
    lab_page.control("whiteboard.new.add").click()
    record = zh.record_soon("the whiteboard item", lambda r: any(w.text == WHITEBOARD for w in r.whiteboard))
    zh.ids["whiteboard"] = next(w.id for w in record.whiteboard if w.text == WHITEBOARD)

    lab_page.control("homework.new.text", "input").fill(HOMEWORK)
    lab_page.control("homework.new.owner", "input").fill(OWNER)
    lab_page.control("homework.new.due", "input").fill(zh.due.isoformat())
    lab_page.control("homework.new.add").click()

    def handed_out(r: Record) -> bool:
        return any((h.text, h.owner, h.due) == (HOMEWORK, OWNER, zh.due) for h in r.homework)

    record = zh.record_soon("the homework item", handed_out)
    zh.ids["homework"] = next(h.id for h in record.homework if h.text == HOMEWORK)
    assert lab_page.attempted == [], f"JupyterLab tried to leave loopback: {lab_page.attempted}"
    zh.stages.add("typed")


def test_a_kernel_killed_mid_meeting_loses_nothing(zh: LiveMeeting, lab: LabServer) -> None:
    zh.after("typed")
    lab_page = zh.lab_page
    kernel = lab_page.kernel_id()
    pids = lab.kernel_pids(kernel)
    assert len(pids) == 1, f"kernel {kernel}: processes {pids}"
    os.kill(pids[0], signal.SIGKILL)

    # JupyterLab says the kernel died and the server restarts it; the lead clicks Ok and runs all again
    lab_page.dismiss_dialog(within=15)

    def restarted() -> bool:
        fresh = [p for p in lab.kernel_pids(kernel) if p != pids[0]]
        return bool(fresh) and lab.kernel_state(kernel) == "idle"

    wait_for("the kernel to restart", restarted, 60, every=0.2, page=lab_page.page)
    lab_page.clear_outputs()
    lab_page.run_all()
    expect_every_section(lab_page, "zh")

    wid, hid = zh.ids["whiteboard"], zh.ids["homework"]
    expect(lab_page.control("answers.setting", "textarea")).to_have_value(ANSWER)
    expect(lab_page.control(f"kr.{KR}.final", "input")).to_have_value(f"{SCORE:.1f}")
    expect(lab_page.control(f"whiteboard.{wid}.text", "textarea")).to_have_value(WHITEBOARD)
    expect(lab_page.control(f"homework.{hid}.text", "input")).to_have_value(HOMEWORK)
    expect(lab_page.control(f"homework.{hid}.owner", "input")).to_have_value(OWNER)
    expect(lab_page.control(f"homework.{hid}.due", "input")).to_have_value(zh.due.isoformat())
    zh.stages.add("restored")


# The text in the column headed ``heading`` of the first table row that starts with ``kr_id``.
SCORE_CELL = """([krId, heading]) => {
    for (const table of document.querySelectorAll("table")) {
        const heads = [...table.querySelectorAll("thead tr:last-child > *")].map(c => c.textContent.trim());
        const col = heads.indexOf(heading);
        if (col < 0) continue;
        for (const row of table.querySelectorAll("tbody tr")) {
            const cells = [...row.children].map(c => c.textContent.trim());
            if (cells[0] === krId) return cells[col];
        }
    }
    return null;
}"""


def test_minutes_exported_from_the_button_open_offline(
    zh: LiveMeeting, browser: Browser, lab: LabServer
) -> None:
    zh.after("restored")
    lab_page = zh.lab_page
    minutes = zh.folder / "2026Q3-minutes.html"
    assert not minutes.exists(), "the minutes checked below must be the ones this click writes"
    lab_page.control("export.html").click()
    # named as the file browser shows it: from the lab's root, where the lead finds it at once
    shown = minutes.relative_to(lab.root.resolve()).as_posix()
    expect(lab_page.control("export.status")).to_contain_text(shown, timeout=120_000)
    assert minutes.is_file()

    with offline_page_in(browser) as (page, attempted):
        page.goto(minutes.as_uri())
        expect(page.locator("section#group1").get_by_text(ANSWER)).to_be_visible()
        expect(page.locator("section#whiteboard").get_by_text(WHITEBOARD)).to_be_visible()
        expect(page.locator("section#homework").get_by_text(HOMEWORK)).to_be_visible()
        expect(page.locator("section#homework").get_by_text(OWNER).first).to_be_visible()
        assert page.evaluate(SCORE_CELL, [KR, i18n.label("score", "zh")]) == f"{SCORE:.1f}"
        page.screenshot(path=str(artifact("e2e-minutes-zh.png")), full_page=True)
        assert attempted == [], f"the minutes tried to load {attempted}"


def test_an_english_workbook_shows_english_labels(
    lab: LabServer, new_lab_page: Callable[[], LabPage]
) -> None:
    notebook = NOTEBOOK.format(lang="en")
    lab_page = new_lab_page()
    try:
        lab_page.open(notebook, workspace="en")
        lab_page.run_all()
        expect_every_section(lab_page, "en")
        setting = method.GROUP1[0]
        question = lab_page.page.locator(".jp-OutputArea-output h4", has_text=setting.text("en"))
        expect(question).to_have_text(f"Q1.1 {setting.text('en')}")
        expect(lab_page.control("answers.setting", "textarea")).to_have_attribute(
            "placeholder", setting.intent("en")
        )
        expect(lab_page.control(f"kr.{KR}.final", "label")).to_have_text(i18n.label("final_score", "en"))
        expect(lab_page.control("export.html")).to_have_text(i18n.label("form_export_html", "en"))
        assert lab_page.attempted == [], f"JupyterLab tried to leave loopback: {lab_page.attempted}"
    finally:
        lab.close_session(notebook)
