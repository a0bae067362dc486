"""The compiled validator: records equal to what the pydantic models give, and no pydantic import."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from fazhi_writer.errors import FactsValidationError
from fazhi_writer.facts.compiled import compile_validator
from fazhi_writer.facts.placeholders import mark_placeholders
from fazhi_writer.facts.read import load_facts
from fazhi_writer.facts.records import Record
from fazhi_writer.facts.schema import Facts
from fazhi_writer.facts.validate import validate_facts

from .conftest import EXAMPLES, ROOT

FACTS_FILES = [*EXAMPLES, *sorted((ROOT / "tests" / "data").rglob("*.yaml"))]


def _plain(value: Any) -> Any:
    """A model or a record as (class name, fields set, {field: value}), recursively."""
    if hasattr(type(value), "model_fields"):
        fields = {name: _plain(getattr(value, name)) for name in type(value).model_fields}
        return type(value).__name__, sorted(value.model_fields_set), fields
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return type(value).__name__, value


def _raw(path: Path) -> Any:
    raw = load_facts(path)
    mark_placeholders(raw)
    return raw


@pytest.fixture(scope="module")
def validator() -> Any:
    return compile_validator()


@pytest.mark.parametrize("path", FACTS_FILES, ids=lambda p: p.name)
def test_records_hold_what_the_models_hold(path: Path, validator: Any) -> None:
    raw = _raw(path)
    try:
        expected = _plain(Facts.model_validate(raw))
    except ValidationError as e:
        with pytest.raises(ValidationError) as got:
            validator.validate_python(raw)
        assert _errors(got.value) == _errors(e)
        return
    facts = validator.validate_python(raw)
    assert isinstance(facts, Record) and not isinstance(facts, Facts)
    assert _plain(facts) == expected
    assert type(facts).model_fields["unit"].alias == "单位"


@pytest.mark.parametrize("broken", [
    {"年度": "二〇二四"},
    {"亮点": ["法律顾问", "不存在的板块"]},
    {"学法用法": {"组长": "张三", "学法次数": "很多"}},
    {"存在问题": [{"补充": "只有补充"}]},
    {"成文日期": "2024年13月1日"},
])
def test_records_reject_what_the_models_reject_in_the_same_words(broken: dict[str, Any],
                                                                 validator: Any) -> None:
    raw = {"单位": "某局", "年度": 2024, **broken}
    with pytest.raises(ValidationError) as models:
        Facts.model_validate(raw)
    with pytest.raises(ValidationError) as records:
        validator.validate_python(raw)
    assert _errors(records.value) == _errors(models.value)


def _errors(error: ValidationError) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "ctx"} for e in error.errors(include_url=False)]


def test_an_impossible_chinese_date_is_explained_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(FactsValidationError) as e:
        validate_facts(load_facts(_write(tmp_path, "成文日期: 2024年13月1日\n")), tmp_path)
    assert [p.message for p in e.value.problems] == ["“2024年13月1日”不是有效的日期"]


def _write(folder: Path, extra: str) -> Path:
    path = folder / "facts.yaml"
    path.write_text("单位: 某局\n年度: 2024\n" + extra, encoding="utf-8")
    return path


def test_records_are_immutable_comparable_and_survive_pickling(validator: Any) -> None:
    facts = validator.validate_python(_raw(EXAMPLES[0]))
    with pytest.raises(AttributeError):
        facts.unit = "另一局"
    copy = pickle.loads(pickle.dumps(facts))
    assert copy == facts and copy is not facts and type(copy) is type(facts)
    assert copy.model_fields_set == facts.model_fields_set
    assert facts != validator.validate_python({"单位": "某局", "年度": 2024})


def test_a_value_is_a_record_by_its_type_asked_once(validator: Any) -> None:
    from fazhi_writer.facts import records
    from fazhi_writer.facts.quantity import parse_quantity

    facts = validator.validate_python(_raw(EXAMPLES[0]))
    values = [facts, facts.vice_principals, Facts.model_validate(_raw(EXAMPLES[0])), "文字", 3,
              parse_quantity("19名"), None, [facts]]
    assert [records.is_record(v) for v in values] == [True, True, True, False, False, False,
                                                       False, False]
    assert records._RECORD_TYPES[str] is False and records._RECORD_TYPES[type(facts)] is True


def test_the_validator_loads_and_validates_without_pydantic(validator: Any,
                                                            tmp_path: Path) -> None:
    # loading it from the cache must not import pydantic (a draft never does)
    entry = tmp_path / "validator.pickle"
    entry.write_bytes(pickle.dumps(validator))
    script = ("import pickle, sys\n"
              f"validator = pickle.loads(open({str(entry)!r}, 'rb').read())\n"
              "facts = validator.validate_python({'单位': '某局', '年度': 2024, '自称': '本局'})\n"
              "assert facts.short == '本局' and facts.model_fields_set == {'unit', 'year', 'short'}\n"
              "assert not [m for m in sys.modules if m.split('.')[0] == 'pydantic'], sys.modules\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr


def test_a_model_schema_of_an_unknown_shape_fails_loudly() -> None:
    from pydantic import BaseModel, ConfigDict, RootModel, computed_field

    from fazhi_writer.facts import compiled

    class Post(BaseModel):
        a: int = 0

        def model_post_init(self, context: Any) -> None:
            pass

    class Computed(BaseModel):
        a: int = 0

        @computed_field  # type: ignore[prop-decorator]
        @property
        def b(self) -> int:
            return self.a

    class Loose(BaseModel):
        model_config = ConfigDict(extra="allow")

        a: int = 0

    class Mixed(BaseModel):
        model_config = ConfigDict(extra="forbid")

        loose: Loose

    for model in (RootModel[int], Post, Computed):
        with pytest.raises(compiled.UnknownSchema):
            compiled._copy(model.__pydantic_core_schema__, [])
    with pytest.raises(compiled.UnknownSchema):
        configs: list[dict[str, Any]] = []
        compiled._copy(Mixed.__pydantic_core_schema__, configs)
        compiled._one_config(configs)


def test_only_public_attributes_of_other_packages_are_used() -> None:
    # pydantic documents __pydantic_core_schema__; its instance slots are its own. The one
    # private name (atexit._run_exitfuncs) is behind a guard that tests/test_entry.py runs.
    import re

    sources = {p: p.read_text(encoding="utf-8") for p in (ROOT / "fazhi_writer").rglob("*.py")}
    for path, text in sources.items():
        assert not re.findall(r"__pydantic_(?!core_schema__)\w+", text), path
        assert "pydantic_core._pydantic_core" not in text, path
        if path.name != "entry.py":
            assert "_run_exitfuncs" not in text, path
