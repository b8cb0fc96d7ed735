"""The lists that grow during the meeting: lessons, adjustments, the whiteboard and homework.

Each list draws its items from the record, every field bound and saved as
typed, and ends with a "new item" row whose Add button checks the item with
:mod:`okrbook.core.validation` before it reaches the record: a homework item
without an owner or with a due date in the past is refused with the message
beside the field, and nothing invalid is saved. Adding or removing redraws
only the list, so no cell is re-run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from okrbook.core import method
from okrbook.core.numbers import format_number
from okrbook.core.record import Adjustment, HomeworkItem, Lesson, Record, WhiteboardItem, next_id
from okrbook.core.validation import (
    adjustment_problems,
    check_due,
    homework_problems,
    lesson_problems,
    optional_text,
    parse_number_field,
    required_text,
    whiteboard_problems,
)
from okrbook.errors import OkrbookError
from okrbook.notebook.binding import muted
from okrbook.notebook.wire import own, whole

if TYPE_CHECKING:
    from okrbook.notebook.lead_form import LeadForm

# A field's label as wide as its words ("From the whiteboard" is cut at the default 8em).
WIDE_LABEL = {"description_width": "initial"}
# Homework made from the whiteboard is due this many days after the meeting, unless the lead says otherwise.
HOMEWORK_DAYS = 14


def list_box(m: LeadForm, name: str, rows: Callable[[], list[W.Widget]], *extra: W.Widget) -> W.VBox:
    """A list redrawn in place by ``m.refresh(name)``, followed by its "new item" row."""

    def drawn() -> list[W.Widget]:
        # the items' old widgets go; the "new item" row (``<name>.new.*``) stays
        for registry in (m.controls, m.notes):
            stale = [
                k
                for k in registry
                if k.startswith((f"{name}.", f"{name}[")) and not k.startswith(f"{name}.new.")
            ]
            for key in stale:
                del registry[key]
        return rows() or [W.HTML(muted(m.label("none_yet")))]

    items = W.VBox(drawn())  # made with its children: see LeadForm.section
    m.lists[name] = lambda: setattr(items, "children", whole(drawn))
    return W.VBox([items, *extra])


def draft(m: LeadForm, key: str, widget: W.Widget) -> W.Box:
    """A field of a "new item" row: not bound to the record until Add accepts the item."""
    m.controls[key] = widget
    return W.VBox([widget, m.note(key)])


def show_problems(
    m: LeadForm, prefix: str, fields: tuple[str, ...], problems: dict[str, OkrbookError]
) -> bool:
    for name in fields:
        m.warn(f"{prefix}.{name}", problems.get(name))
    return not problems


def _find(items: list[Any], item_id: str) -> Any:
    return next((x for x in items if x.id == item_id), None)


def _item(seq: list[Any], pick: str | int) -> Any:
    """The item found by id (str) or index (int), or None once it is gone."""
    return _find(seq, pick) if isinstance(pick, str) else (seq[pick] if pick < len(seq) else None)


def _setter(
    items: Callable[[Record], list[Any]], pick: str | int, name: str
) -> Callable[[Record, Any], None]:
    """Write one field of a list item found by id (str) or index (int); a vanished item is left alone."""

    def put(r: Record, value: Any) -> None:
        item = _item(items(r), pick)
        if item is not None:
            setattr(item, name, value)

    return put


class ItemFields:
    """The fields of one item of a growing list (a lesson, an adjustment, a whiteboard item, a homework).

    Each is keyed ``<key>.<field>``, read from the item found by ``pick`` and
    written back with :func:`_setter`, so the lists bind their fields one way.
    """

    def __init__(self, m: LeadForm, items: Callable[[Record], list[Any]], pick: str | int, key: str) -> None:
        self.m, self.items, self.pick, self.key = m, items, pick, key

    def get(self, name: str) -> Callable[[Record], Any]:
        return lambda r: getattr(_item(self.items(r), self.pick), name)

    def text(self, name: str, get: Callable[[Record], Any] | None = None, **options: Any) -> W.Box:
        put = _setter(self.items, self.pick, name)
        return self.m.text(f"{self.key}.{name}", get or self.get(name), put, **options)

    def bind(
        self, name: str, widget: W.ValueWidget, get: Callable[[Record], Any] | None = None, **options: Any
    ) -> W.Box:
        put = _setter(self.items, self.pick, name)
        return self.m.bind(f"{self.key}.{name}", widget, get or self.get(name), put, **options)


def required_number(raw: object) -> float:
    value = parse_number_field(raw)
    if value is None:
        raise OkrbookError("required")
    return value


def _text(**kwargs: Any) -> W.Text:
    return W.Text(continuous_update=True, **kwargs)


# --- Q1.4: keep / stop / start ----------------------------------------------------------------


def lessons(m: LeadForm) -> W.Widget:
    columns = [lesson_column(m, kind) for kind in method.LESSON_KINDS]
    return W.HBox(columns, layout=W.Layout(width="100%"))


def lesson_column(m: LeadForm, kind: str) -> W.Widget:
    name = f"lessons.{kind}"

    def seq(r: Record) -> list[Lesson]:
        return r.lessons.get(kind, [])

    def remove(i: int) -> None:
        m.edit(lambda r: seq(r).pop(i) if i < len(seq(r)) else None)
        m.refresh(name)

    def rows() -> list[W.Widget]:
        out: list[W.Widget] = []
        for i in range(len(seq(m.record))):
            key = f"{name}[{i}]"
            fields = ItemFields(m, seq, i, key)
            text = fields.text("text", parse=required_text)
            owner = fields.text("owner", parse=required_text, placeholder=m.label("owner"), width="8em")
            button = m.button(f"{key}.remove", "form_remove", lambda i=i: remove(i), icon="trash")
            # a third of the page is narrow: the text has its own line, the owner and button the next
            out.append(W.VBox([text, W.HBox([owner, button])], layout=W.Layout(margin="0 0 6px 0")))
        return out

    new_text = _text(placeholder=m.label(f"lessons_{kind}"), layout=W.Layout(width="100%"))
    new_owner = _text(placeholder=m.label("owner"), layout=W.Layout(width="8em"))

    def add() -> None:
        lesson = Lesson(text=new_text.value.strip(), owner=new_owner.value.strip())
        if not show_problems(m, f"{name}.new", ("text", "owner"), lesson_problems(lesson)):
            return
        m.edit(lambda r: r.lessons.setdefault(kind, []).append(lesson))
        new_text.value = new_owner.value = ""
        m.refresh(name)

    new_row = W.VBox(
        [
            draft(m, f"{name}.new.text", new_text),
            W.HBox(
                [
                    draft(m, f"{name}.new.owner", new_owner),
                    m.button(f"{name}.new.add", "form_add", add, icon="plus"),
                ]
            ),
        ]
    )
    title = W.HTML(f"<b>{escape(m.label(f'lessons_{kind}'))}</b>")
    layout = W.Layout(width="33%", padding="0 8px 0 0")
    return W.VBox([title, list_box(m, name, rows, new_row)], layout=layout)


# --- Q2.4: adjustments to the annual OKRs -----------------------------------------------------


def adjustments(m: LeadForm) -> W.Widget:
    """Which annual KR, what changes (a new target number, a new wording, or dropping it), and why."""
    annual = m.wb.sheet.annual_krs()
    options = [(m.label("form_choose"), "")] + [(f"{k.id} {k.title}", k.id) for k in annual.values()]
    changes = [(m.label(f"adjust_{c}"), c) for c in method.ADJUSTMENT_CHANGES]

    def old_target(kr_id: str) -> float | None:
        kr = annual.get(kr_id)
        return None if kr is None else kr.target

    def seq(r: Record) -> list[Adjustment]:
        return r.adjustments

    def remove(i: int) -> None:
        m.edit(lambda r: r.adjustments.pop(i) if i < len(r.adjustments) else None)
        m.refresh("adjustments")

    def kr_dropdown() -> W.Dropdown:
        return W.Dropdown(
            options=options,
            description=m.label("form_annual_kr"),
            style={"description_width": "initial"},
            layout=W.Layout(width="24em"),
        )

    def change_buttons() -> W.ToggleButtons:
        return W.ToggleButtons(options=changes, style={"button_width": "auto"})

    def switched(box: type[W.Box], children: list[W.Widget]) -> W.Box:
        """A box :func:`show_for` shows or hides: with a layout of its own, never a shared one."""
        return box(children, layout=own(W.Layout()))

    def show_for(change: str, target: W.Widget, title: W.Widget) -> None:
        target.layout.display = "" if change == "target" else "none"
        title.layout.display = "" if change == "wording" else "none"

    def rows() -> list[W.Widget]:
        out: list[W.Widget] = []
        for i, adj in enumerate(m.record.adjustments):
            key = f"adjustments[{i}]"
            fields = ItemFields(m, seq, i, key)

            def put_kr(r: Record, v: str, i: int = i) -> None:
                if i < len(r.adjustments):
                    r.adjustments[i].annual_kr, r.adjustments[i].old_target = v, old_target(v)

            kr = m.bind(
                f"{key}.annual_kr",
                kr_dropdown(),
                lambda r, i=i: r.adjustments[i].annual_kr if r.adjustments[i].annual_kr in annual else "",
                put_kr,
                parse=required_text,
                after=lambda: m.refresh("adjustments"),
            )
            old = W.HTML(muted(f"{m.label('old_target')}: {format_number(adj.old_target)}"))
            new = fields.text(
                "new_target",
                lambda r, i=i: (
                    "" if r.adjustments[i].new_target is None else format_number(r.adjustments[i].new_target)
                ),
                parse=required_number if adj.change == "target" else parse_number_field,
                placeholder=m.label("new_target"),
                width="10em",
            )
            wording = fields.text("new_title", parse=required_text, placeholder=m.label("new_title"))
            title = switched(W.VBox, [wording])
            target_box = switched(W.HBox, [old, new])
            show_for(adj.change, target_box, title)
            change = fields.bind("change", change_buttons(), after=lambda: m.refresh("adjustments"))
            why = fields.text("why", parse=required_text, placeholder=m.label("why"))
            button = m.button(f"{key}.remove", "form_remove", lambda i=i: remove(i), icon="trash")
            out.append(
                W.VBox(
                    [W.HBox([kr, change, button]), target_box, title, why],
                    layout=W.Layout(border="1px solid #ddd", padding="4px 8px", margin="0 0 8px 0"),
                )
            )
        return out

    new_kr = kr_dropdown()
    new_change = change_buttons()
    new_old = W.HTML()
    new_target = _text(placeholder=m.label("new_target"), layout=W.Layout(width="10em"))
    new_title = _text(placeholder=m.label("new_title"), layout=W.Layout(width="100%"))
    new_why = _text(placeholder=m.label("why"), layout=W.Layout(width="100%"))
    prefix = "adjustments.new"
    new_target_box = switched(W.HBox, [new_old, draft(m, f"{prefix}.new_target", new_target)])
    new_title_box = switched(W.VBox, [draft(m, f"{prefix}.new_title", new_title)])
    m.controls[f"{prefix}.change"] = new_change

    def show_old(_change: Any = None) -> None:
        new_old.value = muted(f"{m.label('old_target')}: {format_number(old_target(new_kr.value))}")

    new_kr.observe(show_old, "value")
    new_change.observe(lambda c: show_for(c["new"], new_target_box, new_title_box), "value")
    show_old()
    show_for(new_change.value, new_target_box, new_title_box)

    def add() -> None:
        change = new_change.value
        try:
            target = parse_number_field(new_target.value) if change == "target" else None
        except OkrbookError as err:
            m.warn(f"{prefix}.new_target", err)
            return
        adj = Adjustment(
            new_kr.value,
            old_target(new_kr.value),
            target,
            new_why.value.strip(),
            change=change,
            new_title=new_title.value.strip() if change == "wording" else "",
        )
        fields = ("annual_kr", "new_target", "new_title", "why")
        if not show_problems(m, prefix, fields, adjustment_problems(adj, annual)):
            return
        m.edit(lambda r: r.adjustments.append(adj))
        new_kr.value, new_target.value, new_title.value, new_why.value = "", "", "", ""
        m.refresh("adjustments")

    new_row = W.VBox(
        [
            W.HBox(
                [
                    draft(m, f"{prefix}.annual_kr", new_kr),
                    new_change,
                    m.button(f"{prefix}.add", "form_add", add, icon="plus"),
                ]
            ),
            new_target_box,
            new_title_box,
            draft(m, f"{prefix}.why", new_why),
        ]
    )
    return W.VBox(
        [W.HTML(f"<b>{escape(m.label('adjustments'))}</b>"), list_box(m, "adjustments", rows, new_row)]
    )


# --- 6. the whiteboard ------------------------------------------------------------------------


def new_whiteboard_id(r: Record) -> str:
    return next_id("W", [w.id for w in r.whiteboard])


def new_homework_id(r: Record) -> str:
    """Ids unique across this meeting's homework and the items carried in for review."""
    return next_id("H", [h.id for h in r.homework + r.homework_review])


