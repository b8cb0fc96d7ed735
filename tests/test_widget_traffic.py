"""What a Run All sends the browser, counted message by message, without a kernel.

The kernel's IOPub socket and the server's end of it hold about 2,000
messages between them (ZeroMQ's high-water marks, 1,000 each); a server that
falls further behind loses the rest without a word, and a section draws empty
("widget model not found"). That happened on a loaded CI machine with the
~2,500 messages a Run All used to send. So the budget is counted here, and
so is the order: a message may name only models the browser was sent before.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import comm
import ipywidgets as W
import pytest
from comm.base_comm import BaseComm

from okrbook.core import method
from okrbook.io.workbook import make_demo, open_workbook
from okrbook.notebook import wire
from okrbook.notebook.meeting import MeetingForms

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_export import big_department  # noqa: E402

# Never more queued than one of the two high-water marks holds, with room to spare for
# what else runs: then nothing can be dropped however far the server falls behind.
EXAMPLE_BUDGET = 1000
BIG_BUDGET = 2000  # both marks: the most a 100-KR department may send in one Run All
MODEL = re.compile(r"IPY_MODEL_([0-9a-f]+)")


@dataclass
class Wire:
    """Every message the widgets publish, in order: (type, comm id, data)."""

    sent: list[tuple[str, str, Any]] = field(default_factory=list)

    def count(self, kind: str | None = None) -> int:
        return sum(1 for t, _, _ in self.sent if kind is None or t == kind)

    def untitled(self) -> list[str]:
        """Models sent with no tooltip at all, which ipywidgets shows as "null" on hover."""
        return [
            d["state"]["_model_name"]
            for t, _, d in self.sent
            if t == "comm_open" and d["state"].get("tooltip", "") is None
        ]

    def unknown_references(self) -> list[str]:
        """Models a message names before the browser was sent them."""
        known: set[str] = set()
        unknown = []
        for kind, comm_id, data in self.sent:
            for ref in MODEL.findall(repr((data or {}).get("state", {}))):
                if ref not in known:
                    unknown.append(f"{kind} of {comm_id} names {ref}")
            if kind == "comm_open":
                known.add(comm_id)
        return unknown


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[Wire]:
    record = Wire()

    class Counted(BaseComm):
        def publish_msg(
            self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any
        ) -> None:
            record.sent.append((msg_type, self.comm_id, data))

    monkeypatch.setattr(comm, "create_comm", Counted)
    monkeypatch.setattr(wire, "SHARED", {})  # each test counts its shared looks too
    yield record


def run_all(folder: Path) -> MeetingForms:
    """What the notebook's cells do, in order."""
    m = MeetingForms(open_workbook(folder), delay=30.0)
    for section in method.SECTIONS:
        getattr(m, section.id)()
    m.export()
    return m


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_run_all_of_the_example_sends_fewer_messages_than_one_queue_holds(
    sent: Wire, tmp_path: Path, lang: str
) -> None:
    m = run_all(make_demo(tmp_path / "demo", lang).folder)
    try:
        assert sent.count() < EXAMPLE_BUDGET, f"{sent.count()} messages: {sent.count('comm_open')} opens"
        assert sent.unknown_references() == []
        assert sent.untitled() == []
    finally:
        m.close()


def test_a_run_all_of_a_100_kr_department_stays_within_both_queues(sent: Wire, tmp_path: Path) -> None:
    m = run_all(big_department(tmp_path))
    try:
        assert sent.count() < BIG_BUDGET, f"{sent.count()} messages: {sent.count('comm_open')} opens"
        assert sent.unknown_references() == []
    finally:
        m.close()


def test_a_section_is_sent_whole_once_with_no_update_after(sent: Wire, tmp_path: Path) -> None:
    m = MeetingForms(open_workbook(make_demo(tmp_path / "demo", "zh").folder), delay=30.0)
    try:
        before = len(sent.sent)
        view = m.group1()
        drawn = sent.sent[before:]
        assert [kind for kind, _, _ in drawn if kind != "comm_open"] == []
        opened = {comm_id for _, comm_id, _ in drawn}
        assert view.model_id in opened
        # the CSS class a control carries is in its one message, not an update after it
        score = next(k for k in m.controls if k.endswith(".final"))
        state = next(d["state"] for _, i, d in drawn if i == m.controls[score].model_id)
        assert "okrbook-" in " ".join(state["_dom_classes"])
        # the section's view is the last: everything it names was sent before it
        assert drawn[-1][1] == view.model_id
    finally:
        m.close()


def test_a_redraw_sends_the_new_rows_before_the_list_that_shows_them(sent: Wire, tmp_path: Path) -> None:
    m = MeetingForms(open_workbook(make_demo(tmp_path / "demo", "zh").folder), delay=30.0)
    try:
        m.whiteboard()
        before = len(sent.sent)
        m.controls["whiteboard.new.text"].value = "我们的客户到底是谁?"
        m.controls["whiteboard.new.add"].click()
        redraw = sent.sent[before:]
        assert any(kind == "comm_msg" and "children" in (d or {}).get("state", {}) for kind, _, d in redraw)
        assert sent.unknown_references() == []
    finally:
        m.close()


def test_widgets_share_one_look_and_a_shared_look_refuses_to_change(sent: Wire) -> None:
    with wire.sent_whole():
        a = W.HTML("a", layout=W.Layout(width="auto"))
        b = W.HTML("b", layout=W.Layout(width="auto"))
        c = W.HTML("c")
        d = W.HTML("d")
        mine = W.HTML("e", layout=wire.own(W.Layout(width="auto")))
    assert a.layout is b.layout and c.layout is d.layout and c.style is d.style
    assert mine.layout is not a.layout
    opened_layouts = [i for kind, i, data in sent.sent if data["state"]["_model_name"] == "LayoutModel"]
    assert len(opened_layouts) == 3  # auto, the default, and the own one
    with pytest.raises(wire.SharedWidgetChanged, match="Layout.display"):
        a.layout.display = "none"
    mine.layout.display = "none"  # its own: changes alone
    assert b.layout.display is None


def test_outside_a_block_widgets_are_sent_as_ipywidgets_sends_them(sent: Wire) -> None:
    w = W.HTML("plain")
    assert sent.count("comm_open") == 3  # the widget, its own layout and style
    w.value = "changed"
    assert sent.count("comm_msg") == 1


def test_someone_elses_construction_hook_still_runs_in_a_block(sent: Wire) -> None:
    seen: list[W.Widget] = []
    previous = W.Widget._widget_construction_callback
    W.Widget.on_widget_constructed(seen.append)
    try:
        with wire.sent_whole():
            made = W.HTML("x")
        assert made in seen and W.Widget._widget_construction_callback == seen.append
    finally:
        W.Widget._widget_construction_callback = previous
