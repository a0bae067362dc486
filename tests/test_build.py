"""Building the content model: pruning, numbering, run-in headings, 一是…二是…, placeholders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fazhi_writer.errors import TemplateError
from fazhi_writer.facts.schema import Facts
from fazhi_writer.report.build import build_report
from fazhi_writer.report.render import make_env

KIND = """说明: 测试
文件名: "{{ facts.unit }}测试"
编号: ["{cn}、", "（{cn}）", "{n}."]
列举: "{cn}是"
待补充: "【待补充：{{ title }}】"
待填: "【待填：{{ field }}】"
成文日期: "{{ d.year }}年{{ d.month }}月{{ d.day }}日"
"""

OUTLINE = """= {{ facts.unit }}
@署名 {{ facts.unit }}
导语。
#! 甲部分
{% if facts.vice_principals %}
## 有事实的小节
- 第一项
- 第二项
{% endif %}
## 没有事实的小节
{% if facts.problems %}
- 不会出现
{% endif %}
## 第三小节
引语。
- 唯一一项
#! 乙部分
{% if facts.problems %}
- 问题
{% endif %}
# 可选部分
###+ 行内标题
正文。
"""


def _facts(**extra: object) -> Facts:
    return Facts.model_validate({"单位": "某局", "年度": 2024, **extra})


@pytest.fixture
def env(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "kind.yaml").write_text(KIND, encoding="utf-8")
    (tmp_path / "t" / "report.md.j2").write_text(OUTLINE, encoding="utf-8")
    return make_env(tmp_path)


def test_numbering_pruning_and_placeholders(env) -> None:  # type: ignore[no-untyped-def]
    report = build_report(_facts(法治副校长={"人数": 19}), env, "t", today=dt.date(2025, 1, 2))
    assert report.title == ("某局",)
    assert [p.text for p in report.body] == [
        "导语。",
        "一、甲部分",
        "（一）有事实的小节",
        "一是第一项。二是第二项。",
        "（二）第三小节",  # the empty subsection is gone and the rest renumbered
        "引语。唯一一项。",  # a single item takes no 一是
        "二、乙部分",
        "【待补充：乙部分】",
        "三、可选部分",
        "行内标题。正文。",  # a lone subsection takes no 1.: a list has two items or more
    ]
    run_in = report.body[-1]
    assert (run_in.level, run_in.lead) == (3, "行内标题。")
    assert report.body[7].placeholder
    assert any("乙部分" in w for w in report.warnings)
    assert any("成文日期" in w for w in report.warnings)
    assert report.date == "【待填：成文日期】"  # not today's date: the clerk must date it
    assert report.file_stem == "某局测试"


def test_a_topic_without_facts_disappears(env) -> None:  # type: ignore[no-untyped-def]
    report = build_report(_facts(成文日期="2024-12-06"), env, "t")
    texts = [p.text for p in report.body]
    assert "第三小节" in texts and "有事实的小节" not in "".join(texts)  # lone: no （一）
    assert report.date == "2024年12月6日"
    assert not any("成文日期" in w for w in report.warnings)


def test_undefined_template_variable_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "kind.yaml").write_text(KIND, encoding="utf-8")
    (tmp_path / "t" / "report.md.j2").write_text("= x\n{{ facts.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"report\.md\.j2:2"):
        build_report(_facts(), make_env(tmp_path), "t")


def test_template_syntax_error_is_located(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "kind.yaml").write_text(KIND, encoding="utf-8")
    (tmp_path / "t" / "report.md.j2").write_text("= x\n\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"report\.md\.j2:3: 模板语法错误"):
        build_report(_facts(), make_env(tmp_path), "t")


def test_annual_report_has_the_statutory_parts_in_order() -> None:
    report = build_report(_facts(成文日期="2025-01-10"), make_env(None))
    headings = [p.text for p in report.body if p.level == 1]
    assert headings == [
        "一、2024年度推进法治政府建设的主要举措和成效",
        "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2025年度推进法治政府建设的主要安排",
    ]
    # no facts at all: every required part is marked for the clerk, and nothing else is invented
    assert [p.text for p in report.body if p.placeholder] == [
        f"【待补充：{h.split('、', 1)[1]}】" for h in headings
    ]
    assert report.signature == "某局"


def test_other_matters_part_appears_only_with_facts() -> None:
    report = build_report(_facts(其他=["本年度无其他需要报告的事项"]), make_env(None))
    assert "五、其他需要报告的情况" in [p.text for p in report.body]
    assert "本年度无其他需要报告的事项。" in [p.text for p in report.body]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (115, "一百一十五"), (120, "一百二十"), (999, "九百九十九"),
     (1000, "1000")],
)
def test_chinese_numbers_past_ninety_nine(n: int, text: str) -> None:
    from fazhi_writer.report.render import cn_number

    assert cn_number(n) == text


def test_a_hundred_and_twenty_problems_are_numbered() -> None:
    problems = [f"问题{i}" for i in range(120)]
    report = build_report(_facts(存在问题=problems), make_env(), today=dt.date(2025, 1, 15))
    text = "".join(p.text for p in report.body)
    assert "一百二十是问题119。" in text


def test_a_marked_line_gives_what_marks_line_cuts_of_it() -> None:
    """parse takes a marked line's own tail when that is what marks.Line would cut (most
    lines); a mark in the markup, at the end or beside whitespace cut off goes the long way."""
    from fazhi_writer.report import marks
    from fazhi_writer.report import outline as parsing

    def m(n: int) -> str:
        return f"{marks.START}{n}{marks.SEP}"

    items = [f"- {m(1)}项目", f"{m(1)}- {m(2)}项目", f"-  {m(1)}项目", f"- {m(1)} 项目",
             f"- 项目{m(1)}", f"- 项目 {m(1)}", f"- {m(1)}{m(2)}“项目”{m(3)}、{m(4)}项目",
             f"- 项{m(1)}目", f"- \u3000项{m(1)}目", "- 项目"]
    paragraphs = [f"{m(1)}正文", f"{m(1)} 正文{m(2)}", f"正文{m(3)}\u3000{m(4)}", f"正{m(5)}文",
                  f"#正{m(1)}文", f"-正{m(1)}文", "正文"]
    outline = parsing.parse("#! 部分\n" + "\n".join(items) + "\n# 段落\n" + "\n".join(paragraphs))
    got = list(outline.root.children[0].children[0].items)  # type: ignore[union-attr]
    got += [c.text for c in outline.root.children[1].children]  # type: ignore[union-attr]
    expected = [marks.Line.of(x).rest(2) for x in items]  # type: ignore[union-attr]
    expected += [marks.Line.of(x).rest(0) for x in paragraphs]  # type: ignore[union-attr]
    assert got == expected
