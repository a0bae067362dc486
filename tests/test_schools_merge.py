"""`fazhi-write merge`: 30 schools' forms totalled into the facts file, drafted, and the report's
numbers are the sums of the cells; the facts file changes only where merge owns a value."""

from __future__ import annotations

import datetime as dt
import difflib
import random
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.pipeline import draft
from fazhi_writer.schools.merge import merge

from .conftest import EXAMPLES, ROOT, TODAY
from .schools_helpers import SPEC, write_form

runner = CliRunner()
TALKS, AUDIENCE = "法治副校长到校法治宣讲（讲座）场次", "法治宣讲覆盖学生人次"
WEEK, PEOPLE, CLASSES = "本校是否开展“宪法宣传周”活动", "参与宪法宣传活动的师生人数", "法治主题班会次数"
SAFETY, POLICE, CHARTER = "校园安全、防欺凌集中宣讲场次", "入驻本校的民警人数（“一校一警”）", "本校是否依据章程办学"
RATE, STUDENTS, MODEL = "全国学生“学宪法 讲宪法”活动学生参与率（%）", "在校学生数", "本校是否获评依法治校示范校"
UNITS = ("测试区公安分局", "测试区人民法院", "测试区人民检察院", "测试区司法局")

FACTS = """\
# 测试区教育局 2024 年度事实文件
单位: 测试区教育局   # 全称
年度: 2024
自称: 区教育局

法治副校长:
  # 人数以组织部门备案为准
  人数: 待填
  专题: [未成年人保护, 防范校园欺凌]
  宣讲: 近40场  # 去年的估计
  # 受众由学校上报
  受众: 待填
  受众表述: 覆盖学生

依法治校:
  章程: 是
  示范校: [旧的示范校]

宪法宣传:
  学宪法讲宪法:
    届次: 第九届
  新闻稿: 12篇

成效:
  犯罪率为零: 是
  获奖:
    - 赛事: 区级法治征文
      奖项: 一等奖
      学校: 第1学校

# 文件末尾的注释
存在问题:
  - 学习不系统
"""


def schools(n: int = 30) -> list[str]:
    return [f"第{i}学校" for i in range(1, n + 1)]


def thirty_forms(folder: Path, seed: int = 7) -> dict[str, dict]:
    """Thirty schools fill their forms; return what each wrote (values, roster, awards)."""
    rng = random.Random(seed)
    filled = {}
    for i, school in enumerate(schools(), 1):
        # every field filled (so every value merge writes must reach the report), then some
        # with values of their own
        values = {f.label: {"整数": rng.randint(1, 50), "是否": "是", "百分比": rng.randint(0, 100),
                            "日期": dt.date(2024, 11, rng.randint(1, 30))}[f.kind] for f in SPEC.fields}
        values |= {TALKS: rng.randint(0, 12), AUDIENCE: rng.randint(100, 2000),
                  WEEK: rng.choice(["是", "是", "否"]), PEOPLE: rng.randint(50, 1500),
                  CLASSES: rng.randint(0, 30), SAFETY: rng.randint(1, 8), POLICE: rng.randint(0, 2),
                  CHARTER: "是", STUDENTS: rng.randint(200, 2000), RATE: rng.randint(60, 100),
                  MODEL: "是" if i % 10 == 0 else "否"}
        # one police officer serves schools 1 and 2; school 30 has no 法治副校长
        roster = [] if i == 30 else [(f"副校长{i}", UNITS[i % 4], "民警")]
        if i in (1, 2):
            roster.append(("共同的人", UNITS[0], "副局长"))
        awards = [("区级法治征文", f"王{i}号", "学生", "二等奖", "10月", "")] if i % 7 == 0 else []
        write_form(folder, school, values, roster, awards)
        filled[school] = {"values": values, "roster": roster, "awards": awards}
    return filled


@pytest.fixture(scope="module")
def thirty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    folder = tmp_path_factory.mktemp("thirty")
    return folder, thirty_forms(folder)


