"""How okrbook's widgets reach the browser: each once, whole, after the ones it refers to.

Every widget is a model the kernel opens with one ``comm_open`` message,
and every change after that is one more message. A Run All of a quarter's
notebook used to send about 2,500 of them in two seconds (4,300 for 100 KRs):
its own layout and style per widget, then an update for each control's CSS
class, tooltip and first value. The kernel's IOPub socket and the server's
end of it hold about 2,000 messages between them (ZeroMQ's high-water
marks); when a busy server falls that far behind, ZeroMQ drops the rest
without a word, and a section drew empty in the browser ("widget model not
found"). Inside :func:`sent_whole`:

- a widget opens no comm while it is made: it is opened when the block ends,
  with its final state (CSS classes, tooltip, value included), after every
  widget it refers to, so the first message about it is its only one;
- a widget given no layout or style of its own shares one, per kind, that
  never changes (:data:`SHARED`): changing it raises, rather than restyling
  every field at once. A widget whose layout changes later is given its own.

Widgets made outside the block (a redraw after a click) are sent as ipywidgets
always sends them.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import comm
import ipywidgets as W
from comm.base_comm import BaseComm
from ipywidgets.widgets.trait_types import InstanceDict

_LOCAL = threading.local()  # the widgets held by this thread's block; other threads send as usual
T = TypeVar("T")


class _Held(BaseComm):
    """A comm that sends nothing and registers nowhere: the widget is opened for real later."""

    def open(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self._closed = False

    def close(
        self, data: Any = None, metadata: Any = None, buffers: Any = None, deleting: bool = False
    ) -> None:
        self._closed = True

    def publish_msg(
        self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any
    ) -> None:
        return None


class SharedWidgetChanged(TypeError):
    """A layout or style shared by many widgets was changed: give the widget its own instead."""


# the layouts and styles okrbook's widgets share, by kind and look; none of them ever changes
SHARED: dict[tuple[type, str], W.Widget] = {}
_OWN: weakref.WeakSet[W.Widget] = weakref.WeakSet()
_LOOKS = (W.Layout, W.widgets.widget_style.Style)


def own(layout: W.Layout) -> W.Layout:
    """A layout that will change (a field shown or hidden): never shared, never frozen."""
    _OWN.add(layout)
    return layout


def _look(instance: W.Widget) -> tuple[type, str]:
    return type(instance), json.dumps(instance.get_state(), sort_keys=True, default=str)


def _shared(instance: W.Widget) -> W.Widget:
    """The shared instance that looks like ``instance`` (``instance`` itself, frozen, if it is the first)."""
    look = _look(instance)
    if look not in SHARED:

        def refuse(owner: W.Widget, proposal: Any) -> Any:
            raise SharedWidgetChanged(
                f"{look[0].__name__}.{proposal['trait'].name} is shared by many okrbook widgets: "
                "give this widget its own (layout=wire.own(W.Layout(...))) to change it"
            )

        # a validator, so the change is refused before it is made (and before it is sent)
        instance._register_validator(refuse, [name for name in instance.keys if not name.startswith("_")])
        SHARED[look] = instance
    return SHARED[look]


def _fill_in(widget: W.Widget) -> None:
    """The construction hook: a shared layout and style where none was given, an empty tooltip."""
    held: list[W.Widget] | None = getattr(_LOCAL, "held", None)
    if held is None:
        return
    values = widget._trait_values
    for name in ("layout", "style"):
        trait = widget.traits().get(name)
        if trait is not None and name not in values and isinstance(trait, InstanceDict):
            default = SHARED.get((trait.klass, "default"))
            if default is None:
                default = SHARED[(trait.klass, "default")] = _shared(trait.klass())
            setattr(widget, name, default)
    untitled(widget)
    held.append(widget)


def untitled(widget: W.Widget) -> None:
    """No tooltip rather than none: ipywidgets would title an untitled description "null", shown on hover."""
    if "tooltip" in widget.keys and widget._trait_values.get("tooltip") is None:
        widget.tooltip = ""


def _share_looks(widget: W.Widget) -> None:
    """A layout or style made for ``widget`` in the block gives way to the shared one that looks the same."""
    for name in ("layout", "style"):
        look = widget._trait_values.get(name)
        if isinstance(look, _LOOKS) and isinstance(look.comm, _Held) and look not in _OWN:
            shared = _shared(look)
            if shared is not look:
                setattr(widget, name, shared)
                look.close()  # never sent; ipywidgets forgets it


def _referred(widget: W.Widget) -> Iterator[W.Widget]:
    """The widgets ``widget``'s state names (children, layout, style, ...)."""
    for name in widget.keys:
        value = getattr(widget, name, None)
        items = value if isinstance(value, (tuple, list)) else (value,)
        for item in items:
            if isinstance(item, W.Widget):
                yield item


def _open(widget: W.Widget, opened: set[int]) -> None:
    if id(widget) in opened:
        return
    opened.add(id(widget))
    for other in _referred(widget):
        _open(other, opened)
    if isinstance(widget.comm, _Held):
        widget.comm = None
        widget.open()  # the same model id, the state as it is now


@contextmanager
def sent_whole() -> Iterator[None]:
    """Widgets made in the block are sent when it ends: one message each, children first."""
    if getattr(_LOCAL, "held", None) is not None:  # nested: the outer block sends them
        yield
        return
    real = comm.create_comm
    previous = W.Widget._widget_construction_callback
    held: list[W.Widget] = []

    def create(*args: Any, **kwargs: Any) -> BaseComm:
        return _Held(*args, **kwargs) if getattr(_LOCAL, "held", None) is not None else real(*args, **kwargs)

    def constructed(widget: W.Widget) -> None:
        _fill_in(widget)
        if callable(previous):  # someone else's hook (a user's) still runs
            previous(widget)

    _LOCAL.held = held
    comm.create_comm = create
    W.Widget.on_widget_constructed(constructed)
    try:
        yield
    finally:
        comm.create_comm = real
        W.Widget._widget_construction_callback = previous
        _LOCAL.held = None
        for widget in held:
            _share_looks(widget)
        opened: set[int] = set()
        for widget in held:
            if not isinstance(widget, _LOOKS):  # a look is sent with the first widget that wears it
                _open(widget, opened)


def whole(build: Callable[[], T]) -> T:
    """``build()`` in a :func:`sent_whole` block: what it returns is in the browser, whole, once it returns.

    Assign the result to a widget already shown only after this returns
    (``box.children = whole(rows)``), so that update names models the browser has.
    """
    with sent_whole():
        return build()
