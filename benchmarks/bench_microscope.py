"""How well the microscope reads real OKRs, per language, and how long it takes.

Run:  python benchmarks/bench_microscope.py [--old REV] [--runs 5]

The corpus is tests/fixtures/microscope_corpus.yaml: real KRs and objectives from public
pages, each labelled by hand (task / output / vague / sound; one goal / two goals). Printed
per language: recall on the flawed (the share of flawed KRs and two-goal objectives the
checks flag at all), the share flagged for the right reason, and false alarms on the sound
(the share of sound KRs and one-goal objectives flagged). The same figures for the checker
at ``--old`` (default: where this branch left main, read from git) come first when git has
it, then the time per KR of both, and what jieba's first load costs.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from okrbook.core.sheet import KeyResult  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "microscope_corpus.yaml"
FLAWED_KR = ("task", "output", "vague")
# The findings that say a KR is flawed for the reason its label gives.
REASONS = {
    "task": {"kr_is_task", "kr_makes_document", "kr_zero_to_one"},
    "output": {"kr_counts_output"},
    "vague": {"no_measure", "kr_untracked_number"},
}


@dataclass(frozen=True)
class Item:
    lang: str  # "zh" or "en": the suffix of the item's source key
    kind: str  # "kr" or "objective"
    label: str
    kr: KeyResult | None
    title: str
    source: str


def load_corpus(path: Path = CORPUS) -> list[Item]:
    """Every labelled KR and objective, each KR built as a sheet would hold it."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = raw["sources"]
    items = []
    for i, entry in enumerate(raw["key_results"]):
        measure = entry["measure"]
        kr = KeyResult(id=f"KR{i + 1}", title=entry["title"])
        if measure == "milestone":
            kr.kind = "milestone"
        elif measure != "none":
            kr.start, kr.target = (float(v) for v in measure)
        lang = entry["source"].rsplit("_", 1)[1]
        items.append(Item(lang, "kr", entry["label"], kr, entry["title"], sources[entry["source"]]))
    for entry in raw["objectives"]:
        lang = entry["source"].rsplit("_", 1)[1]
        items.append(Item(lang, "objective", entry["label"], None, entry["title"], sources[entry["source"]]))
    return items


@dataclass(frozen=True)
class Checker:
    """A microscope to score: what it flags in a KR, and whether it sees two goals."""

    kr_checks: Callable[[KeyResult], set[str]]
    two_goals: Callable[[str], bool]


def current_checker() -> Checker:
    from okrbook.analysis import checks

    return Checker(
        lambda kr: {f.check for f in checks.kr_findings(kr)},
        lambda title: checks.joined_goals(title) is not None,
    )


def old_checker(rev: str) -> Checker | None:
    """The checker as it was at ``rev`` (regular expressions and verb lists), or None."""
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:okrbook/analysis/checks.py"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("okrbook_old_checks")
    exec(compile(source, f"{rev}:checks.py", "exec"), module.__dict__)  # noqa: S102 - our own history

    def kr_checks(kr: KeyResult) -> set[str]:
        found = set() if kr.measurable else {"no_measure"}
        task = module.task_verb(kr)
        if task:
            found.add("kr_is_task" if task[1] else "kr_counts_output")  # it told output only by severity
        return found

    return Checker(kr_checks, lambda title: module.joined_goals(title) is not None)


@dataclass(frozen=True)
class Score:
    flawed: int
    caught: int
    right_reason: int
    sound: int
    false_alarms: int

    @property
    def recall(self) -> float:
        return self.caught / self.flawed if self.flawed else 1.0

    @property
    def reason_rate(self) -> float:
        return self.right_reason / self.flawed if self.flawed else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.sound if self.sound else 0.0


def score(checker: Checker, items: list[Item]) -> Score:
    """Recall on the flawed and false alarms on the sound, KRs and objectives together."""
    flawed = caught = right = sound = alarms = 0
    for item in items:
        if item.kind == "kr":
            assert item.kr is not None
            found = checker.kr_checks(item.kr)
            bad = item.label in FLAWED_KR
            flagged = bool(found)
            reason = bad and bool(found & REASONS[item.label])
        else:
            bad = item.label == "two"
            flagged = reason = checker.two_goals(item.title)
        if bad:
            flawed += 1
            caught += flagged
            right += reason
        else:
            sound += 1
            alarms += flagged
    return Score(flawed, caught, right, sound, alarms)


def misses(checker: Checker, items: list[Item]) -> list[str]:
    """The items the checker gets wrong, for reading."""
    out = []
    for item in items:
        if item.kind == "kr":
            assert item.kr is not None
            found = checker.kr_checks(item.kr)
            wrong = bool(found) != (item.label in FLAWED_KR)
            out += [f"{item.lang} {item.label:6} {sorted(found)} {item.title}"] if wrong else []
        elif checker.two_goals(item.title) != (item.label == "two"):
            out.append(f"{item.lang} {item.label:6} objective {item.title}")
    return out


def per_kr_seconds(checker: Checker, items: list[Item], runs: int) -> float:
    """Median time per KR and objective read, with every cache cleared before each run."""
    from okrbook.analysis import text

    timings = []
    for _ in range(runs):
        text.words.cache_clear()
        text._read_kr.cache_clear()
        text._joined_goals.cache_clear()
        t0 = time.perf_counter()
        for item in items:
            if item.kr is not None:
                checker.kr_checks(item.kr)
            else:
                checker.two_goals(item.title)
        timings.append((time.perf_counter() - t0) / len(items))
    return sorted(timings)[len(timings) // 2]


def _merge_base() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "main"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--old", default=None, help="git revision of the checker to compare (default: merge-base)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list what the current checker gets wrong")
    args = parser.parse_args(argv)

    items = load_corpus()
    t0 = time.perf_counter()
    importlib.import_module("okrbook.analysis.text")._zh_tagger()
    first_load = time.perf_counter() - t0
    checkers = {"new": current_checker()}
    old = old_checker(args.old or _merge_base())
    if old is not None:
        checkers = {"old": old, **checkers}

    counts = {lang: {} for lang in ("zh", "en")}
    for item in items:
        key = f"{item.kind}:{item.label}"
        counts[item.lang][key] = counts[item.lang].get(key, 0) + 1
    for lang, c in counts.items():
        print(f"corpus {lang}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    print(f"{'checker':8}{'lang':6}{'recall':>10}{'reason':>10}{'false alarms':>16}{'µs/item':>10}")
    for name, checker in checkers.items():
        for lang in ("zh", "en"):
            subset = [i for i in items if i.lang == lang]
            s = score(checker, subset)
            us = per_kr_seconds(checker, subset, args.runs) * 1e6
            print(
                f"{name:8}{lang:6}{s.recall:>9.0%} {s.reason_rate:>9.0%} "
                f"{s.false_alarm_rate:>8.0%} ({s.false_alarms}/{s.sound}){us:>10.0f}"
            )
    print(f"jieba first load (dictionary and tags): {first_load:.2f} s")
    if args.misses:
        print("\n".join(misses(checkers["new"], items)))


if __name__ == "__main__":
    main()
