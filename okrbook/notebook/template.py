"""The quarter's notebook template (``notebooks/quarterly_retro.ipynb``), generated.

The template's guidance repeats each question's text and intent, which live
in :mod:`okrbook.core.method` alone; generating the notebook from there keeps the
two from drifting (a test compares the file with :func:`build_template`).
The members' pre-work form (``notebooks/prework.ipynb``) is generated here
too. Regenerate both after changing the method or the guidance::

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

from okrbook.core import method
from okrbook.io.workbook import PREWORK_TEMPLATE, template_path

OPEN_CELL = "from okrbook.notebook.meeting import open_meeting; meeting = open_meeting()"

INTRO = (
    "# 季度 OKR 复盘 · Quarterly OKR retrospective",
    "**使用方法**:在菜单中选择 *Run → Run All Cells*,从上到下运行。每个回答都在输入时自动保存到本文件夹的 "
    "`record.yaml`,每个环节顶部的“已保存”一行会告诉你保存的时间;无需修改任何代码。"
    "如果提示记录已被其他人修改,点“重新加载”。",
    "**How to use**: choose *Run → Run All Cells* to run the notebook top to bottom. Every answer is saved "
    "to `record.yaml` in this folder as you type, and the “saved at” line at the top of each section says "
    "when; you never edit code. If it says someone else changed the record, click “Reload”.",
    "目标是在一小时左右得出结论:每个环节都有时间预算,点“开始本环节”开始计时。\n"
    "The aim is a result in about an hour: each section has a time budget; click “Start this section” "
    "to start its clock.",
)

# What the lead does at each step: (简体中文, English). The questions come from okrbook.core.method.
EXPORT_GUIDE = (
    "## 导出纪要 · Export the minutes\n\n"
    "会后导出纪要发给全部门:HTML 文件可离线打开、可打印,Markdown 适合贴到 wiki。"
    "也可以在终端运行 `okrbook export .`。\n\n"
    "*After the meeting, export the minutes for the department: the HTML file opens offline and "
    "prints well; Markdown pastes into a wiki. In a terminal: `okrbook export .`*"
)

GUIDANCE = {
    "header": (
        "开会前填好日期、主持人和参会人;需要时调整各环节的时间预算(默认合计约 60 分钟)。",
        "Before you start: the date, the facilitator and who is here; adjust the time budgets if "
        "needed (about 60 minutes in all by default).",
    ),
    "homework_review": (
        "先回顾上次会议留下的家庭作业:逐项标记已完成、仍未完成或已放弃,并写一句说明。仍未完成的会带到下个季度。",
        "Start with the homework the last meeting handed out: mark each item done, still open or "
        "dropped, with a note. What is still open carries over to next quarter.",
    ),
    "big_picture": (
        "用一两分钟重温大图:团队的定位、目标和价值主张,客户是谁,客户的真正需求是什么。有变化就直接修改。"
        "年度 OKR 是用一年表达的长期价值,它应当从这里来。",
        "Spend a minute or two on the big picture: the team's positioning, goals and value "
        "proposition, who the customer is and what they really need. Edit it if it changed. "
        "Annual OKRs are long-term value expressed for one year; they should come from here.",
    ),
    "prework": (
        "会前每位成员在 `prework/prework.ipynb` 中写下自己的回答和 KR 评分(也可用 `okrbook prework import` "
        "导入问卷)。这里并排展示:谁交了、谁没交;每个 KR 的成员评分、负责人自评和计算得分,分歧最大的在前;"
        "每个问题各人的回答。分歧大的 KR 或回答,一键放上白板。",
        "Before the meeting each member writes their own answers and KR scores in `prework/prework.ipynb` "
        "(or a survey is imported with `okrbook prework import`). Here they are side by side: who handed in "
        "and who did not; each KR's members' scores beside the owner's and the computed one, most contested "
        "first; every member's answer to each question. Put a contested KR or answer on the whiteboard in "
        "one click.",
    ),
    "group1": (
        "着眼于本季度 OKR 的设定与执行。",
        "This quarter's OKRs: how they were set and carried out.",
    ),
    "group2": (
        "着眼于季度 OKR 和年度 OKR 之间的承接:一个季度的价值在于推动了多少年度目标。",
        "How the quarter carries the year: a quarter is judged by how much it moved the annual objectives.",
    ),
    "whiteboard": (
        "把讨论中最有争议的根本问题写上白板,标明它涉及定位、目标、价值主张、客户还是需求。"
        "当场能解决的写下结论;解决不了的一键转为家庭作业。",
        "Write the most contested fundamental questions on the whiteboard, tagged by what they touch: "
        "positioning, goals, value proposition, customer or need. Settle what you can and write the "
        "resolution; make the rest homework in one click.",
    ),
    "homework": (
        "一次会议解决不了的问题交给具体的人:写清内容、负责人和截止日期。下次复盘开场时回顾。",
        "What one meeting cannot settle goes to a person: what, who, and by when. The next "
        "retrospective starts by reviewing it.",
    ),
}


def _questions(questions: tuple[method.Question, ...], lang: str) -> str:
    return "\n".join(f"- **{method.question_number(q)} {q.text(lang)}** {q.intent(lang)}" for q in questions)


def section_markdown(section: method.Section) -> str:
    zh, en = GUIDANCE[section.id]
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
    cells = [new_markdown_cell("\n\n".join(INTRO), id="intro"), new_code_cell(OPEN_CELL, id="open-meeting")]
    for section in method.SECTIONS:
        meta = {"okrbook": {"section": section.id}}
        cells.append(new_markdown_cell(section_markdown(section), id=f"{section.id}-guide", metadata=meta))
        cells.append(new_code_cell(f"meeting.{section.id}()", id=f"{section.id}-form", metadata=meta))
    cells.append(new_markdown_cell(EXPORT_GUIDE, id="export-guide"))
    cells.append(new_code_cell("meeting.export()", id="export", metadata={"okrbook": {"section": "export"}}))
    return _notebook(cells)


def _notebook(cells: list) -> nbformat.NotebookNode:
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
PREWORK_INTRO = (
    "# 会前作业 · Pre-work",
    "**填写方法**:在 JupyterLab 中选择 *Run → Run All Cells*;"
    "用 Voilà 打开时(`voila prework.ipynb`)表单已就绪。在表单里选择"
    "或输入你的姓名,然后回答两组问题、给你负责的 KR 打分(其他 KR 可选),并提出你想在会上讨论的白板议题。"
    "每次修改都会自动保存到本文件夹中以你的姓名命名的文件;无需修改任何代码。",
    "**How to fill it in**: in JupyterLab choose *Run → Run All Cells*; opened with Voilà "
    "(`voila prework.ipynb`) the form is already there. Choose or type your name in the form, "
    "then answer the two groups of "
    "questions, score the KRs you own (the others if you like) and propose topics for the whiteboard. "
    "Every change is saved as you type to a file named after you in this folder; you never edit code.",
)


def build_prework() -> nbformat.NotebookNode:
    """The member's form: one Markdown cell and one line of code, so Voilà shows only the form."""
    cells = [
        new_markdown_cell("\n\n".join(PREWORK_INTRO), id="prework-intro"),
        new_code_cell(PREWORK_CELL, id="prework-form"),
    ]
    return _notebook(cells)


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