@pytest.fixture()
def setup(tmp_path: Path, thirty) -> tuple[Path, Path, Path, dict[str, dict]]:
    forms = tmp_path / "forms"
    shutil.copytree(thirty[0], forms)
    filled = thirty[1]
    facts = tmp_path / "事实文件.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    names = tmp_path / "学校名单.txt"
    names.write_text("# 本区学校\n" + "\n".join(schools()) + "\n", encoding="utf-8")
    return forms, facts, names, filled


def total(filled: dict[str, dict], label: str) -> int:
    return sum(v["values"][label] for v in filled.values())


def test_thirty_schools_merge_and_the_report_states_the_sums(setup) -> None:
    forms, facts, names, filled = setup
    result = runner.invoke(app, ["merge", str(forms), "--into", str(facts), "--schools", str(names)])
    assert result.exit_code == 0, result.output
    text = facts.read_text(encoding="utf-8")
    talks, audience = total(filled, TALKS), total(filled, AUDIENCE)
    week = sum(v["values"][WEEK] == "是" for v in filled.values())
    assert f"  宣讲: {talks}场次  # 30 所学校填报合计\n" in text
    assert f"  受众: {audience}人次  # 30 所学校填报合计\n" in text
    # 29 schools list someone; the officer shared by schools 1 and 2 counts once
    assert "  人数: 30名  # 30 所学校的法治副校长名单，同一人只计一次\n" in text
    assert "  配备率: 96.67%  # 已聘任法治副校长的学校 29 所 ÷ 学校总数 30 所\n" in text
    assert "学校总数: 30所  # 学校名单 学校名单.txt 中的学校数\n" in text
    assert f"  参与学校: {week}所" in text
    assert "  示范校: [第10学校, 第20学校, 第30学校]" in text
    # the rate is weighted by each school's students
    weight = total(filled, STUDENTS)
    rate = sum(v["values"][RATE] * v["values"][STUDENTS] for v in filled.values()) / weight
    written = re.search(r"参与率: ([\d.]+)%", text)
    assert written and float(written.group(1)) == pytest.approx(rate, abs=0.006)
    earliest = min(v["values"]["填报日期"] for v in filled.values())
    assert f"数据截至: {earliest.year}年{earliest.month}月{earliest.day}日  #" in text
    # draft refuses to write a report that leaves out any value of the facts file
    out = draft(facts, facts.parent / "out", ("txt",), today=TODAY)
    report = out.written[0].read_text(encoding="utf-8")
    assert f"全年开展法治宣讲{talks}场次" in report and f"覆盖学生{audience}人次" in report
    assert "目前共聘任法治副校长30名" in report and "配备率96.67%" in report
    assert f"{week}所学校、{total(filled, PEOPLE)}名师生同步参与" in report
    assert f"主题班会{total(filled, CLASSES)}次" in report
    assert f"累计宣讲{total(filled, SAFETY)}场次" in report
    assert f"组织{total(filled, POLICE)}名民警入驻" in report
    awarded = [s for s, v in filled.items() if v["awards"]]
    assert "；10月，".join(f"{s}学生王{s[1:-2]}号荣获二等奖" for s in awarded) in report


#: The keys whose values merge writes (the last key of each path), and the blocks it may add.
OWNED = {*(f.path[-1] for f in SPEC.fields if f.path), *(p.split(".")[-1] for p in (
    SPEC.roster[k] for k in ("人数", "配备率", "覆盖学校", "来源"))), "学校总数",
    *str(SPEC.awards["路径"]).split("."),
    *(f.path[i] for f in SPEC.fields for i in range(len(f.path) - 1))}


