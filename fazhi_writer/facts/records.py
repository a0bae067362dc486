"""Validated facts as light records, so that a draft never imports pydantic.

schema.py declares the facts with pydantic models. validate.facts_validator() compiles them
once (compiled.compile_validator, cached per user) into a pydantic_core validator that makes a
record (from_fields) of each block: loading it needs pydantic_core but not pydantic (≈ 85 ms of
a cold start). A record answers what the pipeline and the templates ask of a model: attributes by
English name, ``model_fields`` (name → Field, with the Chinese key) and ``model_fields_set``.
Type hints keep saying ``Facts``: a record of Facts has exactly its fields.
"""

from __future__ import annotations

import copyreg
from collections.abc import Iterator
from typing import Any, ClassVar, NamedTuple


class Field(NamedTuple):
    """What the pipeline needs of a field: its Chinese key and, for wording options, the default."""

    alias: str
    default: Any = None


class RecordType(type):
    """The type of record classes; pickled by description (see record_type)."""

    model_fields: dict[str, Field]


class Record(metaclass=RecordType):
    """Validated facts of one block: built by the compiled validator, immutable afterwards."""

    __slots__ = ("__dict__", "_fields_set")
    model_fields: ClassVar[dict[str, Field]] = {}
    _fields_set: set[str]

    @property
    def model_fields_set(self) -> set[str]:
        """The fields the clerk wrote (the others have their defaults)."""
        return self._fields_set

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return make_record, (type(self), self.__dict__, self.model_fields_set)

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({values})"


_TYPES: dict[tuple[str, tuple[tuple[str, Field], ...]], type[Record]] = {}


def record_type(name: str, fields: tuple[tuple[str, Field], ...]) -> type[Record]:
    """Return the record class for a model called name with these fields (made once)."""
    key = (name, fields)
    if key not in _TYPES:
        namespace = {"__slots__": (), "__module__": __name__, "model_fields": dict(fields)}
        made: Any = RecordType(name, (Record,), namespace)  # a subclass of Record
        _TYPES[key] = made
    return _TYPES[key]


def make_record(cls: type[Record], values: dict[str, Any], fields_set: set[str]) -> Record:
    """A record of cls holding values, of which the clerk wrote fields_set."""
    record: Record = object.__new__(cls)
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "_fields_set", fields_set)
    return record


def from_fields(cls: type[Record], validated: tuple[dict[str, Any], Any, set[str]]) -> Record:
    """The record of what a model-fields schema gives: (values, extras, fields set), as
    pydantic_core documents for core_schema.model_fields_schema."""
    values, _extra, fields_set = validated
    return make_record(cls, values, fields_set)


def is_record(value: object) -> bool:
    """True for validated facts of a block: a record, or a pydantic model of schema.py."""
    kind = type(value)
    known = _RECORD_TYPES.get(kind)
    if known is None:  # asked once a type: a failing hasattr formats an error every time
        known = _RECORD_TYPES[kind] = hasattr(kind, "model_fields")
    return known


#: type -> whether it is a record type (the types of facts values: a few dozen).
_RECORD_TYPES: dict[type, bool] = {}


def _reduce(cls: RecordType) -> tuple[Any, tuple[Any, ...]]:
    return record_type, (cls.__name__, tuple(cls.model_fields.items()))


copyreg.pickle(RecordType, _reduce)


def leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Yield (path, value) for every leaf of validated facts, keyed as in the facts file."""
    if is_record(node):
        for name, field in type(node).model_fields.items():
            yield from leaves(getattr(node, name), (*path, field.alias or name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from leaves(item, (*path, index))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from leaves(item, (*path, key))
    else:
        yield path, node
