"""Pre-work (会前作业): each member's own answers and KR scores, written before the meeting.

One file per member in the workbook's ``prework/`` folder, shaped like the
record (``schema: okrbook.prework``, ``schema_version``) and read by the same
type-hint walker (:func:`okrbook.core.record.read_dataclass`), so a malformed file is
named down to its field. The folder is read leniently: a bad file, a file
from another quarter or two files for one member become *problems* beside
the others' pre-work, never a reason to hide it, and nothing is rewritten.

A member file is saved like the record (:func:`okrbook.io.revisions.save_revisioned`):
its ``revision`` is checked under a lock, so a second browser tab, or a
survey import, cannot be silently overwritten by a form opened before it.

Who handed in and the anonymous letters are in :mod:`okrbook.prework.summary`,
how far the scores disagree in :mod:`okrbook.prework.divergence`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrbook.core import fields as f
from okrbook.core.record import plain_data, read_dataclass
from okrbook.core.sheet import parse_quarter
from okrbook.errors import OkrbookError
from okrbook.io.files import read_mapping
from okrbook.io.revisions import restore_revisioned, save_revisioned

SCHEMA = "okrbook.prework"
SCHEMA_VERSION = 1
FOLDER = "prework"  # inside the quarter's workbook folder, beside the member's form (prework.ipynb)
# ``<name>-unsaved.yaml``: a form's own version, kept when another save got to ``<name>.yaml`` first
UNSAVED_SUFFIX = "-unsaved"


@dataclass
class MemberScore:
    """A member's score for one KR, and in a line why."""

    score: float | None = field(default=None, metadata={"score": True})
    why: str = ""


@dataclass
class Prework:
    quarter: str = ""
    member: str = ""
    language: str = field(default="zh", metadata={"choices": ("zh", "en")})
    # "form" when typed in prework.ipynb; the survey's file name when imported
    source: str = ""
    # bumped by every save; optional on read (files from before it are revision 0)
    revision: int = field(default=0, metadata={"count": True})
    saved_at: str = ""
    # question id (see okrbook.core.method) → the member's answer
    answers: dict[str, str] = field(default_factory=dict)
    # quarterly KR id → the member's score
    scores: dict[str, MemberScore] = field(default_factory=dict)
    # questions the member would put on the whiteboard
    topics: list[str] = field(default_factory=list)

    def score_of(self, kr_id: str) -> float | None:
        entry = self.scores.get(kr_id)
        return None if entry is None else entry.score


def prework_from_dict(raw: Any) -> Prework:
    """Validate a parsed member file; the error names the first bad field."""
    body = f.versioned_body(
        raw, SCHEMA, SCHEMA_VERSION, unknown="prework_schema", newer="prework_schema_newer"
    )
    prework = read_dataclass(Prework, body, "")
    if not prework.member:
        raise OkrbookError("required", field="member")
    try:
        prework.quarter = str(parse_quarter(prework.quarter))
    except OkrbookError as err:
        raise err.located(field="quarter") from None
    return prework


def prework_to_dict(prework: Prework) -> dict[str, Any]:
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, **plain_data(prework)}


def load_prework(path: str | Path, shown: str | Path | None = None) -> Prework:
    """Read one member file; errors name ``shown`` (default: the path)."""
    try:
        return prework_from_dict(read_mapping(path))
    except OkrbookError as err:
        raise err.located(file=shown if shown is not None else Path(path)) from None


def _revision(path: Path) -> int:
    return load_prework(path).revision


def save_prework(path: str | Path, prework: Prework, *, check_conflict: bool = True) -> Prework:
    """Write as the next revision, atomically and backed up, exactly as the record is saved.

    A file saved by someone else since ``prework`` was read raises
    :class:`~okrbook.errors.ConflictError` and is left as it is;
    ``check_conflict=False`` (``prework import --force``) replaces it on
    purpose, still as a newer revision, so an open form then conflicts.
    """
    return save_revisioned(
        path, prework, prework_to_dict, _revision, conflict="prework_conflict", check_conflict=check_conflict
    )


def restore_prework(path: str | Path, revision: int) -> Prework:
    """A member file's version ``revision`` from its journal, saved as its newest revision."""
    save = lambda p: save_prework(path, p, check_conflict=False)  # noqa: E731
    return restore_revisioned(path, revision, prework_from_dict, save)


def unsaved_path(path: Path) -> Path:
    """``李娜.yaml`` → ``李娜-unsaved.yaml``: where a refused save's version is kept."""
    return path.with_name(f"{path.stem}{UNSAVED_SUFFIX}{path.suffix}")


