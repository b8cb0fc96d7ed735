"""How long the meeting takes to start: from Run All to every section's form drawn, in a real JupyterLab.

Run:  python benchmarks/bench_meeting_start.py [--runs 3]

One JupyterLab (as the e2e tests start it) and Debian's Chromium at 1280×900.
Each run restarts the notebook's kernel, clears the outputs, chooses Run →
Run All Cells and stops the clock when every section's heading and the export
panel are on the page. Three notebooks, interleaved so all see the same
machine load: the example department's workbook, a 100-KR department's
(the generator of bench_analysis), and a floor of the same shape: a first cell
importing pandas, matplotlib and ipywidgets, then one cell per section drawing
a heading and a text box, and a last cell. Medians of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))
from bench_export import big_department  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from okrbook.core import method  # noqa: E402
from okrbook.io.workbook import make_demo  # noqa: E402
from tests.browser import LOOPBACK_ONLY, launch_chromium  # noqa: E402
from tests.e2e.lab import LabPage, start_lab, stop_lab, wait_for  # noqa: E402

FLOOR_SECTION = (
    "import ipywidgets as W\n"
    "W.VBox([W.HTML('<h3>{title}</h3>'), W.Text(), W.HTML('<span class=\"okrbook-{key}\"></span>')])"
)
# every section's heading in an output, and the last cell's control: the whole meeting is drawn
DRAWN = """([count, last]) => document.querySelectorAll('.jp-OutputArea-output h3').length >= count
    && document.querySelector('.' + last) !== null"""


def floor_notebook(folder: Path) -> Path:
    """The floor: the imports every workbook needs and one small form per section."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [nbformat.v4.new_code_cell("import pandas, matplotlib, ipywidgets")]
    for section in method.SECTIONS:
        source = FLOOR_SECTION.format(title=section.title("zh"), key=section.id)
        cells.append(nbformat.v4.new_code_cell(source))
    cells.append(nbformat.v4.new_code_cell(FLOOR_SECTION.format(title="end", key="export-html")))
    nb.cells = cells
    folder.mkdir(parents=True)
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def start_once(lab_page: LabPage, headings: int) -> float:
    """Restart the kernel, clear the outputs, then time Run All until every form is drawn."""
    lab = lab_page.lab
    kernel = lab_page.kernel_id()
    lab.api(f"/api/kernels/{kernel}/restart", method="POST")
    wait_for("the kernel to restart", lambda: lab.kernel_state(kernel) == "idle", 60, 0.2, lab_page.page)
    lab_page.clear_outputs()
    lab_page.page.wait_for_timeout(1000)  # the front end settles after the restart: not counted
    start = time.perf_counter()
    lab_page.menu("Run", "Run All Cells")
    lab_page.page.wait_for_function(DRAWN, arg=[headings, "okrbook-export-html"], timeout=300_000, polling=50)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_demo(root / "demo", "zh")
        big_department(root)
        floor_notebook(root / "floor")
        notebooks = {
            "floor (imports + one small form per section)": "floor/floor.ipynb",
            "example department": "demo/2026Q3/2026Q3-retro.ipynb",
            "100-KR department": "big/2026Q3/2026Q3-retro.ipynb",
        }
        lab = start_lab(root, root / ".lab-state")
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw, LOOPBACK_ONLY)
                pages: dict[str, LabPage] = {}
                for n, (name, path) in enumerate(notebooks.items()):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.set_default_timeout(60_000)
                    pages[name] = LabPage(lab, context.new_page())
                    pages[name].open(path, workspace=f"bench{n}")
                    start_once(pages[name], len(method.SECTIONS))  # warm: caches, the widget manager
                times: dict[str, list[float]] = {name: [] for name in notebooks}
                for _ in range(args.runs):
                    for name, lab_page in pages.items():
                        times[name].append(start_once(lab_page, len(method.SECTIONS)))
                browser.close()
        finally:
            stop_lab(lab)
    floor = statistics.median(times[next(iter(notebooks))])
    print(f"Run All → every section's form drawn, median of {args.runs} (all runs in seconds):")
    for name, values in times.items():
        median = statistics.median(values)
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:48} {median:6.2f} s  ({median / floor:.2f}× the floor)   [{runs}]")


if __name__ == "__main__":
    main()
