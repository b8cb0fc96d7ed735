"""Broken and hostile inputs the tests share: damaged XLSX files, YAML bombs, a small workbook."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HEADER = ["目标", "关键结果", "负责人", "起始值", "目标值", "当前值", "权重"]
ROWS = [["提升激活", "7 日激活率", "王磊", 30, 40, 37, 0.5], ["", "新手引导上线", "李娜", 0, 1, 1, 0.5]]


def xlsx_bytes(rows: list[list[object]] | None = None) -> bytes:
    """A small valid export: the header and two KRs (or ``rows``)."""
    book = openpyxl.Workbook()
    for row in rows if rows is not None else [HEADER, *ROWS]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, edits: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The XLSX ``data`` with some of its parts rewritten."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            dst.writestr(info, edits[info.filename](part) if info.filename in edits else part)
    return out.getvalue()


SHEET1 = "xl/worksheets/sheet1.xml"


def damaged_xml(data: bytes) -> bytes:
    return rezip(data, {SHEET1: lambda d: d[: len(d) // 2]})


def no_sheets(data: bytes) -> bytes:
    return rezip(data, {"xl/workbook.xml": lambda d: re.sub(rb"<sheet [^>]*/>", b"", d)})


def bad_style(data: bytes) -> bytes:
    return rezip(data, {SHEET1: lambda d: d.replace(b'r="A1"', b'r="A1" s="99"', 1)})


def undefined_number_format(data: bytes) -> bytes:
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="200" applyNumberFormat="1"'
    return rezip(
        data,
        {
            "xl/styles.xml": lambda d: d.replace(
                b'<cellXfs count="1"><xf numFmtId="0"', b'<cellXfs count="2">' + xf
            ),
            # the first number cell: openpyxl looks its format up as the number is read
            SHEET1: lambda d: re.sub(rb'(<c r="\w+") t="n"', rb'\1 s="1" t="n"', d, count=1),
        },
    )


def corrupt_deflate(data: bytes) -> bytes:
    """The sheet's compressed bytes start with a reserved block type: ``zlib.error`` on reading."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(SHEET1)
    buf = bytearray(data)
    name_len = int.from_bytes(buf[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(buf[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    buf[start : start + 4] = b"\xff\xff\xff\xff"
    return bytes(buf)


def big_int_cell(data: bytes, digits: int = 400) -> bytes:
    """The first KR's target written as an integer of ``digits`` digits."""
    return rezip(data, {SHEET1: lambda d: d.replace(b"<v>40</v>", b"<v>" + b"9" * digits + b"</v>", 1)})


def alias_bomb(key: str, levels: int = 6, width: int = 9) -> str:
    """``key:`` and a few hundred bytes of YAML whose value, written out, is ``width ** (levels + 1)`` items."""
    lines = [f"{key}:", "  - &a0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"  - &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path
