"""Each department's facts kept between runs, derived from its files and checked against them on every read.

Parsing and checking 200 departments' YAML takes seconds; reading their bytes
takes milliseconds. So a department's facts (:func:`okrbook.company.folder.department_facts`)
are kept as JSON with the content hash of every file they were derived from,
the names in its folders (a record or a pre-work file added, minutes written)
and a fingerprint of okrbook's own code. A read that finds any of them
changed recomputes: the YAML stays the only truth, and the cache can only be
behind it, never ahead or apart. It lives in okrbook's cache folder
(``$OKRBOOK_CACHE``, else ``$XDG_CACHE_HOME/okrbook``, else ``~/.cache/okrbook``),
since a department's folder may not be the reader's to write on a hub. A
cache that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from okrbook.company.folder import quarter_folders
from okrbook.io.cache import cache_dir, read_json, write_json

CACHE_VERSION = 1
_PACKAGE = Path(__file__).resolve().parents[1]

Facts = dict[str, Any]


def cache_root() -> Path:
    """Where the facts are kept: ``rollup/`` in okrbook's cache folder (okrbook.io.cache.cache_dir)."""
    return cache_dir() / "rollup"


@cache
def code_fingerprint() -> str:
    """okrbook's modules by name, size and time: facts made by other code are not reused."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(_PACKAGE)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def digest(path: str | Path) -> str | None:
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def listing(root: Path) -> list[str]:
    """The names the facts depend on being there: the root's, each quarter's and its pre-work's."""
    names = [f"{p.name}/" if p.is_dir() else p.name for p in root.iterdir()]
    for folder in quarter_folders(root):
        names += [f"{folder.name}/{p.name}" for p in folder.iterdir()]
        prework = folder / "prework"
        if prework.is_dir():
            names += [f"{folder.name}/prework/{p.name}" for p in prework.iterdir()]
    return sorted(names)


def _entry_path(base: Path, root: Path, lang: str) -> Path:
    name = hashlib.blake2b(f"{root}\0{lang}".encode(), digest_size=16).hexdigest()
    return base / f"{name}.json"


def _fresh(entry: dict[str, Any] | None, names: list[str]) -> bool:
    return (
        entry is not None
        and entry.get("version") == CACHE_VERSION
        and entry.get("code") == code_fingerprint()
        and entry.get("listing") == names
        and all(digest(p) == h for p, h in entry.get("files", {}).items())
    )


def lookup(root: Path, lang: str) -> Facts | None:
    """The department's cached facts if every file behind them is as it was, else None."""
    root = root.resolve()
    entry = _read_entry(_entry_path(cache_root(), root, lang))
    return entry["facts"] if _fresh(entry, listing(root)) else None


def cached_facts(root: Path, lang: str, compute: Callable[[], tuple[Facts, set[Path]]]) -> Facts:
    """The department's facts: from the cache when every file behind them is as it was, else computed.

    What ``compute`` raises (a broken department) is raised and nothing is kept.
    Fresh facts go through JSON too, so a cached read and a fresh one are equal.
    """
    root = root.resolve()
    names = listing(root)
    entry_path = _entry_path(cache_root(), root, lang)
    entry = _read_entry(entry_path)
    if _fresh(entry, names):
        return entry["facts"]
    # hashed before reading: a file that changes while it is read leaves an entry that no longer matches
    before = {
        (root / name).resolve(): digest(root / name) for name in names if name.endswith((".yaml", ".json"))
    }
    facts, read = compute()
    text = json.dumps(facts, ensure_ascii=False)
    entry = {
        "version": CACHE_VERSION,
        "code": code_fingerprint(),
        "listing": names,
        "files": {str(p): before[p] if p in before else digest(p) for p in sorted(read)},
        "facts": facts,
    }
    write_json(entry_path, entry)
    return json.loads(text)


def _read_entry(path: Path) -> dict[str, Any] | None:
    entry = read_json(path)
    return entry if isinstance(entry, dict) else None
