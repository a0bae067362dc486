"""Drafting many facts files in one run: every file reported, failures isolated, workers."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands import batch, ledger
from fazhi_writer.commands.cli import app
from fazhi_writer.writers.output import RECORD

from .conftest import EXAMPLES, TODAY

runner = CliRunner()
REPORT = "{unit}2024年度法治政府建设工作报告"


def _facts(folder: Path, name: str, unit: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"单位: {unit}\n年度: 2024\n成文日期: 2024-12-06\n{extra}", encoding="utf-8")
    return path


def _outputs(out: Path, unit: str) -> str:
    stem = out / REPORT.format(unit=unit)
    return f"{stem}.docx、{stem}.txt"


def test_a_failing_file_does_not_stop_the_others(tmp_path: Path) -> None:
    first = _facts(tmp_path, "a.yaml", "甲局")
    bad = _facts(tmp_path, "b.yaml", "乙局", "法治副校长:\n  人数: 很多\n  配备率: 很高\n")
    last = _facts(tmp_path, "c.yaml", "丙局")
    out = tmp_path / "out"
    result = runner.invoke(app, ["draft", str(first), str(bad), str(last), "-o", str(out),
                                 "-j", "1"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{first}: 已写出 {_outputs(out, '甲局')}（")
    assert lines[1].startswith(f"{bad}: 失败：{bad}:5:7: 字段“法治副校长.人数”：应为数量，")
    assert lines[1].endswith("实际是“很多”（另有 1 处错误）")
    assert lines[2].startswith(f"{last}: 已写出 {_outputs(out, '丙局')}（")
    assert lines[3].startswith("共 3 个事实文件：2 个已写出，1 个失败（用时 ")
    assert sorted(p.name for p in out.glob("*.txt")) == ["丙局2024年度法治政府建设工作报告.txt",
                                                         "甲局2024年度法治政府建设工作报告.txt"]
    # the details go to stderr: every warning named by its file, the whole error message
    assert f"提示：{first}: 必备部分“存在的不足和原因”没有内容" in result.stderr
    assert f"{bad}:6:8: 字段“法治副校长.配备率”" in result.stderr


def test_a_folder_stands_for_its_yaml_files_and_all_written_is_exit_0(tmp_path: Path) -> None:
    folder = tmp_path / "各县"
    a = _facts(folder, "a.yaml", "甲局")
    b = _facts(folder, "b.yml", "乙局")
    _facts(folder / "子目录", "c.yaml", "丙局")  # not drafted: only the folder's own files
    (folder / "说明.txt").write_text("不是事实文件", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(folder), "-o", str(tmp_path / "out"),
                                 "--format", "txt"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [str(a), str(b)]
    assert lines[-1].startswith("共 2 个事实文件：2 个已写出，0 个失败")


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "没有找到 .yaml 事实文件" in result.stderr


_RENDER = batch._render
_SPY: dict[str, Path] = {}


def _spy(job: tuple[int, Path, batch.Options]) -> batch._Rendered:
    """batch._render, noting which process drafted (workers are handed it by name)."""
    (_SPY["pids"] / str(os.getpid())).touch()
    return _RENDER(job)


def test_parallel_workers_write_what_one_process_writes(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setitem(_SPY, "pids", pids)
    monkeypatch.setattr(batch, "_render", _spy)
    for jobs, folder in (("2", "parallel"), ("1", "serial")):
        result = runner.invoke(app, ["draft", *map(str, EXAMPLES), "-o", str(tmp_path / folder),
                                     "-j", jobs])
        assert result.exit_code == 0, result.output
    assert {int(p.name) for p in pids.iterdir()} - {os.getpid()}, "no worker process drafted"
    parallel, serial = tmp_path / "parallel", tmp_path / "serial"
    names = _reports(serial)
    assert len(names) == 2 * len(EXAMPLES) and names == _reports(parallel)
    for name in names:
        assert _content(parallel / name) == _content(serial / name), name
    # the record lists every report: drafting again replaces them quietly, refusing none
    assert sorted(json.loads((parallel / RECORD).read_text(encoding="utf-8"))) == names
    again = runner.invoke(app, ["draft", *map(str, EXAMPLES), "-o", str(parallel), "-j", "2"])
    assert again.exit_code == 0, again.output


def _reports(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".docx", ".txt"))


def _content(path: Path) -> bytes:
    """A report's content: the .txt, or the .docx's document part (core.xml holds a time)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return z.read("word/document.xml")
    return path.read_bytes()


