"""Pages as a typesetter sets them: every example in every kind, rendered through LibreOffice
once (with a relative --template-dir) and proofread page by page."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest

from fazhi_writer.pipeline import draft, prepare
from fazhi_writer.report.model import Report
from fazhi_writer.report.verify import docx_text
from fazhi_writer.writers.typeset import strip_joiners

from .conftest import EXAMPLES, ROOT, TODAY
from .pdf_helpers import (
    PITCH,
    Line,
    body_lines,
    is_continuation,
    pages,
    require_tools,
    text_faces,
)
from .test_kinds import _with_leader

KINDS = ("annual", "shufa", "summary")
LINES = 22  # GB/T 9704 7.1: 22 lines a page
#: Quoted or titled items in a row take no 顿号 between them (GB/T 15834-2011, 顿号).
BAD_PUNCTUATION = ("”、“", "》、《")
NOBREAK = ("习近平",)


class Rendered(NamedTuple):
    report: Report
    pdf: Path
    texts: dict[str, str]
    """The text of each output: txt, docx and pdf."""


def _facts(example: Path, kind: str, folder: Path) -> Path:
    """The facts file to draft: the 述法报告 needs a 第一责任人, which some examples lack."""
    if kind != "shufa":
        return example
    sub = folder / f"leader-{example.stem[:3]}"
    sub.mkdir(exist_ok=True)
    return _with_leader(example, sub)


def _render(example: Path, kind: str, out: Path, templates: Path) -> Rendered:
    facts = _facts(example, kind, out)
    target = out / f"{example.stem[:3]}-{kind}"
    written = draft(facts, out_dir=target, formats=("docx", "txt", "pdf"), kind=kind,
                    template_dir=templates, today=TODAY).written
    files = {p.suffix[1:]: p for p in written}
    texts = {"txt": files["txt"].read_text(encoding="utf-8"),
             "docx": docx_text(files["docx"].read_bytes()),
             "pdf": "\n".join(ln.text for page in pages(files["pdf"]) for ln in page)}
    return Rendered(prepare(facts, kind, templates, today=TODAY), files["pdf"], texts)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Draft every example in every kind as .docx, .txt and PDF, once, with a bureau's
    template folder given relative to the working folder (as the README's 本单位模板)."""
    require_tools()
    out = tmp_path_factory.mktemp("pages")
    bureau = out / "本单位模板"
    bureau.mkdir()
    shutil.copy(ROOT / "templates" / "fonts.conf", bureau)  # what `templates export` copies
    relative = Path(os.path.relpath(bureau))
    assert not relative.is_absolute()
    jobs = [(example, kind) for example in EXAMPLES for kind in KINDS]
    with ThreadPoolExecutor(max_workers=2) as pool:  # each LibreOffice run has its own profile
        done = pool.map(lambda job: _render(*job, out, relative), jobs)
        return {f"{example.stem[:3]}-{kind}": r for (example, kind), r in zip(jobs, done)}


def _body_pages(pdf: Path) -> list[list[Line]]:
    """Each page's 三号 lines inside the 版心 (title lines are 二号), joiners removed."""
    return [[Line(strip_joiners(ln.text), ln.x0, ln.y0, ln.x1, ln.y1)
             for ln in body_lines(page) if ln.height < 8] for page in pages(pdf)]


def test_every_page_but_the_last_is_full(rendered: dict[str, Rendered]) -> None:
    faults = []
    for name, r in rendered.items():
        doc = _body_pages(r.pdf)
        top = min(ln.y0 for ln in doc[1]) if len(doc) > 1 else 0  # page 2 starts at line 1
        for number, page in enumerate(doc[:-1], start=1):
            if number == 1:  # the title stands above: count the lines down to the last one
                used = round((page[-1].y0 - top) / PITCH) + 1
                if used < LINES - 2:
                    faults.append(f"{name} p1 ends at line {used} of {LINES}")
            elif len(page) < LINES - 3 - _closing_rule(r.report, doc, number):
                faults.append(f"{name} p{number} has {len(page)} of {LINES} lines")
    assert not faults, "\n".join(faults)


def _closing_rule(report: Report, doc: list[list[Line]], number: int) -> int:
    """Lines the page before the last may leave empty beyond the usual three: the 署名 and date
    take the text's last two lines along (never one: widow control), so when the last paragraph
    and the closing (blank line, 署名, date) do not fit, the page may give up to one line per
    closing line plus one (4 with a 署名: 1 more than elsewhere). 0 for any other page."""
    closing = [t for t in (report.signature, report.date) if t]
    last = [ln.text for ln in doc[-1]]
    if number != len(doc) - 1 or last[2:] != closing:
        return 0
    return len(closing) + 1 - 2  # the blank line and the closing, less the three allowed


def _heading_ends(report: Report) -> list[str]:
    """Texts a page's last line must not be the end of: headings, standing or run-in."""
    return [p.lead or p.text for p in report.paragraphs() if p.level]


def test_no_heading_is_the_last_line_of_a_page(rendered: dict[str, Rendered]) -> None:
    faults = []
    for name, r in rendered.items():
        headings = _heading_ends(r.report)
        assert headings, name
        for number, page in enumerate(_body_pages(r.pdf)[:-1], start=1):
            start = max(i for i, ln in enumerate(page) if not is_continuation(ln))
            last = "".join(ln.text for ln in page[start:])  # the page's last paragraph start
            if last in headings:
                faults.append(f"{name} p{number} ends with a heading: {last}")
    assert not faults, "\n".join(faults)


