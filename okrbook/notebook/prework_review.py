"""Pre-work in the lead's workbook: the members' files side by side, contested points one click away.

The section is drawn from :func:`okrbook.prework.summary.summarise_folder`,
read afresh on every redraw (members hand in late), so the files stay the
truth and the widgets hold nothing of their own. The lead's only edits go to
the record: the anonymity switch the minutes honour, and whiteboard items
made from a contested KR, an answer or a proposed topic (remembered in
``record.prework_whiteboard`` so one point makes one item).

The members' own form is :mod:`okrbook.notebook.prework_form`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as W

from okrbook import i18n
from okrbook.core.numbers import format_score
from okrbook.core.record import Record, WhiteboardItem
from okrbook.notebook.binding import muted
from okrbook.notebook.identity import prework_form_url
from okrbook.notebook.lists import new_whiteboard_id
from okrbook.notebook.wire import whole
from okrbook.prework.summary import (
    KRRow,
    Summary,
    answer_key,
    answer_whiteboard_text,
    kr_whiteboard_text,
    summarise_folder,
    topic_key,
    whiteboard_link,
)

if TYPE_CHECKING:
    from okrbook.notebook.lead_form import LeadForm

_WARN = "color:#c62828"
LEVEL_STYLE = {
    "split": "color:#c62828;font-weight:bold",
    "wide": "color:#b26a00;font-weight:bold",
    "agree": "color:#2e7d32",
    "too_few": "color:#666",
}
# the fixed controls; everything else under "prework." is redrawn with the files
_KEEP = ("prework.anonymous", "prework.reload")


def review(m: LeadForm) -> list[W.Widget]:
    """Who handed in, the KRs most contested first, every answer per question, the proposed topics."""

    def drawn() -> list[W.Widget]:
        for registry in (m.controls, m.notes):
            for key in [k for k in registry if k.startswith("prework.") and k not in _KEEP]:
                del registry[key]
        return _body(m, summarise_folder(m.wb.folder, m.record, m.wb.sheet))

    body = W.VBox(drawn())  # made with its children: see LeadForm.section

    def redraw() -> None:
        body.children = whole(drawn)

    m.lists["prework"] = redraw
    anonymous = m.bind(
        "prework.anonymous",
        W.Checkbox(description=m.label("prework_anonymous"), indent=False, layout=W.Layout(width="auto")),
        lambda r: r.prework_anonymous,
        lambda r, v: setattr(r, "prework_anonymous", bool(v)),
        after=redraw,
    )
    reload = m.button("prework.reload", "prework_reload", redraw, icon="refresh")
    url = prework_form_url(m.wb.folder)  # on a company's JupyterHub: the address to send the team
    link = f'<a href="{escape(url)}" target="_blank">{escape(url)}</a>' if url else ""
    where = [W.HTML(muted(m.message("hub_prework_url")) + link)] if url else []
    return [W.HBox([anonymous, reload]), *where, body]


def _names(s: Summary, members: list[str]) -> str:
    return i18n.join_names(members, s.lang) or "—"


def _body(m: LeadForm, s: Summary) -> list[W.Widget]:
    count = f"{len(s.handed_in)}/{len(s.expected)}" if s.expected else ""
    lines = [
        f"<b>{escape(m.label('prework_handed_in'))}</b> {count}: {escape(_names(s, s.handed_in))}",
        f"<b>{escape(m.label('prework_missing'))}</b>: {escape(_names(s, s.missing))}",
    ]
    if s.unexpected:
        lines.append(f"<b>{escape(m.label('prework_unexpected'))}</b>: {escape(_names(s, s.unexpected))}")
    if s.expected_from == "owners":
        lines.append(muted(m.message("prework_expected_owners")))
    handed = W.HTML("<br>".join(lines))
    m.controls["prework.handed_in"] = handed
    out: list[W.Widget] = [handed]
    if s.problems:
        items = "".join(f"<li>{escape(text)}</li>" for text in s.problem_messages())
        problems = W.HTML(
            f'<div style="{_WARN}"><b>⚠ {escape(m.label("prework_problems"))}</b><ul>{items}</ul></div>'
        )
        m.controls["prework.problems"] = problems
        out.append(problems)
    if not s.members:
        out.append(W.HTML(muted(m.message("prework_none_yet"))))
        return out
    if s.scored:
        out.append(W.HTML(f"<h4>{escape(m.label('prework_kr_scores'))}</h4>"))
        out.extend(_kr_row(m, s, row) for row in s.scored)
    out.append(W.HTML(f"<h4>{escape(m.label('prework_answers'))}</h4>"))
    for number, q in s.questions:
        answers = s.answers(q.id)
        if not answers:
            continue
        out.append(W.HTML(f"<b>{escape(number)} {escape(q.text(m.lang))}</b>"))
        for member, text in answers:
            key = answer_key(q.id, member)
            shown = f"<b>{escape(s.name(member))}</b>: {escape(text)}"
            wb_text = answer_whiteboard_text(s, number, member, text)
            out.append(_point(m, f"prework.answer.{q.id}.{member}", key, shown, wb_text, "other"))
    topics = s.topics()
    if topics:
        out.append(W.HTML(f"<h4>{escape(m.label('prework_topics'))}</h4>"))
        for i, (member, text) in enumerate(topics):
            shown = f"{escape(text)} {muted('— ' + s.name(member))}"
            out.append(_point(m, f"prework.topic[{i}]", topic_key(member, text), shown, text, "other"))
    return out


def _kr_row(m: LeadForm, s: Summary, row: KRRow) -> W.Widget:
    d = row.divergence
    level = f'<span style="{LEVEL_STYLE[d.level]}">● {escape(s.level(row))}</span>'
    facts = [f"{m.label('computed_score')} {format_score(row.computed)}"]
    if not s.anonymous:
        owner = row.kr.owner or "—"
        facts.append(f"{m.label('prework_owner_score')} ({owner}) {format_score(row.owner_score)}")
    if d.spread is not None:
        facts.append(f"{m.label('prework_spread')} {format_score(d.spread)}")
    scores = _names(s, [f"{s.name(member)} {format_score(entry.score)}" for member, entry in row.scores])
    lines = [
        f"<b>{escape(row.kr.id)}</b> {escape(row.kr.title)} {level}",
        muted(" · ".join(facts)),
        escape(f"{m.label('prework_member_scores')}: {scores}"),
    ]
    low, high = row.camps()
    if low:
        names = [_names(s, [s.name(x) for x in camp]) for camp in (low, high)]
        lines.append(
            f'<span style="{_WARN}">{escape(m.message("prework_split", low=names[0], high=names[1]))}</span>'
        )
    lines += [muted(f"{s.name(member)}: {entry.why}") for member, entry in row.scores if entry.why]
    key = f"prework.kr.{row.kr.id}"
    return _point(m, key, row.key, "<br>".join(lines), kr_whiteboard_text(s, row), "goals", boxed=d.contested)


def _point(
    m: LeadForm, key: str, source: str, shown: str, text: str, tag: str, boxed: bool = False
) -> W.Widget:
    """One pre-work point with its "to the whiteboard" button, disabled once it is there."""
    info = W.HTML(shown, layout=W.Layout(width="75%"))
    m.controls[key] = info
    linked = whiteboard_link(m.record, source)
    button = m.button(
        f"{key}.to_whiteboard",
        "prework_to_whiteboard",
        lambda: to_whiteboard(m, source, text, tag),
        icon="thumb-tack",
        disabled=linked is not None,
    )
    note = m.note(f"{key}.to_whiteboard")
    if linked is not None:
        note.value = muted(m.message("prework_moved", id=linked))
    border = "2px solid #c62828" if boxed else "1px solid #eee"
    layout = W.Layout(border=border, padding="4px 8px", margin="0 0 4px 0", width="100%")
    return W.HBox([info, W.VBox([button, note])], layout=layout)


def to_whiteboard(m: LeadForm, source: str, text: str, tag: str) -> None:
    """Make the whiteboard item and remember where it came from; a second click adds nothing."""
    if whiteboard_link(m.record, source) is not None:
        return
    item = WhiteboardItem(id=new_whiteboard_id(m.record), text=text, tag=tag)

    def change(r: Record) -> None:
        r.whiteboard.append(item)
        r.prework_whiteboard[source] = item.id

    m.edit(change)
    m.refresh("whiteboard", "homework", "prework")
