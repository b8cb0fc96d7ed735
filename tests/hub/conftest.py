"""The hub's fixtures: a company folder with real system users, groups and permissions.

They need root (to make users and groups); elsewhere the tests that use them
are skipped with the reason. What they make is removed afterwards, whatever
the tests did.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hub.company import (
    PREFIX,
    SharedPython,
    make_company,
    okrbook,
    remove_accounts,
    set_passwords,
    shared_python,
    why_not_root,
)


@pytest.fixture(scope="session")
def python_for_users() -> Iterator[SharedPython]:
    reason = why_not_root()
    if reason:
        pytest.skip(reason)
    try:
        with shared_python() as python:
            yield python
    except RuntimeError as err:
        pytest.skip(str(err))


@pytest.fixture(scope="session")
def hub_company(python_for_users: SharedPython) -> Iterator[Path]:
    """The company folder after ``okrbook hub setup``: its accounts exist and have passwords."""
    remove_accounts()  # a run killed before its cleanup
    # somewhere every test user can reach (not under /root, which is 700)
    parent = Path(tempfile.mkdtemp(prefix="okt-hub-", dir="/tmp"))
    parent.chmod(0o755)
    try:
        company = make_company(parent)
        done = okrbook(["hub", "setup", str(company), "--group-prefix", PREFIX])
        assert done.returncode == 0, done.stderr
        set_passwords()
        yield company
    finally:
        remove_accounts()
        shutil.rmtree(parent, ignore_errors=True)
