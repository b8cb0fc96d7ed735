"""What okrbook derives from a text, kept between runs so the next run need not derive it again.

Never a second truth: the key is the text itself and the file's name carries
the version of everything that derives it, so an entry can only be right or
absent. A cache that cannot be read is empty; one that cannot be written is
skipped (a read-only home folder costs time, nothing else). It lives in
``$OKRBOOK_CACHE``, else ``$XDG_CACHE_HOME/okrbook``, else ``~/.cache/okrbook``.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from okrbook.errors import OkrbookError
from okrbook.io.files import atomic_write

CACHE_ENV = "OKRBOOK_CACHE"
MAX_ENTRIES = 50_000  # a company's titles many times over; past it the cache starts afresh


def cache_dir() -> Path:
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "okrbook"


def read_json(path: Path) -> Any:
    """A cache file's contents, or None when it is missing or damaged (a cache is never an error)."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> bool:
    """Write a cache file atomically; False when it could not be (a read-only home costs time only)."""
    with contextlib.suppress(OSError, OkrbookError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data, ensure_ascii=False), backups=0)
        return True
    return False


class TextCache:
    """A JSON mapping of text → derived value, read on first use and written when the process ends."""

    def __init__(self, name: str, version: str) -> None:
        digest = hashlib.sha256(version.encode("utf-8")).hexdigest()[:16]
        self.path = cache_dir() / f"{name}-{digest}.json"
        self._entries: dict[str, Any] | None = None
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            entries = read_json(self.path)
            self._entries = entries if isinstance(entries, dict) else {}
        return self._entries

    def get(self, key: str) -> Any:
        return self._load().get(key)

    def put(self, key: str, value: Any) -> None:
        entries = self._load()
        if len(entries) >= MAX_ENTRIES:
            entries.clear()
        entries[key] = value
        if not self._dirty:
            self._dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write what was added (atomically; another process's newer file simply wins or loses)."""
        if self._dirty and self._entries is not None and write_json(self.path, self._entries):
            self._dirty = False
