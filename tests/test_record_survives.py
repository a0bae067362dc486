"""The record of what fazhi-write wrote survives concurrent runs, kills and damage: the next
run never calls a file it wrote "修改过" or "不是 fazhi-write 生成的"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi_writer.writers.output import RECORD

from .conftest import ROOT

FALSE_REFUSALS = ("修改过", "不是 fazhi-write 生成的", "已损坏")
#: Runs the command line with os.replace killing the process right after the nth rename of a
#: report (before the record is updated): a crash between the two renames.
KILLER = """
import os, signal, sys
real = os.replace
count = 0
def replace(src, dst, *a, **k):
    global count
    real(src, dst, *a, **k)
    if not str(dst).endswith(".json"):
        count += 1
        if count == int(os.environ["KILL_AFTER"]):
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.argv = ["fazhi-write", *sys.argv[1:]]
from fazhi_writer.commands.entry import main
main()
"""


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def _facts(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        path = folder / f"facts{i}.yaml"
        path.write_text(f"单位: 第{i}教育局\n年度: 2024\n成文日期: 2024-12-01\n", encoding="utf-8")
        files.append(path)
    return files


def _draft(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "fazhi_writer", "draft", *map(str, args)],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_all_redraft(files: list[Path], out: Path) -> None:
    """Every facts file drafts again into out without --force, and no run calls its files
    edited or foreign."""
    for proc in [_draft(f, "-o", out) for f in files]:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        assert not any(word in stderr for word in FALSE_REFUSALS), stderr


def test_concurrent_drafts_into_one_folder_lose_no_entry(tmp_path: Path) -> None:
    files = _facts(tmp_path / "facts", 10)
    out = tmp_path / "out"
    runs = [_draft(f, "-o", out) for f in files]
    for proc in runs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
        proc.communicate()
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert len(written) == 20
    assert sorted(json.loads((out / RECORD).read_text(encoding="utf-8"))) == written
    _assert_all_redraft(files, out)


@pytest.mark.parametrize(("jobs", "kill_after"), [(None, 1), (None, 2), ("1", 5)],
                         ids=["single-first-rename", "single-second-rename", "batch"])
def test_a_kill_between_the_renames_leaves_the_files_recognised(tmp_path: Path, jobs: str | None,
                                                                kill_after: int) -> None:
    files = _facts(tmp_path / "facts", 6 if jobs else 1)
    out = tmp_path / "out"
    args = [*map(str, files if jobs else files[:1]), "-o", str(out), *(["-j", jobs] if jobs else [])]
    first = subprocess.run([sys.executable, "-c", KILLER, "draft", *args], env=_env(
        KILL_AFTER=str(kill_after)), capture_output=True, text=True, timeout=120)
    assert first.returncode == -9  # killed as planned, before the record was updated
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == kill_after
    _assert_all_redraft(files, out)


def test_a_damaged_record_is_named_and_rebuilt(tmp_path: Path) -> None:
    files = _facts(tmp_path / "facts", 2)
    out = tmp_path / "out"
    _assert_all_redraft(files, out)
    record = out / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text[:len(text) // 2], encoding="utf-8")  # cut short: entries salvaged
    proc = _draft(files[0], "-o", out)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert json.loads(record.read_text(encoding="utf-8"))  # rewritten whole
    record.write_text("\x00garbage{", encoding="utf-8")  # nothing to salvage
    files[1].write_text(files[1].read_text(encoding="utf-8").replace("12-01", "12-02"),
                        encoding="utf-8")  # a new report (the same one is written quietly)
    proc = _draft(files[1], "-o", out)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert f"记录文件 {record} 已损坏（这不是您造成的" in stderr
    assert "修改过" not in stderr and "不是 fazhi-write 生成的" not in stderr
    proc = _draft(files[1], "-o", out, "--force")
    assert proc.wait(timeout=120) == 0
    proc.communicate()
    assert len(json.loads(record.read_text(encoding="utf-8"))) == 2  # rebuilt


def test_a_batch_whose_record_cannot_be_written_says_so(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from fazhi_writer.commands.cli import app

    files = _facts(tmp_path / "facts", 2)
    out = tmp_path / "out"
    (out / RECORD).mkdir(parents=True)  # a folder where the record goes
    result = CliRunner().invoke(app, ["draft", *map(str, files), "-o", str(out), "-j", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert f"无法更新记录文件：{out / RECORD}: 无法写入（同名的文件夹已存在）" in result.stderr
    assert len(list(out.glob("*.docx"))) == 2


@pytest.mark.parametrize("name", [RECORD, ".fazhi-write.journal"])
def test_a_pipe_where_the_record_goes_never_blocks(tmp_path: Path, name: str) -> None:
    files = _facts(tmp_path / "facts", 1)
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / name)
    proc = _draft(files[0], "-o", out)
    _, stderr = proc.communicate(timeout=60)  # no reader on the pipe: must not wait for one
    assert "Traceback" not in stderr
    assert proc.returncode in (0, 1)
    assert proc.returncode == 0 or f"{out / name}: 这不是普通文件" in stderr
