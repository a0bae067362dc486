"""Write a Report as .docx on the reference document, referring to its styles by name.

The reference package is read with writers/package.py and the paragraphs are added as lxml
elements, exactly as python-docx would add them (same elements, attributes and order), without
importing python-docx: that import alone costs ~40 ms of every start.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..report.layout import attachment_indents, signature_block
from ..report.model import Paragraph, Report
from .fonts import ROLE_STYLES
from .fonttable import LATIN, merge_font_table
from .letterhead import is_blank, open_reference
from .styles import BODY_CHAR_STYLE, HEADING_STYLES, Styles, check_styles
from .typeset import (
    NAME_LANGUAGE,
    keep_together,
    mark_style_separator,
    names_in,
    nobreak_names,
    plain_text,
)

if TYPE_CHECKING:
    from .fonts import Fonts

#: One 三号 character as laid out: 16 pt with the body's -0.25 pt character spacing.
CHAR_TWIPS = 315
BODY_INDENT = 2.0  # 字: GB/T 9704 7.3.3, every paragraph 左空二字
FONT_TABLE = "word/fontTable.xml"
HIGHLIGHT = "yellow"  # the 【待补充】 and 【待填】 markers
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Child order inside pPr, rPr and style (ECMA-376; python-docx inserts in the same order).
_PPR = tuple(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split())
_RPR = tuple(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath".split())
_STYLE = tuple(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden "
    "unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr "
    "tblPr trPr tcPr tblStylePr".split())


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag or attribute: w('p') -> '{…/main}p'."""
    return f"{{{_W}}}{tag}"


# The names every paragraph and run uses, spelt out once (w() ran ~600 times a report).
_P, _PPR_TAG, _PSTYLE, _R, _RPR_TAG, _RSTYLE, _HIGHLIGHT, _T, _TAB, _BR, _VAL = (
    w(t) for t in ("p", "pPr", "pStyle", "r", "rPr", "rStyle", "highlight", "t", "tab", "br",
                   "val"))
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class Rendered(NamedTuple):
    """A .docx built in memory: its bytes, and its text as report.verify.docx_text reads it
    back from them, taken from the tree just serialised (parsing the bytes again cost ~2% of
    a batch)."""

    data: bytes
    text: str


def render_docx(report: Report, reference: Path, env: Any = None,
                fonts: Fonts | None = None) -> Rendered:
    """Build the .docx in memory from the reference document; return its bytes and text."""
    if env is None:
        from ..report.render import make_env

        env = make_env(None)
    package = open_reference(reference, report.variables, env)
    styles = Styles(package, reference)
    check_styles(styles, report, reference)
    body = package.xml(package.main).find(w("body"))
    if is_blank(body):
        _clear_body(body)
    text = "\n".join([para.text for para in report.paragraphs()])  # keep_together's only text
    doc = _Body(body, styles, names_in(nobreak_names(env), text))
    _add_front(doc, report)
    for para in report.paragraphs():
        _add(doc, para)
    _add_closing(doc, report)
    doc.close()
    package.set_title("".join(report.title)[:255])  # Word's limit
    if fonts and fonts.roles and styles.name in package.blobs:
        _apply_fonts(package.xml(styles.name), fonts.roles)
        if FONT_TABLE in package.blobs:
            package.blobs[FONT_TABLE] = merge_font_table(package.blobs[FONT_TABLE], fonts)
    return Rendered(package.save(), plain_text(package.xml(package.main)))


class _Body:
    """Adds paragraphs and runs to the body as python-docx's add_paragraph and add_run do."""

    def __init__(self, body: Any, styles: Styles, nobreak: tuple[str, ...] = ()) -> None:
        from copy import copy

        from lxml import etree

        self.body = body
        self.styles = styles
        self.nobreak = nobreak  # names kept on one line (typeset.keep_together)
        self.section = body.find(w("sectPr"))  # moved back to the end by close()
        self.sub = etree.SubElement  # imported once a report, not once an element
        self.copy = copy  # a template copied: lxml's copy is deep too, without deepcopy's memo

    def paragraph(self, text: str = "", style: str | None = None, separator: bool = False,
                  keep: bool = False) -> Any:
        """Add a paragraph; a style (even the default one) gives it a w:pPr; a separator
        hides its mark (a run-in heading's, typeset.mark_style_separator); keep keeps it
        with the next (w:keepNext)."""
        style_id = self.styles.id(style, "paragraph") if style is not None else None
        plain = bool(text) and "\t" not in text and "\n" not in text and "\r" not in text
        p = self.copy(_paragraph(style is not None, style_id, plain, separator, keep))
        self.body.append(p)
        if plain:
            _set_text(p[-1][0], text)  # the usual paragraph: one run of plain text
        elif text:
            self.run(p, text)
        return p

    def run(self, p: Any, text: str, style: str | None = None, highlight: bool = False,
            name: bool = False) -> Any:
        """Add a run: tabs become w:tab, line breaks w:br, the rest w:t; a name kept on one
        line (typeset.py) is marked as text of no language, not spell-checked."""
        style_id = self.styles.id(style, "character") if style is not None else None
        plain = bool(text) and "\t" not in text and "\n" not in text and "\r" not in text
        r = self.copy(_run(style is not None or highlight or name, style_id, highlight, name,
                           plain))
        p.append(r)
        if plain:
            _set_text(r[-1], text)  # the usual run: one w:t
        else:
            for piece in _pieces(text):
                if piece in ("\t", "\n", "\r"):
                    self.sub(r, _TAB if piece == "\t" else _BR)
                else:
                    _set_text(self.sub(r, _T), piece)
        return r

    def last_paragraph(self) -> Any:
        """The body's last paragraph, or None."""
        return next(self.body.iterchildren(_P, reversed=True), None)

    def close(self) -> None:
        """Put the section properties back after the paragraphs added."""
        if self.section is not None:
            self.body.append(self.section)


