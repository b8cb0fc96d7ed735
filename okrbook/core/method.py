"""The retrospective method: its two groups of questions and its vocabulary.

This is the one place a question's text lives. The record stores each answer
under the question's ``id``; the workbook's forms and the minutes look the
text up here, in the workbook's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Question:
    id: str
    zh: str
    en: str
    intent_zh: str
    intent_en: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def intent(self, lang: str) -> str:
        return self.intent_zh if lang == "zh" else self.intent_en


GROUP1 = (
    Question(
        "setting",
        "季度 OKR 的设定是否有问题?",
        "Was the quarter's OKR set badly?",
        "用显微镜看设定:目标是否把两件事粘在一起,KR 是否写成了任务,KR 是否支撑目标。",
        "Put the OKRs under the microscope: two goals glued together, KRs that are tasks, "
        "KRs that do not serve their objective.",
    ),
    Question(
        "completion",
        "目标和 KR 的完成度如何?",
        "How far were the objectives and KRs achieved?",
        "逐条确认 KR 的最终得分;承诺型目标应达到 1.0,挑战型目标 0.7 左右即为好结果。",
        "Agree each KR's final score; a committed objective should reach 1.0, "
        "an aspirational one does well at about 0.7.",
    ),
    Question(
        "obstacles",
        "阻碍完成的原因是什么?",
        "What got in the way?",
        "对得分低于 0.7 的 KR 追问原因:资源、依赖、目标不对、执行还是外部因素?",
        "For each KR below 0.7 ask why: resources, a dependency, the wrong goal, "
        "execution, or something external?",
    ),
    Question(
        "measures",
        "如何通过对经验教训的反思,固化措施,确保正确的事情可以保持,错误的事情不再发生?",
        "What measures lock in the lessons, so what went right keeps happening "
        "and what went wrong does not recur?",
        "把经验教训写成继续做 / 停止做 / 开始做,落到责任人。",
        "Turn the lessons into keep / stop / start, each measure with an owner.",
    ),
)

GROUP2 = (
    Question(
        "support",
        "季度目标是否紧密支撑年度目标?",
        "Do the quarter's objectives closely support the annual ones?",
        "连接器:战略 → 年度 → 季度。季度的价值在于推动了多少年度目标。",
        "The connector: strategy → annual → quarter. A quarter is judged by how much it moved the year.",
    ),
    Question(
        "pace",
        "按照当前的进度,年度目标是否可以达成?",
        "At the current pace, will the annual objectives be met?",
        "看每个年度 KR 的预测:已达成的节奏与剩余季度需要的节奏。",
        "Look at each annual KR's projection: the pace achieved against the pace "
        "the remaining quarters need.",
    ),
    Question(
        "annual_setting",
        "年度 OKR 是否设定得当?",
        "Were the annual OKRs set right?",
        "年度 OKR 是用一年表达的长期价值:它们还反映团队的定位和客户的真正需求吗?",
        "Annual OKRs are long-term value expressed for one year: do they still reflect "
        "the team's positioning and the customer's real needs?",
    ),
    Question(
        "annual_adjustment",
        "年度 OKR 是否需要作出调整?",
        "Do the annual OKRs need adjusting?",
        "如需调整,写明哪个年度 KR、怎么调(新目标值、新表述或删除)和理由。",
        "If so, name the annual KR, the change (a new target, a new wording, or dropping it), and why.",
    ),
)

GROUPS = {"group1": GROUP1, "group2": GROUP2}
QUESTION_IDS = {group: [q.id for q in questions] for group, questions in GROUPS.items()}
# The one numbering of the questions: ``Q1.1`` … ``Q2.4``, in the forms, the notebook's guide,
# the members' form, a survey's headers and the minutes alike.
NUMBERED_QUESTIONS = tuple(
    (f"Q{g}.{n}", q) for g, questions in enumerate(GROUPS.values(), 1) for n, q in enumerate(questions, 1)
)
_NUMBER_OF = {q.id: number for number, q in NUMBERED_QUESTIONS}


def question_number(question: Question | str) -> str:
    """``Q1.3`` for the obstacles question (or its id)."""
    return _NUMBER_OF[question if isinstance(question, str) else question.id]


# The fundamentals a whiteboard item can touch (the big picture's parts).
WHITEBOARD_TAGS = ("positioning", "goals", "value_proposition", "customer", "need", "other")
# Why a KR fell short (Q1.3).
OBSTACLE_CATEGORIES = ("resources", "dependency", "wrong_goal", "execution", "external", "other")
HOMEWORK_STATUSES = ("open", "done", "dropped")
VERDICTS = ("on_track", "at_risk", "off_track")
# What an adjustment of an annual KR (Q2.4) proposes: a new target number, a new wording, or dropping it.
ADJUSTMENT_CHANGES = ("target", "wording", "drop")
LESSON_KINDS = ("keep", "stop", "start")
BIG_PICTURE_FIELDS = ("positioning", "goals", "customer", "needs", "value_proposition")


class Section(NamedTuple):
    """One part of the meeting, in agenda order: the forms, the notebook and the minutes share this list."""

    id: str
    zh: str
    en: str
    # the key in Record.agenda whose time budget the section spends (None: not timed)
    agenda: str | None

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


SECTIONS = (
    Section("header", "会议信息", "Meeting", None),
    Section("homework_review", "上季度家庭作业回顾", "Last quarter's homework", "homework_review"),
    Section("big_picture", "大图", "The big picture", "big_picture"),
    # the members' pre-work side by side; looked at within the groups' time, so not timed itself
    Section("prework", "会前作业", "Pre-work", None),
    Section(
        "group1",
        "第一组:本季度 OKR 的设定与执行",
        "Group 1: this quarter's OKRs, how they were set and carried out",
        "group1",
    ),
    Section(
        "group2",
        "第二组:季度 OKR 对年度 OKR 的承接",
        "Group 2: how the quarter carries the year",
        "group2",
    ),
    Section("whiteboard", "白板", "The whiteboard", "whiteboard_homework"),
    Section("homework", "家庭作业", "Homework", "whiteboard_homework"),
)
SECTION_IDS = tuple(s.id for s in SECTIONS)
SECTION_BY_ID = {s.id: s for s in SECTIONS}


def section_number(section_id: str) -> int:
    """A section's place in the agenda, from 1: the notebook's headings and the forms' titles."""
    return SECTION_IDS.index(section_id) + 1


def section_title(section_id: str, lang: str) -> str:
    """A section's title as the forms, the notebook and the minutes all show it."""
    return SECTION_BY_ID[section_id].title(lang)
