"""Lint valid facts: values that fit the schema but cannot all be true, and dates of another year.

Errors are contradictions no report may publish (a rate over 100%, more schools covered than
exist, a 配备率 the counts disprove, a 成文日期 before the report year); warnings are what is
merely unlikely. Only exact quantities are compared: 近50场 or 700余所 prove nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import Problem
from .quantity import Quantity
from .records import is_record

if TYPE_CHECKING:
    from .schema import Facts

#: A rate key with one of these is a change (增长率), which may exceed 100%.
_CHANGE = ("增", "涨", "升", "降", "提高", "同比", "环比")
_PERCENT = ("%", "％", "")
#: 《中小学法治副校长聘任与管理办法》: one 法治副校长 may serve at most two schools.
_SCHOOLS_PER_VICE_PRINCIPAL = 2
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*[年\-./])")
#: Free-text date fields, and how many years after the report year each may name.
_DATE_KEYS = {"时间": 0, "截至": 1, "数据截至": 1}


class Leaf(NamedTuple):
    """One value the clerk wrote: its path (Chinese keys), its key, and the value."""

    loc: tuple[Any, ...]
    key: str
    value: Any
    label: bool = False
    """True when value is the label of a “项目: 数量” pair (the key itself)."""
    option: bool = False
    """True when the field is a wording option with a default text (自称, 受众表述 …)."""


#: Make a Leaf from a tuple of all its fields, without NamedTuple's Python __new__ (a frame
#: a value).
_new = tuple.__new__


def leaves(model: Any, loc: tuple[Any, ...] = ()) -> Iterator[Leaf]:
    """Yield every value the clerk wrote (not defaults), in file order, with Chinese keys."""
    found: list[Leaf] = []
    _leaves(model, loc, found)  # into one list: nested generators cost a frame a level a value
    return iter(found)


def _leaves(model: Any, loc: tuple[Any, ...], found: list[Leaf]) -> None:
    """Append the values the clerk wrote in a record (see leaves) to found."""
    written = model.model_fields_set
    kind: type = type(model)
    fields = model.__dict__  # (read from the dict: getattr looks in the type first)
    for name, key, option in _fields(kind):
        if name in written:
            value = fields[name]
            if not isinstance(value, (str, Quantity)) and (  # most are: no is_record call
                    isinstance(value, (list, dict)) or is_record(value)):
                _values(value, (*loc, key), key, found)
            elif value is not None:
                found.append(_new(Leaf, ((*loc, key), key, value, False, option)))


@lru_cache(maxsize=256)  # the schema's record types: a few dozen
def _fields(record: type) -> tuple[tuple[str, str, bool], ...]:
    """A record type's fields in order: name, Chinese key, and whether it is a wording option
    (a text default); worked out once per type, not once per record of every report."""
    return tuple((name, info.alias or name, isinstance(info.default, str))
                 for name, info in record.model_fields.items())  # type: ignore[attr-defined]


def _values(value: Any, loc: tuple[Any, ...], key: str, found: list[Leaf]) -> None:
    if is_record(value):
        _leaves(value, loc, found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _values(item, (*loc, i), key, found)
    elif isinstance(value, dict):
        for label, item in value.items():
            found.append(_new(Leaf, ((*loc, label), label, label, True, False)))
            found.append(_new(Leaf, ((*loc, label), label, item, False, False)))
    elif value is not None:
        found.append(_new(Leaf, (loc, key, value, False, False)))


def lint(facts: Facts, raw: Any, every: list[Leaf] | None = None) -> list[Problem]:
    """Return every implausible value of valid facts, located in the file (raw mapping);
    every is list(leaves(facts)) when the caller has it already."""
    from .keys import lone_flags
    from .validate import problem_at

    every = list(leaves(facts)) if every is None else every
    findings = [*_rates(every), *_schools(facts), *_vice_principals(facts),
                *_dates(facts, every), *_punctuation(every), *lone_flags(every, raw),
                *_group(facts)]
    return [problem_at(raw, loc, message, warning) for loc, message, warning in findings]


_Finding = tuple[tuple[Any, ...], str, bool]


def _exact(q: Any) -> Decimal | None:
    """Return the value of an exact quantity, None for a missing, approximate or 待填 one."""
    return q.value if isinstance(q, Quantity) and not q.approximate else None


def _rates(every: list[Leaf]) -> Iterator[_Finding]:
    """A share (配备率, 参与率, 办结率 …) cannot exceed 100%, whatever its unit (150名 too)."""
    for leaf in every:
        q = leaf.value
        if (isinstance(q, Quantity) and not leaf.label and leaf.key.endswith("率")
                and not any(c in leaf.key for c in _CHANGE) and q.value > 100):
            yield leaf.loc, f"比例不能超过 100%，实际是“{q}”", False


def _total(counts: dict[str, Quantity]) -> Decimal | None:
    """Sum “类别: 数量” counts when every one is exact."""
    values = [_exact(q) for q in counts.values()]
    exact = [v for v in values if v is not None]
    return sum(exact, Decimal(0)) if exact and len(exact) == len(values) else None


def _school_counts(facts: Facts) -> Iterator[tuple[tuple[Any, ...], Decimal | None]]:
    """Yield every count of schools reached by some work, with its field path."""
    v, c, s, m = facts.vice_principals, facts.constitution, facts.safety, facts.model_schools
    if v and v.covered:
        yield ("法治副校长", "覆盖学校"), _total(v.covered)
    if c:
        yield ("宪法宣传", "参与学校"), _exact(c.schools)
        yield ("宪法宣传", "晨读学校"), _exact(c.morning_schools)
    if s:
        yield ("校园安全", "律师进校"), _exact(s.lawyer_schools)
        yield ("校园安全", "驻警学校"), _exact(s.police_schools)
    if m:
        yield ("依法治校", "申报"), _exact(m.applied)
        yield ("依法治校", "通过"), _exact(m.approved)


def _schools(facts: Facts) -> Iterator[_Finding]:
    """No work reaches more schools than exist; no more schools pass than applied."""
    total = _exact(facts.schools)
    for loc, count in _school_counts(facts):
        if total is not None and count is not None and count > total:
            yield loc, f"学校数 {_n(count)} 多于“学校总数”{_n(total)}", False
    m = facts.model_schools
    applied, approved = _exact(m.applied if m else None), _exact(m.approved if m else None)
    if applied is not None and approved is not None and approved > applied:
        yield ("依法治校", "通过"), f"通过的学校数 {_n(approved)} 多于申报的 {_n(applied)}", False


def _vice_principals(facts: Facts) -> Iterator[_Finding]:
    """配备率 must agree with the schools covered, and the 法治副校长 must be enough for them."""
    v = facts.vice_principals
    if v is None:
        return
    rate = _exact(v.rate) if isinstance(v.rate, Quantity) and v.rate.unit in _PERCENT else None
    total, covered = _exact(facts.schools), _total(v.covered)
    count = _exact(v.count)
    if rate is not None and total and covered is not None:
        implied = covered * 100 / total
        if abs(rate - implied) >= 1:
            message = (f"配备率{v.rate}与覆盖学校数不符：{_n(covered)}所÷学校总数"
                       f"{_n(total)}所≈{_n(round(implied, 1))}%")
            yield ("法治副校长", "配备率"), message, False
    served = covered if covered is not None else (
        rate * total / 100 if rate is not None and total is not None else None)
    if count is not None and served is not None and count * _SCHOOLS_PER_VICE_PRINCIPAL < served:
        message = (f"{_n(count)}名法治副校长最多兼任 {_n(count * 2)} 所学校"
                   f"（每人最多兼任 2 所），与覆盖的约 {_n(round(served))} 所学校不符，请核对")
        yield ("法治副校长", "人数"), message, True


def _group(facts: Facts) -> Iterator[_Finding]:
    """A 领导小组 is either set up this year or an older one whose work was improved."""
    group = facts.organization.group if facts.organization else None
    if group is not None and group.established and group.improved:
        yield (("组织领导", "领导小组", "完善机制"),
               "“本年成立”和“完善机制”不能都填“是”：本年度成立的领导小组写“成立……”，"
               "已有的领导小组完善工作机制写“完善……工作机制”，请只保留一项", False)


def _dates(facts: Facts, every: list[Leaf]) -> Iterator[_Finding]:
    """成文日期 and the years written in time fields belong to the report year."""
    year = facts.year
    yield from _issue_date(facts.date, year)
    for leaf in every:
        after = _DATE_KEYS.get(leaf.key)
        if after is None or not isinstance(leaf.value, str):
            continue
        for written in {int(y) for y in _YEAR.findall(leaf.value)}:
            if not year <= written <= year + after:
                message = f"写的是 {written} 年，不是报告年度 {year} 年（是否沿用了往年的内容？）"
                yield leaf.loc, message, True


#: A year in the wrong brackets: 【2023】 （2023） (2023) [2023] ［2023］.
_DOC_YEAR = re.compile(r"[【（(\[［〖]\s*((?:19|20)\d\d)\s*[】）)\]］〗]")
_ANGLE_IN_TITLE = re.compile(r"《[^《》]*[<>][^《》]*》")
_SERIES = ("”、“", "》、《")


def _punctuation(every: list[Leaf]) -> Iterator[_Finding]:
    """Marks a proofreader would correct: the 发文字号's year in 〔〕 (GB/T 9704 7.2.4), 〈〉
    for a title inside a title, no 顿号 between quoted or titled items (GB/T 15834-2011)."""
    for leaf in every:
        if not isinstance(leaf.value, str):
            continue
        text = leaf.value
        year = _DOC_YEAR.search(text) if leaf.key == "发文字号" else None
        if year:
            yield leaf.loc, (f"发文字号的年份应当用六角括号，写作“〔{year[1]}〕”，"
                             f"而不是“{year[0]}”（GB/T 9704-2012 7.2.4）"), True
        if "《" in text and _ANGLE_IN_TITLE.search(text):
            yield leaf.loc, "书名号内的书名应当用单书名号“〈〉”，而不是“<>”（GB/T 15834-2011）", True
        if _SERIES[0] in text or _SERIES[1] in text:
            yield leaf.loc, ("标有引号或书名号的并列词语之间通常不用顿号，"
                             "如“三会一课”“主题党日”、《宪法》《教育法》（GB/T 15834-2011）"), True


def _issue_date(date: Any, year: int) -> Iterator[_Finding]:
    """成文日期 is not before the report year, and meets the deadline (3月1日 of the next)."""
    if not isinstance(date, dt.date):
        return  # not written, or 待填
    if date.year < year:
        yield ("成文日期",), f"成文日期 {date.isoformat()} 早于报告年度 {year} 年", False
    elif date >= dt.date(year + 1, 3, 1):
        message = (f"成文日期 {date.isoformat()} 已过 {year + 1} 年3月1日"
                   "（年度报告应在次年3月1日前报送），请核对")
        yield ("成文日期",), message, True


def _n(value: Decimal | int) -> str:
    """Show a number without trailing zeros: 137, 65.5."""
    return format(Decimal(value).normalize(), "f")
