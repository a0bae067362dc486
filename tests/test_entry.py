"""The fast entry point: a plain `draft` parses as click does and runs without typer."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import typer.main

from fazhi_writer.commands import entry
from fazhi_writer.commands.cli import app
from fazhi_writer.commands.drafting import DraftArgs
from fazhi_writer.commands.entry import DEFERRED, FLAGS, VALUED, parse_draft
from fazhi_writer.facts.validate import facts_validator

from .conftest import EXAMPLES, ROOT

PARSED = [
    ["a.yaml"],
    ["a.yaml", "b.yaml", "目录/c.yaml", "有 空格.yaml"],
    [str(EXAMPLES[0].parent)],
    ["a.yaml", "-o", "out"], ["a.yaml", "-oout"], ["a.yaml", "-o=out"],
    ["a.yaml", "--out", "输出"], ["a.yaml", "--out=输出"], ["-o", "out", "a.yaml"],
    ["--format", "txt", "a.yaml"], ["a.yaml", "--format=docx,pdf"], ["a.yaml", "--format", " , "],
    ["a.yaml", "--kind", "shufa"], ["--kind=述法报告", "a.yaml"],
    ["a.yaml", "--template-dir", "tpl"], ["--template-dir=tpl", "a.yaml"],
    ["a.yaml", "--force"], ["--force", "a.yaml", "b.yaml"],
    ["a.yaml", "--previous", "p.yaml"], ["--previous=p.yaml", "a.yaml"],
    ["a.yaml", "--fonts", "Windows"], ["--fonts=方正GBK", "a.yaml"],
    ["a.yaml", "b.yaml", "-j", "2"], ["-j2", "a.yaml", "b.yaml"], ["--jobs", "3", "d"],
    ["--jobs=04", "d"],
    ["a.yaml", "-o", "x", "--out=y", "-j", "1", "--jobs", "5"],  # repeated: the last wins
    ["-o", "o", "a.yaml", "--format", "txt", "--kind", "annual", "--template-dir", "t",
     "--force", "--previous", "p.yaml", "--fonts", "GB2312", "-j", "1", "b.yaml"],
]
#: Usage errors click reports (exit 2): the fast parser leaves every one to typer.
REJECTED = [
    [], ["--force"], ["a.yaml", "--bogus"], ["a.yaml", "-x"], ["a.yaml", "--for"],
    ["a.yaml", "--force=1"], ["a.yaml", "-o"], ["a.yaml", "--out"], ["a.yaml", "-j", "0"],
    ["a.yaml", "-j0"], ["a.yaml", "--jobs=x"], ["a.yaml", "-j", "1.5"], ["a.yaml", "-j", "٤"],
]
#: Forms click accepts that the fast parser leaves to typer all the same.
UNUSUAL = [
    ["--help"], ["a.yaml", "--help"], ["a.yaml", "--", "-b.yaml"], ["-", "a.yaml"], [""],
    ["a.yaml", "--out="], ["a.yaml", "-o", "--force"], ["a.yaml", "-j", "+3"],
    ["a.yaml", "-j", "1_0"], ["a.yaml", "-j", " 4"],
]


def draft_command() -> Any:
    """The click command typer builds for cli.draft (click's own or typer's copy of it)."""
    return typer.main.get_command(app).commands["draft"]  # type: ignore[attr-defined]


def click_params(argv: list[str]) -> dict[str, Any]:
    """What click hands the typer draft command for argv (after `draft`)."""
    return dict(draft_command().make_context("draft", list(argv)).params)


@pytest.mark.parametrize("argv", PARSED, ids=" ".join)
def test_the_fast_parser_reads_draft_as_click_does(argv: list[str]) -> None:
    parsed = parse_draft(["draft", *argv])
    assert parsed is not None
    assert parsed._asdict() == click_params(argv)


@pytest.mark.parametrize("argv", REJECTED, ids=" ".join)
def test_usage_errors_are_left_to_typer(argv: list[str]) -> None:
    with pytest.raises(Exception) as raised:
        click_params(argv)
    assert getattr(raised.value, "exit_code", None) == 2  # click's UsageError
    assert parse_draft(["draft", *argv]) is None


@pytest.mark.parametrize("argv", UNUSUAL, ids=" ".join)
def test_unusual_forms_are_left_to_typer(argv: list[str]) -> None:
    assert parse_draft(["draft", *argv]) is None


@pytest.mark.parametrize("argv", [[], ["check", "a.yaml"], ["--help"], ["templates"],
                                  ["Draft", "a.yaml"], ["next-year", "a.yaml"]], ids=" ".join)
def test_other_commands_are_left_to_typer(argv: list[str]) -> None:
    assert parse_draft(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_draft(["draft", "a.yaml"]) is not None
    monkeypatch.setenv("_FAZHI_WRITE_COMPLETE", "complete_bash")
    assert parse_draft(["draft", "a.yaml"]) is None


def test_on_windows_what_click_would_expand_is_left_to_typer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entry.os, "name", "nt")  # click expands patterns and variables there
    assert [entry._plain(t) for t in ["a.yaml", "*.yaml", "~/a.yaml", "%HOME%", "$X", "[ab]"]] \
        == [True, False, False, False, False, False]


def test_every_option_of_the_typer_command_is_parsed_or_deferred() -> None:
    command = draft_command()
    known = {spelling: field for spelling, (field, _) in VALUED.items()} | FLAGS
    declared: set[str] = set()
    for param in command.params:
        spellings = [*param.opts, *param.secondary_opts]
        assert not param.envvar, param.name  # an environment variable would change the parse
        if param.param_type_name == "argument":
            assert param.name == "facts"
            continue
        declared.update(spellings)
        for spelling in spellings:
            assert known.get(spelling) == param.name, f"{spelling}: teach entry.py this option"
            assert (spelling in FLAGS) == param.is_flag  # type: ignore[attr-defined]
    assert set(known) == declared  # nothing the command no longer has
    help_option = command.get_help_option(command.make_context("draft", ["a.yaml"]))
    assert help_option is not None and set(help_option.opts) <= set(DEFERRED)
    assert {p.name for p in command.params} == set(DraftArgs._fields)


# A process that runs an entry point (module given) with argv, then records at exit which
# modules it imported of the libraries a plain draft must not load: the CLI framework (typer,
# with click), pydantic and python-docx (pydantic_core, which runs the compiled validator, is
# imported as a package like any other), and asyncio and ssl, which typing_extensions before
# 4.16 loaded for pydantic_core's deprecated functions.
RUN = """\
import atexit, sys
record, module = sys.argv[1:3]
def note() -> None:
    heavy = ('typer', 'click', 'pydantic', 'docx', 'docxtpl', 'asyncio', 'ssl')
    names = sorted(m for m in sys.modules if m.split('.')[0] in heavy)
    open(record, 'w', encoding='utf-8').write(' '.join(names))
