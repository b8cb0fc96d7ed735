"""What the language tests look for: Chinese characters, and the text a department typed itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

# CJK ideographs (and extension A), CJK punctuation, full-width forms
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def strings_in(value: object) -> Iterator[str]:
    """Every string in a YAML document (keys too), so a department's own words can be stripped."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k)
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
                if line.strip():
                    found.add(line.strip())
    return sorted(found, key=len, reverse=True)


def cjk_outside(text: str, data: Iterable[str]) -> list[str]:
    """The stretches of Chinese left in ``text`` once the department's own strings are taken out."""
    for s in data:
        text = text.replace(s, " ")
    return [m.group(0) for m in re.finditer(r"\S*(?:" + CJK.pattern + r")\S*", text)]
