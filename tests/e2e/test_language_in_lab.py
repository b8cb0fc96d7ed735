"""Each language whole, as a lead sees it in JupyterLab: an English workbook shows no Chinese but the
department's own data, a Chinese workbook no English sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser import artifact
from tests.e2e.lab import LabPage, LabServer
from tests.e2e.test_meeting_in_lab import NOTEBOOK, expect_every_section
from tests.language import CJK, cjk_outside, department_strings, strip_data

pytestmark = pytest.mark.e2e

# Everything a person reads in the notebook: text, fields' values, and what shows on hover or in an empty field.
PAGE_TEXT = """() => {
    // the workbook's own: its rendered guidance and its cells' outputs, not JupyterLab's toolbars
    const parts = [];
    const shown = el => el.checkVisibility();  // a hidden label's title never shows on hover
    for (const part of document.querySelectorAll(
        ".jp-NotebookPanel:not(.lm-mod-hidden) :is(.jp-MarkdownOutput, .jp-OutputArea-output)"
    )) {
        parts.push(part.innerText);
        for (const el of [...part.querySelectorAll("[placeholder], [title], [aria-label]")].filter(shown)) {
            for (const name of ["placeholder", "title", "aria-label"]) {
                if (el.getAttribute(name)) parts.push(el.getAttribute(name));
            }
        }
        for (const option of part.querySelectorAll("option")) parts.push(option.textContent);
        // a text field's value (a checkbox's "on" is no word on the page)
        for (const field of part.querySelectorAll("textarea, input:not([type=checkbox], [type=radio])")) {
            parts.push(field.value);
        }
    }
    return parts.join("\\n");
}"""


def department_data(folder: Path) -> list[str]:
    """The department's own words: its sheet, its records (this quarter's and the earlier ones'), its members'."""
    root = folder.parent
    files = [root / "okrs.yaml", *root.glob("*/record.yaml"), *folder.glob("prework/*.yaml")]
    return department_strings(f for f in files if f.is_file())


def run_workbook(lab: LabServer, lab_page: LabPage, lang: str) -> str:
    notebook = NOTEBOOK.format(lang=lang)
    lab_page.open(notebook, workspace=f"language-{lang}")
    lab_page.run_all()
    expect_every_section(lab_page, lang)
    page = lab_page.page
    # each section on screen once, for the eye (the screenshots are kept as artifacts)
    for n, heading in enumerate(page.locator(".jp-OutputArea-output h3").all()):
        heading.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)  # JupyterLab draws the cells scrolled into view
        page.screenshot(path=str(artifact(f"e2e-language-{lang}-{n:02d}.png")))
    text = page.evaluate(PAGE_TEXT)
    artifact(f"e2e-language-{lang}.txt").write_text(text, encoding="utf-8")
    return text


def test_an_english_workbook_shows_no_chinese_but_the_departments_own(
    lab: LabServer, new_lab_page: Callable[[], LabPage]
) -> None:
    folder = lab.root / "en" / "2026Q3"
    try:
        text = run_workbook(lab, new_lab_page(), "en")
    finally:
        lab.close_session(NOTEBOOK.format(lang="en"))
    assert CJK.search(text), "the department's data is Chinese: the page must show it"
    leftover = cjk_outside(text, department_data(folder))
    assert not leftover, f"Chinese outside the department's data: {sorted(set(leftover))[:40]}"


# What a Chinese page may show in Latin letters: the method's own terms, ids, file names, units,
# JupyterLab's menu (its own UI is English) and the commands a lead types.
LATIN_ALLOWED = re.compile(r"^(?:OKR|KR|[A-Z]|HTML|Markdown|PDF|wiki|okrbook|export|English)$")
# a JupyterLab menu path, e.g. *File → Save and Export Notebook As → Okrbook_minutes*
_MENU_ITEM = r"[A-Za-z][A-Za-z_]*(?: [A-Za-z_]+)*"
MENU_PATH = re.compile(rf"{_MENU_ITEM}(?: → {_MENU_ITEM})+")


def test_a_chinese_workbook_shows_no_english_sentence(
    lab: LabServer, new_lab_page: Callable[[], LabPage]
) -> None:
    folder = lab.root / "zh" / "2026Q3"
    try:
        text = run_workbook(lab, new_lab_page(), "zh")
    finally:
        lab.close_session(NOTEBOOK.format(lang="zh"))
    text = MENU_PATH.sub(" ", strip_data(text, department_data(folder)))
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    foreign = sorted({w for w in words if not LATIN_ALLOWED.match(w)})
    assert not foreign, f"English words on the Chinese page: {foreign}"
    # and no run of three English words: a sentence, whatever its words
    assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", text)
