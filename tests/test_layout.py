"""Layout rules: the title broken by the tool (GB/T 9704 7.3.1), 署名/日期 and 附件说明 indents."""

from __future__ import annotations

import itertools
import re

import pytest

from fazhi_writer.report.layout import (
    TITLE_MAX_WIDTH,
    attachment_indents,
    break_title,
    signature_block,
    signature_indents,
    signer_line,
    text_width,
)
from fazhi_writer.report.shape import numbering

REPORT = "2024年度|法治政府建设|工作报告"


def _shape_ok(lines: list[str]) -> bool:
    widths = [text_width(line) for line in lines]
    steps = ["+" if b > a else "-" if b < a else "=" for a, b in itertools.pairwise(widths)]
    return re.fullmatch(r"\+*-*", "".join(steps)) is not None  # trapezoid or diamond, no "="


@pytest.mark.parametrize(("segments", "expected"), [
    (["某局", REPORT], ["某局2024年度法治政府建设工作报告"]),
    (["中站区教育局", REPORT], ["中站区教育局", "2024年度法治政府建设工作报告"]),
    (["乌苏市教育和科学技术局", REPORT], ["乌苏市教育和科学技术局", "2024年度法治政府建设工作报告"]),
    (["梨树县教育局关于2024年度法治政府建设情况的报告"],
     ["梨树县教育局关于", "2024年度法治政府建设情况的报告"]),
])
def test_titles_break_between_words_into_a_trapezoid(segments: list[str], expected: list[str]) -> None:
    assert break_title(segments) == expected


@pytest.mark.parametrize("segments", [
    ["新疆维吾尔自治区塔城地区裕民县教育和科学技术局", REPORT],
    ["某县教育局关于贯彻落实《法治政府建设与责任落实督察工作规定》情况的报告"],
    ["某县教育局", "关于|2024年度|法治政府建设|工作|报告"],
    ["某县市场监督管理局关于2024年度法治政府建设工作报告"],
])
def test_long_titles_keep_words_and_book_titles_whole(segments: list[str]) -> None:
    lines = break_title(segments)
    assert "".join(lines) == "".join(segments).replace("|", "")
    assert _shape_ok(lines), lines
    for line in lines:
        assert line.count("《") == line.count("》"), f"a 《》 title is split: {lines}"
        assert not line.startswith(("告", "报告", "场", "》")), f"a word is split: {lines}"
        assert text_width(line) <= 20


def test_a_title_never_ends_a_line_inside_a_word_the_template_kept_together() -> None:
    lines = break_title(["某某某某某某某某县教育局", "2024年度|法治政府建设工作报告"])
    assert all(not line.endswith(("工作报", "法治政府建")) for line in lines)
    assert lines[-1].endswith("法治政府建设工作报告")


def test_break_marks_inside_book_titles_are_ignored() -> None:
    lines = break_title(["某局关于学习《中华人民共和国|行政复议法》的报告和其他一些说明文字"])
    assert any("《中华人民共和国行政复议法》" in line for line in lines)


def test_title_lines_fit_the_line() -> None:
    for segments in (["某" * 30], ["某" * 12, REPORT]):
        assert max(text_width(line) for line in break_title(segments)) <= TITLE_MAX_WIDTH


def test_text_width_counts_latin_and_digits_as_half() -> None:
    assert text_width("2025年1月6日") == 6.0
    assert text_width("“学宪法”—") == 6.0


@pytest.mark.parametrize(("signature", "date", "expected"), [
    # 署名 longer: 右空二字; the date starts two characters right of the 署名's start
    ("乌苏市教育和科学技术局", "2025年1月6日", (2.0, 5.0)),
    # date longer than the 署名: the date is 右空二字, the 署名 moves left
    ("某局", "2025年12月16日", (9.0, 2.0)),
    ("中站区教育局", "2025年1月15日", (4.5, 2.0)),
    ("", "2025年1月15日", (0.0, 2.0)),
])
def test_signature_and_date_indents(signature: str, date: str, expected: tuple[float, float]) -> None:
    signature_right, date_right = signature_indents(signature, date)
    assert (signature_right, date_right) == expected
    if signature:
        start_of = signature_right + text_width(signature), date_right + text_width(date)
        assert start_of[0] - start_of[1] == 2  # the date's first character is 2 字 to the right
        assert min(signature_right, date_right) == 2


def test_joint_signatures_line_up_and_keep_the_date_off_the_left_margin() -> None:
    organs = ["中共某某市某某区委教育工作委员会", "某某市某某区教育委员会"]  # 16 and 11 字
    rights, date_right = signature_block(organs, "2025年1月6日")
    assert rights == [2.0, 7.0]  # the same first column, the widest 右空二字
    assert date_right == 16 - 6  # the date's first character two right of theirs
    # a date longer than every organ: the date 右空二字, the organs move left together
    assert signature_block(["甲局", "乙委"], "2025年12月16日") == ([9.0, 9.0], 2.0)
    # even an organ wider than the line never gets a negative indent
    assert signature_block(["很" * 30], "2025年1月6日")[0] == [0.0]
    # with a seal (7.3.5.1): the date 右空四字, each organ centred over it
    assert signature_block(["某局", "某某委员会"], "2025年1月6日", sealed=True) == ([6.0, 4.5], 4.0)


def test_the_signer_line_fills_the_text_block() -> None:
    line = signer_line("某教发〔2025〕3号", "张三")
    assert line.startswith("\u3000某教发〔2025〕3号") and line.endswith("签发人：张三\u3000")
    assert text_width(line) == 28


@pytest.mark.parametrize(("styles", "expected"), [
    ([], ["{cn}、", "（{cn}）", "{n}."]),
    (["一、", "1."], ["{cn}、", "{n}.", "（{n}）"]),  # GB/T 9704's sequence goes on after 1.
    (["一、", "（一）", "（1）"], ["{cn}、", "（{cn}）", "（{n}）"]),
    (["一是"], ["{cn}是", "（{cn}）", "{n}."]),  # outside the sequence: the kind's own levels
])
def test_number_styles_are_written_as_first_numbers(styles: list[str], expected: list[str]) -> None:
    assert numbering(styles, ["{cn}、", "（{cn}）", "{n}."]) == expected


def test_attachment_lines_hang_under_the_first_name() -> None:
    assert attachment_indents(["附件：1.甲表", "2.乙表", "10.丙表"], 2) == [
        (6.0, 4.0), (6.0, 1.0), (6.5, 1.5)]
    assert attachment_indents(["附件：甲表"], 2) == [(5.0, 3.0)]


def test_each_character_is_classified_once_and_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    import unicodedata

    from fazhi_writer.report import layout

    real = unicodedata.east_asian_width
    asked: list[str] = []
    monkeypatch.setattr(layout, "_WIDTHS", layout._Widths())
    monkeypatch.setattr(layout.unicodedata, "east_asian_width",
                        lambda c: asked.append(c) or real(c))
    text = "".join(map(chr, range(0x20, 0x3100))) + "中站区教育局2024年度ｱＡé《》—…"
    assert text_width(text) == sum(0.5 if real(c) in ("Na", "H", "N") else 1.0 for c in text)
    assert text_width(text + text) == 2 * text_width(text)
    assert sorted(asked) == sorted(set(text))
