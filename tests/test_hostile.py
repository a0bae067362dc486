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


@pytest.mark.parametrize("target", ["/etc/passwd", "/etc/hostname", "secret.txt", "secret.yaml"])
def test_a_recorded_previous_file_that_is_no_facts_file_is_never_shown(tmp_path: Path,
                                                                         target: str) -> None:
    secret = "口令：甲乙丙丁 root:x:0:0"
    for name in ("secret.txt", "secret.yaml"):
        (tmp_path / name).write_text(f"{secret}\n单位: [\n", encoding="utf-8")
    facts = _facts(tmp_path, "f.yaml", f"上年事实文件: {target}\n")
    shown = Path(target).read_text(encoding="utf-8", errors="replace") if target.startswith("/") \
        else secret
    for command in (["draft", str(facts), "-o", str(tmp_path / "o")], ["check", str(facts)]):
        code, output = _run(*command)
        assert code == 1 and f"字段“上年事实文件”：{tmp_path / target} 不是可用的事实文件" in output
        assert not any(line.strip() and line.strip() in output for line in shown.splitlines()[:3])


@pytest.mark.parametrize("value", ["x" * 300 + ".yaml", "长" * 100 + "/" + "长" * 100 + ".yaml",
                                   "f.yaml/sub.yaml"])
def test_a_recorded_previous_path_the_system_refuses_is_a_notice(tmp_path: Path, value: str) -> None:
    facts = _facts(tmp_path, "f.yaml", f"上年事实文件: {value}\n")
    code, output = _run("draft", str(facts), "-o", str(tmp_path / "o"), "--format", "txt")
    assert code == 0 and "本次不写与上年的比较" in output


def test_previous_facts_of_another_unit_are_named(tmp_path: Path) -> None:
    last = _facts(tmp_path, "last.yaml", "法治副校长:\n  人数: 12名\n", year=2023,
                  head=HEAD.replace("某局", "另一个局"))
    facts = _facts(tmp_path, "now.yaml", "法治副校长:\n  人数: 19名\n")
    for command in ("draft", "check"):
        args = [command, str(facts), "--previous", str(last)]
        code, output = _run(*args, *(["-o", str(tmp_path / "o")] if command == "draft" else []))
        assert code == 0
        assert f"{last}: 上年事实文件的单位是“另一个局”，本文件是“某局”" in output
