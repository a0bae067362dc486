"""Comparisons with last year: rises, falls, no change, rates, and pairs that cannot be compared."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.facts.placeholders import Placeholder
from fazhi_writer.facts.quantity import parse_quantity
from fazhi_writer.facts.schema import Facts
from fazhi_writer.report.build import build_report
from fazhi_writer.report.compare import Change, compare, same_as_last_year
from fazhi_writer.report.render import make_env
from fazhi_writer.writers.text import render_text

from .conftest import EXAMPLES

runner = CliRunner()


def _cmp(now: object, before: object, unit: str = "") -> Change | None:
    q = lambda v: parse_quantity(v) if isinstance(v, (str, int)) else v  # noqa: E731
    return compare(q(now), q(before), unit)


@pytest.mark.parametrize(("now", "before", "unit", "expected"), [
    ("26名", "19名", "", Change("up", "7", "名", "36.8")),
    (26, "19名", "名", Change("up", "7", "名", "36.8")),  # a bare number takes the field's unit
    ("12名", "19名", "", Change("down", "7", "名", "36.8")),
    ("19名", "19名", "", Change("same", "0", "名", "0")),
    ("5次", "0次", "", Change("up", "5", "次", "")),  # no per cent of nothing
    ("12.6万人次", "10万人次", "", Change("up", "2.6万", "人次", "26")),
    ("95%", "100%", "", Change("down", "5", "%", "")),  # a rate moves in percentage points
    ("86.38%", "80%", "", Change("up", "6.38", "%", "")),
    ("十三名", "10名", "", Change("up", "3", "名", "30")),
])
def test_comparable_pairs(now: object, before: object, unit: str, expected: Change) -> None:
    assert _cmp(now, before, unit) == expected


@pytest.mark.parametrize(("now", "before"), [
    ("近50场", "40场"), ("50场", "约40场"), ("16000余名", "15000名"), ("200人左右", "150人"),
    ("20名", "20人次"),  # different units
    ("20场", None), (None, "20场"),
    ("20场", Placeholder("法治副校长.宣讲")),
])
def test_incomparable_pairs_give_nothing(now: object, before: object) -> None:
    assert _cmp(now, before) is None


def _facts(year: int, **blocks: object) -> Facts:
    return Facts.model_validate({"单位": "某局", "年度": year, "成文日期": "2025-01-10", **blocks})


def _report(now: dict[str, object], before: dict[str, object]) -> str:
    env = make_env(None)
    report = build_report(_facts(2025, 法治副校长=now), env, previous=_facts(2024, 法治副校长=before),
                          today=dt.date(2025, 1, 2))
    return render_text(report)


def test_the_report_words_rises_falls_and_rates() -> None:
    text = _report({"人数": "26名", "配备率": "95%", "宣讲": "30场次", "受众": "16000余名"},
                   {"人数": "19名", "配备率": "100%", "宣讲": "40场次", "受众": "15000余名"})
    assert "目前共聘任法治副校长26名，较上年增加7名（增长36.8%），配备率95%，较上年下降5个百分点" in text
    assert "全年开展法治宣讲30场次，较上年减少10场次（下降25%），覆盖学生16000余名。" in text


def test_no_change_and_no_last_year_say_nothing() -> None:
    same = _report({"人数": "19名", "配备率": "100%"}, {"人数": "19名", "配备率": "100%"})
    assert "目前共聘任法治副校长19名，配备率100%。" in same
    alone = render_text(build_report(_facts(2025, 法治副校长={"人数": "26名"}), make_env(None)))
    assert "较上年" not in alone and "与上年" not in alone


def test_same_as_last_year_finds_unchanged_counts() -> None:
    now = _facts(2025, 法治副校长={"人数": "19名", "宣讲": "近50场", "受众": "16000余名"},
                 宪法宣传={"数据": {"主题班会": "146次"}, "活动": [{"名称": "宪法晨读", "场次": "3场"}]})
    before = _facts(2024, 法治副校长={"人数": 19, "宣讲": "50场", "受众": "16000余名"},
                    宪法宣传={"数据": {"主题班会": "146次"}, "活动": [{"名称": "宪法晨读", "场次": "3场"}]})
    same = [path for path, _ in same_as_last_year(now, before)]
    assert same == [("宪法宣传", "数据", "主题班会"), ("法治副校长", "人数"), ("法治副校长", "受众")]


def _raised_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Copy example 000 as next year's file with 法治副校长.人数 raised by 7 (19 → 26)."""
    example = EXAMPLES[0]
    text = example.read_text(encoding="utf-8")
    assert "人数: 19名" in text
    text = re.sub(r"^年度: 2024$", "年度: 2025", text.replace("人数: 19名", "人数: 26名"), flags=re.M)
    copy = tmp_path / "2025.yaml"
    copy.write_text(text, encoding="utf-8")
    return copy, example


def test_draft_previous_says_how_much_a_count_rose(tmp_path: Path) -> None:
    copy, example = _raised_copy(tmp_path)
    result = runner.invoke(app, ["draft", str(copy), "--previous", str(example), "--format", "txt"])
    assert result.exit_code == 0, result.output
    text = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "目前共聘任法治副校长26名，较上年增加7名（增长36.8%），配备率100%。" in text
    without = runner.invoke(app, ["draft", str(copy), "--format", "txt", "-o", str(tmp_path / "b")])
    assert "较上年" not in Path(without.stdout.strip()).read_text(encoding="utf-8")


def test_check_previous_warns_about_counts_never_updated(tmp_path: Path) -> None:
    copy, example = _raised_copy(tmp_path)
    result = runner.invoke(app, ["check", str(copy), "--previous", str(example)])
    assert result.exit_code == 0, result.output
    assert f"{copy}:30:9: 字段“学法用法.普法考试”：与上年相同（2次）" in result.stderr
    assert "法治副校长.人数" not in result.stderr  # raised, so not flagged
    assert "与上年相同" not in runner.invoke(app, ["check", str(copy)]).stderr


def test_a_missing_previous_file_is_a_user_error(tmp_path: Path) -> None:
    copy, _ = _raised_copy(tmp_path)
    result = runner.invoke(app, ["draft", str(copy), "--previous", str(tmp_path / "no.yaml")])
    assert result.exit_code == 1 and "找不到事实文件" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_comparison_in_the_template_names_a_real_field(example: Path, tmp_path: Path) -> None:
    """Against itself every count is unchanged: no wording, no error, a note about the year."""
    from fazhi_writer.pipeline import prepare

    report = prepare(example, previous=example)
    assert "较上年" not in render_text(report)
    assert any("请核对“较上年”的比较" in w for w in report.warnings)


def test_a_misspelt_field_in_a_template_is_a_template_error() -> None:
    from fazhi_writer.report.compare import versus

    with pytest.raises(ValueError, match="vice_principal"):
        versus(parse_quantity("3名"), _facts(2024), "vice_principal.count")
