"""The .docx: built on the small reference document, GB/T 9704 page, East Asian fonts, outline."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from fazhi_writer.pipeline import draft

from .conftest import EXAMPLES, ROOT, TODAY

W_THEME = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture(scope="module")
def doc_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    result = draft(EXAMPLES[0], out_dir=out, formats=("docx",), today=TODAY)
    return result.written[0]


def test_reference_docx_is_small() -> None:
    assert (ROOT / "templates" / "reference.docx").stat().st_size < 20_000


def test_page_is_a4_with_gb_margins(doc_path: Path) -> None:
    section = docx.Document(str(doc_path)).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                  section.left_margin, section.right_margin)] == [37, 35, 28, 26]


def test_paragraph_styles_follow_the_outline(doc_path: Path) -> None:
    document = docx.Document(str(doc_path))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styled[0] == ("Title", "中站区教育局")
    assert styled[1] == ("Title", "2024年度法治政府建设工作报告")
    assert ("Heading 1", "一、2024年度推进法治政府建设的主要举措和成效") in styled
    assert ("Heading 2", "（一）加强组织领导，压实法治建设责任") in styled
    assert styled[-2] == ("署名", "中站区教育局")
    assert styled[-1] == ("成文日期", "2025年1月15日")
    placeholder = [p for p in document.paragraphs if p.text.startswith("【待补充")]
    assert placeholder and placeholder[0].runs[0].font.highlight_color is not None


def test_headings_have_outline_levels_and_east_asian_fonts(doc_path: Path) -> None:
    styles = docx.Document(str(doc_path)).styles
    expected = {"Heading 1": ("黑体", "0"), "Heading 2": ("楷体_GB2312", "1"),
                "Heading 3": ("仿宋_GB2312", "2"), "Normal": ("仿宋_GB2312", None),
                "Title": ("方正小标宋简体", None)}
    for name, (font, level) in expected.items():
        element = styles[name].element
        assert element.rPr.rFonts.get(qn("w:eastAsia")) == font
        outline = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert (outline.get(qn("w:val")) if outline is not None else None) == level


def test_no_theme_fonts_and_chinese_language(doc_path: Path) -> None:
    with zipfile.ZipFile(doc_path) as z:
        names = z.namelist()
        assert len(names) == len(set(names))
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    assert not any(attr in styles or attr in document for attr in W_THEME)
    assert 'w:eastAsia="zh-CN"' in styles
    assert 'w:sz w:val="32"' in styles  # 三号 body
    assert 'w:sz w:val="44"' in styles  # 二号 title


def test_run_in_heading_keeps_body_font_for_the_body(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n工作打算:\n  - 提高政治站位\n", encoding="utf-8")
    path = next(p for p in draft(facts, today=TODAY).written if p.suffix == ".docx")
    para = next(p for p in docx.Document(str(path)).paragraphs if p.text.startswith("1."))
    assert para.style.name == "Heading 3"
    assert para.runs[0].text == "1.不断提高政治站位。"
    assert para.runs[1].style.name == "正文字符"