# --- members and their files --------------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _as_written(name: str) -> str:
    """A name with full-width forms folded and its spaces tidied: how it is shown and filed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip()


def member_key(name: str) -> str:
    """Names that are the same person however typed: full-width, spaces, case."""
    return _as_written(name).casefold()


_STEM_BYTES = 180  # well under the 255 bytes a file name may have, leaving room for the suffixes
_HASHED = re.compile(r"-[0-9a-f]{8}$")


def file_name(member: str) -> str:
    """``李娜.yaml``: the member's name as a file name, one file per name (see :func:`member_key`).

    A name that cannot be written as it is (``a/b``, ``..``, over 180 bytes, or
    one that would read as a kept copy) gets the first 8 hex digits of its key's
    SHA-256 after what is left of it, so two different names never share a file.
    """
    written = _as_written(member)
    stem = _UNSAFE.sub("_", written).strip(" .")
    too_long = len(stem.encode("utf-8")) > _STEM_BYTES
    if stem != written or too_long or _HASHED.search(stem) or stem.endswith(UNSAVED_SUFFIX):
        cut = stem.encode("utf-8")[:_STEM_BYTES].decode("utf-8", "ignore")
        digest = hashlib.sha256(member_key(member).encode("utf-8")).hexdigest()[:8]
        stem = f"{cut or '_'}-{digest}"
    return f"{stem}.yaml"


def member_files(folder: Path) -> list[Path]:
    """The member files in a pre-work folder (not backups, hidden files, kept copies or the notebook)."""
    if not folder.is_dir():
        return []
    found = (p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    return sorted(p for p in found if not p.stem.endswith(UNSAVED_SUFFIX))


def files_for(folder: Path, member: str) -> list[Path]:
    """The readable files in ``folder`` that name ``member`` (however typed)."""
    key = member_key(member)
    found = []
    for path in member_files(folder):
        try:
            if member_key(load_prework(path).member) == key:
                found.append(path)
        except OkrbookError:
            continue
    return found


def path_for(folder: Path, member: str) -> Path:
    """Where a member's pre-work is: the one file that names them, else ``<name>.yaml``.

    Raises when two files name them (which is theirs is for the lead to say) or
    when ``<name>.yaml`` is already the file of someone else (written by hand,
    or by an okrbook that named files differently): opening it would overwrite
    another member's pre-work.
    """
    found = files_for(folder, member)
    if len(found) > 1:
        params = {"member": member, "files": ", ".join(p.name for p in found)}
        raise OkrbookError("prework_duplicate", params, file=folder.name)
    if found:
        return found[0]
    path = folder / file_name(member)
    try:
        other = load_prework(path).member if path.exists() else None
    except OkrbookError:
        other = None  # unreadable: whoever opens it is shown why, and it is never overwritten
    if other is not None:
        params = {"path": f"{folder.name}/{path.name}", "other": other, "member": member}
        raise OkrbookError("prework_name_clash", params, file=folder.name)
    return path


@dataclass
class Loaded:
    """A pre-work folder as read: the good files by member, and what was wrong with the rest."""

    members: dict[str, Prework] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[OkrbookError] = field(default_factory=list)


def load_folder(folder: str | Path, quarter: str) -> Loaded:
    """Every member file of ``quarter``; bad ones become problems naming ``prework/<file>``.

    Two files for one member (the same name however typed) are both left out,
    with a problem naming both: which one is right is for the lead to decide.
    """
    folder = Path(folder)
    out = Loaded()
    found: dict[str, list[tuple[Path, Prework]]] = {}
    for path in member_files(folder):
        shown = f"{folder.name}/{path.name}"
        try:
            prework = load_prework(path, shown)
        except OkrbookError as err:
            out.problems.append(err)
            continue
        if prework.quarter != quarter:
            params = {"quarter": prework.quarter, "expected": quarter}
            out.problems.append(OkrbookError("prework_other_quarter", params, file=shown, field="quarter"))
            continue
        found.setdefault(member_key(prework.member), []).append((path, prework))
    for same in found.values():
        if len(same) > 1:
            names = ", ".join(p.name for p, _ in same)
            params = {"member": same[0][1].member, "files": names}
            out.problems.append(OkrbookError("prework_duplicate", params, file=folder.name))
            continue
        path, prework = same[0]
        out.members[prework.member] = prework
        out.files[prework.member] = path
    return out
