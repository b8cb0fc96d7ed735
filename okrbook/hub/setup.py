"""``okrbook hub setup``: the roster made real as system users, groups, owners and ACLs.

The permissions are the operating system's, so a member's kernel is held to
them as much as their form:

- each person a system user; each department a group (:func:`~okrbook.hub.roster.department_group`)
  holding its leads and members; leadership in one group of its own;
- a department's folder and everything in it readable by its group only (and
  by leadership), writable by its leads only: the record, the sheet, the
  quarter folders (``setgid``, with default ACLs so new files inherit this);
- a quarter's ``prework/`` writable by the group with the sticky bit, so a
  member may create files there and replace only their own: the atomic save's
  temporary file, its rename, the backups and the journal are all the
  member's; a member file the admin wrote (a survey import) is handed to its member;
- the company folder itself writable by leadership (``decisions.yaml``),
  ``company-review.ipynb`` readable by leadership only, ``company.yaml``
  readable by all (the forms read the roster from it).

:func:`plan` is a pure function of the roster, the tree and the system's
current state: a list of :class:`Step` (shell commands with a reason), empty
when all is as it should be; ``--dry-run`` prints it and :func:`apply` runs it
(the accounts with the commands printed, each path through a descriptor of
the path itself, opened without following links, since people write there).
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from okrbook.errors import OkrbookError
from okrbook.hub.roster import GROUP_PREFIX, Roster, department_group, leadership_group
from okrbook.io.files import os_reason
from okrbook.io.labconfig import CONFIG_DIR as LAB_CONFIG_DIR
from okrbook.io.roster import COMPANY_FILE
from okrbook.prework.members import FOLDER, file_name, unsaved_path

TOOLS = {"useradd": "passwd", "groupadd": "passwd", "gpasswd": "passwd", "setfacl": "acl", "getfacl": "acl"}


@dataclass(frozen=True)
class Step:
    """One command of the plan and why it is needed."""

    command: tuple[str, ...]
    why: str

    def shell(self) -> str:
        return shlex.join(self.command)


@dataclass
class Wanted:
    """What a path should be: its owner (None: leave it), group, ACL, default ACL (folders), special bits."""

    path: Path
    group: str
    acl: str
    default: str | None = None
    owner: str | None = None
    setgid: bool = False
    sticky: bool = False


@dataclass
class Current:
    owner: str
    group: str
    acl: str
    default: str | None
    setgid: bool
    sticky: bool


@dataclass
class System:
    """The accounts as they are: users, and each group's supplementary members."""

    users: set[str] = field(default_factory=set)
    groups: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def read(cls) -> System:
        return cls(
            users={p.pw_name for p in pwd.getpwall()},
            groups={g.gr_name: set(g.gr_mem) for g in grp.getgrall()},
        )


# --- what each path should be -----------------------------------------------------------------------


def _acl(owner: str, group: str, other: str, named: list[tuple[str, str, str]]) -> str:
    """An access ACL in setfacl's short form; the mask is the union of the group class."""
    entries = [f"u::{owner}", *(f"{kind}:{name}:{perms}" for kind, name, perms in named), f"g::{group}"]
    if named:  # the mask: the union of the group class
        group_class = [group, *(perms for _, _, perms in named)]
        entries.append(
            "m::" + "".join(c if any(p[i] == c for p in group_class) else "-" for i, c in enumerate("rwx"))
        )
    return ",".join([*entries, f"o::{other}"])


def wanted(roster: Roster, prefix: str = GROUP_PREFIX) -> Iterator[Wanted]:
    """Every path of the company folder with what it should be (symbolic links are left alone)."""
    company = roster.company
    lead_group = leadership_group(prefix)
    yield Wanted(
        company, lead_group, _acl("rwx", "rwx", "r-x", []), _acl("rwx", "rwx", "---", []), setgid=True
    )
    departments = set(roster.departments)
    for entry in sorted(company.iterdir()):
        if entry.is_symlink() or entry.name == LAB_CONFIG_DIR:
            continue  # .jupyter: the hub writes it readable by everyone (no news prompt) and keeps it so
        if entry.is_dir() and entry.name in departments:
            yield from _department(roster, entry, prefix)
        elif entry.is_dir():
            yield from _tree(entry, lead_group, _acl("rwx", "rwx", "---", []), _acl("rw-", "rw-", "---", []))
        else:
            other = "r--" if entry.name == COMPANY_FILE else "---"
            yield Wanted(entry, lead_group, _acl("rw-", "rw-", other, []))


