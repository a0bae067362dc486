"""Draft many facts files in one run: folders expanded, parallel workers, one line per file.

Workers only render (pipeline.draft with a write hook that keeps the files); this process
writes every report, so the record of what fazhi-write wrote (.fazhi-write.json) is updated
once per folder rather than raced by workers. A file that fails is reported and the others
go on. Only a line per file is kept until the end, packed in one buffer, and the files written
are remembered by a number each (memory stays flat: ledger.py); the details of each file go to
on_done as it is done. Nothing here prints: drafting.py shows what these functions say.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FactsValidationError, FazhiError
from .ledger import Lines, Owners, path_hash

if TYPE_CHECKING:
    from concurrent.futures import Future

SUFFIXES = (".yaml", ".yml")
#: Files a worker is given at least, on average: fewer are drafted here, without workers.
PER_WORKER = 4
#: More files than this get a progress bar (on a terminal).
HANDFUL = 5
#: Reports between updates of the record of what was written (.fazhi-write.json).
RECORD_EVERY = 100


@dataclass(frozen=True)
class Options:
    """draft's options, the same for every file of the batch."""

    formats: tuple[str, ...]
    out_dir: Path | None = None
    kind: str | None = None
    template_dir: Path | None = None
    force: bool = False
    fonts: str | None = None
    today: dt.date | None = None


@dataclass
class Outcome:
    """What happened to one facts file: the files written, or why it failed."""

    facts: Path
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    error: str = ""
    """The whole error message; empty when the report was written."""
    reason: str = ""
    """The error in one line, for the summary."""

    @property
    def ok(self) -> bool:
        """True when the report was written."""
        return not self.error


@dataclass
class Summary:
    """What a batch leaves for the end: a line per file, in the order given, and the failures."""

    lines: Lines
    failed: int = 0
    done: int = 0
    """Files drafted (or failed) before the end, or before Ctrl-C."""
    interrupted: bool = False
    """True when Ctrl-C stopped the batch: the files not done yet have no line."""
    record_error: str = ""
    """Why the record of what was written could not be updated (the reports are written)."""


@dataclass
class _Rendered:
    """A worker's answer: the rendered files, or the failure as an Outcome."""

    index: int
    files: dict[Path, bytes]
    outcome: Outcome


def facts_files(paths: list[Path]) -> list[Path]:
    """Expand each folder into its .yaml/.yml files (by name); keep order, drop repeats."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def wants_progress(count: int, terminal: bool) -> bool:
    """A progress bar for more than a handful of files, when someone watches a terminal."""
    return terminal and count > HANDFUL


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cpus or 1


def default_jobs(count: int) -> int:
    """Workers for count files: one per usable CPU, each given PER_WORKER files or more."""
    return max(1, min(usable_cpus(), count // PER_WORKER))


def run(files: list[Path], options: Options, jobs: int | None = None,
        on_done: Callable[[Outcome], None] | None = None) -> Summary:
    """Draft every file (jobs workers, at most one per CPU; None: default_jobs), handing each
    outcome to on_done. Ctrl-C stops the batch at once (workers killed): what was written is
    recorded, and the summary says it was interrupted."""
    jobs = default_jobs(len(files)) if jobs is None else max(1, min(jobs, len(files),
                                                                 usable_cpus()))
    context = _context() if jobs > 1 else None
    if context is not None and context.get_start_method() == "fork":
        warm_up(options)  # forked workers inherit the imports, validator and templates
    summary = Summary(Lines(len(files)))
    owners = Owners(files)
    digests: dict[Path, str] = {}
    try:
        for rendered in _rendered(files, options, jobs, context):
            with _deferred():  # a report written is counted and recorded, even on Ctrl-C
                outcome = _write(rendered, options.force, owners, digests)
                summary.lines[rendered.index] = summary_line(outcome)
                summary.failed += not outcome.ok
                summary.done += 1
            if on_done:
                on_done(outcome)
            if len(digests) >= RECORD_EVERY:
                _record(digests, summary)
                digests.clear()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        with _uninterrupted():
            _record(digests, summary)  # even when interrupted: what was written is ours
    return summary


def _record(digests: dict[Path, str], summary: Summary) -> None:
    """Record what was written; a record that cannot be written is told, not a traceback."""
    from ..errors import OutputError
    from ..writers.output import record_written

    try:
        record_written(digests)
    except OutputError as e:
        summary.record_error = str(e)


@contextmanager
def _deferred() -> Iterator[None]:
    """Hold a Ctrl-C that comes while the block runs until it is done."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ignore Ctrl-C while the block runs (a second one must not break the cleanup)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _rendered(files: list[Path], options: Options, jobs: int,
              context: Any) -> Iterator[_Rendered]:
    """Render every file, here or in worker processes, yielding each as it is done."""
    jobs_list = [(i, path, options) for i, path in enumerate(files)]
    if context is None:
        yield from map(_render, jobs_list)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_worker_start, initargs=(options,))
    try:
        futures = {pool.submit(_render, job): job for job in jobs_list}
        for future in as_completed(futures):
            yield _result(future, futures.pop(future))  # pop: keep no rendered bytes
    except BaseException:  # Ctrl-C (or the caller stopping): stop now, leave no worker behind
        with _uninterrupted():
            _stop(pool, context)
        raise
    pool.shutdown(wait=True)


def _stop(pool: Any, context: Any) -> None:
    """Cancel what is not started and kill the workers (waiting for each to finish its report
    kept a Ctrl-C'd batch running, and a second Ctrl-C left them behind)."""
    pool.shutdown(wait=False, cancel_futures=True)
    workers = context.active_children()
    for worker in workers:
        with suppress(OSError):
            worker.kill()
    for worker in workers:
        worker.join(timeout=5)


