"""`--format pdf`, and the GB/T 9704 layout proven on the rendered pages (LibreOffice + poppler)."""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.pipeline import draft, prepare
from fazhi_writer.report.model import Report
from fazhi_writer.report.render import make_env
from fazhi_writer.writers.typeset import nobreak_names

from .conftest import EXAMPLES, ROOT, TODAY
from .pdf_helpers import (
    BOTTOM,
    CHAR,
    CLOSING,
    FOOTER_CHAR,
    LEFT,
    OPENING,
    PITCH,
    RIGHT,
    Line,
    body_lines,
    footer_lines,
    is_continuation,
    is_wide,
    pages,
    require_tools,
    text_faces,
)

ELEMENTS = ROOT / "tests" / "data" / "facts" / "gongwen_elements.yaml"
CASES = [*EXAMPLES, ELEMENTS]
#: Names kept on one line: a line may end early before one; and a line holding one may hold a
#: character less (LibreOffice lays the name out as text of another language, typeset.py).
NAMES = nobreak_names(make_env(None))
runner = CliRunner()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Report, Path]]:
    """Draft every example (and a facts file with every 公文 element) as PDF, once."""
    require_tools()
    out = tmp_path_factory.mktemp("pdf")
    result = {}
    for facts in CASES:
        written = draft(facts, out_dir=out, formats=("pdf",), today=TODAY).written
        assert [p.suffix for p in written] == [".pdf"]
        result[facts.stem] = (prepare(facts, today=TODAY), written[0])
    return result


def _all_pages(rendered: dict[str, tuple[Report, Path]]) -> list[tuple[str, list[list[Line]]]]:
    return [(name, pages(pdf)) for name, (_, pdf) in rendered.items()]


def _slot(line: Line, top: float) -> float:
    return (line.y0 - top) / PITCH


def test_lines_sit_on_a_22_line_grid_and_full_pages_have_22(rendered: dict) -> None:
    full_pages = 0
    for name, doc in _all_pages(rendered):
        body = [[ln for ln in body_lines(p) if ln.height < 8] for p in doc]  # 三号 lines
        top = min(ln.y0 for page in body for ln in page)
        for number, page in enumerate(body, start=1):
            slots = [_slot(ln, top) for ln in page]
            assert all(abs(s - round(s)) < 0.05 for s in slots), (name, number, slots)
            assert all(0 <= round(s) <= 21 for s in slots), f"{name} p{number}: beyond 22 lines"
            following = body[number] if number < len(body) else []
            carried = next((i for i, ln in enumerate(following) if not is_continuation(ln)),
                           len(following))
            if number + 1 == len(body) and carried == 2:
                continue  # the text's last two lines went on with the 署名 (test_pages)
            if following and is_continuation(following[0]):  # the page ends inside a paragraph
                full_pages += 1
                # widow control: a paragraph never leaves one line alone on the next page, so
                # it may take a second line along (the page then ends one line early)
                lines = 22 if carried != 2 else 21
                assert round(slots[-1]) >= lines - 1, \
                    f"{name} p{number} ends at line {round(slots[-1]) + 1}"
                if number > 1:  # page 1 also holds the title and a blank line
                    assert len(page) >= lines, f"{name} p{number} has {len(page)} lines"
    assert full_pages >= 5


def test_full_lines_hold_28_characters_inside_the_text_block(rendered: dict) -> None:
    counts = []
    for name, (report, pdf) in rendered.items():
        source = "\n".join(p.text for p in report.paragraphs())
        lines = [ln for page in pages(pdf) for ln in body_lines(page) if ln.height < 8]
        for line, after in itertools.pairwise(lines):
            assert LEFT - 0.3 <= line.x0 and line.x1 <= RIGHT + 0.3, f"{name}: {line}"
            if not is_continuation(after) or not is_wide(line.text) or line.text.count("—") > 1:
                continue
            expected = 28 if is_continuation(line) else 26  # first lines are 左空二字
            moved = expected - len(line.text)
            assert moved >= 0, f"{name}: {len(line.text)} characters in {line.text}"
            if moved:  # a space or a number that does not fit, or line-breaking rules for punctuation
                assert f"{line.text} " in source or after.text[0].isascii() \
                    or any(c in OPENING for c in after.text[:moved]) \
                    or after.text[moved] in CLOSING \
                    or any(after.text.startswith(n) and moved < len(n) for n in NAMES) \
                    or (moved == 1 and any(n in line.text for n in NAMES)), \
                    f"{name}: {line.text} / {after.text}"
            counts.append(len(line.text) + (2 if expected == 26 else 0))
    assert len(counts) >= 50
    assert statistics.mode(counts) == 28


