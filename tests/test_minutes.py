"""The minutes rendered from a record: every section, both languages, both formats, any text."""

from __future__ import annotations

import copy
import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrbook.io.workbook import example_path, open_workbook
from okrbook.minutes import render
from tests.xss import (
    BLOCK_PAYLOADS,
    PAYLOADS,
    assert_inert_html,
    assert_inert_markdown,
    poisoned_record,
    poisoned_sheet,
)


@pytest.fixture(scope="module")
def q2():
    return open_workbook(example_path() / "2026Q2")


def page(record, sheet, fmt):
    data = render.minutes_data(record, sheet)
    return render.render_page(data, fmt, [render.render_section(s, data, fmt) for s in render.SECTIONS])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_holds_its_answers(q2, lang):
    record = copy.deepcopy(q2.record)
    record.language = lang
    out = page(record, q2.sheet, "html")
    text = html.unescape(out)
    assert record.meeting.facilitator in text
    for answer in record.answers.values():
        assert answer in text
    for item in record.whiteboard + record.homework + record.homework_review:
        assert item.text in text
    heading = "第一组" if lang == "zh" else "Group 1"
    assert heading in text
    question = "季度 OKR 的设定是否有问题?" if lang == "zh" else "Was the quarter's OKR set badly?"
    assert question in text
    assert "<script" not in out and "http" not in out.replace('content="okrbook"', "")


def test_markdown_minutes_hold_the_same_answers(q2):
    out = page(q2.record, q2.sheet, "md")
    for answer in q2.record.answers.values():
        assert str(render.md_escape(answer)) in out
    assert "| 事项 | 负责人 |" in out


def test_scores_use_the_leads_final_scores(q2):
    data = render.minutes_data(q2.record, q2.sheet)
    overridden = {k: r.final_score for k, r in q2.record.kr_reviews.items() if r.final_score is not None}
    scored = {s.kr.id: s.score for o in data.scores for s in o.key_results}
    assert overridden and all(scored[k] == v for k, v in overridden.items())


def test_no_user_text_can_inject_into_html_minutes(q2):
    record = poisoned_record(copy.deepcopy(q2.record))
    sheet = poisoned_sheet(copy.deepcopy(q2.sheet))
    out = page(record, sheet, "html")
    visible = assert_inert_html(out)
    shown = sum(1 for p in PAYLOADS if p in visible)
    assert shown == len(PAYLOADS), "every payload appears as plain text"


@pytest.mark.parametrize("payloads", [PAYLOADS, BLOCK_PAYLOADS], ids=["all", "block-syntax"])
def test_no_user_text_can_inject_into_markdown_minutes(q2, payloads):
    record = poisoned_record(copy.deepcopy(q2.record), payloads)
    sheet = poisoned_sheet(copy.deepcopy(q2.sheet), payloads)
    assert_inert_markdown(page(record, sheet, "md"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("<b>粗</b>", "&lt;b&gt;粗&lt;/b&gt;"),
        ("一行\n两行", "一行<br>两行"),
        ("a|b *c* `d`", r"a\|b \*c\* \`d\`"),
        ("# 标题", r"\# 标题"),
        ("1. 列表", r"1\. 列表"),
        ("  - 缩进列表", r"\- 缩进列表"),
        ("> 引用", "&gt; 引用"),
        ("第一行\r# 第二行", "第一行<br># 第二行"),
        ("正文 3.5 万", "正文 3.5 万"),
        # numbers are not Markdown syntax: the minutes show 0.4, not 0\.4
        ("0.4", "0.4"),
        ("-0.4", "-0.4"),
        ("+5%", "+5%"),
        ("1.5 万", "1.5 万"),
        ("3.", r"3\."),
        ("- 1", r"\- 1"),
        ("+", r"\+"),
        # quotes are text in Markdown: the file reads as typed
        ('KR "上线" 是任务', 'KR "上线" 是任务'),
        ("it's", "it's"),
        ('<a href="x">', '&lt;a href="x"&gt;'),
    ],
)
def test_md_escape(text, expected):
    assert str(render.md_escape(text)) == expected


