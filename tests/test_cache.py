"""The per-user cache: used when it matches, rebuilt when stale or broken, never in the way."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fazhi_writer import cache as cache_module
from fazhi_writer.cache import ENV, cache_dir, package_key, pickled, read
from fazhi_writer.facts import compiled
from fazhi_writer.facts.placeholders import mark_placeholders
from fazhi_writer.facts.read import load_facts
from fazhi_writer.facts.validate import facts_validator
from fazhi_writer.pipeline import draft
from fazhi_writer.report import build, render

from .conftest import EXAMPLES, TODAY


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache folder, and this process's in-memory copies forgotten (a new start)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(folder))
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    for cached in (facts_validator, render.make_env, render._from_string,
                   build._parse_yaml_template):
        cached.cache_clear()
    build._YAML_TEMPLATES.clear()


def test_an_entry_is_built_once_per_key_and_a_broken_one_rebuilt(cache: Path) -> None:
    built: list[int] = []

    def build_value() -> dict[str, int]:
        built.append(1)
        return {"n": len(built)}

    assert pickled("x", "k1", build_value) == {"n": 1}
    assert pickled("x", "k1", build_value) == {"n": 1} and len(built) == 1
    assert pickled("x", "k2", build_value) == {"n": 2}  # a new key replaces the old entry
    assert [p.name for p in cache.glob("x-*")] == ["x-k2.pickle"]
    (cache / "x-k2.pickle").write_bytes(b"not a pickle")
    assert pickled("x", "k2", build_value) == {"n": 3}


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_an_entry_others_may_write_is_not_trusted(cache: Path) -> None:
    pickled("x", "k", lambda: "mine")
    entry = cache / "x-k.pickle"
    entry.chmod(0o666)
    assert read(entry.name) is None
    assert pickled("x", "k", lambda: "rebuilt") == "rebuilt"


def test_switched_off_or_unwritable_the_cache_is_skipped(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "")
    assert cache_dir() is None and pickled("x", "k", lambda: 1) == 1
    _forget()
    assert render.make_env(None).bytecode_cache is None
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(ENV, str(blocker / "cache"))  # cannot be created
    _forget()
    try:
        written = draft(EXAMPLES[0], out_dir=tmp_path / "out", today=TODAY).written
    finally:
        _forget()
    assert [p.suffix for p in written] == [".docx", ".txt"]


def test_the_cached_validator_is_used_without_compiling_the_models(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = facts_validator()
    assert list(cache.glob("facts-validator-*.pickle"))
    _forget()

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the models were compiled although the cache holds the validator")

    monkeypatch.setattr(compiled, "compile_validator", no_build)
    loaded = facts_validator()
    raw = load_facts(EXAMPLES[1])
    mark_placeholders(raw)
    assert loaded is not built and loaded.validate_python(raw) == built.validate_python(raw)


def test_edited_templates_are_read_afresh(cache: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    for name in ("annual/report.md.j2", "annual/kind.yaml", "sentences.j2"):
        (mine / name).parent.mkdir(parents=True, exist_ok=True)
        (mine / name).write_text((render.builtin_templates() / name).read_text("utf-8"),
                                 encoding="utf-8")
    first = draft(EXAMPLES[0], out_dir=tmp_path / "1", formats=("txt",), template_dir=mine,
                  today=TODAY).written[0]
    assert "现将有关情况报告如下：" in first.read_text(encoding="utf-8")
    assert list(cache.glob("jinja/*.cache")) and not list(cache.glob("yaml-*"))
    _replace(mine / "sentences.j2", "现将有关情况报告如下：", "现将情况报告如下：")
    _replace(mine / "annual/kind.yaml", "年度法治政府建设工作报告", "年度法治工作报告")
    _forget()  # as a new start would: only the files in the cache are left
    second = draft(EXAMPLES[0], out_dir=tmp_path / "2", formats=("txt",), template_dir=mine,
                   today=TODAY).written[0]
    assert second.name == "中站区教育局2024年度法治工作报告.txt"
    text = second.read_text(encoding="utf-8")
    assert "现将情况报告如下：" in text and "现将有关情况报告如下：" not in text


def test_string_templates_are_compiled_once_and_afresh_when_edited(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = render.render_string(render.make_env(None), "{{ n }}年度", {"n": 2024}, "kind.yaml")
    assert first == "2024年度"
    _forget()  # a new start: the compiled code is in the cache
    env = render.make_env(None)
    compiled: list[str] = []
    compile_source = env.compile
    monkeypatch.setattr(env, "compile", lambda source, *a, **k: (
        compiled.append(source), compile_source(source, *a, **k))[1])
    assert render.render_string(env, "{{ n }}年度", {"n": 2025}, "kind.yaml") == "2025年度"
    assert compiled == []
    assert render.render_string(env, "{{ n }}年", {"n": 2025}, "kind.yaml") == "2025年"
    assert compiled == ["{{ n }}年"]


def test_a_broken_compiled_template_is_compiled_afresh(cache: Path, tmp_path: Path) -> None:
    expected = _txt(draft(EXAMPLES[0], out_dir=tmp_path / "1", formats=("txt",), today=TODAY))
    entries = list(cache.glob("jinja/*.cache"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:40])  # truncated
    _forget()
    again = draft(EXAMPLES[0], out_dir=tmp_path / "2", formats=("txt",), today=TODAY)
    assert _txt(again) == expected


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_a_compiled_template_others_may_write_is_not_read(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2.bccache import Bucket

    expected = _txt(draft(EXAMPLES[0], out_dir=tmp_path / "1", formats=("txt",), today=TODAY))
    for entry in cache.glob("jinja/*.cache"):
        entry.chmod(0o666)
    _forget()
    read: list[object] = []
    load = Bucket.load_bytecode
    monkeypatch.setattr(Bucket, "load_bytecode", lambda self, f: read.append(f) or load(self, f))
    again = draft(EXAMPLES[0], out_dir=tmp_path / "2", formats=("txt",), today=TODAY)
    assert _txt(again) == expected and read == []


def _txt(drafted: Any) -> str:
    return str(drafted.written[0].read_text(encoding="utf-8"))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_validator_key_follows_every_source_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "fazhi_writer"
    (package / "writers").mkdir(parents=True)
    for name in ("cache.py", "schema.py", "writers/docx.py"):
        (package / name).write_text("# v1\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "__file__", str(package / "cache.py"))
    first = package_key()
    assert package_key() == first  # nothing changed: the same entry
    schema_file = package / "schema.py"
    schema_file.write_text("# v2\n", encoding="utf-8")  # same size, new time
    os.utime(schema_file, ns=(1, 2))
    second = package_key()
    (package / "writers" / "new.py").write_text("", encoding="utf-8")
    assert len({first, second, package_key()}) == 3


def test_a_yaml_template_is_read_once_until_its_file_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    # in an environment that auto-reloads (not make_env's, see the next test)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "extra.yaml").write_text("甲: 1\n", encoding="utf-8")
    env = render.make_env(folder).overlay(auto_reload=True)
    reads: list[str] = []
    get_source = env.loader.get_source
    monkeypatch.setattr(env.loader, "get_source",
                        lambda e, name: reads.append(name) or get_source(e, name))
    assert build.load_yaml_template(env, "extra.yaml") == {"甲": 1}
    assert build.load_yaml_template(env, "extra.yaml") == {"甲": 1}
    assert reads == ["extra.yaml"]  # the second time from memory
    _edit(folder / "extra.yaml", "甲: 2\n")
    assert build.load_yaml_template(env, "extra.yaml") == {"甲": 2}  # the edit is seen
    assert reads == ["extra.yaml", "extra.yaml"]


def test_a_process_reads_a_yaml_template_as_it_was_when_it_began(
        tmp_path: Path, cache: Path) -> None:
    # as its Jinja templates (make_env: auto_reload off): a batch does not change settings
    # half-way, and no report looks at kind.yaml or themes.yaml again
    (tmp_path / "extra.yaml").write_text("甲: 1\n", encoding="utf-8")
    assert build.load_yaml_template(render.make_env(tmp_path), "extra.yaml") == {"甲": 1}
    _edit(tmp_path / "extra.yaml", "甲: 2\n")
    assert build.load_yaml_template(render.make_env(tmp_path), "extra.yaml") == {"甲": 1}
    render.make_env.cache_clear()  # as a new process starts
    assert build.load_yaml_template(render.make_env(tmp_path), "extra.yaml") == {"甲": 2}


def _edit(path: Path, text: str) -> None:
    """Rewrite a file, its modification time clearly newer."""
    path.write_text(text, encoding="utf-8")
    stamp = os.stat(path).st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
