"""Typesetting helpers of the .docx writer: names kept on one line, run-in headings.

Names that must not break (templates/nobreak.yaml) get U+2060 WORD JOINER between their
characters in the .docx only: the joiner has no width and forbids a line break on either side
(UAX #14 class WJ). The .txt never has them. LibreOffice 7.4 ignores the joiner between Chinese
characters (its Chinese line breaker breaks between any two ideographs; tested: U+2060, U+FEFF
and U+200D all split 习/近平), but honours it in text of no particular language, so the name's
run is marked w:lang eastAsia="zxx" (no linguistic content) and w:noProof (no spelling check).
The cost, measured: a line holding a name may hold one character less (LibreOffice measures the
run apart from its neighbours). Whether Word honours the joiner there could not be tested here.

A run-in heading ("（一）……。正文……") is written as Word writes one with its style separator
(Ctrl+Alt+Enter): a heading paragraph whose paragraph mark is hidden (w:vanish + w:specVanish),
then a body paragraph. Word shows the two on one line, and its Navigation pane and table of
contents show only the heading. LibreOffice (7.x) shows the two paragraphs one under the other,
so join_style_separators() joins them into one paragraph before LibreOffice makes the PDF.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WORD_JOINER = "\u2060"
#: The East Asian language of a name's run: "no linguistic content" (see above).
NAME_LANGUAGE = "zxx"
NOBREAK_TEMPLATE = "nobreak.yaml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def nobreak_names(env: Any) -> tuple[str, ...]:
    """The names of templates/nobreak.yaml (a bureau's copy wins), longest first."""
    from ..errors import TemplateError
    from ..report.build import load_yaml_template

    data = load_yaml_template(env, NOBREAK_TEMPLATE)
    names = data.get("不断行") if isinstance(data, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise TemplateError(f"{NOBREAK_TEMPLATE}: “不断行”应是一列名称（每行“- 名称”）")
    return tuple(sorted({n.strip() for n in names if len(n.strip()) > 1}, key=len, reverse=True))


def names_in(names: tuple[str, ...], text: str) -> tuple[str, ...]:
    """The names that occur in text (a report's): keep_together need look for no other, and
    a search for one name is a fraction of a search for any of several."""
    return tuple(name for name in names if name in text)


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, names))) if names else None


def keep_together(text: str, names: tuple[str, ...]) -> list[tuple[str, bool]]:
    """Split text into pieces, each listed name a piece of its own with word joiners between
    its characters: (piece, True) for a name, (piece, False) for the text around it."""
    pattern = _pattern(names)
    if pattern is None or not text:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    end = 0
    for match in pattern.finditer(text):
        if match.start() > end:
            pieces.append((text[end:match.start()], False))
        pieces.append((WORD_JOINER.join(match[0]), True))
        end = match.end()
    if end < len(text):
        pieces.append((text[end:], False))
    return pieces


def strip_joiners(text: str) -> str:
    """The text without the word joiners keep_together added."""
    return text.replace(WORD_JOINER, "")


def plain_text(root: Any) -> str:
    """The text of every paragraph under root (a main document), one a line, without the
    word joiners: what a draft checks (report.verify.docx_text: the same, of saved bytes)."""
    t, p = _w("t"), _w("p")
    return strip_joiners("\n".join(["".join([e.text or "" for e in q.iter(t)])
                                    for q in root.iter(p)]))


def mark_style_separator(ppr: Any) -> None:
    """Hide a paragraph's mark the way Word's style separator does (ppr: its w:pPr)."""
    from lxml import etree

    rpr = ppr.find(_w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, _w("rPr"))  # rPr follows every pPr child we write
    etree.SubElement(rpr, _w("vanish"))
    etree.SubElement(rpr, _w("specVanish"))


def _is_separator(p: Any) -> bool:
    return p.find(f"{_w('pPr')}/{_w('rPr')}/{_w('specVanish')}") is not None


def join_style_separators(document: bytes) -> bytes:
    """Join each paragraph ending in a style separator with the paragraph after it, for
    LibreOffice: the heading paragraph takes the body's runs, and the body's keep-with-next
    and keep-lines (set directly, as on the text before the 署名, or else off: the joined
    paragraph is body text that may break across pages)."""
    if b"specVanish" not in document:
        return document
    from lxml import etree

    root = etree.fromstring(document)
    for p in list(root.iter(_w("p"))):
        following = p.getnext()
        if not _is_separator(p) or following is None or following.tag != _w("p"):
            continue
        ppr = p.find(_w("pPr"))
        ppr.remove(ppr.find(_w("rPr")))
        _keep_as(ppr, following.find(_w("pPr")), ("keepNext", "keepLines"))
        for child in following:
            if child.tag != _w("pPr"):
                p.append(child)
        following.getparent().remove(following)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _keep_as(ppr: Any, body: Any, tags: tuple[str, ...]) -> None:
    """Set these pPr switches directly as the body paragraph's pPr (body) sets them, else off,
    right after the pStyle (their place in the schema)."""
    from lxml import etree

    style = ppr.find(_w("pStyle"))
    at = 0 if style is None else ppr.index(style) + 1
    for offset, tag in enumerate(tags):
        for old in ppr.findall(_w(tag)):
            ppr.remove(old)
        own = body.find(_w(tag)) if body is not None else None
        value = own.get(_w("val"), "1") if own is not None else "0"
        ppr.insert(at + offset, etree.Element(_w(tag), {_w("val"): value}))


