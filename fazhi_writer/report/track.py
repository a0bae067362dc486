"""Carry each fact's field through rendering, so that verify can check it *where its field put
it* rather than anywhere in the text.

tracked(facts) copies the facts with every value the clerk wrote wrapped so that, turned into
text (a template's {{ }}, ~, join, and the qty/sentence/clause filters all do), it is
preceded by a mark: START, the value's number in the table, SEP (private-use characters, which
no facts file keeps). Building a report from the tracked copy gives a report whose text holds
those marks; marks.split() reads them back (a text without marks, and where each value
begins). The build sees the marks as zero-width (marks.py), so the report written is that
report without its marks (marks.unmarked): marks never reach a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from ..facts.placeholders import Placeholder
from ..facts.quantity import Quantity
from ..facts.records import Record, is_record, make_record
from .marks import SEP, START


class _Mark:
    """What the wrapped values share: the mark put before their text."""

    __slots__ = ()
    _mark: str


class TrackedStr(_Mark, str):
    """A text the clerk wrote; str() gives it with its mark. A template comparing it with a
    choice (a.role == '参加') and wording it itself is noted in the table (Table.chosen)."""

    # one is made per value the clerk wrote, by _text: no __dict__, no __new__ of Python
    # (calling one cost a third of tracking a value)
    __slots__ = ("_mark", "_chosen")
    _chosen: set[str] | None

    def __eq__(self, other: object) -> bool:
        equal = str.__eq__(self, other)
        if equal is True and self._chosen is not None:
            self._chosen.add(str.__str__(self))
        return equal

    __hash__ = str.__hash__

    def __str__(self) -> str:
        return self._mark + str.__str__(self)

    def __add__(self, other: object) -> str:  # "a" + x, x + "b" in a template keep the mark
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)


def _text(value: str, mark: str, chosen: set[str] | None = None) -> TrackedStr:
    """value as a TrackedStr: str() gives it with mark; a comparison is noted in chosen."""
    obj = TrackedStr(value)
    obj._mark = mark
    obj._chosen = chosen
    return obj


def _keeping_mark(name: str) -> Any:
    """A str method whose text result (a part of the value: strip, replace …) keeps the mark."""
    method = getattr(str, name)

    def call(self: TrackedStr, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        if isinstance(result, str):
            return _text(result, self._mark, self._chosen) if result else result
        if isinstance(result, (list, tuple)):
            return type(result)(_text(r, self._mark, self._chosen) if r else r
                                for r in result)
        return result

    call.__name__ = name
    return call


for _name in ("strip", "lstrip", "rstrip", "replace", "removeprefix", "removesuffix",
              "__getitem__", "split", "rsplit", "splitlines", "partition", "rpartition",
              "title", "capitalize", "lower", "upper", "format", "expandtabs"):
    setattr(TrackedStr, _name, _keeping_mark(_name))


class TrackedInt(_Mark, int):
    """A number the clerk wrote (年度); str() gives it with its mark."""

    def __new__(cls, value: int, mark: str) -> TrackedInt:
        obj = super().__new__(cls, value)
        obj._mark = mark
        return obj

    def __str__(self) -> str:
        return self._mark + int.__repr__(self)


class Table(NamedTuple):
    """What each mark stands for: the value's place in the facts and its text."""

    locs: list[tuple[Any, ...]]
    texts: list[str]
    worded: set[int]
    """Zero counts a template read (to word them: 全年无…) rather than print."""
    chosen: set[str]
    """Texts a template compared with a choice of its own (参加, 指导) to word them itself."""
    numbers: set[str]
    """Whole numbers (年度): "%d" formats one without a mark, so they are looked for anywhere."""


class TrackedQuantity(Quantity):
    """A quantity the clerk wrote; its text (str() or |qty) comes with its mark."""

    _mark: str
    _index: int
    _table: Table

    def text(self, default_unit: str = "") -> str:
        return self._mark + super().text(default_unit)

    @property
    def value(self) -> Any:
        number = super().value
        if number == 0:  # a zero is worded (无…, 没有…): reading it is stating it
            self._table.worded.add(self._index)
        return number


