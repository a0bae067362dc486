"""The whole flow as plain functions: load → validate → lint → build → render → verify → write."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import build_report, load_yaml_template
from .errors import FactsValidationError, FazhiError, LostFactError, Problem, listing
from .facts import load
from .model import Report
from .render import make_env
from .validate import validate_facts

FORMATS = ("docx", "txt")


@dataclass(frozen=True)
class Draft:
    """What draft() did: the files it wrote, backups it made, and warnings for the clerk."""

    written: list[Path]
    warnings: list[str] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Inspection:
    """Every problem found in a facts file, and the report when the facts were valid."""

    problems: list[Problem]
    report: Report | None = None
    facts: Any = None
    raw: Any = None

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that stop a report from being drafted."""
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        """Return the problems the clerk should look at (the report can still be drafted)."""
        return [p for p in self.problems if p.warning]


def inspect(facts_path: Path, kind: str = "annual", template_dir: Path | None = None,
            today: dt.date | None = None) -> Inspection:
    """Load, validate, lint and build, collecting every problem instead of stopping at one."""
    from .lint import lint

    loaded = load(facts_path)
    try:
        facts = validate_facts(loaded.data, facts_path)
    except FactsValidationError as e:
        found = _merge(loaded.problems + loaded.notices, e.problems)
        found += _lint_valid_part(loaded.data, e.problems)
        return Inspection(_sorted(found), raw=loaded.data)
    report = build_report(facts, make_env(template_dir), kind, today=today)
    notes = [Problem(path="", message=w, warning=True) for w in report.warnings]
    problems = [*loaded.problems, *loaded.notices, *lint(facts, loaded.data), *notes]
    return Inspection(_sorted(problems), report, facts, loaded.data)


def _lint_valid_part(raw: Any, problems: list[Problem]) -> list[Problem]:
    """Lint the top-level blocks that are valid, so that one typo does not hide the rest."""
    from pydantic import ValidationError

    from .lint import lint
    from .schema import Facts

    broken = {re.split(r"[.\[]", p.path)[0] for p in problems}
    try:
        facts = Facts.model_validate({k: v for k, v in raw.items() if k not in broken})
    except ValidationError:
        return []  # 单位 or 年度 is wrong: nothing to compare with
    return lint(facts, raw)


def _merge(first: list[Problem], second: list[Problem]) -> list[Problem]:
    """Join two lists of problems, dropping from second those already explained at a place."""
    places = {(p.line, p.column) for p in first if not p.warning}
    return _sorted(first + [p for p in second if (p.line, p.column) not in places])


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Order problems by position; those without one (the whole file) come last."""
    return sorted(problems, key=lambda p: (p.line or float("inf"), p.column))


def check(facts_path: Path, kind: str = "annual", template_dir: Path | None = None,
          today: dt.date | None = None) -> Inspection:
    """Inspect a facts file and verify its report text carries every fact (nothing is written)."""
    from .verify import missing_values
    from .writers.text import render_text

    found = inspect(facts_path, kind, template_dir, today)
    if found.report is None:
        return found
    lost = missing_values(found.facts, found.raw, render_text(found.report),
                          _stock(template_dir), ".txt")
    return Inspection(_sorted(found.problems + lost), found.report, found.facts, found.raw)


def prepare(facts_path: Path, kind: str = "annual", template_dir: Path | None = None,
            today: dt.date | None = None) -> Report:
    """Load, validate, lint and build the report for a facts file (nothing is written)."""
    found = inspect(facts_path, kind, template_dir, today)
    if found.errors or found.report is None:
        raise FactsValidationError(facts_path, found.errors)
    return found.report


def reference_docx(template_dir: Path | None) -> Path:
    """Return the reference .docx: the bureau's copy if it has one, else the built-in."""
    from .render import builtin_templates

    if template_dir and (template_dir / "reference.docx").is_file():
        return template_dir / "reference.docx"
    return builtin_templates() / "reference.docx"


def draft(facts_path: Path, out_dir: Path | None = None, formats: tuple[str, ...] = FORMATS,
          kind: str = "annual", template_dir: Path | None = None, force: bool = False,
          today: dt.date | None = None) -> Draft:
    """Draft the report of a facts file into out_dir (default: beside it); return what was written."""
    from .output import safe_name, write_outputs

    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise FazhiError(f"不支持的输出格式：{'、'.join(unknown) or '（空）'}（可选：{'、'.join(FORMATS)}）")
    found = inspect(facts_path, kind, template_dir, today)
    if found.errors or found.report is None:
        raise FactsValidationError(facts_path, found.errors)
    stem = (out_dir or facts_path.parent) / safe_name(found.report.file_stem)
    files = _render(found.report, formats, template_dir, stem)
    _verify(found, files, template_dir, facts_path)
    backups = write_outputs(files, force)
    return Draft(written=list(files), warnings=[p.format(facts_path) for p in found.warnings],
                 backups=backups)


def _render(report: Report, formats: tuple[str, ...], template_dir: Path | None,
            stem: Path) -> dict[Path, bytes]:
    """Render the report in each format, in memory."""
    from .writers.text import render_text

    files: dict[Path, bytes] = {}
    if "docx" in formats:
        from .writers.docx import render_docx

        reference = reference_docx(template_dir)
        files[stem.with_name(stem.name + ".docx")] = render_docx(report, reference)
    if "txt" in formats:
        files[stem.with_name(stem.name + ".txt")] = render_text(report).encode("utf-8")
    return files


def _verify(found: Inspection, files: dict[Path, bytes], template_dir: Path | None,
            facts_path: Path) -> None:
    """Fail loudly, before writing, if an output lacks a fact of the facts file."""
    from .verify import docx_text, missing_values

    stock = _stock(template_dir)
    lost: list[Problem] = []
    for path, data in files.items():
        text = docx_text(data) if path.suffix == ".docx" else data.decode("utf-8")
        lost += missing_values(found.facts, found.raw, text, stock, path.suffix)
    if lost:
        raise LostFactError("生成的报告遗漏了事实文件中的内容，因此没有写出任何文件：\n"
                            + listing(facts_path, _sorted(lost)))


def _stock(template_dir: Path | None) -> set[str]:
    """Return the stock theme names the templates expand (see verify.stock_keys)."""
    from .verify import stock_keys

    return stock_keys(load_yaml_template(make_env(template_dir), "themes.yaml"))
