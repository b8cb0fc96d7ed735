"""The sheet and the record on disk: where they live in a workbook folder, loaded and saved.

Reading names the file in any error; a record save goes through
:func:`okrbook.io.revisions.save_revisioned`, so a save from a view that is behind
the disk is refused rather than merged.
"""

from __future__ import annotations

from pathlib import Path

from okrbook.core.record import Record, record_from_dict, record_to_dict
from okrbook.core.sheet import Sheet, sheet_from_dict, sheet_to_dict
from okrbook.errors import OkrbookError
from okrbook.io.files import atomic_write, dump_yaml, read_mapping
from okrbook.io.revisions import restore_revisioned, save_revisioned

RECORD_NAME = "record.yaml"
SHEET_NAME = "okrs.yaml"


def load_sheet(path: str | Path) -> Sheet:
    try:
        return sheet_from_dict(read_mapping(path))
    except OkrbookError as err:
        raise err.located(file=Path(path)) from None


def load_record(path: str | Path) -> Record:
    try:
        return record_from_dict(read_mapping(path))
    except OkrbookError as err:
        raise err.located(file=Path(path)) from None


def record_sheet(record_path: str | Path, record: Record) -> Path:
    """The sheet a record names, which must be a file in the record's folder or the one above it.

    ``sheet:`` comes from a file a person can edit: it must not make okrbook read
    ``/etc/passwd``, ``/dev/zero`` (endless) or a FIFO (blocks for ever). The
    quarter's snapshot ``okrs.yaml`` and a department's shared ``../okrs.yaml``
    both qualify; symbolic links are followed before the check.
    """
    folder = Path(record_path).resolve().parent
    refused = OkrbookError("sheet_outside", {"value": record.sheet}, file=Path(record_path), field="sheet")
    if "\x00" in record.sheet:
        raise refused
    path = (folder / record.sheet).resolve()
    if not path.is_relative_to(folder.parent) or (path.exists() and not path.is_file()):
        raise refused
    return path


def save_sheet(path: str | Path, sheet: Sheet) -> None:
    atomic_write(path, dump_yaml(sheet_to_dict(sheet)))


def _record_revision(path: Path) -> int:
    return load_record(path).revision


def save_record(path: str | Path, record: Record, *, check_conflict: bool = True) -> Record:
    """Write the record as the next revision; refuse if someone else saved in between.

    On success ``record.revision`` and ``record.saved_at`` are updated in place
    (and the record returned). On a conflict nothing is written and
    :class:`ConflictError` says which revisions disagree.
    """
    return save_revisioned(
        path,
        record,
        record_to_dict,
        _record_revision,
        conflict="record_conflict",
        check_conflict=check_conflict,
    )


def restore_record(path: str | Path, revision: int) -> Record:
    """The record's version ``revision`` from its journal, saved as its newest revision."""
    return restore_revisioned(
        path, revision, record_from_dict, lambda r: save_record(path, r, check_conflict=False)
    )
