"""The quarter's notebook template (``notebooks/quarterly_retro.ipynb``), generated.

The template's guidance (its texts in :data:`okrbook.i18n.GUIDES`) repeats each
question's text and intent, which live in :mod:`okrbook.core.method` alone;
generating the notebook from both keeps them from drifting (a test compares
the file with :func:`build_template`). The members' pre-work form
(``notebooks/prework.ipynb``) is generated here too. Regenerate both after
changing the method or the guidance::

    python -m okrbook.notebook.template

Each section is a short bilingual Markdown cell for the lead and one code
line that shows its form; the lead never edits code. Cell ids are fixed, so
the file only changes when its content does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from okrbook import i18n
from okrbook.core import method
from okrbook.io.workbook import PREWORK_TEMPLATE, template_path

OPEN_CELL = "from okrbook.notebook.meeting import open_meeting; meeting = open_meeting()"


def _both(key: str) -> tuple[str, str]:
    return i18n.GUIDES[key]


def _intro() -> str:
    title, (use_zh, use_en), (time_zh, time_en) = (
        _both("retro_title"),
        _both("retro_use"),
        _both("retro_time"),
    )
    return "\n\n".join((f"# {title[0]} · {title[1]}", use_zh, use_en, f"{time_zh}\n{time_en}"))


def _export_guide() -> str:
    (title_zh, title_en), (zh, en) = _both("export_title"), _both("export")
    return f"## {title_zh} · {title_en}\n\n{zh}\n\n*{en}*"


def _questions(questions: tuple[method.Question, ...], lang: str) -> str:
    return "\n".join(f"- **{method.question_number(q)} {q.text(lang)}** {q.intent(lang)}" for q in questions)


def section_markdown(section: method.Section) -> str:
    zh, en = _both(f"section_{section.id}")
    parts = [f"## {method.section_number(section.id)}. {section.zh} · {section.en}", zh]
    questions = method.GROUPS.get(section.id)
    if questions:
        parts.append(_questions(questions, "zh"))
    parts.append(f"*{en}*")
    if questions:
        parts.append(_questions(questions, "en"))
    return "\n\n".join(parts)


def build_template() -> nbformat.NotebookNode:
    """The template notebook: intro, the cell that opens the meeting, then each section."""
    cells = [new_markdown_cell(_intro(), id="intro"), new_code_cell(OPEN_CELL, id="open-meeting")]
    for section in method.SECTIONS:
        meta = {"okrbook": {"section": section.id}}
        cells.append(new_markdown_cell(section_markdown(section), id=f"{section.id}-guide", metadata=meta))
        cells.append(new_code_cell(f"meeting.{section.id}()", id=f"{section.id}-form", metadata=meta))
    cells.append(new_markdown_cell(_export_guide(), id="export-guide"))
    cells.append(new_code_cell("meeting.export()", id="export", metadata={"okrbook": {"section": "export"}}))
    return notebook_of(cells)


def notebook_of(cells: list) -> nbformat.NotebookNode:
    """A notebook that opens with no kernel dialog (kernelspec set) and no stored output."""
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def template_text() -> str:
    return nbformat.writes(build_template()) + "\n"


# --- the member's pre-work form (notebooks/prework.ipynb) ---------------------------------------

PREWORK_CELL = "from okrbook.notebook.prework_form import open_prework; open_prework()"


def _prework_intro() -> str:
    (title_zh, title_en), (use_zh, use_en) = _both("prework_title"), _both("prework_use")
    return "\n\n".join((f"# {title_zh} · {title_en}", use_zh, use_en))


def build_prework() -> nbformat.NotebookNode:
    """The member's form: one Markdown cell and one line of code, so Voilà shows only the form."""
    cells = [
        new_markdown_cell(_prework_intro(), id="prework-intro"),
        new_code_cell(PREWORK_CELL, id="prework-form"),
    ]
    return notebook_of(cells)


def prework_text() -> str:
    return nbformat.writes(build_prework()) + "\n"


def write_template(path: Path | None = None) -> Path:
    """Write the template where ``okrbook new`` copies it from (``notebooks/`` in a checkout)."""
    path = path or template_path()
    path.write_text(template_text(), encoding="utf-8")
    return path


def write_prework(path: Path | None = None) -> Path:
    path = path or template_path(PREWORK_TEMPLATE)
    path.write_text(prework_text(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_template(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
    if len(sys.argv) == 1:
        print(write_prework())