# Hypothesis: any text, mostly Markdown's own syntax, stays one inert paragraph; any number stays as typed.
MARKDOWN_ALPHABET = "#=+-*_`[]()|~\\<>!&:. \t\n\r0123456789ab中"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MARKDOWN_ALPHABET, max_size=30))
def test_md_escape_keeps_any_text_one_plain_paragraph(text):
    import mistune

    rendered = mistune.create_markdown(plugins=["table", "strikethrough"])(str(render.md_escape(text)))
    tags = set(re.findall(r"<(\w+)", rendered))
    assert tags <= {"p", "br"}, (text, rendered)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e9, max_value=1e9))
def test_md_escape_leaves_numbers_alone(value):
    from okrbook.core.numbers import format_number, format_score

    for shown in (format_number(value), format_score(min(max(float(value), 0), 1)), f"{value}%"):
        assert str(render.md_escape(shown)) == shown.lstrip()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_whiteboard_question_made_homework_shows_its_homework(q2, fmt):
    data = render.minutes_data(q2.record, q2.sheet)
    section = str(render.render_section("whiteboard", data, fmt))
    linked = [h for h in q2.record.homework if h.whiteboard]
    assert linked, "the example links homework to the whiteboard"
    shown = html.unescape(section) if fmt == "html" else section
    for h in linked:
        expected = h.text if fmt == "html" else str(render.md_escape(h.text))
        assert expected in shown and h.owner in shown
    unlinked = [h for h in q2.record.homework if not h.whiteboard]
    assert unlinked and not any(h.text in html.unescape(section) for h in unlinked)


def test_english_minutes_count_in_the_singular_and_the_plural(q2):
    record = copy.deepcopy(q2.record)
    record.language = "en"
    record.homework = record.homework[:1]
    assert "1 homework item<" in page(record, q2.sheet, "html")
    assert "- 1 homework item\n" in page(record, q2.sheet, "md")
    record.homework = copy.deepcopy(q2.record.homework[:2])
    assert "2 homework items" in page(record, q2.sheet, "html")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_english_minutes_show_no_chinese_but_the_departments_own(tmp_path, fmt):
    """Each language whole, in the minutes: an English workbook's minutes say everything in English."""
    from okrbook.io.workbook import make_demo
    from okrbook.minutes.compose import compose
    from tests.language import CJK, cjk_outside, department_strings

    workbook = make_demo(tmp_path, "en")
    files = [tmp_path / "okrs.yaml", *tmp_path.glob("*/record.yaml"), *workbook.folder.glob("prework/*.yaml")]
    out = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", compose(workbook, None, fmt))
    text = html.unescape(re.sub(r"<[^>]+>", "\n", out)) if fmt == "html" else out
    assert CJK.search(text), "the department's data is Chinese: the minutes must show it"
    leftover = cjk_outside(text, department_strings(files))
    assert not leftover, f"Chinese outside the department's data: {sorted(set(leftover))[:40]}"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_chinese_minutes_show_no_english_but_the_methods_terms(tmp_path, fmt):
    from okrbook.io.workbook import make_demo
    from okrbook.minutes.compose import compose
    from tests.language import department_strings, strip_data

    workbook = make_demo(tmp_path, "zh")
    files = [tmp_path / "okrs.yaml", *tmp_path.glob("*/record.yaml"), *workbook.folder.glob("prework/*.yaml")]
    data = department_strings(files)
    out = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", compose(workbook, None, fmt))
    if fmt == "html":
        out = re.sub(r"<(style|head)\b.*?</\1>", "", out, flags=re.S)
        out = html.unescape(re.sub(r"<[^>]+>", "\n", out))
    words = set(re.findall(r"[A-Za-z][A-Za-z'’-]*", strip_data(out, data)))
    # the method's terms, question and KR numbering (Q1.1, Q3.O1.KR1), and a term the department used
    foreign = {w for w in words - {"OKR", "KR", "O", "Q", "okrbook"} if not any(w in s for s in data)}
    assert not foreign, f"English on the Chinese minutes: {sorted(foreign)}"
