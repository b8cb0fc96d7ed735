"""Every saved version of a file, kept beside it in an append-only journal (``record.yaml.journal``).

Three rotated backups cover a second and a half of autosaves; the journal
covers the meeting and the meetings before it, so an answer cleared and typed
over can be brought back (``okrbook history`` / ``okrbook restore``).

One line per version, JSON: ``{"revision": 7, "saved": <POSIX seconds>, "size": <characters>,
"z": <the file, zlib-compressed, base64>}`` (an hour of autosaves of a large record is
hundreds of near-identical copies: compressed, they stay small). The journal is
okrbook's own file and is read as a stream, line by line, however large it grew.
A line cut off by a crash is skipped when read, and the next append starts on
a fresh line, so a SIGKILL at any moment leaves every earlier version readable.
The journal is compacted as it grows: every version of the last hour is kept,
then the last of each minute, and after a week the last of each day.
The first line is a header holding the size after the last compaction, so the
next compaction waits until the journal has doubled (amortised, never per save).
"""

from __future__ import annotations

import base64
import json
import os
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from okrbook.errors import OkrbookError
from okrbook.io.files import atomic_write, os_error, regular_file

SUFFIX = ".journal"
HOUR, WEEK = 3600, 7 * 86400
_SLACK = 256 * 1024  # bytes a journal may grow past twice its compacted size before compacting


@dataclass(frozen=True)
class Entry:
    revision: int
    saved: float  # POSIX seconds
    size: int  # characters of the text
    packed: str  # the text, zlib-compressed and base64-encoded, as the journal holds it

    @classmethod
    def of(cls, revision: int, saved: float, text: str) -> Entry:
        packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")
        return cls(revision, saved, len(text), packed)

    @property
    def text(self) -> str:
        try:
            return zlib.decompress(base64.b64decode(self.packed, validate=True)).decode("utf-8")
        except (ValueError, zlib.error):  # a line edited or damaged on disk
            raise OkrbookError("journal_damaged", {"revision": self.revision}) from None


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def _line(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _entry_line(e: Entry) -> bytes:
    return _line({"revision": e.revision, "saved": e.saved, "size": e.size, "z": e.packed})


def _header(base: int) -> bytes:
    return _line({"okrbook_journal": 1, "base": base})


def _read(journal: Path) -> Iterator[Entry]:
    regular_file(journal)
    try:
        with open(journal, "rb") as fh:
            for raw in fh:
                try:
                    data = json.loads(raw)
                    entry = Entry(
                        int(data["revision"]), float(data["saved"]), int(data["size"]), str(data["z"])
                    )
                except (ValueError, KeyError, TypeError):  # the header, or a line a crash cut short
                    continue
                yield entry
    except OSError as err:
        raise os_error(err, journal, reading=True) from None


def entries(path: Path) -> list[Entry]:
    """The versions in ``path``'s journal, oldest first; a torn or foreign line is skipped."""
    journal = journal_path(path)
    return list(_read(journal)) if journal.exists() else []


def _base(journal: Path) -> int:
    try:
        with open(journal, "rb") as fh:
            return int(json.loads(fh.readline())["base"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def append(path: Path, revision: int, text: str, now: float | None = None) -> None:
    """Add one saved version; compact once the journal has doubled since it was last compacted."""
    journal = journal_path(path)
    now = time.time() if now is None else now
    line = _entry_line(Entry.of(revision, now, text))
    try:
        fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                line = _header(0) + line
            elif _torn(journal, size):
                line = b"\n" + line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        raise os_error(err, journal) from None
    if size + len(line) > 2 * _base(journal) + _SLACK:
        rewrite(path, compact(entries(path), now))


def _torn(journal: Path, size: int) -> bool:
    """True when the last append was cut off before its newline."""
    with open(journal, "rb") as fh:
        fh.seek(size - 1)
        return fh.read(1) != b"\n"


def rewrite(path: Path, kept: list[Entry]) -> None:
    """Replace the journal with ``kept``, atomically (a crash leaves the old journal or the new)."""
    body = b"".join(_entry_line(e) for e in kept)
    text = (_header(len(body)) + body).decode("utf-8")
    atomic_write(journal_path(path), text, backups=0)


def compact(versions: list[Entry], now: float) -> list[Entry]:
    """All of the last hour; before that the last of each minute; before a week, the last of each day."""
    kept: dict[tuple[str, int], Entry] = {}
    for i, entry in enumerate(versions):
        age = now - entry.saved
        if age <= HOUR:
            key = ("all", i)
        elif age <= WEEK:
            key = ("minute", int(entry.saved // 60))
        else:
            key = ("day", int(entry.saved // 86400))
        kept[key] = entry  # a later version of the same minute or day replaces the earlier
    return sorted(kept.values(), key=lambda e: (e.saved, e.revision))


def find(path: Path, revision: int) -> Entry:
    """The journal's version ``revision`` (the latest, should a crash have written one twice)."""
    versions = entries(path)
    for entry in reversed(versions):
        if entry.revision == revision:
            return entry  # the text is checked by whoever reads it (a damaged line fails there)
    available = ", ".join(str(e.revision) for e in versions[-12:]) or "—"
    raise OkrbookError(
        "restore_missing", {"revision": revision, "available": available}, file=journal_path(path)
    )
