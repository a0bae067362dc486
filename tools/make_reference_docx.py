"""Write templates/reference.docx: the small reference document the .docx writer builds on.

Run `python tools/make_reference_docx.py` after changing it. Bureaus may instead restyle
templates/reference.docx in Word: the writer refers to styles by name only (see
templates/README.md). Numbers follow GB/T 9704-2012 (see shared docs, domain.md §2–§3).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fazhi_writer.writers.docx import CHAR_TWIPS  # noqa: E402
from fazhi_writer.writers.fonts import ROLE_STYLES  # noqa: E402
from fazhi_writer.writers.fonttable import LATIN, font_table_xml  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def default_profile() -> tuple[dict[str, str], dict[str, list[str]]]:
    """The GB2312 profile of templates/fonts.yaml (the reference's own fonts) and fallbacks."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((ROOT / "templates" / "fonts.yaml").read_text(encoding="utf-8"))
    return {role: data["方案"]["GB2312"][role] for role in ROLE_STYLES}, data["备选"]


PROFILE, FALLBACKS = default_profile()


def fonts(east_asia: str, latin: str = LATIN) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asia}" w:hAnsi="{latin}" '
            f'w:cs="{latin}" w:hint="eastAsia"/>')


def style(kind: str, sid: str, name: str, ppr: str = "", rpr: str = "", extra: str = "") -> str:
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{extra}'
            f"{ppr}{rpr}</w:style>")


def indent(right_chars: float = 0) -> str:
    """A w:ind without first-line indent, right-indented by a number of 字 (both units)."""
    right = (f'w:rightChars="{round(right_chars * 100)}" w:right="{round(right_chars * CHAR_TWIPS)}" '
             if right_chars else "")
    return f'<w:ind {right}w:firstLineChars="0" w:firstLine="0"/>'


# Child order inside pPr and rPr is fixed by the schema (ECMA-376 CT_PPrBase / CT_RPr).
# LibreOffice honours neither snapToGrid=0 nor the grid's charSpace the way Word does: with a
# linesAndChars grid it lays out 27 characters a line, so the grid is a line grid only and the
# 28 characters come from the -0.25 pt character spacing (measured: 22 x 28 in LibreOffice 7.4).
# widowControl is on, as a typesetter wants it: no paragraph leaves one line alone at a page's
# foot or head (a page may then end a line early); overflowPunct=0 stops punctuation hanging
# into the margin (a 29th character); autoSpaceDE/DN=0 stop the extra space Word and LibreOffice
# put between Chinese and digits ("2024 年"), which GB/T 15835 does not have.
# Only paragraphs that stand alone keep with the next one (title lines, headings, the byline):
# body text never does, so no chain of paragraphs moves to the next page as a block. A run-in
# heading is a heading paragraph with a style separator (writers/typeset.py), joined to its
# body, which breaks across pages like any body paragraph.
BODY_PPR = ('<w:widowControl/><w:overflowPunct w:val="0"/>'
            '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>'
            '<w:spacing w:after="0" w:line="579" w:lineRule="exact"/>'
            f'<w:ind w:firstLineChars="200" w:firstLine="{2 * CHAR_TWIPS}"/><w:jc w:val="both"/>')
