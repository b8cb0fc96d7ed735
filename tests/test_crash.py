"""A writer SIGKILLed at random moments never costs a version: the record and its journal always load.

A forked child saves the record in a loop (answers large enough that each
write takes a while, so kills land inside writes and journal compactions);
the test kills it again and again: every other time at a random moment, the
others the moment a temporary file shows a write under way. Each time the record
loads and holds a version the journal has (the journal is appended to
before the record is replaced, so it is never behind), every
version in the journal loads, and the next save leaves no temporary behind.
``OKRBOOK_CRASH_KILLS`` raises the number of kills (the default keeps CI short).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

from okrbook.core.record import record_from_dict
from okrbook.errors import ConflictError
from okrbook.io import journal, stores
from okrbook.io.files import parse_yaml
from okrbook.io.workbook import new_workbook, open_workbook

SHEET = Path(__file__).parent / "fixtures" / "small.yaml"
KILLS = int(os.environ.get("OKRBOOK_CRASH_KILLS", "25"))


def save_for_ever(folder: str, seed: int, ready) -> None:  # runs in the forked child
    rng = random.Random(seed)
    wb = open_workbook(folder)
    ready.set()
    i = 0
    while True:
        i += 1
        wb.record.answers["setting"] = f"{seed}:{i} " + "长" * rng.randrange(1, 40_000)
        try:
            wb.save()
        except ConflictError:
            wb.reload()


def writing(folder: Path, within: float = 5.0) -> None:
    """Return as soon as a temporary file shows a write under way (or after ``within`` seconds)."""
    end = time.monotonic() + within
    while not temporaries(folder) and time.monotonic() < end:
        time.sleep(0.0005)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_sigkill_mid_save_leaves_a_whole_record_and_journal(tmp_path: Path):
    folder = new_workbook("2026Q3", SHEET, tmp_path, lang="en")[0].folder
    path = folder / "record.yaml"
    fork = multiprocessing.get_context("fork")
    rng = random.Random(12)
    seen_tmp = 0
    for kill in range(KILLS):
        ready = fork.Event()
        child = fork.Process(target=save_for_ever, args=(str(folder), kill, ready))
        child.start()
        assert ready.wait(30)
        if kill % 2:
            time.sleep(rng.uniform(0, 0.15))  # anywhere: between writes, in a compaction, in a write
        else:
            writing(folder)  # inside a write, on purpose: a random moment may miss every one on a fast disk
        os.kill(child.pid, signal.SIGKILL)
        child.join()

        record = stores.load_record(path)  # whole: the old version or the new
        versions = journal.entries(path)
        for entry in versions:
            assert record_from_dict(parse_yaml(entry.text)).revision == entry.revision
        revisions = [e.revision for e in versions]
        assert record.revision in revisions  # the journal is written first: never behind the record
        assert revisions == sorted(revisions), "the journal keeps the order of the saves"
        seen_tmp += bool(temporaries(folder))

        open_workbook(folder).save()  # the next save removes what the killed writer left
        assert temporaries(folder) == []
        assert journal.entries(path)[-1].revision == stores.load_record(path).revision
    # the kills did land inside writes (else the test would prove nothing about them)
    assert KILLS < 10 or seen_tmp > 0
