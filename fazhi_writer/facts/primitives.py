"""The primitives of the facts-file schema: value types (Text, Qty, Flag …), the field helper f
and the Block base class, shared by schema.py and general.py."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)

from . import coerce
from .quantity import Quantity

_BLANK = {"type": "string", "pattern": r"^\s*待填"}
#: JSON schema of a text, and of a list of texts that may be written as one text.
TEXT_SCHEMA = {"type": ["string", "number"], "minLength": 1}
TEXTS_SCHEMA = {"anyOf": [{"type": "array", "items": TEXT_SCHEMA}, TEXT_SCHEMA]}

Text = Annotated[str, Field(min_length=1), WrapValidator(coerce.blank_or_text),
                 WithJsonSchema(TEXT_SCHEMA)]
Texts = Annotated[list[Text], BeforeValidator(coerce.as_list), WithJsonSchema(TEXTS_SCHEMA)]
Flag = Annotated[
    bool, WrapValidator(coerce.blank_flag),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": sorted(coerce.TRUE | coerce.FALSE)},
                              _BLANK]}),
]
_CN_DATE = {"type": "string", "pattern": r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"}
Date = Annotated[
    dt.date, WrapValidator(coerce.blank_or_date),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, _CN_DATE, _BLANK]}),
]
Qty = Annotated[
    Quantity,
    WrapValidator(coerce.blank_or_quantity),
    PlainSerializer(str),
    WithJsonSchema({"type": ["string", "number"], "examples": ["19名", "近50场", "12.6万余人次", "待填"]}),
]


Counts = Annotated[dict[Text, Qty], BeforeValidator(coerce.counts)]


def f(alias: str, description: str, default: Any = None) -> Any:
    """Declare an optional field with its Chinese key and description."""
    if isinstance(default, (list, dict)):
        return Field(default_factory=type(default), alias=alias, description=description)
    return Field(default, alias=alias, description=description)


class Block(BaseModel):
    """Base of every block: Chinese keys only, unknown keys are errors, immutable."""

    # defer_build: compiled.compile_validator() builds the whole schema once, for Facts
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, defer_build=True)

    # a plain function (not a method), so that the compiled validator does not refer to the model
    _drop_blanks = model_validator(mode="before")(staticmethod(coerce.drop_blanks))