def _set_text(t: Any, text: str) -> None:
    """Give a w:t its text, preserving spaces at its ends as python-docx does."""
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")


@lru_cache(maxsize=64)
def _paragraph(styled: bool, style_id: str | None, run: bool, separator: bool = False,
               keep: bool = False) -> Any:
    """A paragraph to copy (never changed itself): with a w:pPr when styled or kept with the
    next, naming the style when it is not its kind's default, its mark hidden when
    separator; with a run of one empty w:t when run."""
    from lxml import etree

    p = etree.Element(_P, nsmap={"w": _W})
    if styled or keep:
        ppr = etree.SubElement(p, _PPR_TAG)
        if style_id is not None:
            etree.SubElement(ppr, _PSTYLE, {_VAL: style_id})
        if keep:
            etree.SubElement(ppr, w("keepNext"))
        if separator:
            mark_style_separator(ppr)
    if run:
        etree.SubElement(etree.SubElement(p, _R), _T)
    return p


@lru_cache(maxsize=64)
def _run(formatted: bool, style_id: str | None, highlight: bool, name: bool, text: bool) -> Any:
    """A run to copy (never changed itself; copying it costs a quarter of building it): with
    a w:rPr when formatted, holding what python-docx's add_run and font settings would
    write; with one empty w:t when text."""
    from lxml import etree

    r = etree.SubElement(etree.Element(_P, nsmap={"w": _W}), _R)
    if formatted:
        rpr = etree.SubElement(r, _RPR_TAG)
        if style_id is not None:
            etree.SubElement(rpr, _RSTYLE, {_VAL: style_id})
        if name:
            etree.SubElement(rpr, w("noProof"))
        if highlight:
            etree.SubElement(rpr, _HIGHLIGHT, {_VAL: HIGHLIGHT})
        if name:
            etree.SubElement(rpr, w("lang"), {w("eastAsia"): NAME_LANGUAGE})
    if text:
        etree.SubElement(r, _T)
    return r


def _pieces(text: str) -> list[str]:
    """Split text into runs of characters and single tabs or line breaks."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return [text] if text else []  # the usual case: one piece
    import re

    return [piece for piece in re.split(r"([\t\r\n])", text) if piece]


def _child(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """Return parent's child tag, adding it before the first child that must follow it (one
    look at each child; the new element made in parent's document, not in one of its own)."""
    from lxml import etree

    name, later, following = w(tag), _later(tag, order), None
    for child in parent:
        if child.tag == name:
            return child
        if following is None and child.tag in later:
            following = child
    element = etree.SubElement(parent, name)
    if following is not None:
        following.addprevious(element)
    return element


@lru_cache(maxsize=64)
def _later(tag: str, order: tuple[str, ...]) -> frozenset[str]:
    """The Clark names of the children that must follow tag (a dozen _child calls a report
    each spelt out some thirty)."""
    return frozenset(w(t) for t in order[order.index(tag) + 1:])


def _ppr(p: Any) -> Any:
    """The paragraph's w:pPr, added as its first child when missing."""
    from lxml import etree

    found = next(p.iterchildren(_PPR_TAG), None)
    if found is None:
        found = etree.SubElement(p, _PPR_TAG)
        p.insert(0, found)
    return found


def _clear_body(body: Any) -> None:
    """Remove the reference document's paragraphs and tables, keeping its section settings."""
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _add_front(doc: _Body, report: Report) -> None:
    """发文字号, the title lines, the byline and the 主送机关 (GB/T 9704 7.2.4, 7.3.1, 7.3.2)."""
    if report.doc_number:
        number = doc.paragraph(report.doc_number, "发文字号")
        if report.signer:
            from .signoff import add_signers

            add_signers(doc, number, report.signer.split("\n"))
        for _ in range(2):  # the title sits two lines below
            doc.paragraph("")
    for line in report.title:
        doc.paragraph(line, "Title")
    if report.byline:
        doc.paragraph(report.byline, "作者")  # its own paragraph, not a title line
    doc.paragraph("")  # 7.3.2: one blank line below the title
    if report.recipient:
        doc.paragraph(report.recipient, "主送机关")


