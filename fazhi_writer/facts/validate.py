"""Validate the loaded mapping against the schema, collecting every problem with its position."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FactsValidationError, Problem, TemplateError, field_path

if TYPE_CHECKING:
    from .schema import Facts

# pydantic error types → Chinese explanations of what was expected.
_EXPECTED = {
    "missing": "缺少必填字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "bool_type": "应为 是/否（true/false）",
    "bool_parsing": "应为 是/否（true/false）",
    "list_type": "应为列表（每项一行，以“- ”开头）",
    "dict_type": "应为“字段: 值”的映射",
    "model_type": "应为“字段: 值”的映射",
    "model_attributes_type": "应为“字段: 值”的映射",
    "date_type": "应为日期，如 2024-12-06 或 2024年12月6日",
    "date_parsing": "应为日期，如 2024-12-06 或 2024年12月6日",
    "date_from_datetime_parsing": "应为日期，如 2024-12-06 或 2024年12月6日",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "int_parsing_size": "应为整数（位数太多）",
    "finite_number": "应为有限的数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "invalid_key": "字段名应为文字",
    "too_short": "不能为空",
    "date_from_datetime_inexact": "应为日期，如 2024-12-06 或 2024年12月6日",
}
# The message for a pydantic error type not listed above (never English for the clerk).
_OTHER = "值不符合要求"


@lru_cache(maxsize=1)
def facts_validator() -> Any:
    """Return the validator of Facts (compiled.compile_validator), kept in the per-user cache:
    compiling costs ~100 ms and loading it needs no pydantic (records.py)."""
    from ..cache import package_key, pickled

    def build() -> Any:
        from .compiled import compile_validator

        return compile_validator()

    return pickled("facts-validator", package_key(), build)


def validate_facts(raw: Any, file: Path) -> Facts:
    """Validate raw facts and return Facts (as records); raise FactsValidationError with all
    problems."""
    from pydantic_core import ValidationError

    try:
        return facts_validator().validate_python(raw)  # type: ignore[no-any-return]
    except ValidationError as e:
        problems = [_problem(err, raw) for err in e.errors(include_url=False)]
        raise FactsValidationError(file, sorted(problems, key=lambda p: (p.line, p.column))) from e


def locate(raw: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Return the 1-based line and column at field path loc (of the key, for a block)."""
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return position(raw, loc, at_key=isinstance(node, (dict, list)))


def problem_at(raw: Any, loc: tuple[Any, ...], message: str, warning: bool = False) -> Problem:
    """Return a Problem about the value at loc of the raw data (for checks beyond the schema)."""
    line, column = locate(raw, loc)
    return Problem(path=field_path(loc), message=message, line=line, column=column,
                   warning=warning)


def _problem(err: Any, raw: Any) -> Problem:
    loc = tuple(err["loc"])
    line, column = position(raw, loc, err["type"] in ("missing", "extra_forbidden"))
    return Problem(path=field_path(loc), message=_message(err, raw, loc), line=line, column=column)


def _message(err: Any, raw: Any, loc: tuple[Any, ...]) -> str:
    kind = err["type"]
    found = err.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(raw, loc)
    if kind == "value_error":
        return str(err["ctx"]["error"])
    expected = _EXPECTED.get(kind, _OTHER)
    if kind == "missing":
        return expected
    hint = ""
    if expected.endswith("映射") and isinstance(found, str) and "：" in found:
        hint = "（这里用了全角冒号“：”，字段和值之间应使用半角冒号加空格“: ”）"
    return f"{expected}，实际是“{_show(found)}”{hint}"


def _unknown_key(raw: Any, loc: tuple[Any, ...]) -> str:
    """Explain an unknown key and suggest the nearest known one: a typo must not drop a fact."""
    key = str(loc[-1])
    if key != key.strip("\u3000\xa0"):
        return "未知字段：字段名前后有全角空格（或不换行空格），缩进和冒号后请使用半角空格"
    import difflib  # only for an unknown key

    from .keys import synonym

    known = _known_keys(loc[:-1], raw)
    same = synonym(key, known)  # a field of the same meaning before one of similar spelling
    guess = [same] if same else difflib.get_close_matches(key, known, n=1, cutoff=0.3)
    hint = f"，是否想写“{guess[0]}”？" if guess else ""
    return f"未知字段（不会被使用，请检查拼写）{hint}"


def _known_keys(parent: tuple[Any, ...], raw: Any) -> list[str]:
    """Return the Chinese keys the schema allows at the mapping that parent points to."""
    from .schema import Block, Facts

    model: Any = Facts
    for part in parent:
        if isinstance(part, int) or model is None:
            continue
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        model = _block_type(field.annotation) if field else None
    if model is None or not issubclass(model, Block):
        return []
    return [f.alias for f in model.model_fields.values() if f.alias]


def _block_type(annotation: Any) -> Any:
    """Find the Block class inside Optional[...] / list[...] / Annotated[...]."""
    from typing import get_args

    from .schema import Block

    if isinstance(annotation, type) and issubclass(annotation, Block):
        return annotation
    for arg in get_args(annotation):
        found = _block_type(arg)
        if found is not None:
            return found
    return None


def position(raw: Any, loc: tuple[Any, ...], at_key: bool) -> tuple[int, int]:
    """Walk the round-trip data along loc and return the 1-based line/column of the value."""
    node: Any = raw  # ruamel's CommentedMap/CommentedSeq: positions in .lc
    line, col = raw.lc.line, raw.lc.col
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        try:
            lc = node.lc
            if isinstance(part, int) and isinstance(node, list):
                line, col = lc.item(part)
            elif isinstance(node, dict) and part in node:
                line, col = lc.key(part) if (last and at_key) else lc.value(part)
                if last and not at_key:
                    value = node[part]
                    if isinstance(value, (dict, list)) and not value:
                        line, col = lc.key(part)
            else:
                break
            node = node[part]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line + 1, col + 1


def _show(value: object) -> str:
    from .placeholders import Placeholder

    if isinstance(value, Placeholder):
        return "待填" + (f"：{value.note}" if value.note else "")
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "……"


def require_facts(facts: Facts, raw: Any, file: Path, paths: list[str], kind_label: str) -> None:
    """Raise one FactsValidationError for every field a report kind needs but the file lacks."""
    missing = [path for path in paths if _is_empty(_lookup(facts, path.split(".")))]
    message = f"缺少此项，生成{kind_label}必须填写"
    problems = [Problem(path, message, *position(raw, tuple(path.split(".")), True))
                for path in missing]
    if problems:
        raise FactsValidationError(file, problems)


def _lookup(facts: Any, aliases: list[str]) -> Any:
    """Follow Chinese keys (第一责任人, 姓名) through the validated facts."""
    node = facts
    for alias in aliases:
        name = next((n for n, f in type(node).model_fields.items() if f.alias == alias), None)
        if name is None:
            raise TemplateError(f"kind.yaml 的“必填”中有未知字段“{alias}”（字段名见 fazhi-write schema）")
        node = getattr(node, name)
        if node is None:
            return None
    return node


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}
