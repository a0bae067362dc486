"""`fazhi-write form`: the 填报表 made from templates/form.yaml and the facts schema; it opens in
LibreOffice, and a form LibreOffice saved again merges like the original."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.schools.fields import check_spec, describe, load_spec, schema_field
from fazhi_writer.schools.form import MARKER, make_form
from fazhi_writer.schools.merge import merge

from .schools_helpers import SPEC, cell_of, fill, save

runner = CliRunner()


def require_soffice() -> str:
    """LibreOffice (with Calc): skipped locally without it; in CI (CI=true) a failure."""
    found = shutil.which("soffice")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("the school-form tests need LibreOffice Calc: CI must install it (.ci/run)")
    pytest.skip("LibreOffice (soffice) is not installed")


def libreoffice_saves(path: Path, target: str = "xlsx") -> Path:
    """Open path in LibreOffice and save it again as target (as a school's office suite would)."""
    soffice = require_soffice()
    out = path.parent / "saved"
    profile = (path.parent / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", target, "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    return out / f"{path.stem}.{target}"


def test_every_path_of_the_form_is_a_facts_file_field() -> None:
    spec = load_spec()
    assert check_spec(spec) == []
    for f in spec.fields:
        if f.path:
            assert schema_field(f.path) is not None, f.path
    # the check would catch a path the schema lacks (e.g. after a field was renamed)
    assert schema_field(("法治副校长", "不存在的字段")) is None
    assert schema_field(("法治课堂", "数据", "主题班会")) is not None  # any name below 数据
    assert schema_field(("法治副校长", "宣讲", "多余")) is None
    assert describe(("法治副校长", "人数")) == "法治副校长人数"  # labels come from the schema


def test_a_bad_form_yaml_is_refused_with_every_problem(tmp_path: Path) -> None:
    text = (Path(SPEC.source)).read_text(encoding="utf-8")
    text = text.replace("  获奖: 获奖情况", "  获奖: 获奖/情况")
    text = text.replace("路径: 法治副校长.宣讲", "路径: 法治副校长.讲课").replace("合计: 计数", "合计: 加起来", 1)
    text = text.replace("""    类型: 是否
    合计: 全部为是""", """    类型: 整数
    合计: 求和""", 1)  # 法治课堂.开足开齐 is a 是/否
    text = text.replace("""    类型: 百分比
    单位: "%"
    合计: 加权平均""", """    类型: 整数
    合计: 加权平均""")
    (tmp_path / "form.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["form", "-o", str(tmp_path / "表.xlsx"), "--template-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "路径“法治副校长.讲课”不是事实文件中的字段" in result.output
    assert "合计方式“加起来”不认识" in result.output
    assert "工作表名“获奖/情况”（获奖）不能用" in result.output
    assert "字段“本校是否开足开齐法治课程”按“求和”合计，但事实文件中的“法治课堂.开足开齐”是是/否" in result.output
    assert "按“加权平均”合计，类型应为百分比，不能是“整数”" in result.output
    assert not (tmp_path / "表.xlsx").exists()


def test_the_form_has_instructions_validation_locked_headers_and_a_hidden_marker() -> None:
    book = load_workbook(io.BytesIO(make_form(SPEC, ["一中", "二中"])))
    assert book.sheetnames == ["基本情况", "法治副校长", "获奖情况", "版本"]
    marker = book["版本"]
    assert marker.sheet_state == "hidden" and marker["A1"].value == MARKER
    assert marker["B1"].value == SPEC.version and [marker["E1"].value, marker["E2"].value] == ["一中", "二中"]
    basic = book["基本情况"]
    assert basic.protection.sheet and book["法治副校长"].protection.sheet
    assert basic["A1"].value == SPEC.title and SPEC.instructions[0] in basic["A2"].value
    assert basic["B4"].protection.locked and not basic["C3"].protection.locked
    rules = {str(cell): dv for dv in basic.data_validations.dataValidation for cell in dv.sqref.ranges}
    assert rules["C3"].type == "list" and "版本" in rules["C3"].formula1
    for f in SPEC.fields:
        cell = cell_of(f.label)
        assert basic[cell.replace("C", "B")].value == f.label
        assert not basic[cell].protection.locked
        rule = rules[cell]
        expected = {"整数": ("whole", "0", None), "百分比": ("decimal", "0", "100"),
                    "是否": ("list", '"是,否"', None), "日期": ("date", "36526", "73415")}[f.kind]
        assert (rule.type, rule.formula1, rule.formula2) == expected
    roster = book["法治副校长"]
    assert [c.value for c in roster[2]] == ["姓名", "单位", "职务"]
    assert roster["A2"].protection.locked and not roster["C50"].protection.locked
    assert [c.value for c in book["获奖情况"][2]] == list(SPEC.award_columns)


def test_form_command_writes_the_form_and_refuses_another_suffix(tmp_path: Path) -> None:
    names = tmp_path / "名单.txt"
    names.write_text("一中\n\n 二 中 \n", encoding="utf-8")
    result = runner.invoke(app, ["form", "-o", str(tmp_path / "表.xlsx"), "--schools", str(names)])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "表.xlsx")
    assert [book["版本"]["E1"].value, book["版本"]["E2"].value] == ["一中", "二中"]
    result = runner.invoke(app, ["form", "-o", str(tmp_path / "表.xls")])
    assert result.exit_code == 1 and "请用 .xlsx 作扩展名" in result.output
    names.write_text("一中\n一中\n", encoding="utf-8")
    result = runner.invoke(app, ["form", "-o", str(tmp_path / "表2.xlsx"), "--schools", str(names)])
    assert result.exit_code == 1 and "学校名单中有重复的学校：一中" in result.output


def test_libreoffice_opens_the_form_and_a_form_it_saved_again_merges(tmp_path: Path) -> None:
    book = fill("一中", {"法治副校长到校法治宣讲（讲座）场次": 7, "本校是否依据章程办学": "是",
                       "填报日期": "2024-11-20"},
                [("张三", "公安分局", "民警")], [("区法治征文", "李四", "学生", "一等奖", "", "")])
    book["基本情况"][cell_of("法治宣讲覆盖学生人次")] = "=300+200"  # no cached value yet
    saved = libreoffice_saves(save(book, tmp_path / "一中.xlsx"))
    again = load_workbook(saved)
    assert again["版本"].sheet_state == "hidden" and again["基本情况"].protection.sheet
    facts = tmp_path / "事实文件.yaml"
    facts.write_text("单位: 测试区教育局\n年度: 2024\n学校总数: 1所\n", encoding="utf-8")
    merge([saved], facts)
    text = facts.read_text(encoding="utf-8")
    assert "  宣讲: 7场次  #" in text and "  受众: 500人次  #" in text  # the formula's value
    assert "  人数: 1名  #" in text and "  配备率: 100%  #" in text
    assert "数据截至: 2024年11月20日  #" in text and "获奖者: 李四" in text
