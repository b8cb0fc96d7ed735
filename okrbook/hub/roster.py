"""The roster as the hub needs it: every line a system user, every department a group.

``company.yaml``'s ``roster:`` is the one source of who is who
(:mod:`okrbook.core.roster` reads it); the hub is stricter than the roll-up,
since each line becomes an account: a login the system accepts, once; a
department that is a folder of the company; a name that no other line shares
once normalised (the two would share one pre-work file). Every refusal names
the line of ``company.yaml``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from okrbook.company.folder import department_folders
from okrbook.core import fields as f
from okrbook.core.roster import ROSTER_FIELD, Person, person_from_dict
from okrbook.errors import OkrbookError
from okrbook.io.files import parse_mapping, read_text
from okrbook.io.roster import COMPANY_FILE
from okrbook.prework.members import member_key

# POSIX's portable user names, as Debian's useradd accepts them by default
LOGIN = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
GROUP_PREFIX = "okr-"
_PLAIN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,15}$")


@dataclass
class Roster:
    """The company's people, each with the line of ``company.yaml`` they are on."""

    company: Path
    people: list[Person]
    lines: dict[str, int] = field(default_factory=dict)  # login → line
    departments: list[str] = field(default_factory=list)  # the company folder's, by folder name

    def of(self, department: str, role: str) -> list[Person]:
        return [p for p in self.people if p.department == department and p.role == role]

    def in_department(self, department: str) -> list[Person]:
        """Who reads and writes the department's folder: its leads and members."""
        return [p for p in self.people if p.department == department and p.role != "leadership"]

    def leadership(self) -> list[Person]:
        return [p for p in self.people if p.role == "leadership"]


def department_group(department: str, prefix: str = GROUP_PREFIX) -> str:
    """The system group of a department: its name when that is a plain group name, else a short hash.

    Department names are mostly Chinese (用户增长部), which a group name cannot be.
    """
    lower = department.lower()
    if _PLAIN.match(lower):
        return f"{prefix}{lower}"
    return f"{prefix}d{hashlib.sha256(department.encode('utf-8')).hexdigest()[:8]}"


def leadership_group(prefix: str = GROUP_PREFIX) -> str:
    return f"{prefix}leadership"


def _lines(text: str) -> list[int]:
    """The line each roster entry starts on (the text already parsed, so aliases are refused)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == ROSTER_FIELD and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def check_roster(company: str | Path) -> Roster:
    """The roster of a company folder, checked as accounts; the first problem is raised, naming its line."""
    company = Path(company).resolve()
    path = company / COMPANY_FILE
    text = read_text(path)
    raw = f.mapping(parse_mapping(text, path), "")
    lines = _lines(text)
    departments = [p.name for p in department_folders(company)]
    roster = Roster(company=company, people=[], departments=departments)
    names: dict[str, int] = {}

    def refuse(i: int, where: str, reason: OkrbookError) -> OkrbookError:
        line = lines[i] if i < len(lines) else "?"
        return OkrbookError("hub_roster_line", {"line": line, "reason": reason}, file=path, field=where)

    try:
        entries = f.items(raw.get(ROSTER_FIELD), ROSTER_FIELD)
    except OkrbookError as err:
        raise err.located(file=path) from None
    if not entries:
        raise OkrbookError("hub_roster_empty", file=path, field=ROSTER_FIELD)
    for i, item in enumerate(entries):
        where = f.join(ROSTER_FIELD, i)
        try:
            person = person_from_dict(item, where)
        except OkrbookError as err:
            raise refuse(i, err.field or where, OkrbookError(err.key, err.params)) from None
        if not LOGIN.match(person.login):
            raise refuse(i, f"{where}.login", OkrbookError("hub_login_invalid", {"login": person.login}))
        if person.login in roster.lines:
            first = roster.lines[person.login]
            params = {"login": person.login, "first": first}
            raise refuse(i, f"{where}.login", OkrbookError("hub_login_twice", params))
        if person.role != "leadership" and not person.department:
            raise refuse(
                i, f"{where}.department", OkrbookError("hub_needs_department", {"role": person.role})
            )
        if person.department and person.department not in departments:
            params = {"department": person.department, "known": ", ".join(departments) or "—"}
            raise refuse(i, f"{where}.department", OkrbookError("hub_unknown_department", params))
        key = member_key(person.name)
        if key in names:
            params = {"name": person.name, "first": names[key]}
            raise refuse(i, f"{where}.name", OkrbookError("hub_name_twice", params))
        names[key] = roster.lines[person.login] = lines[i] if i < len(lines) else i
        roster.people.append(person)
    return roster