def whiteboard(m: LeadForm) -> list[W.Widget]:
    tags = [(m.label(f"tag_{t}"), t) for t in method.WHITEBOARD_TAGS]

    def seq(r: Record) -> list[WhiteboardItem]:
        return r.whiteboard

    def remove(wid: str) -> None:
        def change(r: Record) -> None:
            r.whiteboard[:] = [w for w in r.whiteboard if w.id != wid]
            for h in r.homework:
                if h.whiteboard == wid:
                    h.whiteboard = ""

        m.edit(change)
        m.refresh("whiteboard", "homework", "prework")  # a pre-work point taken off the board can go back

    def rows() -> list[W.Widget]:
        out: list[W.Widget] = []
        for item in m.record.whiteboard:
            wid, key = item.id, f"whiteboard.{item.id}"
            fields = ItemFields(m, seq, wid, key)

            origin = f" · {m.label('from_quarter')} {item.from_quarter}" if item.from_quarter else ""
            head = W.HTML(f"<b>{escape(wid)}</b>{muted(origin)}")
            text = fields.text("text", area=True, rows=2, parse=required_text)
            tag = fields.bind("tag", W.Dropdown(options=tags, description=m.label("tag")))
            resolved = fields.bind("resolved", W.Checkbox(description=m.label("resolved"), indent=False))
            resolution = fields.text("resolution", placeholder=m.label("resolution"))
            linked = [h.id for h in m.record.homework if h.whiteboard == wid]
            # who owns the homework and by when: asked, pre-filled (the facilitator, two weeks)
            hw_owner = W.Text(
                value=m.record.meeting.facilitator.strip(),
                placeholder=m.label("owner"),
                continuous_update=True,
                layout=W.Layout(width="9em"),
            )
            hw_due = W.DatePicker(
                value=m.today() + dt.timedelta(days=HOMEWORK_DAYS),
                description=m.label("due"),
                style={"description_width": "initial"},
            )
            make = m.button(
                f"{key}.to_homework",
                "form_to_homework",
                lambda wid=wid, o=hw_owner, d=hw_due: make_homework(m, wid, o.value, d.value),
                icon="share",
                disabled=bool(linked),
            )
            asks: list[W.Widget] = []
            if not linked:
                asks = [draft(m, f"{key}.homework_owner", hw_owner), draft(m, f"{key}.homework_due", hw_due)]
            remove_button = m.button(
                f"{key}.remove", "form_remove", lambda wid=wid: remove(wid), icon="trash"
            )
            note = m.note(f"{key}.to_homework")
            if linked:
                note.value = muted("→ " + ", ".join(linked))
            out.append(
                W.VBox(
                    [
                        head,
                        text,
                        W.HBox([tag, resolved]),
                        resolution,
                        W.HBox([*asks, make, remove_button, note], layout=W.Layout(flex_flow="row wrap")),
                    ],
                    layout=W.Layout(border="1px solid #ddd", padding="4px 8px", margin="0 0 6px 0"),
                )
            )
        return out

    new_text = W.Textarea(
        placeholder=m.label("item"), rows=2, continuous_update=True, layout=W.Layout(width="100%")
    )
    new_tag = W.Dropdown(options=tags, value="other", description=m.label("tag"))

    def add() -> None:
        item = WhiteboardItem(id=new_whiteboard_id(m.record), text=new_text.value.strip(), tag=new_tag.value)
        if not show_problems(m, "whiteboard.new", ("text",), whiteboard_problems(item)):
            return
        m.edit(lambda r: r.whiteboard.append(item))
        new_text.value, new_tag.value = "", "other"
        m.refresh("whiteboard", "homework")

    new_row = W.VBox(
        [
            W.HTML(f"<b>{escape(m.label('form_new_item'))}</b>"),
            draft(m, "whiteboard.new.text", new_text),
            W.HBox([new_tag, m.button("whiteboard.new.add", "form_add", add, icon="plus")]),
        ]
    )
    return [list_box(m, "whiteboard", rows, new_row)]


