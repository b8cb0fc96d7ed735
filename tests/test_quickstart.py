"""The quick start of each README, run exactly as written on the plain export it names (issue 11).

The commands are read from the README's quick-start code block and run in one shell, in an empty
folder holding only the export (copied from ``data/export/``, under the name the README types). The
block ends by opening JupyterLab: the test stops before that line (a browser session is the e2e tests'
business) and checks that the folder and notebook it opens exist. ``okrbook`` on the PATH is this
checkout's, whatever is installed.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from okrbook.io.importer import _known, read_export
from okrbook.io.workbook import open_workbook

ROOT = Path(__file__).resolve().parent.parent
QUICK_STARTS = {
    "README.md": "## Quick start with your own OKRs",
    "README.zh-CN.md": "## 快速上手:用自己部门的 OKR",
}
OPENS_A_BROWSER = re.compile(r"\bjupyter lab\b|\bokrbook demo\b|\bmake demo\b")


def quick_start(readme: str) -> list[str]:
    """The command lines of the first ``bash`` block under the README's quick-start heading."""
    text = (ROOT / readme).read_text(encoding="utf-8")
    heading = QUICK_STARTS[readme]
    assert heading in text, f"{readme} has no section {heading!r}"
    section = text[text.index(heading) :]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, f"{readme}: no bash block in its quick start"
    return [line for line in block[1].splitlines() if line.strip()]


def okrbook_on_path(folder: Path) -> dict[str, str]:
    """An environment whose ``okrbook`` runs this checkout's package with this Python."""
    folder.mkdir()
    shim = folder / "okrbook"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m okrbook "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env.pop("OKRBOOK_LANG", None)
    return env


@pytest.mark.parametrize("readme", list(QUICK_STARTS))
def test_the_quick_start_runs_as_written_on_a_plain_export(readme: str, tmp_path: Path):
    lines = quick_start(readme)
    stop = next(i for i, line in enumerate(lines) if OPENS_A_BROWSER.search(line))
    commands, opening = lines[:stop], lines[stop]
    imports = [shlex.split(c.split("#")[0]) for c in commands if c.startswith("okrbook import ")]
    assert imports, f"{readme}: the quick start imports no export"
    name = imports[0][2]
    shipped = ROOT / "data" / "export" / name
    assert shipped.is_file(), f"{readme} types {name}, which data/export/ does not ship"
    rows = read_export(shipped)
    # a plain export: no department, year or period column
    assert _known(rows[0]) == {"objective", "kr", "owner", "weight", "start", "target", "current", "unit"}
    work = tmp_path / "lead"
    work.mkdir()
    shutil.copyfile(shipped, work / name)
    env = okrbook_on_path(tmp_path / "bin")
    script = "set -e\n" + "\n".join(commands) + "\n"
    done = subprocess.run(
        ["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{readme}'s quick start failed:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    # the workbook holds the export's KRs
    new = next(shlex.split(c.split("#")[0]) for c in commands if c.startswith("okrbook new "))
    quarter, folder = new[2], new[new.index("--dir") + 1]
    workbook = open_workbook(work / folder / quarter)
    titles = [kr.title for o in workbook.objectives() for kr in o.key_results]
    header = [str(c) for c in rows[0]]
    exported = [
        str(r[header.index(next(h for h in header if h in ("关键结果", "Key Result")))]) for r in rows[1:]
    ]
    assert titles == exported and len(titles) == 11
    assert workbook.sheet.department == {"README.md": "Growth", "README.zh-CN.md": "用户增长部"}[readme]
    # the line it stops before opens a notebook that is there
    cd, _, lab = opening.split("#")[0].partition("&&")
    notebook = work / shlex.split(cd)[1] / shlex.split(lab)[-1]
    assert shlex.split(cd)[0] == "cd" and notebook.is_file(), opening
