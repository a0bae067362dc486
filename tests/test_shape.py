"""The bureau's own report shape (issue 13): title and issuing organs, joint 署名, 签发人, seal,
the clerk's order and headings of the 板块, 提纲 法定/专题, 编号, 分组, 成文日期 left out, and
every kind taking every facts file — in the .txt and the .docx."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from fazhi_writer.errors import FactsValidationError
from fazhi_writer.pipeline import check, draft, next_year
from fazhi_writer.report.layout import signature_block, text_width

HEAD = "单位: 双牌县教育局\n年度: 2024\n成文日期: 2025-01-06\n"
TOPICS = """
法律顾问:
  建立制度: 是
学法用法:
  标题: 抓好学法用法，提升法治素养
  普法考试: 2次
依法治校:
  章程: 是
行政执法:
  持证上岗: 是
存在问题: [学习不系统]
工作打算: [一句完整的打算。]
"""


def _draft(tmp_path: Path, text: str, kind: str | None = None) -> tuple[list[str], docx.Document, list[str]]:
    """Draft facts text as .txt and .docx; return the text's lines, the document and the warnings."""
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    result = draft(facts, out_dir=tmp_path / "out", kind=kind, force=True)
    by_suffix = {p.suffix: p for p in result.written}
    lines = by_suffix[".txt"].read_text(encoding="utf-8").splitlines()
    return lines, docx.Document(str(by_suffix[".docx"])), result.warnings


_NUMBERED = re.compile(r"^\u3000\u3000(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+\.)")


def _headings(lines: list[str]) -> list[str]:
    return [ln.strip() for ln in lines if _NUMBERED.match(ln)]


def _styled(document: docx.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def _right(paragraph: docx.text.paragraph.Paragraph) -> str | None:
    return paragraph._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))


# --- title, issuing organs, 署名 -----------------------------------------------------------

def test_a_party_group_report_names_the_group_in_title_and_signature(tmp_path: Path) -> None:
    lines, document, _ = _draft(tmp_path, HEAD + "发文机关: 中共双牌县教育局党组\n" + TOPICS)
    title = "".join(_styled(document, "Title"))
    assert title == "中共双牌县教育局党组2024年度法治政府建设工作报告"
    assert "".join(lines[:lines.index("")]) == title
    assert lines[-2:] == ["中共双牌县教育局党组", "2025年1月6日"]
    assert _styled(document, "署名") == ["中共双牌县教育局党组"]
    assert any("双牌县教育局坚持以习近平" in ln for ln in lines)  # the body still says 单位


def test_a_joint_report_signs_one_organ_a_line_with_the_date_under_them(tmp_path: Path) -> None:
    organs = ["中共北京市海淀区委教育工作委员会", "北京市海淀区教育委员会"]
    lines, document, _ = _draft(tmp_path, HEAD + f"发文机关: [{organs[0]}, {organs[1]}]\n" + TOPICS)
    title = _styled(document, "Title")
    assert "".join(title).replace(" ", "") == "".join(organs) + "2024年度法治政府建设工作报告"
    assert title[0] == organs[0]  # a line breaks between the organs, never inside one
    assert lines[-3:] == [*organs, "2025年1月6日"]
    signature = [p for p in document.paragraphs if p.style.name == "署名"]
    date = document.paragraphs[-1]
    assert [p.text for p in signature] == organs
    rights, date_right = signature_block(organs, date.text)
    assert [_right(p) for p in signature] == [str(round(r * 100)) for r in rights]
    assert _right(date) == str(round(date_right * 100))
    # lined up on their first character, the widest 右空二字, the date two characters in
    assert rights[0] == 2 and rights[1] == 2 + len(organs[0]) - len(organs[1])
    assert date_right == pytest.approx(len(organs[0]) - 6)  # 2025年1月6日 is 6 字 wide


