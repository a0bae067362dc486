"""The facts schema as a list of fields, each with an example value and its minimal facts file.

Walks the pydantic models generically (schema.Facts and every nested model), so a field added
to the schema is in the handbook without anything else to change. Example values come from
templates/examples.yaml (a bureau's copy wins), else from the field's type and the "如 …" of
its description.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Any, NamedTuple

from pydantic import BaseModel

from ..facts.quantity import Quantity, parse_quantity

EXAMPLES = "examples.yaml"
#: "如 A、B" in a description: the examples end at ；, at the bracket closing the description's
#: own aside or at "或"; asides within them (“问题（默认）”) are dropped, book titles kept whole
_SUCH_AS = re.compile(r"如\s+(.+?)(?:；|;|$)")
_ASIDE = re.compile(r"（[^（）]*）")
_END = re.compile(r"）|\)|\s或\s")
_BOOK = re.compile(r"《[^》]+》")
_MISSING = object()


class FieldDoc(NamedTuple):
    """One field of the schema: its Chinese path and what kind of value it holds."""

    path: tuple[str, ...]
    description: str
    shape: str
    """"group" (a nested block), "records" (a list of them) or "value"."""
    base: Any
    """The model of a group or records, else the value's type: bool, str, Quantity, date, int,
    list (of texts or quantities) or dict (“项目: 数量”)."""
    item: Any
    """For a list value: its items' type (str or Quantity)."""
    required: bool
    default: Any

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def walk(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[FieldDoc]:
    """Return every field of model and of the models nested in it, in schema order."""
    found: list[FieldDoc] = []
    for name, info in model.model_fields.items():
        path = (*prefix, str(info.alias or name))
        base, many = _unwrap(info.annotation)
        item = _unwrap(typing.get_args(base)[0])[0] if typing.get_origin(base) is list else None
        is_model = isinstance(base, type) and issubclass(base, BaseModel)
        shape = ("records" if many else "group") if is_model else "value"
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        found.append(FieldDoc(path, info.description or "", shape, base if is_model or not many
                              else list, item, info.is_required(), default))
        if is_model:
            found.extend(walk(base, path))
    return found


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip Optional and Annotated; return the type and whether it is a list of models."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            break
    if typing.get_origin(annotation) is list:
        inner, _ = _unwrap(typing.get_args(annotation)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner, True
        return list, False
    if typing.get_origin(annotation) is dict:
        return dict, False
    return annotation, False


class Examples:
    """Example values by field path: templates/examples.yaml first, then the field's type."""

    def __init__(self, data: dict[str, Any], top: set[str] | frozenset[str] = frozenset()) -> None:
        self.data = {str(k): v for k, v in data.items()}
        self.top = top
        """Top-level keys: written alone they are that field, not a field of every block."""

    def written(self, path: tuple[str, ...]) -> tuple[Any, bool]:
        """The example examples.yaml gives for path (its longest matching end), else _MISSING;
        and whether it was given for the whole path."""
        for start in range(len(path)):
            key = ".".join(path[start:])
            if key in self.data and (start == 0 or key not in self.top):
                return self.data[key], start == 0
        return _MISSING, False

    def unknown(self, paths: list[tuple[str, ...]]) -> list[str]:
        """The keys that name no field of paths (one renamed or removed since)."""
        known = {".".join(p[start:]) for p in paths for start in range(len(p))
                 if start == 0 or ".".join(p[start:]) not in self.top}
        return [key for key in self.data if key not in known]

    def value(self, doc: FieldDoc) -> Any:
        """The example of a value field, or None when there is none to give."""
        given, exact = self.written(doc.path)
        if given is _MISSING or (not exact and doc.base not in (list, dict)
                                 and isinstance(given, (list, dict))):
            return _derived(doc)  # none, or one meant for a list field of the same name
        return given


def _such_as(description: str) -> list[str]:
    """The examples a description gives after 如, split at 、."""
    m = _SUCH_AS.search(description)
    if not m:
        return []
    titles = _BOOK.findall(m[1])  # kept whole while asides and the end are found
    text = _END.split(_ASIDE.sub("", _BOOK.sub("\0", m[1])))[0].strip()
    for title in titles:
        text = text.replace("\0", title, 1)
    if text.startswith("[") and text.endswith("]"):
        return [s.strip() for s in text[1:-1].split(",") if s.strip()]
    items = [s.strip() for s in text.split("、") if s.strip()]
    return [b for s in items for b in (_BOOK.findall(s) if _BOOK.sub("", s) == "" else [s])]


def _derived(doc: FieldDoc) -> Any:
    """An example derived from the field's type and description, or None."""
    unset = doc.description.partition("不填")[2]  # “不填写作“制定””: what leaving it out says
    said = re.sub(r"^[写作为是\s]+", "", unset).split("；")[0].strip("“”。 ")
    items = [s for s in _such_as(doc.description)
             if s not in (doc.default, said) and f"“{s}”" not in unset]
    if doc.base is bool:
        return "否" if doc.default else "是"
    if doc.base is Quantity:
        return next((s for s in items if _is_quantity(s)), 3)
    if doc.base is list and doc.item is Quantity:
        return [s for s in items if _is_quantity(s)] or [3]
    if doc.base is dt.date:
        return next(iter(items), None)
    if doc.base is dict:
        pairs = [s.split(":", 1) for s in items if ":" in s]
        return {k.strip(): v.strip() for k, v in pairs} or None
    if doc.base is list:
        return items or None
    return items[0] if items else None


def _is_quantity(text: str) -> bool:
    try:
        parse_quantity(text)
    except ValueError:
        return False
    return True


def minimal(docs: dict[tuple[str, ...], FieldDoc], examples: Examples,
            path: tuple[str, ...]) -> dict[str, Any] | None:
    """The smallest facts (beyond the baseline) holding field path: every block on the way with
    its required fields, a list of records as one record; None when an example is missing."""
    leaf = docs[path]
    value = examples.value(leaf) if leaf.shape == "value" else _record(docs, examples, path)
    if value is None:
        return None
    if leaf.shape == "records":
        value = [value]
    for depth in range(len(path) - 1, 0, -1):
        outer = docs[path[:depth]]
        record = _record(docs, examples, outer.path)
        if record is None:
            return None
        record[path[depth]] = value
        value = [record] if outer.shape == "records" else record
    return {path[0]: value}


def _record(docs: dict[tuple[str, ...], FieldDoc], examples: Examples,
            path: tuple[str, ...]) -> dict[str, Any] | None:
    """A block holding only its required fields, each with its example."""
    record: dict[str, Any] = {}
    for doc in docs.values():
        if doc.path[:-1] == path and doc.required:
            value = examples.value(doc) if doc.shape == "value" else _record(docs, examples,
                                                                            doc.path)
            if value is None:
                return None
            record[doc.path[-1]] = value
    return record
