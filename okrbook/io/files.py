"""Files written safely and read with a clear error: the I/O under every store.

Writes are atomic (temporary file, fsync, replace, fsync of the folder) and
keep a few rotated backups, so a save cut off midway leaves the previous
file whole; a writer killed midway leaves a temporary the next write removes.
Reads refuse what is not a regular file or is too large, YAML is read without
aliases, and an OS error becomes okrbook's own message naming the path.
Revisioned saves are :mod:`okrbook.io.revisions`. Nothing here knows what a
sheet or a record is.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from okrbook.errors import OkrbookError

BACKUPS = 3
MAX_FILE_BYTES = 64 * 2**20  # far above any sheet, record or export; a bound on what one read takes
MAX_DEPTH = 64  # okrbook's files nest a few levels; a bound keeps deep nesting from exhausting the stack
# libyaml's composer recurses in C and crashes the process somewhere past 20,000 levels; a text
# with fewer indicators than this cannot nest that deep, so only larger ones are measured first.
_C_SAFE_INDICATORS = 10_000
_LONG_INT = 18  # digits: longer integers are kept as text for the number reader to refuse by field

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Refused(Exception):
    def __init__(self, key: str, line: int | str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, {"line": line, **params}


def _scalar_text(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)


def _int_or_text(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    """An integer; one of more digits than any count needs stays text (PyYAML refuses 4,300 digits)."""
    text = loader.construct_scalar(node)
    return text if len(text) > _LONG_INT else yaml.SafeLoader.construct_yaml_int(loader, node)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader, made safe for files a person edits by hand.

    Aliases are refused (a 1.7 KB file of nested aliases expands to gigabytes),
    so is nesting past :data:`MAX_DEPTH`; timestamps stay text, so a bad date
    (``2026-02-30``) is an error of its field rather than of the parser.
    """

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_tree(node)
        try:
            return self.construct_document(node)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError) as err:
            # an explicit tag PyYAML's constructors trip on (``!!bool x``, ``!!float y``...)
            raise _Refused(
                "yaml_invalid", node.start_mark.line + 1, reason=f"{type(err).__name__}: {err}"
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _scalar_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def _check_tree(root: yaml.Node) -> None:
    """Refuse a node reached twice (an alias) or nested deeper than :data:`MAX_DEPTH`; no recursion."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _Refused("yaml_alias", node.start_mark.line + 1)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused("yaml_too_deep", node.start_mark.line + 1, max=MAX_DEPTH)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)


def _check_events(text: str) -> None:
    """Measure nesting from the parser's events (iterative in libyaml) before anything composes it."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("yaml_alias", event.start_mark.line + 1)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused("yaml_too_deep", event.start_mark.line + 1, max=MAX_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str) -> Any:
    """YAML text as data, through :class:`_Loader`; errors are ``yaml.YAMLError`` or ``_Refused``."""
    if sum(text.count(c) for c in "[{-:?") >= _C_SAFE_INDICATORS:
        _check_events(text)
    return yaml.load(text, Loader=_Loader)


def _json_int(text: str) -> int | str:
    return text if len(text) > _LONG_INT else int(text)


# --- operating-system errors in okrbook's words ---------------------------------------------------

_OS_REASONS = {
    errno.EROFS: "os_readonly",
    errno.EACCES: "os_permission",
    errno.EPERM: "os_permission",
    errno.ENOSPC: "os_no_space",
    errno.EDQUOT: "os_quota",
    errno.ENAMETOOLONG: "os_name_too_long",
    errno.ENOENT: "os_not_found",
    errno.EISDIR: "os_is_dir",
    errno.ENOTDIR: "os_not_dir",
    errno.ELOOP: "os_symlink",  # opened with O_NOFOLLOW (okrbook hub setup): a link is not followed
}


def os_reason(err: OSError) -> OkrbookError | str:
    """Why the system said no, as a message in the reader's language (an error renders in any)."""
    if err.errno in _OS_REASONS:
        return OkrbookError(_OS_REASONS[err.errno])
    if err.errno:
        return OkrbookError("os_other", {"code": errno.errorcode.get(err.errno, err.errno)})
    return str(err) or type(err).__name__  # raised without an errno: its own words are all there is


def os_error(err: OSError, path: str | Path, *, reading: bool = False) -> OkrbookError:
    """okrbook's one-line error for a failed read or write of ``path``."""
    if reading:
        if err.errno == errno.ENOENT:
            return OkrbookError("file_missing", file=path)
        return OkrbookError("file_unreadable", {"reason": os_reason(err)}, file=path)
    return OkrbookError("output_unwritable", {"path": path, "reason": os_reason(err)})


# --- reading --------------------------------------------------------------------------------------


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), then GBK as Excel on a Chinese Windows saves it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise OkrbookError("encoding_unknown", file=path)


