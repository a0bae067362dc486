"""Forms as they really come back: wrong cells, formulas, merged cells, renamed sheets, old
versions, .xls/.et/.csv files. Each bad case: exit 1, a located Chinese message, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.errors import ConversionError

from .schools_helpers import cell_of, fill, save, write_form
from .test_schools_form import libreoffice_saves

runner = CliRunner()
FACTS = "单位: 测试区教育局  # 全称\n年度: 2024\n学校总数: 3所\n"
TALKS, AUDIENCE = "法治副校长到校法治宣讲（讲座）场次", "法治宣讲覆盖学生人次"


@pytest.fixture()
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "事实文件.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return path


def run(facts: Path, *args: str) -> object:
    result = runner.invoke(app, ["merge", *args, "--into", str(facts)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def refused(facts: Path, *args: str) -> str:
    """merge fails, writes nothing; return its output."""
    result = run(facts, *args)
    assert result.exit_code == 1, result.output
    assert facts.read_text(encoding="utf-8") == FACTS
    assert not list(facts.parent.glob("*.备份-*")) and not (facts.parent / "汇总表.xlsx").exists()
    return result.output


def test_every_wrong_cell_of_every_form_is_listed(tmp_path: Path, facts: Path) -> None:
    forms = tmp_path / "forms"
    write_form(forms, "一中", {TALKS: "很多", AUDIENCE: -3, "在校学生数": 12.5,
                             "参与宪法宣传活动的师生人数": "12场", "本校是否依据章程办学": "也许",
                             "全国学生“学宪法 讲宪法”活动学生参与率（%）": 150, "填报日期": "上周"},
               roster=[("", "公安分局", "民警")], awards=[("区法治征文", "张三", "", "", "", "")])
    write_form(forms, "二中", {TALKS: 3, AUDIENCE: " 1,200 "})
    out = refused(facts, str(forms))
    row = {label: cell_of(label) for label in (TALKS, AUDIENCE, "在校学生数", "参与宪法宣传活动的师生人数")}
    assert f"一中.xlsx 基本情况!{row[TALKS]}：应为整数，实际是“很多”" in out
    assert f"一中.xlsx 基本情况!{row[AUDIENCE]}：应为不小于 0 的整数，实际是“-3”" in out
    assert f"一中.xlsx 基本情况!{row['在校学生数']}：应为整数，实际是“12.5”" in out
    assert f"基本情况!{row['参与宪法宣传活动的师生人数']}：应为整数，实际是“12场”（只填数字，不带单位）" in out
    assert "应为“是”或“否”，实际是“也许”" in out and "应为 0 到 100 之间的百分数，实际是“150”" in out
    assert "应为日期，如 2024-11-15，实际是“上周”" in out
    assert "一中.xlsx 法治副校长!A3：这一行缺少“姓名”" in out
    assert "一中.xlsx 获奖情况!D3：这一行缺少“奖项”" in out
    assert "二中" not in out  # “ 1,200 ” is a number
    assert "共 9 处问题，没有写入任何文件" in out


def test_skip_bad_merges_the_good_forms_and_lists_the_rest(tmp_path: Path, facts: Path) -> None:
    forms = tmp_path / "forms"
    write_form(forms, "一中", {TALKS: "很多"})
    write_form(forms, "二中", {TALKS: 4}, roster=[("张三", "公安分局", "民警")])
    write_form(forms, "三中", {TALKS: 5})
    result = run(facts, str(forms), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert f"已跳过：一中.xlsx 基本情况!{cell_of(TALKS)}：应为整数，实际是“很多”" in result.output
    text = facts.read_text(encoding="utf-8")
    assert "  宣讲: 9场次  # 2 所学校填报合计\n" in text
    assert "  配备率: 33.33%  # 已聘任法治副校长的学校 1 所 ÷ 学校总数 3 所\n" in text


def test_a_formula_without_a_saved_value_says_how_to_fix_it(tmp_path: Path, facts: Path) -> None:
    book = fill("一中", {})
    book["基本情况"][cell_of(TALKS)] = "=SUM(1,2)"
    book["法治副校长"]["A3"] = '=CONCAT("张","三")'
    out = refused(facts, str(save(book, tmp_path / "一中.xlsx")))
    assert f"一中.xlsx 基本情况!{cell_of(TALKS)}：是公式（=SUM(1,2)），但文件中没有保存计算结果：" \
           "请在 Excel 或 WPS 中打开这个文件，保存一次后再交" in out
    assert "一中.xlsx 法治副校长!A3：是公式" in out


def test_merged_cells_a_renamed_sheet_and_moved_rows(tmp_path: Path, facts: Path) -> None:
    book = fill("一中", {TALKS: 6, AUDIENCE: 900},
                roster=[("张三", "公安分局", "民警"), ("李四", None, "民警"), ("王五", None, "法官")])
    roster = book["法治副校长"]
    roster.merge_cells("B3:B4")  # one 单位 for two people, as schools do
    roster.merge_cells("B5:B7")
    roster["B5"] = "区人民法院"
    book["法治副校长"].title = "我校法治副校长"
    basic = book["基本情况"]
    basic.title = "一中基本情况"
    basic.merge_cells(f"{cell_of(TALKS)}:D{cell_of(TALKS)[1:]}")  # input merged to its right
    basic.insert_rows(5)  # a row inserted above the fields
    save(book, tmp_path / "一中.xlsx")
    result = run(facts, str(tmp_path / "一中.xlsx"))
    assert result.exit_code == 0, result.output
    text = facts.read_text(encoding="utf-8")
    assert "  人数: 3名  #" in text and "  来源: [公安, 法院]  #" in text
    assert "  宣讲: 6场次  #" in text and "  受众: 900人次  #" in text


def test_an_input_cell_merged_into_its_label(tmp_path: Path, facts: Path) -> None:
    book = fill("一中", {TALKS: 6})
    row = cell_of(AUDIENCE)[1:]
    book["基本情况"].merge_cells(f"B{row}:C{row}")
    out = refused(facts, str(save(book, tmp_path / "一中.xlsx")))
    assert f"一中.xlsx 基本情况!C{row}：这一格与 B{row} 合并了，请取消合并后在 C{row} 中填写" in out


def test_old_versions_foreign_workbooks_and_missing_sheets(tmp_path: Path, facts: Path) -> None:
    old = fill("一中", {TALKS: 1})
    old["版本"]["B1"] = 0
    save(old, tmp_path / "一中.xlsx")
    lacking = fill("二中", {TALKS: 1})
    del lacking["获奖情况"]
    save(lacking, tmp_path / "二中.xlsx")
    Workbook().save(tmp_path / "三中.xlsx")
    (tmp_path / "四中.xlsx").write_bytes(b"not a zip file")
    out = refused(facts, str(tmp_path / "一中.xlsx"), str(tmp_path / "二中.xlsx"),
                  str(tmp_path / "三中.xlsx"), str(tmp_path / "四中.xlsx"))
    assert "一中.xlsx：这是第 0 版填报表，当前为第 1 版（填报项目有变化），不能汇总" in out
    assert "二中.xlsx：找不到“获奖情况”工作表（表头应有 赛事、获奖者、身份、奖项、时间、说明）" in out
    assert "三中.xlsx：不是 fazhi-write 生成的填报表" in out
    assert "四中.xlsx：无法打开：文件已损坏" in out
    assert "五中.xlsx: 找不到这个文件或文件夹" in refused(facts, str(tmp_path / "五中.xlsx"))
    assert "名单.txt: 找不到学校名单" in refused(facts, str(tmp_path / "一中.xlsx"), "--schools",
                                         str(tmp_path / "名单.txt"))
    (tmp_path / "空文件夹").mkdir()
    assert "空文件夹: 没有找到填报表" in refused(facts, str(tmp_path / "空文件夹"))


def test_school_names_are_checked_against_the_list(tmp_path: Path, facts: Path) -> None:
    names = tmp_path / "名单.txt"
    names.write_text("一中\n二中\n第3中学（初中部）\n", encoding="utf-8")
    forms = tmp_path / "forms"
    write_form(forms, "一 中", {TALKS: 1})  # spaces do not matter
    write_form(forms, "第３中学(初中部)", {TALKS: 1}, name="三中")  # nor full or half width
    write_form(forms, "第一中学", {TALKS: 1})
    write_form(forms, "", {TALKS: 1}, name="无名")
    write_form(forms, "", {}, name="空白表")  # the blank form kept in the folder: left out
    out = refused(facts, str(forms), "--schools", str(names))
    assert "第一中学.xlsx 基本情况!C3：学校名称“第一中学”不在学校名单中" in out
    for path in forms.iterdir():
        if path.stem != "空白表":
            path.unlink()
    assert "空白表.xlsx 是空白表（什么都没有填写），未汇总\n没有一份可以汇总的填报表" in refused(facts, str(forms))
    assert "无名.xlsx 基本情况!C3：没有填写学校名称" in out
    assert "空白表" not in out and "一 中" not in out and "三中" not in out


def test_csv_xls_and_et_files(tmp_path: Path, facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "一中.csv").write_text("项目,填写\n", encoding="utf-8")
    out = refused(facts, str(tmp_path / "一中.csv"))
    assert "一中.csv：是 CSV 文件：CSV 只能保存一张工作表" in out
    xls = libreoffice_saves(save(fill("二中", {TALKS: 8}), tmp_path / "二中.xlsx"), "xls")
    et = xls.with_name("三中.et")
    et.write_bytes(xls.read_bytes())
    result = run(facts, str(xls), str(et))  # both converted by LibreOffice: the same form
    assert result.exit_code == 0, result.output
    assert "二中交了两份相同的表（二中.xls、三中.et），只计一次" in result.output
    assert "  宣讲: 8场次  #" in facts.read_text(encoding="utf-8")
    facts.write_text(FACTS, encoding="utf-8")
    for backup in facts.parent.glob("*.备份-*"):
        backup.unlink()
    (facts.parent / "汇总表.xlsx").unlink()

    def missing() -> str:
        raise ConversionError("没有 LibreOffice")

    monkeypatch.setattr("fazhi_writer.writers.pdf.find_soffice", missing)
    out = refused(facts, str(xls), str(et))
    assert "二中.xls：是旧版 Excel 格式（.xls），本机没有安装 LibreOffice，无法自动转换：" \
           "请在 Excel 或 WPS 中打开它，“另存为”Excel 工作簿（.xlsx）后再汇总" in out
    assert "三中.et：是WPS 表格格式（.et），本机没有安装 LibreOffice" in out


def test_a_broken_facts_file_is_refused_before_the_forms(tmp_path: Path) -> None:
    facts = tmp_path / "事实文件.yaml"
    facts.write_text("单位: 测试区教育局\n年度: 二〇二四\n", encoding="utf-8")
    write_form(tmp_path, "一中", {TALKS: 1})
    result = run(facts, str(tmp_path / "一中.xlsx"))
    assert result.exit_code == 1 and "事实文件.yaml:2:" in result.output
