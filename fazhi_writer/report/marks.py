"""The marks verify-by-place puts before each value the clerk wrote (track.py), seen as zero-width.

A draft builds its report once, from facts whose values carry marks: START, the value's number,
SEP (private-use characters, which no facts file keeps). Every decision the build makes on
text (a line's markup, where a title line breaks, whether a sentence ends with 。) is made
on the text without marks, so the report stripped of its marks (unmarked) is exactly the
report the facts themselves give; the marked report tells verify where each value stands.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .model import Paragraph, Report

START, SEP = "\ue000", "\ue001"
MARK = re.compile(f"{START}(\\d+){SEP}")

#: (value number, position in the text without marks) of each mark of a text.
Starts = list[tuple[int, int]]


def plain(text: str) -> str:
    """The text without marks."""
    return MARK.sub("", text) if START in text else text


def split(text: str) -> tuple[str, Starts]:
    """The text without marks, and (value number, position) of each mark in it."""
    if START not in text:
        return text, []
    parts = MARK.split(text)  # text, number, text, number, …, text
    starts: Starts = []
    length = 0
    for i in range(1, len(parts), 2):
        length += len(parts[i - 1])
        starts.append((int(parts[i]), length))
    return "".join(parts[::2]), starts


def cut(bare: str, starts: Starts, begin: int, end: int) -> str:
    """bare[begin:end] (bare: a text without marks) with the marks standing in it put back;
    a mark at end precedes nothing of the piece and is left out."""
    out: list[str] = []
    at = begin
    for number, position in starts:
        if begin <= position < end:
            out.append(bare[at:position])
            out.append(f"{START}{number}{SEP}")
            at = position
    out.append(bare[at:end])
    return "".join(out)


def upto(text: str, length: int) -> str:
    """The first length characters of text (counted without marks), with their marks."""
    if START not in text:
        return text[:length]
    bare, starts = split(text)
    if length >= len(bare) and not text.endswith(SEP):
        return text  # the whole text: no mark at its end, which would precede nothing
    return cut(bare, starts, 0, length)


def strip(text: str) -> str:
    """text.strip() with whitespace found as if the marks were not there."""
    if START not in text:
        return text.strip()
    bare, starts = split(text)
    begin = len(bare) - len(bare.lstrip())
    return cut(bare, starts, begin, len(bare.rstrip()))


class Line(NamedTuple):
    """A line seen without marks: stripped (decisions are made on this), and its parts cut
    with their marks."""

    plain: str
    bare: str
    """The line without marks, not stripped."""
    starts: Starts
    at: int
    """Where plain begins in bare."""

    @classmethod
    def of(cls, text: str) -> Line | None:
        """The line, or None when it is blank (marks alone are blank)."""
        bare, starts = split(text)
        plain = bare.strip()
        return cls(plain, bare, starts, len(bare) - len(bare.lstrip())) if plain else None

    def rest(self, begin: int) -> str:
        """The line from begin (counted in plain) to its end, stripped, with its marks."""
        if not self.starts:
            return self.plain[begin:].strip()
        return strip(cut(self.bare, self.starts, self.at + begin, self.at + len(self.plain)))


def unmarked(report: Report) -> Report:
    """The report without marks: what the writers write."""
    return report._replace(
        title=tuple(map(plain, report.title)), recipient=plain(report.recipient),
        byline=plain(report.byline), doc_number=plain(report.doc_number),
        signer=plain(report.signer), attachments=tuple(map(plain, report.attachments)),
        body=tuple(map(_paragraph, report.body)), signature=plain(report.signature),
        date=plain(report.date), file_stem=plain(report.file_stem),
        warnings=tuple(map(plain, report.warnings)),
        variables={name: plain(str(value)) for name, value in report.variables.items()})


def _paragraph(paragraph: Paragraph) -> Paragraph:
    """A paragraph without marks; the spans of its 待填 markers counted without them."""
    text = paragraph.text
    if START not in text:
        return paragraph
    spans: tuple[tuple[int, int], ...] = ()
    if paragraph.marks:  # (most paragraphs have no 待填 left: no generator for them)
        spans = tuple((len(plain(text[:a])), len(plain(text[:b]))) for a, b in paragraph.marks)
    return paragraph._replace(text=plain(text), lead=plain(paragraph.lead), marks=spans)
