"""The Jupyter config folder okrbook's own JupyterLabs start with: the demo's, and a company's on its hub.

Its ``labconfig/page_config.json`` turns off JupyterLab's announcements
plugin, so nobody is asked whether to fetch Jupyter news (okrbook's servers ask
the internet for nothing). It goes first on ``JUPYTER_CONFIG_PATH``; the
user's own ``~/.jupyter`` is neither read for this nor changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
CONFIG_DIR = ".jupyter"


def write_lab_config(config_dir: Path) -> Path:
    """Write the folder (readable by everyone: on a hub each person's server reads it) and return it."""
    page_config = config_dir / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True, exist_ok=True)
    page_config.write_text(
        json.dumps({"disabledExtensions": {ANNOUNCEMENTS: True}}, indent=1), encoding="utf-8"
    )
    # a folder's inherited ACL (a company's root keeps others out) would hide it from the servers
    for folder in (config_dir, page_config.parent):
        folder.chmod(0o755)
    page_config.chmod(0o644)
    return config_dir


def lab_env(config_dir: Path) -> dict[str, str]:
    """This process's environment with ``config_dir`` first on the Jupyter config path."""
    paths = [str(config_dir), *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    return {**os.environ, "JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}
