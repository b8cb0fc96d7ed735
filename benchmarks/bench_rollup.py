"""``okrbook rollup --json`` of a big company against merely parsing every YAML file of it, side by side.

Run:  python benchmarks/bench_rollup.py [--departments 200] [--runs 3] [--keep DIR]

Builds a company folder: ``company.yaml`` with 12 company KRs, and
``--departments`` departments, each with the sheet of ``bench_analysis``
(20 annual KRs linked to company KRs, 4 quarters of 40 KRs) and four quarters
of records (final scores, verdicts, an adjustment, whiteboard, homework) with
four members' pre-work each. Then, in one run, interleaved, median of
``--runs``:

* parse: read every ``*.yaml`` file of the tree and parse it with PyYAML's C
  loader (``yaml.CSafeLoader``), nothing else: the floor the issue sets;
* rollup cold: ``okrbook rollup --json`` in this process with an empty cache
  (every sheet, record and pre-work file read, validated, checked, scored);
* rollup warm: the same with the cache the previous run left (every file's
  bytes hashed and compared, the facts read from the cache);
* rollup warm, as a command: ``python -m okrbook rollup --json`` in a new
  process (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from bench_analysis import make_department

from okrbook.cli import main
from okrbook.core.record import (
    Adjustment,
    HomeworkItem,
    KRReview,
    Meeting,
    Record,
    WhiteboardItem,
    record_to_dict,
)
from okrbook.core.sheet import QUARTERS
from okrbook.io.files import atomic_write, dump_yaml

COMPANY_KRS = [f"C{o}.KR{k}" for o in range(1, 5) for k in range(1, 4)]
MEMBERS = ["王磊", "李娜", "陈晨", "赵敏"]


def company_yaml() -> dict:
    objectives = []
    for o in range(1, 5):
        krs = [
            {
                "id": f"C{o}.KR{k}",
                "title": f"公司指标 {o}-{k}",
                "start": 0,
                "target": 100,
                "values": {"Q1": 20, "Q2": 45},
            }
            for k in range(1, 4)
        ]
        objectives.append({"id": f"C{o}", "title": f"公司目标 {o}", "key_results": krs})
    return {"company": "基准公司", "year": 2026, "language": "zh", "annual": {"objectives": objectives}}


def build(root: Path, departments: int) -> int:
    """Write the company; returns the number of YAML files."""
    root.mkdir(parents=True, exist_ok=True)
    atomic_write(root / "company.yaml", dump_yaml(company_yaml()), backups=0)
    count = 1
    for n in range(departments):
        rng = random.Random(n)
        sheet = make_department(n)
        sheet["company"] = "基准公司"
        for obj in sheet["annual"]["objectives"]:
            for kr in obj["key_results"]:
                kr["supports"] = rng.sample(COMPANY_KRS, rng.choice([0, 1, 1, 2]))
        folder = root / f"dept{n:03d}"
        folder.mkdir()
        atomic_write(folder / "okrs.yaml", dump_yaml(sheet), backups=0)
        count += 1
        for q in QUARTERS:
            quarter = f"2026{q}"
            qdir = folder / quarter
            (qdir / "prework").mkdir(parents=True)
            krs = [kr["id"] for o in sheet["quarters"][q]["objectives"] for kr in o["key_results"]]
            annual = [kr["id"] for o in sheet["annual"]["objectives"] for kr in o["key_results"]]
            month = 3 * QUARTERS.index(q) + 4
            record = Record(
                quarter=quarter,
                department=sheet["department"],
                sheet="../okrs.yaml",
                meeting=Meeting(date=dt.date(2026 + month // 13, (month - 1) % 12 + 1, 8), attendees=MEMBERS),
                answers={"setting": "本季度的 KR 大多是结果指标。", "obstacles": "依赖的平台组延期。"},
                kr_reviews={k: KRReview(final_score=round(rng.random(), 1)) for k in krs[::3]},
                verdicts={a: rng.choice(["on_track", "at_risk", "off_track"]) for a in annual},
                adjustments=[Adjustment(annual[0], 100, 80, "目标定高了")],
                whiteboard=[
                    WhiteboardItem("W1", "我们的定位是什么?", rng.choice(["positioning", "goals", "need"]))
                ],
                homework=[HomeworkItem("H1", "整理数据", MEMBERS[0], dt.date(2026, month % 12 + 1, 1))],
            )
            atomic_write(qdir / "record.yaml", dump_yaml(record_to_dict(record)), backups=0)
            count += 1
            for member in MEMBERS[: rng.randint(2, 4)]:
                prework = {
                    "schema": "okrbook.prework",
                    "schema_version": 1,
                    "quarter": quarter,
                    "member": member,
                    "answers": {"obstacles": "依赖的平台组延期。"},
                    "scores": {k: {"score": round(rng.random(), 1)} for k in krs[:5]},
                }
                atomic_write(qdir / "prework" / f"{member}.yaml", dump_yaml(prework), backups=0)
                count += 1
    return count


def parse_all(root: Path) -> int:
    """Read and parse every YAML file with the C loader: nothing else."""
    n = 0
    for path in root.rglob("*.yaml"):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        n += 1
    return n


def rollup_in_process(root: Path) -> int:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["rollup", str(root), "--json", "--today", "2026-12-01"])
    assert code == 0, out.getvalue()[:500]
    return len(out.getvalue())


def rollup_command(root: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "okrbook", "rollup", str(root), "--json", "--today", "2026-12-01"],
        capture_output=True,
        check=True,
    )
    return len(done.stdout)


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="build the company here and keep it")
    args = parser.parse_args()

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="okrbook-bench-"))
    root, cache = tmp / "company", tmp / "cache"
    try:
        if not (root / "company.yaml").exists():
            t = timed(lambda: build(root, args.departments))
            print(f"built {args.departments} departments × 4 quarters in {t:.1f} s")
        files = sum(1 for _ in root.rglob("*.yaml"))
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        print(f"{files} YAML files, {size / 2**20:.1f} MiB")
        os.environ["OKRBOOK_CACHE"] = str(cache)
        rollup_in_process(root)  # imports, jieba's dictionary: once per process, as for any command
        times: dict[str, list[float]] = {"parse": [], "cold": [], "warm": [], "command": []}
        for _ in range(args.runs):
            times["parse"].append(timed(lambda: parse_all(root)))
            shutil.rmtree(cache, ignore_errors=True)
            times["cold"].append(timed(lambda: rollup_in_process(root)))
            times["warm"].append(timed(lambda: rollup_in_process(root)))
            times["command"].append(timed(lambda: rollup_command(root)))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"parse every YAML file (read + yaml.CSafeLoader), nothing else: {med['parse']:7.3f} s")
        print(f"okrbook rollup --json, cold cache (in process):                {med['cold']:7.3f} s")
        print(f"okrbook rollup --json, warm cache (in process):                {med['warm']:7.3f} s")
        print(f"python -m okrbook rollup --json, warm cache (new process):     {med['command']:7.3f} s")
        warm, command = med["warm"] / med["parse"], med["command"] / med["parse"]
        print(f"warm rollup / parse: {warm:.2f}×; as a command: {command:.2f}×")
        print(json.dumps({k: [round(x, 3) for x in v] for k, v in times.items()}))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main_bench()
