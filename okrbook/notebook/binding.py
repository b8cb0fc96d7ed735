"""Widgets bound to one file's data: what the lead's forms and the member's form share.

The file is the truth (ARCHITECTURE.md): a bound widget shows the data's
value, checks what is typed with a pure parser from :mod:`okrbook.core`,
writes the data and asks the :class:`~okrbook.notebook.autosave.Saver` to
save it within a moment. A save that meets another writer's newer version
never overwrites it: this side's version goes to an unsaved copy beside the
file, the status line says so in red and offers Reload. The lead's forms
(:class:`~okrbook.notebook.lead_form.LeadForm`, bound to the record) and the
member's form (:class:`~okrbook.notebook.prework_form.PreworkForm`, bound to
the member's file) are both a :class:`BoundForm`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as W

from okrbook import i18n
from okrbook.core.numbers import format_percent, format_progress, format_score
from okrbook.core.scoring import computed_score
from okrbook.core.sheet import KeyResult
from okrbook.core.validation import optional_text
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import files
from okrbook.io.workbook import Workbook, language_of, open_workbook
from okrbook.notebook.autosave import Saver
from okrbook.notebook.wire import own, sent_whole, untitled

SAVE_DELAY = 0.5

ALERT = "background:#fdecea;border:2px solid #c62828;color:#8e0000;padding:6px 10px;font-weight:bold"
WARN = "color:#c62828"
MUTED = "color:#666"
OK = "color:#2e7d32"


# The label a form's field is named by in its messages, by the last part of its key (``homework.H2.owner``).
FIELD_LABELS = {
    "owner": "owner",
    "homework_owner": "owner",
    "text": "item",
    "due": "due",
    "homework_due": "due",
    "annual_kr": "form_annual_kr",
    "new_target": "new_target",
    "new_title": "new_title",
    "why": "why",
    "facilitator": "facilitator",
}


def muted(text: str) -> str:
    return f'<span style="{MUTED}">{escape(text)}</span>'


def alert(text: str) -> str:
    """A message the person must see: a conflict, a failed save, a file that cannot be read."""
    return f'<div style="{ALERT}">⚠ {escape(text)}</div>'


def good(text: str) -> str:
    return f'<span style="{OK}">{escape(text)}</span>'


def kr_facts(kr: KeyResult, lang: str) -> str:
    """``王磊 · 1,200 → 1,710 / 2,000 家 · 计算得分: 0.6``: a KR beside its score field,
    the same in the lead's and the member's forms."""
    if kr.kind == "milestone":
        progress = i18n.label("done" if kr.done else "not_done", lang)
    elif not kr.measurable:
        progress = i18n.label("no_measure", lang)
    elif kr.target is None:  # only the progress an OKR tool exported
        progress = f"{i18n.label('progress', lang)} {format_percent(kr.progress)}"
    else:
        progress = format_progress(kr.start, kr.latest, kr.target, kr.unit)
    computed = f"{i18n.label('computed_score', lang)}: {format_score(computed_score(kr))}"
    return " · ".join((kr.owner or "—", progress, computed))


def control_class(key: str) -> str:
    """The CSS class a control carries in the browser: ``kr.Q3.KR1.final`` → ``okrbook-kr-Q3-KR1-final``."""
    return "okrbook-" + re.sub(r"[^\w-]+", "-", key).strip("-")


class Controls(dict[str, W.Widget]):
    """A form's ``controls``: registering a widget under its key also tags its view with
    :func:`control_class`, so a browser test finds a field by the same stable key."""

    def __setitem__(self, key: str, widget: W.Widget) -> None:
        super().__setitem__(key, widget)
        if isinstance(widget, W.DOMWidget):
            widget.add_class(control_class(key))
        untitled(widget)  # made outside a wire block, it may still have none

    def update(self, *args: Any, **kwargs: Any) -> None:
        # dict.update bypasses __setitem__: route it through, so no widget goes untagged
        for key, widget in dict(*args, **kwargs).items():
            self[key] = widget


class BoundForm:
    """Fields bound to one file's data, its saver, and the status line with Reload.

    A subclass says what the data is (:meth:`data`), how it is saved
    (:meth:`save`), what its unsaved copy holds (:meth:`unsaved_copy`) and how
    it is read again (:meth:`reread`); binding, saving, conflicts and the
    status line are the same for the lead and for a member.
    """

    lang: str
    # said in red while :attr:`problem` blocks saving; the member's form asks them to see the lead
    blocked_message = "form_file_blocked"

    def __init__(self, *, delay: float = SAVE_DELAY) -> None:
        self.saver = Saver(self._write, delay, on_change=lambda _saver: self.show_status())
        self.controls: dict[str, W.Widget] = Controls()
        self.notes: dict[str, W.HTML] = {}
        self.kept: Path | None = None  # this side's version, after another save got to the file first
        self.problem: OkrbookError | None = None  # why the bound file cannot be read: nothing is saved
        self._muted = 0
        with sent_whole():
            self.status = W.HTML()
            self.reload_button = W.Button(button_style="danger", icon="refresh", layout=own(W.Layout()))
            self.status_bar = W.HBox([self.status, self.reload_button])
        self.reload_button.on_click(lambda _b: self.reload())

    # --- what a form is bound to (the subclass says) ----------------------------------------------

    def data(self) -> Any | None:
        """The object the fields read and write; None while there is none (no member chosen)."""
        raise NotImplementedError

    def save(self) -> None:
        """Write :meth:`data` to its file; raise :class:`ConflictError` if another writer came first."""
        raise NotImplementedError

    def unsaved_copy(self) -> tuple[Path, str] | None:
        """Where this side's version goes on a conflict, and its text."""
        raise NotImplementedError

    def reread(self) -> int | None:
        """Read the file again and redraw from it; its revision, or None when it cannot be shown."""
        raise NotImplementedError

    def shown(self, path: Path) -> str:
        """A path as the status line names it."""
        return path.name

    def blocked(self) -> OkrbookError | None:
        """Why nothing can be saved (a file that cannot be read, never to be overwritten), or None."""
        return self.problem

    def saved_suffix(self) -> str:
        """Said after "saved at …" (which file)."""
        return ""

    def idle_status(self) -> str:
        """The status line before anything was typed."""
        return ""

    # --- language ----------------------------------------------------------------------------------

    def label(self, key: str) -> str:
        return i18n.label(key, self.lang)

    def message(self, key: str, **params: Any) -> str:
        return i18n.message(key, self.lang, **params)

    # --- binding widgets to the data ---------------------------------------------------------------

    @contextmanager
    def muted(self) -> Iterator[None]:
        """Set widget values from the data without taking them for the person's edits."""
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    def edit(self, change: Callable[[Any], object]) -> None:
        """Change the data (under the saver's lock) and have it saved within the delay."""
        with self.saver.lock:
            change(self.data())
        self.saver.request()
        self.show_status()

    def note(self, key: str) -> W.HTML:
        self.notes[key] = W.HTML()
        return self.notes[key]

    def warn(self, key: str, err: OkrbookError | None) -> None:
        """Show (or clear) the message beside a field; a missing value is said with the field's name."""
        if key in self.notes:
            text = "" if err is None else f'<span style="{WARN}">⚠ {escape(self.explain(key, err))}</span>'
            self.notes[key].value = text

    def explain(self, key: str, err: OkrbookError) -> str:
        """``the owner is missing``, not a bare ``is required``: the field is named by its key's end."""
        name = FIELD_LABELS.get(re.sub(r"\[\d+\]$", "", key.rsplit(".", 1)[-1]))
        if err.key != "required" or err.field is not None or name is None:
            return err.render(self.lang)
        label = self.label(name)
        if self.lang != "zh":
            label = label[:1].lower() + label[1:]
        return self.message("form_field_missing", field=label)

    def inform(self, key: str, text: str) -> None:
        if key in self.notes:
            self.notes[key].value = good(text)

    def bind(
        self,
        key: str,
        widget: W.ValueWidget,
        get: Callable[[Any], Any],
        put: Callable[[Any, Any], None],
        parse: Callable[[Any], Any] | None = None,
        after: Callable[[], None] | None = None,
        show: Callable[[Any], Any] | None = None,
        row: bool = False,
    ) -> W.Box:
        """Show ``get(data)``; on each change parse, write with ``put`` and save.

        Input ``parse`` rejects is not written: its message shows beside the
        field and the data keeps its last good value. ``show`` redisplays
        the parsed value (``0.65`` becomes ``0.7``).
        """
        note = self.note(key)
        with self.muted():
            widget.value = get(self.data())

        def changed(change: dict[str, Any]) -> None:
            if self._muted or self.data() is None:
                return
            try:
                value = parse(change["new"]) if parse is not None else change["new"]
            except OkrbookError as err:
                self.warn(key, err)
                return
            self.warn(key, None)
            self.edit(lambda d: put(d, value))
            if show is not None and show(value) != widget.value:
                with self.muted():
                    widget.value = show(value)
            if after is not None:
                after()

        widget.observe(changed, "value")
        self.controls[key] = widget
        return W.HBox([widget, note]) if row else W.VBox([widget, note])

    def text(
        self,
        key: str,
        get: Callable[[Any], str],
        put: Callable[[Any, str], None],
        *,
        area: bool = False,
        placeholder: str = "",
        parse: Callable[[Any], Any] = optional_text,
        width: str = "100%",
        rows: int = 3,
        row: bool = False,
    ) -> W.Box:
        """A text field saved as it is typed (``continuous_update``), without leaving the field."""
        layout = W.Layout(width=width)
        widget = (
            W.Textarea(placeholder=placeholder, rows=rows, continuous_update=True, layout=layout)
            if area
            else W.Text(placeholder=placeholder, continuous_update=True, layout=layout)
        )
        return self.bind(key, widget, get, put, parse=parse, row=row)

    def button(self, key: str, label_key: str, on_click: Callable[[], None], **kwargs: Any) -> W.Button:
        widget = W.Button(description=self.label(label_key), layout=W.Layout(width="auto"), **kwargs)
        widget.on_click(lambda _b: on_click())
        self.controls[key] = widget
        return widget

    # --- saving, conflicts, reloading --------------------------------------------------------------

    def _write(self) -> None:
        try:
            self.save()
        except ConflictError:
            self._keep_unsaved()
            raise

    def _keep_unsaved(self) -> None:
        """Another writer saved first: leave its file as it is, and keep this side's version beside it."""
        copy = self.unsaved_copy()
        if copy is None:
            return
        try:
            files.atomic_write(copy[0], copy[1], backups=0)
        except OkrbookError:  # the conflict itself is the message that matters; the edits stay pending
            return
        self.kept = copy[0]

    def flush(self) -> bool:
        """Save now what is pending; True when the file on disk has every edit."""
        return self.saver.flush()

    def retire(self) -> None:
        """A newer form of the same workbook takes over: save what is pending."""
        self.flush()

    def reload(self) -> None:
        """Take the file as it is on disk, dropping this side's pending edits (kept in the copy)."""
        with self.saver.lock:
            self.saver.cancel()
            revision = self.reread()
        if revision is not None:
            self.status.value = good(self.message("form_reloaded", revision=revision))

    def show_status(self) -> None:
        """The "saved at HH:MM:SS" line; a conflict is shown prominently, with the unsaved copy and Reload."""
        err = self.saver.last_error
        self.reload_button.description = self.label("form_reload")
        self.reload_button.layout.display = "none"
        if (blocked := self.blocked()) is not None:
            self.status.value = alert(self.message(self.blocked_message, reason=blocked.render(self.lang)))
        elif isinstance(err, ConflictError):
            text = escape(self.message(err.key, **err.params))
            if self.kept is not None:
                text += "<br>" + escape(self.message("form_conflict_kept", path=self.shown(self.kept)))
            self.status.value = f'<div style="{ALERT}">⚠ {text}</div>'
            self.reload_button.layout.display = ""
        elif err is not None:
            reason = err.render(self.lang) if isinstance(err, OkrbookError) else str(err)
            text = self.message("form_save_failed", reason=reason)
            if self.kept is not None:  # a form that keeps a copy on a refused save (the member's)
                text += " " + self.message("form_conflict_kept", path=self.shown(self.kept))
            self.status.value = alert(text)
        elif self.saver.pending:
            self.status.value = muted(self.message("form_saving"))
        elif self.saver.last_saved is not None:
            saved = self.message("form_saved_at", time=self.saver.last_saved.strftime("%H:%M:%S"))
            self.status.value = f'<span style="{OK}">✓ {escape(saved + self.saved_suffix())}</span>'
        else:
            self.status.value = self.idle_status()


