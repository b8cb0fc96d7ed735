"""Who is logged in, when the notebook runs on a company's JupyterHub.

JupyterHub starts each person's server as their own system user and tells it
their login (``JUPYTERHUB_USER``); the company's roster (``company.yaml``
above the workbook) says who that is. The member's form then writes that
person's file and offers no other name, and the lead's workbook shows who
facilitates. Outside a hub there is no one logged in and the forms ask, as
always. The permissions themselves are the operating system's
(``okrbook hub setup``): this only spares people choosing a name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from okrbook import i18n
from okrbook.core.roster import Person, person_of
from okrbook.errors import OkrbookError
from okrbook.io.roster import company_above, load_roster
from okrbook.io.workbook import PREWORK_TEMPLATE
from okrbook.notebook.binding import WARN, muted
from okrbook.prework.members import FOLDER


@dataclass
class Identity:
    """The login, and the roster's line for it (None when the roster lacks it, or cannot be read)."""

    login: str
    person: Person | None = None
    has_roster: bool = False
    problem: OkrbookError | None = None

    @property
    def name(self) -> str:
        """The name the forms use: the roster's, else (a hub with no company roster) the login."""
        if self.person is not None:
            return self.person.name
        return "" if self.has_roster or self.problem else self.login


def logged_in(folder: str | Path) -> Identity | None:
    """Who is logged in to the hub serving ``folder``; None outside JupyterHub."""
    login = os.environ.get("JUPYTERHUB_USER", "").strip()
    if not login:
        return None
    company = company_above(folder)
    if company is None:
        return Identity(login)
    try:
        roster = load_roster(company)
    except OkrbookError as err:
        return Identity(login, has_roster=True, problem=err)
    return Identity(login, person_of(roster, login), has_roster=True)


def describe(identity: Identity, lang: str, key: str = "hub_logged_in") -> str:
    """One line of HTML: who is logged in (said by ``key``), or why the roster does not say."""
    if identity.problem is not None:
        return f'<span style="{WARN}">⚠ {escape(identity.problem.render(lang))}</span>'
    if not identity.name:
        text = i18n.message("hub_login_not_on_roster", lang, login=identity.login)
        return f'<span style="{WARN}">⚠ {escape(text)}</span>'
    return muted(i18n.message(key, lang, name=identity.name, login=identity.login))


def prework_form_url(workbook_folder: str | Path) -> str | None:
    """The address members open the quarter's pre-work form at in Voilà, on this hub; None elsewhere.

    ``user-redirect`` sends each member to their own server, so one address serves the whole team.
    """
    root = os.environ.get("JUPYTERHUB_ROOT_DIR", "")
    if not os.environ.get("JUPYTERHUB_USER") or not root:
        return None
    form = Path(workbook_folder).resolve() / FOLDER / PREWORK_TEMPLATE
    try:
        relative = form.relative_to(Path(root).resolve())
    except ValueError:
        return None
    hub = os.environ.get("JUPYTERHUB_PUBLIC_HUB_URL") or os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub/"
    return f"{hub.rstrip('/')}/user-redirect/voila/render/{quote(relative.as_posix())}"
