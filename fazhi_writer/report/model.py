"""The content model: what a report says, independent of .txt or .docx.

Paragraph and Report are named tuples (immutable; copy with _replace): creating a frozen
dataclass costs ~1 ms of every start.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple


class Paragraph(NamedTuple):
    """One paragraph of a report, as the writers see it."""

    text: str
    """The whole text of the paragraph, numbering included."""
    level: int = 0
    """0 for body text, 1–3 for a heading of that level (一、 （一） 1.)."""
    lead: str = ""
    """For a run-in heading: the heading part at the start of text (styled as a heading)."""
    placeholder: bool = False
    """True for a 【待补充】 marker the clerk must replace."""
    marks: tuple[tuple[int, int], ...] = ()
    """Spans (start, end) of text holding 【待填：…】 markers, to highlight in Word."""


@dataclass
class Section:
    """A heading with its paragraphs and subsections, as parsed from a template."""

    level: int
    title: str
    run_in: bool = False
    required: bool = False
    number: str = ""
    key: str = ""
    """The facts key a heading stands for (``##{组织领导} …``), or 板块 for the part holding them."""
    children: list[Section | Paragraph] = field(default_factory=list)


class Report(NamedTuple):
    """A finished report: title lines, optional byline, 发文字号 and 主送机关, body, 附件说明, 署名 and 成文日期."""

    title: tuple[str, ...]
    """The title, already broken into lines (GB/T 9704 7.3.1: trapezoid or diamond)."""
    body: tuple[Paragraph, ...]
    signature: str
    """The 署名: one organ a line (lines joined by \\n; a joint report has several)."""
    date: str
    recipient: str = ""
    byline: str = ""
    """A line under the title naming the author (述法报告: <单位><职务>  <姓名>)."""
    doc_number: str = ""
    """发文字号, e.g. 中教〔2025〕3号; empty when the facts give none."""
    signer: str = ""
    """签发人 (GB/T 9704 7.2.5), one name a line: printed right of the 发文字号, two a row."""
    sealed: bool = False
    """The clerk seals the report: 署名 centred over a date 右空四字 (7.3.5.1), else 7.3.5.2."""
    attachments: tuple[str, ...] = ()
    """附件说明 lines as the template wrote them: 附件：1.××, 2.××."""
    file_stem: str = ""
    warnings: tuple[str, ...] = ()
    variables: Mapping[str, str] = MappingProxyType({})
    """Names a .docx letterhead may use as {{ 单位 }}-style placeholders, with their values."""

    def paragraphs(self) -> Iterator[Paragraph]:
        """Yield the body paragraphs in order."""
        yield from self.body
