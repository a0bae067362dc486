"""The whole flow as plain functions: load → validate → build → render → write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .build import build_report
from .errors import FazhiError
from .facts import load_facts
from .fonts import Fonts, choose_fonts, gb2312_warnings, reference_fonts
from .model import Report
from .render import make_env
from .validate import validate_facts

FORMATS = ("docx", "txt", "pdf")
DEFAULT_FORMATS = ("docx", "txt")


@dataclass(frozen=True)
class Draft:
    """What draft() did: the files it wrote, backups it made, and warnings for the clerk."""

    written: list[Path]
    warnings: list[str] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


def prepare(facts_path: Path, kind: str = "annual", template_dir: Path | None = None,
            today: dt.date | None = None, fonts: str | None = None) -> Report:
    """Load, validate and build the report for a facts file (nothing is written)."""
    return _prepare(facts_path, kind, template_dir, today, fonts)[0]


def _prepare(facts_path: Path, kind: str, template_dir: Path | None, today: dt.date | None,
             fonts: str | None) -> tuple[Report, Fonts]:
    """Build the report and choose its fonts; warn about characters the fonts lack."""
    raw = load_facts(facts_path)
    facts = validate_facts(raw, facts_path)
    env = make_env(template_dir)
    report = build_report(facts, env, kind, today=today)
    where = "--fonts：" if fonts else _where(raw, facts_path, "字体")
    chosen = choose_fonts(env, facts.fonts, fonts, where)
    in_use = {**reference_fonts(template_file(template_dir, "reference.docx")), **chosen.roles}
    warnings = gb2312_warnings(raw, in_use, facts_path)
    return replace(report, warnings=(*report.warnings, *warnings)), chosen


def _where(raw: Any, file: Path, key: str) -> str:
    """Return 'file:line:column' of a top-level key's value (its 方案 when it is a mapping)."""
    node: Any = raw.get(key)
    owner, name = (node, "方案") if isinstance(node, dict) else (raw, key)
    lc: Any = getattr(owner, "lc", None)
    try:
        line, column = lc.value(name)
    except (AttributeError, KeyError, TypeError):
        return f"{file}: 字段“{key}”："
    return f"{file}:{line + 1}:{column + 1}: 字段“{key}”："


def template_file(template_dir: Path | None, name: str) -> Path:
    """Return a template file: the bureau's copy if it has one, else the built-in."""
    from .render import builtin_templates

    if template_dir and (template_dir / name).is_file():
        return template_dir / name
    return builtin_templates() / name


def reference_docx(template_dir: Path | None) -> Path:
    """Return the reference .docx: the bureau's copy if it has one, else the built-in."""
    return template_file(template_dir, "reference.docx")


def draft(facts_path: Path, out_dir: Path | None = None,
          formats: tuple[str, ...] = DEFAULT_FORMATS, kind: str = "annual",
          template_dir: Path | None = None, force: bool = False, today: dt.date | None = None,
          fonts: str | None = None) -> Draft:
    """Draft the report of a facts file into out_dir (default: beside it); return what was written."""
    from .output import write_outputs

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FazhiError(f"不支持的输出格式：{'、'.join(unknown)}（可选：{'、'.join(FORMATS)}）")
    report, chosen = _prepare(facts_path, kind, template_dir, today, fonts)
    files = _render(report, chosen, formats, out_dir or facts_path.parent, template_dir)
    backups = write_outputs(files, force)
    return Draft(written=list(files), warnings=list(report.warnings), backups=backups)


def _render(report: Report, fonts: Fonts, formats: tuple[str, ...], folder: Path,
            template_dir: Path | None) -> dict[Path, bytes]:
    """Render every requested format in memory, in the order docx, txt, pdf."""
    from .writers.docx import render_docx
    from .writers.pdf import find_soffice, render_pdf
    from .writers.text import render_text

    soffice = find_soffice() if "pdf" in formats else ""  # fail before anything is written
    stem = folder / report.file_stem
    files: dict[Path, bytes] = {}
    docx = render_docx(report, reference_docx(template_dir), fonts)
    if "docx" in formats:
        files[stem.with_name(f"{stem.name}.docx")] = docx
    if "txt" in formats:
        files[stem.with_name(f"{stem.name}.txt")] = render_text(report).encode("utf-8")
    if "pdf" in formats:
        fontconfig = template_file(template_dir, "fonts.conf")
        files[stem.with_name(f"{stem.name}.pdf")] = render_pdf(docx, soffice, fontconfig)
    return files
