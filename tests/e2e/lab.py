"""A real JupyterLab for the end-to-end tests: the server process, its REST API, and the page a lead sees.

The server runs on 127.0.0.1 with a random token and its own runtime,
settings and workspace folders, so it neither reads the developer's Jupyter
setup nor leaves anything behind. It is told not to fetch news or check for
updates: the tests keep every request on loopback.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from okrbook.minutes.render import MINUTES_ENV
from okrbook.notebook.binding import control_class

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def wait_for(
    what: str, probe: Callable[[], T | None], within: float, every: float = 0.05, page: Page | None = None
) -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``within`` seconds.

    With a ``page`` the pauses are the page's own, so Playwright keeps serving
    the page's routed requests meanwhile (a ``time.sleep`` would stall them).
    """
    deadline = time.monotonic() + within
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {within:g} s waiting for {what}")
        if page is not None:
            page.wait_for_timeout(every * 1000)
        else:
            time.sleep(every)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def processes_with(needle: str) -> list[int]:
    """Live processes whose command line mentions ``needle`` (a zombie's is empty, so it never matches)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(needle.encode() in arg for arg in args):
            found.append(int(entry.name))
    return found


@dataclass
class LocalServer:
    """A server a test started on 127.0.0.1, with its own state folder and log (``<state>/<log_name>``)."""

    state: Path
    port: int
    token: str
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    log_name = "server.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = (self.state / self.log_name).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class LabServer(LocalServer):
    """A running ``jupyter lab`` and what the tests need from it."""

    root: Path = Path()
    log_name = "lab.log"

    @property
    def runtime(self) -> Path:
        return self.state / "runtime"

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(
            self.base + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, path: str, workspace: str) -> str:
        """Each page gets its own workspace, so one test's open tabs never reopen in another's."""
        return f"{self.base}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def session(self, path: str) -> dict[str, Any] | None:
        return next((s for s in self.api("/api/sessions") if s["path"] == path), None)

    def kernel_state(self, kernel_id: str) -> str | None:
        try:
            return self.api(f"/api/kernels/{kernel_id}")["execution_state"]
        except urllib.error.HTTPError:
            return None

    def kernel_pids(self, kernel_id: str) -> list[int]:
        """A kernel's process, found by its connection file (``kernel-<id>.json``) on its command line."""
        return processes_with(str(self.runtime / f"kernel-{kernel_id}.json"))

    def close_session(self, path: str) -> None:
        """Shut a notebook's kernel down so the next test does not share the machine's two cores with it."""
        session = self.session(path)
        if session is not None:
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def quiet_settings(folder: Path) -> None:
    """User settings that keep JupyterLab from asking about, or fetching, Jupyter news."""
    path = folder / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")


def start_lab(
    root: Path, state: Path, within: float = 60.0, quiet: bool = True, env: dict[str, str] | None = None
) -> LabServer:
    """Start JupyterLab serving ``root`` and wait until its API answers the token.

    ``quiet=False`` leaves JupyterLab's news settings as a new user has them
    (the demo's test); ``env`` is the environment to start it in.
    """
    port, token = free_port(), secrets.token_hex(16)
    for name in ("runtime", "config", "workspaces"):
        (state / name).mkdir(parents=True, exist_ok=True)
    (state / "settings").mkdir(parents=True, exist_ok=True)
    if quiet:
        quiet_settings(state / "settings")
    env = {k: v for k, v in (os.environ if env is None else env).items() if k != MINUTES_ENV}
    env["JUPYTER_RUNTIME_DIR"] = str(state / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(state / "config")
    # the kernels import okrbook from this checkout, whatever is installed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
    ]
    log = open(state / LabServer.log_name, "wb")  # closed by stop_lab
    process = subprocess.Popen(
        command, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )
    server = LabServer(state, port, token, process, log, root=root)
    probe = lambda: "started" in server.api("/api/status")  # noqa: E731
    wait_until_ready(server, "JupyterLab", probe, within, lambda: stop_lab(server))
    return server


