"""Shared fixtures: small sheets on disk, made fresh for each test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests (tests/test_properties.py): a short run in CI, a long one for a developer with
# `pytest --hypothesis-profile=long tests/test_properties.py --hypothesis-show-statistics`.
# No deadline: time is bounded by the sizes the strategies draw, not by a clock.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=25, deadline=None, database=None, suppress_health_check=_QUIET)
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile("ci")  # --hypothesis-profile=long, read after this file, replaces it

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
