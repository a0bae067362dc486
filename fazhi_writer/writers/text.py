"""Write a Report as plain text for OA systems and website editors."""

from __future__ import annotations

from ..model import Report

INDENT = "\u3000\u3000"  # two full-width spaces, the Chinese paragraph indent


def render_text(report: Report) -> str:
    """Return the report as UTF-8 text: one paragraph per line, body paragraphs indented."""
    lines = list(report.title)
    if report.byline:
        lines.append(report.byline)
    lines.append("")
    if report.recipient:
        lines.append(report.recipient)
    lines.extend(INDENT + p.text for p in report.paragraphs())
    lines.append("")
    if report.signature:
        lines.append(report.signature)
    lines.append(report.date)
    return "\n".join(lines) + "\n"
