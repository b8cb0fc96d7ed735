"""The notebook's "export minutes" buttons: the same export as ``okrbook export``, one click away.

Pending edits are saved first, so the minutes hold what was just typed. The
export runs in a thread: it starts a second kernel (nbclient) to run the
workbook headless, and the meeting's kernel stays free to show progress.
"""

from __future__ import annotations

import os
import posixpath
import threading
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as W

from okrbook.core import method
from okrbook.errors import OkrbookError

if TYPE_CHECKING:
    from okrbook.notebook.lead_form import LeadForm

FORMATS = (("html", "form_export_html"), ("md", "form_export_md"), ("pdf", "form_export_pdf"))


def lab_path(written: Path, folder: Path, session: str | None = None) -> str:
    """The minutes' path as JupyterLab's file browser shows it: from the server's root folder.

    Jupyter Server tells the kernel its notebook's path from that root
    (``JPY_SESSION_NAME``); the minutes sit beside the notebook. Without it
    (another front end), or for a file elsewhere, the full path.
    """
    session = os.environ.get("JPY_SESSION_NAME") if session is None else session
    try:
        inside = written.resolve().relative_to(folder.resolve())
    except ValueError:
        return str(written)
    if not session or posixpath.isabs(session):
        return str(written)
    return posixpath.join(posixpath.dirname(session), inside.as_posix())


def export_panel(m: LeadForm) -> W.VBox:
    status = W.HTML()
    buttons = [
        W.Button(description=m.label(key), icon="file", layout=W.Layout(width="auto")) for _, key in FORMATS
    ]
    for button, (fmt, _) in zip(buttons, FORMATS, strict=True):
        button.on_click(lambda _b, fmt=fmt: start(fmt))
        m.controls[f"export.{fmt}"] = button
    m.controls["export.status"] = status

    def say(text: str, style: str = "color:#666") -> None:
        status.value = f'<span style="{style}">{escape(text)}</span>'

    def run(fmt: str) -> None:
        from okrbook.minutes.export import export_minutes

        def progress(done: int, total: int, section: str) -> None:
            title = method.section_title(section, m.lang)
            say(m.message("export_running", done=done, total=total, section=title))

        try:
            path = export_minutes(m.wb.folder, fmt, progress=progress)
        except OkrbookError as err:
            say(err.render(m.lang), "color:#c62828;font-weight:bold")
        except Exception as err:  # a bug, or a kernel that could not start: say so, keep the meeting
            say(f"{type(err).__name__}: {err}", "color:#c62828;font-weight:bold")
        else:
            say(m.message("export_written_lab", path=lab_path(path, m.wb.folder)), "color:#2e7d32")
        finally:
            for button in buttons:
                button.disabled = False

    def start(fmt: str) -> None:
        if not m.flush():
            say(m.message("form_export_unsaved"), "color:#c62828;font-weight:bold")
            return
        for button in buttons:
            button.disabled = True
        say(m.message("export_running", done=0, total="…", section=""))
        threading.Thread(target=run, args=(fmt,), name="okrbook-export", daemon=True).start()

    title = W.HTML(f"<h3>{escape(m.label('form_export_title'))}</h3>")
    return W.VBox([title, W.HBox(buttons), status])
