"""The font table part (word/fontTable.xml) of the .docx: the chosen Chinese fonts with their
alternates, so Word can substitute one that is installed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fonts import Fonts

LATIN = "Times New Roman"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def font_entry_xml(name: str, alternates: Iterable[str] = ()) -> str:
    """One w:font of the font table: a Chinese font with its alternates (w:altName)."""
    from xml.sax.saxutils import quoteattr  # imports urllib.request: only when fonts are set

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


def merge_font_table(xml: bytes, fonts: Fonts) -> bytes:
    """Replace or add the font table entries of the chosen fonts, keeping the others."""
    from lxml import etree

    root = etree.fromstring(xml)
    chosen = list(dict.fromkeys(fonts.roles.values()))
    for old in [f for f in root if f.get(f"{{{_W}}}name") in chosen]:
        root.remove(old)
    for entry in etree.fromstring(font_table_xml(chosen, fonts.fallbacks).encode("utf-8")):
        root.append(entry)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
