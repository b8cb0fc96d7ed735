"""What the operating system lets each person do, from a process of their own (as their kernel).

``okrbook hub setup`` made the users, groups, owners and ACLs; here each
member tries what the issue says they must not manage: another member's
pre-work, the record, the other department. The system refuses with
PermissionError, and the member's own file still holds their answer.
"""

from __future__ import annotations

import json
import pwd
import subprocess
from pathlib import Path

import pytest

from okrbook.errors import OkrbookError
from okrbook.hub import setup
from okrbook.prework.members import load_prework
from tests.hub.company import GROWTH, PREFIX, QUARTER, SALES, SharedPython, okrbook, run_as

pytestmark = pytest.mark.hub

# Runs as the member: saves their own pre-work through okrbook's own save (atomic, backups, journal).
SAVE_OWN = """
import sys
from pathlib import Path
from okrbook.prework.members import Prework, load_prework, path_for, save_prework
folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path({folder!r})
path = path_for(folder, {name!r})
prework = load_prework(path, path.name) if path.exists() else Prework(
    quarter={quarter!r}, member={name!r}, language="zh", source="form")
for answer in {answers!r}:
    prework.answers["obstacles"] = answer
    prework = save_prework(path, prework)
print(path)
"""

# Runs as someone else: each attempt on its own, reported as the exception's type.
ATTEMPTS = """
import json, os
from pathlib import Path
def attempt(action):
    try:
        action()
    except Exception as err:
        return type(err).__name__
    return "allowed"
def overwrite(path):
    Path(path).write_text("x")
def replace(path):
    tmp = Path(path).with_name(".mine.tmp")
    tmp.write_text("x")
    os.replace(tmp, path)
def remove(path):
    os.unlink(path)
def listing(path):
    os.listdir(path)
def read(path):
    Path(path).read_bytes()
targets = {targets!r}
print(json.dumps({{key: attempt(lambda a=action, p=path: globals()[a](p)) for key, (action, path) in targets.items()}}))
"""


def _tries(login: str, python, targets: dict[str, tuple[str, str]]) -> dict[str, str]:
    done = run_as(login, python, ATTEMPTS.format(targets=targets))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _save_own(login: str, name: str, python, company: Path, answers: list[str]) -> Path:
    folder = company / GROWTH / QUARTER / "prework"
    code = SAVE_OWN.format(folder=str(folder), name=name, quarter=QUARTER, answers=answers)
    done = run_as(login, python, code)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def test_a_member_writes_only_their_own_prework(hub_company: Path, python_for_users) -> None:
    mine = _save_own("okt_m1", "李娜", python_for_users, hub_company, ["先写一版", "我的答案:渠道转化低"])
    assert pwd.getpwuid(mine.stat().st_uid).pw_name == "okt_m1"  # the member owns the file
    # backups and the journal under the sticky bit are the member's too
    assert mine.with_name(f"{mine.name}.bak1").exists() and mine.with_name(f"{mine.name}.journal").exists()
    quarter = hub_company / GROWTH / QUARTER
    record = quarter / "record.yaml"
    targets = {
        "other_member_overwrite": ("overwrite", str(mine)),
        "other_member_replace": ("replace", str(mine)),
        "other_member_remove": ("remove", str(mine)),
        "record_overwrite": ("overwrite", str(record)),
        "record_replace": ("replace", str(record)),
        "sheet_overwrite": ("overwrite", str(hub_company / GROWTH / "okrs.yaml")),
        "other_department_list": ("listing", str(hub_company / SALES)),
        "other_department_read": ("read", str(hub_company / SALES / "okrs.yaml")),
        "company_notebook_read": ("read", str(hub_company / "company-review.ipynb")),
    }
    tried = _tries("okt_m2", python_for_users, targets)
    assert tried == dict.fromkeys(targets, "PermissionError"), tried

    # the member of the other department: nothing of 用户增长部, not even a listing
    elsewhere = {
        "list": ("listing", str(hub_company / GROWTH)),
        "read_prework": ("read", str(mine)),
        "overwrite_prework": ("overwrite", str(mine)),
        "read_record": ("read", str(record)),
    }
    assert _tries("okt_s1", python_for_users, elsewhere) == dict.fromkeys(elsewhere, "PermissionError")
    assert load_prework(mine, mine.name).answers["obstacles"] == "我的答案:渠道转化低"


def test_okrbooks_own_save_of_someone_elses_file_says_so_in_the_workbooks_language(
    hub_company: Path, python_for_users
) -> None:
    mine = _save_own("okt_m1", "李娜", python_for_users, hub_company, ["李娜自己的答案"])
    code = f"""
from pathlib import Path
from okrbook.errors import OkrbookError
from okrbook.prework.members import load_prework, save_prework
path = Path({str(mine)!r})
prework = load_prework(path, path.name)
prework.answers["obstacles"] = "陈晨改写的"
try:
    save_prework(path, prework)
except OkrbookError as err:
    print(err.render("zh"))
"""
    done = run_as("okt_m2", python_for_users, code)
    assert done.returncode == 0, done.stderr
    assert "没有权限" in done.stdout and mine.name in done.stdout, done.stdout
    assert load_prework(mine, mine.name).answers["obstacles"] == "李娜自己的答案"


