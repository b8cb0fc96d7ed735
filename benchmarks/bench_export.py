"""How long ``okrbook export`` takes, against the floor of the same machinery, and how big the minutes are.

Run:  python benchmarks/bench_export.py [--runs 3]

The floor is ``jupyter nbconvert --execute --to html`` of a notebook that only
imports pandas, matplotlib and ipywidgets: a kernel start, the imports every
workbook needs, one execution and one HTML conversion. The export of the
example department's Q3 workbook is timed the same way (a fresh process each
run), interleaved with the floor so both see the same machine load. Then
the size of the HTML minutes of the example and of a 100-KR department.
Aims: at most 1.3× the floor; minutes under 1.5 MB for 100 KRs.
"""

from __future__ import annotations

import argparse
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


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


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
        okrbook = [sys.executable, "-m", "okrbook.cli", "export", str(demo)]
        nbconvert = [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html", str(floor)]
        timed(nbconvert)  # warm the disk cache and the kernel spec lookup for both
        timed(okrbook)
        floors, exports = [], []
        for _ in range(args.runs):
            floors.append(timed(nbconvert))
            exports.append(timed(okrbook))
        f, e = statistics.median(floors), statistics.median(exports)
        example_size = (demo / "2026Q3-minutes.html").stat().st_size
        big = big_department(root)
        big_time = timed([sys.executable, "-m", "okrbook.cli", "export", str(big)])
        big_size = (big / "2026Q3-minutes.html").stat().st_size
    rows = [
        (f"floor: nbconvert --execute --to html (median of {args.runs})", f"{f:.2f} s"),
        (f"okrbook export, example department Q3 (median of {args.runs})", f"{e:.2f} s"),
        ("ratio export / floor (aim ≤ 1.3×)", f"{e / f:.2f}×"),
        ("HTML minutes, example department", f"{example_size / 1024:.0f} KiB"),
        (f"HTML minutes, 100-KR department ({big_time:.1f} s; aim < 1.5 MB)", f"{big_size / 1024:.0f} KiB"),
    ]
    for name, value in rows:
        print(f"{name:<72} {value:>10}")


if __name__ == "__main__":
    main()
