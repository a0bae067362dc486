"""Quantities as clerks write them: 19名, 近50场, 12.6万余人次, 73余万名, 100%, 十三名."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_PATTERN = re.compile(
    r"^(?P<pre>近|约|达|超过|超|逾|共|累计|计|高达|仅|全部)?"
    r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"(?P<mid>(?:万|亿|余|多)*)"
    r"(?P<post>以上|左右)?"
    r"(?P<unit>[^\d]*?)"
    r"(?P<tail>以上|左右)?$"
)

#: Qualifiers that make a value approximate (not comparable to an exact count).
APPROX_MARKS = ("近", "约", "余", "多", "以上", "左右", "超", "逾")


def _cn_to_int(text: str) -> int:
    """Convert a simple Chinese numeral below 10000 (十三, 二十, 一百零五) to int."""
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


@dataclass(frozen=True)
class Quantity:
    """A count, rate or measure with its qualifier and unit, kept as written."""

    number: str
    """The digits as written: "12.6", "19", "十三"."""
    unit: str = ""
    """The unit after the number: 名, 场次, 人次, %, 平方米."""
    prefix: str = ""
    """A qualifier before the number: 近, 约, 达, 共, 累计."""
    magnitude: str = ""
    """What stands between number and unit: 万, 万余, 余万, 余, 多."""
    suffix: str = ""
    """以上 or 左右 right after the number."""
    tail: str = ""
    """以上 or 左右 after the unit: 200人左右."""

    @property
    def value(self) -> Decimal:
        """Return the numeric value (万 and 亿 applied)."""
        num = Decimal(self.number) if self.number[0].isdigit() else Decimal(_cn_to_int(self.number))
        if "万" in self.magnitude:
            num *= 10_000
        if "亿" in self.magnitude:
            num *= 100_000_000
        return num

    @property
    def approximate(self) -> bool:
        """Return True when a qualifier such as 近/约/余 makes the value inexact."""
        marks = self.prefix + self.magnitude + self.suffix + self.tail
        return any(m in marks for m in APPROX_MARKS)

    def text(self, default_unit: str = "") -> str:
        """Render as Chinese reports write it, adding default_unit when none was given."""
        unit = self.unit or default_unit
        return f"{self.prefix}{self.number}{self.magnitude}{self.suffix}{unit}{self.tail}"

    def __str__(self) -> str:
        return self.text()


def parse_quantity(raw: object) -> Quantity:
    """Parse 19, 19.5, "近50场", "12.6万余人次" or "100%"; raise ValueError otherwise."""
    if not isinstance(raw, str):  # (most values are text: one test of their type)
        return _number(raw)
    match = _PATTERN.match("".join(raw.split()))  # without whitespace (as \s+ matches it)
    if not match or (not match["num"][0].isdigit() and not _is_cn_numeral(match["num"])):
        raise ValueError(f"应为数量，例如 19、19名、近50场、16000余名、12.6万余人次、100%，实际是“{raw}”")
    prefix, number, magnitude, suffix, unit, tail = match.groups("")  # in _PATTERN's order
    return Quantity(number=number, unit=unit, prefix=prefix, magnitude=magnitude, suffix=suffix,
                    tail=tail)


def _number(raw: object) -> Quantity:
    """The quantity of a number (19, 19.5); ValueError for anything else but text."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        found = ("是/否" if isinstance(raw, bool) else "列表" if isinstance(raw, list)
                 else "映射" if isinstance(raw, dict) else "空值")
        raise ValueError(f"应为数量，实际是{found}")
    if not (math.isfinite(raw) and raw >= 0):
        raise ValueError(f"应为数量（不小于 0），实际是“{raw}”")
    return Quantity(number=_plain_number(raw))


def _plain_number(raw: int | float) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _is_cn_numeral(text: str) -> bool:
    try:
        _cn_to_int(text)
    except KeyError:
        return False
    return True