def wait_until_ready(
    server: LocalServer, name: str, probe: Callable[[], bool], within: float, stop: Callable[[], None]
) -> None:
    """Poll ``probe`` until the server answers; if it exits or never answers, stop it and say why."""

    def answers() -> bool:
        if server.process.poll() is not None:
            raise AssertionError(f"{name} exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            return probe()
        except (OSError, ValueError):
            return False

    try:
        wait_for(f"{name} to answer", answers, within, every=0.2)
    except AssertionError:
        stop()
        raise


def stop_lab(server: LabServer, within: float = 15.0) -> None:
    """Shut the kernels down, terminate the server (kill it if it hangs), then any kernel left over."""
    if server.process.poll() is None:
        try:
            for session in server.api("/api/sessions"):
                server.api(f"/api/sessions/{session['id']}", method="DELETE")
        except OSError:
            pass  # the server is going anyway
    # kernels run in their own process group: anything still naming this server's runtime folder is ours
    end_server(server.process, lambda: processes_with(str(server.runtime)), within)
    server.log.close()


def end_server(process: subprocess.Popen, leftovers: Callable[[], list[int]], within: float) -> None:
    """Terminate a server (kill it if it hangs), then kill the processes it left behind."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(within)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(within)
    for pid in leftovers():
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@dataclass
class LabPage:
    """One browser page on JupyterLab, with the few gestures a lead makes in the meeting."""

    lab: LabServer
    page: Page
    attempted: list[str] = field(default_factory=list)
    notebook: str = ""

    def open(self, notebook: str, workspace: str, within: float = 60.0) -> None:
        """Open the workbook's notebook and wait for its kernel, accepting a kernel-selection dialog."""
        self.notebook = notebook
        self.page.goto(self.lab.notebook_url(notebook, workspace))
        self.page.locator(".jp-NotebookPanel").first.wait_for(state="visible")

        def kernel_idle() -> bool:
            if self.page.locator(".jp-Dialog").count():
                self.page.locator(".jp-Dialog .jp-mod-accept").click()  # "Select Kernel": the default
            session = self.lab.session(notebook)
            return session is not None and self.lab.kernel_state(session["kernel"]["id"]) == "idle"

        wait_for(f"the kernel of {notebook}", kernel_idle, within, every=0.2, page=self.page)

    def kernel_id(self) -> str:
        session = self.lab.session(self.notebook)
        assert session is not None, f"no session for {self.notebook}"
        return session["kernel"]["id"]

    def menu(self, menu: str, item: str) -> None:
        """Click ``menu`` in the menu bar, then ``item`` (matched exactly: "Run All Cells" is not "Restart…")."""
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{re.escape(menu)}$")).click()
        label = self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$"))
        label.click()

    def run_all(self, within: float = 90.0) -> None:
        """Run → Run All Cells, then wait until every code cell shows its execution count.

        The export panel (the last cell's output) appearing is the sign the run
        reached the end, so the notebook must start without outputs (see :meth:`clear_outputs`).
        """
        self.menu("Run", "Run All Cells")
        self.control("export.html").wait_for(state="attached", timeout=within * 1000)
        prompts = self.page.locator(".jp-CodeCell .jp-InputPrompt")

        def all_run() -> bool:
            texts = [(t or "").strip() for t in prompts.all_text_contents()]
            return bool(texts) and all(re.fullmatch(r"\[\d+\]:", t) for t in texts)

        wait_for("every cell to finish", all_run, within, every=0.2, page=self.page)

    def clear_outputs(self) -> None:
        """Edit → Clear Outputs of All Cells, so no widget drawn by a dead kernel can be mistaken for a new one."""
        self.menu("Edit", "Clear Outputs of All Cells")
        expect(self.page.locator(".jp-OutputArea-output")).to_have_count(0)

    def dismiss_dialog(self, within: float) -> str | None:
        """Accept the dialog JupyterLab shows (if one comes within ``within`` s) and return its text."""
        dialog = self.page.locator(".jp-Dialog")
        try:
            dialog.wait_for(state="visible", timeout=within * 1000)
        except PlaywrightTimeout:
            return None
        text = dialog.inner_text()
        dialog.locator(".jp-mod-accept").click()
        dialog.wait_for(state="detached")
        return text

    def control(self, key: str, inner: str | None = None) -> Locator:
        """The widget registered in ``Meeting.controls`` under ``key`` (or the ``inner`` element of it)."""
        found = self.page.locator(f".{control_class(key)}")
        return found.locator(inner) if inner else found

    def outputs(self, mime: str) -> Locator:
        return self.page.locator(f'.jp-OutputArea-output[data-mime-type="{mime}"]')
