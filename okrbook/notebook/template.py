"""The quarter's notebook templates (``notebooks/quarterly_retro.ipynb``, ``.en.ipynb``), generated.

The template's guidance (its texts in :data:`okrbook.i18n.GUIDES`) repeats each
question's text and intent, which live in :mod:`okrbook.core.method` alone;
generating the notebook from both keeps them from drifting (a test compares
the file with :func:`build_template`). The members' pre-work form
(``notebooks/prework.ipynb``, ``prework.en.ipynb``) is generated here too.
Regenerate them after changing the method or the guidance::

    python -m okrbook.notebook.template

Each notebook is in one language, the workbook's (``okrbook new --lang``
picks the file): each section is a short Markdown cell for the lead and one
code line that shows its form; the lead never edits code. Cell ids are fixed, so
the file only changes when its content does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from okrbook import i18n
from okrbook.core import method
from okrbook.io.workbook import PREWORK_TEMPLATE, TEMPLATE, template_name, template_path

OPEN_CELL = "from okrbook.notebook.meeting import open_meeting; meeting = open_meeting()"


def _intro(lang: str) -> str:
    use, time = i18n.guide("retro_use", lang), i18n.guide("retro_time", lang)
    return "\n\n".join((f"# {i18n.guide('retro_title', lang)}", use, time))


def _export_guide(lang: str) -> str:
    return f"## {i18n.guide('export_title', lang)}\n\n{i18n.guide('export', lang)}"


def _questions(questions: tuple[method.Question, ...], lang: str) -> str:
    return "\n".join(f"- **{method.question_number(q)} {q.text(lang)}** {q.intent(lang)}" for q in questions)


def section_markdown(section: method.Section, lang: str) -> str:
    """A section's heading, its guidance and its questions, in the workbook's language only."""
    parts = [
        f"## {method.section_number(section.id)}. {section.title(lang)}",
        i18n.guide(f"section_{section.id}", lang),
    ]
    questions = method.GROUPS.get(section.id)
    if questions:
        parts.append(_questions(questions, lang))
    return "\n\n".join(parts)


def build_template(lang: str = "zh") -> nbformat.NotebookNode:
    """The template notebook in ``lang``: intro, the cell that opens the meeting, then each section."""
    cells = [new_markdown_cell(_intro(lang), id="intro"), new_code_cell(OPEN_CELL, id="open-meeting")]
    for section in method.SECTIONS:
        meta = {"okrbook": {"section": section.id}}
        guide = section_markdown(section, lang)
        cells.append(new_markdown_cell(guide, id=f"{section.id}-guide", metadata=meta))
        cells.append(new_code_cell(f"meeting.{section.id}()", id=f"{section.id}-form", metadata=meta))
    cells.append(new_markdown_cell(_export_guide(lang), id="export-guide"))
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


def template_text(lang: str = "zh") -> str:
    return nbformat.writes(build_template(lang)) + "\n"


# --- the member's pre-work form (notebooks/prework.ipynb) ---------------------------------------

PREWORK_CELL = "from okrbook.notebook.prework_form import open_prework; open_prework()"


def build_prework(lang: str = "zh") -> nbformat.NotebookNode:
    """The member's form: Markdown and one line of code, so Voilà shows only the form.

    How to run it in JupyterLab is a cell of its own that Voilà, which runs it
    already, leaves out (nbconvert's ``transient.remove_source``).
    """
    intro = f"# {i18n.guide('prework_title', lang)}\n\n{i18n.guide('prework_use', lang)}"
    cells = [
        new_markdown_cell(intro, id="prework-intro"),
        new_markdown_cell(
            i18n.guide("prework_run", lang), id="prework-run", metadata={"transient": {"remove_source": True}}
        ),
        new_code_cell(PREWORK_CELL, id="prework-form"),
    ]
    return notebook_of(cells)


def prework_text(lang: str = "zh") -> str:
    return nbformat.writes(build_prework(lang)) + "\n"


def write_template(folder: Path | None = None) -> list[Path]:
    """Write every language's template and pre-work form where ``okrbook new`` copies them from."""
    written = []
    for lang in i18n.LANGS:
        for name, text in ((TEMPLATE, template_text(lang)), (PREWORK_TEMPLATE, prework_text(lang))):
            path = template_path(name, lang) if folder is None else folder / template_name(name, lang)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    print(*write_template(Path(sys.argv[1]) if len(sys.argv) > 1 else None), sep="\n")
