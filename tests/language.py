"""What the language tests look for: Chinese characters, and the text a department typed itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

# CJK ideographs (and extension A), CJK punctuation, full-width forms
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def strings_in(value: object) -> Iterator[str]:
    """Every string value in a YAML document (not its keys, okrbook's own words), so a department's
    own words can be stripped."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


def department_strings(files: Iterable[Path]) -> list[str]:
    """The texts of the sheet, the records and the members' files: the department's data, longest first."""
    found: set[str] = set()
    for path in files:
        for text in strings_in(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for line in text.splitlines():
                # okrbook's own words in a file (status: open, kind: metric, language: zh) are not data
                if line.strip() and not re.fullmatch(r"[a-z_]+", line.strip()):
                    found.add(line.strip())
    return sorted(found, key=len, reverse=True)


def strip_truncated(text: str, s: str, least: int = 8) -> str:
    """``text`` without a beginning of ``s`` (``least`` characters or more) cut short at a line's end
    or an ellipsis, as a label too long for its place is."""
    out, i = [], 0
    while (j := text.find(s[:least], i)) >= 0:
        k = least
        while k < len(s) and j + k < len(text) and text[j + k] == s[k]:
            k += 1
        starts = j == 0 or text[j - 1].isspace()  # a label's own beginning, not a word inside another
        cut = starts and (j + k == len(text) or text[j + k] in "\n…")
        out += [text[i:j], " " if cut else text[j : j + k]]
        i = j + k
    return "".join(out) + text[i:]


def strip_data(text: str, data: Iterable[str]) -> str:
    """``text`` without the department's own strings, whole or cut short (a dropdown's option shows
    the start of a long question)."""
    text = text.replace("\xa0", " ")  # a widget's options keep their spaces as no-break spaces
    for s in data:  # longest first: a long string goes, or its beginning, before a shorter one inside it
        text = text.replace(s, " ")
        if len(s) > 8:
            text = strip_truncated(text, s)
    return text


# a word quoted from the department's words, as the microscope says what it saw: KR ... ("上线")
QUOTED = re.compile(r'["“]([^"“”\s]{1,16})["”]')


def cjk_outside(text: str, data: Iterable[str]) -> list[str]:
    """The stretches of Chinese left in ``text`` once the department's own strings are taken out,
    and the words quoted from them."""
    data = list(data)
    text = strip_data(text, data)
    text = QUOTED.sub(lambda m: " " if any(m[1] in s for s in data) else m[0], text)
    return [m.group(0) for m in re.finditer(r"\S*(?:" + CJK.pattern + r")\S*", text)]
