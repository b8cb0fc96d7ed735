"""Saving a file that carries its own revision (the record, a member's pre-work), and bringing one back.

:func:`save_revisioned` checks the revision on disk under a lock, so two
kernels editing one file cannot silently lose each other's edits; every
version also goes to the file's journal (:mod:`okrbook.io.journal`), from
which :func:`restore_revisioned` brings one back. Nothing here knows what a
record is: the stores pass their own readers and writers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import journal
from okrbook.io.files import atomic_write, dump_yaml, os_error, parse_mapping


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = path.with_name(f".{path.name}.lock")
    try:
        fh = open(lock, "a")  # noqa: SIM115 (closed below, after the error is named)
    except OSError as err:  # a read-only folder fails here first: name the file being saved
        raise os_error(err, path) from None
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Revisioned(Protocol):
    """A file's contents that carry their own revision: the record, a member's pre-work."""

    revision: int
    saved_at: str


R = TypeVar("R", bound=Revisioned)


def revision_on_disk(path: Path, read_revision: Callable[[Path], int]) -> int | None:
    """``read_revision(path)``; None when there is no file. An unreadable file raises its error."""
    if not path.exists():
        return None
    try:
        return read_revision(path)
    except OkrbookError as err:
        if err.key == "file_missing":  # removed since the check: nothing to conflict with
            return None
        raise


def save_revisioned(
    path: str | Path,
    obj: R,
    to_dict: Callable[[R], Any],
    read_revision: Callable[[Path], int],
    *,
    conflict: str,
    check_conflict: bool = True,
) -> R:
    """Write ``obj`` as the next revision, unless another writer saved since it was read.

    The lock (``.<name>.lock`` beside the file) spans the read of the disk's
    revision and the write, so two processes cannot both pass the check. On a
    mismatch nothing is written and :class:`ConflictError` (message key
    ``conflict``) names both revisions. A file on disk that cannot be read (a
    hand edit gone wrong, a newer ``schema_version``) is a conflict too
    (``unreadable_conflict``): it is kept, never overwritten by a form that
    had it open. ``check_conflict=False`` is for a deliberate replacement,
    which still takes the next revision so any stale view of the file
    conflicts with it. ``obj.revision`` and ``obj.saved_at`` change only when
    the write succeeds. Each version is appended to the file's journal
    (:mod:`okrbook.io.journal`) just before the file is replaced, so a kill in
    between leaves the journal one version ahead, never behind.
    """
    path = Path(path)
    with _locked(path):
        try:
            on_disk = revision_on_disk(path, read_revision)
        except OkrbookError as err:
            if check_conflict:
                raise ConflictError("unreadable_conflict", {"reason": err}, file=path) from None
            on_disk = None
        if check_conflict and on_disk is not None and on_disk != obj.revision:
            raise ConflictError(conflict, {"disk": on_disk, "mine": obj.revision}, file=path)
        previous = (obj.revision, obj.saved_at)
        obj.revision = max(on_disk or 0, obj.revision) + 1
        obj.saved_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            text = dump_yaml(to_dict(obj))
            journal.append(path, obj.revision, text)  # first: a version is in the journal before the file
            atomic_write(path, text)
        except BaseException:
            obj.revision, obj.saved_at = previous
            raise
    return obj


def restore_revisioned(
    path: str | Path, revision: int, from_dict: Callable[[Any], R], save: Callable[[R], R]
) -> R:
    """Bring back the journal's version ``revision`` of ``path`` as a new version (so it can be undone).

    The version is read as any file is (an error names the journal); it is saved
    above every revision the file has had, so a form open on the file conflicts.
    """
    path = Path(path)
    entry = journal.find(path, revision)
    where = journal.journal_path(path)
    try:
        obj = from_dict(parse_mapping(entry.text, where))
    except OkrbookError as err:
        raise err.located(file=where) from None
    obj.revision = max(e.revision for e in journal.entries(path))
    return save(obj)
