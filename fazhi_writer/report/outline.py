"""Parse the outline a template renders: a light markup (documented in templates/README.md).

``= title`` segments (broken into lines by layout.break_title), ``@主送 …``/``@署名 …``/
``@发文字号 …``/``@签发人 …``/``@附件 …`` (one per attachment line; ``@署名`` one per organ,
``@签发人`` one per name),
``#``/``##``/``###`` headings (``!`` required, ``+`` run-in, ``{key}`` the facts key of a 板块, see
shape.py), one paragraph per text line, and ``- item`` lines that join the paragraph before them
as 一是…二是…. Blank lines are ignored.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import marks
from .model import Section

#: What a line beginning with another character is: a paragraph (or a mark: seen through).
_MARKUP = "#@=-" + marks.START
_HEADING = re.compile(r"^(#{1,3})([!+]*)(?:\{(=?[^{}\s=]+)\})?\s+(.+)$")


class Outline:
    """What an outline template rendered: title segments, meta fields, attachments, the tree."""

    def __init__(self) -> None:
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self.attachments: list[str] = []
        self.signatures: list[str] = []
        self.signers: list[str] = []  # @签发人, one a line
        self.root = Section(level=0, title="")


def parse(text: str) -> Outline:
    """Parse the rendered outline markup into title, meta fields and a section tree (a line's
    markup read from its text without verify's marks, marks.py)."""
    outline = Outline()
    stack = [outline.root]
    # Block tags leave blank lines (most of them), skipped here; paragraphs are single lines.
    for raw in filter(None, map(str.strip, filter(None, text.splitlines()))):
        # Most lines need not be seen without their marks: a paragraph or an item whose text
        # begins and ends with characters of its own (not a mark, not whitespace) is that text.
        own = not raw.endswith(marks.SEP)
        if own and raw[0] not in _MARKUP:
            stack[-1].children.append(Pending(raw, []))  # type: ignore[arg-type]
            continue
        if own and raw.startswith("- ") and raw[2] != marks.START and not raw[2].isspace():
            _open_paragraph(stack[-1]).items.append(raw[2:])
            continue
        bare = marks.plain(raw) if marks.START in raw else raw
        line = bare.strip()
        if not line:
            continue  # marks alone: a blank line
        first = line[0]  # (the markup's first character tells which it is)
        heading = _HEADING.match(line) if first == "#" else None
        if heading:
            level = len(heading[1])
            while stack[-1].level >= level:
                stack.pop()
            section = Section(level=level, title=_rest(raw, bare, line, heading.start(4)),
                              key=heading[3] or "", run_in="+" in heading[2],
                              required="!" in heading[2])
            stack[-1].children.append(section)
            stack.append(section)
        elif first == "@":
            _meta(outline, raw, bare, line)
        elif first == "=" and line.startswith("= "):
            outline.title.append(_rest(raw, bare, line, 2))
        elif first == "-" and line.startswith("- "):
            _open_paragraph(stack[-1]).items.append(_rest(raw, bare, line, 2))
        else:
            stack[-1].children.append(Pending(_rest(raw, bare, line, 0), []))  # type: ignore[arg-type]
    return outline


def _meta(outline: Outline, raw: str, bare: str, line: str) -> None:
    """Enter an @ line: an attachment, 署名 or 签发人 line, or a meta field (@主送 …)."""
    for prefix, lines in (("@附件 ", outline.attachments), ("@署名 ", outline.signatures),
                          ("@签发人 ", outline.signers)):
        if line.startswith(prefix):
            lines.append(_rest(raw, bare, line, len(prefix)))
            return
    key, space, _ = line[1:].partition(" ")
    outline.meta[key] = _rest(raw, bare, line, 1 + len(key) + len(space))


def _rest(raw: str, bare: str, line: str, begin: int) -> str:
    """The line from begin (counted in line: bare stripped, bare: raw without marks) to its
    end, stripped, with its marks. Most marked lines have no mark in their markup nor beside
    whitespace cut off: then that is raw's own tail, else marks.Line cuts it."""
    if marks.START not in raw:
        return line[begin:].strip()
    tail = raw[begin:]
    head = line[:begin]
    if (raw.startswith(head) and not line[begin:begin + 1].isspace()
            and not raw.endswith(marks.SEP)  # (a head without marks: bare's tail is tail's)
            and (bare[begin:] if marks.START not in head else marks.plain(tail)) == line[begin:]):
        return tail
    marked = marks.Line.of(raw)
    return marked.rest(begin) if marked else ""


def _open_paragraph(section: Section) -> Pending:
    """Return the paragraph list items attach to: the section's last one, or a new one."""
    last = section.children[-1] if section.children else None
    if isinstance(last, Pending):
        return last
    pending = Pending("", [])
    section.children.append(pending)  # type: ignore[arg-type]
    return pending


class Pending(NamedTuple):
    """A paragraph before numbering: lead text plus inline-enumerated items."""

    text: str
    items: list[str]
