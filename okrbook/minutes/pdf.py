"""PDF minutes: the HTML minutes printed by the machine's Chromium, as a reader would print them.

Playwright drives the Chromium already installed (Debian's ``chromium``, or
the one ``OKRBOOK_CHROMIUM`` names) with ``executable_path``, as nbconvert's
``webpdf`` does; it never downloads a browser. A4, backgrounds kept, each
section on a new page (the page's print style), the fonts the page uses
embedded by Chromium, so Chinese prints with the machine's CJK font.
"""

from __future__ import annotations

import os
import shutil
import threading
from typing import Any

from okrbook.errors import OkrbookError

CHROMIUM_ENV = "OKRBOOK_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# A closed network and a root user: no sandbox, no GPU, nothing that calls home.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MARGINS = {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}


def find_chromium() -> str | None:
    """The Chromium to print with: ``OKRBOOK_CHROMIUM``, else the first on the PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named if os.path.exists(named) else shutil.which(named)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained HTML page to A4 PDF bytes; okrbook's own error when no browser is at hand.

    Playwright's synchronous API refuses to run inside an event loop (a Jupyter
    server's, a kernel's), so the printing has a thread of its own.
    """
    chromium = find_chromium()
    if chromium is None:
        raise OkrbookError("pdf_no_chromium")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise OkrbookError("pdf_no_playwright") from None
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
                try:
                    page = browser.new_page()
                    page.set_content(html, wait_until="load")
                    page.emulate_media(media="print")
                    result["pdf"] = page.pdf(format="A4", print_background=True, margin=MARGINS)
                finally:
                    browser.close()
        except PlaywrightError as err:
            result["error"] = OkrbookError(
                "pdf_failed", {"browser": chromium, "reason": str(err).splitlines()[0]}
            )
        except BaseException as err:  # handed to the caller's thread, where it belongs
            result["error"] = err

    thread = threading.Thread(target=work, name="okrbook-pdf", daemon=True)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["pdf"]
