"""``okrbook demo``'s JupyterLab, as a new user meets it: no "get notified about Jupyter news?" prompt.

The demo starts JupyterLab with its own config folder first on the Jupyter
config path (:func:`okrbook.cli.demo_lab_env`). The same JupyterLab without it,
and with a new user's settings, asks: that is the control, so the test shows
the demo's config is what keeps the prompt away.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from okrbook.cli import demo_lab_env
from okrbook.io.workbook import make_demo
from tests.browser import artifact, block_requests
from tests.e2e.lab import start_lab, stop_lab

pytestmark = pytest.mark.e2e

PROMPT = "Would you like to get notified about official Jupyter news?"


def prompt_shown(browser: Browser, root: Path, state: Path, env: dict[str, str], shot: str) -> bool:
    lab = start_lab(root, state, quiet=False, env=env)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        block_requests(context, allowed=(f"{lab.base}/",))
        page = context.new_page()
        page.goto(f"{lab.base}/lab/tree/2026Q3/2026Q3-retro.ipynb?token={lab.token}")
        page.locator(".jp-NotebookPanel").first.wait_for(state="visible", timeout=60_000)
        try:
            expect(page.get_by_text(PROMPT)).to_be_visible(timeout=15_000)
            shown = True
        except AssertionError:
            shown = False
        page.screenshot(path=str(artifact(shot)))
        return shown
    finally:
        context.close()
        stop_lab(lab)


def test_the_demos_jupyterlab_does_not_ask_about_jupyter_news(browser: Browser, tmp_path: Path) -> None:
    root = tmp_path / "okrbook-demo"
    make_demo(root, "en")
    plain = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    assert prompt_shown(browser, root, tmp_path / "plain", plain, "e2e-demo-plain-lab.png"), (
        "the control: a JupyterLab without the demo's config asks a new user"
    )
    assert not prompt_shown(browser, root, tmp_path / "demo", demo_lab_env(root), "e2e-demo-lab.png")
