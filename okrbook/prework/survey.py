"""Import pre-work from an online survey's export: one row per member, one column per question.

Files are read by :func:`okrbook.io.spreadsheet.read_rows` (CSV in UTF-8, BOM or
GBK; XLSX). Headers are matched ignoring case, width, spaces and
punctuation, in Chinese or English: the member's name, each question (its
number ``Q1.1``, its text, its id or a short name), each KR's score (by KR
id or title with a score word, e.g. ``Q3.O1.KR1 得分`` / ``Score: <title>``),
an optional reason per KR (``<KR> 理由`` / ``Why: <KR>``), and the proposed
whiteboard topics. Survey bookkeeping columns (submission time, IP...) are
ignored; any other column is an error naming it: a typo in a question's
header must not silently drop everyone's answers to it.

Everything is read and checked before anything is written; an existing
member file is only replaced with ``force`` (and then kept as a backup). The
replacement is saved as the file's next revision, so a member's form still
open on the old one shows a conflict rather than overwrite the import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from okrbook.core import method
from okrbook.core.sheet import KeyResult, parse_quarter
from okrbook.core.validation import parse_score
from okrbook.errors import OkrbookError
from okrbook.io.spreadsheet import SCAN, cell_text, read_rows
from okrbook.io.workbook import open_workbook
from okrbook.prework.members import FOLDER, MemberScore, Prework, member_key, path_for, save_prework

MEMBER = (
    "姓名", "名字", "你的姓名", "您的姓名", "成员", "填写人", "Name", "Your name", "Member", "Full name",
)  # fmt: skip
TOPICS = (
    "白板议题", "白板话题", "白板问题", "建议上白板的议题", "建议上白板的问题",
    "Whiteboard topics", "Whiteboard topic", "Whiteboard", "Topics", "Proposed topics",
)  # fmt: skip
# Short names of the eight questions, besides their number (Q1.1), id and full text.
SHORT_NAMES = {
    "setting": ("设定问题", "OKR设定", "设定", "Setting", "OKR setting"),
    "completion": ("完成度", "完成情况", "Completion"),
    "obstacles": ("阻碍", "阻碍原因", "Obstacles", "Obstacle"),
    "measures": ("固化措施", "措施", "经验教训", "Measures", "Lessons"),
    "support": ("支撑年度", "承接", "Support"),
    "pace": ("年度进度", "进度", "Pace"),
    "annual_setting": ("年度设定", "年度OKR设定", "Annual setting"),
    "annual_adjustment": ("年度调整", "年度OKR调整", "Annual adjustment", "Adjustment"),
}
# What survey tools add to every export: ignored.
IGNORED = (
    "序号", "编号", "ID", "提交时间", "提交答卷时间", "开始时间", "结束时间", "答题时间", "填写时间",
    "所用时间", "答题时长", "来源", "来源详情", "来自IP", "IP", "IP地址", "微信昵称", "昵称", "邮箱",
    "手机", "手机号", "部门", "总分",
    "Timestamp", "Submitted at", "Submission time", "Start time", "End time", "Completion time",
    "Completed at", "Last modified time", "Duration", "Time taken", "Email", "Email address", "Respondent ID",
    "Response ID", "IP address", "Source", "Department",
)  # fmt: skip
SCORE_WORDS = ("得分", "评分", "打分", "自评", "score", "rating")
WHY_WORDS = ("评分理由", "理由", "原因", "说明", "why", "reason", "comment")
_NUMBERED = re.compile(r"^\s*q?\s*([12])\s*[.．]\s*([1-4])(?!\d)", re.IGNORECASE)
_LEADING_NO = re.compile(r"^\s*(?:第?\s*[0-9一二三四五六七八九十]+\s*[题.、:)）]|[(（]\s*\d+\s*[)）])\s*")
_TOPIC_SPLIT = re.compile(r"\s*(?:\r?\n|[;；])\s*")


def loose(text: object) -> str:
    """The letters and digits of a header: NFKC, case-folded, no spaces, punctuation or symbols."""
    norm = unicodedata.normalize("NFKC", "" if text is None else str(text)).casefold()
    return "".join(c for c in norm if unicodedata.category(c)[0] in "LN")


def _fixed() -> dict[str, str]:
    """loose header → ``member`` / ``topics`` / ``ignore`` / ``answer:<question id>``."""
    table = {loose(n): "member" for n in MEMBER} | {loose(n): "topics" for n in TOPICS}
    table |= {loose(n): "ignore" for n in IGNORED}
    for number, q in method.NUMBERED_QUESTIONS:  # "Q1.3", and "1.3" as a survey may put it
        for name in (q.id, q.zh, q.en, number, number.removeprefix("Q"), *SHORT_NAMES[q.id]):
            table[loose(name)] = f"answer:{q.id}"
    return table


FIXED = _fixed()


@dataclass
class _Columns:
    """What each column of the header row holds: index → target."""

    targets: dict[int, str]
    headers: dict[int, str]  # as written, for messages


def _find_kr(ref: str, krs: Sequence[KeyResult]) -> list[KeyResult]:
    key = loose(ref)
    return [kr for kr in krs if loose(kr.id) == key] or [kr for kr in krs if loose(kr.title) == key]


def _kr_column(header: str, krs: Sequence[KeyResult], quarter: str) -> str | None:
    """``score:<id>`` / ``why:<id>`` for a KR score or reason column; None if no score word is in it."""
    text = unicodedata.normalize("NFKC", header)
    inside = " ".join(re.findall(r"[(\[【]([^)\]】]*)[)\]】]", text))
    outside = re.sub(r"[(\[【][^)\]】]*[)\]】]", " ", text)
    refs: list[tuple[str, str]] = []  # (kind, reference to a KR)
    for kind, words in (("why", WHY_WORDS), ("score", SCORE_WORDS)):
        for candidate in (text, outside):
            key = loose(candidate)
            for word in words:
                if key.startswith(word) and key != word:
                    refs.append((kind, key[len(word) :]))
                elif key.endswith(word) and key != word:
                    refs.append((kind, key[: -len(word)]))
        if loose(outside) in words and loose(inside):  # "Score (Q3.O1.KR1)"
            refs.append((kind, loose(inside)))
        if refs:
            break
    for kind, ref in refs:
        found = _find_kr(ref, krs)
        if len(found) > 1:
            raise OkrbookError("survey_ambiguous_kr", {"ref": header, "ids": ", ".join(k.id for k in found)})
        if found:
            return f"{kind}:{found[0].id}"
    if refs:
        raise OkrbookError("survey_unknown_kr", {"ref": header, "quarter": quarter})
    return None


def classify(header: str, krs: Sequence[KeyResult], quarter: str) -> str | None:
    """What a header names (see :func:`_fixed`, plus ``score:<kr>`` / ``why:<kr>``); None if nothing."""
    for candidate in (header, re.sub(r"[(（【\[].*?[)）】\]]", "", header)):
        if (target := FIXED.get(loose(candidate))) is not None:
            return target
    if len(bare := [kr for kr in krs if loose(kr.id) == loose(header)]) == 1:
        return f"score:{bare[0].id}"
    if m := _NUMBERED.match(unicodedata.normalize("NFKC", header)):  # "Q1.3 阻碍原因", "2.4 年度调整?"
        return FIXED[loose(f"Q{m[1]}.{m[2]}")]
    if found := _kr_column(header, krs, quarter):
        return found
    return FIXED.get(loose(_LEADING_NO.sub("", unicodedata.normalize("NFKC", header))))


def _header_row(rows: Sequence[Sequence[object]]) -> int:
    for i, row in enumerate(rows[:SCAN]):
        if any(FIXED.get(loose(c)) == "member" for c in row):
            return i
    synonyms = ", ".join(MEMBER)
    raise OkrbookError("import_missing_column", {"column": "姓名 / Name", "synonyms": synonyms})


def _columns(header: Sequence[object], at: int, krs: Sequence[KeyResult], quarter: str) -> _Columns:
    targets: dict[int, str] = {}
    headers: dict[int, str] = {}
    unknown: list[str] = []
    first: dict[str, str] = {}
    for i, cell in enumerate(header):
        written = cell_text(cell)
        if not written:
            continue
        try:
            target = classify(written, krs, quarter)
        except OkrbookError as err:
            raise err.located(row=at, column=written) from None
        if target is None:
            unknown.append(written)
            continue
        if target == "ignore":
            continue
        if target in first:
            raise OkrbookError("survey_duplicate_column", {"first": first[target]}, row=at, column=written)
        first[target] = written
        targets[i], headers[i] = target, written
    if unknown:
        columns = ", ".join(f"“{u}”" for u in unknown)
        raise OkrbookError("survey_unknown_columns", {"columns": columns}, row=at, column=unknown[0])
    return _Columns(targets, headers)


def rows_to_prework(
    rows: Sequence[Sequence[object]], krs: Sequence[KeyResult], quarter: str, *, language: str = "zh",
    source: str = "",
) -> list[tuple[int, Prework]]:  # fmt: skip
    """Pure: each member row as (spreadsheet row number, Prework); errors name the row and column."""
    at = _header_row(rows)
    cols = _columns(rows[at], at + 1, krs, quarter)
    member_col = next(i for i, t in cols.targets.items() if t == "member")
    out: list[tuple[int, Prework]] = []
    seen: dict[str, int] = {}
    for r in range(at + 1, len(rows)):
        row = [*rows[r], *[None] * len(rows[at])]
        if not any(cell_text(c) for c in row):
            continue
        name = cell_text(row[member_col])
        if not name:
            raise OkrbookError("required", row=r + 1, column=cols.headers[member_col])
        if member_key(name) in seen:
            params = {"member": name, "first": seen[member_key(name)]}
            raise OkrbookError("survey_duplicate_member", params, row=r + 1, column=cols.headers[member_col])
        seen[member_key(name)] = r + 1
        prework = Prework(quarter=quarter, member=name, language=language, source=source)
        for i, target in cols.targets.items():
            value = cell_text(row[i])
            kind, _, ref = target.partition(":")
            if not value or kind == "member":
                continue
            if kind == "answer":
                prework.answers[ref] = value
            elif kind == "topics":
                prework.topics = [t for t in _TOPIC_SPLIT.split(value) if t]
            else:
                entry = prework.scores.setdefault(ref, MemberScore())
                if kind == "why":
                    entry.why = value
                    continue
                try:
                    entry.score = parse_score(row[i])
                except OkrbookError as err:
                    raise err.located(row=r + 1, column=cols.headers[i]) from None
        prework.scores = {k: v for k, v in prework.scores.items() if v.score is not None or v.why}
        out.append((r + 1, prework))
    if not out:
        raise OkrbookError("import_no_rows")
    return out


def import_survey(path: str | Path, workbook: str | Path, *, force: bool = False) -> list[tuple[str, Path]]:
    """Read a survey export into ``<workbook>/prework/<member>.yaml``; returns (member, file) written.

    Nothing is written unless every row reads, and no member file is replaced without ``force``.
    """
    path = Path(path)
    wb = open_workbook(workbook)
    quarter = str(parse_quarter(wb.record.quarter))
    krs = [kr for o in wb.objectives() for kr in o.key_results]

    def known(row: Sequence[object]) -> int:
        return sum(1 for c in row if cell_text(c) and FIXED.get(loose(c)) not in (None, "ignore"))

    try:
        found = rows_to_prework(
            read_rows(path, known), krs, quarter, language=wb.record.language, source=path.name
        )
    except OkrbookError as err:
        raise err.located(file=path) from None
    folder = wb.folder / FOLDER
    targets: dict[Path, int] = {}
    for row, prework in found:
        try:
            target = path_for(folder, prework.member)
        except OkrbookError as err:
            raise OkrbookError(err.key, err.params, file=path, row=row) from None
        if target in targets:  # two names that make one file name
            params = {"member": prework.member, "first": targets[target]}
            raise OkrbookError("survey_duplicate_member", params, file=path, row=row)
        targets[target] = row
        if target.exists() and not force:
            params = {"path": f"{FOLDER}/{target.name}", "member": prework.member}
            raise OkrbookError("survey_member_exists", params, file=path, row=row)
    folder.mkdir(exist_ok=True)
    written = []
    for (_, prework), target in zip(found, targets, strict=True):
        save_prework(target, prework, check_conflict=not force)
        written.append((prework.member, target))
    return written
