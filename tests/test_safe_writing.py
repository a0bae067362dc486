"""Every file the tool writes or replaces: atomically, never through a link or onto a device or
pipe, never over a file it did not write without a backup, backups under unpredictable names."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app

from .conftest import EXAMPLES

runner = CliRunner()
FACTS = EXAMPLES[0]


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _draft_target(folder: Path) -> Path:
    code, stdout, stderr = _run("draft", str(FACTS), "-o", str(folder), "--format", "txt")
    assert code == 0, stderr
    return Path(stdout.split()[0])


# Each writer makes ready the target it will write and returns it with its command (without
# --force).
def _report(folder: Path) -> tuple[Path, list[str]]:
    target = _draft_target(folder)
    target.unlink()
    return target, ["draft", str(FACTS), "-o", str(folder), "--format", "txt"]


def _next_year(folder: Path) -> tuple[Path, list[str]]:
    target = folder / "next.yaml"
    return target, ["next-year", str(FACTS), "-o", str(target)]


def _schema(folder: Path) -> tuple[Path, list[str]]:
    target = folder / "schema.json"
    return target, ["schema", "-o", str(target)]


def _export(folder: Path) -> tuple[Path, list[str]]:
    return folder / "macros.j2", ["templates", "export", "annual", str(folder)]


WRITERS = [_report, _next_year, _schema, _export]
IDS = ["draft", "next-year", "schema", "templates-export"]


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_a_symbolic_link_at_the_target_is_never_written_through(tmp_path: Path, writer) -> None:
    folder, outside = tmp_path / "out", tmp_path / "outside.txt"
    folder.mkdir()
    outside.write_text("别人的文件", encoding="utf-8")
    target, args = writer(folder)
    target.symlink_to(outside)
    code, _, stderr = _run(*args, "--force")
    assert code == 1 and f"{target}: 这是一个符号链接" in stderr
    assert outside.read_text(encoding="utf-8") == "别人的文件"
    assert target.is_symlink()


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
@pytest.mark.parametrize("special", ["fifo", "socket"])
def test_a_device_or_pipe_at_the_target_is_never_replaced(tmp_path: Path, writer, special: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target, args = writer(folder)
    if special == "fifo":
        os.mkfifo(target)
    else:
        monkeypatch.chdir(folder)  # a socket's path is short: bind by its name
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(target.name)
    code, _, stderr = _run(*args, "--force")  # must not block on the pipe either
    assert code == 1 and f"{target}: 这不是普通文件" in stderr
    mode = os.lstat(target).st_mode
    assert stat.S_ISFIFO(mode) if special == "fifo" else stat.S_ISSOCK(mode)


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_a_file_the_tool_did_not_write_is_backed_up_first(tmp_path: Path, writer) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target, args = writer(folder)
    target.write_text("本单位自己的内容", encoding="utf-8")
    code, _, stderr = _run(*args, "--force")
    assert code == 0, stderr
    backups = list(folder.glob("*备份*"))
    assert [b.read_text(encoding="utf-8") for b in backups] == ["本单位自己的内容"]
    assert f"{backups[0]}" in stderr or writer is _export
    assert target.read_text(encoding="utf-8") != "本单位自己的内容"


@pytest.mark.parametrize("writer", WRITERS, ids=IDS)
def test_without_force_a_foreign_file_is_kept(tmp_path: Path, writer) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target, args = writer(folder)
    target.write_text("本单位自己的内容", encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "本单位自己的内容"


def test_backup_names_are_unpredictable_and_never_written_through(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    target = _draft_target(folder)
    target.write_text("改过的报告", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    now = dt.datetime.now()
    planted = []
    for second in range(-2, 120):  # every name the old scheme could pick in the next minutes
        stamp = (now + dt.timedelta(seconds=second)).strftime("%Y%m%d-%H%M%S")
        for suffix in ("", *(f"-{n}" for n in range(2, 4))):
            link = folder / f"{target.stem}.备份-{stamp}{suffix}{target.suffix}"
            link.symlink_to(outside / f"{stamp}{suffix}")
            planted.append(link)
    code, _, stderr = _run("draft", str(FACTS), "-o", str(folder), "--format", "txt", "--force")
    assert code == 0, stderr
    assert not list(outside.iterdir())  # nothing went through a planted link
    backups = [p for p in folder.glob("*备份*") if not p.is_symlink()]
    assert [b.read_text(encoding="utf-8") for b in backups] == ["改过的报告"]
    target.write_text("又改了一次", encoding="utf-8")
    assert _run("draft", str(FACTS), "-o", str(folder), "--format", "txt", "--force")[0] == 0
    names = {p.name for p in folder.glob("*备份*") if not p.is_symlink()}
    assert len(names) == 2 and all(p.is_symlink() for p in planted)


def test_schema_never_replaces_a_facts_file(tmp_path: Path) -> None:
    facts = tmp_path / "事实文件.yaml"
    facts.write_bytes(FACTS.read_bytes())
    for args in (["-o", str(facts)], ["-o", str(facts), "--force"]):
        code, _, stderr = _run("schema", *args)
        assert code == 1 and "JSON Schema 应写入 .json 文件" in stderr
        assert facts.read_bytes() == FACTS.read_bytes()


def test_schema_into_a_new_folder_or_onto_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "schema.json"
    code, stdout, _ = _run("schema", "-o", str(target))
    assert code == 0 and stdout.strip() == str(target)
    assert "properties" in json.loads(target.read_text(encoding="utf-8"))
    assert _run("schema", "-o", str(target))[0] == 0  # its own file: replaced quietly
    code, _, stderr = _run("schema", "-o", str(tmp_path / "new"))
    assert code == 1 and "同名的文件夹已存在" in stderr


def test_export_backs_up_an_edited_template_and_keeps_identical_ones(tmp_path: Path) -> None:
    assert _run("templates", "export", "annual", str(tmp_path))[0] == 0
    assert _run("templates", "export", "annual", str(tmp_path))[0] == 0  # unchanged: quiet
    macros = tmp_path / "macros.j2"
    macros.write_text("{# 本单位改过 #}\n", encoding="utf-8")
    code, _, stderr = _run("templates", "export", "annual", str(tmp_path), "--force")
    assert code == 0, stderr
    backups = list(tmp_path.glob("macros.备份-*.j2"))
    assert [b.read_text(encoding="utf-8") for b in backups] == ["{# 本单位改过 #}\n"]
    assert len(list(tmp_path.rglob("*备份*"))) == 1  # the untouched files need no backup
