"""The 签发人 rows and a joint sealed 署名 in the .docx (GB/T 9704 7.2.5, 7.3.5.1).

Both are set with tab stops counted from the margin, at columns report/layout.py works out
in 字 (one 三号 character, CHAR_TWIPS, each).
"""

from __future__ import annotations

from typing import Any

from ..report.layout import (
    LINE_CHARS,
    SEAL_ROW_LINES,
    SIGNER_LABEL,
    seal_rows,
    signer_grid,
    text_width,
)
from .docx import _PPR, CHAR_TWIPS, _Body, _child, _indent, _ppr, w

#: The character style of a 签发人's name: 楷体 (7.2.5), rewritten by the font scheme.
SIGNER_NAME_STYLE = "签发人姓名"


def add_signers(doc: _Body, number: Any, signers: list[str]) -> None:
    """签发人 two a row right of the 发文字号 (7.2.4–7.2.5); number is its paragraph, which
    becomes the last row: extra rows go above it."""
    start, step, rows = signer_grid(signers)
    name = SIGNER_NAME_STYLE if doc.styles.find(SIGNER_NAME_STYLE) is not None else None
    if len(signers) == 1:  # one name: a right tab keeps it 右空一字 whatever the font
        _row(number, [("right", LINE_CHARS - 1)])
        doc.run(number, f"\t{SIGNER_LABEL}")
        doc.run(number, signers[0], name)
        return
    first = start + text_width(SIGNER_LABEL)
    for i, row in enumerate(rows):
        p = number if i == len(rows) - 1 else doc.paragraph(style="发文字号")
        if p is not number:
            number.addprevious(p)
        stops = [first + step * k for k in range(len(row))]
        _row(p, [("left", start if i == 0 else stops[0]), *[("left", s) for s in stops[1:]]])
        doc.run(p, f"\t{SIGNER_LABEL}" if i == 0 else "\t")
        for k, person in enumerate(row):
            if k:
                doc.run(p, "\t")
            doc.run(p, person, name)


def add_sealed_organs(doc: _Body, organs: list[str], date: str) -> list[Any]:
    """Joint sealed 署名 (7.3.5.1): two organs a row on centre tabs, rows SEAL_ROW_LINES apart
    so the seals never touch; returns the paragraphs added."""
    added = []
    for i, row in enumerate(seal_rows(organs, date)):
        if i:
            added += [doc.paragraph("") for _ in range(SEAL_ROW_LINES - 1)]
        p = doc.paragraph(style="署名")
        _tabs(p, [("center", centre) for _, centre in row])
        ind = _child(_ppr(p), "ind", _PPR)
        for side in ("left", "right", "leftChars", "rightChars"):
            ind.set(w(side), "0")
        _child(_ppr(p), "jc", _PPR).set(w("val"), "left")
        doc.run(p, "".join(f"\t{organ}" for organ, _ in row))
        added.append(p)
    return added


def _row(p: Any, stops: list[tuple[str, float]]) -> None:
    """A 签发人 row: flush left, 左右空一字 (the 发文字号 左空一字, 7.2.4), with tab stops."""
    _tabs(p, stops)
    _indent(p, left=1, right=1)
    _child(_ppr(p), "jc", _PPR).set(w("val"), "left")


def _tabs(p: Any, stops: list[tuple[str, float]]) -> None:
    """Tab stops of these kinds at these columns, in 字 from the margin."""
    tabs = _child(_ppr(p), "tabs", _PPR)
    for kind, column in stops:
        tabs.append(tabs.makeelement(w("tab"), {w("val"): kind,
                                                w("pos"): str(round(column * CHAR_TWIPS))}))