def assert_only_owned_changed(before: str, after: str) -> None:
    """Every line of the clerk's file survives, in order, but those of the values merge owns;
    each line merge adds is an owned value with its source comment, a block it made, or an
    award it appended."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    assert all(_key(line) in OWNED for line in removed), removed
    for line in (line[2:] for line in diff if line.startswith("+ ")):
        key = _key(line)
        award = line.lstrip().startswith("- 赛事:") or key in SPEC.award_columns or key == "学校"
        assert key in OWNED or award or not line.strip(), line
        if key in OWNED and not line.rstrip().endswith(":"):
            assert "  # " in line, line  # every value merge writes names its source
    kept = [line[2:] for line in diff if line.startswith("  ")]
    assert kept == [line for line in before.splitlines() if line not in removed]
    # a comment line still stands right above the key it was above
    assert _comments_and_next(before) == _comments_and_next(after)


def _comments_and_next(text: str) -> list[tuple[str, str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [(line, _key(lines[i + 1]) if i + 1 < len(lines) else "")
            for i, line in enumerate(lines) if line.lstrip().startswith("#")]


def test_merge_changes_only_the_values_it_owns(setup) -> None:
    forms, facts, names, _ = setup
    merge([forms], facts, names)
    after = facts.read_text(encoding="utf-8")
    assert_only_owned_changed(FACTS, after)
    assert "# 人数以组织部门备案为准" in after and "# 受众由学校上报" in after
    assert "单位: 测试区教育局   # 全称" in after and after.rstrip().endswith("- 学习不系统")
    backups = list(facts.parent.glob("事实文件.备份-*.yaml"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == FACTS


def _key(line: str) -> str:
    return line.strip().lstrip("- ").split(":")[0].strip()


def test_merging_twice_gives_the_same_file_and_adds_no_award_twice(setup) -> None:
    forms, facts, names, filled = setup
    merge([forms], facts, names)
    once = facts.read_text(encoding="utf-8")
    merge([forms], facts, names)
    assert facts.read_text(encoding="utf-8") == once
    assert once.count("区级法治征文") == 1 + sum(1 for v in filled.values() if v["awards"])


def test_the_summary_has_a_row_per_school_and_the_totals(setup) -> None:
    forms, facts, names, filled = setup
    result = merge([forms], facts, names)
    book = load_workbook(result.summary)
    rows = list(book["各校汇总"].iter_rows(values_only=True))
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    assert [r[0] for r in body] == schools()  # in the list's order
    column = header.index(TALKS)
    assert sum(r[column] for r in body) == totals[column] == total(filled, TALKS)
    assert totals[0] == "合计" and totals[header.index("法治副校长人数")] == 30
    assert [r[0] for r in book["汇总说明"].iter_rows(values_only=True)][1:] == result.notices
    roster = list(book["法治副校长"].iter_rows(values_only=True))
    assert len(roster) - 1 == sum(len(v["roster"]) for v in filled.values())


def test_missing_schools_outliers_and_a_form_sent_twice(tmp_path: Path, setup) -> None:
    forms, facts, names, filled = setup
    (forms / "第3学校.xlsx").unlink()
    (forms / "第4学校.xlsx").rename(forms / "第4学校（重交）.xlsx")
    write_form(forms, "第4学校", filled["第4学校"]["values"], filled["第4学校"]["roster"])
    write_form(forms, "第5学校", {**filled["第5学校"]["values"], TALKS: 900},
               filled["第5学校"]["roster"])
    result = runner.invoke(app, ["merge", str(forms), "--into", str(facts), "--schools", str(names)])
    assert result.exit_code == 0, result.output
    assert "学校名单中有 1 所学校没有交表（或表有问题被跳过）：第3学校" in result.output
    assert "第4学校交了两份相同的表" in result.output
    assert f"“{TALKS}”：第5学校 填 900" in result.output
    text = facts.read_text(encoding="utf-8")
    expected = total(filled, TALKS) - filled["第3学校"]["values"][TALKS] \
        - filled["第5学校"]["values"][TALKS] + 900
    assert f"  宣讲: {expected}场次  # 29 所学校填报合计（缺：第3学校）" in text


def test_two_different_forms_of_one_school_are_an_error(setup) -> None:
    forms, facts, names, _ = setup
    write_form(forms, "第6学校", {TALKS: 99}, name="第6学校-新")
    result = runner.invoke(app, ["merge", str(forms), "--into", str(facts), "--schools", str(names)])
    assert result.exit_code == 1
    assert "第6学校-新.xlsx：与 第6学校.xlsx 都是“第6学校”的填报表，内容不同" in result.output
    assert facts.read_text(encoding="utf-8") == FACTS


def test_all_yes_needs_every_school(setup) -> None:
    forms, facts, names, filled = setup
    write_form(forms, "第8学校", {**filled["第8学校"]["values"], CHARTER: "否"},
               filled["第8学校"]["roster"])
    merge([forms], facts, names)
    assert "  章程: 否  # 第8学校 填“否”\n" in facts.read_text(encoding="utf-8")


def test_the_example_forms_give_example_000s_numbers(tmp_path: Path) -> None:
    source = ROOT / "examples" / "000_中站区教育局_2024.yaml"
    facts = tmp_path / source.name
    facts.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    folder = ROOT / "examples" / "填报"
    result = runner.invoke(app, ["merge", str(folder), "--into", str(facts),
                                 "--schools", str(folder / "学校名单.txt")])
    assert result.exit_code == 0, result.output
    text = facts.read_text(encoding="utf-8")
    assert "  人数: 19名  #" in text and "  配备率: 100%  #" in text
    assert "  来源: [公安, 检察院, 法院, 司法]  #" in text
    assert "  宣讲: 48场次  #" in text and "  受众: 16200人次  #" in text
    assert text.count("赛事:") == 3  # the awards the forms list are already in the example


@pytest.mark.parametrize(("covered", "expected"), [
    ("{中小学: 20所}", "  覆盖学校: {中小学: 2所}  #"),  # the clerk's category name is kept
    ("{中学: 1所, 小学: 1所}", "  覆盖学校: {中学: 1所, 小学: 1所}\n"),  # several: left alone
])
def test_covered_schools_keep_the_clerks_category(tmp_path: Path, covered: str, expected: str) -> None:
    facts = tmp_path / "事实文件.yaml"
    facts.write_text(f"单位: 测试区教育局\n年度: 2024\n学校总数: 2所\n法治副校长:\n  覆盖学校: {covered}\n",
                     encoding="utf-8")
    for name in ("一中", "二中"):
        write_form(tmp_path / "forms", name, {TALKS: 1}, [(f"{name}副校长", UNITS[0], "民警")])
    result = merge([tmp_path / "forms"], facts)
    assert expected in facts.read_text(encoding="utf-8")
    assert ("分了 2 类，没有改动" in " ".join(result.notices)) == (covered.count("所") == 2)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name[:3])
def test_merging_into_every_example_changes_only_owned_values(tmp_path: Path, example: Path) -> None:
    """The example forms merged into each example's facts file (their own comments, styles and
    blocks): nothing the clerk wrote moves, and the result still drafts."""
    before = example.read_text(encoding="utf-8")
    facts = tmp_path / example.name
    facts.write_text(before, encoding="utf-8")
    folder = ROOT / "examples" / "填报"
    # the list names 中站区's schools: the other bureaus' 学校总数 is not theirs (see below)
    merge([folder], facts, folder / "学校名单.txt" if example.name.startswith("000") else None)
    assert_only_owned_changed(before, facts.read_text(encoding="utf-8"))
    draft(facts, tmp_path / "out", ("txt",), today=TODAY)


def test_totals_contradicting_the_facts_file_are_not_written(tmp_path: Path) -> None:
    """A school list of 8 gives 学校总数 8, but the clerk's file says 237 schools have police."""
    source = next(p for p in EXAMPLES if p.name.startswith("001"))
    facts = tmp_path / source.name
    facts.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    folder = ROOT / "examples" / "填报"
    result = runner.invoke(app, ["merge", str(folder), "--into", str(facts),
                                 "--schools", str(folder / "学校名单.txt")])
    assert result.exit_code == 1
    assert "字段“校园安全.驻警学校”：学校数 237 多于“学校总数”8" in result.output
    assert "汇总的数与事实文件中的其他数不一致，没有写入" in result.output
    assert facts.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
