"""How raw YAML values are read before the schema checks them: numbers as text, 是/否, Chinese
dates, one value where a list is expected, 待填 placeholders.

Plain functions without pydantic: the compiled validator (validate.facts_validator) refers to
them by name, and a draft loads it without importing pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .placeholders import Placeholder, pairs
from .quantity import parse_quantity

TRUE = frozenset({"是", "有", "已", "对", "true", "yes"})
FALSE = frozenset({"否", "无", "没有", "未", "false", "no"})
_CN_DATE = re.compile(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*")
_WRAP = re.compile(r"\s*\n\s*")


def text(raw: object) -> object:
    """Accept numbers as text; join lines a YAML block wrapped (Chinese needs no space)."""
    if isinstance(raw, str):  # most values: asked first (the expression can only match where
        return (_WRAP.sub("", raw) if "\n" in raw else raw).strip()  # there is a line break)
    if isinstance(raw, bool):
        return raw  # let the schema reject it: 是/否 is not a text
    if isinstance(raw, (int, float)):
        return str(raw)
    return raw


def as_list(raw: object) -> object:
    """Accept a single value where a list is expected."""
    if raw is None:
        return []
    return raw if isinstance(raw, list) else [raw]


def lines(raw: object) -> object:
    """Accept one value, a list, or a block text with one item a line (署名 of a joint report)."""
    if isinstance(raw, str) and "\n" in raw.strip():
        return [line.strip() for line in raw.splitlines() if line.strip()]
    return as_list(raw)


_NUMBER_STYLE = re.compile(r"[^\d一]{0,3}(一|1)[^\d一]{0,3}")


def number_styles(raw: object) -> object:
    """YAML reads ``1.`` as the number 1.0: give it back as the style ``1.``."""
    items = as_list(raw)
    if not isinstance(items, list):
        return items
    return [f"{int(i)}." if isinstance(i, (int, float)) and not isinstance(i, bool) else i
            for i in items]


def numbering(styles: list[Any]) -> list[Any]:
    """Read heading number styles written as the first number of their level (一、 （一） 1.)."""
    bad = [s for s in styles if not isinstance(s, Placeholder) and not _NUMBER_STYLE.fullmatch(s)]
    if bad:
        raise ValueError(f"“{'、'.join(bad)}”不是编号样式，请写每级的第一个编号，如 一、 （一） 1. （1）")
    if len(styles) > 3:
        raise ValueError("编号最多写三级，如 [一、, （一）, 1.]")
    return styles


def flag(raw: object) -> object:
    """Read 是/否 (and the like) as True/False."""
    if isinstance(raw, str):  # (the word once, and no union of TRUE and FALSE a value)
        word = raw.strip().lower()
        if word in TRUE or word in FALSE:
            return word in TRUE
    return raw


def date(raw: object) -> object:
    """Read 2024年12月6日 as a date (ISO dates the schema reads itself)."""
    if isinstance(raw, str):
        m = _CN_DATE.fullmatch(raw)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValueError(f"“{raw.strip()}”不是有效的日期") from None
    return raw


# A 待填 placeholder stands in for a text, date or quantity; anything else is read (text,
# date, parse_quantity) and validated. One wrap validator a value, not a wrap validator around
# a before validator: a call of Python fewer for each of the file's values.

def blank_or_text(raw: object, handler: Any) -> object:
    """A 待填 placeholder, or the text (see text) validated."""
    return raw if isinstance(raw, Placeholder) else handler(text(raw))


def blank_or_date(raw: object, handler: Any) -> object:
    """A 待填 placeholder, or the date (see date) validated."""
    return raw if isinstance(raw, Placeholder) else handler(date(raw))


def blank_or_quantity(raw: object, handler: Any) -> object:
    """A 待填 placeholder, or the quantity (parse_quantity) validated."""
    return raw if isinstance(raw, Placeholder) else handler(parse_quantity(raw))


def blank_flag(raw: object, handler: Any) -> object:
    """A 是/否 left 待填 counts as 否 in the report (check still lists it); else see flag."""
    return False if isinstance(raw, Placeholder) else handler(flag(raw))


def counts(raw: object) -> object:
    """A 数据 key left blank is no counts; a mapping is given to the schema as a dict (it reads
    any other mapping, such as ruamel's, through its Python items view)."""
    if raw is None:
        return {}
    return dict(pairs(raw)) if isinstance(raw, dict) else raw


def drop_blanks(data: Any) -> Any:
    """A key left blank (``组长:``) means not filled in: the field takes its default."""
    if isinstance(data, dict):
        return {k: v for k, v in pairs(data) if v is not None}
    return data


def theme(raw: object) -> object:
    """A 存在问题/工作打算 item may be just its theme (or a whole sentence)."""
    return {"主题": raw} if isinstance(raw, (str, int, float, Placeholder)) else raw


def font_choice(raw: object) -> object:
    """字体 may be just the name of a font profile."""
    return {"方案": raw} if isinstance(raw, (str, Placeholder)) else raw


class OneOf:
    """Accept only names from a list that is known once the schema is complete (述法报告's
    亮点 must name topic blocks, or the report would silently ignore them)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.names: tuple[str, ...] = ()

    def __call__(self, names: list[Any]) -> list[Any]:
        unknown = [n for n in names if not isinstance(n, Placeholder) and n not in self.names]
        if unknown:
            raise ValueError(f"“{'、'.join(unknown)}”不是{self.what}，可填：{'、'.join(self.names)}")
        return names


class Choice:
    """Accept only one of a few words (提纲: 法定 or 专题)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def __call__(self, name: Any) -> Any:
        if not isinstance(name, Placeholder) and name not in self.names:
            raise ValueError(f"“{name}”不是可选的值，可填：{'、'.join(self.names)}")
        return name
