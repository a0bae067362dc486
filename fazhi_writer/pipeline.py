"""The whole flow as plain functions: load → validate → build → render → write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .build import build_report, load_kind
from .errors import FactsValidationError, FazhiError, Problem, TemplateError
from .facts import load_facts
from .model import Report
from .render import make_env
from .validate import locate, require_facts, validate_facts

if TYPE_CHECKING:
    from .schema import Facts

FORMATS = ("docx", "txt")


@dataclass(frozen=True)
class Draft:
    """What draft() did: the files it wrote, backups it made, and warnings for the clerk."""

    written: list[Path]
    warnings: list[str] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


def prepare(facts_path: Path, kind: str | None = None, template_dir: Path | None = None,
            today: dt.date | None = None) -> Report:
    """Load, validate and build the report of the chosen kind (nothing is written)."""
    if template_dir is not None and not template_dir.is_dir():
        raise TemplateError(f"{template_dir}: 模板目录不存在")
    raw = load_facts(facts_path)
    facts = validate_facts(raw, facts_path)
    env = make_env(template_dir)
    name = _choose_kind(kind, facts, raw, facts_path, template_dir)
    settings = load_kind(env, name)
    require_facts(facts, raw, facts_path, settings.required, settings.label)
    return build_report(facts, env, name, today=today)


def _choose_kind(requested: str | None, facts: Facts, raw: Any, facts_path: Path,
                 template_dir: Path | None) -> str:
    """Resolve --kind, else 报告类型, else annual (a name like shufa or a label like 述法报告)."""
    from .kinds import DEFAULT_KIND, find_kind, kind_choices

    wanted = requested or facts.kind
    if not wanted:
        return DEFAULT_KIND
    name = find_kind(wanted, template_dir)
    if name:
        return name
    if requested:
        raise FazhiError(f"未知的报告类型“{requested}”（可选：{kind_choices(template_dir)}）")
    problem = Problem("报告类型", f"未知的报告类型“{wanted}”，可填：{kind_choices(template_dir)}",
                      *locate(raw, "报告类型"))
    raise FactsValidationError(facts_path, [problem])


def reference_docx(template_dir: Path | None) -> Path:
    """Return the reference .docx: the bureau's copy if it has one, else the built-in."""
    from .render import builtin_templates

    if template_dir and (template_dir / "reference.docx").is_file():
        return template_dir / "reference.docx"
    return builtin_templates() / "reference.docx"


def draft(facts_path: Path, out_dir: Path | None = None, formats: tuple[str, ...] = FORMATS,
          kind: str | None = None, template_dir: Path | None = None, force: bool = False,
          today: dt.date | None = None) -> Draft:
    """Draft the report of a facts file into out_dir (default: beside it); return what was written."""
    from .output import write_outputs
    from .writers.text import render_text

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FazhiError(f"不支持的输出格式：{'、'.join(unknown)}（可选：{'、'.join(FORMATS)}）")
    report = prepare(facts_path, kind, template_dir, today)
    folder = out_dir or facts_path.parent
    files: dict[Path, bytes] = {}
    if "docx" in formats:
        from .writers.docx import render_docx

        files[folder / f"{report.file_stem}.docx"] = render_docx(
            report, reference_docx(template_dir), make_env(template_dir))
    if "txt" in formats:
        files[folder / f"{report.file_stem}.txt"] = render_text(report).encode("utf-8")
    backups = write_outputs(files, force)
    return Draft(written=list(files), warnings=list(report.warnings), backups=backups)
