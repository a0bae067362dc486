"""Old facts files keep working (renamed keys), and messages say what to do (issue 12.5, 12.6)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.facts.keys import DEPENDS, RENAMED

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
FACTS = sorted([*EXAMPLES, *(ROOT / "tests" / "data" / "facts").glob("*.yaml")])


def _write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _draft(path: Path, out: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["draft", str(path), "-o", str(out)])
    texts = list(out.glob("*.txt")) if out.exists() else []
    return result.exit_code, result.stderr, texts[0].read_text(encoding="utf-8") if texts else ""


def test_old_spellings_draft_the_same_report_with_a_notice(tmp_path: Path) -> None:
    example = next(p for p in EXAMPLES if "宣讲全覆盖" in p.read_text(encoding="utf-8"))
    text = example.read_text(encoding="utf-8")
    old = text.replace("  宣讲全覆盖: 是", "  全覆盖: 是").replace("  校外培训全覆盖: [", "  全覆盖: [")
    assert old.count("  全覆盖: ") == 2
    code, err, report = _draft(_write(tmp_path, old, example.name), tmp_path / "old")
    assert code == 0, err
    assert _draft(example, tmp_path / "new")[2] == report
    lines = [n for n, line in enumerate(old.splitlines(), 1) if line.startswith("  全覆盖: ")]
    for line, new in zip(lines, ["宣讲全覆盖", "校外培训全覆盖"]):
        assert f"{example.name}:{line}:3: " in err and f"“全覆盖”已改名为“{new}”" in err


def test_every_renamed_key_names_a_field_of_the_schema() -> None:
    from fazhi_writer.facts.validate import _known_keys as known_keys

    for path, table in RENAMED.items():
        assert set(table.values()) <= set(known_keys(path, None)), path


def test_writing_both_spellings_is_refused_not_merged(tmp_path: Path) -> None:
    path = _write(tmp_path, "单位: 某局\n年度: 2024\n校园安全:\n  宣讲场次: 3场次\n"
                            "  全覆盖: 是\n  宣讲全覆盖: 否\n")
    code, err, _ = _draft(path, tmp_path / "out")
    assert code == 1 and "a.yaml:5:3: 字段“校园安全.全覆盖”：未知字段" in err


def test_every_facts_file_valid_before_still_drafts(tmp_path: Path) -> None:
    for i, path in enumerate(FACTS):
        code, err, _ = _draft(path, tmp_path / str(i))
        assert code == 0, (path, err)


def test_a_qualifying_field_alone_names_the_field_it_needs(tmp_path: Path) -> None:
    path = _write(tmp_path, "单位: 某局\n年度: 2024\n法律顾问:\n  范围: 全市所有学校\n")
    code, err, _ = _draft(path, tmp_path / "out")
    assert code == 1
    assert err.count("全市所有学校") == 1  # once, not once per output
    assert "a.yaml:4:7: 字段“法律顾问.范围”" in err
    assert "“范围”要和同一板块的“人数”一起填写" in err and "请补上“人数”" in err
    assert "修饰性" not in err
    fixed = _write(tmp_path, "单位: 某局\n年度: 2024\n法律顾问:\n  范围: 全市所有学校\n  人数: 3名\n",
                   "b.yaml")
    code, err, report = _draft(fixed, tmp_path / "fixed")
    assert code == 0 and "为全市所有学校聘请法律顾问共3名" in report


def test_the_dependency_table_names_real_fields() -> None:
    from fazhi_writer.facts.validate import _known_keys as known_keys

    for path, table in DEPENDS.items():
        if "*" in path:
            continue
        known = set(known_keys(path, None))
        for key, heads in table.items():
            assert {key, *heads} <= known, (path, key, heads)


def test_an_unknown_key_is_answered_with_a_field_of_the_same_meaning(tmp_path: Path) -> None:
    path = _write(tmp_path, "单位: 某局\n年度: 2024\n作者: 某局办公室\n法律顾问:\n  律师: 3名\n"
                            "法治副校长:\n  配备律: 100%\n")
    code, err, _ = _draft(path, tmp_path / "out")
    assert code == 1
    assert "字段“作者”：未知字段（不会被使用，请检查拼写），是否想写“署名”？" in err
    assert "字段“法律顾问.律师”：未知字段（不会被使用，请检查拼写），是否想写“律师事务所”？" in err
    # without a synonym, the nearest spelling as before
    assert "字段“法治副校长.配备律”：未知字段（不会被使用，请检查拼写），是否想写“配备率”？" in err


def test_a_qualifying_yes_alone_is_an_error_naming_the_field_it_needs(tmp_path: Path) -> None:
    path = _write(tmp_path, "单位: 某局\n年度: 2024\n法律顾问:\n  建立制度: 是\n  严格把关: 是\n")
    code, err, _ = _draft(path, tmp_path / "out")
    assert code == 1
    assert "a.yaml:5:9: 字段“法律顾问.严格把关”：“严格把关”要和同一板块的“审查合同”一起填写" in err
    fixed = _write(tmp_path, "单位: 某局\n年度: 2024\n法律顾问:\n  审查合同: 20份\n  严格把关: 是\n",
                   "b.yaml")
    code, err, report = _draft(fixed, tmp_path / "fixed")
    assert code == 0 and "审查合同共计20份，严格把关" in report
