"""The draft command without typer: what cli.draft and the fast entry (entry.py) both run.

It prints, like cli.py (the only other module that does): the files written on stdout,
warnings and errors on stderr, through echo, which writes as typer.echo does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ..errors import FazhiError, OptionError


class DraftArgs(NamedTuple):
    """draft's arguments, named and typed as the typer command receives them (a named tuple:
    a dataclass costs ~0.5 ms of every start)."""

    facts: list[Path]
    out: Path | None = None
    fmt: str = "docx,txt"
    kind: str | None = None
    template_dir: Path | None = None
    force: bool = False
    previous: Path | None = None
    fonts: str | None = None
    jobs: int | None = None


def echo(text: str, err: bool = False) -> None:
    """Print a line on stdout (stderr when err) and flush, as typer.echo does."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # no console at all (pythonw)
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _ascii(getattr(stream, "encoding", None)):
        stream.flush()  # click writes UTF-8 where a stream claims ASCII (a misconfigured locale)
        buffer.write((text + "\n").encode("utf-8", "replace"))
        buffer.flush()
        return
    stream.write(text + "\n")
    stream.flush()


def _ascii(encoding: str | None) -> bool:
    """True for an ASCII encoding, or none (as click counts them)."""
    import codecs

    try:
        return codecs.lookup(encoding or "ascii").name == "ascii"
    except LookupError:
        return False


def fail(error: FazhiError) -> int:
    """Print a user error on stderr; return its exit code."""
    echo(str(error), err=True)
    return 1


def warn(warnings: list[str]) -> None:
    """Print each warning on stderr as a 提示."""
    for w in warnings:
        echo(f"提示：{w}", err=True)


def check_options(kind: str | None, fonts: str | None, template_dir: Path | None) -> None:
    """Raise OptionError for an unknown --kind or --fonts; FazhiError for broken templates."""
    if kind is not None:
        from ..report.kinds import find_kind, kind_choices  # not needed by a plain draft

        if find_kind(kind, template_dir) is None:
            raise OptionError(f"未知的报告类型“{kind}”（可选：{kind_choices(template_dir)}）",
                              "--kind")
    if fonts is None:
        return
    from ..report.render import make_env
    from ..writers.fonts import profile_names

    names = profile_names(make_env(template_dir))
    if fonts not in names:
        raise OptionError(f"没有名为“{fonts}”的字体方案（可选：{'、'.join(names)}）", "--fonts")


def draft(args: DraftArgs) -> int:
    """Draft one facts file or many, printing what was written; return the exit code.

    Raises OptionError (a usage error) before anything is printed or written.
    """
    try:
        check_options(args.kind, args.fonts, args.template_dir)
    except OptionError:
        raise
    except FazhiError as e:
        return fail(e)
    formats = tuple(f.strip() for f in args.fmt.split(",") if f.strip())
    if len(args.facts) > 1 or args.facts[0].is_dir():
        if args.previous is not None:
            raise OptionError("只能用于单个事实文件（多个文件各用记录的“上年事实文件”）",
                              "--previous")
        return _draft_many(args, formats)
    return _draft_one(args, formats)


def _draft_one(args: DraftArgs, formats: tuple[str, ...]) -> int:
    """Draft one facts file: warnings and backups on stderr, then the files written."""
    from ..pipeline import draft as run_draft

    try:
        result = run_draft(args.facts[0], args.out, formats, args.kind, args.template_dir,
                           args.force, previous=args.previous, fonts=args.fonts)
    except FazhiError as e:
        return fail(e)
    warn(result.warnings)
    for backup in result.backups:
        echo(f"提示：原文件已备份为 {backup}", err=True)
    for path in result.written:
        echo(str(path))
    return 0


def _draft_many(args: DraftArgs, formats: tuple[str, ...]) -> int:
    """Draft many facts files: a progress bar on a terminal, then one line per file."""
    import time

    from ..pipeline import check_formats
    from . import batch

    files = batch.facts_files(args.facts)
    try:
        check_formats(formats)
        if not files:
            raise FazhiError(f"{'、'.join(map(str, args.facts))}: 没有找到 .yaml 事实文件")
    except FazhiError as e:
        return fail(e)
    options = batch.Options(formats, args.out, args.kind, args.template_dir, args.force,
                            args.fonts)
    start = time.perf_counter()
    with _progress(batch.wants_progress(len(files), sys.stderr.isatty()), len(files)) as tell:
        summary = batch.run(files, options, args.jobs,
                            on_done=lambda o: tell(batch.detail_lines(o)))
    for line in [*filter(None, summary.lines), batch.totals_line(summary, time.perf_counter() - start)]:
        echo(line)
    if summary.record_error:
        echo(f"提示：报告已写出，但无法更新记录文件：{summary.record_error}"
             "（下次生成时这些文件可能被当作不是本工具写出的，需要 --force）", err=True)
    if summary.interrupted:
        return 130  # as for any Ctrl-C
    return 1 if summary.failed else 0


def _echo_err(lines: list[str]) -> None:
    """Print a file's lines on stderr at once (a write a file, not a write a line)."""
    if lines:
        echo("\n".join(lines), err=True)


@contextmanager
def _progress(show: bool, total: int) -> Iterator[Callable[[list[str]], None]]:
    """Print a file's details on stderr as it is done, above a rich progress bar when show
    (refreshed per file: no refresh thread, which forked workers must not inherit)."""
    if not show:
        yield _echo_err
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("生成报告"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), auto_refresh=False,
                  transient=True) as bar:
        task = bar.add_task("", total=total)

        def tell(lines: list[str]) -> None:
            for line in lines:
                bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
            bar.update(task, advance=1, refresh=True)

        yield tell
