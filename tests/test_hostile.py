"""Hostile or careless input: every case ends in a Chinese message naming the file, never a
traceback, never a leak, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app

from .test_fuzz import time_limit

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


@pytest.mark.parametrize("value", ["150名", "101人", "300所", "120", "100.5%"])
def test_a_rate_over_100_is_refused_whatever_its_unit(tmp_path: Path, value: str) -> None:
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


def _special(folder: Path, kind: str) -> Path:
    """A pipe, or a device, where a facts file should be."""
    if kind == "fifo":
        path = folder / "pipe.yaml"
        os.mkfifo(path)
        return path
    return Path("/dev/zero")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_an_input_that_is_no_regular_file_is_refused_before_reading(tmp_path: Path,
                                                                    kind: str) -> None:
    """A pipe would block for ever, a device never end: refused, as facts file, --previous,
    or a member of a batch."""
    special = _special(tmp_path, kind)
    facts = _facts(tmp_path, "f.yaml", "")
    message = f"{special}: 这不是普通文件（是设备、管道等特殊文件）"
    with time_limit(30):
        for args in (["check", str(special)], ["draft", str(special), "-o", str(tmp_path / "o")],
                     ["next-year", str(special), "-o", str(tmp_path / "n.yaml")],
                     ["draft", str(facts), "--previous", str(special), "-o", str(tmp_path / "o")],
                     ["draft", str(facts), str(special), "-o", str(tmp_path / "b"), "-j", "1"]):
            code, output = _run(*args)
            assert code == 1 and message in output, output


def test_a_big5_file_is_an_encoding_problem(tmp_path: Path) -> None:
    facts = tmp_path / "big5.yaml"
    facts.write_bytes("單位: 某某縣教育局\n年度: 2024\n存在問題:\n  - 學習不夠\n".encode("big5"))
    code, output = _run("check", str(facts))
    assert code == 1 and "Big5 编码" in output and "缺少必填字段" not in output


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
                                  "\u200e", "\u200f", "\u061c", "\u2060", "\u00ad", "\U000e0041"])
def test_bidi_and_other_format_characters_are_stripped_with_a_notice(tmp_path: Path,
                                                                     char: str) -> None:
    facts = _facts(tmp_path, "f.yaml", "", head=f"单位: 某{char}局exe.docx\n年度: {{year}}\n"
                                                "成文日期: {year}-12-01\n")
    code, output = _run("draft", str(facts), "-o", str(tmp_path / "o"), "--format", "txt")
    assert code == 0, output
    assert f"{facts}:1:6: 字段“单位”：含有 1 个不可见的控制字符" in output
    written = next((tmp_path / "o").iterdir())
    assert char not in written.name and char not in written.read_text(encoding="utf-8")
    assert written.name.startswith("某局exe.docx")


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x00", "\u2028", "\u202e"])
def test_next_year_reads_what_draft_reads(tmp_path: Path, char: str) -> None:
    facts = _facts(tmp_path, "f.yaml", f"存在问题:\n  - 学习{char}不够\n法治副校长:\n  人数: 3{char}名\n")
    assert _run("check", str(facts))[0] == 0
    rolled = tmp_path / "next.yaml"
    code, output = _run("next-year", str(facts), "-o", str(rolled))
    assert code == 0, output
    assert char not in rolled.read_text(encoding="utf-8")
    assert _run("check", str(rolled))[0] == 0


def test_a_file_that_is_no_facts_file_is_named_not_shown(tmp_path: Path) -> None:
    other = tmp_path / "notes.yaml"
    other.write_text("机密：" + "甲乙丙丁" * 50 + "\n", encoding="utf-8")
    code, output = _run("check", str(other))
    assert code == 1 and "甲乙丙丁" * 10 not in output


def test_one_long_value_used_thousands_of_times_is_refused_at_once(tmp_path: Path) -> None:
    facts = tmp_path / "bomb.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n存在问题:\n  - &a " + "长" * 100_000 + "\n"
                     + "  - *a\n" * 3000, encoding="utf-8")
    with time_limit(30):
        code, output = _run("draft", str(facts), "-o", str(tmp_path / "o"))
    assert code == 1 and f"{facts}:4:5: 展开后的文字过多" in output
    assert not (tmp_path / "o").exists()


def test_a_very_long_unit_is_named_in_linear_time() -> None:
    import time

    from fazhi_writer.writers.output import safe_name

    start = time.perf_counter()
    assert len(safe_name("长" * 340_000).encode("utf-8")) <= 240
    assert time.perf_counter() - start < 2


def test_swapped_cache_entries_are_rebuilt(tmp_path: Path) -> None:
    """An entry of the per-user cache holding another entry's content (files swapped by a sync
    tool or a restore): known as not its own and rebuilt, not an AttributeError."""
    import pickle
    import subprocess
    import sys

    from .conftest import EXAMPLES, ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "FAZHI_WRITE_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "fazhi_writer", "draft", str(EXAMPLES[0]), "-o",
               str(tmp_path / "o"), "--force"]
    assert subprocess.run(command, env=env, capture_output=True, timeout=120).returncode == 0
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert entries
    for other in ({"单位": "另一份缓存"}, ("yaml-other.pickle", {"单位": 1}), ["旧格式"]):
        for entry in entries:  # another entry's content, in this format and the last one
            entry.write_bytes(pickle.dumps(other))
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
