"""How long the minutes take, through each way a lead exports them, against the floor of nbconvert.

Run:  python benchmarks/bench_export.py [--runs 3]

The floor is ``jupyter nbconvert --execute --to html`` of a notebook that only
imports pandas, matplotlib and ipywidgets: a kernel start, the imports every
workbook needs, one execution and one HTML conversion. Against it, each in
a fresh process and interleaved so all see the same machine load:
``jupyter nbconvert --to okrbook_minutes`` on the workbook's notebook,
``okrbook export`` (the same exporter), and ``okrbook export --execute``
(which runs the notebook first), for the example department and for a
100-KR department; and ``jupyter nbconvert --to markdown`` of the example's
notebook, nbconvert's own start with no kernel, the least that any exporter
run through nbconvert can take. Aims: the exporter at most 0.5× the floor for the
example, at most 1.0× for 100 KRs; minutes under 1.5 MB for 100 KRs.

Beside the wall-clock time each command's CPU time is given (user + system,
its kernel's included): on a shared machine it moves far less with the load.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))
from bench_analysis import make_department  # noqa: E402

from okrbook.core.sheet import sheet_from_dict  # noqa: E402
from okrbook.io.stores import save_sheet  # noqa: E402
from okrbook.io.workbook import make_demo, new_workbook  # noqa: E402


def cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one command (the CPU of the processes it waited for included)."""
    start, cpu = time.perf_counter(), cpu_of_children()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start, cpu_of_children() - cpu


def floor_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import pandas, matplotlib, ipywidgets")]
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def big_department(folder: Path) -> Path:
    """A workbook whose quarter has 100 KRs (20 objectives × 5), with 20 annual KRs."""
    sheet = sheet_from_dict(make_department(1, krs_per_quarter=100))
    okrs = folder / "big.yaml"
    save_sheet(okrs, sheet)
    workbook, _ = new_workbook("2026Q3", okrs, folder / "big")
    return workbook.folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        floor = floor_notebook(root)
        demo = make_demo(root / "demo", "zh").folder
        big = big_department(root)
        commands = {"floor": [sys.executable, "-m", "nbconvert", "--execute", "--to", "html", str(floor)]}
        # nbconvert's own start with no kernel: the least any exporter run through it can take
        plain = next(demo.glob("*-retro.ipynb"))
        commands["example: nbconvert --to markdown"] = [
            sys.executable, "-m", "nbconvert", "--to", "markdown", "--stdout", str(plain)
        ]  # fmt: skip
        for name, folder in (("example", demo), ("100 KRs", big)):
            notebook = next(folder.glob("*-retro.ipynb"))
            commands[f"{name}: nbconvert --to okrbook_minutes"] = [
                sys.executable, "-m", "nbconvert", "--to", "okrbook_minutes", str(notebook)
            ]  # fmt: skip
            commands[f"{name}: okrbook export"] = [sys.executable, "-m", "okrbook.cli", "export", str(folder)]
            commands[f"{name}: okrbook export --execute"] = [
                *commands[f"{name}: okrbook export"],
                "--execute",
            ]
        for argv in commands.values():  # warm the disk cache, the kernel spec lookup, jieba's cache
            timed(argv)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                times[name].append(timed(argv))
        example_size = (demo / "2026Q3-minutes.html").stat().st_size
        big_size = (big / "2026Q3-minutes.html").stat().st_size
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    print(f"median of {args.runs} runs each, interleaved: wall-clock, then CPU")
    for name in commands:
        ratio = "" if name == "floor" else f"  {wall[name] / wall['floor']:.2f}×"
        cpu_ratio = "" if name == "floor" else f"  {cpu[name] / cpu['floor']:.2f}×"
        print(f"  {name:<40} {wall[name]:6.2f} s{ratio:<8}  CPU {cpu[name]:6.2f} s{cpu_ratio}")
    print(f"  minutes, example department             {example_size / 1024:6.0f} KiB")
    print(f"  minutes, 100-KR department              {big_size / 1024:6.0f} KiB")
    for what, m in (("wall-clock", wall), ("CPU", cpu)):
        small = m["example: nbconvert --to okrbook_minutes"] / m["floor"]
        large = m["100 KRs: nbconvert --to okrbook_minutes"] / m["floor"]
        print(f"aims, {what}: example ≤ 0.5× ({small:.2f}×), 100 KRs ≤ 1.0× ({large:.2f}×)")


if __name__ == "__main__":
    main()
