"""Write a Report as .docx on the reference document, referring to its styles by name."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from ..errors import TemplateError
from ..fonts import ROLE_STYLES
from ..layout import attachment_indents, signature_indents
from ..model import Paragraph, Report
from .letterhead import is_blank, open_reference

if TYPE_CHECKING:
    from ..fonts import Fonts

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
BODY_CHAR_STYLE = "正文字符"
LATIN = "Times New Roman"
#: One 三号 character as laid out: 16 pt with the body's -0.25 pt character spacing.
CHAR_TWIPS = 315
BODY_INDENT = 2.0  # 字: GB/T 9704 7.3.3, every paragraph 左空二字
FONT_TABLE = "word/fontTable.xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def render_docx(report: Report, reference: Path, env: Any = None,
                fonts: Fonts | None = None) -> bytes:
    """Build the .docx in memory from the reference document and return its bytes."""
    from docx.enum.text import WD_COLOR_INDEX

    if env is None:
        from ..render import make_env

        env = make_env(None)
    document = open_reference(reference, report.variables, env)
    _check_styles(document, report, reference)
    if is_blank(document.element.body):
        _clear_body(document)
    _add_front(document, report)
    for para in report.paragraphs():
        _add(document, para, WD_COLOR_INDEX.YELLOW)
    _add_closing(document, report)
    document.core_properties.title = "".join(report.title)[:255]  # Word's limit
    if fonts and fonts.roles:
        _apply_fonts(document, fonts.roles)
    buffer = io.BytesIO()
    document.save(buffer)
    if fonts and fonts.roles:
        return _edit_part(buffer.getvalue(), FONT_TABLE, lambda xml: _merge_font_table(xml, fonts))
    return buffer.getvalue()


def _check_styles(document: Any, report: Report, reference: Path) -> None:
    """Refuse a reference document that lacks a style this report needs, naming them all."""
    needed = ["Title", "Normal", BODY_CHAR_STYLE, "成文日期",
              *(HEADING_STYLES[p.level] for p in report.paragraphs() if p.level)]
    needed += [style for style, used in (("作者", report.byline), ("主送机关", report.recipient),
                                         ("发文字号", report.doc_number),
                                         ("附件说明", report.attachments),
                                         ("署名", report.signature)) if used]
    missing = []
    for name in dict.fromkeys(needed):
        try:
            document.styles[name]
        except KeyError:
            missing.append(name)
    if missing:
        raise TemplateError(
            f"{reference}: 参考文档中没有样式“{'”“'.join(missing)}”。请在 Word 中新建同名样式，"
            f"或用 fazhi-write templates export 重新导出 reference.docx")


def _clear_body(document: Any) -> None:
    """Remove the reference document's paragraphs and tables, keeping its section settings."""
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _add_front(document: Any, report: Report) -> None:
    """发文字号, the title lines, the byline and the 主送机关 (GB/T 9704 7.2.4, 7.3.1, 7.3.2)."""
    if report.doc_number:
        document.add_paragraph(report.doc_number, style="发文字号")
        for _ in range(2):  # the title sits two lines below
            document.add_paragraph("")
    for line in report.title:
        document.add_paragraph(line, style="Title")
    if report.byline:
        document.add_paragraph(report.byline, style="作者")  # its own paragraph, not a title line
    document.add_paragraph("")  # 7.3.2: one blank line below the title
    if report.recipient:
        document.add_paragraph(report.recipient, style="主送机关")


def _add(document: Any, para: Paragraph, highlight: Any) -> None:
    if para.level and para.lead:
        # Run-in heading: the paragraph is an outline heading, only the lead takes its font.
        p = document.add_paragraph(style=HEADING_STYLES[para.level])
        _add_runs(p, para, 0, len(para.lead), None, highlight)
        _add_runs(p, para, len(para.lead), len(para.text), BODY_CHAR_STYLE, highlight)
    else:
        style = HEADING_STYLES[para.level] if para.level else "Normal"
        p = document.add_paragraph(style=style)
        _add_runs(p, para, 0, len(para.text), None, highlight)
        if para.placeholder:
            p.runs[0].font.highlight_color = highlight


def _add_runs(p: Any, para: Paragraph, start: int, end: int, style: str | None,
              highlight: Any) -> None:
    """Add text[start:end] as runs, highlighting the 【待填：…】 markers inside it."""
    cuts = sorted({start, end, *(i for span in para.marks for i in span if start < i < end)})
    for a, b in zip(cuts, cuts[1:]):
        run = p.add_run(para.text[a:b], style=style)
        if any(m0 <= a and b <= m1 for m0, m1 in para.marks):
            run.font.highlight_color = highlight


