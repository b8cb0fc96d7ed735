"""Fixtures of the end-to-end tests: one JupyterLab for the session, one Chromium per module.

Chromium lives per module, not per session: Playwright's sync API cannot be
started twice in one thread, and tests/test_export.py starts its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from okrbook import i18n
from okrbook.io.workbook import make_demo
from tests.browser import artifact, block_requests, loopback_chromium
from tests.e2e.lab import LabPage, LabServer, start_lab, stop_lab

# No host name resolves: whatever a page asks for beyond 127.0.0.1 fails at once.
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 30_000
# Pages open now, so a failing test can leave a screenshot of what the lead would have seen.
OPEN_PAGES: list[LabPage] = []


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example department's Q3 workbook in each language: ``zh/2026Q3/``, ``en/2026Q3/``."""
    root = tmp_path_factory.mktemp("lab-root")
    for lang in i18n.LANGS:
        make_demo(root / lang, lang)
    return root


@pytest.fixture(scope="session")
def lab(lab_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(lab_root, tmp_path_factory.mktemp("lab-state"))
    try:
        yield server
    finally:
        stop_lab(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # assertions wait longer than Playwright's 5 s default: two cores serve the lab, a kernel and Chromium
    expect.set_options(timeout=15_000)
    with loopback_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def new_lab_page(lab: LabServer, browser: Browser) -> Iterator[Callable[[], LabPage]]:
    """Make pages on the lab, each in its own context where only the lab's own URLs may load."""
    contexts: list[BrowserContext] = []

    def make() -> LabPage:
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        attempted = block_requests(context, allowed=(f"{lab.base}/",))
        page = LabPage(lab, context.new_page(), attempted)
        OPEN_PAGES.append(page)
        return page

    yield make
    OPEN_PAGES.clear()
    for context in contexts:
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for n, open_page in enumerate(OPEN_PAGES):
            try:
                open_page.page.screenshot(path=str(artifact(f"e2e-failed-{item.name}-{n}.png")))
            except Exception as err:  # a screenshot must not hide the failure it documents
                report.sections.append(("e2e screenshot", f"none taken: {err}"))