def _tree(root: Path, group: str, folder_acl: str, file_acl: str) -> Iterator[Wanted]:
    for here, dirs, names in os.walk(root):
        folder = Path(here)
        yield Wanted(folder, group, folder_acl, folder_acl, setgid=True)
        dirs[:] = [d for d in sorted(dirs) if not (folder / d).is_symlink()]
        for name in sorted(names):
            if not (folder / name).is_symlink():
                yield Wanted(folder / name, group, file_acl)


def _department(roster: Roster, root: Path, prefix: str) -> Iterator[Wanted]:
    dept = root.name
    group = department_group(dept, prefix)
    leads = [p.login for p in roster.of(dept, "lead")]
    reads = [("g", leadership_group(prefix), "r-x")]
    folder = _acl("rwx", "r-x", "---", [("u", lead, "rwx") for lead in leads] + reads)
    data = _acl("rw-", "r--", "---", [("u", lead, "rw-") for lead in leads] + [("g", reads[0][1], "r--")])
    owners = {file_name(p.name): p.login for p in roster.in_department(dept)}
    for here, dirs, names in os.walk(root):
        path = Path(here)
        dirs[:] = [d for d in sorted(dirs) if not (path / d).is_symlink()]
        if path.name == FOLDER and path.parent.parent == root:
            # members create their own files; the sticky bit keeps each file its owner's
            pre = _acl("rwx", "rwx", "---", [("u", lead, "rwx") for lead in leads] + reads)
            inherit = _acl("rwx", "r-x", "---", reads)
            yield Wanted(path, group, pre, inherit, owner="root", setgid=True, sticky=True)
            for name in sorted(names):
                if (path / name).is_symlink():
                    continue
                if name.endswith(".ipynb") and leads:  # the members' form: the lead's
                    yield Wanted(path / name, group, data, owner=leads[0])
                else:  # a member's file goes to its member; anything else stays its writer's
                    acl = _acl("rw-", "r--", "---", [("g", reads[0][1], "r--")])
                    yield Wanted(path / name, group, acl, owner=_member_of(name, owners))
            continue
        yield Wanted(path, group, folder, folder, setgid=True)
        for name in sorted(names):
            if not (path / name).is_symlink():
                yield Wanted(path / name, group, data)


def _member_of(name: str, owners: dict[str, str]) -> str | None:
    """The login whose pre-work file (or its journal, backup, lock, unsaved copy, temporary) ``name`` is."""
    for base, login in owners.items():
        unsaved = unsaved_path(Path(base)).name
        if name in (base, unsaved) or name.startswith((f"{base}.", f".{base}.", f".{unsaved}.")):
            return login
    return None


# --- what each path is ------------------------------------------------------------------------------

_ENTRY = re.compile(r"^(default:)?(user|group|mask|other):([^:]*):([rwx-]{3})")


def _short(entries: list[str]) -> str:
    kinds = {"user": "u", "group": "g", "mask": "m", "other": "o"}
    out = []
    for e in entries:
        m = _ENTRY.match(e)
        if m:
            out.append(f"{kinds[m.group(2)]}:{m.group(3)}:{m.group(4)}")
    return ",".join(out)


def _unescape(text: str) -> str:
    """getfacl writes bytes outside ASCII as ``\\ooo``."""
    raw = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), text.encode("utf-8"))
    return raw.decode("utf-8", "surrogateescape")