def join_closing(document: bytes) -> bytes:
    """For LibreOffice: end the last paragraph of text with the 署名 and 成文日期 as its own
    last lines (line breaks, tab stops where their right indents and widths start them).

    Word keeps a paragraph with the next by its last lines; LibreOffice (7.4, measured) moves
    the whole paragraph, leaving the page before half empty. As lines of one paragraph, the
    text's last lines go with the 署名 by widow control (pdf._closing_widows).
    Only the plain ending is joined: text, blank line, 署名 lines, 成文日期 (no 附件说明 between).
    """
    from lxml import etree

    root = etree.fromstring(document)
    body = root.find(_w("body"))
    if body is None:
        return document
    paragraphs = [c for c in body if c.tag == _w("p")]
    closing = _closing(paragraphs)
    if closing is None:
        return document
    text, blank, *rest = closing
    width = _text_width(body)
    ppr = text.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        text.insert(0, ppr)
    _keep_as(ppr, None, ("keepNext", "keepLines"))
    starts = [_start(line, width) for line in rest]  # each line's left end, in twips
    stops = sorted(set(starts))
    tabs = etree.Element(_w("tabs"))
    for stop in stops:
        etree.SubElement(tabs, _w("tab"), {_w("val"): "left", _w("pos"): str(stop)})
    _place(ppr, tabs, "tabs")
    for tag in ("br", "tab", "br"):  # the blank line holds a tab: LibreOffice sets an empty
        etree.SubElement(etree.SubElement(text, _w("r")), _w(tag))  # line off the grid
    for number, (line, start) in enumerate(zip(rest, starts, strict=True)):
        for _ in range(stops.index(start) + 1):  # a tab goes to the next stop along
            etree.SubElement(etree.SubElement(text, _w("r")), _w("tab"))
        for child in line:
            if child.tag != _w("pPr"):
                text.append(child)
        if number < len(rest) - 1:
            etree.SubElement(etree.SubElement(text, _w("r")), _w("br"))
    for gone in (blank, *rest):
        body.remove(gone)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _closing(paragraphs: list[Any]) -> list[Any] | None:
    """The last paragraph of text, the blank line, the 署名 lines (one organ a line, or none)
    and the 成文日期, when the document ends with exactly those: the writer keeps each but the
    date with the next, and nothing before the text (a 附件说明 line would be kept)."""
    if not paragraphs:
        return None
    at = len(paragraphs) - 1  # the date
    while at > 0 and _kept(paragraphs[at - 1]) and "".join(paragraphs[at - 1].itertext()):
        at -= 1  # 署名 lines
    blank, text = at - 1, at - 2
    if text < 1 or not (_kept(paragraphs[blank]) and _kept(paragraphs[text])) \
            or "".join(paragraphs[blank].itertext()) or _kept(paragraphs[text - 1]) \
            or not all("".join(p.itertext()) for p in paragraphs[text:blank] + paragraphs[at:]) \
            or any(p.find(f"{_w('pPr')}/{_w('tabs')}") is not None for p in paragraphs[at:]):
        return None  # (organs side by side on their own tab stops, signoff.py: left as they are)
    return paragraphs[text:]


def _kept(p: Any) -> bool:
    """True when a paragraph keeps with the next by its own (direct) setting."""
    found = p.find(f"{_w('pPr')}/{_w('keepNext')}")
    return found is not None and found.get(_w("val"), "1") in ("1", "true", "on")


def _text_width(body: Any) -> int:
    """The width of the text block in twips, from the section's page size and margins."""
    section = body.find(_w("sectPr"))
    size = section.find(_w("pgSz")) if section is not None else None
    margins = section.find(_w("pgMar")) if section is not None else None
    if size is None or margins is None:
        return 8845  # A4 with the GB/T 9704 margins
    return int(size.get(_w("w"))) - int(margins.get(_w("left"))) - int(margins.get(_w("right")))


def _start(p: Any, width: int) -> int:
    """Where a right-aligned one-line paragraph starts, in twips from the left margin: its
    right indent and its text's width (layout.text_width) back from the right margin."""
    from ..report.layout import text_width
    from .docx import CHAR_TWIPS

    found = p.find(f"{_w('pPr')}/{_w('ind')}")
    right = int(found.get(_w("right"), "0")) if found is not None else 0
    return width - right - round(text_width("".join(p.itertext())) * CHAR_TWIPS)


def _place(ppr: Any, element: Any, tag: str) -> None:
    """Put a pPr child in its schema place: tabs come before spacing, ind, jc and the rest."""
    later = {_w(t) for t in ("suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
                             "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
                             "adjustRightInd", "snapToGrid", "spacing", "ind",
                             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
                             "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}
    for old in ppr.findall(_w(tag)):
        ppr.remove(old)
    following = next((c for c in ppr if c.tag in later), None)
    if following is None:
        ppr.append(element)
    else:
        following.addprevious(element)

