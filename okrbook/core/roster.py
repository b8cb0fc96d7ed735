"""Who is who in a company (``company.yaml``'s ``roster:``): a login, a name, a department, a role.

Pure data, read by the company's model, by the member's form (which, on a
JupyterHub, takes the member's name from the logged-in login) and by the hub's
setup (which makes a system user per line). One reader for all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okrbook.core import fields as f

ROLES = ("leadership", "lead", "member")
ROSTER_FIELD = "roster"
_PERSON_FIELDS = ("login", "name", "department", "role")


@dataclass
class Person:
    """One line of the roster: a login (the operating system's, on JupyterHub) and who it is."""

    login: str
    name: str
    department: str = ""
    role: str = "member"


def person_from_dict(raw: Any, where: str) -> Person:
    """One roster entry; the error names its field (``roster[2].role``)."""
    p = f.mapping(raw, where, allowed=_PERSON_FIELDS)
    return Person(
        login=f.text(p, "login", where, required=True),
        name=f.text(p, "name", where, required=True),
        department=f.text(p, "department", where),
        role=f.choice(p, "role", where, ROLES, "member"),
    )


def roster_from_list(raw: Any, where: str = ROSTER_FIELD) -> list[Person]:
    return [person_from_dict(item, f.join(where, i)) for i, item in enumerate(f.items(raw, where))]


def person_of(roster: list[Person], login: str) -> Person | None:
    return next((p for p in roster if p.login == login), None)
