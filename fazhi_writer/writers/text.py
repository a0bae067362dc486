"""Write a Report as plain text for OA systems and website editors."""

from __future__ import annotations

from ..report.layout import signer_lines
from ..report.model import Report

INDENT = "\u3000\u3000"  # two full-width spaces, the Chinese paragraph indent


def render_text(report: Report) -> str:
    """Return the report as UTF-8 text: one paragraph per line, body paragraphs indented."""
    signers = report.signer.split("\n") if report.signer else []
    number = signer_lines(report.doc_number, signers) if signers else [report.doc_number]
    lines = [*number, ""] if any(number) else []
    lines.extend(report.title)
    if report.byline:
        lines.append(report.byline)
    lines.append("")
    if report.recipient:
        lines.append(report.recipient)
    lines.extend(INDENT + p.text for p in report.paragraphs())
    if report.attachments:
        lines.append("")
        label = report.attachments[0].partition("：")
        hang = "\u3000" * len(label[0] + label[1]) if label[1] else ""
        lines.extend(INDENT + ("" if i == 0 else hang) + a for i, a in enumerate(report.attachments))
    lines.append("")
    if report.signature:
        lines.append(report.signature)
    lines.append(report.date)
    return "\n".join(lines) + "\n"
