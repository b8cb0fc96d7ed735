"""Shared fixtures: small sheets on disk, made fresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def small_sheet(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/small.yaml the test may change."""
    path = tmp_path / "okrs.yaml"
    shutil.copyfile(FIXTURES / "small.yaml", path)
    return path
