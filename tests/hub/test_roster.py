"""The roster as ``okrbook hub setup`` reads it, and the plan it makes: no root needed.

A roster the system could not make real (a login twice, an unknown
department or role, two names that normalise alike, a login useradd refuses)
is refused naming its line of ``company.yaml``, and nothing is changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okrbook.errors import OkrbookError
from okrbook.hub import setup
from okrbook.hub.roster import check_roster, department_group, leadership_group
from tests.hub.company import GROWTH, PEOPLE, PREFIX, SALES, make_company, okrbook, roster_yaml


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_company(tmp_path_factory.mktemp("hub-roster"))


def _with_roster(company: Path, tmp_path: Path, people: list[tuple[str, str, str, str]]) -> Path:
    """A copy of the company's company.yaml with this roster, beside its departments (symlinked)."""
    folder = tmp_path / "c"
    folder.mkdir()
    for dept in (GROWTH, SALES):
        (folder / dept).mkdir()
        (folder / dept / "okrs.yaml").write_text((company / dept / "okrs.yaml").read_text("utf-8"), "utf-8")
    text = (company / "company.yaml").read_text("utf-8")
    (folder / "company.yaml").write_text(text[: text.index("roster:")] + roster_yaml(people), "utf-8")
    return folder


def _line_of(folder: Path, login: str) -> int:
    lines = (folder / "company.yaml").read_text("utf-8").splitlines()
    return max(i for i, line in enumerate(lines, 1) if f"login: {login}," in line)  # the last: the bad one


def test_the_roster_gives_each_person_a_line_and_each_department_a_group(company: Path) -> None:
    roster = check_roster(company)
    assert [p.login for p in roster.people] == [login for login, *_ in PEOPLE]
    assert roster.lines["okt_m1"] == _line_of(company, "okt_m1")
    assert sorted(roster.departments) == sorted([GROWTH, SALES])
    assert [p.login for p in roster.in_department(GROWTH)] == ["okt_lead", "okt_m1", "okt_m2"]
    groups = {department_group(d, PREFIX) for d in roster.departments}
    assert len(groups) == 2 and all(g.startswith(PREFIX) and g.isascii() and len(g) <= 32 for g in groups)
    assert department_group("sales", PREFIX) == "okt-sales"  # a plain name stays readable


@pytest.mark.parametrize(
    ("change", "bad_login", "field", "says"),
    [
        (
            lambda p: [*p, ("okt_m1", "李娜二", GROWTH, "member")],
            "okt_m1",
            "roster[5].login",
            "appears twice",
        ),
        (lambda p: [*p, ("okt_x", "赵六", "财务部", "member")], "okt_x", "roster[5].department", "财务部"),
        (lambda p: [*p, ("okt_x", "赵六", GROWTH, "boss")], "okt_x", "roster[5].role", "boss"),
        (lambda p: [*p, ("okt_x", "王磊", SALES, "member")], "okt_x", "roster[5].name", "same as the one"),
        (
            lambda p: [*p, ("okt_x", "ＬＩ　ＮＡ", SALES, "member"), ("okt_y", "li na", GROWTH, "member")],
            "okt_y",
            "roster[6].name",
            "same as the one",
        ),
        (lambda p: [*p, ("Okt-X", "赵六", GROWTH, "member")], "Okt-X", "roster[5].login", "system user name"),
        (
            lambda p: [*p, ("okt_x", "赵六", "", "member")],
            "okt_x",
            "roster[5].department",
            "needs a department",
        ),
    ],
)
def test_a_roster_the_system_cannot_make_is_refused_naming_the_line(
    company: Path, tmp_path: Path, change, bad_login: str, field: str, says: str
) -> None:
    folder = _with_roster(company, tmp_path, change(list(PEOPLE)))
    before = (folder / "company.yaml").read_bytes()
    with pytest.raises(OkrbookError) as caught:
        check_roster(folder)
    message = caught.value.render("en")
    assert caught.value.field == field
    assert f"line {_line_of(folder, bad_login)}: " in message and says in message, message
    assert str(folder / "company.yaml") in message
    # the command says it in one line, no traceback, and changes nothing
    done = okrbook(["hub", "setup", str(folder), "--lang", "en"])
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and f"line {_line_of(folder, bad_login)}" in done.stderr
    assert "Traceback" not in done.stderr
    assert (folder / "company.yaml").read_bytes() == before


def test_the_plan_makes_whats_missing_and_nothing_else(company: Path) -> None:
    roster = check_roster(company)
    nobody = setup.System(users=set(), groups={})
    steps = setup.plan_accounts(roster, nobody, PREFIX)
    commands = [s.command for s in steps]
    growth = department_group(GROWTH, PREFIX)
    assert ("groupadd", leadership_group(PREFIX)) in commands and ("groupadd", growth) in commands
    assert ("useradd", "--create-home", "--shell", "/bin/bash", "--comment", "李娜", "okt_m1") in commands
    assert ("gpasswd", "--add", "okt_m1", growth) in commands
    assert ("gpasswd", "--add", "okt_boss", growth) not in commands  # leadership reads by ACL, not group
    roster.people[2].name = "李娜: 增长"  # a colon would split /etc/passwd's line
    useradd = next(
        s.command for s in setup.plan_accounts(roster, nobody, PREFIX) if s.command[-1] == "okt_m1"
    )
    assert useradd[-2] == "李娜 增长"
    # everything there already: nothing to do; a stranger in a department's group is taken out
    groups = {leadership_group(PREFIX): {"okt_boss"}, department_group(SALES, PREFIX): {"okt_s1", "okt_old"}}
    groups[growth] = {"okt_lead", "okt_m1", "okt_m2"}
    there = setup.System(users={login for login, *_ in PEOPLE}, groups=groups)
    left = [s.command for s in setup.plan_accounts(roster, there, PREFIX)]
    assert left == [("gpasswd", "--delete", "okt_old", department_group(SALES, PREFIX))]


def test_what_each_folder_should_be(company: Path) -> None:
    """The permissions in the plan, read as a person would: who may write what."""
    roster = check_roster(company)
    wants = {w.path.relative_to(company).as_posix(): w for w in setup.wanted(roster, PREFIX)}
    prework = wants[f"{GROWTH}/2026Q3/prework"]
    assert prework.sticky and prework.setgid and prework.owner == "root"
    assert "g::rwx" in prework.acl.split(",")  # the department's members create files here
    assert "g::r-x" in prework.default.split(",")  # ...and what they create the others only read
    record = wants[f"{GROWTH}/2026Q3/record.yaml"]
    assert "g::r--" in record.acl.split(",") and "u:okt_lead:rw-" in record.acl.split(",")
    assert f"g:{leadership_group(PREFIX)}:r--" in record.acl.split(",")
    assert wants[GROWTH].acl.endswith("o::---")  # nobody else: not even a listing
    assert wants[f"{GROWTH}/2026Q3/prework/prework.ipynb"].owner == "okt_lead"
    assert wants["company-review.ipynb"].acl == "u::rw-,g::rw-,o::---"  # leadership's group only
    assert wants["company.yaml"].acl.endswith("o::r--")  # the forms read the roster


def test_dry_run_prints_commands_and_changes_nothing(company: Path) -> None:
    before = {p: p.stat().st_mode for p in company.rglob("*")}
    done = okrbook(["hub", "setup", str(company), "--dry-run", "--group-prefix", PREFIX])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("setfacl --set ") for line in lines)
    assert all("  # " in line for line in lines)
    assert {p: p.stat().st_mode for p in company.rglob("*")} == before
