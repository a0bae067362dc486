"""The starter facts file ``init`` writes: every field of the schema, explained, as 待填.

The field list comes from schema.py, so the starter never falls behind it; the file's
header and the short type hints live in templates/starter.yaml.j2.
"""

from __future__ import annotations

import datetime as dt
import types
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from .quantity import Quantity
from .schema import Block, Facts, ThemeItem, Topic

SCHEMA_FILE = "fazhi-write.schema.json"
#: Keys next-year writes; a new file has no last year.
_NEXT_YEAR_ONLY = {"上年事实文件", "上年工作打算"}
#: Shape choices that change a report only when written (a 待填 title would replace the
#: default one): the starter shows them commented out, for the clerk to take up.
_CHOICES = {"标题", "发文机关", "签发人", "编号", "分组"}
#: Keys every topic block has; the starter's header explains them once.
_COMMON = set(Topic.model_fields)
_COMMENT_COLUMN = 40


@dataclass(frozen=True)
class Line:
    """One line of the starter: YAML text, padding, and the field's description and kind."""

    text: str
    pad: str = ""
    comment: str = ""
    kind: str = ""


def starter_lines(year: int) -> list[Line]:
    """Return the starter's lines: every field of Facts, top-level blocks apart by a blank line."""
    lines: list[Line] = []
    for field in Facts.model_fields.values():
        if field.alias in _NEXT_YEAR_ONLY:
            continue
        block = _field_lines(field, 0, year)
        if field.alias in _CHOICES:
            block = [_line(f"# {field.alias}:", line.comment, line.kind) for line in block]
        if len(block) > 1 and lines and lines[-1].text:
            lines.append(Line(""))
        lines.extend(block)
    return lines


def default_year(today: dt.date) -> int:
    """Return the year a report begun today is about: last year until June, else this year."""
    return today.year - 1 if today.month <= 6 else today.year


def _block_lines(model: type[Block], indent: int, year: int) -> list[Line]:
    lines: list[Line] = []
    for name, field in model.model_fields.items():
        if issubclass(model, Topic) and name in _COMMON:
            continue
        lines.extend(_field_lines(field, indent, year))
    return lines


def _field_lines(field: Any, indent: int, year: int) -> list[Line]:
    """Return the line(s) of one field: key and 待填 value, or key and its block below."""
    kind, inner = _kind(field.annotation)
    key = " " * indent + str(field.alias)
    about = field.description or ""
    if kind == "block":
        return [_line(f"{key}:", about), *_block_lines(inner, indent + 2, year)]
    if kind == "blocks":
        first, *rest = _block_lines(inner, indent + 4, year)
        item = " " * (indent + 2) + "- " + first.text.lstrip()
        return [_line(f"{key}:", about), _line(item, first.comment, first.kind), *rest]
    if kind == "themes":
        return [_line(f"{key}:", about), _line(" " * (indent + 2) + "- 待填", "", "theme")]
    return [_line(f"{key}: {_value(kind, field.default, year)}", about, kind)]


def _value(kind: str, default: Any, year: int) -> str:
    """Return the starter value: the year, a field's own default, or 待填."""
    if kind == "year":
        return str(year)
    if kind == "counts":
        return "{}"
    if kind == "text" and isinstance(default, str):
        return default
    return "[待填]" if kind in ("texts", "quantities") else "待填"


def _line(text: str, comment: str, kind: str = "") -> Line:
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return Line(text, " " * max(2, _COMMENT_COLUMN - width), comment, kind)


def _kind(annotation: Any) -> tuple[str, Any]:
    """Classify a field's type: block(s), themes, texts, quantities, counts or a scalar kind."""
    core = _core(annotation)
    if isinstance(core, type) and issubclass(core, Block):
        return "block", core
    if get_origin(core) is list:
        item = _core(get_args(core)[0])
        if isinstance(item, type) and issubclass(item, ThemeItem):
            return "themes", item
        if isinstance(item, type) and issubclass(item, Block):
            return "blocks", item
        return ("quantities" if item is Quantity else "texts"), item
    if get_origin(core) is dict:
        return "counts", core
    scalar = {Quantity: "quantity", bool: "flag", dt.date: "date", int: "year"}
    return scalar.get(core, "text"), core


def _core(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that matters."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation
