"""The fazhi-write entry point: a plain `draft` runs without importing typer, which costs
≈40 ms of a cold start (and typer 0.29 imports pydantic: ≈100 ms once nothing else does).

parse_draft reads `draft …` as click reads it for the typer command in cli.py, in the forms
listed below; help, other commands, usage errors and anything unusual go to the typer app.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any, NoReturn

from ..errors import OptionError
from .drafting import DraftArgs, draft

#: draft's options that take a value, as cli.draft declares them: spelling → (field, type).
VALUED: dict[str, tuple[str, type]] = {
    "-o": ("out", Path), "--out": ("out", Path), "--format": ("fmt", str), "--kind": ("kind", str),
    "--template-dir": ("template_dir", Path), "--previous": ("previous", Path),
    "--fonts": ("fonts", str), "-j": ("jobs", int), "--jobs": ("jobs", int),
}
#: draft's flags: spelling → field.
FLAGS = {"--force": "force"}
#: draft's options left to typer whenever they appear.
DEFERRED = ("--help",)


def main() -> None:
    """Run the command line: a plain draft here, everything else through the typer app; then
    leave at once (see _exit)."""
    args = parse_draft(sys.argv[1:])
    if args is not None:
        _no_cycle_collection()
    code = None if args is None else _draft(args)
    _exit(_typer() if code is None else code)


def _no_cycle_collection() -> None:
    """Switch off the cycle collector for the rest of this process. A draft creates hardly any
    reference cycles (~100 objects a report), but importing the libraries allocates enough for
    Python's default threshold to run the collector ~90 times over the new objects: ~3 % of a
    cold draft, more of a batch. Reference counting still frees everything else at once, and a
    batch frees each report's cycles itself (batch._collect_cycles)."""
    import gc

    gc.disable()


def _typer() -> int:
    """Run the typer app; return its exit code (a message given instead is printed: code 1)."""
    from .cli import main as typer_main

    try:
        typer_main()
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            return e.code or 0
        print(e.code, file=sys.stderr)
        return 1
    return 0


def _exit(code: int) -> NoReturn:
    """Exit with code: run the exit handlers and flush the output, then skip the interpreter's
    teardown, which frees every module of jinja2, pydantic_core, lxml … one by one (≈50 ms,
    a quarter of a cold draft). Every file the command wrote is closed by then."""
    import atexit

    # The package's one private name of another (CPython's): guarded, both ways tested.
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None or sys.getprofile() or sys.gettrace():
        sys.exit(code)  # not CPython, or a profiler or debugger wants the usual end
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError, AttributeError):  # closed, or no console at all
            stream.flush()
    os._exit(code)


def _draft(args: DraftArgs) -> int | None:
    """Draft as the typer command does; None for a usage error, which typer words."""
    try:
        return draft(args)
    except OptionError:
        return None  # raised before anything is printed or written
    except KeyboardInterrupt:
        return 130  # typer's exit code for Ctrl-C
    except BrokenPipeError:  # stdout closed early (| head): quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as e:  # a path the system refuses, not explained where it was used
        from ..errors import describe_os_error
        from .drafting import echo

        echo(describe_os_error(e), err=True)
        return 1


def parse_draft(argv: list[str]) -> DraftArgs | None:
    """Parse `draft …` as click would; None when typer should (help, errors, anything unusual)."""
    if not argv or argv[0] != "draft" or not all(map(_plain, argv)) or _completing():
        return None
    values: dict[str, Any] = {}
    facts: list[Path] = []
    rest = argv[1:]
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            facts.append(Path(token))
            continue
        option = _option(token, rest)
        if option is None:
            return None
        values[option[0]] = option[1]  # the last of a repeated option wins, as in click
    jobs = values.get("jobs")
    if not facts or (jobs is not None and jobs < 1):
        return None
    return DraftArgs(facts, **values)


def _option(token: str, rest: list[str]) -> tuple[str, Any] | None:
    """The field and value of one option (taking its value from rest); None if unsure."""
    if token in FLAGS:
        return FLAGS[token], True
    name, value = token, None
    if token.startswith("--") and "=" in token:  # --out=DIR
        name, value = token.split("=", 1)
    elif not token.startswith("--") and len(token) > 2:  # -oDIR, -j4
        name, value = token[:2], token[2:]
    if name not in VALUED:
        return None
    if value is None:
        if not rest:
            return None
        value = rest.pop(0)
    field, kind = VALUED[name]
    if not value or value.startswith("-") or (kind is int and not _digits(value)):
        return None
    return field, kind(value)


def _digits(text: str) -> bool:
    """True for plain ASCII digits (typer also takes +4, 1_0: those go to typer)."""
    return text.isascii() and text.isdigit()


def _plain(token: str) -> bool:
    """False for an empty argument; on Windows, for patterns, ~ and variables (click expands
    them there)."""
    return bool(token) and (os.name != "nt" or not any(c in token for c in "*?[~$%"))


def _completing() -> bool:
    """True when a shell asks for completions (an environment variable _…_COMPLETE)."""
    return any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
