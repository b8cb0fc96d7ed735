"""Headless Chromium (Debian's, driven by Playwright) for tests that look at pages as a reader does.

Playwright cannot download its own browser here; the tests use Debian's
``chromium`` package, which ``scripts/setup.sh test`` installs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Debian's chromium is not installed: run scripts/setup.sh test")


@contextmanager
def offline_page() -> Iterator[tuple[object, list[str]]]:
    """A page in a context where every non-file request is blocked and recorded."""
    from playwright.sync_api import sync_playwright

    attempted: list[str] = []

    def block(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, java_script_enabled=True)
            context.route("**/*", block)
            page = context.new_page()
            yield page, attempted
        finally:
            browser.close()


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
