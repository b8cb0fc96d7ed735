"""Headless Chromium (Debian's, driven by Playwright) for tests that look at pages as a reader does.

Playwright cannot download its own browser here; the tests use Debian's
``chromium`` package, which ``scripts/setup.sh test`` installs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from okrbook.minutes import pdf

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

CHROMIUM_ARGS = list(pdf.CHROMIUM_ARGS)  # the flags the PDF minutes print with
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# What a page may load when it is meant to work offline.
LOCAL_URLS = ("file:", "data:", "about:")
# A browser for a server on this machine: every other host name fails to resolve.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def chromium_path() -> str:
    found = pdf.find_chromium()
    if found is None:
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh test")
    return found


def launch_chromium(pw: Playwright, *extra_args: str) -> Browser:
    """Debian's Chromium with the shared flags, plus whatever a test adds."""
    return pw.chromium.launch(executable_path=chromium_path(), args=[*CHROMIUM_ARGS, *extra_args])


@contextmanager
def loopback_chromium() -> Iterator[Browser]:
    """Chromium that reaches only 127.0.0.1 (a lab or a hub the test started), closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw, LOOPBACK_ONLY)
        try:
            yield chromium
        finally:
            chromium.close()


def block_requests(context: BrowserContext, allowed: tuple[str, ...] = LOCAL_URLS) -> list[str]:
    """Abort every request of ``context`` whose URL does not start with ``allowed``.

    Returns the list the blocked URLs are appended to, so a test can say what
    a page tried to fetch.
    """
    attempted: list[str] = []

    def block(route: Route) -> None:
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    context.route("**/*", block)
    return attempted


@contextmanager
def offline_page_in(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page of ``browser`` in a context where every non-file request is blocked and recorded."""
    context = browser.new_context(offline=True, java_script_enabled=True)
    try:
        attempted = block_requests(context)
        yield context.new_page(), attempted
    finally:
        context.close()


@contextmanager
def offline_page() -> Iterator[tuple[Page, list[str]]]:
    """The same, in a Chromium of its own (for tests that have none started)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            with offline_page_in(browser) as opened:
                yield opened
        finally:
            browser.close()


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
