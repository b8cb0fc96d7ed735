"""The members' pre-work side by side: what the lead's section and the minutes both show.

A pure function of the folder as read (:func:`okrbook.prework.members.load_folder`),
the record and the sheet: who handed in and who did not, every answer per
question, every KR's scores with their divergence (most contested first),
the proposed whiteboard topics, and the problems found on the way. With
``record.prework_anonymous`` names become "成员 A" / "Member A".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from okrbook import i18n
from okrbook.core import method
from okrbook.core.numbers import format_score
from okrbook.core.record import Record
from okrbook.core.scoring import computed_score
from okrbook.core.sheet import KeyResult, Objective, Sheet, parse_quarter
from okrbook.errors import OkrbookError
from okrbook.prework.divergence import Divergence, divergence
from okrbook.prework.members import FOLDER, Loaded, MemberScore, Prework, load_folder, member_key


def hand_in(expected: Iterable[str], members: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """(expected and handed in, expected and missing, handed in but not expected), names as expected."""
    expected, members = list(dict.fromkeys(expected)), list(members)
    have = {member_key(m) for m in members}
    wanted = {member_key(e) for e in expected}
    handed = [e for e in expected if member_key(e) in have]
    missing = [e for e in expected if member_key(e) not in have]
    extra = [m for m in members if member_key(m) not in wanted]
    return handed, missing, extra


def letters(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA: a label for the n-th anonymous member."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def anonymous_letters(members: Iterable[str], salt: str) -> dict[str, str]:
    """Each member's letter, in an order set by a hash rather than by name or by attendance list.

    ``salt`` (the quarter) keeps a member from having the same letter every quarter.
    """
    order = sorted(members, key=lambda m: hashlib.sha256(f"{salt}\n{member_key(m)}".encode()).hexdigest())
    return {m: letters(i) for i, m in enumerate(order)}


@dataclass
class KRRow:
    """One quarterly KR: the computed score, the owner's own, every member's, and how they diverge."""

    objective: Objective
    kr: KeyResult
    computed: float | None
    owner_score: float | None
    scores: list[tuple[str, MemberScore]]  # (member, their score), in the summary's member order
    divergence: Divergence

    @property
    def key(self) -> str:
        return f"kr:{self.kr.id}"

    def camps(self) -> tuple[list[str], list[str]]:
        """The members in the low and the high camp (empty unless the scores split)."""
        if self.divergence.level != "split":
            return [], []
        cut = max(self.divergence.low)
        low = [m for m, s in self.scores if round(s.score or 0.0, 6) <= cut]
        return low, [m for m, _ in self.scores if m not in low]

    def values(self) -> str:
        """``0.3 / 0.3 / 0.8``: the scores without names, sorted (for the whiteboard)."""
        return " / ".join(
            format_score(v) for v in sorted(s.score for _, s in self.scores if s.score is not None)
        )


@dataclass
class Summary:
    quarter: str
    lang: str
    anonymous: bool
    expected: list[str]
    expected_from: str  # "attendees"; "owners" (the sheet's) while the header names nobody
    handed_in: list[str]
    missing: list[str]
    unexpected: list[str]  # handed in, but neither an attendee nor (without attendees) an owner
    members: dict[str, Prework]  # in display order
    names: dict[str, str]
    krs: list[KRRow]
    problems: list[OkrbookError] = field(default_factory=list)
    questions = method.NUMBERED_QUESTIONS

    def name(self, member: str) -> str:
        return self.names.get(member, member)

    def answers(self, question_id: str) -> list[tuple[str, str]]:
        """(member, answer) for every member who answered the question, in display order."""
        return [(m, p.answers[question_id]) for m, p in self.members.items() if p.answers.get(question_id)]

    def topics(self) -> list[tuple[str, str]]:
        return [(m, t) for m, p in self.members.items() for t in p.topics if t]

    @property
    def contested(self) -> list[KRRow]:
        return [r for r in self.krs if r.divergence.contested]

    @property
    def scored(self) -> list[KRRow]:
        """KRs someone scored (the divergence table leaves the others out)."""
        return [r for r in self.krs if r.scores]

    def problem_messages(self) -> list[str]:
        return [err.render(self.lang) for err in self.problems]

    def level(self, row: KRRow) -> str:
        return i18n.label(f"divergence_{row.divergence.level}", self.lang)


def expected_members(record: Record, sheet: Sheet) -> tuple[list[str], str]:
    """Who should hand in: the meeting's attendees, or before the header names anyone (pre-work is
    written before the meeting) whoever owns an objective or KR of the year or the quarter."""
    attendees = [a.strip() for a in record.meeting.attendees if a.strip()]
    if attendees:
        return list(dict.fromkeys(attendees)), "attendees"
    objectives = sheet.annual + sheet.quarter(parse_quarter(record.quarter).label)
    owned = [x for obj in objectives for x in (obj, *obj.key_results)]
    return list(dict.fromkeys(x.owner for x in owned if x.owner)), "owners"


def summarise(loaded: Loaded, record: Record, sheet: Sheet) -> Summary:
    """Pure: the summary of what :func:`load_folder` read, for this record and sheet."""
    lang = record.language
    label = parse_quarter(record.quarter).label
    objectives = sheet.quarter(label)
    krs = {kr.id: kr for o in objectives for kr in o.key_results}
    problems = list(loaded.problems)
    for member, prework in loaded.members.items():
        for kr_id in prework.scores:
            if kr_id not in krs:
                shown = f"{FOLDER}/{loaded.files[member].name}" if member in loaded.files else None
                params = {"id": kr_id, "quarter": record.quarter}
                err = OkrbookError("prework_unknown_kr", params, file=shown, field=f"scores.{kr_id}")
                problems.append(err)
    expected, expected_from = expected_members(record, sheet)
    handed, missing, extra = hand_in(expected, loaded.members)
    order = {member_key(name): i for i, name in enumerate(expected)}
    members = sorted(loaded.members, key=lambda m: order.get(member_key(m), len(order)))
    names = {m: m for m in members}
    if record.prework_anonymous:
        letters = anonymous_letters(members, record.quarter)
        members.sort(key=lambda m: (len(letters[m]), letters[m]))
        names = {m: i18n.label("prework_member", lang, letter=letters[m]) for m in members}
    ordered = {m: loaded.members[m] for m in members}
    by_key = {member_key(m): p for m, p in ordered.items()}
    rows = []
    for obj in objectives:
        for kr in obj.key_results:
            scores = [(m, p.scores[kr.id]) for m, p in ordered.items() if p.score_of(kr.id) is not None]
            owner = by_key.get(member_key(kr.owner)) if kr.owner else None
            # the owner's pre-work score, else the one the owner gave in the OKR tool (imported)
            own = None if owner is None else owner.score_of(kr.id)
            rows.append(
                KRRow(
                    obj,
                    kr,
                    computed_score(kr),
                    kr.owner_score if own is None else own,
                    scores,
                    divergence([s.score for _, s in scores if s.score is not None]),
                )
            )
    rows.sort(key=lambda r: r.divergence.rank())  # stable: the sheet's order among equals
    return Summary(
        quarter=record.quarter,
        lang=lang,
        anonymous=record.prework_anonymous,
        expected=expected,
        expected_from=expected_from,
        handed_in=handed,
        missing=missing,
        unexpected=extra,
        members=ordered,
        names=names,
        krs=rows,
        problems=problems,
    )


def summarise_folder(workbook_folder: str | Path, record: Record, sheet: Sheet) -> Summary:
    """Read ``<workbook>/prework/`` and summarise it; a missing folder is no pre-work yet."""
    folder = Path(workbook_folder) / FOLDER
    return summarise(load_folder(folder, str(parse_quarter(record.quarter))), record, sheet)


# --- moving a contested point onto the whiteboard ------------------------------------------------


def answer_key(question_id: str, member: str) -> str:
    return f"answer:{question_id}:{member}"


def topic_key(member: str, text: str) -> str:
    return f"topic:{member}:{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def whiteboard_link(record: Record, key: str) -> str | None:
    """The whiteboard item a pre-work point was moved to, while that item is still on the board."""
    wid = record.prework_whiteboard.get(key)
    return wid if wid and any(w.id == wid for w in record.whiteboard) else None


def kr_whiteboard_text(summary: Summary, row: KRRow) -> str:
    """The question a contested KR puts to the meeting; scores without names, in any mode."""
    return i18n.message(
        "prework_wb_kr",
        summary.lang,
        id=row.kr.id,
        title=row.kr.title,
        scores=row.values(),
        computed=format_score(row.computed),
    )


def answer_whiteboard_text(summary: Summary, number: str, member: str, text: str) -> str:
    name = summary.name(member)
    return i18n.message("prework_wb_answer", summary.lang, number=number, name=name, text=text)
