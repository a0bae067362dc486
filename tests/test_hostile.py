"""Hostile or careless input: every case ends in a Chinese message naming the file, never a
traceback, never a leak, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app

runner = CliRunner()
HEAD = "单位: 某局\n年度: {year}\n成文日期: {year}-12-01\n"


def _facts(folder: Path, name: str, body: str, year: int = 2024, head: str = HEAD) -> Path:
    path = folder / name
    path.write_text(head.format(year=year) + body, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("value", ["150名", "95人", "3所", "120"])
def test_a_rate_that_is_no_per_cent_or_over_100_is_refused(tmp_path: Path, value: str) -> None:
    facts = _facts(tmp_path, "f.yaml", f"法治副校长:\n  人数: 3名\n  配备率: {value}\n")
    code, output = _run("check", str(facts))
    assert code == 1 and f"{facts}:6:8: 字段“法治副校长.配备率”：比例" in output


def test_a_rate_in_per_cent_passes(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "f.yaml", "法治副校长:\n  人数: 3名\n  配备率: 95%\n")
    assert _run("check", str(facts))[0] == 0


@pytest.mark.parametrize(("now", "before"), [("1e308", "1名"), ("1e308名", "1e307名"),
                                             ("9" * 60 + "名", "1名"), ("1e300万名", "2万名")])
def test_huge_numbers_compared_with_last_year(tmp_path: Path, now: str, before: str) -> None:
    last = _facts(tmp_path, "last.yaml", f"法治副校长:\n  人数: {before}\n", year=2023)
    facts = _facts(tmp_path, "now.yaml", f"法治副校长:\n  人数: {now}\n")
    code, output = _run("draft", str(facts), "--previous", str(last), "-o", str(tmp_path / "o"),
                        "--format", "txt")
    assert code in (0, 1), output
    assert code == 0 or str(facts) in output