def test_signature_accepts_a_list_or_a_block_of_lines(tmp_path: Path) -> None:
    lines, document, _ = _draft(tmp_path, HEAD + "署名: |\n  中共某县委教育工委\n  某县教育局\n")
    assert lines[-3:] == ["中共某县委教育工委", "某县教育局", "2025年1月6日"]
    assert _styled(document, "署名") == ["中共某县委教育工委", "某县教育局"]


def test_the_clerks_title_replaces_the_whole_title_and_is_still_broken(tmp_path: Path) -> None:
    title = "中共双牌县教育局党组关于2024年度法治政府建设情况和2025年工作安排的报告"
    _, document, _ = _draft(tmp_path, HEAD + f"标题: {title}\n")
    lines = _styled(document, "Title")
    assert "".join(lines) == title and len(lines) > 1
    assert all(text_width(line) <= 18 for line in lines)


def test_a_sealed_report_centres_the_organ_over_a_date_four_characters_in(tmp_path: Path) -> None:
    _, document, _ = _draft(tmp_path, HEAD + "盖章: 是\n")
    signature, date = document.paragraphs[-2:]
    assert (signature.text, _right(date)) == ("双牌县教育局", "400")
    centre = 4 + 6 / 2  # the date's middle, 字 from the right edge
    assert _right(signature) == str(round((centre - 6 / 2) * 100))
    assert signature_block(["双牌县教育局"], "2025年1月6日", sealed=True) == ([4.0], 4.0)


def test_the_signer_stands_right_of_the_document_number(tmp_path: Path) -> None:
    lines, document, _ = _draft(tmp_path, HEAD + "发文字号: 双教党〔2025〕1号\n签发人: 张三\n")
    first = lines[0]
    assert first.startswith("\u3000双教党〔2025〕1号") and first.endswith("签发人：张三\u3000")
    assert len(first) > 20  # one line across the text block
    number = document.paragraphs[0]
    assert number.text == "双教党〔2025〕1号\t签发人：张三"
    ppr = number._p.pPr
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert ppr.find(qn("w:tabs")).find(qn("w:tab")).get(qn("w:val")) == "right"


# --- order, headings, outline ------------------------------------------------------------

def test_sections_follow_the_facts_file_and_take_their_own_headings(tmp_path: Path) -> None:
    lines, document, _ = _draft(tmp_path, HEAD + TOPICS)
    assert _headings(lines)[:6] == [
        "一、2024年度推进法治政府建设的主要举措和成效",
        "（一）落实法律顾问制度",
        "（二）抓好学法用法，提升法治素养",  # the clerk's 标题 for 学法用法
        "（三）推进依法治校",  # 依法治校 before 行政执法, as written
        "（四）规范行政执法",
        "二、存在的不足和原因",
    ]
    assert "（二）抓好学法用法，提升法治素养" in _styled(document, "Heading 2")


def test_the_topic_outline_puts_the_topics_at_the_top_level(tmp_path: Path) -> None:
    lines, document, warnings = _draft(tmp_path, HEAD + "提纲: 专题\n编号: [一、, 1.]\n" + TOPICS)
    assert _headings(lines) == [
        "一、落实法律顾问制度", "二、抓好学法用法，提升法治素养",
        "三、推进依法治校", "四、规范行政执法",
        "五、存在的不足和原因", "六、党政主要负责人履行推进法治建设第一责任人职责情况",
        "七、2025年度推进法治政府建设的主要安排",  # the one plan (level 2 now) takes no （1）
    ]
    assert "\u3000\u3000一句完整的打算。" in lines
    assert "一、落实法律顾问制度" in _styled(document, "Heading 1")
    assert any("第一责任人职责情况" in w and "待补充" in w for w in warnings)  # still flagged


