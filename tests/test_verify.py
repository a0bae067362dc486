"""draft checks that every fact reaches the .txt and the .docx, or writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML
from typer.testing import CliRunner, Result

from fazhi_writer.commands.cli import app
from fazhi_writer.errors import LostFactError
from fazhi_writer.facts.lint import leaves
from fazhi_writer.facts.quantity import Quantity
from fazhi_writer.facts.read import load_facts
from fazhi_writer.facts.schema import Facts
from fazhi_writer.pipeline import draft
from fazhi_writer.report.verify import docx_text

from .conftest import EXAMPLES, ROOT, TODAY

runner = CliRunner()


def _draft_with_vice_principals_as(tmp_path: Path, sentence: str) -> Result:
    """Draft the first example with a copy of the templates whose 法治副校长 count sentence
    is replaced by sentence."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    outline = templates / "sentences.j2"  # where the sentence lives
    text = outline.read_text(encoding="utf-8")
    dropped = "目前共聘任法治副校长{{ v.count|qty('名') }}"
    assert dropped in text
    outline.write_text(text.replace(dropped, sentence), encoding="utf-8")
    return runner.invoke(app, ["draft", str(EXAMPLES[0]), "-o", str(tmp_path / "out"),
                               "--template-dir", str(templates)])


def test_a_template_that_drops_a_fact_fails_loudly(tmp_path: Path) -> None:
    result = _draft_with_vice_principals_as(tmp_path, "目前共聘任法治副校长若干名")
    out = tmp_path / "out"
    assert result.exit_code == 1
    assert "没有写出任何文件" in result.stderr
    assert result.stderr.count("“19名”") == 1  # once, not once per output
    assert f"{EXAMPLES[0]}:47:7: 字段“法治副校长.人数”：“19名”没有写进报告" in result.stderr
    assert not out.exists()


def test_the_docx_itself_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.writers import docx as writer

    real = writer.render_docx

    def lossy(report: Any, *args: Any) -> bytes:  # a writer that loses the last paragraph
        return real(report._replace(body=report.body[:-1]), *args)

    monkeypatch.setattr(writer, "render_docx", lossy)
    with pytest.raises(LostFactError, match=r"没有出现在生成的\.docx中") as info:
        draft(EXAMPLES[0], out_dir=tmp_path, today=TODAY)
    assert ".txt中" not in str(info.value)
    assert not list(tmp_path.iterdir())


def _rate(alias: str | None, value: Any) -> Any:
    """A rate (…率) is a per cent below 100: 约0.<n>% (约: not checked against the counts)."""
    if (alias or "").endswith("率") and isinstance(value, str) and value.endswith("个"):
        return f"约0.{value[:-1]}%"
    return value


