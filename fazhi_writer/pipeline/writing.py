"""Render → verify → write: draft() writes the report of a facts file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import FazhiError, LostFactError, Problem, listing
from ..report.model import Report
from ..report.render import make_env
from ..writers.fonts import Fonts
from .preparing import _Loaded, _merge, _prepare, _sorted, reference_docx, template_file

if TYPE_CHECKING:
    from ..report.verify import Expected

FORMATS = ("docx", "txt", "pdf")
#: Writes rendered files (path: bytes), given force; returns the backups it made.
Writer = Callable[[dict[Path, bytes], bool], list[Path]]
DEFAULT_FORMATS = ("docx", "txt")


# A named tuple: a dataclass costs ~0.5 ms of every start to create.
class Draft(NamedTuple):
    """What draft() did: the files it wrote, backups it made, and warnings for the clerk."""

    written: list[Path]
    warnings: list[str]
    backups: list[Path]


def draft(facts_path: Path, out_dir: Path | None = None,
          formats: tuple[str, ...] = DEFAULT_FORMATS, kind: str | None = None,
          template_dir: Path | None = None, force: bool = False, today: dt.date | None = None,
          previous: Path | None = None, fonts: str | None = None,
          write: Writer | None = None) -> Draft:
    """Draft the report of a facts file into out_dir (default: beside it); return what was written.

    write (default output.write_outputs) receives the rendered files and force, and returns
    the backups it made; a batch passes its own to write every report from one process.
    """
    from ..writers.output import write_outputs

    check_formats(formats)
    placed: list[Problem] = []
    report, chosen, loaded, expected = _prepare(facts_path, kind, template_dir, today, previous,
                                                fonts, placed)
    texts: dict[Path, str] = {}
    files = _render(report, chosen, formats, out_dir or facts_path.parent, template_dir, texts)
    unused = _verify(loaded, facts_path, files, texts, expected, placed, report)
    backups = (write or write_outputs)(files, force)
    return Draft(written=list(files), warnings=[*report.warnings, *unused], backups=backups)


def check_formats(formats: tuple[str, ...]) -> None:
    """Refuse an output format fazhi-write cannot write."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise FazhiError(f"不支持的输出格式：{'、'.join(unknown) or '（空）'}（可选：{'、'.join(FORMATS)}）")


def _render(report: Report, fonts: Fonts, formats: tuple[str, ...], folder: Path,
            template_dir: Path | None, texts: dict[Path, str]) -> dict[Path, bytes]:
    """Render every requested format in memory, in the order docx, txt, pdf; add the text of
    the .docx and .txt to texts (for _verify: known as they are made, not parsed back)."""
    from ..writers.docx import render_docx
    from ..writers.output import safe_name
    from ..writers.text import render_text

    soffice = _soffice() if "pdf" in formats else ""  # fail before anything is written
    stem = folder / safe_name(report.file_stem)
    files: dict[Path, bytes] = {}
    docx, text = b"", ""
    if "docx" in formats or "pdf" in formats:  # a PDF is made from the .docx
        docx, text = render_docx(report, reference_docx(template_dir), make_env(template_dir),
                                 fonts)
    if "docx" in formats:
        files[stem.with_name(f"{stem.name}.docx")] = docx
        texts[stem.with_name(f"{stem.name}.docx")] = text
    if "txt" in formats:
        path, text = stem.with_name(f"{stem.name}.txt"), render_text(report)
        files[path], texts[path] = text.encode("utf-8"), text
    if "pdf" in formats:
        from ..writers.pdf import render_pdf  # subprocess and the rest: only for a PDF

        fontconfig = template_file(template_dir, "fonts.conf")
        files[stem.with_name(f"{stem.name}.pdf")] = render_pdf(docx, soffice, fontconfig)
    return files


def _soffice() -> str:
    """Find LibreOffice for a PDF, or raise before anything is rendered."""
    from ..writers.pdf import find_soffice

    return find_soffice()


def _verify(loaded: _Loaded, facts_path: Path, files: dict[Path, bytes], texts: dict[Path, str],
            expected: list[Expected], placed: list[Problem], report: Report) -> list[str]:
    """Fail loudly, before writing, if the report does not state a fact where its field put it
    (placed), or an output (its text in texts; a .pdf read back) lacks a fact (of expected)
    or a paragraph; return notes on the 公文 elements (发文字号 …) the kind has no place for."""
    from ..report.verify import (
        missing_paragraphs,
        missing_values,
        pdf_text,
        report_paragraphs,
    )

    kind = report.variables.get("报告类型", "本类报告")
    lost: list[Problem] = list(placed)
    garbled: list[str] = []
    memo: dict[str, Any] = {}  # each output is checked, the same text searched once
    seen: dict[tuple[str, bool], list[str]] = {}  # (the same for the paragraphs)
    paragraphs = report_paragraphs(report)
    for path, data in files.items():
        text = texts[path] if path in texts else pdf_text(data) if path.suffix == ".pdf" else None
        if text is None:
            continue
        lost = _merge(lost, missing_values(expected, loaded.raw, text, path.suffix, memo, kind))
        garbled += missing_paragraphs(paragraphs, text, path.suffix, seen)
    errors = [p for p in lost if not p.warning]
    if errors or garbled:
        raise LostFactError("生成的报告遗漏了事实文件中的内容，因此没有写出任何文件：\n"
                            + "\n".join(filter(None, [listing(facts_path, _sorted(errors)),
                                                       *garbled[:10]])))
    return list(dict.fromkeys(p.format(facts_path) for p in _sorted(lost)))
