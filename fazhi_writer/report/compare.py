"""Compare this year's counts with last year's: the numbers behind 较上年增加7名（增长36.8%）.

Only the numbers are computed here; templates choose which counts to compare and word the
result (see the ``change`` macro in templates/macros.j2). Two quantities are comparable
only when both are exact (no 近/约/余/以上/左右…) and have the same unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..facts.quantity import Quantity
from ..facts.records import leaves

Path = tuple[Any, ...]
"""A place in the facts: keys as the clerk wrote them, list positions from 0."""


@dataclass(frozen=True)
class Change:
    """How a count moved since last year."""

    direction: str
    """"up", "down" or "same"."""
    amount: str
    """The absolute difference as digits: "7", "0.5", "2.6万"."""
    unit: str
    """The unit of amount: 名, 场次; "%" for a rate, whose amount is in percentage points."""
    percent: str = ""
    """The relative change in per cent, e.g. "36.8"; "" for a rate or when last year was 0."""

    @property
    def rate(self) -> bool:
        """Return True for a rate (配备率 100%): compare in percentage points."""
        return self.unit == "%"


def compare(now: object, before: object, unit: str = "") -> Change | None:
    """Return how now differs from before, or None when the two cannot be compared."""
    if not (isinstance(now, Quantity) and isinstance(before, Quantity)):
        return None
    units = {now.unit or unit, before.unit or unit}
    if now.approximate or before.approximate or len(units) != 1:
        return None
    diff = now.value - before.value
    direction = "up" if diff > 0 else "down" if diff < 0 else "same"
    common = units.pop()
    percent = ""
    if common != "%" and before.value:
        percent = _digits(abs(diff) * 100 / before.value, 1)
    return Change(direction, _amount(abs(diff), now, before), common, percent)


def versus(now: object, last: Any, path: str, unit: str = "") -> Change | None:
    """Template filter: compare now with the same field of last year's facts (attribute path)."""
    before = last
    for name in path.split("."):
        fields = getattr(type(before), "model_fields", None)
        if fields is not None and name not in fields:
            raise ValueError(f"versus：上年事实中没有字段 {name}（{path}），请检查模板")
        before = getattr(before, name, None)
    return compare(now, before, unit)


def same_as_last_year(facts: Any, last: Any) -> list[tuple[Path, Quantity]]:
    """Return the counts written exactly as last year (often a value never updated).

    Counts inside lists (活动, 获奖…) are left out: their order changes between years.
    """
    before = {p: v for p, v in leaves(last) if isinstance(v, Quantity)}
    return [(p, v) for p, v in leaves(facts)
            if isinstance(v, Quantity) and not any(isinstance(k, int) for k in p)
            and isinstance(before.get(p), Quantity) and _same(v, before[p])]


def _same(a: Quantity, b: Quantity) -> bool:
    """Return True when a and b state the same count (19 and 19名 do; 近50场 and 50场 do not)."""
    unit = a.unit or b.unit
    return (a.value, a.approximate, a.unit or unit) == (b.value, b.approximate, b.unit or unit)


def _amount(diff: Decimal, now: Quantity, before: Quantity) -> str:
    """Write the difference in 万 when both years were written in 万."""
    if "万" in now.magnitude and "万" in before.magnitude:
        return _digits(diff / 10_000) + "万"
    return _digits(diff)


def _digits(number: Decimal, places: int | None = None) -> str:
    """Write a number without exponent or trailing zeros, rounded half up to places if given."""
    if places is not None:
        from decimal import localcontext

        with localcontext() as context:  # digits enough for 1e308 (the default is 28)
            context.prec = max(context.prec, number.adjusted() + places + 2)
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