def test_groups_give_three_levels_under_the_statutory_outline(tmp_path: Path) -> None:
    groups = "分组:\n  扛牢主体责任，提升法治素养: [学法用法, 法律顾问]\n"
    study = TOPICS.replace("  普法考试: 2次", "  普法考试: 2次\n  专项经费: 是")  # two items: 一是…二是…
    lines, document, _ = _draft(tmp_path, HEAD + groups + study)
    heads = _headings(lines)
    assert heads[1:4] == ["（一）扛牢主体责任，提升法治素养", "1.抓好学法用法，提升法治素养",
                          "2.落实法律顾问制度"]
    assert heads[4] == "（二）推进依法治校"
    study = lines.index("\u3000\u30001.抓好学法用法，提升法治素养")
    assert lines[study + 1].strip().startswith("一是")  # （一）→ 1. → 一是
    assert "1.抓好学法用法，提升法治素养" in _styled(document, "Heading 3")


def test_groups_under_the_topic_outline(tmp_path: Path) -> None:
    groups = "提纲: 专题\n分组:\n  聚焦关键环节: [行政执法, 依法治校]\n"
    lines, _, _ = _draft(tmp_path, HEAD + groups + TOPICS)
    heads = _headings(lines)
    assert heads[:6] == ["一、落实法律顾问制度", "二、抓好学法用法，提升法治素养",
                         "三、聚焦关键环节", "（一）规范行政执法",
                         "（二）推进依法治校", "四、存在的不足和原因"]


@pytest.mark.parametrize(("line", "message"), [
    ("提纲: 章节", "可填：法定、专题"), ("编号: [甲]", "不是编号样式"),
    ("分组:\n  某组: [学法]", "不是板块名"),
])
def test_wrong_outline_settings_are_located_errors(tmp_path: Path, line: str, message: str) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(HEAD + line + "\n", encoding="utf-8")
    with pytest.raises(FactsValidationError) as caught:
        draft(facts, out_dir=tmp_path)
    assert re.search(rf"{re.escape(str(facts))}:[45]:\d+: 字段“(提纲|编号|分组)", str(caught.value))
    assert message in str(caught.value)


# --- 成文日期 -------------------------------------------------------------------------------

def test_a_missing_date_is_a_visible_blank_and_listed_by_check(tmp_path: Path) -> None:
    lines, document, warnings = _draft(tmp_path, "单位: 某局\n年度: 2023\n")
    assert lines[-1] == "【待填：成文日期】"
    assert document.paragraphs[-1].text == "【待填：成文日期】"
    assert any("成文日期" in w for w in warnings)
    assert any("成文日期" in b for b in check(tmp_path / "facts.yaml").blanks)


# --- every kind takes every facts file ------------------------------------------------------

ELEMENTS = (HEAD + "发文字号: 双教发〔2025〕2号\n签发人: 张三\n主送机关: 县委、县政府\n"
            "附件: [任务完成情况表]\n发文机关: 中共双牌县教育局党组\n"
            "第一责任人:\n  姓名: 李四\n  职务: 局长\n" + TOPICS)


def test_the_summary_prints_every_gongwen_element(tmp_path: Path) -> None:
    lines, document, warnings = _draft(tmp_path, ELEMENTS, "summary")
    text = "\n".join(lines)
    for value in ("双教发〔2025〕2号", "签发人：张三", "县委、县政府：", "附件：任务完成情况表"):
        assert value in text
    assert "".join(_styled(document, "Title")) == "中共双牌县教育局党组2024年度法治政府建设工作总结"
    assert not any("没有使用" in w for w in warnings)


def test_the_shufa_prints_what_it_can_and_notes_the_rest(tmp_path: Path) -> None:
    lines, _, warnings = _draft(tmp_path, ELEMENTS, "shufa")
    text = "\n".join(lines)
    for value in ("双教发〔2025〕2号", "签发人：张三", "县委、县政府：", "附件：任务完成情况表"):
        assert value in text
    assert [w.split(": ", 1)[1] for w in warnings if "没有使用" in w] == [
        "字段“发文机关[1]”：述法报告没有使用这一项（“中共双牌县教育局党组”不在报告中），已略去",
        "字段“学法用法.标题”：述法报告没有使用这一项（“抓好学法用法，提升法治素养”不在报告中），已略去"]