def _add(doc: _Body, para: Paragraph) -> None:
    if para.level and para.lead and len(para.text) > len(para.lead):
        # Run-in heading: a heading paragraph ending in Word's style separator, then the body.
        p = doc.paragraph(style=HEADING_STYLES[para.level], separator=True)
        _add_runs(doc, p, para, 0, len(para.lead), None)
        _add_runs(doc, doc.paragraph(style="Normal"), para, len(para.lead), len(para.text),
                  BODY_CHAR_STYLE)
    else:
        style = HEADING_STYLES[para.level] if para.level else "Normal"
        pieces = keep_together(para.text, doc.nobreak) if not para.marks else []
        if len(pieces) == 1 and not pieces[0][1]:  # the usual paragraph: one run
            p = doc.paragraph(para.text, style)
        else:
            p = doc.paragraph(style=style)
            _add_runs(doc, p, para, 0, len(para.text), None)
        if para.placeholder:
            first = p.find(w("r"))
            rpr = first.find(w("rPr"))
            if rpr is None:
                from lxml import etree

                rpr = etree.Element(w("rPr"))
                first.insert(0, rpr)
            _child(rpr, "highlight", _RPR).set(w("val"), HIGHLIGHT)


def _add_runs(doc: _Body, p: Any, para: Paragraph, start: int, end: int,
              style: str | None) -> None:
    """Add text[start:end] as runs, highlighting the 【待填：…】 markers inside it."""
    cuts = sorted({start, end, *(i for span in para.marks for i in span if start < i < end)})
    for a, b in itertools.pairwise(cuts):
        marked = any(m0 <= a and b <= m1 for m0, m1 in para.marks)
        for piece, name in keep_together(para.text[a:b], doc.nobreak):
            doc.run(p, piece, style, marked, name)


def _add_closing(doc: _Body, report: Report) -> None:
    """附件说明, 署名 and 成文日期, placed per GB/T 9704 7.3.4 and 7.3.5.

    Every paragraph from the body's last one to the date is kept with the next, so the
    署名 and date never stand alone on a page (7.3.5.5): the body's last line comes along.
    """
    last = doc.last_paragraph()
    kept = [last] if last is not None else []  # the paragraphs added here are made kept
    if report.attachments:
        doc.paragraph("", keep=True)
        for line, (left, hanging) in zip(report.attachments,
                                         attachment_indents(report.attachments, BODY_INDENT)):
            _indent(doc.paragraph(line, "附件说明", keep=True), left=left, hanging=hanging)
    doc.paragraph("", keep=True)
    organs = report.signature.split("\n") if report.signature else []
    rights, date_right = signature_block(organs, report.date, report.sealed)
    if report.sealed and len(organs) > 1:  # joint, sealed: side by side (7.3.5.1)
        from .signoff import add_sealed_organs

        kept += add_sealed_organs(doc, organs, report.date)
        rights = []
    for organ, right in zip(organs, rights):  # one organ a line (7.3.5: 联合行文)
        _indent(doc.paragraph(organ, "署名", keep=True), right=right)
    _indent(doc.paragraph(report.date, "成文日期"), right=date_right)
    for paragraph in kept:
        _child(_ppr(paragraph), "keepNext", _PPR)


def _indent(paragraph: Any, left: float = 0, right: float = 0, hanging: float = 0) -> None:
    """Indent a paragraph by widths in 字, in twips (LibreOffice) and in characters (Word)."""
    ind = _child(_ppr(paragraph), "ind", _PPR)
    for side, chars in (("left", left), ("right", right), ("hanging", hanging)):
        if chars:
            ind.set(w(side), str(round(chars * CHAR_TWIPS)))
            ind.set(w(f"{side}Chars"), str(round(chars * 100)))


def _apply_fonts(root: Any, roles: dict[str, str]) -> None:
    """Set the East Asian font of each role's styles (and the document default for 正文)."""
    styles = {s.find(w("name")).get(w("val")): s for s in root.iterchildren(w("style"))
              if s.find(w("name")) is not None}
    for role, font in roles.items():
        for name in ROLE_STYLES.get(role, ()):
            if name in styles:
                _set_font(_child(styles[name], "rPr", _STYLE), font, every_slot=role == "页码")
    default = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    if "正文" in roles and default is not None:
        _set_font(default, roles["正文"], every_slot=False)


def _set_font(rpr: Any, font: str, every_slot: bool) -> None:
    """Write the font in w:eastAsia (python-docx's font.name does not), dropping theme fonts."""
    rfonts = _child(rpr, "rFonts", _RPR)
    for attr in [a for a in rfonts.attrib if a.endswith("Theme")]:
        del rfonts.attrib[attr]
    latin = font if every_slot else (rfonts.get(w("ascii")) or LATIN)
    for slot in ("ascii", "hAnsi", "cs"):
        rfonts.set(w(slot), latin)
    rfonts.set(w("eastAsia"), font)
    rfonts.set(w("hint"), "eastAsia")
