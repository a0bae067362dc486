"""Load → validate → lint → build: a facts file to the report model (nothing is written)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import FactsValidationError, FazhiError, Problem, TemplateError
from ..facts.keys import rename_old_keys
from ..facts.lint import leaves, lint
from ..facts.placeholders import Placeholder, mark_placeholders
from ..facts.read import load
from ..facts.validate import facts_validator, problem_at, require_facts, validate_facts
from ..report.build import DEFAULT_KIND, build_report, load_kind, load_yaml_template
from ..report.model import Report
from ..report.render import builtin_templates, make_env
from ..report.verify import expected_values, placed_report, stock_keys
from ..writers.fonts import Fonts, choose_fonts, gb2312_warnings, reference_fonts

if TYPE_CHECKING:
    from ..facts.lint import Leaf
    from ..facts.schema import Facts
    from ..report.verify import Expected


class _Loaded(NamedTuple):
    raw: Any
    facts: Facts
    blanks: list[Placeholder]
    notices: list[Problem]
    """Warnings from loading: invisible characters removed."""
    leaves: list[Leaf]
    """Every value the clerk wrote (lint.leaves), walked once for lint and verify."""
    texts: list[str]
    """Every text value of raw but 待填, found while marking those (for the fonts' check)."""


def _load(facts_path: Path) -> _Loaded:
    """Load a facts file, mark its 待填 placeholders and validate it; raise with every problem."""
    loaded = load(facts_path)
    notices = loaded.notices + rename_old_keys(loaded.data)
    texts: list[str] = []
    blanks = mark_placeholders(loaded.data, texts)
    try:
        facts = validate_facts(loaded.data, facts_path)
    except FactsValidationError as e:
        found = _merge(loaded.problems + notices, e.problems)
        found += _lint_valid_part(loaded.data, e.problems)
        raise FactsValidationError(facts_path, _sorted(found)) from None
    if loaded.problems:
        raise FactsValidationError(facts_path, _sorted(loaded.problems + notices))
    return _Loaded(loaded.data, facts, blanks, notices, list(leaves(facts)), texts)


def _merge(first: list[Problem], second: list[Problem]) -> list[Problem]:
    """Join two lists of problems, dropping from second those already explained at a place."""
    places = {(p.line, p.column) for p in first if not p.warning}
    return first + [p for p in second if (p.line, p.column) not in places]


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Order problems by position; those without one (the whole file) come last."""
    return sorted(problems, key=lambda p: (p.line or float("inf"), p.column))


def _lint_valid_part(raw: Any, problems: list[Problem]) -> list[Problem]:
    """Lint the top-level blocks that are valid, so that one typo does not hide the rest."""
    from pydantic_core import ValidationError

    broken = {re.split(r"[.\[]", p.path)[0] for p in problems}
    try:
        facts = facts_validator().validate_python({k: v for k, v in raw.items() if k not in broken})
    except ValidationError:
        return []  # 单位 or 年度 is wrong: nothing to compare with
    return lint(facts, raw)


def _lint(loaded: _Loaded, facts_path: Path) -> list[Problem]:
    """Return the load notices and lint findings; raise if any of them is an error."""
    found = _sorted([*loaded.notices, *lint(loaded.facts, loaded.raw, loaded.leaves)])
    if any(not p.warning for p in found):
        raise FactsValidationError(facts_path, found)
    return found


def load_previous(facts_path: Path, facts: Facts,
                  previous: Path | None) -> tuple[Facts | None, list[str]]:
    """Return last year's facts (--previous, else the recorded 上年事实文件) and notes about them.

    A recorded file that is not a facts file is named, never shown: the field could point at
    any file of the machine (/etc/passwd)."""
    recorded = previous is None
    if previous is None:
        if not facts.previous or isinstance(facts.previous, Placeholder):
            return None, []
        previous = facts_path.parent / facts.previous
        try:
            found = previous.is_file()
        except OSError as e:
            from ..errors import os_reason

            return None, [f"{facts_path}: “上年事实文件”记录的路径无法使用（{os_reason(e)}），"
                          "本次不写与上年的比较"]
        if not found:
            return None, [f"{facts_path}: 找不到“上年事实文件”记录的 {previous}，本次不写与上年的比较"]
    try:
        last = _load(previous).facts
    except FazhiError:
        if not recorded:
            raise
        raise FazhiError(f"{facts_path}: 字段“上年事实文件”：{previous} 不是可用的事实文件，没有读取"
                         f"其中的内容（如果它确是上年的事实文件，用 fazhi-write check {previous} "
                         "查看其中的问题）") from None
    notes = []
    if last.year != facts.year - 1:
        notes.append(f"{previous}: 上年事实文件的年度是 {last.year}，本文件是 {facts.year}，"
                     f"请核对“较上年”的比较")
    if str(last.unit).strip() != str(facts.unit).strip():
        notes.append(f"{previous}: 上年事实文件的单位是“{last.unit}”，本文件是“{facts.unit}”，"
                     f"“较上年”的比较可能是与另一个单位比较，请核对")
    return last, notes


def prepare(facts_path: Path, kind: str | None = None, template_dir: Path | None = None,
            today: dt.date | None = None, previous: Path | None = None,
            fonts: str | None = None) -> Report:
    """Load, validate and build the report of the chosen kind (nothing is written)."""
    return _prepare(facts_path, kind, template_dir, today, previous, fonts)[0]


def _prepare(facts_path: Path, kind: str | None, template_dir: Path | None, today: dt.date | None,
             previous: Path | None, fonts: str | None,
             placed: list[Problem] | None = None) -> tuple[Report, Fonts, _Loaded, list[Expected]]:
    """Build the report and choose its fonts; warn about 待填 left and characters the fonts lack.
    With placed, add to it the values the report does not state where their field put them,
    and return those values (expected_values, which every output must then hold)."""
    if template_dir is not None and not template_dir.is_dir():
        raise TemplateError(f"{template_dir}: 模板目录不存在")
    loaded = _load(facts_path)
    located = [p.format(facts_path) for p in _lint(loaded, facts_path)]
    expected = [] if placed is None else expected_here(loaded, template_dir)
    report, _ = _build(loaded, facts_path, kind, template_dir, today, previous, placed, expected)
    chosen, missing = _fonts(loaded, facts_path, template_dir, fonts)
    report = report._replace(warnings=(*located, *report.warnings, *missing))
    if not loaded.blanks:
        return report, chosen, loaded, expected
    summary = (f"事实文件中还有 {len(loaded.blanks)} 处“待填”，报告中已醒目标出（是/否字段按“否”处理），"
               f"用 fazhi-write check {facts_path} 查看每一处")
    return report._replace(warnings=(summary, *report.warnings)), chosen, loaded, expected


def _fonts(loaded: _Loaded, facts_path: Path, template_dir: Path | None,
           option: str | None) -> tuple[Fonts, list[str]]:
    """Choose the fonts (--fonts, else 字体) and warn about facts those fonts cannot show."""
    where = "--fonts：" if option else _where(loaded.raw, facts_path, "字体")
    chosen = choose_fonts(make_env(template_dir), loaded.facts.fonts, option, where)
    in_use = {**reference_fonts(template_file(template_dir, "reference.docx")), **chosen.roles}
    return chosen, gb2312_warnings(loaded.raw, in_use, facts_path, loaded.texts)


def _build(loaded: _Loaded, facts_path: Path, kind: str | None, template_dir: Path | None,
           today: dt.date | None, previous: Path | None,
           placed: list[Problem] | None = None,
           expected: list[Expected] | None = None) -> tuple[Report, Facts | None]:
    """Build the report with last year's facts; return it (notes added) and those facts.
    With placed, add to it every value of expected (expected_here) the report does not state
    where its field put it."""
    env = make_env(template_dir)
    name = _choose_kind(kind, loaded.facts, loaded.raw, facts_path, template_dir)
    settings = load_kind(env, name)
    require_facts(loaded.facts, loaded.raw, facts_path, settings.required, settings.label)
    last, notes = load_previous(facts_path, loaded.facts, previous)
    order = [str(key) for key in loaded.raw]

    def build(facts: Any) -> Report:
        return build_report(facts, env, name, today=today, previous=last, order=order)

    if placed is None:
        report = build(loaded.facts)
    else:  # one build, from facts carrying their fields: the report and where each value is
        if expected is None:
            expected = expected_here(loaded, template_dir)
        report, found = placed_report(loaded.facts, loaded.raw, expected, build)
        placed += found
    return report._replace(warnings=(*notes, *report.warnings)), last


def _choose_kind(requested: str | None, facts: Facts, raw: Any, facts_path: Path,
                 template_dir: Path | None) -> str:
    """Resolve --kind, else 报告类型, else annual (a name like shufa or a label like 述法报告)."""
    written = None if isinstance(facts.kind, Placeholder) else facts.kind  # 报告类型: 待填
    wanted = requested or written
    if not wanted:
        return DEFAULT_KIND
    from ..report.kinds import find_kind, kind_choices  # listing the kinds: only when one is named

    name = find_kind(wanted, template_dir)
    if name:
        return name
    if requested:
        raise FazhiError(f"未知的报告类型“{requested}”（可选：{kind_choices(template_dir)}）")
    problem = problem_at(raw, ("报告类型",),
                         f"未知的报告类型“{wanted}”，可填：{kind_choices(template_dir)}")
    raise FactsValidationError(facts_path, [problem])


def _where(raw: Any, file: Path, key: str) -> str:
    """Return 'file:line:column' of a top-level key's value (its 方案 when it is a mapping)."""
    node: Any = raw.get(key)
    owner, name = (node, "方案") if isinstance(node, dict) else (raw, key)
    lc: Any = getattr(owner, "lc", None)
    try:
        line, column = lc.value(name)
    except (AttributeError, KeyError, TypeError):
        return f"{file}: 字段“{key}”："
    return f"{file}:{line + 1}:{column + 1}: 字段“{key}”："


def template_file(template_dir: Path | None, name: str) -> Path:
    """Return a template file: the bureau's copy if it has one, else the built-in."""
    if template_dir and (template_dir / name).is_file():
        return template_dir / name
    return builtin_templates() / name


def reference_docx(template_dir: Path | None) -> Path:
    """Return the reference .docx: the bureau's copy if it has one, else the built-in."""
    return template_file(template_dir, "reference.docx")


def expected_here(loaded: _Loaded, template_dir: Path | None) -> list[Expected]:
    """The values the report must state (verify.expected_values), worked out once a draft:
    the place check and the check of every output read back use the same list."""
    return expected_values(loaded.facts, _stock(template_dir), loaded.leaves)


def _stock(template_dir: Path | None) -> set[str]:
    """Return the stock theme names the templates expand (see verify.stock_keys)."""
    return stock_keys(load_yaml_template(make_env(template_dir), "themes.yaml"))
