"""init and schema: a starter file that explains every field, drafts, and suits the editor's schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.facts.schema import Facts, Topic, facts_json_schema
from fazhi_writer.facts.starter import default_year
from fazhi_writer.pipeline import init

from .conftest import EXAMPLES

runner = CliRunner()


def _init(tmp_path: Path) -> Path:
    facts = tmp_path / "事实文件.yaml"
    result = runner.invoke(app, ["init", "-o", str(facts)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(facts), str(tmp_path / "fazhi-write.schema.json")]
    return facts


def _plain(node: object) -> object:
    """The YAML data as JSON would carry it (what an editor validates)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def _validator() -> jsonschema.Draft7Validator:
    schema = facts_json_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_init_then_draft_shows_markers_and_check_lists_them(tmp_path: Path) -> None:
    facts = _init(tmp_path)
    text = facts.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=fazhi-write.schema.json\n")
    checked = runner.invoke(app, ["check", str(facts)])
    assert checked.exit_code == 0, checked.output
    listed = [line for line in checked.stdout.splitlines() if "：待填" in line]
    placeholders = [n for n, line in enumerate(text.splitlines(), 1)
                    if re.search(r"(: |- |\[)待填", line)]
    assert len(listed) >= len(placeholders) > 100
    assert f"{facts}:{placeholders[0]}:" in listed[0]
    out = tmp_path / "out"
    drafted = runner.invoke(app, ["draft", str(facts), "--format", "txt", "-o", str(out)])
    assert drafted.exit_code == 0, drafted.output
    report = Path(drafted.stdout.strip()).read_text(encoding="utf-8")
    assert "目前共聘任法治副校长【待填：法治副校长.人数】" in report
    assert "【待填：存在问题[1]】" in report and "【待填：工作打算[1]】" in report
    assert "处“待填”" in drafted.stderr


def test_the_starter_has_every_field_with_a_chinese_comment(tmp_path: Path) -> None:
    facts = _init(tmp_path)
    lines = facts.read_text(encoding="utf-8").splitlines()
    # shape choices (标题, 发文机关 …) are there commented out: a 待填 would change the report
    keys = {m[1] for line in lines if (m := re.match(r"\s*(?:# )?(?:- )?([^#\s:]+):", line))}
    schema = Facts.model_json_schema(by_alias=True)
    # 活动 and the general types (计数, 文件 …) are explained once in the header; 存在问题/工作打算
    # items are written as one sentence
    left_out = ("Activity", "PlanReview", "ThemeItem", "Figure", "Document", "Person", "Inspection",
                "Honour")
    models = [schema, *(d for name, d in schema["$defs"].items() if name not in left_out)]
    expected = {key for model in models for key in model.get("properties", {})}
    skipped = {"上年事实文件", "上年工作打算", *(f.alias for f in Topic.model_fields.values())}
    missing = expected - skipped - keys
    assert not missing, f"fields without a line in the starter: {missing}"
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    without = [line for line in body if not re.search(r"  # \S*[\u4e00-\u9fff]", line)]
    assert not without, f"fields without a Chinese comment: {without}"


def test_the_starter_and_every_example_fit_the_editor_schema(tmp_path: Path) -> None:
    validator = _validator()
    for path in [_init(tmp_path), *EXAMPLES]:
        data = _plain(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, f"{path.name}: {errors[:5]}"


@pytest.mark.parametrize("data", [
    {"单位": "某局", "年度": 2024, "法治副校长": {"人数": True}},
    {"单位": "某局", "年度": 2024, "法治副校长": {"配备律": "100%"}},
    {"单位": "某局", "年度": "待填"},
    {"单位": "某局", "年度": 2024, "组织领导": {"列入工作要点": "也许"}},
    {"年度": 2024},
])
def test_the_editor_schema_still_rejects_mistakes(data: dict) -> None:
    assert list(_validator().iter_errors(data))


def test_blanks_are_nullable_where_the_facts_allow_them() -> None:
    validator = _validator()
    blank = {"单位": "某局", "年度": 2024, "成文日期": None, "组织领导": {"领导小组": {"组长": None, "设办公室": None},
             "实施方案": None}, "存在问题": None, "法治副校长": {"覆盖学校": None, "人数": None}}
    assert not list(validator.iter_errors(blank))
    assert list(validator.iter_errors({"单位": None, "年度": 2024}))  # 单位 must be filled in


def test_schema_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout.strip() == str(out)
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["properties"]["单位"]["description"].startswith("单位全称")
    assert "English" not in json.dumps(schema) and "The " not in json.dumps(schema)


def test_init_never_writes_over_an_edited_facts_file(tmp_path: Path) -> None:
    facts = _init(tmp_path)
    facts.write_text("单位: 我的局\n年度: 2024\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "-o", str(facts)])
    assert result.exit_code == 1 and "修改" in result.stderr
    assert facts.read_text(encoding="utf-8") == "单位: 我的局\n年度: 2024\n"


def test_init_knows_only_existing_kinds(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "-o", str(tmp_path / "f.yaml"), "--kind", "nonsense"])
    assert result.exit_code == 1 and "nonsense" in result.stderr
    assert not (tmp_path / "f.yaml").exists()


@pytest.mark.parametrize(("today", "year"),
                         [(dt.date(2025, 1, 15), 2024), (dt.date(2025, 11, 20), 2025)])
def test_the_starter_year_is_the_year_being_reported(today: dt.date, year: int,
                                                     tmp_path: Path) -> None:
    assert default_year(today) == year
    init(tmp_path / "f.yaml", today=today)
    assert f"\n年度: {year} " in (tmp_path / "f.yaml").read_text(encoding="utf-8")