def _add_closing(document: Any, report: Report) -> None:
    """附件说明, 署名 and 成文日期, placed per GB/T 9704 7.3.4 and 7.3.5.2.

    Every paragraph from the body's last one to the date is kept with the next, so the
    署名 and date never stand alone on a page (7.3.5.5): the body's last line comes along.
    """
    chain = [document.paragraphs[-1]] if document.paragraphs else []
    if report.attachments:
        chain.append(document.add_paragraph(""))
        for line, (left, hanging) in zip(report.attachments,
                                         attachment_indents(report.attachments, BODY_INDENT)):
            chain.append(document.add_paragraph(line, style="附件说明"))
            _indent(chain[-1], left=left, hanging=hanging)
    chain.append(document.add_paragraph(""))
    signature_right, date_right = signature_indents(report.signature, report.date)
    if report.signature:
        chain.append(document.add_paragraph(report.signature, style="署名"))
        _indent(chain[-1], right=signature_right)
    _indent(document.add_paragraph(report.date, style="成文日期"), right=date_right)
    for paragraph in chain:
        paragraph.paragraph_format.keep_with_next = True


def _indent(paragraph: Any, left: float = 0, right: float = 0, hanging: float = 0) -> None:
    """Indent a paragraph by widths in 字, in twips (LibreOffice) and in characters (Word)."""
    from docx.oxml.ns import qn

    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for side, chars in (("left", left), ("right", right), ("hanging", hanging)):
        if chars:
            ind.set(qn(f"w:{side}"), str(round(chars * CHAR_TWIPS)))
            ind.set(qn(f"w:{side}Chars"), str(round(chars * 100)))


def _apply_fonts(document: Any, roles: dict[str, str]) -> None:
    """Set the East Asian font of each role's styles (and the document default for 正文)."""
    from docx.oxml.ns import qn

    styles = {s.find(qn("w:name")).get(qn("w:val")): s
              for s in document.styles.element.iterchildren(qn("w:style"))
              if s.find(qn("w:name")) is not None}
    for role, font in roles.items():
        for name in ROLE_STYLES.get(role, ()):
            if name in styles:
                _set_font(styles[name].get_or_add_rPr(), font, every_slot=role == "页码")
    default = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if "正文" in roles and default is not None:
        _set_font(default, roles["正文"], every_slot=False)


def _set_font(rpr: Any, font: str, every_slot: bool) -> None:
    """Write the font in w:eastAsia (python-docx's font.name does not), dropping theme fonts."""
    from docx.oxml.ns import qn

    rfonts = rpr.get_or_add_rFonts()
    for attr in [a for a in rfonts.attrib if a.endswith("Theme")]:
        del rfonts.attrib[attr]
    latin = font if every_slot else (rfonts.get(qn("w:ascii")) or LATIN)
    for slot in ("ascii", "hAnsi", "cs"):
        rfonts.set(qn(f"w:{slot}"), latin)
    rfonts.set(qn("w:eastAsia"), font)
    rfonts.set(qn("w:hint"), "eastAsia")


def font_entry_xml(name: str, alternates: Iterable[str] = ()) -> str:
    """One w:font of the font table: a Chinese font with its alternates (w:altName)."""
    if name == LATIN:
        return (f'<w:font w:name="{LATIN}"><w:panose1 w:val="02020603050405020304"/>'
                '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')
    alt = ",".join(alternates)
    alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
    return (f"<w:font w:name={quoteattr(name)}>{alt_xml}<w:charset w:val=\"86\"/>"
            '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')


def font_table_xml(names: Iterable[str], fallbacks: dict[str, list[str]]) -> str:
    """The whole font table part for these fonts."""
    entries = "\n".join(font_entry_xml(n, fallbacks.get(n, ())) for n in names)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts xmlns:w="{_W}">\n{entries}\n</w:fonts>')


def _merge_font_table(xml: bytes, fonts: Fonts) -> bytes:
    """Replace or add the font table entries of the chosen fonts, keeping the others."""
    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(xml)
    chosen = list(dict.fromkeys(fonts.roles.values()))
    for old in [f for f in root if f.get(f"{{{_W}}}name") in chosen]:
        root.remove(old)
    for entry in etree.fromstring(font_table_xml(chosen, fonts.fallbacks).encode("utf-8")):
        root.append(entry)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _edit_part(data: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    """Return the .docx with one part rewritten; every other entry is copied once, unchanged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            dst.writestr(info, edit(blob) if info.filename == name else blob)
    return out.getvalue()
