"""The company on a real JupyterHub, in Chromium: each person logs in as themselves and does their part.

The hub is started with the configuration ``okrbook hub config`` writes (PAM
logins, one server per person as their own system user), on 127.0.0.1 and
free ports, for the company ``okrbook hub setup`` made real. The lead runs the
quarter's notebook and types an answer; a member opens the pre-work form in
Voilà at the address the lead's notebook gives, finds their name fixed and
answers; the lead's pre-work section shows it; leadership runs the company's
notebook over both departments; a login the roster lacks is told so.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from okrbook.notebook.binding import control_class
from okrbook.prework.members import FOLDER, load_prework
from tests.browser import artifact, loopback_chromium
from tests.e2e.lab import LabPage, wait_for
from tests.e2e.test_demo_lab import PROMPT as NEWS_PROMPT
from tests.hub.company import GROWTH, PASSWORD, PEOPLE, QUARTER, SALES, SharedPython
from tests.hub.hub import Hub, start_hub, stop_hub, why_no_hub

pytestmark = [pytest.mark.hub, pytest.mark.e2e]

SPAWN_MS = 120_000  # a single-user server starting on a busy two-core machine
STRANGER = "okt_stranger"  # a system user the roster does not list
LEAD_ANSWER = "渠道转化低于预期,新手引导上线晚了两周"
MEMBER_ANSWER = "我负责的渠道培训只完成了一半"
NOTEBOOK = f"{GROWTH}/{QUARTER}/{QUARTER}-retro.ipynb"
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"], [data-mime-type="application/vnd.jupyter.error"]'


@pytest.fixture(scope="module")
def hub(hub_company: Path, python_for_users: SharedPython, tmp_path_factory) -> Iterator[Hub]:
    reason = why_no_hub()
    if reason:
        pytest.skip(reason)
    subprocess.run(["useradd", "--create-home", STRANGER], check=True, capture_output=True)
    subprocess.run(["chpasswd"], input=f"{STRANGER}:{PASSWORD}\n", text=True, check=True)
    state = tmp_path_factory.mktemp("hub-state")
    started = None
    try:
        started = start_hub(hub_company, state, python_for_users)
        yield started
    finally:
        if started is not None:
            stop_hub(started, [login for login, *_ in PEOPLE] + [STRANGER])
        subprocess.run(["userdel", "--remove", STRANGER], check=False, capture_output=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with loopback_chromium() as chromium:
        yield chromium


class HubUser:
    """What :class:`tests.e2e.lab.LabPage` asks of a server, for one person's server behind the hub."""

    def __init__(self, hub: Hub, login: str, page: Page) -> None:
        self.base = f"{hub.base}/user/{login}"
        self.page = page

    def api(self, path: str):
        answer = self.page.request.get(self.base + path)
        return answer.json() if answer.ok else None

    def notebook_url(self, path: str, workspace: str) -> str:
        return f"{self.base}/lab/workspaces/{workspace}/tree/{quote(path)}"

    def session(self, path: str):
        return next((s for s in self.api("/api/sessions") or [] if s["path"] == path), None)

    def kernel_state(self, kernel_id: str) -> str | None:
        kernel = self.api(f"/api/kernels/{kernel_id}")
        return kernel["execution_state"] if kernel else None


