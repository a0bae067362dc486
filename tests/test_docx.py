"""The .docx: built on the small reference document, GB/T 9704 page, East Asian fonts, outline."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from fazhi_writer.pipeline import draft
from fazhi_writer.report.layout import signature_indents
from fazhi_writer.writers.typeset import strip_joiners

from .conftest import EXAMPLES, ROOT, TODAY

W_THEME = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
ELEMENTS = ROOT / "tests" / "data" / "facts" / "gongwen_elements.yaml"
SHUFA = next(p for p in EXAMPLES if p.name.startswith("004"))  # the seed that is a 述法报告
# Child order inside pPr and rPr is fixed by ECMA-376 (CT_PPrBase, CT_RPr); Word rejects others.
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
             "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
             "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
             "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
             "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
             "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
             "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()


def _style(path: Path, name: str) -> etree._Element:
    return docx.Document(str(path)).styles[name].element


def _get(element: etree._Element, path: str, attr: str) -> str | None:
    found = element.find("/".join(qn(f"w:{p}") for p in path.split("/")))
    return None if found is None else found.get(qn(f"w:{attr}"))


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
    assert ("Heading 2", "（一）加强组织领导") in styled
    assert styled[-2] == ("署名", "中站区教育局")
    assert styled[-1] == ("成文日期", "【待填：成文日期】")  # the example has no 成文日期
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


def test_run_in_heading_is_a_heading_joined_to_its_body_by_a_style_separator(
        tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n工作打算:\n  - 提高政治站位\n  - 坚持依法决策\n",
                     encoding="utf-8")
    path = next(p for p in draft(facts, today=TODAY).written if p.suffix == ".docx")
    paragraphs = docx.Document(str(path)).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("1."))
    heading, body = paragraphs[at:at + 2]
    # Only the heading is an outline paragraph: the Navigation pane and TOC show just it.
    assert (heading.style.name, heading.text) == ("Heading 3", "1.不断提高政治站位。")
    mark = heading._p.pPr.find(qn("w:rPr"))  # the paragraph mark: Word's style separator
    assert [etree.QName(e).localname for e in mark] == ["vanish", "specVanish"]
    assert body.style.name == "Normal" and body.text.startswith("持续")
    assert {r.style.name for r in body.runs} == {"正文字符"}
    assert body._p.pPr.find(qn("w:keepNext")) is None  # the body chains to nothing


def test_keep_with_next_only_where_a_typesetter_wants_it(doc_path: Path) -> None:
    document = docx.Document(str(doc_path))
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        pf = document.styles[name].paragraph_format
        assert (pf.keep_with_next, pf.keep_together) == (True, True), name
    normal = document.styles["Normal"].paragraph_format
    assert (normal.keep_with_next, normal.widow_control) == (None, True)
    kept = [p for p in document.paragraphs if p._p.pPr is not None
            and p._p.pPr.find(qn("w:keepNext")) is not None]
    # The 署名 block keeps with the body's last paragraph (its last lines), nothing else does.
    signature = next(i for i, p in enumerate(document.paragraphs) if p.style.name == "署名")
    assert [p._p for p in kept] == [p._p for p in document.paragraphs[signature - 2:signature + 1]]
    assert kept[0].style.name == "Normal" and kept[0].text


def test_listed_names_are_kept_on_one_line_in_the_docx_only(tmp_path: Path) -> None:
    written = draft(EXAMPLES[0], out_dir=tmp_path, formats=("docx", "txt"), today=TODAY).written
    docx_file, txt = sorted(written, key=lambda p: p.suffix)
    with zipfile.ZipFile(docx_file) as z:
        document = z.read("word/document.xml").decode("utf-8")
    text = txt.read_text(encoding="utf-8")
    assert document.count("习\u2060近\u2060平") == text.count("习近平") > 0
    assert "习近平" not in document and "\u2060" not in text
    # each name is a run of its own, of no language (LibreOffice honours the joiners only there)
    names = [r for r in etree.fromstring(document.encode()).iter(qn("w:r"))
             if "".join(r.itertext()) == "习\u2060近\u2060平"]
    assert len(names) == text.count("习近平")
    assert {_get(r, "rPr/lang", "eastAsia") for r in names} == {"zxx"}
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:noProof')}") is not None for r in names)


def test_a_bureau_lists_its_own_names(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "nobreak.yaml").write_text("不断行:\n  - 中站区\n", encoding="utf-8")
    written = draft(EXAMPLES[0], out_dir=tmp_path, formats=("docx",), today=TODAY,
                    template_dir=tmp_path / "mine").written
    with zipfile.ZipFile(written[0]) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert "中\u2060站\u2060区" in document and "习近平" in document


def test_line_grid_footer_distance_and_odd_even_footers(doc_path: Path) -> None:
    document = docx.Document(str(doc_path))
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")  # 22 lines
    assert section.footer_distance.twips == 1446  # page number ≈ 7 mm below the 版心
    assert document.settings.odd_and_even_pages_header_footer


def test_body_is_sanhao_fangsong_at_28_95_pt_with_28_characters(doc_path: Path) -> None:
    normal = _style(doc_path, "Normal")
    assert _get(normal, "rPr/sz", "val") == "32"  # 三号
    assert _get(normal, "rPr/rFonts", "eastAsia") == "仿宋_GB2312"
    assert _get(normal, "rPr/rFonts", "ascii") == _get(normal, "rPr/rFonts", "hAnsi") == "Times New Roman"
    assert _get(normal, "rPr/spacing", "val") == "-5"  # -0.25 pt: 28 characters in 156 mm
    assert (_get(normal, "pPr/spacing", "line"), _get(normal, "pPr/spacing", "lineRule")) == ("579", "exact")
    assert (_get(normal, "pPr/ind", "firstLineChars"), _get(normal, "pPr/ind", "firstLine")) == ("200", "630")
    assert _get(normal, "pPr/jc", "val") == "both"
    for switched_off in ("overflowPunct", "autoSpaceDE", "autoSpaceDN", "snapToGrid"):
        assert _get(normal, f"pPr/{switched_off}", "val") == "0", switched_off
    assert normal.find(f"{qn('w:pPr')}/{qn('w:widowControl')}").get(qn("w:val")) is None  # on


def test_title_is_erhao_xiaobiaosong_centred(doc_path: Path) -> None:
    title = _style(doc_path, "Title")
    assert _get(title, "rPr/sz", "val") == "44"  # 二号
    assert _get(title, "rPr/rFonts", "eastAsia") == "方正小标宋简体"
    assert _get(title, "pPr/jc", "val") == "center"
    assert _get(title, "pPr/ind", "firstLine") == "0"


def test_every_font_slot_is_explicit_with_the_east_asian_hint(doc_path: Path) -> None:
    with zipfile.ZipFile(doc_path) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    rfonts = styles.findall(f".//{qn('w:rFonts')}")
    assert len(rfonts) >= 8  # defaults, Normal, Title, three headings, 正文字符, footer
    for element in rfonts:
        assert element.get(qn("w:hint")) == "eastAsia"
        assert element.get(qn("w:eastAsia")) and element.get(qn("w:ascii"))


@pytest.mark.parametrize(("which", "align", "side"), [("footer", "right", "right"),
                                                       ("even_page_footer", "left", "left")])
def test_page_number_is_sihao_songti_dash_page_dash(doc_path: Path, which: str, align: str,
                                                     side: str) -> None:
    footer = getattr(docx.Document(str(doc_path)).sections[0], which)
    p = footer.paragraphs[0]._p
    assert _get(p, "pPr/jc", "val") == align
    assert _get(p, "pPr/ind", side) == "280"  # one 四号 character in
    parts = [(r.find(qn("w:t")).text if r.find(qn("w:t")) is not None else None,
              _get(r, "fldChar", "fldCharType"), r.findtext(qn("w:instrText")))
             for r in p.findall(qn("w:r"))]
    assert parts == [("\u2014 ", None, None), (None, "begin", None), (None, None, " PAGE "),
                     (None, "separate", None), ("1", None, None), (None, "end", None),
                     (" \u2014", None, None)]
    style = _style(doc_path, "Footer")
    assert _get(style, "rPr/sz", "val") == "28"  # 四号
    assert _get(style, "rPr/rFonts", "eastAsia") == _get(style, "rPr/rFonts", "ascii") == "宋体"


@pytest.fixture(scope="module")
def elements_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("elements")
    return next(p for p in draft(ELEMENTS, out_dir=out).written if p.suffix == ".docx")


def test_front_matter_doc_number_title_lines_and_recipient(elements_path: Path) -> None:
    paragraphs = docx.Document(str(elements_path)).paragraphs
    styled = [(p.style.name, p.text) for p in paragraphs[:8]]
    assert styled == [("发文字号", "裕教科发〔2025〕3号"), ("Normal", ""), ("Normal", ""),
                      ("Title", "新疆维吾尔自治区塔城地区"), ("Title", "裕民县教育和科学技术局2024年度"),
                      ("Title", "法治政府建设工作报告"), ("Normal", ""), ("主送机关", "县委、县政府：")]
    assert _get(_style(elements_path, "发文字号"), "pPr/jc", "val") == "center"


def test_signature_date_and_attachments_are_indented_per_gb_9704(elements_path: Path) -> None:
    paragraphs = docx.Document(str(elements_path)).paragraphs
    signature, date = paragraphs[-2], paragraphs[-1]
    assert date.text == "2025年1月6日"  # Arabic numerals, no zero padding
    expected = signature_indents(signature.text, date.text)
    for paragraph, chars in zip((signature, date), expected):
        ind = paragraph._p.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:right")) == str(round(chars * 315))
        assert ind.get(qn("w:rightChars")) == str(round(chars * 100))
    first, second = (p for p in paragraphs if p.style.name == "附件说明")
    assert (first.text, second.text) == ("附件：1.2024年度法治政府建设重点任务完成情况表",
                                         "2.2025年度法治政府建设工作计划")
    ind = [p._p.pPr.find(qn("w:ind")) for p in (first, second)]
    assert [(i.get(qn("w:leftChars")), i.get(qn("w:hangingChars"))) for i in ind] == [
        ("600", "400"), ("600", "100")]
    assert all(p.paragraph_format.keep_with_next for p in (first, second, signature))


def test_date_is_never_zero_padded(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n成文日期: 2025-01-06\n", encoding="utf-8")
    path = next(p for p in draft(facts).written if p.suffix == ".docx")
    assert docx.Document(str(path)).paragraphs[-1].text == "2025年1月6日"


def _generated(tmp_path: Path) -> list[Path]:
    blanks = tmp_path / "blanks.yaml"
    blanks.write_text("单位: 某局\n年度: 2024\n学法用法:\n  中心组学法: 待填\n", encoding="utf-8")
    runs = [(facts, None) for facts in [*EXAMPLES, ELEMENTS, blanks]]
    runs += [(SHUFA, "shufa"), (EXAMPLES[0], "summary")]
    out = []
    for i, (facts, kind) in enumerate(runs):
        result = draft(facts, out_dir=tmp_path / str(i), formats=("docx",), today=TODAY,
                       kind=kind, fonts="Windows" if i % 2 else None)
        out.extend(result.written)
    return out


def test_every_part_parses_strictly_in_schema_order_and_reopens(tmp_path: Path) -> None:
    strict = etree.XMLParser(recover=False, resolve_entities=False)
    for path in _generated(tmp_path):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            assert len(names) == len(set(names)), f"duplicate zip entries in {path.name}"
            for name in names:
                if name.endswith((".xml", ".rels")):
                    root = etree.fromstring(z.read(name), parser=strict)
                    _assert_schema_order(root, name)
        docx.Document(str(path))


def _assert_schema_order(root: etree._Element, part: str) -> None:
    for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER)):
        for element in root.iter(qn(f"w:{tag}")):
            names = [etree.QName(child).localname for child in element]
            assert all(n in order for n in names), (part, names)
            positions = [order.index(n) for n in names]
            assert positions == sorted(positions), f"{part}: {tag} children out of order: {names}"


@pytest.mark.parametrize("kind", ["annual", "shufa", "summary"])
def test_every_kind_docx_says_what_its_txt_says(kind: str, tmp_path: Path) -> None:
    written = draft(SHUFA, out_dir=tmp_path, kind=kind, today=TODAY).written
    docx_path, txt_path = sorted(written, key=lambda p: p.suffix)
    lines = [line.strip("\u3000") for line in txt_path.read_text(encoding="utf-8").splitlines()]
    assert [t for t in as_word_shows(docx_path) if t] == \
        [line for line in lines if line]


def as_word_shows(path: Path) -> list[str]:
    """The paragraphs' texts as Word shows them: a paragraph ending in a style separator joined
    to the next, without the word joiners that keep names on one line."""
    texts, pending = [], ""
    for p in docx.Document(str(path)).paragraphs:
        if p._p.pPr is not None and p._p.pPr.find(f"{qn('w:rPr')}/{qn('w:specVanish')}") is not None:
            pending += p.text
        else:
            texts.append(strip_joiners(pending + p.text))
            pending = ""
    return texts


@pytest.mark.parametrize(("fonts", "kaiti"), [(None, "楷体_GB2312"), ("Windows", "楷体")])
def test_the_shufa_byline_is_its_own_paragraph_in_the_level_2_font(
        fonts: str | None, kaiti: str, tmp_path: Path) -> None:
    path = draft(SHUFA, out_dir=tmp_path, formats=("docx",), kind="shufa", today=TODAY,
                 fonts=fonts).written[0]
    paragraphs = [p for p in docx.Document(str(path)).paragraphs if p.text]
    assert [p.style.name for p in paragraphs[:3]] == ["Title", "作者", "Normal"]
    assert paragraphs[1].text == "乌苏市教育和科学技术局党组副书记、局长  李作勇"
    byline = _style(path, "作者")
    assert _get(byline, "rPr/rFonts", "eastAsia") == kaiti
    assert _get(byline, "pPr/jc", "val") == "center"
    assert _get(byline, "pPr/ind", "firstLine") == "0"


def test_libreoffice_gets_each_run_in_heading_as_one_paragraph(tmp_path: Path) -> None:
    from fazhi_writer.writers.typeset import join_style_separators

    path = draft(EXAMPLES[0], out_dir=tmp_path, formats=("docx",), kind="summary",
                 today=TODAY).written[0]
    with zipfile.ZipFile(path) as z:
        written = z.read("word/document.xml")
    separators = written.count(b"<w:specVanish/>")
    joined = etree.fromstring(join_style_separators(written))
    assert separators > 5 and joined.find(f".//{qn('w:specVanish')}") is None
    paragraphs = joined.findall(f".//{qn('w:p')}")
    assert len(paragraphs) == len(etree.fromstring(written).findall(f".//{qn('w:p')}")) - separators
    run_in = [p for p in paragraphs if _get(p, "pPr/keepLines", "val") == "0"]
    assert len(run_in) == separators
    assert all(_get(p, "pPr/pStyle", "val").startswith("Heading") for p in run_in)
    # the last paragraph before the 署名 keeps with it; the other joined ones keep with nothing
    keep = [_get(p, "pPr/keepNext", "val") for p in run_in]
    assert keep == ["0"] * (separators - 1) + ["1"]
    assert "".join(run_in[-1].itertext()).startswith("不断提高政治站位。持续")


def test_libreoffice_gets_the_signature_as_the_last_lines_of_the_text(tmp_path: Path) -> None:
    from fazhi_writer.writers.typeset import join_closing

    path = draft(EXAMPLES[0], out_dir=tmp_path, formats=("docx",), today=TODAY).written[0]
    with zipfile.ZipFile(path) as z:
        written = etree.fromstring(z.read("word/document.xml"))
    joined = etree.fromstring(join_closing(etree.tostring(written)))
    before, after = (root.findall(f".//{qn('w:p')}") for root in (written, joined))
    assert len(after) == len(before) - 3  # the blank line, the 署名 and the date joined the text
    last = after[-1]
    assert "高质量发展。中站区教育局" in "".join(last.itertext())
    runs = [etree.QName(e).localname for r in last.iter(qn("w:r")) for e in r
            if etree.QName(e).localname in ("br", "tab")]
    assert runs == ["br", "tab", "br", "tab", "br", "tab", "tab"]  # the date: on to the 2nd stop
    stops = [int(t.get(qn("w:pos"))) for t in last.iter(qn("w:tab")) if t.get(qn("w:pos"))]
    assert stops[1] - stops[0] == 2 * 315  # the date starts two characters right of the 署名
    assert _get(last, "pPr/keepNext", "val") == "0"
    # an ending with 附件说明 between is left as it is
    elements = draft(ELEMENTS, out_dir=tmp_path, formats=("docx",), today=TODAY).written[0]
    with zipfile.ZipFile(elements) as z:
        xml = z.read("word/document.xml")
    assert join_closing(xml) == xml


def test_the_text_verified_is_the_text_read_back_from_the_docx(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """render_docx gives the .docx's text from the tree it serialised (the draft checks that
    text, not a second parse of the bytes): it is the text docx_text reads back, spaces, tabs,
    line breaks, word joiners, placeholders and letterhead included."""
    from fazhi_writer.report.verify import docx_text
    from fazhi_writer.writers import docx as writer

    real, seen = writer.render_docx, []

    def spy(*args: object) -> writer.Rendered:
        seen.append(real(*args))  # type: ignore[arg-type]
        return seen[-1]

    monkeypatch.setattr(writer, "render_docx", spy)
    odd = tmp_path / "odd.yaml"
    odd.write_text('单位: 某局\n年度: 2024\n成文日期: 2024-12-06\n'
                   '其他: [" 甲 \\t 乙 ", "丙\\n丁", "A & B <c>"]\n', encoding="utf-8")
    for facts in (*EXAMPLES, ELEMENTS, odd):
        draft(facts, out_dir=tmp_path / "out", formats=("docx",), today=TODAY, force=True)
    assert len(seen) == len(EXAMPLES) + 2
    for rendered in seen:
        assert rendered.text == docx_text(rendered.data)