atexit.register(note)
sys.argv = ['fazhi-write', *sys.argv[3:]]
__import__('importlib').import_module(module).main()
"""


@dataclasses.dataclass(frozen=True)
class Ran:
    """What a process did: exit code, stdout, stderr, the files in out, heavy modules (RUN)."""

    code: int
    stdout: str
    stderr: str
    files: dict[str, Any]
    modules: str


STAMP = re.compile(rb"<dcterms:modified[^>]*>[^<]*<")


def comparable(path: Path) -> Any:
    """A written file as two runs a few seconds apart write it the same: a .docx's parts
    without their modified time, the record of written files without its digests."""
    if path.suffix == ".docx":
        archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        return {name: STAMP.sub(b"", archive.read(name)) for name in archive.namelist()}
    if path.name == ".fazhi-write.json":
        return sorted(json.loads(path.read_text(encoding="utf-8")))
    return path.read_bytes()


def warm_cache() -> None:
    """Put the compiled validator in this run's per-user cache: only the very first draft on a
    machine compiles it (with pydantic). Read afresh: another test may have kept one in memory
    that it compiled into a cache folder of its own."""
    facts_validator.cache_clear()
    facts_validator()


def run(module: str, argv: list[str], cwd: Path) -> Ran:
    """Run fazhi-write through module's main in cwd (outputs go to cwd/out)."""
    warm_cache()
    cwd.mkdir(exist_ok=True)
    record = cwd.parent / f"{cwd.name}.modules"
    source = {"PYTHONPATH": str(ROOT)}  # this checkout, as here (not an installed copy)
    result = subprocess.run([sys.executable, "-c", RUN, str(record), module, *argv], cwd=cwd,
                            env={**os.environ, **source}, capture_output=True, text=True,
                            check=False)
    out = cwd / "out"
    files = {p.name: comparable(p) for p in out.iterdir()} if out.is_dir() else {}
    return Ran(result.returncode, result.stdout, result.stderr, files,
               record.read_text(encoding="utf-8"))


def both(argv: list[str], tmp_path: Path) -> tuple[Ran, Ran]:
    """Run argv through the typer app (cli) and through the fast entry, in twin folders."""
    for name in ("typer", "fast"):
        (tmp_path / name).mkdir()
        for facts in tmp_path.glob("*.yaml"):  # facts files written by the test, if any
            (tmp_path / name / facts.name).write_bytes(facts.read_bytes())
    return (run("fazhi_writer.commands.cli", argv, tmp_path / "typer"),
            run("fazhi_writer.commands.entry", argv, tmp_path / "fast"))


def test_a_good_example_drafts_the_same_without_typer(tmp_path: Path) -> None:
    slow, fast = both(["draft", str(EXAMPLES[0]), "-o", "out"], tmp_path)
    assert slow.code == fast.code == 0, slow.stderr
    assert (slow.stdout, slow.stderr, slow.files) == (fast.stdout, fast.stderr, fast.files)
    assert {Path(name).suffix for name in fast.files} >= {".docx", ".txt"}
    assert "typer" in slow.modules.split()
    assert fast.modules == ""


