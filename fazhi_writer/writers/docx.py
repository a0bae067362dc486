"""Write a Report as .docx on the reference document, referring to its styles by name."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..model import Paragraph, Report
from .letterhead import is_blank, open_reference

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
BODY_CHAR_STYLE = "正文字符"


def render_docx(report: Report, reference: Path, env: Any = None) -> bytes:
    """Build the .docx in memory from the reference document and return its bytes."""
    from docx.enum.text import WD_COLOR_INDEX

    if env is None:
        from ..render import make_env

        env = make_env(None)
    document = open_reference(reference, report.variables, env)
    _check_styles(document, report, reference)
    if is_blank(document.element.body):
        _clear_body(document)
    for line in report.title:
        document.add_paragraph(line, style="Title")
    if report.byline:
        document.add_paragraph(report.byline, style="作者")
    document.add_paragraph("")  # GB/T 9704 7.3.2: one blank line below the title
    if report.recipient:
        document.add_paragraph(report.recipient, style="主送机关")
    for para in report.paragraphs():
        _add(document, para, WD_COLOR_INDEX.YELLOW)
    document.add_paragraph("")
    if report.signature:
        document.add_paragraph(report.signature, style="署名")
    document.add_paragraph(report.date, style="成文日期")
    document.core_properties.title = "".join(report.title)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _check_styles(document: Any, report: Report, reference: Path) -> None:
    """Refuse a reference document that lacks a style this report needs, naming them all."""
    needed = ["Title", "Normal", BODY_CHAR_STYLE, "成文日期",
              *(HEADING_STYLES[p.level] for p in report.paragraphs() if p.level)]
    needed += [style for style, used in (("作者", report.byline), ("主送机关", report.recipient),
                                         ("署名", report.signature)) if used]
    missing = []
    for name in dict.fromkeys(needed):
        try:
            document.styles[name]
        except KeyError:
            missing.append(name)
    if missing:
        raise TemplateError(
            f"{reference}: 参考文档中没有样式“{'”“'.join(missing)}”。请在 Word 中新建同名样式，"
            f"或用 fazhi-write templates export 重新导出 reference.docx")


def _clear_body(document: Any) -> None:
    """Remove the reference document's paragraphs and tables, keeping its section settings."""
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _add(document: Any, para: Paragraph, highlight: Any) -> None:
    if para.level and para.lead:
        # Run-in heading: the paragraph is an outline heading, only the lead takes its font.
        p = document.add_paragraph(style=HEADING_STYLES[para.level])
        _add_runs(p, para, 0, len(para.lead), None, highlight)
        _add_runs(p, para, len(para.lead), len(para.text), BODY_CHAR_STYLE, highlight)
    else:
        style = HEADING_STYLES[para.level] if para.level else "Normal"
        p = document.add_paragraph(style=style)
        _add_runs(p, para, 0, len(para.text), None, highlight)
        if para.placeholder:
            p.runs[0].font.highlight_color = highlight


def _add_runs(p: Any, para: Paragraph, start: int, end: int, style: str | None,
              highlight: Any) -> None:
    """Add text[start:end] as runs, highlighting the 【待填：…】 markers inside it."""
    cuts = sorted({start, end, *(i for span in para.marks for i in span if start < i < end)})
    for a, b in zip(cuts, cuts[1:]):
        run = p.add_run(para.text[a:b], style=style)
        if any(m0 <= a and b <= m1 for m0, m1 in para.marks):
            run.font.highlight_color = highlight
