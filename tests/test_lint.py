"""Linting valid facts: impossible values are errors, unlikely ones warnings, each located."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from fazhi_writer.pipeline import check

from .conftest import EXAMPLES

HEAD = "单位: 某局\n年度: 2024\n成文日期: 2025-01-10\n"


def _check(path: Path) -> tuple[list[str], list[str]]:
    """Return the errors and warnings check finds at a place in the file (named relatively)."""
    found = check(path)
    at = re.compile(rf"{re.escape(str(path))}:\d+:\d+: ")
    return ([e.replace(f"{path.parent}/", "") for e in found.errors if at.match(e)],
            [w.replace(f"{path.parent}/", "") for w in found.warnings if at.match(w)])


def _found(tmp_path: Path, text: str, head: str = HEAD) -> tuple[list[str], list[str]]:
    path = tmp_path / "facts.yaml"
    path.write_text(head + text, encoding="utf-8")
    return _check(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("法治副校长:\n  人数: 19名\n  配备率: 120%\n",
         ["facts.yaml:6:8: 字段“法治副校长.配备率”：比例不能超过 100%，实际是“120%”"]),
        ("宪法宣传:\n  学宪法讲宪法:\n    届次: 第九届\n    参与率: 101\n",
         ["facts.yaml:7:10: 字段“宪法宣传.学宪法讲宪法.参与率”：比例不能超过 100%，实际是“101”"]),
        ("学法用法:\n  数据:\n    知晓率: 130%\n",
         ["facts.yaml:6:10: 字段“学法用法.数据.知晓率”：比例不能超过 100%，实际是“130%”"]),
        ("学校总数: 100所\n宪法宣传:\n  参与学校: 120所\n",
         ["facts.yaml:6:9: 字段“宪法宣传.参与学校”：学校数 120 多于“学校总数”100"]),
        ("学校总数: 100所\n法治副校长:\n  覆盖学校:\n    中小学: 80所\n    幼儿园: 40所\n",
         ["facts.yaml:6:3: 字段“法治副校长.覆盖学校”：学校数 120 多于“学校总数”100"]),
        ("依法治校:\n  申报: 5所\n  通过: 6所\n",
         ["facts.yaml:6:7: 字段“依法治校.通过”：通过的学校数 6 多于申报的 5"]),
        ("学校总数: 137所\n法治副校长:\n  配备率: 100%\n  覆盖学校:\n    中小学: 89所\n",
         ["facts.yaml:6:8: 字段“法治副校长.配备率”：配备率100%与覆盖学校数不符：89所÷学校总数137所≈65%"]),
        ("组织领导:\n  领导小组:\n    本年成立: 是\n    完善机制: 是\n",
         ["facts.yaml:7:11: 字段“组织领导.领导小组.完善机制”：“本年成立”和“完善机制”不能都填“是”："
          "本年度成立的领导小组写“成立……”，已有的领导小组完善工作机制写“完善……工作机制”，请只保留一项"]),
    ],
    ids=["rate", "nested-rate", "counted-rate", "schools", "covered", "approved", "配备率",
         "成立且完善"],
)
def test_impossible_values_are_errors(tmp_path: Path, text: str, expected: list[str]) -> None:
    errors, _ = _found(tmp_path, text)
    assert errors == expected


@pytest.mark.parametrize(
    ("date", "error", "warning"),
    [("2023-12-20", "早于报告年度 2024 年", None), ("2025-03-15", None, "已过 2025 年3月1日"),
     ("2024-12-20", None, None)],
)
def test_date_outside_the_report_year(
    tmp_path: Path, date: str, error: str | None, warning: str | None
) -> None:
    errors, warnings = _found(tmp_path, "", head=f"单位: 某局\n年度: 2024\n成文日期: {date}\n")
    at = "facts.yaml:3:7: 字段“成文日期”：成文日期 "
    assert [e.startswith(at) and error in e for e in errors] == ([True] if error else [])
    assert [w.startswith(at) and warning in w for w in warnings] == ([True] if warning else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 19 法治副校长 can serve at most 38 schools
        ("法治副校长:\n  人数: 19名\n  覆盖学校:\n    中小学: 89所\n",
         "facts.yaml:5:7: 字段“法治副校长.人数”：19名法治副校长最多兼任 38 所学校"),
        ("法治副校长:\n  活动:\n    - 名称: 法治讲座\n      时间: 2023年9月\n",
         "facts.yaml:7:11: 字段“法治副校长.活动[1].时间”：写的是 2023 年，不是报告年度 2024 年"),
        ("数据截至: 2023年11月\n",
         "facts.yaml:4:7: 字段“数据截至”：写的是 2023 年，不是报告年度 2024 年"),
        *[(f"发文字号: 某教{y}3号\n",
           f"facts.yaml:4:7: 字段“发文字号”：发文字号的年份应当用六角括号，写作“〔2024〕”，而不是“{y}”")
          for y in ("【2024】", "（2024）", "(2024)", "[2024]")],
        ("学法用法:\n  学习内容: [《关于<中华人民共和国宪法>的说明》]\n",
         "facts.yaml:5:10: 字段“学法用法.学习内容[1]”：书名号内的书名应当用单书名号“〈〉”，而不是“<>”"),
        ("学法用法:\n  学习形式: [采取“三会一课”、“主题党日”等形式]\n",
         "facts.yaml:5:10: 字段“学法用法.学习形式[1]”：标有引号或书名号的并列词语之间通常不用顿号"),
        ("学法用法:\n  学习内容: [《宪法》、《教育法》]\n",
         "facts.yaml:5:10: 字段“学法用法.学习内容[1]”：标有引号或书名号的并列词语之间通常不用顿号"),
    ],
)
def test_unlikely_values_are_warnings(tmp_path: Path, text: str, expected: str) -> None:
    errors, warnings = _found(tmp_path, text)
    assert errors == [] and [w[: len(expected)] for w in warnings] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "法治副校长:\n  配备率: 近100%\n",  # approximate: not comparable
        "学法用法:\n  数据:\n    参与人数增长率: 150%\n",  # a change may exceed 100%
        "学校总数: 700余所\n宪法宣传:\n  参与学校: 720所\n",  # 700余 may be more than 720
        ("学校总数: 137所\n法治副校长:\n  人数: 70名\n  配备率: 100%\n"
         "  覆盖学校:\n    中小学: 89所\n    幼儿园: 48所\n"),
        "数据截至: 2025年1月\n",  # data as of the next January is fine
        ("发文字号: 某教〔2024〕3号\n学法用法:\n  学习内容: [《关于〈中华人民共和国宪法〉的说明》]\n"
         "  学习形式: [“三会一课”“主题党日”, “学习强国”、钉钉等平台]\n"),  # as GB/T 15834 wants
    ],
)
def test_plausible_values_pass(tmp_path: Path, text: str) -> None:
    assert _found(tmp_path, text) == ([], [])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_have_no_errors(example: Path) -> None:
    assert _check(example) == ([], [])


def _walk(model: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every value written, straight from each record's fields (what leaves must give)."""
    from fazhi_writer.facts.records import is_record

    found: list[tuple[Any, ...]] = []
    for name, info in type(model).model_fields.items():
        if name not in model.model_fields_set:
            continue
        key, value = info.alias or name, getattr(model, name)
        if is_record(value):
            found += _walk(value, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                found += (_walk(item, (*loc, key, i)) if is_record(item)
                          else [((*loc, key, i), key, item, False, False)])
        elif isinstance(value, dict):
            for label, item in value.items():
                found += [((*loc, key, label), label, label, True, False),
                          ((*loc, key, label), label, item, False, False)]
        elif value is not None:
            found.append(((*loc, key), key, value, False, isinstance(info.default, str)))
    return found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_leaves_are_every_written_value_with_fields_worked_out_once_a_type(
        example: Path) -> None:
    from fazhi_writer.facts import lint
    from fazhi_writer.pipeline import _load

    facts = _load(example).facts
    assert [tuple(leaf) for leaf in lint.leaves(facts)] == _walk(facts)
    before = lint._fields.cache_info()
    list(lint.leaves(facts))
    assert lint._fields.cache_info().misses == before.misses
