"""Loading and validating a facts file: every problem, in Chinese, with file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi_writer.errors import FactsFileError, FactsValidationError
from fazhi_writer.facts import load_facts
from fazhi_writer.validate import validate_facts


def _load(tmp_path: Path, text: str | bytes, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = _load(tmp_path, text)
    with pytest.raises(FactsValidationError) as info:
        validate_facts(load_facts(path), path)
    return [p.format(path.name) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "事实文件是空的"),
        ("# 只有注释\n", "事实文件是空的"),
        ("- a\n- b\n", ":1:1: 事实文件顶层应为“字段: 值”的映射，实际是列表"),
        ("单位：某局\n年度: 2024\n", ":1:3: YAML 格式错误：第 1 行用了全角冒号"),
        ("单位: x\n\t年度: 2024\n", ":2:1: YAML 格式错误：缩进里有制表符"),
        ("单位: [x\n", "YAML 格式错误"),
    ],
)
def test_unreadable_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(FactsFileError, match=message.replace("(", r"\(")):
        load_facts(_load(tmp_path, text))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FactsFileError, match="找不到事实文件"):
        load_facts(tmp_path / "missing.yaml")
    with pytest.raises(FactsFileError, match="文件夹"):
        load_facts(tmp_path)


def test_binary_file(tmp_path: Path) -> None:
    with pytest.raises(FactsFileError, match="不是文本文件"):
        load_facts(_load(tmp_path, b"PK\x03\x04\x00\x00"))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_encodings_clerks_produce(tmp_path: Path, encoding: str) -> None:
    path = _load(tmp_path, "单位: 中站区教育局\r\n年度: 2024\r\n".encode(encoding))
    facts = validate_facts(load_facts(path), path)
    assert (facts.unit, facts.year) == ("中站区教育局", 2024)


def test_every_problem_is_reported_once_with_its_position(tmp_path: Path) -> None:
    text = (
        "单位: 某局\n"
        "年度: 二〇二四\n"
        "法治副校长:\n"
        "  人数: 很多\n"
        "  配备律: 100%\n"
        "存在问题:\n"
        "  - 主题: 学习不系统\n"
        "    补冲: x\n"
    )
    assert _errors(tmp_path, text) == [
        "facts.yaml:2:5: 字段“年度”：应为整数，实际是“二〇二四”",
        "facts.yaml:4:7: 字段“法治副校长.人数”：应为数量，例如 19、19名、近50场、16000余名、"
        "12.6万余人次、100%，实际是“很多”",
        "facts.yaml:5:3: 字段“法治副校长.配备律”：未知字段（不会被使用，请检查拼写），是否想写“配备率”？",
        "facts.yaml:8:5: 字段“存在问题[1].补冲”：未知字段（不会被使用，请检查拼写），是否想写“补充”？",
    ]


def test_missing_required_fields(tmp_path: Path) -> None:
    assert _errors(tmp_path, "自称: 我局\n") == [
        "facts.yaml:1:1: 字段“单位”：缺少必填字段",
        "facts.yaml:1:1: 字段“年度”：缺少必填字段",
    ]


def test_wrong_container_type(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "单位: 某局\n年度: 2024\n法治副校长: 19名\n")
    assert errors == ["facts.yaml:3:8: 字段“法治副校长”：应为“字段: 值”的映射，实际是“19名”"]


def test_clerk_friendly_values(tmp_path: Path) -> None:
    path = _load(tmp_path, (
        "单位: 某局\n年度: 2024\n成文日期: 2024年12月6日\n"
        "法治副校长:\n  人数: 19名\n  来源: 公安\n  基本全覆盖: 是\n"
        "存在问题:\n  - 学习不系统\n  - 主题: 普法宣传力度不够\n    补充: 进社区不够\n"
    ))
    facts = validate_facts(load_facts(path), path)
    assert facts.date is not None and facts.date.isoformat() == "2024-12-06"
    assert facts.vice_principals is not None
    assert facts.vice_principals.sources == ["公安"]
    assert facts.vice_principals.full_coverage is True
    assert str(facts.vice_principals.count) == "19名"
    assert [(p.theme, p.extra) for p in facts.problems] == [
        ("学习不系统", None), ("普法宣传力度不够", "进社区不够"),
    ]