BASED_ON_NORMAL = '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults>
<w:rPrDefault><w:rPr>{fonts(PROFILE["正文"])}<w:kern w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/>
<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="579" w:lineRule="exact"/></w:pPr></w:pPrDefault>
</w:docDefaults>
{style("paragraph", "Normal", "Normal", BODY_PPR,
       f'{fonts(PROFILE["正文"])}<w:snapToGrid w:val="0"/><w:spacing w:val="-5"/>'
       '<w:sz w:val="32"/><w:szCs w:val="32"/>',
       '<w:qFormat/>').replace('w:type="paragraph" w:styleId="Normal"',
                               'w:type="paragraph" w:default="1" w:styleId="Normal"')}
{style("character", "DefaultParagraphFont", "Default Paragraph Font",
       extra='<w:uiPriority w:val="1"/><w:semiHidden/>').replace(
           'w:styleId="DefaultParagraphFont"', 'w:default="1" w:styleId="DefaultParagraphFont"')}
{style("paragraph", "Title", "Title",
       f'<w:keepNext/><w:keepLines/><w:spacing w:after="0" w:line="579" w:lineRule="exact"/>'
       f'{indent()}'
       '<w:jc w:val="center"/>',
       f'{fonts(PROFILE["标题"])}<w:spacing w:val="0"/><w:sz w:val="44"/><w:szCs w:val="44"/>',
       f'{BASED_ON_NORMAL}<w:qFormat/>')}
{style("paragraph", "Heading1", "heading 1",
       '<w:keepNext/><w:keepLines/><w:outlineLvl w:val="0"/>', fonts(PROFILE["一级标题"]),
       f'{BASED_ON_NORMAL}<w:qFormat/>')}
{style("paragraph", "Heading2", "heading 2",
       '<w:keepNext/><w:keepLines/><w:outlineLvl w:val="1"/>', fonts(PROFILE["二级标题"]),
       f'{BASED_ON_NORMAL}<w:qFormat/>')}
{style("paragraph", "Heading3", "heading 3",
       '<w:keepNext/><w:keepLines/><w:outlineLvl w:val="2"/>', fonts(PROFILE["三级标题"]),
       f'{BASED_ON_NORMAL}<w:qFormat/>')}
{style("paragraph", "Byline", "作者", f'<w:keepNext/>{indent()}<w:jc w:val="center"/>',
       fonts(PROFILE["二级标题"]), BASED_ON_NORMAL)}
{style("character", "BodyChar", "正文字符", rpr=fonts(PROFILE["正文"]),
       extra='<w:basedOn w:val="DefaultParagraphFont"/>')}
{style("character", "SignerName", "签发人姓名", rpr=fonts(PROFILE["二级标题"]),
       extra='<w:basedOn w:val="DefaultParagraphFont"/>')}
{style("paragraph", "DocNumber", "发文字号", f'{indent()}<w:jc w:val="center"/>',
       extra=BASED_ON_NORMAL)}
{style("paragraph", "Recipient", "主送机关", indent(), extra=BASED_ON_NORMAL)}
{style("paragraph", "Attachment", "附件说明", indent(), extra=BASED_ON_NORMAL)}
{style("paragraph", "Signature", "署名", f'{indent(2)}<w:jc w:val="right"/>',
       extra='<w:basedOn w:val="Normal"/><w:next w:val="Date"/>')}
{style("paragraph", "Date", "成文日期", f'{indent(2)}<w:jc w:val="right"/>',
       extra='<w:basedOn w:val="Normal"/>')}
{style("paragraph", "Footer", "footer",
       '<w:snapToGrid w:val="0"/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
       f'{indent()}',
       f'{fonts(PROFILE["页码"], PROFILE["页码"])}<w:spacing w:val="0"/>'
       '<w:sz w:val="28"/><w:szCs w:val="28"/>',
       '<w:basedOn w:val="Normal"/>')}
</w:styles>"""


def footer(align: str, indent: str) -> str:
    def run(text: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'

    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/>'
            f'{indent}<w:jc w:val="{align}"/></w:pPr>{run("— ")}{field}{run(" —")}</w:p></w:ftr>')


DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body><w:p/>
<w:sectPr><w:footerReference w:type="even" r:id="rId5"/><w:footerReference w:type="default" r:id="rId4"/>
<w:pgSz w:w="11906" w:h="16838"/>
<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1446" w:gutter="0"/>
<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579"/>
</w:sectPr></w:body></w:document>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>
<w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
</w:settings>"""


FONT_TABLE = font_table_xml([LATIN, *dict.fromkeys(PROFILE.values())], FALLBACKS)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="word/document.xml"/></Relationships>"""

DOC_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG}">
<Relationship Id="rId1" Type="{DOC_REL}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{DOC_REL}/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="{DOC_REL}/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId4" Type="{DOC_REL}/footer" Target="footer1.xml"/>
<Relationship Id="rId5" Type="{DOC_REL}/footer" Target="footer2.xml"/>
</Relationships>"""

PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": ROOT_RELS,
    "word/document.xml": DOCUMENT,
    "word/_rels/document.xml.rels": DOC_RELS,
    "word/styles.xml": STYLES,
    "word/settings.xml": SETTINGS,
    "word/fontTable.xml": FONT_TABLE,
    # odd pages: right-aligned, one 四号 character (280 twips) in; even pages: left.
    "word/footer1.xml": footer("right", '<w:ind w:right="280"/>'),
    "word/footer2.xml": footer("left", '<w:ind w:left="280"/>'),
}


def main() -> None:
    target = ROOT / "templates" / "reference.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in PARTS.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, xml.encode("utf-8"))
    print(target, target.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
