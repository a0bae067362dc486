"""The acceptance corpus: every example drafts, and carries every number and named fact of its seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from fazhi_writer.pipeline import draft, prepare
from fazhi_writer.writers.text import render_text

from .conftest import EXAMPLES, ROOT, TODAY, assert_golden, seed_for

NUMBER = re.compile(r"\d+(?:\.\d+)?")
GOLDEN = ROOT / "tests" / "data" / "golden"
RESIDUE = ("{{", "{%", "}}", "None", "undefined", "[bookmark", "Undefined")


def _text(example: Path) -> str:
    return render_text(prepare(example, today=TODAY))


def _scalars(node: object) -> list[str]:
    """Every scalar the clerk wrote, except booleans and dates (rendered as wording/format)."""
    if isinstance(node, dict):
        return [s for v in node.values() for s in _scalars(v)]
    if isinstance(node, list):
        return [s for v in node for s in _scalars(v)]
    if isinstance(node, bool) or node is None or not isinstance(node, (str, int, float)):
        return []
    return [re.sub(r"\s+", "", str(node))]


def test_there_is_an_example_per_seed() -> None:
    assert sorted(e.name[:3] for e in EXAMPLES) == sorted(p.name[:3] for p in (ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_number_of_the_seed_is_in_the_facts_and_the_report(example: Path) -> None:
    seed = seed_for(example).read_text(encoding="utf-8")
    facts_text = example.read_text(encoding="utf-8")
    report = _text(example)
    year = YAML(typ="safe").load(facts_text)["年度"]
    report_numbers = set(NUMBER.findall(report))
    missing_in_report = sorted(set(NUMBER.findall(seed)) - report_numbers)
    assert not missing_in_report, f"numbers of the seed not in the report: {missing_in_report}"
    # The facts must carry them (not template wording), except the years the templates derive.
    derived = {str(year), str(year + 1)}
    missing_in_facts = sorted(set(NUMBER.findall(seed)) - set(NUMBER.findall(facts_text)) - derived)
    assert not missing_in_facts, f"numbers of the seed not in the facts file: {missing_in_facts}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_named_facts_of_the_seed_are_in_the_report(example: Path) -> None:
    checklist = ROOT / "tests" / "data" / "seed_facts" / f"{example.name[:3]}.txt"
    names = [n.strip() for n in checklist.read_text(encoding="utf-8").splitlines()
             if n.strip() and not n.startswith("#")]
    assert names, "the checklist is empty"
    report = _text(example)
    missing = [n for n in names if n not in report]
    assert not missing, f"named facts missing from the report: {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_fact_of_the_facts_file_vanishes(example: Path) -> None:
    data = YAML(typ="safe").load(example.read_text(encoding="utf-8"))
    themes = YAML(typ="safe").load((ROOT / "templates" / "themes.yaml").read_text(encoding="utf-8"))
    stock = {*themes["问题"], *themes["计划"], *themes["亲自"]}
    report = "".join(_text(example).split())
    missing = [s for s in _scalars(data) if s not in report and s not in stock]
    assert not missing, f"facts not in the report: {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_statutory_parts_and_no_template_residue(example: Path) -> None:
    report = _text(example)
    for part in ("主要举措和成效", "存在的不足和原因", "第一责任人职责", "主要安排"):
        assert part in report
    for residue in RESIDUE:
        assert residue not in report
    fragments = [line for line in report.splitlines()
                 if line and len(re.findall(r"[\u4e00-\u9fff]", line)) < 2]
    assert not fragments, f"paragraphs that are template fragments: {fragments}"
    assert not re.search(r"[，、；：]。|。。|，，|、、", report), "broken punctuation"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_most_of_the_report_is_generated_wording(example: Path) -> None:
    """At least half of the report's characters come from templates, not from the facts file."""
    data = YAML(typ="safe").load(example.read_text(encoding="utf-8"))
    report = "".join(_text(example).split())
    covered = [False] * len(report)
    for fact in {s for s in _scalars(data) if len(s) >= 2}:
        for m in re.finditer(re.escape(fact), report):
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
    generated = covered.count(False) / len(report)
    assert generated >= 0.5, f"only {generated:.0%} of the report is generated wording"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_golden_text(example: Path, update_golden: bool) -> None:
    assert_golden(GOLDEN / f"{example.stem}.txt", _text(example), update_golden)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_draft_writes_docx_and_txt(example: Path, tmp_path: Path) -> None:
    from .test_docx import as_word_shows

    result = draft(example, out_dir=tmp_path, today=TODAY)
    docx_path, txt_path = sorted(result.written, key=lambda p: p.suffix)
    assert (docx_path.suffix, txt_path.suffix) == (".docx", ".txt")
    txt = txt_path.read_text(encoding="utf-8")
    paragraphs = [p for p in as_word_shows(docx_path) if p]
    # the .docx says exactly what the .txt says, paragraph for paragraph
    assert paragraphs == [line.strip("\u3000") for line in txt.splitlines() if line]
    for residue in RESIDUE:
        assert residue not in txt and residue not in "".join(paragraphs)


def test_seeds_are_a_byte_identical_copy_of_the_shared_corpus() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    ours = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir()}
    assert ours == {p.name: p.read_bytes() for p in shared.iterdir()}
