"""How school values combine, and how totals are written into a facts file's text (no Excel)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from fazhi_writer.schools.cells import parse
from fazhi_writer.schools.combine import combine
from fazhi_writer.schools.factsfile import Total, update_facts
from fazhi_writer.schools.fields import FormField
from fazhi_writer.schools.read import SchoolForm

from .schools_helpers import SPEC


def school(name: str, roster: int = 0, **values: object) -> SchoolForm:
    return SchoolForm(Path(f"{name}.xlsx"), name, dict(values),
                      [{"姓名": f"{name}{i}", "单位": "公安局", "职务": ""} for i in range(roster)])


def spec_of(*fields: FormField):  # type: ignore[no-untyped-def]
    return dataclasses.replace(SPEC, fields=fields)


def test_each_way_of_combining() -> None:
    spec = spec_of(FormField("任一", "是否", "任一为是", ("依法治校", "章程")),
                   FormField("全部", "是否", "全部为是", ("依法治校", "教代会")),
                   FormField("最晚", "日期", "最晚", ("数据截至",)),
                   FormField("次数", "整数", "求和", ("法治课堂", "专题活动"), "次"),
                   FormField("在校学生数", "整数", "求和"),
                   FormField("率", "百分比", "加权平均", ("宪法宣传", "学宪法讲宪法", "参与率"), "%"))
    forms = [school("甲", 1, 任一=False, 全部=True, 最晚=dt.date(2024, 11, 2), 次数=3, 在校学生数=100, 率=90),
             school("乙", 1, 任一=True, 全部=True, 最晚=dt.date(2024, 12, 1), 在校学生数=300, 率=50)]
    out = combine(forms, spec, ["甲", "乙"], 2)
    written = {t.path[-1]: (t.value, t.comment) for t in out.totals}
    assert written["章程"] == ("是", "乙 填“是”")
    assert written["教代会"] == ("是", "2 所学校都填“是”")
    assert written["数据截至"][0] == "2024年12月1日"
    assert written["专题活动"] == ("3次", "1 所学校填报合计（缺：乙）")
    assert written["参与率"] == ("60%", "2 所学校按在校学生数加权平均（共 400 人）")
    assert written["配备率"] == ("100%", "已聘任法治副校长的学校 2 所 ÷ 学校总数 2 所")
    # a school missing: 全部为是 cannot be known, 任一为是 still is when one said 是
    out = combine(forms, spec, ["甲", "乙", "丙"], 3)
    written = {t.path[-1]: t.value for t in out.totals}
    assert "教代会" not in written and written["章程"] == "是"
    assert any("丙没有填写，不能确定全部学校都是" in n for n in out.notices)
    assert written["配备率"] == "66.67%"


def test_a_rate_without_students_is_not_weighted() -> None:
    spec = spec_of(FormField("在校学生数", "整数", "求和"),
                   FormField("率", "百分比", "加权平均", ("宪法宣传", "学宪法讲宪法", "参与率")))
    out = combine([school("甲", 率=90), school("乙", 率=80, 在校学生数=10)], spec, None, None)
    assert out.totals == [] or all(t.path[-1] != "参与率" for t in out.totals)
    assert any("甲没有填写在校学生数，无法加权" in n for n in out.notices)


def test_cells_as_excel_keeps_them() -> None:
    assert parse("百分比", 0.865, "0.0%") == (86.5, None)  # typed 86.5% in a percent cell
    assert parse("百分比", "86.5%") == (86.5, None)
    assert parse("整数", 12.0) == (12, None) and parse("整数", "  ") == (None, None)
    assert parse("是否", True) == (True, None) and parse("是否", " 否 ") == (False, None)
    assert parse("日期", "2024年11月5日") == (dt.date(2024, 11, 5), None)
    assert parse("日期", 45611) == (dt.date(2024, 11, 15), None)  # a date that lost its format
    assert parse("日期", dt.datetime(2024, 11, 5, 8, 0)) == (dt.date(2024, 11, 5), None)


TEXT = """\
单位: 甲  # 全称
年度: 2024
法治副校长: 待填
依法治校:
  示范校:
    - 一中
    - 二中
  # 关于章程
  章程: 是
成效:
  获奖:
    - 赛事: 区赛
      奖项: 一等奖

# 最后
存在问题: [学习不系统]
"""


def test_a_block_written_as_placeholder_is_left_with_a_note_and_crlf_is_kept() -> None:
    totals = [Total(("法治副校长", "宣讲"), "3场次", "合计"),
              Total(("依法治校", "示范校"), ["三中"], "填“是”的学校"),
              Total(("宪法宣传", "学宪法讲宪法", "参与率"), "60%", "加权")]
    awards = [{"赛事": "区赛", "学校": "三中", "奖项": "二等奖"}]
    text, notes = update_facts(TEXT.replace("\n", "\r\n"), totals, ("成效", "获奖"), awards, "学校填报")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    text = text.replace("\r\n", "\n")
    assert "法治副校长: 待填\n" in text
    assert any("“法治副校长”是“待填”而不是一组字段" in n for n in notes)
    assert any("没有“宪法宣传.学宪法讲宪法”（需要先填写届次）" in n for n in notes)
    assert "  示范校: [三中]  # 填“是”的学校\n  # 关于章程\n  章程: 是\n" in text
    assert text.endswith("""\
    - 赛事: 区赛
      奖项: 一等奖
    - 赛事: 区赛  # 学校填报：三中
      学校: 三中
      奖项: 二等奖

# 最后
存在问题: [学习不系统]
""")


def test_a_block_on_one_line_is_written_one_key_a_line() -> None:
    text = "单位: 甲\n年度: 2024\n法治副校长: {人数: 19名, 宣讲: 近50场}  # 旧\n成效: {获奖: [{赛事: a, 奖项: b}]}\n"
    out, notes = update_facts(text, [Total(("法治副校长", "宣讲"), "3场次", "合计")], ("成效", "获奖"),
                              [{"赛事": "c", "学校": "一中", "奖项": "d"}], "学校填报")
    assert out == """\
单位: 甲
年度: 2024
法治副校长:                      # 旧
  人数: 19名
  宣讲: 3场次  # 合计
成效:
  获奖:
    - {赛事: a, 奖项: b}
    - 赛事: c  # 学校填报：一中
      学校: 一中
      奖项: d
"""
    assert any("“法治副校长”改为逐行书写" in n for n in notes)
