"""Ctrl-C to a running parallel batch (a real SIGINT to its process group, as a terminal sends
it): the batch ends promptly with exit 130 and a summary of what was written, leaves no
worker behind, and the record holds every report written, so the next run refuses none."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi_writer.writers.output import RECORD

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT")


def _batch(folder: Path, count: int) -> Path:
    facts = folder / "facts"
    facts.mkdir()
    text = EXAMPLES[1].read_text(encoding="utf-8")
    unit = next(line for line in text.splitlines() if line.startswith("单位:"))
    for i in range(count):
        (facts / f"f{i:04d}.yaml").write_text(text.replace(unit, f"单位: 第{i}教育局"),
                                             encoding="utf-8")
    return facts


def _lower_priority() -> None:
    os.nice(10)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("interrupts", [1, 2], ids=["one-ctrl-c", "two-ctrl-c"])
def test_ctrl_c_ends_a_parallel_batch_promptly(tmp_path: Path, interrupts: int) -> None:
    facts, out = _batch(tmp_path, 400), tmp_path / "out"
    command = [sys.executable, "-m", "fazhi_writer", "draft", str(facts), "-o", str(out),
               "-j", "2", "--format", "txt"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # At a lower priority than this test: on a busy machine the batch must not run to its end
    # (400 reports take ~2 s) while the test waits for the CPU to send the interrupt.
    batch = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True, preexec_fn=_lower_priority)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*.txt"))) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    for _ in range(interrupts):
        os.killpg(batch.pid, signal.SIGINT)
        time.sleep(0.05)
    start = time.monotonic()
    stdout, stderr = batch.communicate(timeout=30)
    assert time.monotonic() - start < 10
    assert batch.returncode == 130, stderr
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert not _group_alive(batch.pid)  # no worker left behind
    written = sorted(p.name for p in out.glob("*.txt"))
    assert 6 <= len(written) < 400
    summary = stdout.strip().splitlines()[-1]
    assert summary.startswith(f"已中断：共 400 个事实文件，{len(written)} 个已写出")
    record = json.loads((out / RECORD).read_text(encoding="utf-8"))
    assert {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in written} \
        == {name: record[name] for name in written}
    again = subprocess.run([*command[:-2], "--format", "txt"], env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "修改过" not in again.stderr and "不是 fazhi-write 生成的" not in again.stderr


def test_workers_are_capped_at_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.commands import batch

    seen: list[int] = []

    def rendered(files: list[Path], options: object, jobs: int, context: object) -> list[object]:
        seen.append(jobs)
        return []

    monkeypatch.setattr(batch, "_rendered", rendered)
    monkeypatch.setattr(batch, "usable_cpus", lambda: 2)
    batch.run([Path(f"f{i}.yaml") for i in range(50)], batch.Options(("txt",)), jobs=1000)
    assert seen == [2]
