"""Writing outputs: never over an edit, never into a file Word holds, clear words when it cannot."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.errors import OutputError
from fazhi_writer.writers.output import RECORD, safe_name, write_outputs

from .conftest import EXAMPLES

runner = CliRunner()


def _draft(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["draft", str(EXAMPLES[0]), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("lock", ["~${name}", "~${short}", ".~lock.{name}#"])
def test_a_file_open_in_word_is_not_written(tmp_path: Path, lock: str) -> None:
    assert _draft("-o", str(tmp_path), "--format", "docx")[0] == 0
    target = next(tmp_path.glob("*.docx"))
    before = target.read_bytes()
    (tmp_path / lock.format(name=target.name, short=target.name[2:])).write_bytes(b"owner")
    code, stderr = _draft("-o", str(tmp_path), "--format", "docx", "--force")
    assert code == 1
    assert f"{target}: 请先在 Word 中关闭这个文件（用 WPS 打开的也请关闭）" in stderr
    assert target.read_bytes() == before and not list(tmp_path.glob("*备份*"))


def test_a_lock_left_without_its_file_does_not_stop_the_write(tmp_path: Path) -> None:
    # Word cannot hold a file that is not there: a leftover lock of a deleted report is not
    # looked for (a lookup of four names per file written), and the report is written
    target = tmp_path / "报告.docx"
    (tmp_path / f"~${target.name}").write_bytes(b"owner")
    assert write_outputs({target: b"new"}, force=False) == []
    assert target.read_bytes() == b"new"


def test_a_locked_file_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(src: str, dst: str) -> None:
        raise PermissionError(13, "The process cannot access the file")

    target = tmp_path / "报告.docx"
    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="请先在 Word 中关闭这个文件（用 WPS 打开的也请关闭）"):
        write_outputs({target: b"new"}, force=False)
    assert list(tmp_path.iterdir()) == []  # the temporary file is cleaned up


@pytest.mark.parametrize(
    ("out", "message"),
    [("out", "同名的文件已存在，无法创建文件夹"), ("out/sub", "路径中有一部分是文件而不是文件夹")],
)
def test_an_output_folder_that_cannot_be_written(tmp_path: Path, out: str, message: str) -> None:
    (tmp_path / "out").write_text("a file, not a folder")
    code, stderr = _draft("-o", str(tmp_path / out))
    assert code == 1
    assert f"无法在这个输出目录中写入文件（{message}），请用 -o 换一个输出目录" in stderr
    assert "Traceback" not in stderr


def test_a_folder_where_the_output_goes(tmp_path: Path) -> None:
    assert _draft("-o", str(tmp_path), "--format", "txt")[0] == 0
    target = next(tmp_path.glob("*.txt"))
    target.unlink()
    target.mkdir()
    code, stderr = _draft("-o", str(tmp_path), "--format", "txt")
    assert code == 1 and "同名的文件夹已存在" in stderr


def test_forced_backups_never_overwrite_each_other(tmp_path: Path) -> None:
    target = tmp_path / "报告.txt"
    write_outputs({target: b"v1"}, force=False)
    contents = []
    for edit in (b"edit 1", b"edit 2", b"edit 3"):  # within the same second
        target.write_bytes(edit)
        contents.append(edit)
        write_outputs({target: b"v2"}, force=True)
    assert sorted(p.read_bytes() for p in tmp_path.glob("*备份*")) == contents


@pytest.mark.parametrize(
    ("stem", "name"),
    [("中站区/教育局", "中站区／教育局"), ("..\\..\\x", "..＼..＼x"), ('a:b*c?"<>|', "a：b＊c？＂＜＞｜"),
     ("x" * 300, "x" * 240), ("。" * 100, "。" * 80), ("...", "报告")],
)
def test_file_names_stay_in_their_folder(stem: str, name: str) -> None:
    assert safe_name(stem) == name


def test_a_unit_name_with_a_slash_stays_in_the_output_folder(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("单位: ../教育局\n年度: 2024\n成文日期: 2024-12-01\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["draft", str(facts), "-o", str(out), "--format", "txt"])
    assert result.exit_code == 0, result.stderr
    assert [p.parent for p in map(Path, result.stdout.split())] == [out]


def test_a_very_long_unit_name_still_drafts(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(f"单位: {'很长的单位名称' * 50}\n年度: 2024\n成文日期: 2024-12-01\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(facts), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert all(len(Path(p).name.encode()) <= 255 for p in result.stdout.split())


def test_the_record_is_read_afresh_after_every_update(tmp_path: Path) -> None:
    """The record is parsed once per version (a redrafted folder read it per file), yet each
    rewrite is seen: same-size versions in quick succession replace the file quietly, and an
    edit made between them is still refused."""
    target = tmp_path / "报告.txt"
    for content in (b"1", b"2", b"3", b"4"):
        assert write_outputs({target: content}, force=False) == []
    target.write_bytes(b"5")  # the clerk's edit
    with pytest.raises(OutputError, match="修改"):
        write_outputs({target: b"6"}, force=False)
    other = tmp_path / "另一份.txt"
    write_outputs({other: b"1"}, force=False)
    (tmp_path / ".fazhi-write.json").write_text("{}", encoding="utf-8")  # a record without it
    with pytest.raises(OutputError, match="不是 fazhi-write 生成的"):
        write_outputs({other: b"2"}, force=False)


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    # a new file as open() makes it (not mkstemp's private 0600), so that colleagues and the web
    # server can read a report in a shared folder; a replaced file keeps its own permissions
    umask = os.umask(0o022)
    os.umask(umask)
    new, kept = tmp_path / "new.txt", tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_outputs({new: b"a", kept: b"b"}, force=True)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / RECORD).stat().st_mode) == 0o666 & ~umask
