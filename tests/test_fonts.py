"""Font profiles (字体 / --fonts), the font table's fallbacks, and the GB2312 coverage warning."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.pipeline import draft
from fazhi_writer.writers.fonts import in_gb2312, outside_gb2312, reference_fonts

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
FACTS = "单位: 某局\n年度: 2024\n成文日期: 2025-01-06\n"
STUDY = "学法用法:\n  中心组学法: 4次\n  补充:\n    - 组织中小學生参加法治知识竞赛\n"


def _facts(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS + extra, encoding="utf-8")
    return path


def _east_asian(path: Path) -> dict[str, str]:
    styles = docx.Document(str(path)).styles
    return {name: styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))
            for name in ("Title", "Normal", "Heading 1", "Heading 2", "Heading 3", "Footer")}


def _font_table(path: Path) -> dict[str, str | None]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/fontTable.xml"))
    return {f.get(qn("w:name")): (f.find(qn("w:altName")).get(qn("w:val"))
                                  if f.find(qn("w:altName")) is not None else None)
            for f in root.findall(qn("w:font"))}


def _docx(facts: Path, **options: str) -> Path:
    return next(p for p in draft(facts, formats=("docx",), **options).written)


def gb2312_characters() -> frozenset[str]:
    """Every character of GB2312 as fonts map them, decoded from its code points."""
    chars = {"\u2014", "\u00b7"}  # 破折号 and 间隔号 (the codec maps them elsewhere)
    for high in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def test_gb2312_table_has_its_hanzi_and_the_punctuation_fonts_map() -> None:
    table = gb2312_characters()
    hanzi = [c for c in table if "\u4e00" <= c <= "\u9fff"]
    assert len(hanzi) == 6763
    # The codec is no test: it rejects the 破折号 and 间隔号 that GB2312 fonts do have.
    with pytest.raises(UnicodeEncodeError):
        "—·".encode("gb2312")
    assert outside_gb2312("中小学生“学宪法 讲宪法”—·，。①％Ａ") == []
    assert outside_gb2312("中小學生200㎡學") == ["學", "㎡"]


def test_the_quick_gb2312_test_agrees_with_the_table_on_every_character() -> None:
    table = gb2312_characters()
    chars = (chr(n) for n in range(0x110000) if not 0xD800 <= n < 0xE000)
    assert {c for c in chars if in_gb2312(c)} == table


def test_reference_document_fonts_are_read_from_its_styles() -> None:
    assert reference_fonts(ROOT / "templates" / "reference.docx") == {
        "标题": "方正小标宋简体", "正文": "仿宋_GB2312", "一级标题": "黑体",
        "二级标题": "楷体_GB2312", "三级标题": "仿宋_GB2312", "页码": "宋体"}


def test_a_character_outside_gb2312_warns_with_field_and_position(tmp_path: Path) -> None:
    facts = _facts(tmp_path, STUDY)
    result = runner.invoke(app, ["check", str(facts)])
    assert result.exit_code == 0
    assert f"{facts}:7:7: 字段“学法用法.补充[1]”中的“學”不在 GB2312 字符集内" in result.stderr
    assert "仿宋_GB2312" in result.stderr


@pytest.mark.parametrize(("extra", "option"), [("字体: 方正GBK\n", None), ("", "Windows")])
def test_no_gb2312_warning_with_fonts_that_have_the_character(tmp_path: Path, extra: str,
                                                              option: str | None) -> None:
    facts = _facts(tmp_path, STUDY + extra)
    result = runner.invoke(app, ["check", str(facts), *(["--fonts", option] if option else [])])
    assert result.exit_code == 0 and "GB2312" not in result.stderr


def test_a_profile_sets_every_role_and_records_fallbacks(tmp_path: Path) -> None:
    path = _docx(_facts(tmp_path, "字体: Windows\n"))
    assert _east_asian(path) == {"Title": "华文中宋", "Normal": "仿宋", "Heading 1": "黑体",
                                 "Heading 2": "楷体", "Heading 3": "仿宋", "Footer": "宋体"}
    table = _font_table(path)
    assert table["仿宋"] == "仿宋_GB2312,FangSong"
    assert table["楷体"] == "楷体_GB2312,KaiTi"
    assert table["华文中宋"] == "STZhongsong,宋体"
    assert "Times New Roman" in table  # entries of fonts not chosen are kept


def test_the_default_font_table_records_fallbacks() -> None:
    table = _font_table(ROOT / "templates" / "reference.docx")
    assert table["仿宋_GB2312"] == "仿宋,FangSong"
    assert table["方正小标宋简体"] == "方正小标宋_GBK,华文中宋,宋体"


def test_single_roles_override_the_profile_and_the_option_wins(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "字体:\n  方案: Windows\n  标题: 方正小标宋_GBK\n")
    assert _east_asian(_docx(facts))["Title"] == "方正小标宋_GBK"
    body_only = _docx(_facts(tmp_path, "字体:\n  正文: 仿宋\n"))
    fonts = _east_asian(body_only)
    assert (fonts["Normal"], fonts["Heading 3"], fonts["Heading 2"]) == ("仿宋", "仿宋", "楷体_GB2312")
    option = _docx(_facts(tmp_path, "字体: Windows\n"), fonts="GB2312")
    assert _east_asian(option)["Normal"] == "仿宋_GB2312"


def test_an_unknown_profile_is_reported_with_its_position(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "字体: 华文\n")
    result = runner.invoke(app, ["draft", str(facts)])
    assert result.exit_code == 1
    assert f"{facts}:4:5: 字段“字体”：没有名为“华文”的字体方案（可选：GB2312、Windows、方正GBK" in result.stderr
    assert not list(tmp_path.glob("*.docx"))
    usage = runner.invoke(app, ["draft", str(facts), "--fonts", "华文"])
    assert usage.exit_code == 2 and "华文" in usage.stderr


@pytest.mark.parametrize("example", [*EXAMPLES, None], ids=lambda p: p.name if p else "study")
def test_the_texts_checked_are_those_found_while_marking_blanks(
        tmp_path: Path, example: Path | None) -> None:
    """The 待填 walk hands the fonts' check every text value the warnings would locate (all
    but the 待填 ones), so the check need not walk raw again."""
    from fazhi_writer.pipeline import _load, prepare
    from fazhi_writer.writers import fonts

    path = example or _facts(tmp_path, STUDY + "其他: [待填：核实, 甲]\n")
    loaded = _load(path)
    assert sorted(loaded.texts) == sorted(value for _, value, _ in fonts._strings(loaded.raw, ""))
    warnings = prepare(path).warnings
    assert any("“學”不在 GB2312" in w for w in warnings) == (example is None)
