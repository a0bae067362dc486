"""Write examples/填报/: the school list and the forms eight schools of 中站区 returned, filled
with openpyxl as a school fills them in Excel. Their totals are the 法治副校长 numbers of
examples/000_中站区教育局_2024.yaml (19 名, every school covered; 宣讲 and 受众 as the report
rounds them: 近50场, 16000余名).

    python3 tools/make_school_forms.py          # rewrites examples/填报/
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from fazhi_writer.schools.fields import load_spec  # noqa: E402
from fazhi_writer.schools.form import LIST_FIRST, field_row, make_form  # noqa: E402

OUT = ROOT / "examples" / "填报"
POLICE, COURT, PROCURATORATE, JUSTICE = ("中站区公安分局", "中站区人民法院", "中站区人民检察院",
                                         "中站区司法局")
# school: (宣讲, 受众, 学生, 宪法周, 参与师生, 主题班会, roster [(姓名, 单位, 职务)], awards)
SCHOOLS = {
    "焦作四中": (9, 3100, 2600, "是", 2700, 40, [
        ("王建国", POLICE, "副局长"), ("李明", COURT, "副庭长"), ("赵红", PROCURATORATE, "检察官")],
        [("第九届全国学生“学宪法 讲宪法”活动", "柳展庶", "学生", "河南省高中组冠军", "",
          "代表河南省参加全国总决赛"),
         ("第九届全国学生“学宪法 讲宪法”活动全国总决赛", "柳展庶", "学生", "高中组一等奖", "", "")]),
    "许衡中学": (8, 2800, 2100, "是", 2200, 36, [
        ("张伟", POLICE, "派出所所长"), ("刘洋", JUSTICE, "科长"), ("陈静", COURT, "法官")],
        [("第九届全国学生“学宪法 讲宪法”活动", "张昕", "学生", "河南省初中组冠军", "",
          "代表河南省参加全国总决赛")]),
    "中站区冯封中学": (6, 1900, 1300, "是", 1350, 22, [
        ("杨帆", POLICE, "民警"), ("黄磊", PROCURATORATE, "检察官"), ("周敏", JUSTICE, "司法所所长")],
        []),
    "中站区李封中学": (5, 1500, 1000, "是", 1050, 18, [
        ("吴刚", POLICE, "民警"), ("徐丽", COURT, "法官")], []),
    "中站区实验小学": (6, 2300, 1800, "是", 1900, 30, [
        ("孙强", POLICE, "民警"), ("马兰", PROCURATORATE, "检察官")], []),
    "中站区府城小学": (5, 1700, 1200, "是", 1250, 24, [
        ("朱琳", POLICE, "民警"), ("胡军", JUSTICE, "科员")], []),
    "中站区龙翔小学": (5, 1600, 1100, "是", 1150, 20, [
        ("郭涛", COURT, "法官"), ("何芳", POLICE, "民警")], []),
    "中站区朱村小学": (4, 1300, 900, "是", 950, 16, [
        ("林峰", POLICE, "民警"), ("高洁", JUSTICE, "司法所副所长")], []),
}


def main() -> None:
    spec = load_spec()
    labels = [f.label for f in spec.fields]
    form = make_form(spec, list(SCHOOLS))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "学校名单.txt").write_text("\n".join(SCHOOLS) + "\n", encoding="utf-8")
    for school, (talks, audience, students, week, people, classes, roster, awards) in \
            SCHOOLS.items():
        book = load_workbook(io.BytesIO(form))
        basic = book[spec.sheets["基本情况"]]
        basic["C3"] = school
        values = {"填报日期": "2024-11-15", "在校学生数": students,
                  "法治副校长到校法治宣讲（讲座）场次": talks, "法治宣讲覆盖学生人次": audience,
                  "本校是否开展“宪法宣传周”活动": week, "参与宪法宣传活动的师生人数": people,
                  "法治主题班会次数": classes, "本校是否依据章程办学": "是",
                  "本校是否坚持教职工代表大会制度": "是"}
        for label, value in values.items():
            basic[f"C{field_row(labels.index(label))}"] = value
        for sheet, rows in ((spec.sheets["法治副校长"], roster), (spec.sheets["获奖"], awards)):
            for offset, row in enumerate(rows):
                for column, value in enumerate(row, 1):
                    book[sheet].cell(LIST_FIRST + offset, column, value or None)
        book.save(OUT / f"{school}.xlsx")
    print(OUT)


if __name__ == "__main__":
    main()