def test_every_page_has_its_number_placed_per_gb_9704(rendered: dict) -> None:
    for name, doc in _all_pages(rendered):
        for number, page in enumerate(doc, start=1):
            footer = footer_lines(page)
            assert [ln.text for ln in footer] == [f"— {number} —"], f"{name} p{number}"
            mid = (footer[0].y0 + footer[0].y1) / 2
            assert 5.5 <= mid - BOTTOM <= 8.5, f"{name} p{number}: {mid - BOTTOM:.1f} mm below"
            if number % 2:  # odd pages: right, one character in
                assert footer[0].x1 == pytest.approx(RIGHT - FOOTER_CHAR, abs=0.6)
            else:
                assert footer[0].x0 == pytest.approx(LEFT + FOOTER_CHAR, abs=0.6)


def test_title_lines_are_the_tools_own_centred(rendered: dict) -> None:
    for name, (report, pdf) in rendered.items():
        title = [ln for ln in pages(pdf)[0] if ln.height >= 8]  # 二号 lines
        assert [ln.text for ln in title] == list(report.title), name
        for line in title:
            assert (line.x0 + line.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.5)
    breaks = {name: report.title for name, (report, _) in rendered.items()}
    assert breaks["gongwen_elements"] == ("新疆维吾尔自治区塔城地区", "裕民县教育和科学技术局2024年度",
                                          "法治政府建设工作报告")


def test_signature_and_date_offsets(rendered: dict) -> None:
    for name, (report, pdf) in rendered.items():
        lines = body_lines(pages(pdf)[-1])
        signature, date = lines[-2], lines[-1]
        assert (signature.text, date.text) == (report.signature, report.date), name
        assert date.x0 - signature.x0 == pytest.approx(2 * CHAR, abs=0.8), name
        # 署名 右空二字, unless the date would then come closer: the date is 右空二字 instead
        nearest = min(RIGHT - signature.x1, RIGHT - date.x1)
        assert nearest == pytest.approx(2 * CHAR, abs=0.8), name


def test_attachments_align_under_the_first_name(rendered: dict) -> None:
    _, pdf = rendered["gongwen_elements"]
    lines = [ln for page in pages(pdf) for ln in body_lines(page)]
    first = next(ln for ln in lines if ln.text.startswith("附件："))
    second = lines[lines.index(first) + 1]
    assert first.x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.6)
    assert second.text.startswith("2.")
    assert second.x0 == pytest.approx(first.x0 + 3 * CHAR, abs=0.6)  # under "1.", after 附件：


def test_body_headings_and_title_use_distinct_faces(rendered: dict) -> None:
    report, pdf = rendered[EXAMPLES[0].stem]
    spans = text_faces(pdf)

    def face(prefix: str) -> str:
        return next(f for t, f in spans if t.startswith(prefix) and not t[:1].isdigit())

    faces = {"title": face(report.title[0][:2]), "heading 1": face("一、"),
             "heading 2": face("（一）"), "body": face("年，")}
    assert len(set(faces.values())) == 4, faces


