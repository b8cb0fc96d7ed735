"""JupyterLab's own export menu writes okrbook's minutes: File → Save and Export Notebook As."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Browser, expect

from okrbook.io import stores
from tests.browser import artifact, offline_page_in
from tests.e2e.lab import LabPage, LabServer

NOTEBOOK = "en/2026Q3/2026Q3-retro.ipynb"
ANSWER = "Partner onboarding slipped two months <b>not bold</b>"


def test_the_server_lists_the_okrbook_exporters(lab: LabServer) -> None:
    formats = lab.api("/api/nbconvert")
    for name in ("okrbook_minutes", "okrbook_minutes_md", "okrbook_minutes_pdf"):
        assert name in formats
    assert formats["okrbook_minutes"]["output_mimetype"] == "text/html"


def test_save_and_export_as_okrbook_minutes_opens_offline(
    lab: LabServer, new_lab_page: Callable[[], LabPage], browser: Browser
) -> None:
    record_path = lab.root / "en" / "2026Q3" / "record.yaml"
    record = stores.load_record(record_path)
    record.answers["obstacles"] = ANSWER
    stores.save_record(record_path, record)
    lab_page = new_lab_page()
    try:
        lab_page.open(NOTEBOOK, workspace="export-menu")
        page = lab_page.page
        page.locator(".lm-MenuBar-item", has_text=re.compile("^File$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Save and Export Notebook As$")).hover()
        item = page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Okrbook_minutes$"))
        with lab_page.page.context.expect_event("page"), page.expect_download(timeout=120_000) as download:
            item.click()
        saved = artifact("e2e-export-menu.html")
        download.value.save_as(saved)
        assert download.value.suggested_filename == "2026Q3-retro.html"
    finally:
        lab.close_session(NOTEBOOK)

    with offline_page_in(browser) as (reader, attempted):
        reader.goto(saved.as_uri())
        expect(reader.locator("section#group1").get_by_text(ANSWER)).to_be_visible()
        expect(reader.locator("section#group2")).to_be_visible()
        assert reader.locator("b", has_text="not bold").count() == 0, "the answer stays text"
        reader.screenshot(path=str(artifact("e2e-export-menu.png")), full_page=False)
        assert attempted == [], f"the minutes tried to load {attempted}"
