"""The validator a draft uses: the pydantic models of schema.py, compiled to build records.

pydantic documents a model's core schema (``__pydantic_core_schema__``, a pydantic_core
``CoreSchema``). compile_validator() copies it, replacing every ``model`` schema by the
public building blocks of pydantic_core.core_schema: the model's ``model-fields`` schema,
which validates to ``(values, extras, fields set)``, and an after-validator making a record
of that (records.from_fields). The validator then refers to no pydantic class, so loading it
from the cache does not import pydantic. Anything in a model's schema this does not know
raises UnknownSchema: an upgrade that changes the schema's shape fails here (and in
tests/test_records.py), never silently.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .records import Field, from_fields, record_type

#: The keys of a ``model`` core schema, and the values this copy supports for those that
#: change how validating behaves (see pydantic_core.core_schema.model_schema).
_MODEL_KEYS = {"type", "cls", "schema", "config", "ref", "metadata", "serialization",
               "custom_init", "root_model", "post_init", "generic_origin", "frozen",
               "strict", "extra_behavior"}
_UNSUPPORTED = {"custom_init": True, "root_model": True}
#: Config keys that only pydantic reads (names in JSON Schema and errors).
_COSMETIC = {"title"}


class UnknownSchema(RuntimeError):
    """The models' core schema has a shape this module was not written for."""


def compile_validator() -> Any:
    """Return a pydantic_core SchemaValidator of Facts that builds records, not models."""
    from pydantic_core import SchemaValidator

    from .schema import Facts

    Facts.model_rebuild(force=True)
    configs: list[dict[str, Any]] = []
    schema = _shared(_copy(Facts.__pydantic_core_schema__, configs), {})
    config = _one_config(configs)
    return SchemaValidator(schema, config)  # type: ignore[arg-type]


def _copy(node: Any, configs: list[dict[str, Any]]) -> Any:
    """Copy a core schema without what only pydantic uses (JSON Schema metadata, serializers),
    with record-building validators for models."""
    if isinstance(node, list):
        return [_copy(item, configs) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "model":
        return _model(node, configs)
    return {k: _copy(v, configs) for k, v in node.items() if k not in ("metadata", "serialization")}


def _shared(node: Any, seen: dict[Any, Any]) -> Any:
    """The schema with equal parts made one object: the Text schema alone recurs hundreds of
    times, and the cached validator's pickle stores a shared part once (~10x smaller and
    faster to load). pydantic_core reads the schema and keeps none of it."""
    if isinstance(node, dict):
        node = {k: _shared(v, seen) for k, v in node.items()}
    elif isinstance(node, list):
        node = [_shared(item, seen) for item in node]
    else:
        return node
    return seen.setdefault(_key(node), node)


def _key(node: dict[str, Any] | list[Any]) -> Any:
    """A hashable key equal for equal schema parts whose own parts are already shared."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    return type(node), tuple((k, _part(v)) for k, v in items)


def _part(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool, type(None))):
        return type(value), value  # 1, 1.0 and True apart
    return id(value)  # a shared part, function, class or partial: that very object


def _model(node: dict[str, Any], configs: list[dict[str, Any]]) -> Any:
    """The validator of one model: its fields' schema, then a record of the result."""
    from pydantic_core import core_schema

    unknown = set(node) - _MODEL_KEYS
    odd = {k: node[k] for k, v in _UNSUPPORTED.items() if node.get(k) == v}
    if unknown or odd or node.get("post_init") or node.get("extra_behavior") not in (None, "forbid"):
        raise UnknownSchema(f"model {node.get('cls')}: unsupported {sorted(unknown) or odd}")
    configs.append(node.get("config") or {})
    fields = _copy(node["schema"], configs)
    _check_fields(fields, node)
    build = partial(from_fields, _record_type(node["cls"]))
    ref = node.get("ref")
    return core_schema.no_info_after_validator_function(build, fields, ref=ref)


def _check_fields(schema: dict[str, Any], node: dict[str, Any]) -> None:
    """The inner schema must be model-fields, perhaps inside before-validators (a model's
    mode="before" validators)."""
    while schema.get("type") == "function-before":
        schema = schema["schema"]
    if schema.get("type") != "model-fields" or schema.get("computed_fields"):
        raise UnknownSchema(f"model {node.get('cls')}: its schema is {schema.get('type')}")


def _one_config(configs: list[dict[str, Any]]) -> dict[str, Any]:
    """The models' config, which must be the same for all (it applies to the whole validator)."""
    kept = {repr(sorted((k, v) for k, v in c.items() if k not in _COSMETIC)) for c in configs}
    if len(kept) != 1:
        raise UnknownSchema(f"models with different configs: {sorted(kept)}")
    return {k: v for k, v in configs[0].items() if k not in _COSMETIC}


def _record_type(model: Any) -> Any:
    """The record class standing for a model: its fields with their keys and simple defaults."""
    simple = (str, int, float, bool, type(None))
    fields = tuple((name, Field(str(info.alias or name),
                                info.default if isinstance(info.default, simple) else None))
                   for name, info in model.model_fields.items())
    return record_type(model.__name__, fields)
