"""The command line: exit codes, Chinese messages on stderr, never a traceback for user errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from fazhi_writer.commands.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


def test_draft_prints_the_paths_it_wrote(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", str(EXAMPLES[0]), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    written = result.stdout.split()
    assert [Path(p).suffix for p in written] == [".docx", ".txt"]
    assert all(Path(p).is_file() and Path(p).parent == tmp_path for p in written)
    assert "成文日期" in result.stderr  # the example has no date: draft says it used today's


def test_draft_writes_beside_the_facts_file_by_default(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n成文日期: 2024-12-06\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(facts), "--format", "txt"])
    assert result.exit_code == 0
    assert result.stdout.strip() == str(tmp_path / "某局2024年度法治政府建设工作报告.txt")
    assert "【待补充：存在的不足和原因】" in result.stderr


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    assert "找不到事实文件" in result.stderr
    assert "Traceback" not in result.output


def test_wrong_type_names_the_line(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n法治副校长:\n  人数: 很多\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(facts)])
    assert result.exit_code == 1
    assert f"{facts}:4:7: 字段“法治副校长.人数”：应为数量" in result.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_unknown_format_and_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", str(EXAMPLES[0]), "--format", "odt", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "不支持的输出格式" in result.stderr
    assert runner.invoke(app, ["draft"]).exit_code == 2
    assert runner.invoke(app, ["draft", "x.yaml", "--bogus"]).exit_code == 2


def test_an_edited_output_is_never_overwritten(tmp_path: Path) -> None:
    args = ["draft", str(EXAMPLES[0]), "-o", str(tmp_path), "--format", "docx"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, args).exit_code == 0  # untouched since: replaced quietly
    target = next(tmp_path.glob("*.docx"))
    target.write_bytes(b"edited in Word")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "修改" in refused.stderr
    assert target.read_bytes() == b"edited in Word"
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0
    backups = list(tmp_path.glob("*备份*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"edited in Word"


def test_check_validates_without_writing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(EXAMPLES[0])])
    assert result.exit_code == 0 and "检查通过" in result.stdout
    assert not list(tmp_path.iterdir())


def test_schema_is_json_with_chinese_keys() -> None:
    import json

    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"单位", "年度", "法治副校长", "存在问题", "工作打算"} <= set(schema["properties"])


def test_python_dash_m_works() -> None:
    result = subprocess.run([sys.executable, "-m", "fazhi_writer", "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "draft" in result.stdout


def test_check_lists_every_error_and_warning_and_exits_1(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(
        "单位: 某局\n年度: 2024\n成文日期: 2023-12-01\n上级: 区委\x0b区政府\n"
        "法治副校长:\n  人数: 很多\n  配备律: 100%\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(facts)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [
        f"{facts}:3:7: 字段“成文日期”：成文日期 2023-12-01 早于报告年度 2024 年",
        (f"{facts}:6:7: 字段“法治副校长.人数”：应为数量，例如 19、19名、近50场、16000余名、"
         "12.6万余人次、100%，实际是“很多”"),
        f"{facts}:7:3: 字段“法治副校长.配备律”：未知字段（不会被使用，请检查拼写），是否想写“配备率”？",
        (f"提示：{facts}:4:7: 字段“上级”：含有 1 个不可见的控制字符（Word 手动换行符 \\x0b，"
         "多为从 Word 粘贴带入），已删除"),
        f"{facts}: 发现 3 处错误、1 条提示，请改正后再生成报告",
    ]
    assert result.stdout == ""
    assert not list(tmp_path.glob("*.docx")) and not list(tmp_path.glob("*.txt"))


def test_check_lints_valid_facts(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n成文日期: 2023-12-01\n法治副校长:\n  配备率: 120%\n",
                     encoding="utf-8")
    result = runner.invoke(app, ["check", str(facts)])
    assert result.exit_code == 1
    assert f"{facts}:3:7: 字段“成文日期”：成文日期 2023-12-01 早于报告年度 2024 年" in result.stderr
    assert f"{facts}:5:8: 字段“法治副校长.配备率”：比例不能超过 100%，实际是“120%”" in result.stderr
    assert "提示：必备部分“存在的不足和原因”没有内容" in result.stderr
    drafted = runner.invoke(app, ["draft", str(facts), "-o", str(tmp_path / "out")])
    assert drafted.exit_code == 1 and "比例不能超过 100%" in drafted.stderr
    assert not (tmp_path / "out").exists()


def test_check_passes_with_warnings(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n成文日期: 2025-01-10\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(facts)])
    assert result.exit_code == 0
    assert result.stdout == f"{facts}: 检查通过（4 条提示）\n"
    assert result.stderr.count("提示：必备部分") == 4


def test_draft_names_the_field_it_cleaned(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_bytes("单位: 某局\n年度: 2024\n上级: 区委\x00区政府\n".encode())
    result = runner.invoke(app, ["draft", str(facts), "--format", "txt"])
    assert result.exit_code == 0
    assert f"提示：{facts}:3:7: 字段“上级”：含有 1 个不可见的控制字符（空字符 NUL" in result.stderr
    assert "在区委区政府的正确领导下" in next(tmp_path.glob("*.txt")).read_text(encoding="utf-8")


def test_a_txt_only_draft_does_not_make_the_docx(tmp_path: Path) -> None:
    # the .docx is made only for a .docx or a PDF: a bureau's broken reference.docx must not
    # stop the plain text the OA system needs
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "reference.docx").write_bytes(b"not a zip")
    args = ["draft", str(EXAMPLES[0]), "-o", str(tmp_path / "out"), "--template-dir", str(mine)]
    txt = runner.invoke(app, [*args, "--format", "txt"])
    assert txt.exit_code == 0, txt.stderr
    assert [Path(p).suffix for p in txt.stdout.split()] == [".txt"]
    both = runner.invoke(app, args)
    assert both.exit_code == 1 and "reference.docx" in both.stderr
    assert "Traceback" not in both.output
