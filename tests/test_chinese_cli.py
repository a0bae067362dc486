"""Every help screen and every usage error is Chinese: no word of typer's or click's own English
reaches the clerk (the only Latin words allowed are those our own help texts and names use)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
WORD = re.compile(r"[A-Za-z]{2,}")


def _commands(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the app, with the words that invoke it."""
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def _ours() -> set[str]:
    """Latin words the app's own declarations use: names, options, help texts, metavars."""
    texts = ["fazhi-write --help"]
    for path, command in _commands():
        texts += [*path, command.help or ""]
        for param in command.params:
            texts += [*param.opts, *param.secondary_opts, param.help or "", param.metavar or "",
                      str(param.default or "")]
    return {w.lower() for t in texts for w in WORD.findall(t)}


OURS = _ours()


def _english(text: str, args: list[str] = ()) -> set[str]:
    """Latin words in text that no declaration of ours uses (typer's or click's own), other
    than the arguments given (echoed back) and shell variables ($FILE)."""
    text = re.sub(r"\S*[/\\]\S*|\$\w+", " ", text)  # paths, variables
    given = {w.lower() for a in args for w in WORD.findall(a)}
    return {w for w in WORD.findall(text) if w.lower() not in OURS | given}


def _invoke(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args, prog_name="fazhi-write")
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: " ".join(p) or "app")
@pytest.mark.parametrize("help_option", ["--help", "-h"])
def test_every_help_screen_is_chinese(path: tuple[str, ...], help_option: str) -> None:
    code, output = _invoke([*path, help_option])
    assert code == 0
    assert output.startswith("用法：") and "显示本帮助并退出" in output
    assert not _english(output), output


def _usage_errors() -> Iterator[tuple[str, list[str]]]:
    """A usage error of each kind for each command: unknown option, missing or extra argument,
    an option without its value, a value of the wrong type, an empty path."""
    for path, command in _commands():
        args = [p for p in command.params if getattr(p, "param_type_name", "") == "argument"]
        filled = ["x"] * len(args)
        yield " ".join([*path, "unknown-option"]), [*path, *filled, "--no-such-option"]
        if getattr(command, "commands", None):
            yield " ".join([*path, "unknown-command"]), [*path, "no-such-command"]
            continue
        if any(a.required for a in args):
            yield " ".join([*path, "missing-argument"]), list(path)
            yield " ".join([*path, "empty-argument"]), [*path, *[""] * len(args)]
        if args and args[-1].nargs == 1:
            yield " ".join([*path, "extra-argument"]), [*path, *filled, "extra", "more"]
        for param in command.params:
            if getattr(param, "is_flag", True) or param.param_type_name == "argument":
                continue
            yield " ".join([*path, param.opts[0], "without-value"]), [*path, *filled, param.opts[0]]
            annotation = getattr(param.type_descriptor, "annotation", None)
            if annotation is int:
                yield " ".join([*path, param.opts[0], "not-a-number"]), [*path, *filled,
                                                                          param.opts[0], "abc"]
        for param in command.params:
            if getattr(param, "is_flag", False):
                yield " ".join([*path, param.opts[0], "with-value"]), [*path, *filled,
                                                                       f"{param.opts[0]}=3"]


USAGE_ERRORS = list(_usage_errors())


@pytest.mark.parametrize("args", [a for _, a in USAGE_ERRORS], ids=[i for i, _ in USAGE_ERRORS])
def test_every_usage_error_is_chinese(args: list[str]) -> None:
    code, output = _invoke(args)
    assert code == 2, output
    assert "错误：" in output
    assert not _english(output, args), output


def test_the_categories_of_usage_errors_are_all_covered() -> None:
    kinds = {i.rsplit(" ", 1)[-1] for i, _ in USAGE_ERRORS}
    assert {"unknown-option", "unknown-command", "missing-argument", "empty-argument",
            "extra-argument", "without-value", "not-a-number", "with-value"} <= kinds


def test_an_empty_facts_path_is_a_usage_error_not_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_bytes(EXAMPLES[0].read_bytes())
    for command in (["draft"], ["check"], ["next-year"]):
        done = subprocess.run([sys.executable, "-m", "fazhi_writer", *command, ""], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        assert done.returncode == 2, done.stderr
        assert "不能是空的" in done.stderr
        assert not _english(done.stderr, ["python -m fazhi_writer"]), done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.yaml"]  # nothing drafted


def test_version() -> None:
    from fazhi_writer import __version__

    code, output = _invoke(["--version"])
    assert code == 0 and output.strip() == f"fazhi-write {__version__}"


def _under_a_file(folder: Path) -> Path:
    (folder / "file").write_text("x")
    return folder / "file" / "facts.yaml"


@pytest.mark.parametrize(("make", "reason"), [
    (lambda d: d / ("长" * 200 + ".yaml"), "文件名或路径过长"),
    (_under_a_file, "路径中有一部分是文件"),
], ids=["name-too-long", "not-a-directory"])
def test_os_errors_writing_are_explained_in_chinese_with_the_path(tmp_path: Path, make, reason: str) -> None:
    facts = make(tmp_path)
    for args in (["draft", str(EXAMPLES[0]), "-o", str(facts)],
                 ["next-year", str(EXAMPLES[0]), "-o", str(facts / "next.yaml")],
                 ["schema", "-o", str(facts / "schema.json")]):
        code, output = _invoke(args)
        assert code == 1, output
        assert str(facts) in output and reason in output, output
        assert not _english(output.replace(str(facts), "")), output


@pytest.mark.parametrize(("make", "reason"), [
    (lambda d: d / ("长" * 200 + ".yaml"), "文件名或路径过长"),
    (_under_a_file, "路径中有一部分是文件"),
    (lambda d: (d / "loop").symlink_to(d / "loop") or d / "loop", "符号链接过多"),
], ids=["name-too-long", "not-a-directory", "symlink-loop"])
def test_os_errors_reading_are_explained_in_chinese_with_the_path(tmp_path: Path, make,
                                                                  reason: str) -> None:
    facts = make(tmp_path)
    for args in (["draft", str(facts)], ["check", str(facts)], ["next-year", str(facts)],
                 ["draft", str(EXAMPLES[0]), "--previous", str(facts), "-o", str(tmp_path)]):
        code, output = _invoke(args)
        assert code == 1, output
        assert str(facts) in output and reason in output, output
        assert not _english(output.replace(str(facts), "")), output