def test_a_bad_facts_file_fails_the_same_without_typer(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("单位: 某局\n年度: 2024\n法治副校长:\n  人数: 很多\n",
                                       encoding="utf-8")
    slow, fast = both(["draft", "bad.yaml", "--out=out"], tmp_path)
    assert slow.code == fast.code == 1
    assert "bad.yaml:4:7:" in fast.stderr
    assert (slow.stdout, slow.stderr, slow.files) == (fast.stdout, fast.stderr, fast.files)
    assert fast.modules == ""


@pytest.mark.parametrize("options", [["--kind", "nosuch"], ["--fonts", "nosuch"], ["-j", "0"],
                                     ["--previous", "p.yaml", str(EXAMPLES[1])], ["--bogus"]],
                         ids=" ".join)
def test_usage_errors_are_typers_own(tmp_path: Path, options: list[str]) -> None:
    slow, fast = both(["draft", str(EXAMPLES[0]), "-o", "out", *options], tmp_path)
    assert slow.code == fast.code == 2
    assert "用法：" in fast.stderr
    assert (slow.stdout, slow.stderr, slow.files) == (fast.stdout, fast.stderr, fast.files)


def test_several_files_draft_the_same_without_typer(tmp_path: Path) -> None:
    slow, fast = both(["draft", *map(str, EXAMPLES[:2]), "-o", "out", "-j", "1"], tmp_path)
    assert slow.code == fast.code == 0, slow.stderr
    timing = re.compile(r"用时 [\d.]+ 秒，每秒 \d+ 份")  # the totals line's clock
    assert timing.search(fast.stdout)
    assert timing.sub("", slow.stdout) == timing.sub("", fast.stdout)
    assert (slow.stderr, slow.files) == (fast.stderr, fast.files)
    assert len([name for name in fast.files if name.endswith(".docx")]) == 2
    assert fast.modules == ""


def test_python_dash_m_drafts_without_typer(tmp_path: Path) -> None:
    script = RUN.replace("__import__('importlib').import_module(module).main()",
                         "__import__('runpy').run_module(module, run_name='__main__')")
    record = tmp_path / "modules"
    warm_cache()
    result = subprocess.run([sys.executable, "-c", script, str(record), "fazhi_writer", "draft",
                             str(EXAMPLES[0]), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 2
    assert record.read_text(encoding="utf-8") == ""


def test_the_entry_leaves_without_the_interpreters_teardown(tmp_path: Path) -> None:
    # an exit handler still runs (and the output is all there); a module's objects are not
    # freed one by one at teardown, which costs more than a draft in a cold process
    script = (
        "import atexit, os, sys\n"
        "mark = sys.argv[1]\n"
        "class Witness:\n"
        "    def __del__(self, os=os, mark=mark):\n"
        "        os.close(os.open(mark + '.teardown', os.O_CREAT | os.O_WRONLY))\n"
        "witness = Witness()\n"
        "atexit.register(lambda: open(mark + '.handler', 'w').close())\n"
        "sys.argv = ['fazhi-write', 'draft', sys.argv[2], '-o', sys.argv[3]]\n"
        "from fazhi_writer.commands.entry import main\n"
        "main()\n")
    mark = tmp_path / "mark"
    result = subprocess.run([sys.executable, "-c", script, str(mark), str(EXAMPLES[0]),
                             str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 2  # both files named: stdout was flushed
    assert (tmp_path / "mark.handler").exists() and not (tmp_path / "mark.teardown").exists()
    for argv, code in ((["draft", "missing.yaml"], 1), (["draft", "--kind", "nope", "a.yaml"], 2),
                       (["--help"], 0)):
        ran = run("fazhi_writer.commands.entry", argv, tmp_path / f"run{code}")
        assert ran.code == code and (ran.stdout or ran.stderr)


def test_exit_runs_the_handlers_and_flushes_before_skipping_teardown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit

    events: list[Any] = []

    class Ended(Exception):
        pass

    def end(code: int) -> None:
        events.append(("os._exit", code))
        raise Ended

    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: events.append("handlers"),
                        raising=False)
    monkeypatch.setattr(entry.os, "_exit", end)
    monkeypatch.setattr(entry.sys, "gettrace", lambda: None)
    monkeypatch.setattr(entry.sys, "getprofile", lambda: None)
    with pytest.raises(Ended):
        entry._exit(3)
    assert events == ["handlers", ("os._exit", 3)]


def test_without_atexits_private_runner_exit_is_the_usual_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit

    monkeypatch.delattr(atexit, "_run_exitfuncs", raising=False)  # another Python, or a new one
    monkeypatch.setattr(entry.os, "_exit", lambda code: pytest.fail("teardown skipped"))
    with pytest.raises(SystemExit) as e:
        entry._exit(3)
    assert e.value.code == 3
