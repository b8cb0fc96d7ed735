"""JupyterHub's configuration for one company: who may log in, what each person's server is.

``okrbook hub config`` writes a ``jupyterhub_config.py`` whose only code is
:func:`configure`, so the file a company keeps names its folder and ports and
nothing else; the roster is read again at every spawn, so a change to
``company.yaml`` needs no restart. Each person gets their own single-user
Jupyter server (JupyterLab, with Voilà as a server extension for the
members' form) run as their own system user by the LocalProcessSpawner: the
operating system's permissions (``okrbook hub setup``) decide what they
read and write. Logins come from PAM, the system's own passwords; a
company's own login (OAuth) replaces ``authenticator_class`` (README).
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from okrbook import i18n
from okrbook.company.review import REVIEW_NOTEBOOK
from okrbook.core.roster import person_of
from okrbook.hub.roster import check_roster
from okrbook.io.labconfig import CONFIG_DIR as LAB_CONFIG_DIR
from okrbook.io.labconfig import write_lab_config
from okrbook.io.roster import load_roster

_TEMPLATE = '''\
"""JupyterHub for the company folder {company!r}: written by `okrbook hub config`."""

from okrbook.hub.config import configure

configure(
    c,  # noqa: F821 (JupyterHub's config object)
    {company!r},
{options})
'''


@dataclass(frozen=True)
class HubSettings:
    """Where the hub listens and keeps its state: what a company's config file names, and nothing else."""

    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    public_url: str = ""
    state: str = ""
    python: str = ""


def config_text(company: str | Path, settings: HubSettings | None = None) -> str:
    """A ``jupyterhub_config.py`` for the company, after checking its roster (which names any bad line)."""
    company = Path(company).resolve()
    check_roster(company)
    settings = settings or HubSettings()
    given = {**asdict(settings), "python": settings.python or sys.executable}
    options = "".join(f"    {name}={value!r},\n" for name, value in given.items())
    return _TEMPLATE.format(company=str(company), options=options)


def start_url(company: Path, login: str) -> str | None:
    """Where a person's server opens: leadership the company notebook, others their department.

    None for a login the roster does not have: the hub lets them in to nothing.
    """
    person = person_of(load_roster(company), login)
    if person is None:
        return None
    if person.role == "leadership":
        return f"/lab/tree/{quote(REVIEW_NOTEBOOK)}"
    return f"/lab/tree/{quote(person.department)}"


def not_on_roster(login: str) -> str:
    return " / ".join(i18n.message("hub_not_on_roster", lang, login=login) for lang in i18n.LANGS)


def configure(c: Any, company: str | Path, **options: Any) -> None:
    """Fill JupyterHub's config ``c`` for the company folder (``options``: :class:`HubSettings`' fields)."""
    settings = HubSettings(**options)
    company = Path(company).resolve()
    state_dir = Path(settings.state) if settings.state else Path.cwd()
    c.JupyterHub.ip = settings.ip
    c.JupyterHub.port = int(settings.port)
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = int(settings.hub_port)
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(settings.proxy_api_port)}"
    if settings.public_url:
        c.JupyterHub.public_url = settings.public_url
    c.JupyterHub.db_url = f"sqlite:///{state_dir / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state_dir / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(state_dir / "jupyterhub-proxy.pid")

    c.JupyterHub.authenticator_class = "pam"
    # Every system user may log in; one the roster lacks gets a page that says so and no server.
    c.Authenticator.allow_all = True
    c.PAMAuthenticator.open_sessions = False
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [settings.python or sys.executable, "-m", "jupyterhub.singleuser"]
    c.Spawner.notebook_dir = str(company)
    c.Spawner.default_url = "/lab"
    # a company's servers ask the internet for nothing: no JupyterLab news, no update check
    c.Spawner.args = [
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    # and nobody is asked whether to fetch Jupyter news: the company's own Jupyter config folder first
    lab_config = write_lab_config(company / LAB_CONFIG_DIR)
    c.Spawner.environment = {"OKRBOOK_HUB_COMPANY": str(company), "JUPYTER_CONFIG_PATH": str(lab_config)}
    c.Spawner.http_timeout = 120
    c.Spawner.start_timeout = 120

    def pre_spawn_hook(spawner: Any) -> None:
        url = start_url(company, spawner.user.name)
        if url is None:
            from tornado import web  # JupyterHub's own web framework: its error page shows this message

            refused = web.HTTPError(403, log_message=not_on_roster(spawner.user.name))
            refused.jupyterhub_message = not_on_roster(spawner.user.name)
            raise refused
        spawner.default_url = url

    c.Spawner.pre_spawn_hook = pre_spawn_hook
