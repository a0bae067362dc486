"""Measure a rendered PDF with poppler-utils: text lines with positions (mm), embedded fonts."""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

PT = 25.4 / 72  # mm per point
# GB/T 9704 版心 on A4 (mm): left 28, right 210 - 26, top 37, bottom 297 - 35.
LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0
CHAR = 15.75 * PT  # one 三号 character at -0.25 pt spacing
PITCH = 28.95 * PT  # 579 twips
FOOTER_CHAR = 14 * PT  # one 四号 character
CLOSING = "，。、；：？！）》」』”’"
OPENING = "（《「『“‘"
WORD_JOINER = "\u2060"  # between the characters of a name kept on one line (writers/typeset.py)


@dataclass(frozen=True)
class Line:
    """One visual line of a page: its words joined, and its box in mm from the top left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def require_tools() -> None:
    """Skip without LibreOffice/poppler locally; in CI (CI=true) their absence is a failure."""
    missing = [t for t in ("soffice", "pdftotext", "pdffonts", "pdftohtml") if not shutil.which(t)]
    if not missing:
        return
    message = f"PDF tests need {', '.join(missing)} (LibreOffice, poppler-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + ": CI must install them (.ci/run)")
    pytest.skip(message)


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> list[list[Line]]:
    """Return each page's lines, top to bottom, grouping words that share a baseline box."""
    out = []
    for page in re.findall(r"<page .*?</page>", _run("pdftotext", "-bbox", str(pdf), "-"), re.S):
        words = [(float(a) * PT, float(b) * PT, float(c) * PT, float(d) * PT,
                  html.unescape(t).replace(WORD_JOINER, ""))
                 for a, b, c, d, t in re.findall(
                     r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                     page)]
        rows: list[list[tuple[float, float, float, float, str]]] = []
        for word in sorted(words, key=lambda w: (w[1], w[0])):
            if rows and abs(rows[-1][0][1] - word[1]) < 0.5:
                rows[-1].append(word)
            else:
                rows.append([word])
        out.append([_line(sorted(r)) for r in rows])
    return out


def _line(words: list[tuple[float, float, float, float, str]]) -> Line:
    """Join a row's words; a gap wider than a thin space was a space in the text."""
    text = words[0][4]
    for before, word in itertools.pairwise(words):
        text += (" " if word[0] - before[2] > 0.7 else "") + word[4]
    return Line(text, words[0][0], min(w[1] for w in words), max(w[2] for w in words),
                max(w[3] for w in words))


def embedded_fonts(pdf: Path) -> dict[str, str]:
    """Return subset tag (e.g. BAAAAA) → embedded font name, from pdffonts."""
    fonts = {}
    for row in _run("pdffonts", str(pdf)).splitlines()[2:]:
        name = row.split()[0]
        tag, _, base = name.partition("+")
        fonts[tag] = base or tag
    return fonts


def text_faces(pdf: Path, page: int | None = 1) -> list[tuple[str, str]]:
    """Return (text, embedded font name) for each text span of a page (of every page when
    page is None), from pdftohtml."""
    pick = [] if page is None else ["-f", str(page), "-l", str(page)]
    xml = _run("pdftohtml", "-xml", "-i", "-stdout", *pick, str(pdf))
    names = embedded_fonts(pdf)
    specs = {i: names.get(f.partition("+")[0], f) for i, f in
             re.findall(r'<fontspec id="(\d+)" size="[\d.]+" family="([^"]+)"', xml)}
    return [(html.unescape(re.sub(r"<[^>]+>", "", t)), specs[i])
            for i, t in re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml)]


def body_lines(page: list[Line]) -> list[Line]:
    """The lines inside the 版心 (not the page number below it)."""
    return [line for line in page if line.y1 <= BOTTOM + 1]


def footer_lines(page: list[Line]) -> list[Line]:
    return [line for line in page if line.y0 > BOTTOM]


def is_continuation(line: Line) -> bool:
    """A line that starts at the 版心's left edge continues a paragraph (paragraphs are 左空二字)."""
    return abs(line.x0 - LEFT) < 0.6


def is_wide(text: str) -> bool:
    """True when every character is full-width (CJK or full-width punctuation)."""
    return all(unicodedata.east_asian_width(c) in ("W", "F", "A") for c in text)