def regular_file(path: str | Path) -> None:
    """Refuse what is not a regular file (a device like ``/dev/zero``, a FIFO, a folder), unopened."""
    try:
        info = os.stat(path)
    except ValueError:  # a NUL byte: no such file can exist
        raise OkrbookError("file_missing", file=path) from None
    except OSError as err:
        raise os_error(err, path, reading=True) from None
    if not stat.S_ISREG(info.st_mode):
        raise OkrbookError("not_regular_file", file=path)


def read_bytes(path: str | Path) -> bytes:
    """A regular file's bytes, at most :data:`MAX_FILE_BYTES`; every failure names the file."""
    path = Path(path)
    regular_file(path)
    try:
        # O_NONBLOCK: should the path turn into a FIFO after the check, opening it does not wait
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise OkrbookError("not_regular_file", file=path)
            if info.st_size > MAX_FILE_BYTES:
                params = {"size": info.st_size >> 20, "max": MAX_FILE_BYTES >> 20}
                raise OkrbookError("file_too_large", params, file=path)
            return fh.read(MAX_FILE_BYTES)
    except OSError as err:
        raise os_error(err, path, reading=True) from None


def read_text(path: str | Path) -> str:
    path = Path(path)
    return decode(read_bytes(path), path)


def parse_mapping(text: str, path: Path) -> Any:
    """Parse YAML, or JSON for a ``.json`` path; a syntax error names the line, never a traceback."""
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text, parse_int=_json_int)
        except json.JSONDecodeError as err:
            raise OkrbookError("json_invalid", {"line": err.lineno, "reason": err.msg}, file=path) from None
        except RecursionError:
            raise OkrbookError("yaml_too_deep", {"max": MAX_DEPTH}, file=path) from None
    try:
        return parse_yaml(text)
    except _Refused as err:
        raise OkrbookError(err.key, err.params, file=path) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (NUL, a control)
        line = text.count("\n", 0, err.position) + 1
        raise OkrbookError("yaml_invalid", {"line": line, "reason": err.reason}, file=path) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = getattr(err, "problem", None) or str(err)
        line = mark.line + 1 if mark is not None else "?"
        raise OkrbookError("yaml_invalid", {"line": line, "reason": reason}, file=path) from None


def read_mapping(path: str | Path) -> Any:
    """Parse a YAML or JSON file; a syntax error names the line."""
    path = Path(path)
    return parse_mapping(read_text(path), path)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def atomic_write(path: str | Path, text: str | bytes, backups: int = BACKUPS) -> None:
    """Replace ``path`` with ``text`` (UTF-8, or bytes as they are) so that a reader sees the old
    file or the new, never half.

    Temporaries that writers killed midway left behind are removed first (only
    those of processes that are gone), so crashes leave no litter for ever.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        _remove_stale_temporaries(path)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if backups and path.exists():
            _rotate(path, backups)
        os.replace(tmp, path)
    except OSError as err:
        # a full disk, a read-only folder, a name too long: the user's to fix, so name the file
        raise os_error(err, path) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(path.parent)


def _remove_stale_temporaries(path: Path) -> None:
    """Remove ``.<name>.<pid>.tmp`` files of writers no longer running."""
    prefix = f".{path.name}."
    with os.scandir(path.parent) as found:
        stale = [
            e.path
            for e in found
            if e.name.startswith(prefix)
            and e.name.endswith(".tmp")
            and (pid := e.name[len(prefix) : -len(".tmp")]).isdigit()
            and int(pid) != os.getpid()
            and not _running(int(pid))
        ]
    for name in stale:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _running(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


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
