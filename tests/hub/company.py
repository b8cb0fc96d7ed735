"""A small company for the hub's tests: two departments, five people, their system accounts.

用户增长部 has a lead and two members, 销售部 one member, and leadership one
person; every login starts with ``okt_`` and every group with ``okt-``, so
what the tests make cannot be mistaken for anything else on the machine, and
the fixture removes exactly those, even after a failure.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "example-company"
PREFIX = "okt-"
GROWTH, SALES = "用户增长部", "销售部"
QUARTER = "2026Q3"
PASSWORD = "okt-Pass-2026"
PEOPLE = [  # login, name, department, role
    ("okt_boss", "林海", "", "leadership"),
    ("okt_lead", "王磊", GROWTH, "lead"),
    ("okt_m1", "李娜", GROWTH, "member"),
    ("okt_m2", "陈晨", GROWTH, "member"),
    ("okt_s1", "吴芳", SALES, "member"),
]


def roster_yaml(people: list[tuple[str, str, str, str]]) -> str:
    lines = ["roster:"]
    for login, name, dept, role in people:
        where = f", department: {dept}" if dept else ""
        lines.append(f"  - {{login: {login}, name: {name}{where}, role: {role}}}")
    return "\n".join(lines) + "\n"


def make_company(parent: Path, people: list[tuple[str, str, str, str]] = PEOPLE) -> Path:
    """The example company with two departments, this roster, and 用户增长部's 2026Q3 workbook."""
    company = parent / "company"
    shutil.copytree(EXAMPLE, company)
    shutil.rmtree(company / "客户成功部")
    text = (company / "company.yaml").read_text(encoding="utf-8")
    (company / "company.yaml").write_text(text[: text.index("roster:")] + roster_yaml(people), "utf-8")
    okrbook(["new", QUARTER, "--okrs", str(company / GROWTH / "okrs.yaml"), "--dir", str(company / GROWTH)])
    okrbook(["new-company", str(company)])
    return company


def okrbook(args: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "okrbook", *args], env=env, capture_output=True, text=True, **kw
    )


def why_not_root() -> str | None:
    """Why the system-user tests cannot run here (None: they can)."""
    if os.geteuid() != 0:
        return "needs root: the hub tests make system users and groups"
    for tool in ("useradd", "userdel", "groupdel", "chpasswd", "setfacl", "getfacl", "runuser", "mount"):
        if shutil.which(tool) is None:
            return f"needs the system command {tool}"
    return None


@dataclass
class SharedPython:
    """This Python and this checkout as every system user can run them."""

    executable: str
    env: dict[str, str] = field(default_factory=dict)


def _everyone_reaches(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


@contextlib.contextmanager
def _bind(folder: Path, prefix: str) -> Iterator[Path]:
    """``folder`` also at a path under /tmp that everyone can reach (a bind mount, undone after)."""
    mount = Path(tempfile.mkdtemp(prefix=prefix))
    mount.chmod(0o755)
    done = subprocess.run(["mount", "--bind", str(folder), str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        mount.rmdir()
        raise RuntimeError(f"cannot share {folder} with the test users: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        with contextlib.suppress(OSError):
            mount.rmdir()


@contextlib.contextmanager
def shared_python() -> Iterator[SharedPython]:
    """A Python under /root (pyenv's) or a checkout there (CI's) is private: share it for the test."""
    with contextlib.ExitStack() as stack:
        env = {"OKRBOOK_CACHE": ""}  # each user's own, in their home
        prefix = Path(sys.prefix).resolve()
        executable = sys.executable
        if not _everyone_reaches(prefix):
            mount = stack.enter_context(_bind(prefix, "okt-python-"))
            executable = str(mount / Path(sys.executable).resolve().relative_to(prefix))
            # the interpreter finds its libpython by an RPATH under the private prefix: point it here
            env["LD_LIBRARY_PATH"] = str(mount / "lib")
        repo = REPO if _everyone_reaches(REPO) else stack.enter_context(_bind(REPO, "okt-repo-"))
        env["PYTHONPATH"] = str(repo)
        yield SharedPython(executable, env)


def run_as(login: str, python: SharedPython, code: str, cwd: str = "/") -> subprocess.CompletedProcess:
    """Python code in a process of the user's own, as their kernel would run it."""
    env = {**python.env, "HOME": pwd.getpwnam(login).pw_dir, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    env = {k: v for k, v in env.items() if v}
    command = ["runuser", "-u", login, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items())]
    return subprocess.run([*command, python.executable, "-c", code], capture_output=True, text=True, cwd=cwd)


def remove_accounts(people: list[tuple[str, str, str, str]] = PEOPLE) -> None:
    """Remove the test's users (with their homes) and the ``okt-`` groups; quiet when already gone."""
    for login, *_ in people:
        assert login.startswith("okt_")
        with contextlib.suppress(KeyError):
            pwd.getpwnam(login)
            subprocess.run(["userdel", "--remove", login], capture_output=True, check=False)
    for group in [g.gr_name for g in grp.getgrall() if g.gr_name.startswith(PREFIX)]:
        subprocess.run(["groupdel", group], capture_output=True, check=False)


def set_passwords(people: list[tuple[str, str, str, str]] = PEOPLE) -> None:
    lines = "".join(f"{login}:{PASSWORD}\n" for login, *_ in people)
    subprocess.run(["chpasswd"], input=lines, text=True, check=True)
