"""Open the reference .docx through docxtpl, filling a bureau's {{ 单位 }}-style placeholders.

Whatever the reference document's body holds (a letterhead: red title, a rule) stays at the top
of the report; headers and footers are filled the same way. Errors name the file, the part
(正文, 页眉, 页脚) and the text near the mistake, since a .docx has no line numbers to show.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from .package import Package, unzip

_PARTS = {"document": "正文", "header": "页眉", "footer": "页脚"}
_VISIBLE = ("t", "drawing", "pict", "object", "pBdr")
#: The parts docxtpl renders: body, headers, footers, footnotes and the core properties.
_RENDERED = ("document", "header", "footer", "footnotes", "core")


def open_reference(reference: Path, variables: Mapping[str, str], env: Any) -> Package:
    """Return the reference package with its placeholders filled (docxtpl, when it has any)."""
    from lxml.etree import XMLSyntaxError

    try:
        plain = _plain(reference)
        if plain is not None:  # no placeholders: docxtpl and python-docx cost ~50 ms to import
            return Package(plain)
        return Package(unzip(_filled(reference, variables, env)))
    except (XMLSyntaxError, OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise TemplateError(f"{reference}: 无法打开参考文档，请确认它是用 Word 保存的 .docx 文件") from e


def _filled(reference: Path, variables: Mapping[str, str], env: Any) -> bytes:
    """The reference rendered by docxtpl, as .docx bytes."""
    import io

    import jinja2
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(str(reference))
        template.render(variables, jinja_env=env.overlay(autoescape=True), autoescape=True)
    except jinja2.UndefinedError as e:
        raise TemplateError(_undefined(reference, template, e, variables)) from e
    except jinja2.TemplateError as e:
        raise TemplateError(_syntax(reference, template, e)) from e
    except PackageNotFoundError as e:
        raise OSError(str(e)) from e
    buffer = io.BytesIO()
    template.docx.save(buffer)
    return buffer.getvalue()


def _plain(reference: Path) -> dict[str, bytes] | None:
    """The reference's parts when it has no placeholders, else None; read once per version."""
    stat = reference.stat()
    return _read_plain(reference, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_plain(reference: Path, mtime_ns: int, size: int) -> dict[str, bytes] | None:
    return None if has_placeholders(reference) else unzip(reference.read_bytes())


def has_placeholders(reference: Path) -> bool:
    """True unless the reference surely has no {{ }}, {% %} or {# #}: no brace in any part
    docxtpl fills. Anything unreadable is left to docxtpl to report."""
    try:
        with zipfile.ZipFile(reference) as z:
            parts = [n for n in z.namelist() if n.endswith(".xml")
                     and n.rsplit("/", 1)[-1].startswith(_RENDERED)]
            return "word/document.xml" not in parts or any(b"{" in z.read(n) for n in parts)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return True


def is_blank(body: Any) -> bool:
    """True when the body holds nothing visible (no text, drawing, border or table)."""
    for child in body:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "sectPr":
            continue
        if tag != "p" or any(el.tag.rsplit("}", 1)[-1] in _VISIBLE and _shows(el)
                             for el in child.iter()):
            return False
    return True


def _shows(element: Any) -> bool:
    """A w:t shows only with text; drawings and borders always show."""
    return not element.tag.endswith("}t") or bool(element.text)


def _part_name(template: Any) -> str:
    part = getattr(template, "current_rendering_part", None)
    name = str(getattr(part, "partname", "")).rsplit("/", 1)[-1]
    return next((cn for key, cn in _PARTS.items() if name.startswith(key)), "正文")


def _undefined(reference: Path, template: Any, error: Exception,
               variables: Mapping[str, str]) -> str:
    """Explain an unknown placeholder, quoting the paragraph that holds it."""
    match = re.search(r"'([^']+)' is undefined", str(error))
    name = match[1] if match else str(error)
    near = _paragraph_with(reference, name)
    where = f"（附近的文字：“{near}”）" if near else ""
    return (f"{reference}（{_part_name(template)}）: 模板使用了不存在的变量“{name}”{where}；"
            f"可用的变量：{'、'.join(variables)}")


def _syntax(reference: Path, template: Any, error: Exception) -> str:
    """Explain a Jinja syntax error, quoting the text around it."""
    lines = [line.strip() for line in getattr(error, "docx_context", []) or []]
    near = " / ".join(line for line in lines if line)
    where = f"（附近的文字：“{near}”）" if near else ""
    message = getattr(error, "message", None) or str(error)
    return f"{reference}（{_part_name(template)}）: 模板语法错误：{message}{where}"


def _paragraph_with(reference: Path, name: str) -> str:
    """Return the text of the first paragraph (body, headers, footers) mentioning name."""
    import docx

    document = docx.Document(str(reference))
    paragraphs = list(document.paragraphs)
    for section in document.sections:
        for part in (section.header, section.footer, section.even_page_header,
                     section.even_page_footer, section.first_page_header,
                     section.first_page_footer):
            paragraphs.extend(part.paragraphs)
    return next((p.text for p in paragraphs if name in p.text), "")
