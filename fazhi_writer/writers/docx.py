"""Write a Report as .docx on the reference document, referring to its styles by name."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..model import Paragraph, Report

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
BODY_CHAR_STYLE = "正文字符"


def render_docx(report: Report, reference: Path) -> bytes:
    """Build the .docx in memory from the reference document and return its bytes."""
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document(str(reference))
    _clear_body(document)
    for line in report.title:
        document.add_paragraph(line, style="Title")
    document.add_paragraph("")  # GB/T 9704 7.3.2: one blank line below the title
    if report.recipient:
        document.add_paragraph(report.recipient, style="主送机关")
    for para in report.paragraphs():
        _add(document, para, WD_COLOR_INDEX.YELLOW)
    document.add_paragraph("")
    if report.signature:
        document.add_paragraph(report.signature, style="署名")
    document.add_paragraph(report.date, style="成文日期")
    document.core_properties.title = "".join(report.title)[:255]  # Word's limit
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _clear_body(document: Any) -> None:
    """Remove the reference document's paragraphs and tables, keeping its section settings."""
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _add(document: Any, para: Paragraph, highlight: Any) -> None:
    if para.level and para.lead:
        # Run-in heading: the paragraph is an outline heading, only the lead takes its font.
        p = document.add_paragraph(para.lead, style=HEADING_STYLES[para.level])
        p.add_run(para.text[len(para.lead):], style=BODY_CHAR_STYLE)
    elif para.level:
        document.add_paragraph(para.text, style=HEADING_STYLES[para.level])
    else:
        p = document.add_paragraph(para.text, style="Normal")
        if para.placeholder:
            p.runs[0].font.highlight_color = highlight