def test_run_in_headings_run_on_into_their_body_on_the_page(rendered: dict[str, Rendered]) -> None:
    """The .docx writes a run-in heading as heading + style separator + body (two paragraphs):
    the PDF shows one paragraph, the body going on in the heading's line."""
    checked = 0
    for name, r in rendered.items():
        lines = [ln.text for page in _body_pages(r.pdf) for ln in page]
        for p in r.report.paragraphs():
            if not (p.lead and len(p.text) > len(p.lead)) or len(p.lead) > 24:
                continue  # a lead of a whole line or more leaves no room for the body
            lead, body = p.lead.replace(" ", ""), p.text[len(p.lead):].replace(" ", "")
            first = next(ln.replace(" ", "") for ln in lines if ln.replace(" ", "").startswith(lead))
            assert first.startswith(lead + body[0]), f"{name}: the body left the heading's line: {first}"
            checked += 1
    assert checked >= 20


def test_the_signature_stands_with_the_last_lines_of_text(rendered: dict[str, Rendered]) -> None:
    for name, r in rendered.items():
        last = [ln.text for ln in _body_pages(r.pdf)[-1]]
        closing = [t for t in (r.report.signature, r.report.date) if t]
        assert last[-len(closing):] == closing, name
        assert len(last) > len(closing), f"{name}: the 署名 and date stand alone on the last page"


def test_names_are_never_split_across_lines(rendered: dict[str, Rendered]) -> None:
    seen = 0
    for name, r in rendered.items():
        lines = [ln.text for page in _body_pages(r.pdf) for ln in page]
        seen += sum(line.count(n) for line in lines for n in NOBREAK)
        for before, after in itertools.pairwise(lines):
            for n in NOBREAK:
                for cut in range(1, len(n)):
                    assert not (before.endswith(n[:cut]) and after.startswith(n[cut:])), \
                        f"{name}: {n} split: {before} / {after}"
    assert seen >= 10  # the examples name 习近平 often: the check has something to check


def test_no_enumeration_comma_between_quoted_or_titled_items(
        rendered: dict[str, Rendered]) -> None:
    for name, r in rendered.items():
        for output, text in r.texts.items():
            for bad in BAD_PUNCTUATION:
                assert bad not in text, f"{name}.{output}: {bad}"
    assert any("”“" in t for r in rendered.values() for t in r.texts.values())


def test_title_body_and_heading_levels_have_distinct_faces_with_a_relative_folder(
        rendered: dict[str, Rendered]) -> None:
    for name, r in rendered.items():
        spans = text_faces(r.pdf, page=None)
        paragraphs = list(r.report.paragraphs())

        def face(text: str, spans: list[tuple[str, str]] = spans) -> str:
            """The face of the first span of Chinese in text (digits have a Latin face)."""
            prefix = re.search(r"[^\x00-\x7f]+", text)[0][:4]  # type: ignore[index]
            return next(f for t, f in spans if strip_joiners(t).startswith(prefix))

        faces = {"title": face(r.report.title[0])}
        for level in (1, 2):
            heading = next((p for p in paragraphs if p.level == level), None)
            if heading is not None:
                faces[f"heading {level}"] = face(heading.lead or heading.text)
        faces["body"] = face(next(p.text for p in paragraphs if not p.level and len(p.text) > 8))
        assert len(set(faces.values())) == len(faces), (name, faces)
        assert len(faces) >= 3, name


_NUMBERED = {2: re.compile(r"^（[一二三四五六七八九十百]+）"), 3: re.compile(r"^\d+\.")}
_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十百]+）|[一二三四五六七八九十]+、|\d+\.)")


def _clauses(text: str) -> list[str]:
    """The clauses of a text, without their 一是 or heading numbers."""
    return [_LABEL.sub("", c.strip()) for c in re.split(r"[，。；：！？\n]", text)]


def _lone_numbers(report: Report) -> list[str]:
    """Headings numbered （一） or 1. with no second sibling, and 一是 with no 二是."""
    faults = [p.text[:20] for p in report.paragraphs() if "一是" in p.text and "二是" not in p.text]
    runs: dict[int, list[str]] = {2: [], 3: []}
    for p in [*report.paragraphs(), None]:
        level = 1 if p is None else p.level
        for deeper in [n for n in runs if level and n > level]:
            if len(runs[deeper]) == 1:
                faults.append(runs[deeper][0])
            runs[deeper] = []
        if p is not None and p.level in _NUMBERED and _NUMBERED[p.level].match(p.lead or p.text):
            runs[p.level].append((p.lead or p.text)[:20])
    return faults


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem[:3])
def test_no_clause_twice_and_no_lone_number(example: Path, kind: str, tmp_path: Path) -> None:
    facts = _facts(example, kind, tmp_path)
    report = prepare(facts, kind, today=TODAY)
    written = facts.read_text(encoding="utf-8")
    body = [c for p in report.paragraphs() for c in _clauses(p.text) if len(c) >= 6]
    # a clause may come twice only when the clerk wrote it twice (two students' prizes)
    twice = sorted({c for c in body if body.count(c) > max(1, written.count(c))})
    assert not twice, f"said twice: {twice}"
    assert not _lone_numbers(report), _lone_numbers(report)