F = TypeVar("F", bound=BoundForm)


def open_form(path: Path, registry: dict[Path, F], make: Callable[[Workbook], F]) -> F | Unopened:
    """The form of the workbook at ``path``: one per folder and kernel.

    Running the cell again first has the previous form save what it still had
    pending (:meth:`BoundForm.retire`), then reads the files afresh. A workbook
    that cannot be opened is said once, in its language if its record still
    says it (a broken sheet), else in both; later cells say a line.
    """
    previous = registry.pop(path, None)
    if previous is not None:
        previous.retire()
    try:
        workbook = open_workbook(path)
    except OkrbookError as err:
        langs = (lang,) if (lang := language_of(path)) else i18n.LANGS
        show_open_error(err, langs=langs)
        return Unopened(err, langs=langs)
    form = make(workbook)
    registry[path] = form
    return form


def show_open_error(
    err: OkrbookError, what: str = "form_open_failed", langs: tuple[str, ...] = i18n.LANGS
) -> None:
    """A workbook (or the company folder) that did not open: said in ``langs``, both when unknown."""
    lines = [f"{i18n.message(what, lang)}: {err.render(lang)}" for lang in langs]
    display_html(f'<div style="{ALERT}">' + "<br>".join(escape(x) for x in lines) + "</div>")


def display_html(html: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html))


class Unopened:
    """What the notebook holds when its record (or the company folder) could not be opened.

    The first cell said why (naming the file and field); every later cell says
    only that, in a line, instead of failing with a traceback the lead cannot act on.
    """

    def __init__(
        self, error: OkrbookError, what: str = "form_not_opened", langs: tuple[str, ...] = i18n.LANGS
    ) -> None:
        self.error = error
        self.what = what
        self.langs = langs

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("_"):
            raise AttributeError(name)
        text = " · ".join(i18n.message(self.what, lang) for lang in self.langs)
        return lambda *args, **kwargs: display_html(muted(text))
