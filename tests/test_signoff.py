"""Several 签发人 two a row, their names in 楷体 (GB/T 9704 7.2.5), and a joint sealed 署名 two
organs a row (7.3.5.1) — in the .txt and the .docx (tests/test_pdf.py measures the PDF)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from fazhi_writer.pipeline import draft
from fazhi_writer.report.layout import SEAL_CHARS, seal_rows, text_width
from fazhi_writer.writers.signoff import SIGNER_NAME_STYLE

HEAD = "单位: 双牌县教育局\n年度: 2024\n成文日期: 2025-01-06\n组织领导:\n  列入工作要点: 是\n"
SIGNERS = "发文字号: 双教发〔2025〕2号\n签发人: [张三, 李四, 欧阳明]\n"
ORGANS = "发文机关: [中共双牌县委教育工委, 双牌县教育局, 双牌县人社局]\n盖章: 是\n"


def _draft(tmp_path: Path, text: str) -> tuple[list[str], docx.Document]:
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    written = {p.suffix: p for p in draft(facts, out_dir=tmp_path / "out", force=True).written}
    return (written[".txt"].read_text(encoding="utf-8").splitlines(),
            docx.Document(str(written[".docx"])))


def _column(line: str, text: str) -> float:
    return text_width(line[:line.index(text)])


def test_several_signers_stand_two_a_row_with_the_number_on_the_last_in_the_text(tmp_path: Path) -> None:
    lines, _ = _draft(tmp_path, HEAD + SIGNERS)
    first, second, blank = lines[:3]
    assert first.strip() == "签发人：张三\u3000\u3000李四" and blank == ""  # 3-字 columns
    assert _column(first, "李四") + 3 == 28 - 1  # the last column ends 右空一字
    assert second.startswith("\u3000双教发〔2025〕2号") and second.strip().endswith("欧阳明")
    # the wrapped row starts under the first name; the columns are as wide as the widest name
    assert _column(second, "欧阳明") == _column(first, "张三") == _column(first, "李四") - 4


def test_several_signers_are_tab_stop_rows_in_the_document(tmp_path: Path) -> None:
    _, document = _draft(tmp_path, HEAD + SIGNERS)
    first, second = document.paragraphs[:2]
    assert (first.text, second.text) == ("\t签发人：张三\t李四", "双教发〔2025〕2号\t欧阳明")
    stops = [[int(t.get(qn("w:pos"))) for t in p._p.pPr.find(qn("w:tabs"))] for p in (first, second)]
    label = stops[0][0]
    assert stops == [[label, label + 8 * 315], [label + 4 * 315]]
    assert label == (28 - 1 - (4 + 3 + 1 + 3)) * 315  # the block 右空一字


def test_signer_names_are_set_in_the_kai_face_of_the_font_scheme(tmp_path: Path) -> None:
    for scheme, kai in (("GB2312", "楷体_GB2312"), ("Windows", "楷体")):
        _, document = _draft(tmp_path, HEAD + f"字体: {scheme}\n" + SIGNERS.replace(
            "[张三, 李四, 欧阳明]", "张三"))
        runs = document.paragraphs[0].runs
        named = [r.text for r in runs if r.style.name == SIGNER_NAME_STYLE]
        assert named == ["张三"] and "签发人：" in "".join(r.text for r in runs if r not in named)
        rfonts = document.styles[SIGNER_NAME_STYLE].element.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == kai


def test_a_joint_sealed_signature_sets_two_organs_a_row_over_the_date(tmp_path: Path) -> None:
    lines, document = _draft(tmp_path, HEAD + ORGANS)
    assert lines[-4:] == ["中共双牌县委教育工委", "双牌县教育局", "双牌县人社局", "2025年1月6日"]
    closing = document.paragraphs[-7:]
    assert [p.text for p in closing] == ["\t中共双牌县委教育工委\t双牌县教育局", "", "", "", "",
                                         "\t双牌县人社局", "2025年1月6日"]
    centres = [[(t.get(qn("w:val")), int(t.get(qn("w:pos")))) for t in p._p.pPr.find(qn("w:tabs"))]
               for p in (closing[0], closing[5])]
    # the date (6 字) 右空四字: its middle 7 字 from the right, the left organ mirrored
    assert centres == [[("center", 7 * 315), ("center", 21 * 315)], [("center", 21 * 315)]]


def test_a_pair_of_organs_too_wide_to_stand_apart_goes_one_a_row() -> None:
    long = ["中共北京市海淀区委教育工作委员会", "北京市海淀区教育委员会"]
    assert [len(row) for row in seal_rows(long, "2025年1月6日")] == [1, 1]
    (a, ca), (b, cb) = seal_rows(["某局", "某委"], "2025年1月6日")[0]
    assert cb - ca >= SEAL_CHARS and ca == 28 - cb
