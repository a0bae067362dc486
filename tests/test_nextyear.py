"""next-year: the year moves on, every comment stays byte for byte, the input is never touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.pipeline import check, next_year, prepare
from fazhi_writer.writers.text import render_text

from .conftest import EXAMPLES, TODAY

runner = CliRunner()
COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def _comments(text: str) -> list[str]:
    """Every comment of a YAML text (from # to the end of the line), in order."""
    return [m[1] for line in text.splitlines() if (m := COMMENT.search(line))]


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _roll(example: Path, tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "next" / "facts.yaml"
    result = next_year(example, out)
    assert result.written == out
    return out, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_comments_are_kept_byte_for_byte(example: Path, tmp_path: Path) -> None:
    before = example.read_bytes()
    stat = example.stat()
    _, text = _roll(example, tmp_path)
    original = _comments(example.read_text(encoding="utf-8"))
    assert original, "the example has comments to keep"
    # next-year adds comments of its own (link, moved plans) that name it; the rest are the clerk's
    assert [c for c in _comments(text) if "next-year" not in c] == original
    added = 2 if "工作打算" in _load(example) else 1
    assert len(_comments(text)) == len(original) + added
    assert example.read_bytes() == before and example.stat().st_mtime_ns == stat.st_mtime_ns


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_year_moves_on_and_keys_keep_their_order(example: Path, tmp_path: Path) -> None:
    out, _ = _roll(example, tmp_path)
    old, new = _load(example), _load(out)
    assert new["年度"] == old["年度"] + 1
    assert (out.parent / new["上年事实文件"]).resolve() == example.resolve()
    expected = ["上年事实文件", *old]
    if "工作打算" in old:
        at = expected.index("工作打算")
        expected[at:at + 1] = ["上年工作打算", "工作打算"]
    if "成文日期" not in old:  # next year's report needs its date: added as 待填 after 年度
        expected.insert(expected.index("年度") + 1, "成文日期")
        assert str(new["成文日期"]).startswith("待填")
    assert list(new) == expected
    for block, fields in old.items():  # nested keys keep their order too
        if isinstance(fields, dict):
            assert list(new[block])[:len(fields)] == list(fields) or block == "工作打算"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_new_file_drafts_and_check_lists_its_blanks(example: Path, tmp_path: Path) -> None:
    out, _ = _roll(example, tmp_path)
    report = prepare(out, today=TODAY)  # compares with the recorded 上年事实文件
    text = render_text(report)
    year = _load(example)["年度"] + 1
    assert f"{year}年度推进法治政府建设的主要举措和成效" in text
    assert "【待填：" in text and "\x00" not in text
    blanks = check(out).blanks
    assert blanks and all(re.match(rf"{re.escape(str(out))}:\d+:\d+: 字段“.+”：待填", b) for b in blanks)
    if "工作打算" in _load(example):
        assert f"【待填：工作打算[1]（{year + 1}年度工作打算）】" in text


def test_one_year_counts_become_placeholders_and_standing_facts_stay(tmp_path: Path) -> None:
    out, _ = _roll(EXAMPLES[0], tmp_path)
    new = _load(out)["法治副校长"]
    assert new["人数"] == "19名" and new["配备率"] == "100%"  # how things stand: carried over
    assert new["来源"] == ["公安", "检察院", "法院", "司法"]
    assert new["宣讲"] == "待填：上年近50场" and new["受众"] == "待填：上年16000余名"
    awards = _load(out)["成效"]["获奖"]
    assert awards[0]["奖项"] == "待填：上年河南省高中组冠军" and awards[0]["学校"] == "焦作四中"


def test_what_was_done_that_year_is_asked_again_and_other_flags_stay(tmp_path: Path) -> None:
    out, _ = _roll(EXAMPLES[0], tmp_path)  # its 领导小组 was set up in 2024 (本年成立: 是)
    group = _load(out)["组织领导"]["领导小组"]
    assert group["本年成立"] == "待填：上年是" and group["设办公室"] == "是"
    text = render_text(prepare(out, today=TODAY))
    assert "设有普法依法治理工作领导小组并下设办公室" in text and "成立" not in text


def test_last_years_plans_are_kept_for_the_clerk_to_report_on(tmp_path: Path) -> None:
    out, text = _roll(EXAMPLES[2], tmp_path)
    plans = _load(EXAMPLES[2])["工作打算"]
    reviews = _load(out)["上年工作打算"]
    assert len(reviews) == len(plans)
    assert all(r["落实情况"] == "待填" for r in reviews)
    assert [r["主题"] for r in reviews] == [p if isinstance(p, str) else p["主题"] for p in plans]
    report = render_text(prepare(out, today=TODAY))
    assert "落实上年度确定的重点工作" in report
    assert "1.不断提高政治站位。【待填：上年工作打算[1].落实情况】" in report
    filled = text.replace("{主题: 提高政治站位, 落实情况: 待填}", "{主题: 提高政治站位, 落实情况: 组织专题学习6次}")
    out.write_text(filled, encoding="utf-8")
    assert "1.不断提高政治站位。组织专题学习6次。" in render_text(prepare(out, today=TODAY))


def test_the_recorded_link_gives_comparisons(tmp_path: Path) -> None:
    out, text = _roll(EXAMPLES[0], tmp_path)
    out.write_text(text.replace("人数: 19名", "人数: 26名"), encoding="utf-8")
    result = runner.invoke(app, ["draft", str(out), "--format", "txt"])
    assert result.exit_code == 0, result.output
    assert "较上年增加7名（增长36.8%）" in Path(result.stdout.strip()).read_text(encoding="utf-8")


STYLED = (
    "# 头部注释\r\n"
    "单位:    '某局'   # 引号保留\r\n"
    "年度: 2024\r\n"
    "上级: \"区委、区政府\"\r\n"
    "法治副校长:\r\n"
    "    人数: 19名\r\n"
    "    宣讲: 40场次        # 一年一变\r\n"
    "    来源: [ 公安, '法院' ]\r\n"
    "存在问题:\r\n"
    "- 学习不系统\r\n"
    "工作打算:\r\n"
    "- 提高政治站位   # 常用主题\r\n"
    "# 结尾注释\r\n"
)


def test_quoting_indentation_and_line_endings_are_kept(tmp_path: Path) -> None:
    facts = tmp_path / "某局_2024.yaml"
    facts.write_bytes(STYLED.encode("utf-8"))
    result = runner.invoke(app, ["next-year", str(facts)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "某局_2025.yaml"
    assert result.stdout.strip() == str(out)
    text = out.read_bytes().decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # CRLF kept
    lines = text.split("\r\n")
    assert any(re.fullmatch(r"单位: '某局' +# 引号保留", line) for line in lines)
    assert '上级: "区委、区政府"' in lines and "    来源: [公安, '法院']" in lines
    assert any(re.fullmatch(r"    宣讲: 待填：上年40场次 +# 一年一变", line) for line in lines)
    assert "    人数: 19名" in lines and "- 学习不系统" in lines  # 4-space maps, unindented lists
    kept = [c for c in _comments(text) if "next-year" not in c]
    assert kept == _comments(STYLED.replace("\r\n", "\n"))
    assert facts.read_bytes() == STYLED.encode("utf-8")


def test_next_year_never_writes_over_its_input_or_an_edited_file(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_bytes(EXAMPLES[0].read_bytes())
    same = runner.invoke(app, ["next-year", str(facts), "-o", str(facts)])
    assert same.exit_code == 1 and "不会改动" in same.stderr
    assert facts.read_bytes() == EXAMPLES[0].read_bytes()
    out = tmp_path / "g.yaml"
    out.write_text("# 我自己写的\n", encoding="utf-8")
    refused = runner.invoke(app, ["next-year", str(facts), "-o", str(out)])
    assert refused.exit_code == 1 and out.read_text(encoding="utf-8") == "# 我自己写的\n"
    forced = runner.invoke(app, ["next-year", str(facts), "-o", str(out), "--force"])
    assert forced.exit_code == 0 and "年度: 2025" in out.read_text(encoding="utf-8")
    assert [p.read_text(encoding="utf-8") for p in tmp_path.glob("g.备份-*.yaml")] == ["# 我自己写的\n"]
