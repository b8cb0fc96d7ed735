"""Files written safely and read with a clear error: the I/O under every store.

Writes are atomic (temporary file, fsync, replace, fsync of the folder) and
keep a few rotated backups, so a save cut off midway leaves the previous
file whole. :func:`save_revisioned` also checks the revision on disk under a
lock, so two kernels editing one file cannot silently lose each other's edits.
Nothing here knows what a sheet or a record is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

from okrbook.errors import ConflictError, OkrbookError

BACKUPS = 3

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), then GBK as Excel on a Chinese Windows saves it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise OkrbookError("encoding_unknown", file=path)


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OkrbookError("file_missing", file=path) from None
    except OSError as err:
        raise OkrbookError("file_unreadable", {"reason": err.strerror}, file=path) from None
    return decode(data, path)


def read_mapping(path: str | Path) -> Any:
    """Parse a YAML or JSON file; a syntax error names the line."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise OkrbookError("json_invalid", {"line": err.lineno, "reason": err.msg}, file=path) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = getattr(err, "problem", None) or str(err)
        line = mark.line + 1 if mark is not None else "?"
        raise OkrbookError("yaml_invalid", {"line": line, "reason": reason}, file=path) from None


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def atomic_write(path: str | Path, text: str | bytes, backups: int = BACKUPS) -> None:
    """Replace ``path`` with ``text`` (UTF-8, or bytes as they are) so that a reader sees the old
    file or the new, never half."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if backups and path.exists():
            _rotate(path, backups)
        os.replace(tmp, path)
    except OSError as err:
        # a full disk, a read-only folder, a name too long: the user's to fix, so name the file
        reason = err.strerror or str(err)
        raise OkrbookError("output_unwritable", {"path": path, "reason": reason}) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(path.parent)


def backup_paths(path: Path, backups: int = BACKUPS) -> list[Path]:
    return [path.with_name(f"{path.name}.bak{i}") for i in range(1, backups + 1)]


def _rotate(path: Path, backups: int) -> None:
    olds = backup_paths(path, backups)
    for newer, older in reversed(list(zip(olds, olds[1:], strict=False))):
        if newer.exists():
            os.replace(newer, older)
    with contextlib.suppress(FileNotFoundError):
        olds[0].unlink()
    try:
        os.link(path, olds[0])
    except OSError:
        olds[0].write_bytes(path.read_bytes())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = path.with_name(f".{path.name}.lock")
    with open(lock, "a") as fh:
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
    """``read_revision(path)``, or None when there is no readable file (nothing to conflict with)."""
    if not path.exists():
        return None
    try:
        return read_revision(path)
    except OkrbookError:
        return None


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
    ``conflict``) names both revisions; ``check_conflict=False`` is for a
    deliberate replacement, which still takes the next revision so any stale
    view of the file conflicts with it. ``obj.revision`` and ``obj.saved_at``
    change only when the write succeeds.
    """
    path = Path(path)
    with _locked(path):
        on_disk = revision_on_disk(path, read_revision)
        if check_conflict and on_disk is not None and on_disk != obj.revision:
            raise ConflictError(conflict, {"disk": on_disk, "mine": obj.revision}, file=path)
        previous = (obj.revision, obj.saved_at)
        obj.revision = max(on_disk or 0, obj.revision) + 1
        obj.saved_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            atomic_write(path, dump_yaml(to_dict(obj)))
        except BaseException:
            obj.revision, obj.saved_at = previous
            raise
    return obj
