"""Shared helpers: the hand-made fixture inputs, copied so a test may spoil them."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# the record counts the tests' builds keep (pipeline/counts.py): not the checkout's own
os.environ.setdefault("PORTAL_COUNTS", tempfile.mkdtemp(prefix="portal-counts-"))

FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = date(2025, 6, 30)


@pytest.fixture
def good_data(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/good/ (every domain, figures worked out by hand)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", target)
    return target


@pytest.fixture
def settings():
    from pipeline.config import load_settings

    return load_settings()


@pytest.fixture
def lenient():
    """Settings that let a tiny fixture carry a bad row without stopping the build."""
    from pipeline.config import load_settings

    return load_settings(max_quarantine_share=0.5, max_orphan_share=0.5)