def _quantity(value: Quantity, mark: str, table: Table) -> TrackedQuantity:
    obj = object.__new__(TrackedQuantity)
    # the same fields (frozen: set through __dict__), and what the tracked one adds; a template
    # may print the digits itself ({{ q.number }}名): they carry the mark too
    obj.__dict__.update(vars(value), number=_text(value.number, mark), _mark=mark,
                        _index=len(table.locs) - 1, _table=table)
    return obj


def tracked(facts: Any) -> tuple[Any, Table]:
    """A copy of facts whose values carry marks, and the table of what each mark stands for."""
    table = Table([], [], set(), set(), set())
    return _track(facts, (), table), table


def _track(node: Any, loc: tuple[Any, ...], table: Table) -> Any:
    # (no comprehension here: its closure would cost every value a cell for loc and table)
    if type(node) is str:  # most values: a text the clerk wrote
        return _leaf(node, loc, table) if node else node  # (a mark before nothing: none)
    if isinstance(node, list):
        return _items(node, loc, table)
    if isinstance(node, Quantity):
        return _leaf(node, loc, table)
    if isinstance(node, (bool, Placeholder)):
        return node  # yes/no are worded, 待填 is a marker: not the clerk's text
    if is_record(node):  # (asked after the cheaper tests above: a call)
        return _record(node, loc, table)
    if isinstance(node, dict):
        return _mapping(node, loc, table)
    if not isinstance(node, (str, int)) or (isinstance(node, str) and not node):
        return node  # dates are worded: not the clerk's text
    return _leaf(node, loc, table)


def _items(node: list[Any], loc: tuple[Any, ...], table: Table) -> list[Any]:
    return [_track(item, loc + (i,), table) for i, item in enumerate(node)]


def _mapping(node: dict[Any, Any], loc: tuple[Any, ...], table: Table) -> dict[Any, Any]:
    return {_track(label, loc + (label,), table): _track(item, loc + (label,), table)
            for label, item in node.items()}


def _leaf(node: str | int | Quantity, loc: tuple[Any, ...], table: Table) -> Any:
    """The value wrapped with its mark, entered in the table."""
    number = len(table.locs)
    table.locs.append(loc)
    table.texts.append(str(node))
    if number >= len(_MARKS):
        _MARKS.extend(f"{START}{n}{SEP}" for n in range(len(_MARKS), number + 64))
    mark = _MARKS[number]
    if isinstance(node, str):
        return _text(node, mark, table.chosen)
    if isinstance(node, int):
        table.numbers.add(str(node))
        return TrackedInt(node, mark)
    return _quantity(node, mark, table)


#: The mark of each number, made once: most values of every report are numbered alike.
_MARKS: list[str] = []


def _record(node: Any, loc: tuple[Any, ...], table: Table) -> Any:
    """A copy of a record (or pydantic model) with the values the clerk wrote tracked."""
    written = node.model_fields_set
    kind: type = type(node)
    record = isinstance(node, Record)
    values = node.__dict__.copy() if record else {}  # (a copy of a dict: no lookups)
    for name, key in _keys(kind):  # (a loop: a comprehension's closure costs cells)
        if name in written:
            values[name] = _track(getattr(node, name), loc + (key,), table)
    if record:
        return make_record(kind, values, written)
    return node.model_copy(update=values)  # a pydantic model of schema.py


@lru_cache(maxsize=256)  # the schema's record types: a few dozen
def _keys(record: type) -> tuple[tuple[str, str], ...]:
    """A record type's fields in order: name and Chinese key."""
    return tuple((name, field.alias or name)
                 for name, field in record.model_fields.items())  # type: ignore[attr-defined]


def report_texts(report: Any) -> Iterator[str]:
    """Every text of a report: title lines, body paragraphs, the meta lines."""
    yield from report.title
    yield from (p.text for p in report.body)
    yield from (report.recipient, report.byline, report.doc_number, getattr(report, "signer", ""),
                *report.attachments,
                report.signature, report.date)
