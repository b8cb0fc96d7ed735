"""Shared fixtures: small sheets on disk, made fresh for each test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """The tests (and the processes they start) keep okrbook's derived cache apart from the user's."""
    if "OKRBOOK_CACHE" not in os.environ:
        os.environ["OKRBOOK_CACHE"] = tempfile.mkdtemp(prefix="okrbook-test-cache-")


@pytest.fixture
def small_sheet(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/small.yaml the test may change."""
    path = tmp_path / "okrs.yaml"
    shutil.copyfile(FIXTURES / "small.yaml", path)
    return path
