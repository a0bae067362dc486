"""Report kinds: one facts file feeds the annual report, the 述法报告 and the 工作总结."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.errors import FactsValidationError
from fazhi_writer.pipeline import draft, prepare
from fazhi_writer.writers.text import render_text

from .conftest import EXAMPLES, ROOT, TODAY, assert_golden, seed_for
from .test_examples import GOLDEN, NUMBER, RESIDUE, _scalars

runner = CliRunner()
SEED_004 = next(e for e in EXAMPLES if e.name.startswith("004"))
SEED_000 = next(e for e in EXAMPLES if e.name.startswith("000"))


def _with_leader(example: Path, folder: Path) -> Path:
    """A copy of an example that names its 第一责任人, as the 述法报告 needs."""
    yaml = YAML(typ="rt")
    data = yaml.load(example.read_text(encoding="utf-8"))
    leader = data.setdefault("第一责任人", {})
    leader.setdefault("姓名", "张三")
    leader.setdefault("职务", "局长")
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    copy = folder / example.name
    copy.write_text(buffer.getvalue(), encoding="utf-8")
    return copy


def test_shufa_of_seed_004_carries_every_number_and_named_fact() -> None:
    report = prepare(SEED_004, "shufa", today=TODAY)
    text = render_text(report)
    assert report.title == ("2024年度述法报告",)
    assert report.byline == "乌苏市教育和科学技术局党组副书记、局长  李作勇"
    assert report.body[0].text == "根据工作要求，现述法如下："
    assert [p.text for p in report.body if p.level == 1] == [
        "一、履职情况", "二、亮点工作", "三、问题短板和下一步打算"]
    assert "本人" in text and report.file_stem.endswith("述法报告（李作勇）")
    seed = seed_for(SEED_004).read_text(encoding="utf-8")
    missing = sorted(set(NUMBER.findall(seed)) - set(NUMBER.findall(text)))
    assert not missing, f"numbers of seed 004 not in the 述法报告: {missing}"
    checklist = (ROOT / "tests" / "data" / "seed_facts" / "004.txt").read_text(encoding="utf-8")
    names = [n.strip() for n in checklist.splitlines() if n.strip() and not n.startswith("#")]
    assert [n for n in names if n not in text] == []


def test_shufa_covers_the_duty_items_and_puts_highlights_apart() -> None:
    body = prepare(SEED_004, "shufa", today=TODAY).body
    headings = [p.lead or p.text for p in body if p.level == 2]
    part_two = [p.text for p in body[[p.text for p in body].index("二、亮点工作"):]]
    for item in ("学法", "第一责任人", "依法决策", "执法", "普法", "矛盾纠纷", "整改"):
        assert any(item in h for h in headings), item
    # seed 004 lists 法律顾问 as a highlight: it moves from 履职情况 to 亮点工作
    assert any("审查合同共计20份" in t for t in part_two)
    assert sum("审查合同共计20份" in p.text for p in body) == 1


def test_summary_of_seed_000_has_a_summary_title_and_lighter_structure() -> None:
    report = prepare(SEED_000, "summary", today=TODAY)
    assert report.title == ("中站区教育局", "2024年度法治政府建设工作总结")
    assert report.file_stem == "中站区教育局2024年度法治政府建设工作总结"
    assert [p.text for p in report.body if p.level == 1] == [
        "一、主要工作举措及成效", "二、存在的问题", "三、下一步工作计划"]
    second = [p for p in report.body if p.level == 2]
    assert second and all(p.lead and len(p.text) > len(p.lead) for p in second)  # run-in


@pytest.mark.parametrize("kind", ["annual", "summary", "shufa"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem[:3])
def test_every_kind_carries_every_fact_of_the_facts_file(
    example: Path, kind: str, tmp_path: Path
) -> None:
    facts = _with_leader(example, tmp_path) if kind == "shufa" else example
    text = render_text(prepare(facts, kind, today=TODAY))
    themes = YAML(typ="safe").load((ROOT / "templates" / "themes.yaml").read_text(encoding="utf-8"))
    stock = {*themes["问题"], *themes["计划"], *themes["亲自"]}
    flat = "".join(text.split())
    data = YAML(typ="safe").load(facts.read_text(encoding="utf-8"))
    assert [s for s in _scalars(data) if s not in flat and s not in stock] == []
    assert not [r for r in RESIDUE if r in text]
    assert not re.search(r"[，、；：]。|。。|，，|、、", text), "broken punctuation"


@pytest.mark.parametrize(("example", "kind"), [(SEED_004, "shufa"), *((e, "summary") for e in EXAMPLES)],
                         ids=lambda v: v if isinstance(v, str) else v.stem[:3])
def test_golden_text_of_the_other_kinds(example: Path, kind: str, update_golden: bool) -> None:
    text = render_text(prepare(example, kind, today=TODAY))
    assert_golden(GOLDEN / kind / f"{example.stem}.txt", text, update_golden)


def test_shufa_docx_has_the_byline_under_the_title(tmp_path: Path) -> None:
    import docx

    written = draft(SEED_004, tmp_path, ("docx",), "shufa", today=TODAY).written
    styled = [(p.style.name, p.text) for p in docx.Document(str(written[0])).paragraphs if p.text]
    assert styled[:3] == [("Title", "2024年度述法报告"),
                          ("作者", "乌苏市教育和科学技术局党组副书记、局长  李作勇"),
                          ("Normal", "根据工作要求，现述法如下：")]


def test_shufa_without_the_leaders_name_is_a_located_error(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n第一责任人:\n  职务: 局长\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(facts), "--kind", "shufa"])
    assert result.exit_code == 1
    assert f"{facts}:4:3: 字段“第一责任人.姓名”：缺少此项，生成述法报告必须填写" in result.stderr
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == [facts]
    # the annual report does not need the name
    assert runner.invoke(app, ["check", str(facts)]).exit_code == 0


def test_the_facts_file_chooses_the_kind_and_kind_overrides_it(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n报告类型: 工作总结\n成文日期: 2024-12-06\n",
                     encoding="utf-8")
    chosen = runner.invoke(app, ["draft", str(facts), "--format", "txt"])
    assert chosen.exit_code == 0, chosen.stderr
    assert chosen.stdout.strip().endswith("某局2024年度法治政府建设工作总结.txt")
    overridden = runner.invoke(app, ["draft", str(facts), "--format", "txt", "--kind", "annual"])
    assert overridden.stdout.strip().endswith("某局2024年度法治政府建设工作报告.txt")
    by_label = runner.invoke(app, ["draft", str(facts), "--format", "txt", "--kind", "年度报告"])
    assert by_label.stdout == overridden.stdout


def test_unknown_kinds(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n报告类型: 述职报告\n", encoding="utf-8")
    in_file = runner.invoke(app, ["draft", str(facts)])
    assert in_file.exit_code == 1
    assert f"{facts}:3:7: 字段“报告类型”：未知的报告类型“述职报告”，可填：" in in_file.stderr
    assert "shufa（述法报告）" in in_file.stderr
    with pytest.raises(FactsValidationError):
        prepare(facts)
    assert runner.invoke(app, ["draft", str(facts), "--kind", "bogus"]).exit_code == 2


def test_highlights_must_name_topic_blocks(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n亮点: [法律顾, 宪法宣传]\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(facts)])
    assert result.exit_code == 1
    assert f"{facts}:3:5: 字段“亮点”：“法律顾”不是板块名，可填：" in result.stderr
