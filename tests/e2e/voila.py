"""Voilà serving one notebook for the end-to-end tests: the member's pre-work form as a no-code app.

Started the way the README tells a team to (``cd <workbook>/prework && voila prework.ipynb``),
but on 127.0.0.1, on a free port, with a random token and its own config, runtime and
connection-file folders, so it neither reads the developer's Jupyter setup nor leaves
a kernel behind: every kernel's command line names ``state``, which is how :func:`stop_voila`
finds the ones a hung server left.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from okrbook.minutes.render import MINUTES_ENV
from tests.e2e.lab import REPO, LocalServer, end_server, free_port, processes_with, wait_until_ready


@dataclass
class VoilaServer(LocalServer):
    """A running ``voila NOTEBOOK`` and what a test needs from it."""

    notebook: Path = Path()
    log_name = "voila.log"

    @property
    def url(self) -> str:
        """The app itself: Voilà serves the one notebook at its root."""
        return f"{self.base}/?token={self.token}"

    def leftovers(self) -> list[int]:
        """Live processes (kernels, or the server) naming this server's state folder."""
        return processes_with(f"{self.state}{os.sep}")


def start_voila(notebook: Path, state: Path, within: float = 30.0) -> VoilaServer:
    """Start Voilà on ``notebook`` from its own folder and wait until it serves its static files.

    Readiness is probed on a static file, not on the app: each request for the app
    starts a kernel and runs the notebook.
    """
    port, token = free_port(), secrets.token_hex(16)
    for name in ("runtime", "config", "connections"):
        (state / name).mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != MINUTES_ENV}
    env["JUPYTER_RUNTIME_DIR"] = str(state / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(state / "config")
    # the kernels import okrbook from this checkout, whatever is installed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    command = [
        sys.executable,
        "-m",
        "voila",
        notebook.name,
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        f"--Voila.connection_dir_root={state / 'connections'}",
        # a failing cell shows its traceback on the page (and so in the failure's screenshot)
        "--VoilaConfiguration.show_tracebacks=True",
    ]
    log = open(state / VoilaServer.log_name, "wb")  # closed by stop_voila
    process = subprocess.Popen(
        command, cwd=notebook.parent, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )
    server = VoilaServer(state, port, token, process, log, notebook=notebook)

    def probe() -> bool:
        # its static files, not the app: each request for the app starts a kernel
        with urllib.request.urlopen(f"{server.base}/voila/static/voila.js", timeout=2) as response:
            return response.status == 200

    wait_until_ready(server, "Voilà", probe, within, lambda: stop_voila(server))
    return server


def stop_voila(server: VoilaServer, within: float = 15.0) -> None:
    """Terminate the server (it shuts its kernels down), kill it if it hangs, then any kernel left over."""
    end_server(server.process, server.leftovers, within)
    server.log.close()