def make_homework(m: LeadForm, wid: str, owner: str, due: dt.date | None) -> None:
    """The whiteboard question becomes homework for the owner asked beside it, due when asked."""
    key = f"whiteboard.{wid}.to_homework"
    item = _find(m.record.whiteboard, wid)
    if item is None or any(h.whiteboard == wid for h in m.record.homework):
        return
    hw = HomeworkItem(
        id=new_homework_id(m.record), text=item.text, owner=owner.strip(), due=due, whiteboard=wid
    )
    problems = homework_problems(hw, m.today())
    if not show_problems(m, f"whiteboard.{wid}", ("homework_owner", "homework_due"), _asked(problems)):
        return
    m.edit(lambda r: r.homework.append(hw))
    m.refresh("whiteboard", "homework")
    due_text = hw.due.isoformat() if hw.due else "—"
    m.inform(key, m.message("form_homework_made", id=hw.id, owner=hw.owner, due=due_text))


def _asked(problems: dict[str, OkrbookError]) -> dict[str, OkrbookError]:
    """The homework's problems under the whiteboard row's field names (``homework_owner``...)."""
    return {f"homework_{name}": err for name, err in problems.items() if name in ("owner", "due")}


# --- 7. homework ------------------------------------------------------------------------------


def homework(m: LeadForm) -> list[W.Widget]:
    statuses = [(m.label(f"status_{s}"), s) for s in method.HOMEWORK_STATUSES]

    def links() -> list[tuple[str, str]]:
        return [(m.label("form_choose"), "")] + [(f"{w.id} {w.text[:40]}", w.id) for w in m.record.whiteboard]

    def seq(r: Record) -> list[HomeworkItem]:
        return r.homework

    def remove(hid: str) -> None:
        m.edit(lambda r: r.homework.__setitem__(slice(None), [h for h in r.homework if h.id != hid]))
        m.refresh("homework", "whiteboard")

    def rows() -> list[W.Widget]:
        if tuple(new_link.options) != tuple(links()):
            new_link.options = links()
        out: list[W.Widget] = []
        link_ids = {w.id for w in m.record.whiteboard}
        for item in m.record.homework:
            hid, key = item.id, f"homework.{item.id}"
            fields = ItemFields(m, seq, hid, key)
            text = fields.text("text", parse=required_text)
            owner = fields.text("owner", parse=required_text, placeholder=m.label("owner"), width="10em")
            due = fields.bind(
                "due", W.DatePicker(description=m.label("due")), parse=lambda v: check_due(v, m.today())
            )
            status = fields.bind("status", W.Dropdown(options=statuses, description=m.label("status")))
            link = fields.bind(
                "whiteboard",
                W.Dropdown(options=links(), description=m.label("linked_whiteboard"), style=WIDE_LABEL),
                lambda r, hid=hid: w if (w := _find(r.homework, hid).whiteboard) in link_ids else "",
                after=lambda: m.refresh("whiteboard"),
            )
            remove_button = m.button(
                f"{key}.remove", "form_remove", lambda hid=hid: remove(hid), icon="trash"
            )
            out.append(
                W.VBox(
                    [
                        W.HBox([W.HTML(f"<b>{escape(hid)}</b>"), text, owner]),
                        W.HBox([due, status]),
                        W.HBox([link, remove_button]),
                    ],
                    layout=W.Layout(border="1px solid #ddd", padding="4px 8px", margin="0 0 6px 0"),
                )
            )
        return out

    new_text = _text(placeholder=m.label("item"), layout=W.Layout(width="100%"))
    new_owner = _text(placeholder=m.label("owner"), layout=W.Layout(width="10em"))
    new_due = W.DatePicker(description=m.label("due"))
    new_link = W.Dropdown(options=links(), description=m.label("linked_whiteboard"), style=WIDE_LABEL)

    def add() -> None:
        item = HomeworkItem(
            id=new_homework_id(m.record),
            text=optional_text(new_text.value).strip(),
            owner=optional_text(new_owner.value).strip(),
            due=new_due.value,
            whiteboard=new_link.value or "",
        )
        problems = homework_problems(item, m.today())
        if not show_problems(m, "homework.new", ("text", "owner", "due"), problems):
            return
        m.edit(lambda r: r.homework.append(item))
        new_text.value, new_owner.value, new_due.value, new_link.value = "", "", None, ""
        m.refresh("homework", "whiteboard")

    new_row = W.VBox(
        [
            W.HTML(f"<b>{escape(m.label('form_new_item'))}</b>"),
            draft(m, "homework.new.text", new_text),
            W.HBox([draft(m, "homework.new.owner", new_owner), draft(m, "homework.new.due", new_due)]),
            W.HBox(
                [
                    draft(m, "homework.new.whiteboard", new_link),
                    m.button("homework.new.add", "form_add", add, icon="plus"),
                ]
            ),
        ]
    )
    return [list_box(m, "homework", rows, new_row)]
