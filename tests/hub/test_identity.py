"""Who is logged in, in the forms: on JupyterHub the member's form is the logged-in member's.

JupyterHub tells each server its user (``JUPYTERHUB_USER``) and its root
(``JUPYTERHUB_ROOT_DIR``); these tests set them as the hub does and build the
forms in-process, without a hub (tests/hub/test_hub_in_chromium.py has the real one).
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as W
import pytest

from okrbook.core import method
from okrbook.io.workbook import open_workbook
from okrbook.notebook.meeting import MeetingForms
from okrbook.notebook.prework_form import PreworkForm
from okrbook.prework.members import FOLDER, load_prework
from tests.hub.company import GROWTH, PEOPLE, QUARTER, make_company


@pytest.fixture(scope="module")
def company_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_company(tmp_path_factory.mktemp("hub-identity"))


@pytest.fixture
def company(company_template: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(company_template, tmp_path / "company"))


def _texts(widget: W.Widget) -> str:
    """Every HTML and label text of a widget tree, as one string."""
    out = [str(getattr(widget, "value", "")) if isinstance(widget, W.HTML | W.Label) else ""]
    for child in getattr(widget, "children", ()):
        out.append(_texts(child))
    return "\n".join(out)


def _hub(monkeypatch: pytest.MonkeyPatch, login: str, company: Path) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", login)
    monkeypatch.setenv("JUPYTERHUB_ROOT_DIR", str(company))
    monkeypatch.setenv("JUPYTERHUB_BASE_URL", "/")
    monkeypatch.delenv("JUPYTERHUB_PUBLIC_HUB_URL", raising=False)


def test_on_the_hub_the_form_is_the_logged_in_members_and_offers_no_other_name(
    company: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hub(monkeypatch, "okt_m1", company)
    folder = company / GROWTH / QUARTER
    form = PreworkForm(open_workbook(folder), delay=30.0)
    assert form.name.value == "李娜" and form.name.options == ("李娜",) and form.name.disabled
    assert "李娜" in form.who.value and "okt_m1" in form.who.value and form.who in form.children
    form.controls["answers.obstacles"].value = "渠道转化低"
    assert form.flush()
    assert load_prework(folder / FOLDER / "李娜.yaml").answers == {"obstacles": "渠道转化低"}
    form.choose("王磊")  # whatever the kernel asks, the form stays on the logged-in member
    assert form.chosen == "李娜" and not (folder / FOLDER / "王磊.yaml").exists()


def test_a_login_the_roster_lacks_gets_no_form_and_is_told_why(
    company: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hub(monkeypatch, "okt_stranger", company)
    folder = company / GROWTH / QUARTER
    form = PreworkForm(open_workbook(folder), delay=30.0)
    assert form.name.disabled and form.name.options == () and form.prework is None
    assert "answers.obstacles" not in form.controls
    assert "okt_stranger" in form.who.value and "名册" in form.who.value  # the workbook is in Chinese
    form.choose("李娜")
    assert form.prework is None and not list((folder / FOLDER).glob("*.yaml"))


def test_outside_the_hub_the_form_asks_as_before(company: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    form = PreworkForm(open_workbook(company / GROWTH / QUARTER), delay=30.0)
    assert not form.name.disabled and len(form.name.options) > 1 and form.prework is None


def test_the_leads_workbook_shows_the_facilitator_and_the_forms_address(
    company: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hub(monkeypatch, "okt_lead", company)
    m = MeetingForms(open_workbook(company / GROWTH / QUARTER), delay=30.0)
    try:
        views = {s.id: getattr(m, s.id)() for s in method.SECTIONS}
        header = html.unescape(_texts(views["header"]))
        assert "主持人" in header and "王磊" in header and "okt_lead" in header
        assert m.controls["meeting.facilitator"].placeholder == "王磊"
        shown = _texts(views["prework"])
        url = f"/hub/user-redirect/voila/render/{GROWTH}/{QUARTER}/prework/prework.ipynb"
        from urllib.parse import quote

        assert quote(url) in shown or html.escape(quote(url)) in shown, shown
    finally:
        m.close()


def test_names_from_the_roster_are_shown_as_text(company: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (company / "company.yaml").read_text("utf-8")
    (company / "company.yaml").write_text(
        text.replace("name: 李娜", "name: '<img src=x onerror=alert(1)>'"), "utf-8"
    )
    _hub(monkeypatch, "okt_m1", company)
    form = PreworkForm(open_workbook(company / GROWTH / QUARTER), delay=30.0)
    assert "<img" not in _texts(form) and "&lt;img src=x" in _texts(form)
    assert PEOPLE  # the roster the company was made from
