"""Shared fixtures and the --update-golden option."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SEEDS = {p.name[:3]: p for p in (ROOT / "seeds").glob("*.txt")}
#: Golden output must not depend on the clock: examples without 成文日期 use this date.
TODAY = dt.date(2025, 1, 15)


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the per-user cache (fazhi_writer/cache.py) of the test run out of the home folder."""
    os.environ["FAZHI_WRITE_CACHE"] = str(tmp_path_factory.mktemp("cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/data/golden/*.txt from the current output (review the diff!)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def assert_golden(golden: Path, text: str, update: bool) -> None:
    """Compare text with a golden file (printing a unified diff), or rewrite it when update."""
    import difflib

    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    expected = golden.read_text(encoding="utf-8")
    diff = "\n".join(difflib.unified_diff(expected.splitlines(), text.splitlines(),
                                          "expected", "actual", lineterm=""))
    assert text == expected, f"output differs from {golden}:\n{diff}"


def seed_for(example: Path) -> Path:
    """Return the seed a facts file in examples/ stands for (same 3-digit prefix)."""
    return SEEDS[example.name[:3]]
