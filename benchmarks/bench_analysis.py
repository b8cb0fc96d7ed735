"""How long the analysis takes for a whole company, and the tables and charts of one big department.

Run:  python benchmarks/bench_analysis.py [--departments 200] [--runs 3] [--workers 2]

A synthetic company: each department has 20 annual KRs (5 objectives) with
quarter-end values, and 4 quarters of 40 KRs (8 objectives × 5) linked to
them. Timed, median of ``--runs``: writing and reading every sheet as YAML
through :mod:`okrbook.io.stores`; scoring, alignment, projection and checks over
the company (in one process, and spread over ``--workers`` processes); then
every table (rendered to HTML) and chart (rendered to PNG) of one department
with 100 KRs in a quarter. The aim is company-wide computation under 1 s on
2 cores.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from okrbook.analysis import charts, history, tables
from okrbook.analysis.alignment import align
from okrbook.analysis.checks import check_annual, check_quarter
from okrbook.analysis.projection import project_annual
from okrbook.core.record import KRReview, Record
from okrbook.core.scoring import score_objectives
from okrbook.core.sheet import QUARTERS, Sheet, sheet_from_dict, sheet_to_dict
from okrbook.io.files import atomic_write, dump_yaml
from okrbook.io.stores import load_sheet

THEMES = ["新注册企业激活率", "付费客户续约率", "渠道伙伴新签占比", "获客成本", "客户净推荐值", "首月流失率",
          "平台可用性", "交付周期", "自然注册企业数", "客户案例转化率"]  # fmt: skip
VERBS = ["提升", "降低", "扩大", "缩短", "提高"]
TASKS = ["完成", "上线", "组织", "搭建"]


def make_department(n: int, krs_per_quarter: int = 40, seed: int = 0) -> dict[str, Any]:
    """One department's sheet as the plain mapping a YAML file holds."""
    rng = random.Random(seed * 7919 + n)
    annual = []
    for a in range(5):
        krs = []
        for k in range(4):
            start = rng.randint(10, 100)
            target = start + rng.choice([-1, 1]) * rng.randint(5, 80)
            values, value = {}, start
            for q in QUARTERS[: rng.randint(1, 4)]:
                value += (target - start) * rng.uniform(-0.1, 0.45)
                values[q] = round(value, 1)
            krs.append(
                {
                    "id": f"A{a + 1}.KR{k + 1}",
                    "title": f"{rng.choice(THEMES)}从 {start} 到 {target}",
                    "start": start,
                    "target": target,
                    "values": values,
                }
            )
        annual.append(
            {"id": f"A{a + 1}", "title": f"{rng.choice(VERBS)}{rng.choice(THEMES)}", "key_results": krs}
        )
    annual_ids = [kr["id"] for o in annual for kr in o["key_results"]]
    quarters = {}
    for q in QUARTERS:
        objectives = []
        for o in range(krs_per_quarter // 5):
            krs = []
            for k in range(5):
                ident = f"{q}.O{o + 1}.KR{k + 1}"
                kind = rng.random()
                if kind < 0.1:
                    kr = {"title": f"{rng.choice(TASKS)}{rng.choice(THEMES)}项目", "kind": "milestone",
                          "done": rng.random() < 0.5}  # fmt: skip
                elif kind < 0.15:
                    kr = {"title": f"{rng.choice(THEMES)}明显改善"}
                else:
                    start = rng.randint(0, 50)
                    target, current = start + rng.randint(5, 50), start + rng.randint(-5, 60)
                    kr = {
                        "title": f"{rng.choice(THEMES)}{ident}",
                        "start": start,
                        "target": target,
                        "current": current,
                    }
                kr["id"] = ident
                kr["supports"] = rng.sample(annual_ids, rng.choice([0, 1, 1, 1, 2]))
                krs.append(kr)
            title = f"{rng.choice(VERBS)}{rng.choice(THEMES)}" + (
                f"并{rng.choice(VERBS)}{rng.choice(THEMES)}" if rng.random() < 0.1 else ""
            )
            objectives.append({"id": f"{q}.O{o + 1}", "title": title, "key_results": krs})
        quarters[q] = {"objectives": objectives}
    return {"department": f"部门 {n}", "year": 2026, "annual": {"objectives": annual}, "quarters": quarters}


def analyse(sheet: Sheet) -> int:
    """Everything the workbook computes for one department's year; returns a count so nothing is skipped."""
    n = len(project_annual(sheet)) + len(check_annual(sheet))
    for q in sheet.quarters:
        n += len(score_objectives(sheet.quarter(q)))
        n += len(align(sheet, q).links)
        n += len(check_quarter(sheet, q))
    return n


def _analyse_chunk(sheets: list[Sheet]) -> int:
    return sum(analyse(s) for s in sheets)


def median_time(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    raws = [make_department(i) for i in range(args.departments)]
    sheets = [sheet_from_dict(r) for r in raws]
    krs = sum(len(o.key_results) for s in sheets for objs in s.quarters.values() for o in objs)
    print(
        f"company: {len(sheets)} departments, {krs} quarterly KRs, {krs // len(sheets) // 4} per quarter each"
    )

    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"dept{i}.yaml" for i in range(len(sheets))]
        t_dump = median_time(lambda: [dump_yaml(sheet_to_dict(s)) for s in sheets], args.runs)
        for path, s in zip(paths, sheets, strict=True):
            atomic_write(path, dump_yaml(sheet_to_dict(s)), backups=0)
        t_load = median_time(lambda: [load_sheet(p) for p in paths], args.runs)
        # the same sheets as JSON, which okrbook reads too: the parse is what YAML costs
        json_paths = [p.with_suffix(".json") for p in paths]
        for path, s in zip(json_paths, sheets, strict=True):
            atomic_write(path, json.dumps(sheet_to_dict(s), ensure_ascii=False), backups=0)
        t_json = median_time(lambda: [load_sheet(p) for p in json_paths], args.runs)
        t_all = median_time(lambda: [analyse(load_sheet(p)) for p in json_paths], args.runs)
    print(f"yaml dump (sheet_to_dict + safe dump), all departments: {t_dump:7.3f} s")
    print(f"yaml load (read + safe load + validate), all departments: {t_load:7.3f} s")
    print(f"json load (read + parse + validate), all departments: {t_json:7.3f} s")
    print(f"json load + score + align + project + check, all departments, 1 process: {t_all:7.3f} s")

    steps = {
        "score": lambda: [score_objectives(s.quarter(q)) for s in sheets for q in s.quarters],
        "align": lambda: [align(s, q) for s in sheets for q in s.quarters],
        "project": lambda: [project_annual(s) for s in sheets],
        "check": lambda: (
            [check_quarter(s, q) for s in sheets for q in s.quarters] + [check_annual(s) for s in sheets]
        ),
    }
    total = 0.0
    for name, fn in steps.items():
        t = median_time(fn, args.runs)
        total += t
        print(f"{name:8s} all departments × 4 quarters, 1 process: {t:7.3f} s")
    print(f"computation total, 1 process: {total:7.3f} s")
    t_all = median_time(lambda: [analyse(s) for s in sheets], args.runs)
    print(f"computation in one pass, 1 process: {t_all:7.3f} s")

    if args.workers > 1:
        chunks = [sheets[i :: args.workers] for i in range(args.workers)]
        with ProcessPoolExecutor(args.workers) as pool:
            list(pool.map(_analyse_chunk, chunks))  # warm the workers (imports)
            t_par = median_time(lambda: sum(pool.map(_analyse_chunk, chunks)), args.runs)
        print(
            f"computation in one pass, {args.workers} processes (incl. pickling the sheets): {t_par:7.3f} s"
        )

    big = sheet_from_dict(make_department(0, krs_per_quarter=100))
    ids = [kr.id for o in big.quarter("Q1") for kr in o.key_results]
    record = Record(quarter="2026Q1", kr_reviews={i: KRReview(final_score=0.5) for i in ids[::7]})
    for name, fn in (
        ("tables (7, styled to HTML)", department_tables),
        ("charts (4, PNG)", department_charts),
    ):
        fn(big, record)  # warm up: imports, font cache
        t = median_time(lambda fn=fn: fn(big, record), max(1, min(args.runs, 3)))
        print(f"{name} of one {len(ids)}-KR department: {t:7.3f} s")


def department_tables(sheet: Sheet, record: Record) -> None:
    """Every table of the department's Q1, rendered to HTML."""
    projections = project_annual(sheet)
    alignment = align(sheet, "Q1")
    for df in (
        tables.kr_table(sheet, "Q1", record),
        tables.objective_table(sheet, "Q1", record),
        tables.department_summary(sheet, "Q1", record),
        tables.projection_table(projections, record=record),
        tables.alignment_table(alignment),
        tables.share_table(alignment, sheet),
        tables.findings_table(check_quarter(sheet, "Q1")),
    ):
        tables.style(df).to_html()


def department_charts(sheet: Sheet, record: Record) -> None:
    """Every chart of the department, rendered to PNG."""
    projections = project_annual(sheet)
    hist, _ = history.score_history(sheet, {q: record for q in QUARTERS})
    for fig in (
        charts.completion_chart(sheet, "Q1", record),
        charts.attainment_chart(projections),
        charts.annual_kr_grid(projections),
        history.history_chart(hist),
    ):
        fig.savefig(io.BytesIO(), format="png", dpi=80)


if __name__ == "__main__":
    main()