def test_pdf_without_libreoffice_says_what_to_install(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr("fazhi_writer.writers.pdf._KNOWN_PLACES", ())
    result = runner.invoke(app, ["draft", str(EXAMPLES[0]), "-o", str(tmp_path / "out"),
                                 "--format", "docx,txt,pdf"])
    assert result.exit_code == 1
    assert "LibreOffice" in result.stderr and "安装" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing half-written


def pdf_of(tmp_path: Path, name: str, facts_text: str) -> Path:
    """Draft the PDF of a facts file written as tmp_path/name."""
    require_tools()
    facts = tmp_path / name
    facts.write_text(facts_text, encoding="utf-8")
    return draft(facts, out_dir=tmp_path, formats=("pdf",)).written[0]


JOINT = """单位: 海淀区教育委员会
年度: 2024
发文机关:
  - 中共北京市海淀区委教育工作委员会
  - 北京市海淀区教育委员会
发文字号: 京海教工发〔2025〕3号
签发人: 张三
成文日期: 2025-01-06
组织领导:
  列入工作要点: 是
"""


def test_joint_signatures_and_the_signer_are_laid_out_per_gb_9704(tmp_path: Path) -> None:
    pdf = pdf_of(tmp_path, "joint.yaml", JOINT)
    doc = pages(pdf)
    # 7.2.4-7.2.5: 发文字号 左空一字, 签发人 右空一字, on one line
    number = doc[0][0]
    assert number.text.startswith("京海教工发〔2025〕3号") and number.text.endswith("签发人：张三")
    assert number.x0 == pytest.approx(LEFT + CHAR, abs=0.8)
    assert number.x1 == pytest.approx(RIGHT - CHAR, abs=0.8)
    # 7.3.5: one organ a line, lined up, the widest 右空二字; the date two characters in
    first, second, date = body_lines(doc[-1])[-3:]
    assert (first.text, second.text, date.text) == (
        "中共北京市海淀区委教育工作委员会", "北京市海淀区教育委员会", "2025年1月6日")
    assert first.x0 == pytest.approx(second.x0, abs=0.8)
    assert RIGHT - first.x1 == pytest.approx(2 * CHAR, abs=0.8)
    assert date.x0 - first.x0 == pytest.approx(2 * CHAR, abs=0.8)
    assert date.y0 > second.y0 > first.y0


def test_a_sealed_signature_is_centred_over_a_date_four_characters_in(tmp_path: Path) -> None:
    pdf = pdf_of(tmp_path, "sealed.yaml", "单位: 乌苏市教育和科学技术局\n年度: 2024\n成文日期: 2025-01-06\n"
                 "盖章: 是\n组织领导:\n  列入工作要点: 是\n")
    signature, date = body_lines(pages(pdf)[-1])[-2:]
    assert (signature.text, date.text) == ("乌苏市教育和科学技术局", "2025年1月6日")
    assert RIGHT - date.x1 == pytest.approx(4 * CHAR, abs=0.8)  # 7.3.5.1: 右空四字
    assert (signature.x0 + signature.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.8)


SIGNOFF = """单位: 双牌县教育局
年度: 2024
成文日期: 2025-01-06
发文机关: [中共双牌县委教育工委, 双牌县教育局, 双牌县人社局]
发文字号: 双教发〔2025〕2号
签发人: [张三, 李四, 欧阳明]
盖章: 是
组织领导:
  列入工作要点: 是
"""


def test_several_signers_and_sealed_joint_organs_are_laid_out_per_gb_9704(tmp_path: Path) -> None:
    pdf = pdf_of(tmp_path, "signoff.yaml", SIGNOFF)
    doc = pages(pdf)
    # 7.2.5: two names a row, the wrapped row under the first name, the number on the last row
    first, last = doc[0][:2]
    assert first.text == "签发人：张三 李四" and last.text == "双教发〔2025〕2号 欧阳明"
    assert last.x0 == pytest.approx(LEFT + CHAR, abs=0.8)
    assert first.x0 + 4 * CHAR == pytest.approx(last.x1 - 3 * CHAR, abs=0.8)  # 张三 over 欧阳明
    assert first.x1 == pytest.approx(RIGHT - CHAR - CHAR, abs=0.8)  # 3-字 columns, 右空一字
    faces = dict(text_faces(pdf))
    assert faces["张三"] == faces["欧阳明"] != faces["签发人："]  # 楷体 names, 仿宋 label
    # 7.3.5.1: two organs a row, seals apart inside the 版心; the last alone over the date
    pair, alone, date = body_lines(doc[-1])[-3:]
    assert (pair.text, alone.text, date.text) == (
        "中共双牌县委教育工委 双牌县教育局", "双牌县人社局", "2025年1月6日")
    middle = (date.x0 + date.x1) / 2
    assert RIGHT - date.x1 == pytest.approx(4 * CHAR, abs=0.8)
    assert (alone.x0 + alone.x1) / 2 == pytest.approx(middle, abs=0.8)
    assert pair.x1 - 3 * CHAR == pytest.approx(middle, abs=0.8)  # 双牌县教育局 (6 字) centred
    assert pair.x0 + 5 * CHAR - LEFT == pytest.approx(RIGHT - middle, abs=0.8)  # mirrored
    assert alone.y0 - pair.y0 > 42  # mm: a 42 mm seal a row never touches the next


def test_two_sealed_organs_stand_side_by_side_over_the_date(tmp_path: Path) -> None:
    pdf = pdf_of(tmp_path, "pair.yaml",
                 SIGNOFF.replace(", 双牌县人社局]", "]").replace("签发人: [张三, 李四, 欧阳明]\n", ""))
    pair, date = body_lines(pages(pdf)[-1])[-2:]
    assert (pair.text, date.text) == ("中共双牌县委教育工委 双牌县教育局", "2025年1月6日")
    middle = (date.x0 + date.x1) / 2
    assert pair.x1 - 3 * CHAR == pytest.approx(middle, abs=0.8)
    assert pair.x0 + 5 * CHAR - LEFT == pytest.approx(RIGHT - middle, abs=0.8)
    assert date.y0 - pair.y0 == pytest.approx(PITCH, abs=0.5)
