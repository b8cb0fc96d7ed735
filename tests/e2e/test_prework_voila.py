"""A member fills in their pre-work in Voilà, as the README tells a team to: the form, no code, saved as typed.

Voilà runs the kernel in the notebook's folder (``prework/``), not the workbook's, and shows
only the outputs; this checks the form finds its workbook from there, that nothing of the
code or an error is on the page, and that what the member types reaches their file on disk.
Every request the page makes beyond 127.0.0.1 is blocked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from okrbook import i18n
from okrbook.errors import OkrbookError
from okrbook.io.workbook import Workbook, make_demo
from okrbook.notebook.binding import control_class
from okrbook.prework.members import FOLDER, Prework, file_name, load_prework
from tests.browser import artifact, block_requests
from tests.e2e.lab import wait_for
from tests.e2e.voila import VoilaServer, start_voila, stop_voila

pytestmark = pytest.mark.e2e

MEMBER = "周婷"  # offered (she owns KRs) but has handed in nothing in the example: the form starts her file
KR = "Q3.O3.KR1"  # one of hers, so its score field is on show without unfolding the others' KRs
ANSWER = "目标写成了任务清单,没有说清要改变客户的什么行为"
SCORE = 0.6
WHY = "渠道培训只完成了一半"
# The debounce is 0.5 s; three seconds leave room for a busy two-core machine.
SAVED_WITHIN = 3.0
# Voilà starts a kernel per page and runs the notebook before the form shows.
FORM_WITHIN_MS = 45_000
ICONS = "/@fortawesome/"  # Voilà's page asks a CDN for Font Awesome icons; the form needs none of them
ERROR_OUTPUTS = (
    '[data-mime-type="application/vnd.jupyter.stderr"], [data-mime-type="application/vnd.jupyter.error"]'
)


@pytest.fixture
def workbook(tmp_path: Path) -> Workbook:
    return make_demo(tmp_path / "demo", "zh")


@pytest.fixture
def voila(workbook: Workbook, tmp_path: Path) -> Iterator[VoilaServer]:
    server = start_voila(workbook.folder / FOLDER / "prework.ipynb", tmp_path / "voila-state")
    try:
        yield server
    finally:
        stop_voila(server)
        assert not server.leftovers(), "Voilà or one of its kernels outlived stop_voila"


def test_member_fills_in_prework_in_voila(voila: VoilaServer, workbook: Workbook, browser: Browser) -> None:
    started = time.monotonic()
    path = workbook.folder / FOLDER / file_name(MEMBER)
    assert not path.exists()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    attempted = block_requests(context, allowed=(f"{voila.base}/",))
    page = context.new_page()
    try:
        page.goto(voila.url)
        name = page.locator(f".{control_class('name')} input")
        name.wait_for(state="visible", timeout=FORM_WITHIN_MS)

        # a form app: the code is stripped from the page, and nothing failed
        assert "open_prework" not in page.content()
        # the page says what to fill in, and not to run anything from JupyterLab's menu
        expect(page.get_by_text(i18n.guide("prework_use", "zh").replace("**", "")[:12])).to_be_visible()
        assert "Run All" not in page.inner_text("body") and "Run →" not in page.content()
        expect(page.locator(".jp-CodeCell .jp-InputArea")).to_have_count(0)
        expect(page.locator(ERROR_OUTPUTS)).to_have_count(0)
        offered = page.locator(f".{control_class('name')} datalist option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        assert MEMBER in offered, f"the attendees offered: {offered}"

        name.fill(MEMBER)
        name.press("Enter")  # continuous_update=False: the name counts once it is entered
        page.locator(f".{control_class('answers.setting')} textarea").fill(ANSWER)
        page.locator(f".{control_class(f'score.{KR}')} input").fill(str(SCORE))
        page.locator(f".{control_class(f'why.{KR}')} input").fill(WHY)

        def saved() -> Prework | None:
            try:
                prework = load_prework(path)
            except OkrbookError:  # not written yet
                return None
            done = prework.answers.get("setting") == ANSWER and prework.score_of(KR) == SCORE
            return prework if done and prework.scores[KR].why == WHY else None

        prework = wait_for(f"the answers in {FOLDER}/{path.name}", saved, SAVED_WITHIN, page=page)
        assert (prework.member, prework.quarter, prework.source) == (MEMBER, "2026Q3", "form")
        # the status line, redrawn from the saver's thread, reaches the page too
        expect(page.get_by_text(f"{FOLDER}/{path.name}")).to_be_visible()
        expect(page.locator(ERROR_OUTPUTS)).to_have_count(0)
        assert "Traceback" not in page.locator("body").inner_text()

        # coming back (a new page, so a new kernel) under the same name shows the answers again
        page.reload()
        name.wait_for(state="visible", timeout=FORM_WITHIN_MS)
        name.fill(MEMBER)
        name.press("Enter")
        expect(page.locator(f".{control_class('answers.setting')} textarea")).to_have_value(ANSWER)
        expect(page.locator(f".{control_class(f'score.{KR}')} input")).to_have_value(str(SCORE))
        # what the README promises: offline, only Voilà's icon stylesheets are missing
        assert all(ICONS in url for url in attempted), f"requests beyond 127.0.0.1: {attempted}"
    except Exception as err:
        try:
            page.screenshot(path=str(artifact("e2e-failed-prework-voila.png")))
        except Exception as shot:  # a screenshot must not hide the failure it documents
            err.add_note(f"no screenshot: {shot}")
        err.add_note(f"requests blocked: {attempted}\nVoilà's log:\n{voila.log_tail()}")
        raise
    finally:
        context.close()
    print(f"form filled in, saved and reopened {time.monotonic() - started:.1f} s after Voilà answered")