def _result(future: Future[_Rendered], job: tuple[int, Path, Options]) -> _Rendered:
    """The future's answer; when a worker died, the files not drafted yet fail, not the batch."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        rendered: _Rendered = future.result()
        return rendered
    except BrokenProcessPool:
        message = "生成这份报告的工作进程意外退出（可能内存不足），请单独重新生成这个文件"
        return _Rendered(job[0], {}, Outcome(job[1], error=message, reason=message))


def _context() -> Any:
    """Fork on Linux when this process has no other thread (workers then start warm); else a
    fresh interpreter per worker: forkserver on Linux, the platform's default elsewhere."""
    import multiprocessing
    import threading

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
    return multiprocessing.get_context()


def _worker_start(options: Options) -> None:
    """Leave Ctrl-C to the main process; compile what every report needs once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(Exception):  # only a head start: the first draft reports any error
        warm_up(options)


def warm_up(options: Options) -> None:
    """Import what a draft uses and load the validator, so forked workers start with them."""
    from lxml import etree  # noqa: F401 - the imports are the point

    from .. import pipeline  # noqa: F401
    from ..facts.validate import facts_validator
    from ..facts.yaml_parser import fast_load
    from ..report.render import make_env
    from ..writers import docx, text  # noqa: F401

    fast_load("单位: 预热\n")
    facts_validator()
    make_env(options.template_dir)


def _render(job: tuple[int, Path, Options]) -> _Rendered:
    """Draft one file without writing it (runs in a worker); never raises for that file."""
    from ..pipeline import draft

    index, path, options = job
    kept: dict[Path, bytes] = {}

    def keep(files: dict[Path, bytes], force: bool) -> list[Path]:
        kept.update(files)
        return []

    try:
        result = draft(path, options.out_dir, options.formats, options.kind,
                       options.template_dir, options.force, options.today,
                       fonts=options.fonts, write=keep)
    except FazhiError as e:
        return _Rendered(index, {}, Outcome(path, error=str(e), reason=_reason(e)))
    except Exception as e:  # noqa: BLE001 - one file's bug must not stop the batch
        message = f"程序内部错误（{type(e).__name__}: {e}），请把这个事实文件发给维护者"
        return _Rendered(index, {}, Outcome(path, error=message, reason=message))
    finally:
        _collect_cycles()
    return _Rendered(index, kept, Outcome(path, written=list(kept), warnings=result.warnings))


def _collect_cycles() -> None:
    """Free the reference cycles one report left (a draft runs without the automatic cycle
    collector, see entry.py): only what was made since the last call is examined, so this costs
    little, and a batch of any length keeps its memory flat."""
    import gc

    gc.collect(1)


def _reason(error: FazhiError) -> str:
    """The error in one line: the first problem of a facts file, else the first line."""
    if isinstance(error, FactsValidationError) and error.problems:
        more = len(error.problems) - 1
        return error.problems[0].format(error.file) + (f"（另有 {more} 处错误）" if more else "")
    return str(error).splitlines()[0]


def _write(rendered: _Rendered, force: bool, owners: Owners,
           digests: dict[Path, str]) -> Outcome:
    """Write a rendered report unless another file of the batch already wrote its names; add
    the digests of what was written to digests (recorded later, for many reports at once)."""
    from ..errors import OutputError
    from ..writers.output import write_unrecorded

    outcome = rendered.outcome
    if not outcome.ok:
        return outcome
    keys = {path: path_hash(path) for path in rendered.files}  # once a file: it looks at links
    clash = next((p for p, key in keys.items() if owners.owner(key) is not None), None)
    if clash is not None:
        message = (f"{clash}: 与 {owners.owner(keys[clash])} 的报告同名，未写出"
                   f"（两个事实文件的单位和年度相同？可用 -o 分开输出目录）")
        return Outcome(outcome.facts, error=message, reason=message)
    try:
        outcome.backups, written = write_unrecorded(rendered.files, force)
    except OutputError as e:
        return Outcome(outcome.facts, error=str(e), reason=_reason(e))
    for key in keys.values():
        owners.add(key, rendered.index)
    digests.update(written)
    return outcome


def summary_line(o: Outcome) -> str:
    """The file's line at the end: what was written, or that it failed and why."""
    if not o.ok:
        return f"{o.facts}: 失败：{o.reason}"
    notes = f"（{len(o.warnings)} 条提示）" if o.warnings else ""
    return f"{o.facts}: 已写出 {'、'.join(map(str, o.written))}{notes}"


def totals_line(summary: Summary, seconds: float) -> str:
    """The last line: how many files were written and failed, and how long it took."""
    count = len(summary.lines)
    if summary.interrupted:
        return (f"已中断：共 {count} 个事实文件，{summary.done - summary.failed} 个已写出，"
                f"{summary.failed} 个失败，{count - summary.done} 个未生成（用时 {seconds:.1f} 秒）；"
                "重新运行同一命令即可继续，已写出的文件不会被当作修改过")
    rate = f"，每秒 {count / seconds:.0f} 份" if seconds > 0 else ""
    return (f"共 {count} 个事实文件：{count - summary.failed} 个已写出，"
            f"{summary.failed} 个失败（用时 {seconds:.1f} 秒{rate}）")


def detail_lines(o: Outcome) -> list[str]:
    """A file's warnings, backups and whole error message, naming the file when they do not."""
    lines = [f"提示：{w}" if w.startswith(str(o.facts)) else f"提示：{o.facts}: {w}"
             for w in o.warnings]
    lines.extend(f"提示：原文件已备份为 {b}" for b in o.backups)
    if o.error and o.error != o.reason:
        lines.append(f"{o.facts}: {o.error}")
    return lines
