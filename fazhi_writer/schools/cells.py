"""Read one cell of a returned form: merged cells, formulas, and the value its type expects.

Every check returns (value, problem): problem is the Chinese message for the clerk (without
the place, which the caller adds), value None for a blank cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any
from weakref import WeakKeyDictionary

from ..facts.coerce import FALSE, TRUE

#: Cell text that means nothing was written.
_BLANK = re.compile(r"^[\s\u3000]*$")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
NO_CACHE = ("是公式（{formula}），但文件中没有保存计算结果：请在 Excel 或 WPS 中打开这个文件，"
            "保存一次后再交（或者把公式改为数字）")


def merged_origin(sheet: Any, coordinate: str) -> str | None:
    """The top-left cell of the merged range holding coordinate, when it is another cell."""
    return merged_cells(sheet).get(coordinate)


def merged_cells(sheet: Any) -> dict[str, str]:
    """Every cell a merged range covers but its top-left one -> that top-left cell (worked out
    once per sheet: openpyxl parses a range again on each `in`)."""
    found = _MERGED.get(sheet)
    if found is None:
        from openpyxl.utils import get_column_letter

        covered = {}
        for merged in sheet.merged_cells.ranges:
            origin = merged.start_cell.coordinate
            for row in range(merged.min_row, min(merged.max_row, MAX_ROWS) + 1):
                for column in range(merged.min_col, min(merged.max_col, 100) + 1):
                    covered[f"{get_column_letter(column)}{row}"] = origin
            covered.pop(origin, None)
        found = _MERGED[sheet] = covered
    return found


_MERGED: WeakKeyDictionary[Any, dict[str, str]] = WeakKeyDictionary()
#: Rows of a sheet merge reads at most (a form has a few hundred).
MAX_ROWS = 5000


def raw_value(values: Any, formulas: Any, coordinate: str) -> tuple[Any, str | None]:
    """A cell's value (a formula's cached result); a problem when a formula has none."""
    value = values[coordinate].value
    if value is None and formulas is not None:
        written = formulas[coordinate].value
        if isinstance(written, str) and written.startswith("="):
            return None, NO_CACHE.format(formula=written)
        if written is not None and not isinstance(written, str):  # an array formula object
            return None, NO_CACHE.format(formula="数组公式")
    return value, None


def blank(value: Any) -> bool:
    return value is None or isinstance(value, str) and bool(_BLANK.match(value))


def shown(value: Any) -> str:
    """A value as the school sees it, for messages."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse(kind: str, value: Any, number_format: str = "") -> tuple[Any, str | None]:
    """Check a value against its type: 整数, 百分比, 是否, 日期."""
    if blank(value):
        return None, None
    return {"整数": _whole, "百分比": _percent, "是否": _flag, "日期": _date}[kind](
        value, number_format)


def _number(value: Any) -> float | None:
    if isinstance(value, (bool, dt.date, dt.time)):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        return float(text)
    except ValueError:
        return None


def _whole(value: Any, number_format: str) -> tuple[Any, str | None]:
    number = _number(value)
    if number is None:
        return None, f"应为整数，实际是“{shown(value)}”" + _unit_hint(value)
    if number < 0:
        return None, f"应为不小于 0 的整数，实际是“{shown(value)}”"
    if not number.is_integer():
        return None, f"应为整数，实际是“{shown(value)}”"
    return int(number), None


def _unit_hint(value: Any) -> str:
    """When the school wrote a number with a unit (12场), say to leave the unit out."""
    if isinstance(value, str) and re.match(r"^\s*\d", value):
        return "（只填数字，不带单位）"
    return ""


def _percent(value: Any, number_format: str) -> tuple[Any, str | None]:
    text = value.strip() if isinstance(value, str) else None
    number = _number(text.rstrip("%％") if text else value)
    if number is None:
        return None, f"应为 0 到 100 之间的百分数，实际是“{shown(value)}”"
    if "%" in number_format and not text and number <= 1:
        number *= 100  # typed as 86.5% in a cell Excel formats as a percentage: stored 0.865
    if not 0 <= number <= 100:
        return None, f"应为 0 到 100 之间的百分数，实际是“{shown(value)}”"
    return round(number, 4), None


def _flag(value: Any, number_format: str) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    text = str(value).strip().lower()
    if text in TRUE | FALSE:
        return text in TRUE, None
    return None, f"应为“是”或“否”，实际是“{shown(value)}”"


def _date(value: Any, number_format: str) -> tuple[Any, str | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 36526 <= value <= 73415:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date(), None  # a date whose cell lost its date format
    match = _DATE.match(str(value))
    if match:
        try:
            return dt.date(*map(int, match.groups())), None
        except ValueError:
            pass
    return None, f"应为日期，如 2024-11-15，实际是“{shown(value)}”"


def text(value: Any) -> str:
    """A text cell's content, spaces trimmed ('' for blank)."""
    return "" if blank(value) else shown(value)


def school_name(value: Any) -> str:
    """A school name compared across forms and the list: without spaces of any kind."""
    return re.sub(r"[\s\u3000]+", "", text(value))


def name_key(name: str) -> str:
    """What two spellings of one name share: full-width and half-width forms are one (NFKC)."""
    return unicodedata.normalize("NFKC", name)
