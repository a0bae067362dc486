"""check(): every error and warning of a facts file, and whether the report carries every fact."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import FactsValidationError, Problem
from ..facts.validate import problem_at
from ..report.build import DATE_KEY
from .preparing import _build, _fonts, _load, _Loaded, _merge, _sorted, expected_here

if TYPE_CHECKING:
    from ..facts.schema import Facts


class Checked(NamedTuple):
    """What check() found: errors and warnings (file:line:column first where known), 待填 places."""

    warnings: list[str]
    blanks: list[str]
    errors: list[str]


def check(facts_path: Path, kind: str | None = None, template_dir: Path | None = None,
          previous: Path | None = None, fonts: str | None = None) -> Checked:
    """Check a facts file: every error and warning, fonts' missing characters, 待填 places,
    counts as last year, and that the report text carries every fact (nothing is written)."""
    from ..facts.lint import lint
    from ..report.verify import missing_values
    from ..writers.text import render_text

    try:
        loaded = _load(facts_path)
    except FactsValidationError as e:
        return _checked(e.problems, [], [], facts_path)
    placed: list[Problem] = []
    expected = expected_here(loaded, template_dir)
    report, last = _build(loaded, facts_path, kind, template_dir, None, previous, placed, expected)
    problems = [*loaded.notices, *lint(loaded.facts, loaded.raw, loaded.leaves), *placed]
    problems = _merge(problems, missing_values(expected, loaded.raw, render_text(report), ".txt",
                                               kind=report.variables.get("报告类型", "本类报告")))
    notes = [*report.warnings, *_fonts(loaded, facts_path, template_dir, fonts)[1]]
    if last is not None:
        notes += _unchanged(loaded, last, facts_path)
    blanks = [Problem(b.path, "待填" + (f"（{b.note}）" if b.note else ""), b.line, b.column)
              .format(facts_path) for b in loaded.blanks]
    if loaded.facts.date is None:  # the report shows the 待填 marker in its place
        blanks.append(Problem(DATE_KEY, "未填写（报告中显示待填标记）").format(facts_path))
    return _checked(problems, notes, blanks, facts_path)


def _checked(problems: list[Problem], notes: list[str], blanks: list[str],
             facts_path: Path) -> Checked:
    """Sort located problems into errors and warnings (notes without a place come last)."""
    ordered = _sorted(problems)
    return Checked(errors=[p.format(facts_path) for p in ordered if not p.warning],
                   warnings=[p.format(facts_path) for p in ordered if p.warning] + notes,
                   blanks=blanks)


def _unchanged(loaded: _Loaded, last: Facts, facts_path: Path) -> list[str]:
    """Warn about each count written exactly as last year."""
    from ..report.compare import same_as_last_year

    return [problem_at(loaded.raw, path, f"与上年相同（{q}），请确认已更新为本年度的数字").format(facts_path)
            for path, q in same_as_last_year(loaded.facts, last)]
