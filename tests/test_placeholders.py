"""待填 placeholders: the forms a clerk types, where check finds them, how draft shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.facts.placeholders import mark_placeholders, parse_placeholder
from fazhi_writer.facts.read import load_facts
from fazhi_writer.pipeline import check, draft, prepare
from fazhi_writer.writers.text import render_text

from .conftest import TODAY

runner = CliRunner()

FACTS = """单位: 某局
年度: 2024
成文日期: 2025-01-10
法治副校长:
  人数: 待填：上年19名
  配备率: 100%
  来源: [公安, 待填]
  宣讲: 待填
法律顾问:
  建立制度: 待填（问办公室）
存在问题:
  - 待填：本年度的不足
工作打算:
  - 待填
"""


def _write(tmp_path: Path, text: str = FACTS) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("written", "note"), [
    ("待填", ""), ("待填：上年19名", "上年19名"), ("待填:上年19名", "上年19名"),
    ("待填（问办公室）", "问办公室"), ("待填(问办公室)", "问办公室"), (" 待填 ", ""),
])
def test_the_forms_a_clerk_may_type(written: str, note: str) -> None:
    assert parse_placeholder(written) == note


@pytest.mark.parametrize("written", ["待填写", "已待填", "19名", 19, None, True])
def test_other_values_are_not_placeholders(written: object) -> None:
    assert parse_placeholder(written) is None


def test_marking_records_path_note_and_position(tmp_path: Path) -> None:
    raw = load_facts(_write(tmp_path))
    found = mark_placeholders(raw)
    assert [(b.path, b.note, b.line, b.column) for b in found] == [
        ("法治副校长.人数", "上年19名", 5, 7),
        ("法治副校长.来源[2]", "", 7, 12),
        ("法治副校长.宣讲", "", 8, 7),
        ("法律顾问.建立制度", "问办公室", 10, 9),
        ("存在问题[1]", "本年度的不足", 12, 5),
        ("工作打算[1]", "", 14, 5),
    ]
    assert raw["法治副校长"]["配备率"] == "100%"  # other values untouched


def test_check_lists_every_placeholder_with_file_line_and_column(tmp_path: Path) -> None:
    facts = _write(tmp_path)
    result = runner.invoke(app, ["check", str(facts)])
    assert result.exit_code == 0, result.output
    assert f"{facts}:5:7: 字段“法治副校长.人数”：待填（上年19名）" in result.stdout
    assert f"{facts}:10:9: 字段“法律顾问.建立制度”：待填（问办公室）" in result.stdout
    assert result.stdout.count(": 字段“") == 6
    assert "6 处待填" in result.stdout


def test_draft_shows_each_placeholder_as_a_visible_marker(tmp_path: Path) -> None:
    report = prepare(_write(tmp_path), today=TODAY)
    text = render_text(report)
    assert "目前共聘任法治副校长【待填：法治副校长.人数（上年19名）】" in text
    assert "聘请公安、【待填：法治副校长.来源[2]】等单位人员" in text
    assert "【待填：存在问题[1]（本年度的不足）】" in text
    # a plan left 待填 is not dropped from part four (the only plan: no 1. before it)
    assert "\u3000\u3000【待填：工作打算[1]】" in text
    assert "\x00" not in text
    # a 是/否 left 待填 counts as 否: no sentence claims the system was set up
    assert "建立健全法律顾问制度" not in text
    assert any("6 处“待填”" in w for w in report.warnings)


def test_markers_are_highlighted_in_word(tmp_path: Path) -> None:
    import docx

    result = draft(_write(tmp_path), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    written = result.written
    runs = [r for p in docx.Document(str(written[0])).paragraphs for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color]
    assert "【待填：法治副校长.人数（上年19名）】" in marked
    assert all(t.startswith("【待") for t in marked)
    plain = "".join(r.text for r in runs if not r.font.highlight_color)
    assert "目前共聘任法治副校长" in plain and "【待填" not in plain


def test_a_placeholder_where_none_is_allowed_is_reported_plainly(tmp_path: Path) -> None:
    facts = _write(tmp_path, "单位: 某局\n年度: 待填\n")
    result = runner.invoke(app, ["check", str(facts)])
    assert result.exit_code == 1
    assert f"{facts}:2:5: 字段“年度”：应为整数，实际是“待填”" in result.stderr
    assert "\x00" not in result.output


def test_a_blank_key_means_not_filled_in(tmp_path: Path) -> None:
    facts = _write(tmp_path, "单位: 某局\n年度: 2024\n成文日期: 2025-01-06\n组织领导:\n  领导小组:\n    组长:\n    设办公室:\n"
                             "  实施方案:\n法治副校长:\n  人数:\n")
    result = check(facts)
    assert result.blanks == []
    text = render_text(prepare(facts, today=TODAY))
    assert "设有领导小组。" in text and "办公室" not in text


def test_date_left_blank_shows_in_the_signature_block(tmp_path: Path) -> None:
    facts = _write(tmp_path, "单位: 某局\n年度: 2024\n成文日期: 待填\n")
    report = prepare(facts, today=TODAY)
    assert report.date == "【待填：成文日期】"
    assert not any("今天的日期" in w for w in report.warnings)
