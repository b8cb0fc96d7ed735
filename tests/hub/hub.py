"""A real JupyterHub for the tests, started with the configuration ``okrbook hub config`` writes.

It listens on 127.0.0.1 on free ports (the proxy, the hub's API, the proxy's
API), keeps its database in a state folder of its own, and spawns every
person's server as their system user with the Python the test users can run.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tests.e2e.lab import end_server, free_port, processes_with, wait_for
from tests.hub.company import SharedPython, okrbook


def why_no_hub() -> str | None:
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "needs JupyterHub (pip install jupyterhub; scripts/setup.sh test installs it)"
    if shutil.which("configurable-http-proxy") is None:
        return "needs configurable-http-proxy (npm install -g configurable-http-proxy)"
    return None


@dataclass
class Hub:
    state: Path
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        text = (self.state / "hub.log").read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def start_hub(company: Path, state: Path, python: SharedPython, within: float = 60.0) -> Hub:
    port, hub_port, api_port = free_port(), free_port(), free_port()
    config = state / "jupyterhub_config.py"
    ports = ["--port", str(port), "--hub-port", str(hub_port), "--proxy-api-port", str(api_port)]
    made = okrbook(
        [
            "hub",
            "config",
            str(company),
            *ports,
            "--state",
            str(state),
            "--python",
            python.executable,
            "-o",
            str(config),
        ]
    )
    assert made.returncode == 0, made.stderr
    env = {**os.environ, **python.env}
    env = {k: v for k, v in env.items() if v}
    log = open(state / "hub.log", "wb")  # noqa: SIM115 (closed by stop_hub)
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hub = Hub(state, port, process, log)

    def up() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"JupyterHub ended:\n{hub.log_tail()}")
        try:
            with urllib.request.urlopen(f"{hub.base}/hub/api", timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False

    wait_for("JupyterHub to answer", up, within, every=0.3)
    return hub


def stop_hub(hub: Hub, logins: list[str], within: float = 20.0) -> None:
    """End the hub, its proxy and every server it spawned (they run as the test users)."""
    end_server(hub.process, lambda: processes_with(str(hub.state)), within)
    uids = {pwd.getpwnam(login).pw_uid for login in logins}
    for pid in processes_of(uids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    hub.log.close()


def processes_of(uids: set[int]) -> list[int]:
    """The processes the test users run (their servers and kernels): nobody else's."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found