def log_in(browser: Browser, hub: Hub, login: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{hub.base}/hub/login")
    page.locator("#username_input").fill(login)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()
    return context, page


def wait_for_server(page: Page, login: str) -> None:
    page.wait_for_url(f"**/user/{login}/**", timeout=SPAWN_MS)


def test_the_company_works_on_the_hub(hub: Hub, hub_company: Path, browser: Browser) -> None:
    # the lead: logs in, opens the quarter's notebook, Run All, types an answer that lands in the record
    lead_context, lead = log_in(browser, hub, "okt_lead")
    try:
        wait_for_server(lead, "okt_lead")
        lab = LabPage(HubUser(hub, "okt_lead", lead), lead)  # type: ignore[arg-type]
        lab.open(NOTEBOOK, "hub-lead", within=120)
        lab.run_all(within=180)
        header = lead.locator(".jp-OutputArea-output", has_text="okt_lead").first
        expect(header).to_be_visible()  # who is logged in, as facilitator
        header.locator("text=okt_lead").first.scroll_into_view_if_needed()
        lead.screenshot(path=artifact("hub-lead-header.png"), full_page=False)
        answer = lab.control("answers.obstacles", "textarea")
        answer.fill("")  # what tests/hub/test_permissions.py left there goes first
        answer.press_sequentially(LEAD_ANSWER)
        record = hub_company / GROWTH / QUARTER / "record.yaml"
        wait_for("the lead's answer in the record", lambda: LEAD_ANSWER in record.read_text("utf-8"), 20)
        link = lead.locator("a", has_text="user-redirect/voila/render").first
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        assert href and href.endswith(quote(f"{GROWTH}/{QUARTER}/{FOLDER}/prework.ipynb")), href
        lead.screenshot(path=artifact("hub-lead-notebook.png"), full_page=False)
        # a minute in, JupyterLab has not asked whether to fetch Jupyter news (the company's .jupyter)
        expect(lead.get_by_text(NEWS_PROMPT)).to_have_count(0)
        # nothing went wrong on the way: among others, no user's file in /tmp another could not replace
        expect(lead.locator(STDERR)).to_have_count(0)

        # a member: the form in Voilà at that address, their name fixed, the file theirs on disk
        member_context, member = log_in(browser, hub, "okt_m1")
        try:
            wait_for_server(member, "okt_m1")
            member.goto(hub.base + href)
            name = member.locator(f".{control_class('name')} input")
            name.wait_for(state="visible", timeout=SPAWN_MS)
            expect(name).to_have_value("李娜")
            expect(name).to_be_disabled()
            field = member.locator(f".{control_class('answers.obstacles')} textarea")
            field.fill("")
            field.press_sequentially(MEMBER_ANSWER)
            mine = hub_company / GROWTH / QUARTER / FOLDER / "李娜.yaml"

            def saved() -> bool:
                return mine.exists() and load_prework(mine).answers.get("obstacles") == MEMBER_ANSWER

            wait_for("the member's answer in their file", saved, 20, page=member)
            assert mine.owner() == "okt_m1"
            member.screenshot(path=artifact("hub-member-voila.png"), full_page=False)
            # the company's notebook is not hers to open
            refused = member.request.get(f"{hub.base}/user/okt_m1/api/contents/company-review.ipynb")
            assert refused.status == 403, (refused.status, refused.text())
        finally:
            member_context.close()

        # the lead's pre-work section shows it
        lab.control("prework.reload").click()
        expect(lab.control("prework.handed_in")).to_contain_text("李娜")
        expect(lab.control("prework.answer.obstacles.李娜.to_whiteboard")).to_have_count(1)  # her answer
        lead.locator(".jp-Notebook").evaluate(
            "(nb, key) => document.querySelector('.' + key).scrollIntoView()",
            control_class("prework.handed_in"),
        )
        lead.screenshot(path=artifact("hub-lead-prework.png"), full_page=False)
    finally:
        lead_context.close()

    # leadership: the company's notebook, reading both departments
    boss_context, boss = log_in(browser, hub, "okt_boss")
    try:
        wait_for_server(boss, "okt_boss")
        review = LabPage(HubUser(hub, "okt_boss", boss), boss)  # type: ignore[arg-type]
        review.open("company-review.ipynb", "hub-boss", within=120)
        review.menu("Run", "Run All Cells")
        for department in (GROWTH, SALES):
            shown = boss.locator(".jp-OutputArea-output", has_text=department).first
            expect(shown).to_be_visible(timeout=120_000)
        expect(boss.locator(STDERR)).to_have_count(0)
        boss.screenshot(path=artifact("hub-leadership-review.png"), full_page=False)
    finally:
        boss_context.close()

    # a login the roster lacks: in, to nothing of okrbook's, and told why
    stranger_context, stranger = log_in(browser, hub, STRANGER)
    try:
        expect(stranger.get_by_text("roster").first).to_be_visible(timeout=SPAWN_MS)
        stranger.screenshot(path=artifact("hub-not-on-roster.png"), full_page=False)
    finally:
        stranger_context.close()