def read_acls(root: Path) -> dict[Path, tuple[str, str | None]]:
    """Every path's ACL (and default ACL) under ``root``, from one ``getfacl -R``."""
    done = subprocess.run(
        ["getfacl", "-R", "-P", "-p", "-n", str(root)], capture_output=True, text=True, check=False
    )
    found: dict[Path, tuple[str, str | None]] = {}
    for block in done.stdout.split("\n\n"):
        lines = [line for line in block.splitlines() if line]
        if not lines or not lines[0].startswith("# file: "):
            continue
        path = Path(_unescape(lines[0][len("# file: ") :]))
        access = [line for line in lines if not line.startswith(("#", "default:"))]
        default = [line[len("default:") :] for line in lines if line.startswith("default:")]
        found[path] = (_short(access), _short(default) if default else None)
    return found


def _name_of(uid: int, getter) -> str:
    try:
        return getter(uid)[0]
    except KeyError:
        return str(uid)


def _effective(acl: str) -> str:
    """The ACL as it acts: named users and groups by id, the group class through the mask, no mask.

    Two ACLs that grant the same are the same: a file created under a default ACL
    keeps ``g::r-x`` behind a mask of ``r--``, which grants what ``g::r--`` does.
    """
    entries = [e.split(":") for e in acl.split(",") if e]
    mask = next((perms for kind, _, perms in entries if kind == "m"), "rwx")
    out = []
    for kind, name, perms in entries:
        if kind == "m":
            continue
        if name:
            try:
                name = str(pwd.getpwnam(name).pw_uid if kind == "u" else grp.getgrnam(name).gr_gid)
            except KeyError:
                pass
        if name or kind == "g":
            perms = "".join(c if mask[i] == c else "-" for i, c in enumerate(perms))
        out.append(f"{kind}:{name}:{perms}")
    return ",".join(sorted(out))


def current(path: Path, acls: dict[Path, tuple[str, str | None]]) -> Current | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    acl, default = acls.get(path, ("", None))
    return Current(
        owner=_name_of(info.st_uid, pwd.getpwuid),
        group=_name_of(info.st_gid, grp.getgrgid),
        acl=acl,
        default=default,
        setgid=bool(info.st_mode & stat.S_ISGID),
        sticky=bool(info.st_mode & stat.S_ISVTX),
    )


# --- the plan ---------------------------------------------------------------------------------------


def plan_accounts(roster: Roster, system: System, prefix: str = GROUP_PREFIX) -> list[Step]:
    """Users and groups: made when missing; each group's members exactly the roster's."""
    steps: list[Step] = []
    groups = {leadership_group(prefix): sorted(p.login for p in roster.leadership())}
    for dept in roster.departments:
        groups[department_group(dept, prefix)] = sorted(p.login for p in roster.in_department(dept))
    for name in groups:
        if name not in system.groups:
            steps.append(Step(("groupadd", name), f"group of {_group_for(roster, name, prefix)}"))
    for person in roster.people:
        if person.login not in system.users:
            command = (
                "useradd",
                "--create-home",
                "--shell",
                "/bin/bash",
                "--comment",
                " ".join(person.name.replace(":", " ").split()),  # ":" separates /etc/passwd's fields
                person.login,
            )
            steps.append(Step(command, f"{person.name}, line {roster.lines[person.login]}"))
    for name, members in groups.items():
        have = system.groups.get(name, set())
        for login in members:
            if login not in have:
                steps.append(Step(("gpasswd", "--add", login, name), f"{login} belongs to {name}"))
        for login in sorted(have - set(members)):
            steps.append(
                Step(("gpasswd", "--delete", login, name), f"{login} is not in the roster for {name}")
            )
    return steps


def _group_for(roster: Roster, group: str, prefix: str) -> str:
    if group == leadership_group(prefix):
        return "leadership"
    return next((d for d in roster.departments if department_group(d, prefix) == group), group)


