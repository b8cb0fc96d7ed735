"""The JupyterHub configuration ``okrbook hub config`` writes, read as JupyterHub reads it: no hub started."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest
from traitlets.config import Config

from okrbook.hub.config import configure
from tests.hub.company import GROWTH, make_company, okrbook


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_company(tmp_path_factory.mktemp("hub-config"))


def _load(path: Path) -> Config:
    """Run a config file the way JupyterHub does: ``c`` is a traitlets Config."""
    c = Config()
    exec(compile(path.read_text("utf-8"), str(path), "exec"), {"c": c, "get_config": lambda: c})
    return c


def test_the_written_configuration_serves_the_company_with_pam_and_a_server_per_person(
    company: Path, tmp_path: Path
) -> None:
    out = tmp_path / "jupyterhub_config.py"
    done = okrbook(
        ["hub", "config", str(company), "--port", "8123", "--state", str(tmp_path), "-o", str(out)]
    )
    assert done.returncode == 0, done.stderr
    c = _load(out)
    assert (c.JupyterHub.ip, c.JupyterHub.port, c.JupyterHub.hub_ip) == ("127.0.0.1", 8123, "127.0.0.1")
    assert c.JupyterHub.authenticator_class == "pam" and c.JupyterHub.spawner_class == "localprocess"
    assert c.Spawner.notebook_dir == str(company.resolve())
    assert c.Spawner.cmd[1:] == ["-m", "jupyterhub.singleuser"]
    assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    assert "--LabApp.news_url=None" in c.Spawner.args
    # and nobody is asked about Jupyter news: the company's config folder, readable by every server
    lab_config = company.resolve() / ".jupyter"
    assert c.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(lab_config)
    page_config = lab_config / "labconfig" / "page_config.json"
    assert json.loads(page_config.read_text("utf-8"))["disabledExtensions"] == {
        "@jupyterlab/apputils-extension:announcements": True
    }
    assert page_config.stat().st_mode & 0o004 and lab_config.stat().st_mode & 0o005 == 0o005


def _spawn(c: Config, login: str) -> types.SimpleNamespace:
    spawner = types.SimpleNamespace(user=types.SimpleNamespace(name=login), default_url="/lab")
    c.Spawner.pre_spawn_hook(spawner)
    return spawner


def test_each_person_starts_where_their_work_is_and_a_stranger_nowhere(company: Path) -> None:
    c = Config()
    configure(c, company)
    assert (
        _spawn(c, "okt_m1").default_url == "/lab/tree/%E7%94%A8%E6%88%B7%E5%A2%9E%E9%95%BF%E9%83%A8"
    )  # GROWTH
    assert GROWTH == "用户增长部"
    assert _spawn(c, "okt_boss").default_url == "/lab/tree/company-review.ipynb"
    from tornado import web

    with pytest.raises(web.HTTPError) as refused:
        _spawn(c, "okt_stranger")
    assert refused.value.status_code == 403
    assert "roster" in refused.value.jupyterhub_message and "名册" in refused.value.jupyterhub_message


def test_a_roster_the_hub_cannot_serve_writes_no_configuration(company: Path, tmp_path: Path) -> None:
    broken = tmp_path / "c"
    broken.mkdir()
    (broken / GROWTH).mkdir()
    text = (company / "company.yaml").read_text("utf-8")
    (broken / "company.yaml").write_text(text.replace("okt_m2", "okt_m1"), "utf-8")
    out = tmp_path / "jupyterhub_config.py"
    done = okrbook(["hub", "config", str(broken), "-o", str(out), "--lang", "en"])
    assert done.returncode == 1 and "appears twice" in done.stderr and not out.exists()
