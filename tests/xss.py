"""The XSS corpus and the checks that a page or a Markdown file leaves it inert.

Shared by the minutes' unit tests and the export tests: every field that
holds a person's words is filled with a payload, and the output must show
each payload as text and run none of it.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

from okrbook.core.record import Record
from okrbook.core.sheet import Sheet

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "fixtures" / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]

# Markdown's block syntax, which only bites at the start of a line (a value may open one).
BLOCK_PAYLOADS = [
    "# 标题注入",
    "1. 列表注入",
    "- 列表项注入",
    "+ 加号列表注入",
    "===",
    "line1\r# 回车标题注入",
]
PAYLOADS += BLOCK_PAYLOADS

# The tags the minutes' own templates use; anything else came from user text.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "h1", "h2", "h3", "h4", "dl", "dt", "dd", "div", "ul", "li", "span", "p", "strong", "br",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "img", "pre", "em",
}  # fmt: skip


# Ids, links and choices stay valid so the poisoned record and sheet still load.
KEEP = {"id", "quarter", "language", "sheet", "saved_at", "kind", "tag", "status", "category", "supports"}
KEEP |= {"running", "since"}  # the agenda clock's section and start time (record.AgendaTime)
KEEP |= {"changed", "decision"}  # what a decided change changed, and the choice (record.SheetChange)
KEEP |= {"change"}  # what an adjustment proposes (record.Adjustment)


def poison(obj, payloads=None):
    """Fill every text field of a record or sheet (recursively) with payloads, in turn."""
    payloads = payloads if payloads is not None else itertools.cycle(PAYLOADS)
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in KEEP:
                continue
            if isinstance(value, str):
                setattr(obj, f.name, next(payloads))
            else:
                poison(value, payloads)
    elif isinstance(obj, dict | list):
        keys = list(obj) if isinstance(obj, dict) else range(len(obj))
        for key in keys:
            if isinstance(obj[key], str):
                obj[key] = next(payloads)
            else:
                poison(obj[key], payloads)
    return obj


def poisoned_record(record: Record, payloads: list[str] | None = None) -> Record:
    """A record whose every answer, name and item is a payload (ids and choices kept valid)."""
    record = dataclasses.replace(record)
    verdicts = dict(record.verdicts)
    poison(record, itertools.cycle(payloads or PAYLOADS))
    record.verdicts = verdicts
    return record


def poisoned_sheet(sheet: Sheet, payloads: list[str] | None = None) -> Sheet:
    poison(sheet, itertools.cycle(payloads or PAYLOADS))
    return sheet


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)

    def handle_comment(self, data):
        raise AssertionError(f"a comment reached the page: {data!r}")


def assert_inert_html(page: str) -> str:
    """Fail if the page holds a tag, attribute or URL the templates did not put there.

    Returns the page's visible text, for checking that payloads show as text.
    """
    parser = _Collector()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}> in the minutes"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name in {"href", "src", "action", "formaction", "srcset", "xlink:href"}:
                assert (value or "").startswith("data:image/png;base64,"), f"{name}={value!r} on <{tag}>"
            assert "javascript:" not in (value or "").lower(), f"javascript: in {name} on <{tag}>"
    styles = page.split("<style>")[1:] if "<style>" in page else []
    for css in styles:
        assert "url(" not in css.split("</style>")[0] and "@import" not in css.split("</style>")[0]
    assert "<script" not in page.lower()
    return "".join(parser.text)


def assert_inert_markdown(text: str) -> None:
    """Fail if Markdown could render a payload as a link, image, raw HTML or formatting."""
    lowered = text.lower()
    for needle in (
        "<script",
        "<img",
        "<svg",
        "<iframe",
        "<a ",
        "<style",
        "<link",
        "<meta",
        "<object",
        "<embed",
        "<!--",
        "<base",
    ):
        assert needle not in lowered, f"raw {needle} in the Markdown"
    # a link or image needs an unescaped "](": every bracket from user text is backslashed
    assert not re.search(r"(?<!\\)\]\((javascript:|https?://|data:text)", lowered)
    assert "**加粗**" not in text and "`代码`" not in text
    for line in re.split(r"\r\n|[\r\n\u2028\u2029]", text):
        for payload in BLOCK_PAYLOADS:
            marker = re.split(r"\r", payload)[-1]
            assert not line.lstrip().startswith(marker), f"a line opens with {marker!r}: {line[:60]!r}"
