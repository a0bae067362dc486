"""The reference document's styles by name, resolved to IDs the way python-docx resolves them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import TemplateError
from ..report.model import Report
from .package import STYLES

if TYPE_CHECKING:
    from .package import Package

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
BODY_CHAR_STYLE = "正文字符"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: UI names python-docx translates to the names styles.xml uses.
_INTERNAL_NAMES = {"Caption": "caption", "Footer": "footer", "Header": "header",
                   **{f"Heading {n}": f"heading {n}" for n in range(1, 10)}}


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag or attribute."""
    return f"{{{_W}}}{tag}"


class Styles:
    """The reference's styles by name, resolved to IDs the way python-docx resolves them."""

    def __init__(self, package: Package, reference: Path) -> None:
        self.name = package.related(package.main, STYLES)
        self.reference = reference
        self.table = (_style_table(package.read(self.name))
                      if self.name is not None and self.name in package.blobs
                      else _StyleTable({}, {}))

    def find(self, name: str) -> tuple[str, str | None, bool] | None:
        """The style called name (a UI name such as Heading 1 works too): its type, ID and
        whether it is its type's default; None when there is none."""
        return self.table.by_name.get(_INTERNAL_NAMES.get(name, name))

    def id(self, name: str, kind: str) -> str | None:
        """The ID of a style of this kind; None for the kind's default style (no pStyle)."""
        if (name, kind) in self.table.ids:
            return self.table.ids[name, kind]
        found = self.find(name)  # there is one: check_styles made sure
        assert found is not None
        style_kind, style_id, default = found
        if style_kind != kind:
            raise TemplateError(f"{self.reference}: 参考文档中的样式“{name}”不是"
                                f"{'段落' if kind == 'paragraph' else '字符'}样式，请在 Word 中修改")
        self.table.ids[name, kind] = None if default else style_id
        return self.table.ids[name, kind]


class _StyleTable(NamedTuple):
    """What a styles part says about its styles by name, worked out once per process."""

    by_name: dict[str, tuple[str, str | None, bool]]
    """Each name's first style: its type, ID and whether it is its type's default."""
    ids: dict[tuple[str, str], str | None]
    """The IDs id() found, by name and kind."""


@lru_cache(maxsize=8)
def _style_table(root: Any) -> _StyleTable:
    """Read a (shared, unchanging) styles part's styles; a type's default style is the last
    one marked default, as python-docx finds it."""
    styles = list(root.iterchildren(w("style")))
    defaults = {}
    for style in styles:
        if style.get(w("default")) in ("1", "true", "on"):
            defaults[style.get(w("type"))] = style
    by_name: dict[str, tuple[str, str | None, bool]] = {}
    for style in styles:
        label = style.find(w("name"))
        if label is not None and label.get(w("val")) not in by_name:
            kind = style.get(w("type")) or "paragraph"
            by_name[label.get(w("val"))] = (kind, style.get(w("styleId")),
                                            defaults.get(kind) is style)
    return _StyleTable(by_name, {})


def check_styles(styles: Styles, report: Report, reference: Path) -> None:
    """Refuse a reference document that lacks a style this report needs, naming them all."""
    needed = ["Title", "Normal", BODY_CHAR_STYLE, "成文日期",
              *(HEADING_STYLES[p.level] for p in report.paragraphs() if p.level)]
    needed += [style for style, used in (("作者", report.byline), ("主送机关", report.recipient),
                                         ("发文字号", report.doc_number),
                                         ("附件说明", report.attachments),
                                         ("署名", report.signature)) if used]
    missing = [name for name in dict.fromkeys(needed) if styles.find(name) is None]
    if missing:
        raise TemplateError(
            f"{reference}: 参考文档中没有样式“{'”“'.join(missing)}”。请在 Word 中新建同名样式，"
            f"或用 fazhi-write templates export 重新导出 reference.docx")
