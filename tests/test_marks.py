"""One build serves the report and verify-by-place: the report built from facts whose values
carry their field's mark (track.py), its marks removed, is the report the facts themselves
give, in every detail (title lines, headings, run-in leads, 待填 spans, file name, warnings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from fazhi_writer.errors import TemplateError
from fazhi_writer.facts.placeholders import mark_placeholders
from fazhi_writer.facts.read import load_facts
from fazhi_writer.facts.validate import validate_facts
from fazhi_writer.report import marks
from fazhi_writer.report.build import build_report
from fazhi_writer.report.layout import break_title
from fazhi_writer.report.render import make_env
from fazhi_writer.report.track import report_texts, tracked
from fazhi_writer.report.verify import expected_values, placed_report

from .conftest import EXAMPLES

#: (example, kind) the examples are written for: each with the annual and summary kinds, 004
#: also as a 述法报告; "odd" is _odd_facts.
CASES = [*((i, kind) for i in [*range(len(EXAMPLES)), "odd"] for kind in ("annual", "summary")),
         (4, "shufa")]


def _odd_facts(tmp_path: Path) -> Path:
    """Example 000 with values that test every decision the build makes on text: a unit long
    enough to break inside, a 待填 after a value in one sentence, markup and lone punctuation
    at a paragraph's start, quoted items joined without 、."""
    yaml = YAML(typ="rt")
    data = yaml.load(EXAMPLES[0].read_text(encoding="utf-8"))
    data["单位"] = "新疆维吾尔自治区塔城地区裕民县教育局"
    data["法治副校长"]["宣讲"] = "待填"
    data["法治文化"]["补充"] = "# 标题"
    data["普法宣传"]["补充"] = "- 项"
    data["家校社协同"]["补充"] = "。"
    target = tmp_path / "odd.yaml"
    with target.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return target


def _built(path: Path, kind: str) -> tuple[Any, Any, Any]:
    """The facts, and a build of kind for them (as a draft builds)."""
    raw = load_facts(path)
    mark_placeholders(raw, [])
    facts = validate_facts(raw, path)
    env = make_env(None)
    order = [str(key) for key in raw]
    return raw, facts, lambda f: build_report(f, env, kind, previous=None, order=order)


@pytest.mark.parametrize(("which", "kind"), CASES)
def test_the_marked_build_without_marks_is_the_report_of_the_facts(
        tmp_path: Path, which: int | str, kind: str) -> None:
    path = _odd_facts(tmp_path) if which == "odd" else EXAMPLES[int(which)]
    raw, facts, build = _built(path, kind)
    copy, _ = tracked(facts)
    marked = build(copy)
    assert marks.START in "".join(report_texts(marked))  # the build did carry marks
    assert marks.unmarked(marked) == build(facts)
    report, _ = placed_report(facts, raw, expected_values(facts, set()), build)
    assert report == build(facts)
    assert not any(marks.START in t for t in [*report_texts(report), report.file_stem,
                                              *report.warnings, *report.variables.values()])


def test_a_build_that_fails_says_so_without_marks() -> None:
    """A 述法报告 of a facts file without its 第一责任人: the error the facts themselves give."""
    raw, facts, build = _built(EXAMPLES[0], "shufa")
    with pytest.raises(TemplateError) as expected:
        build(facts)
    with pytest.raises(TemplateError) as found:
        placed_report(facts, raw, expected_values(facts, set()), build)
    assert str(found.value) == str(expected.value)
    assert marks.START not in str(found.value)


def test_a_blank_after_a_value_is_highlighted_where_it_stands_without_marks(tmp_path: Path) -> None:
    raw, facts, build = _built(_odd_facts(tmp_path), "annual")
    report, _ = placed_report(facts, raw, expected_values(facts, set()), build)
    spans = [(p.text, a, b) for p in report.body for a, b in p.marks]
    assert spans and all(text[a:b].startswith("【") and text[b - 1] == "】" for text, a, b in spans)


def _mark(number: int) -> str:
    return f"{marks.START}{number}{marks.SEP}"


def test_marks_take_no_width_in_the_title_and_stay_with_their_value() -> None:
    segments = [f"{_mark(0)}新疆维吾尔自治区塔城地区裕民县教育局",
                f"{_mark(1)}2024年度|法治政府建设|工作报告"]
    lines = break_title(segments)
    assert [marks.plain(line) for line in lines] == break_title(list(map(marks.plain, segments)))
    assert len(lines) > 1 and lines[0].startswith(_mark(0))
    assert sum(_mark(1) in line for line in lines) == 1
    assert any(line.startswith(_mark(1) + "2024") for line in lines)


def test_the_filters_decide_as_if_the_marks_were_not_there() -> None:
    filters = make_env(None).filters
    quoted = [f"{_mark(0)}“三会一课”", f"{_mark(1)}“主题党日”"]
    assert filters["join"](quoted) == "".join(quoted)  # no 、 between quoted items
    assert filters["sentence"](f"{_mark(0)}开展活动，{_mark(1)}") == f"{_mark(0)}开展活动。"
    assert filters["clause"](f"{_mark(0)}开展活动。") == f"{_mark(0)}开展活动"


def test_a_line_of_marks_alone_is_blank_and_markup_is_read_without_them() -> None:
    assert marks.Line.of(f"  {_mark(3)} ") is None
    line = marks.Line.of(f" {_mark(2)}- {_mark(4)}项目 ")
    assert line is not None and line.plain == "- 项目"
    assert line.rest(2) == f"{_mark(4)}项目"