def test_two_files_for_the_same_report_the_second_fails(tmp_path: Path) -> None:
    first = _facts(tmp_path / "一县", "f.yaml", "甲局")
    second = _facts(tmp_path / "二县", "f.yaml", "甲局")
    result = runner.invoke(app, ["draft", str(first), str(second), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{first}: 已写出")
    assert lines[1].startswith(f"{second}: 失败：") and f"与 {first} 的报告同名" in lines[1]


def test_an_edited_report_is_kept_and_only_its_file_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = [_facts(tmp_path, "a.yaml", "甲局"), _facts(tmp_path, "b.yaml", "乙局")]
    args = ["draft", *map(str, files), "-o", str(out), "--format", "txt"]
    assert runner.invoke(app, args).exit_code == 0
    edited = out / "甲局2024年度法治政府建设工作报告.txt"
    edited.write_text("在 Word 中改过", encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "失败：" in result.stdout.splitlines()[0] and "修改" in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[1].startswith(f"{files[1]}: 已写出")
    assert edited.read_text(encoding="utf-8") == "在 Word 中改过"


def test_previous_is_for_one_file_only(tmp_path: Path) -> None:
    files = [_facts(tmp_path, "a.yaml", "甲局"), _facts(tmp_path, "b.yaml", "乙局")]
    result = runner.invoke(app, ["draft", *map(str, files), "--previous", str(files[0])])
    assert result.exit_code == 2
    assert not list(tmp_path.glob("*.txt"))


def test_a_progress_bar_for_more_than_a_handful_of_files_on_a_terminal() -> None:
    assert not batch.wants_progress(batch.HANDFUL, terminal=True)
    assert batch.wants_progress(batch.HANDFUL + 1, terminal=True)
    assert not batch.wants_progress(500, terminal=False)


def test_workers_one_per_cpu_with_a_few_files_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert [batch.default_jobs(n) for n in (1, 5, 8, 205)] == [1, 1, 2, 4]
    monkeypatch.setattr(batch.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert batch.default_jobs(205) == 1


def test_the_record_is_updated_along_the_way(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.writers import output

    updates: list[int] = []
    record_written = output.record_written

    def counted(digests: dict[Path, str]) -> None:
        updates.append(len(digests))
        record_written(digests)

    monkeypatch.setattr(batch, "RECORD_EVERY", 2)
    monkeypatch.setattr(output, "record_written", counted)
    out = tmp_path / "out"
    result = runner.invoke(app, ["draft", *map(str, EXAMPLES), "-o", str(out), "-j", "1",
                                 "--format", "txt"])
    assert result.exit_code == 0, result.output
    assert sorted(json.loads((out / RECORD).read_text(encoding="utf-8"))) == _reports(out)
    assert len(_reports(out)) == len(EXAMPLES)
    assert updates == [2, 2, 1]  # every 2 files written, then the last one


def test_redrafting_a_batch_parses_the_record_once_per_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the journal changes with every report, the record only when it is rewritten: a record
    # parsed again whenever the journal changed made redrafting N reports N² work
    from fazhi_writer.writers import record

    files = _variants(tmp_path / "facts", 4)
    args = ["draft", *map(str, files), "-o", str(tmp_path / "out"), "-j", "1", "--format", "txt"]
    assert runner.invoke(app, args).exit_code == 0
    parsed: list[Path] = []
    read_record = record.read_record
    monkeypatch.setattr(record, "read_record", lambda folder: parsed.append(folder)
                        or read_record(folder))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "4 个已写出，0 个失败" in result.output
    assert len(parsed) == 2  # for the checks, then for the update at the end


def _variants(folder: Path, count: int) -> list[Path]:
    """count facts files copied from the examples in turn, each with its own 单位."""
    folder.mkdir(parents=True)
    files = []
    for i in range(count):
        text = EXAMPLES[i % len(EXAMPLES)].read_text(encoding="utf-8")
        files.append(folder / f"{i:03d}.yaml")
        files[-1].write_text(re.sub(r"^单位: (.+)$", rf"单位: \1（第{i}号）", text, count=1,
                                    flags=re.M), encoding="utf-8")
    return files


def test_a_batch_keeps_almost_nothing_per_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python memory kept (tracemalloc) from report 16 to 80 of one batch is under 150 bytes a
    report, summary lines included (they wait in a temporary file). A list of lines and a dict
    of output paths kept ~1000 (and scattered small objects a long batch could not give back);
    lines packed in one buffer kept ~400 (~140 beside the lines themselves)."""
    files = _variants(tmp_path / "facts", 80)
    names = [str(f) for f in files]  # a Path keeps its text once asked: the input's memory
    monkeypatch.setattr(batch, "RECORD_EVERY", 1)  # no digests waiting to be recorded
    batch.run(files[:5], batch.Options(("docx", "txt"), tmp_path / "warm", today=TODAY), jobs=1)
    kept: list[int] = []

    def measure(outcome: batch.Outcome) -> None:
        if names.index(str(outcome.facts)) + 1 in (16, 80):
            sys._clear_type_cache()  # CPython's attribute cache holds up to 4096 names
            gc.collect()
            kept.append(tracemalloc.get_traced_memory()[0])

    tracemalloc.start()
    try:
        summary = batch.run(files, batch.Options(("docx", "txt"), tmp_path / "out", today=TODAY),
                            jobs=1, on_done=measure)
    finally:
        tracemalloc.stop()
    assert summary.failed == 0 and len(kept) == 2
    # ~80: the owners' arrays (~35) and a step of Python's table of interned names
    assert (kept[1] - kept[0]) / 64 < 150


def test_without_the_automatic_cycle_collector_a_batch_leaves_no_cycles_behind(
        tmp_path: Path) -> None:
    """A draft process runs with the cycle collector off (entry.py); the reference cycles each
    report leaves (~100 objects) are freed report by report, so a long batch stays flat."""
    files = _variants(tmp_path / "facts", 40)
    names = [str(f) for f in files]
    counts: list[int] = []

    def count(outcome: batch.Outcome) -> None:
        if names.index(str(outcome.facts)) + 1 in (16, 40):
            counts.append(len(gc.get_objects()))

    gc.disable()
    try:
        summary = batch.run(files, batch.Options(("docx", "txt"), tmp_path / "out", today=TODAY),
                            jobs=1, on_done=count)
    finally:
        gc.enable()
    assert summary.failed == 0 and len(counts) == 2
    assert (counts[1] - counts[0]) / 24 < 10, counts  # ~19 a report without it


def test_summary_lines_are_kept_in_file_order_whatever_order_they_come_in() -> None:
    lines = batch.Lines(3)
    for index, line in ((2, "丙: 已写出"), (0, "甲: 失败：“很多”"), (1, "")):
        lines[index] = line
    assert list(lines) == ["甲: 失败：“很多”", "", "丙: 已写出"]
    assert lines[-1] == "丙: 已写出" and lines[1:] == ["", "丙: 已写出"] and len(lines) == 3
    with pytest.raises(IndexError):
        lines[3]


def test_a_summary_line_added_after_one_was_read_goes_at_the_end() -> None:
    lines = batch.Lines(3)
    lines[1], lines[0] = "乙", "甲甲"
    assert lines[1] == "乙"  # read from the start of the file
    lines[2] = "丙"
    assert list(lines) == ["甲甲", "乙", "丙"]


def test_an_output_is_known_by_its_resolved_path_with_its_folder_resolved_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, linked = tmp_path / "real", tmp_path / "linked"
    (real / "sub" / "inner").mkdir(parents=True)
    linked.symlink_to(real, target_is_directory=True)
    (real / "target.docx").write_bytes(b"")
    (real / "alias.docx").symlink_to(real / "target.docx")
    monkeypatch.chdir(real)
    resolved: list[str] = []
    realpath = os.path.realpath
    monkeypatch.setattr(batch.os.path, "realpath",
                        lambda p: resolved.append(str(p)) or realpath(p))
    ledger.real_folder.cache_clear()
    owners = ledger.Owners([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    owners.add(ledger.path_hash(real / "sub" / "报告.docx"), 0)
    (real / "up").symlink_to(real / "sub" / "inner", target_is_directory=True)
    for same in (linked / "sub" / "报告.docx", Path("sub/报告.docx"),
                 real / "up" / ".." / "报告.docx"):  # up/.. is sub, not real
        assert owners.owner(ledger.path_hash(same)) == tmp_path / "a.yaml", same
    assert owners.owner(ledger.path_hash(real / "报告.docx")) is None
    owners.add(ledger.path_hash(real / "target.docx"), 1)
    assert owners.owner(ledger.path_hash(linked / "alias.docx")) == tmp_path / "b.yaml"  # a link: resolved
    folders = [p for p in resolved if not p.endswith(".docx")]
    assert len(folders) == len(set(folders)) == 4  # each folder once (sub/ is real/sub)