def plan_paths(roster: Roster, prefix: str = GROUP_PREFIX) -> list[Step]:
    """Owners, groups, ACLs and special bits of every path that differs from what it should be."""
    acls = read_acls(roster.company)
    steps: list[Step] = []
    for want in wanted(roster, prefix):
        have = current(want.path, acls)
        if have is None:
            continue
        where = str(want.path)
        if want.owner is not None and have.owner != want.owner:
            steps.append(Step(("chown", want.owner, where), f"owned by {want.owner}, not {have.owner}"))
        if have.group != want.group:
            steps.append(Step(("chgrp", want.group, where), f"group {want.group}, not {have.group}"))
        if not have.acl or _effective(want.acl) != _effective(have.acl):
            steps.append(Step(("setfacl", "--set", want.acl, where), "who may read and write it"))
        if want.default is not None and (
            have.default is None or _effective(want.default) != _effective(have.default)
        ):
            steps.append(
                Step(("setfacl", "--default", "--set", want.default, where), "what new files inherit")
            )
        if want.setgid != have.setgid:
            steps.append(Step(("chmod", "g+s" if want.setgid else "g-s", where), "new files take the group"))
        if want.sticky != have.sticky:
            bit = "+t" if want.sticky else "-t"
            steps.append(Step(("chmod", bit, where), "each member replaces only their own file"))
    return steps


def plan(roster: Roster, system: System, prefix: str = GROUP_PREFIX) -> list[Step]:
    """Everything ``hub setup`` would do, accounts first (the ACLs name the users and groups)."""
    return plan_accounts(roster, system, prefix) + plan_paths(roster, prefix)


def check_tools() -> None:
    for tool, package in TOOLS.items():
        if shutil.which(tool) is None:
            raise OkrbookError("hub_tool_missing", {"tool": tool, "package": package})


def apply(roster: Roster, prefix: str = GROUP_PREFIX) -> list[Step]:
    """Run the plan as root: accounts, then (with the accounts known) the paths. Returns what was done."""
    if os.geteuid() != 0:
        raise OkrbookError("hub_not_root")
    check_tools()
    done: list[Step] = []
    for step in plan_accounts(roster, System.read(), prefix):
        _run(step, step.command)
        done.append(step)
    for step in plan_paths(roster, prefix):
        _on_path(roster.company, step)
        done.append(step)
    return done


def _run(step: Step, command: tuple[str, ...] | list[str], **kw) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kw)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip() or f"exit {result.returncode}"
        raise OkrbookError("hub_step_failed", {"command": step.shell(), "reason": reason})


def _open_beneath(root: Path, path: Path) -> int:
    """``path`` opened one name at a time from ``root``, following no symbolic link on the way.

    Leads and members write inside the company folder: one who swapped a file or
    a folder for a link between the plan and its step must not have root change
    the owner or ACL of what the link points to (``/etc/shadow``).
    """
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        parts = path.relative_to(root).parts
        for i, name in enumerate(parts):
            last = i == len(parts) - 1
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | (0 if last else os.O_DIRECTORY)
            inner = os.open(name, flags, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


_BITS = {
    "g+s": (stat.S_ISGID, True),
    "g-s": (stat.S_ISGID, False),
    "+t": (stat.S_ISVTX, True),
    "-t": (stat.S_ISVTX, False),
}


def _on_path(root: Path, step: Step) -> None:
    """One path step through a file descriptor of the path itself (see :func:`_open_beneath`)."""
    tool, *args, where = step.command
    try:
        fd = _open_beneath(root, Path(where))
    except OSError as err:
        raise OkrbookError("hub_step_failed", {"command": step.shell(), "reason": os_reason(err)}) from None
    try:
        if tool == "chown":
            os.fchown(fd, pwd.getpwnam(args[0]).pw_uid, -1)
        elif tool == "chgrp":
            os.fchown(fd, -1, grp.getgrnam(args[0]).gr_gid)
        elif tool == "chmod":
            bit, on = _BITS[args[0]]
            mode = stat.S_IMODE(os.fstat(fd).st_mode)
            os.fchmod(fd, mode | bit if on else mode & ~bit)
        else:  # setfacl, on the descriptor the child inherits
            _run(step, [tool, *args, f"/proc/self/fd/{fd}"], pass_fds=(fd,))
    except (OSError, KeyError) as err:
        reason = os_reason(err) if isinstance(err, OSError) else str(err)
        raise OkrbookError("hub_step_failed", {"command": step.shell(), "reason": reason}) from None
    finally:
        os.close(fd)