def test_the_form_says_when_the_system_refuses_and_setup_gives_a_squatted_file_back(
    hub_company: Path, python_for_users
) -> None:
    """A member may create the file of a colleague who has not started theirs (the one hole the
    permissions leave): the colleague's form then cannot save, says so and keeps their words; the
    next ``okrbook hub setup`` hands the file to the colleague it names."""
    squatted = _save_own("okt_m1", "陈晨", python_for_users, hub_company, ["李娜冒名写的"])
    assert squatted.owner() == "okt_m1"
    code = f"""
import os
from okrbook.io.workbook import open_workbook
from okrbook.notebook.prework_form import PreworkForm
form = PreworkForm(open_workbook({str(hub_company / GROWTH / QUARTER)!r}), delay=30.0)
assert form.name.value == "陈晨" and form.name.disabled
form.controls["answers.obstacles"].value = "陈晨自己的答案"
print("flushed" if form.flush() else "refused")
print(form.status.value)
"""
    python = SharedPython(python_for_users.executable, {**python_for_users.env, "JUPYTERHUB_USER": "okt_m2"})
    done = run_as("okt_m2", python, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused") and "没有权限" in done.stdout, done.stdout
    assert "prework/陈晨-unsaved.yaml" in done.stdout  # and where her words are
    kept = squatted.with_name("陈晨-unsaved.yaml")  # nothing lost: her words beside the file
    assert "陈晨自己的答案" in kept.read_text("utf-8")
    assert load_prework(squatted, squatted.name).answers["obstacles"] == "李娜冒名写的"
    done = okrbook(["hub", "setup", str(hub_company), "--group-prefix", PREFIX])
    assert done.returncode == 0, done.stderr
    assert squatted.owner() == "okt_m2" and kept.owner() == "okt_m2"


def test_the_lead_writes_the_record_and_leadership_reads_every_department(
    hub_company: Path, python_for_users
) -> None:
    code = f"""
from okrbook.io.workbook import open_workbook
wb = open_workbook({str(hub_company / GROWTH / QUARTER)!r})
wb.record.answers["obstacles"] = "负责人写的"
wb.save()
print("saved")
"""
    done = run_as("okt_lead", python_for_users, code)
    assert done.returncode == 0 and "saved" in done.stdout, done.stderr
    record = hub_company / GROWTH / QUARTER / "record.yaml"
    assert "负责人写的" in record.read_text(encoding="utf-8")
    reads = {
        "growth": ("listing", str(hub_company / GROWTH / QUARTER / "prework")),
        "growth_record": ("read", str(record)),
        "sales": ("read", str(hub_company / SALES / "okrs.yaml")),
        "review": ("read", str(hub_company / "company-review.ipynb")),
    }
    assert _tries("okt_boss", python_for_users, reads) == dict.fromkeys(reads, "allowed")
    writes = {
        "record": ("overwrite", str(record)),
        "sheet": ("overwrite", str(hub_company / SALES / "okrs.yaml")),
    }
    assert _tries("okt_boss", python_for_users, writes) == dict.fromkeys(writes, "PermissionError")


def test_a_link_swapped_in_after_the_plan_is_not_followed(hub_company: Path, tmp_path: Path) -> None:
    """A lead (or a member, in prework/) may replace a planned file or folder with a symbolic link
    before the step runs: root then changes nothing of what the link points to."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "okrs.yaml").write_text("root's own", "utf-8")
    before = {p: (p.stat().st_uid, p.stat().st_gid, p.stat().st_mode) for p in [victim, victim / "okrs.yaml"]}
    quarter = hub_company / GROWTH / QUARTER
    swapped = quarter / "swapped"  # was a folder when planned, is a link now
    swapped.symlink_to(victim)
    (quarter / "prework" / "陈晨.yaml.bak9").symlink_to(victim / "okrs.yaml")
    steps = [
        setup.Step(("chown", "okt_m2", str(quarter / "prework" / "陈晨.yaml.bak9")), "planned on a file"),
        setup.Step(("chgrp", "okt_m2", str(swapped / "okrs.yaml")), "planned inside a folder"),
        setup.Step(("setfacl", "--set", "u::rwx,g::rwx,u:okt_m2:rwx,m::rwx,o::rwx", str(swapped)), "folder"),
        setup.Step(("chmod", "+t", str(swapped)), "folder"),
    ]
    try:
        for step in steps:
            with pytest.raises(OkrbookError) as refused:
                setup._on_path(hub_company, step)
            assert step.shell() in refused.value.render("en")
        after = {p: (p.stat().st_uid, p.stat().st_gid, p.stat().st_mode) for p in before}
        assert (
            after == before
            and "okt_m2"
            not in subprocess.run(
                ["getfacl", "-p", str(victim), str(victim / "okrs.yaml")], capture_output=True, text=True
            ).stdout
        )
    finally:
        swapped.unlink()
        (quarter / "prework" / "陈晨.yaml.bak9").unlink()


def test_setup_again_changes_nothing(hub_company: Path) -> None:
    done = okrbook(["hub", "setup", str(hub_company), "--dry-run", "--group-prefix", PREFIX, "--lang", "en"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "users, groups, folders and permissions already match the roster"