def _sample(annotation: Any, n: int) -> Any:
    """Return a distinct value of the schema type annotation (for a facts file with every field)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _sample(args[0], n)
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in args if a is not type(None)), n)
    if origin is list:
        return [_sample(args[0], n), _sample(args[0], n + 1)]
    if origin is dict:
        return {f"项目{n}": f"{n}次", f"项目{n + 1}": f"{n + 1}次"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {f.alias: _rate(f.alias, _sample(f.annotation, n * 100 + i))
                for i, f in enumerate(annotation.model_fields.values())}
    return {str: f"事实{n}号", bool: True, int: 2024, dt.date: "2024-12-01",
            Quantity: f"{n}个"}[annotation]


def test_every_field_of_the_schema_reaches_the_report(tmp_path: Path) -> None:
    """With every field filled, no value is left out: the templates use every field."""
    data = _sample(Facts, 1)
    data.update({"单位": "某局", "年度": 2024, "学校总数": "100000所"})
    data["依法治校"]["通过"] = "1所"  # no more schools pass than applied (lint)
    data["组织领导"]["领导小组"]["本年成立"] = "否"  # set up this year or improved, not both (lint)
    for setting in ("上年事实文件", "报告类型", "字体", "提纲", "编号", "分组"):  # settings: defaults
        del data[setting]
    data["亮点"] = ["法律顾问"]
    facts_path = tmp_path / "facts.yaml"
    with facts_path.open("w", encoding="utf-8") as stream:
        YAML().dump(data, stream)
    result = draft(facts_path, out_dir=tmp_path / "out", today=TODAY)
    docx_path, txt_path = sorted(result.written, key=lambda p: p.suffix)
    texts = ["".join(txt_path.read_text(encoding="utf-8").split()),
             "".join(docx_text(docx_path.read_bytes()).split())]
    facts = Facts.model_validate(data)
    values = [str(leaf.value) for leaf in leaves(facts) if isinstance(leaf.value, (str, Quantity))
              and leaf.loc[::2] != ("上年工作打算", "补充")]  # a review says what was done
    assert len(values) > 300
    # 标题 and 署名 given: the 发文机关 has no place left, and the draft says so (a 提示)
    unused = [v for v in values if v == data["发文机关"][0]]
    assert unused and any("字段“发文机关[1]”：年度报告没有使用这一项" in w for w in result.warnings)
    for text in texts:
        assert [v for v in values if v.startswith(("事实", "项目")) and v not in text] == unused


def test_markup_characters_and_chinese_quotes_come_out_exactly(tmp_path: Path) -> None:
    tricky = "“A&B”<法治>‘课堂’\"x\"'y'"
    facts_path = tmp_path / "facts.yaml"
    quoted = tricky.replace("'", "''")
    facts_path.write_text(f"单位: 某局\n年度: 2024\n成文日期: 2024-12-01\n其他:\n  - '{quoted}'\n",
                          encoding="utf-8")
    result = draft(facts_path, out_dir=tmp_path, today=TODAY)
    docx_path, txt_path = sorted(result.written, key=lambda p: p.suffix)
    assert tricky in txt_path.read_text(encoding="utf-8")
    assert tricky in docx_text(docx_path.read_bytes())


def test_whitespace_is_dropped_as_the_regular_expression_drops_it() -> None:
    import re
    import sys

    from fazhi_writer.report.verify import _normal

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c)))
    assert len(spaces) == 29 and _normal(f"甲{spaces}乙 丙\u3000丁\n") == "甲乙丙丁"
    for text in (spaces, "", "  ", "a\u200bb", "\ufeff甲\u00a0乙\u2028丙\x1c丁\x85"):
        assert _normal(text) == re.sub(r"\s+", "", text)


def test_outputs_with_the_same_text_are_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.report import verify

    searched: list[str] = []

    class Text(str):
        def __contains__(self, value: object) -> bool:
            searched.append(str(value))
            return str.__contains__(self, value)  # type: ignore[operator]

    normal = verify._normal
    monkeypatch.setattr(verify, "_normal", lambda text: Text(normal(text)))
    raw = load_facts(EXAMPLES[0])
    expected = [(("单位",), "中站区教育局"), (("其他",), "未写")]
    memo: dict[str, Any] = {}
    found = [verify.missing_values(expected, raw, text, output, memo)
             for text, output in (("中站区 教育局\n", ".docx"), ("中站区教育局", ".txt"),
                                  ("别的局", ".pdf"))]
    assert [[p.message[:4] for p in problems] for problems in found] == [
        ["“未写”"], ["“未写”"], ["“中站区", "“未写”"]]
    assert ".txt" in found[1][0].message
    # the .docx's text, not the .txt's (the same but for whitespace), then the other text
    assert searched == ["中站区教育局", "未写", "中站区教育局", "未写"]


@pytest.mark.parametrize("value", ["2024年", "法治", "教育", "工作", "年度"])
def test_a_dropped_field_is_caught_even_when_its_words_occur_elsewhere(tmp_path: Path,
                                                                       value: str) -> None:
    """数据时段 alone is dropped by the template; its value is words the report has anyway
    (the title, stock wording): checked where its field put it, it is missing."""
    facts = tmp_path / "f.yaml"
    facts.write_text(f"单位: 某局\n年度: 2024\n成文日期: 2024-12-01\n宪法宣传:\n  数据时段: {value}\n",
                     encoding="utf-8")
    result = runner.invoke(app, ["draft", str(facts), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{facts}:5:9: 字段“宪法宣传.数据时段”：“{value}”没有写进报告" in result.stderr
    assert not (tmp_path / "out").exists()
    checked = runner.invoke(app, ["check", str(facts)])
    assert checked.exit_code == 1 and "没有写进报告" in checked.stderr


def test_a_template_writing_the_value_itself_does_not_state_the_field(tmp_path: Path) -> None:
    """A template that prints the same text literally (not from the field) loses the fact
    as soon as the clerk changes it: the value must come from its field."""
    result = _draft_with_vice_principals_as(tmp_path, "目前共聘任法治副校长19名")
    assert result.exit_code == 1
    assert "字段“法治副校长.人数”：“19名”没有写进报告" in result.stderr


def test_a_template_merging_equal_values_states_both_fields() -> None:
    """Two fields with the same text, printed once (as |unique does): both are stated; a third
    field printed nowhere is not."""
    from fazhi_writer.facts.validate import validate_facts
    from fazhi_writer.report.verify import misplaced

    raw = load_facts(EXAMPLES[0])
    facts = validate_facts(raw, EXAMPLES[0])
    empty = {"title": (), "recipient": "", "byline": "", "doc_number": "", "attachments": (),
             "signature": "", "date": ""}

    def build(tracked: Any) -> Any:  # a report printing only the unit, once
        return types.SimpleNamespace(**empty, body=(types.SimpleNamespace(text=str(tracked.unit)),))

    unit = str(facts.unit)
    assert misplaced(facts, raw, [(("单位",), unit), (("署名",), unit)], build) == []
    lost = misplaced(facts, raw, [(("单位",), unit), (("自称",), str(facts.short))], build)
    assert [p.path for p in lost] == ["自称"]


def test_a_template_formatting_the_year_itself_is_not_refused(tmp_path: Path) -> None:
    """"%d"|format(facts.year) prints the year without its field's mark: a whole number is
    looked for anywhere in the report (a clerk's own template must not be refused for it)."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    for path in templates.rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("{{ y }}", '{{ "%d"|format(y) }}'), encoding="utf-8")
    assert '{{ "%d"|format(y) }}' in (templates / "annual" / "report.md.j2").read_text("utf-8")
    result = runner.invoke(app, ["draft", str(EXAMPLES[0]), "-o", str(tmp_path / "out"),
                                 "--template-dir", str(templates)])
    assert result.exit_code == 0, result.stderr


def test_a_template_printing_a_counts_digits_itself_states_it(tmp_path: Path) -> None:
    """{{ v.count.number }}{{ v.count.unit or '名' }} instead of |qty: the digits carry the
    field's mark too."""
    result = _draft_with_vice_principals_as(
        tmp_path, "目前共聘任法治副校长{{ v.count.number }}{{ v.count.unit or '名' }}")
    assert result.exit_code == 0, result.stderr


def test_a_hyphen_at_a_pdf_line_end_is_not_a_lost_fact() -> None:
    """pdftotext joins "（2021-" at a line's end to "2025）" without the hyphen."""
    from fazhi_writer.report import verify

    raw = load_facts(EXAMPLES[0])
    expected = [(("其他",), "《方案（2021-2025）》")]
    read_back = "贯彻落实《方案（2021\n2025）》。"
    assert verify.missing_values(expected, raw, read_back, ".pdf") == []
    assert verify.missing_paragraphs(["贯彻落实《方案（2021-2025）》。"], read_back, ".pdf") == []
    assert verify.missing_values(expected, raw, read_back, ".txt")  # only the PDF is read back