def test_the_summary_flags_empty_problems_and_plans(tmp_path: Path) -> None:
    lines, _, warnings = _draft(tmp_path, HEAD + "组织领导:\n  列入工作要点: 是\n", "summary")
    assert "\u3000\u3000【待补充：存在的问题】" in lines
    assert "\u3000\u3000【待补充：下一步工作计划】" in lines
    assert sum("待补充" in w for w in warnings) == 2


def test_the_shufa_file_name_never_carries_a_blank_marker(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(HEAD + "第一责任人:\n  姓名: 待填\n  职务: 局长\n", encoding="utf-8")
    written = draft(facts, out_dir=tmp_path / "out", kind="shufa").written
    assert sorted(p.name for p in written) == ["双牌县教育局2024年度述法报告.docx",
                                               "双牌县教育局2024年度述法报告.txt"]


# --- next-year -------------------------------------------------------------------------------

def test_next_year_keeps_the_shape_keys_and_the_order(tmp_path: Path) -> None:
    facts = tmp_path / "2024.yaml"
    shape = ("发文机关: [中共某县委教育工委, 某县教育局]\n签发人: 张三\n盖章: 是\n提纲: 专题\n"
             "编号: [一、, 1.]\n分组:\n  聚焦关键环节: [行政执法, 依法治校]\n")
    title = "标题: 关于2024年度法治政府建设情况和2025年工作安排的报告\n"
    facts.write_text(HEAD + title + shape + TOPICS, encoding="utf-8")
    rolled = next_year(facts, tmp_path / "2025.yaml").written.read_text(encoding="utf-8")
    assert shape in rolled
    assert "标题: 关于2025年度法治政府建设情况和2026年工作安排的报告\n" in rolled  # its years move on
    order = [ln.split(":")[0] for ln in rolled.splitlines() if ln and ln[0] not in " #-"]
    assert order[order.index("法律顾问"):order.index("行政执法") + 1] == [
        "法律顾问", "学法用法", "依法治校", "行政执法"]
    assert "  标题: 抓好学法用法，提升法治素养" in rolled


def test_outline_settings_a_kind_cannot_use_are_notes(tmp_path: Path) -> None:
    text = ELEMENTS + "提纲: 专题\n分组:\n  某组: [行政执法]\n"
    _, _, warnings = _draft(tmp_path, text, "shufa")
    assert any("“提纲: 专题”未使用" in w for w in warnings)
    assert any("分组“某组”" in w and "未使用" in w for w in warnings)


def test_a_blank_number_style_keeps_the_kinds_numbers(tmp_path: Path) -> None:
    lines, _, _ = _draft(tmp_path, HEAD + "编号: [一、, 待填]\n" + TOPICS)
    assert "\u3000\u3000（一）落实法律顾问制度" in lines


def test_last_years_plans_keep_their_place_before_the_results(tmp_path: Path) -> None:
    """next-year writes 上年工作打算 near the end of the file: its section is not a 板块 the clerk
    placed, and stays where the template puts it (before 成效)."""
    text = HEAD + "组织领导:\n  列入工作要点: 是\n成效:\n  荣誉: [市级先进单位]\n" \
                  "上年工作打算:\n  - 主题: 提高政治站位\n    落实情况: 召开专题会议2次\n"
    heads = [h for h in _headings(_draft(tmp_path, text)[0]) if h.startswith("（")]
    assert heads == ["（一）加强组织领导", "（二）落实上年度确定的重点工作",
                     "（三）法治工作成效"]


def test_one_reports_numbering_does_not_reach_the_next(tmp_path: Path) -> None:
    """A batch drafts many reports in one process: the labels of one report's own 编号 (which
    carry that field's mark while it is built) must not be reused by the next report."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    _draft(first, HEAD + "提纲: 专题\n编号: [一、, 1.]\n" + TOPICS)
    lines, _, _ = _draft(second, "单位: 某局\n年度: 2024\n其他: [本年度无其他需要报告的事项]\n")
    assert "\u3000\u3000五、其他需要报告的情况" in lines
