"""The whole flow as plain functions: load → validate → lint → build → render → verify → write."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import FactsValidationError, FazhiError, LostFactError, Problem, TemplateError, listing
from .facts.keys import rename_old_keys
from .facts.placeholders import Placeholder, mark_placeholders
from .facts.read import load
from .facts.validate import facts_validator, problem_at, require_facts, validate_facts
from .report.build import DEFAULT_KIND, build_report, load_kind
from .report.model import Report
from .report.render import make_env
from .writers.fonts import Fonts, choose_fonts, gb2312_warnings, reference_fonts

if TYPE_CHECKING:
    from .facts.lint import Leaf
    from .facts.schema import Facts

FORMATS = ("docx", "txt", "pdf")
#: Writes rendered files (path: bytes), given force; returns the backups it made.
Writer = Callable[[dict[Path, bytes], bool], list[Path]]
DEFAULT_FORMATS = ("docx", "txt")
# The results below are named tuples: a dataclass costs ~0.5 ms of every start to create.


class Draft(NamedTuple):
    """What draft() did: the files it wrote, backups it made, and warnings for the clerk."""

    written: list[Path]
    warnings: list[str]
    backups: list[Path]


class Checked(NamedTuple):
    """What check() found: errors and warnings (file:line:column first where known), 待填 places."""

    warnings: list[str]
    blanks: list[str]
    errors: list[str]


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
    from .facts.lint import leaves

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
    from .facts.lint import lint
    from .facts.records import core

    broken = {re.split(r"[.\[]", p.path)[0] for p in problems}
    try:
        facts = facts_validator().validate_python({k: v for k, v in raw.items() if k not in broken})
    except core().ValidationError:
        return []  # 单位 or 年度 is wrong: nothing to compare with
    return lint(facts, raw)


def _lint(loaded: _Loaded, facts_path: Path) -> list[Problem]:
    """Return the load notices and lint findings; raise if any of them is an error."""
    from .facts.lint import lint

    found = _sorted([*loaded.notices, *lint(loaded.facts, loaded.raw, loaded.leaves)])
    if any(not p.warning for p in found):
        raise FactsValidationError(facts_path, found)
    return found


def load_previous(facts_path: Path, facts: Facts,
                  previous: Path | None) -> tuple[Facts | None, list[str]]:
    """Return last year's facts (--previous, else the recorded 上年事实文件) and notes about them."""
    if previous is None:
        if not facts.previous or isinstance(facts.previous, Placeholder):
            return None, []
        previous = facts_path.parent / facts.previous
        if not previous.is_file():
            return None, [f"{facts_path}: 找不到“上年事实文件”记录的 {previous}，本次不写与上年的比较"]
    last = _load(previous).facts
    if last.year != facts.year - 1:
        return last, [f"{previous}: 上年事实文件的年度是 {last.year}，本文件是 {facts.year}，"
                      f"请核对“较上年”的比较"]
    return last, []


def prepare(facts_path: Path, kind: str | None = None, template_dir: Path | None = None,
            today: dt.date | None = None, previous: Path | None = None,
            fonts: str | None = None) -> Report:
    """Load, validate and build the report of the chosen kind (nothing is written)."""
    return _prepare(facts_path, kind, template_dir, today, previous, fonts)[0]


def _prepare(facts_path: Path, kind: str | None, template_dir: Path | None, today: dt.date | None,
             previous: Path | None, fonts: str | None) -> tuple[Report, Fonts, _Loaded]:
    """Build the report and choose its fonts; warn about 待填 left and characters the fonts lack."""
    if template_dir is not None and not template_dir.is_dir():
        raise TemplateError(f"{template_dir}: 模板目录不存在")
    loaded = _load(facts_path)
    located = [p.format(facts_path) for p in _lint(loaded, facts_path)]
    report, _ = _build(loaded, facts_path, kind, template_dir, today, previous)
    chosen, missing = _fonts(loaded, facts_path, template_dir, fonts)
    report = report._replace(warnings=(*located, *report.warnings, *missing))
    if not loaded.blanks:
        return report, chosen, loaded
    summary = (f"事实文件中还有 {len(loaded.blanks)} 处“待填”，报告中已醒目标出（是/否字段按“否”处理），"
               f"用 fazhi-write check {facts_path} 查看每一处")
    return report._replace(warnings=(summary, *report.warnings)), chosen, loaded


def _fonts(loaded: _Loaded, facts_path: Path, template_dir: Path | None,
           option: str | None) -> tuple[Fonts, list[str]]:
    """Choose the fonts (--fonts, else 字体) and warn about facts those fonts cannot show."""
    where = "--fonts：" if option else _where(loaded.raw, facts_path, "字体")
    chosen = choose_fonts(make_env(template_dir), loaded.facts.fonts, option, where)
    in_use = {**reference_fonts(template_file(template_dir, "reference.docx")), **chosen.roles}
    return chosen, gb2312_warnings(loaded.raw, in_use, facts_path, loaded.texts)


def _build(loaded: _Loaded, facts_path: Path, kind: str | None, template_dir: Path | None,
           today: dt.date | None, previous: Path | None) -> tuple[Report, Facts | None]:
    """Build the report with last year's facts; return it (notes added) and those facts."""
    env = make_env(template_dir)
    name = _choose_kind(kind, loaded.facts, loaded.raw, facts_path, template_dir)
    settings = load_kind(env, name)
    require_facts(loaded.facts, loaded.raw, facts_path, settings.required, settings.label)
    last, notes = load_previous(facts_path, loaded.facts, previous)
    report = build_report(loaded.facts, env, name, today=today, previous=last)
    return report._replace(warnings=(*notes, *report.warnings)), last


def _choose_kind(requested: str | None, facts: Facts, raw: Any, facts_path: Path,
                 template_dir: Path | None) -> str:
    """Resolve --kind, else 报告类型, else annual (a name like shufa or a label like 述法报告)."""
    written = None if isinstance(facts.kind, Placeholder) else facts.kind  # 报告类型: 待填
    wanted = requested or written
    if not wanted:
        return DEFAULT_KIND
    from .report.kinds import find_kind, kind_choices  # listing the kinds: only when one is named

    name = find_kind(wanted, template_dir)
    if name:
        return name
    if requested:
        raise FazhiError(f"未知的报告类型“{requested}”（可选：{kind_choices(template_dir)}）")
    problem = problem_at(raw, ("报告类型",),
                         f"未知的报告类型“{wanted}”，可填：{kind_choices(template_dir)}")
    raise FactsValidationError(facts_path, [problem])


def check(facts_path: Path, kind: str | None = None, template_dir: Path | None = None,
          previous: Path | None = None, fonts: str | None = None) -> Checked:
    """Check a facts file: every error and warning, fonts' missing characters, 待填 places,
    counts as last year, and that the report text carries every fact (nothing is written)."""
    from .facts.lint import lint
    from .report.verify import expected_values, missing_values
    from .writers.text import render_text

    try:
        loaded = _load(facts_path)
    except FactsValidationError as e:
        return _checked(e.problems, [], [], facts_path)
    report, last = _build(loaded, facts_path, kind, template_dir, None, previous)
    problems = [*loaded.notices, *lint(loaded.facts, loaded.raw, loaded.leaves)]
    expected = expected_values(loaded.facts, _stock(template_dir), loaded.leaves)
    problems += missing_values(expected, loaded.raw, {".txt": render_text(report)})
    notes = [*report.warnings, *_fonts(loaded, facts_path, template_dir, fonts)[1]]
    if last is not None:
        notes += _unchanged(loaded, last, facts_path)
    blanks = [Problem(b.path, "待填" + (f"（{b.note}）" if b.note else ""), b.line, b.column)
              .format(facts_path) for b in loaded.blanks]
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
    from .report.compare import same_as_last_year

    return [problem_at(loaded.raw, path, f"与上年相同（{q}），请确认已更新为本年度的数字").format(facts_path)
            for path, q in same_as_last_year(loaded.facts, last)]


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
    from .report.render import builtin_templates

    if template_dir and (template_dir / name).is_file():
        return template_dir / name
    return builtin_templates() / name


def reference_docx(template_dir: Path | None) -> Path:
    """Return the reference .docx: the bureau's copy if it has one, else the built-in."""
    return template_file(template_dir, "reference.docx")


def draft(facts_path: Path, out_dir: Path | None = None,
          formats: tuple[str, ...] = DEFAULT_FORMATS, kind: str | None = None,
          template_dir: Path | None = None, force: bool = False, today: dt.date | None = None,
          previous: Path | None = None, fonts: str | None = None,
          write: Writer | None = None) -> Draft:
    """Draft the report of a facts file into out_dir (default: beside it); return what was written.

    write (default output.write_outputs) receives the rendered files and force, and returns
    the backups it made; a batch passes its own to write every report from one process.
    """
    from .writers.output import write_outputs

    check_formats(formats)
    report, chosen, loaded = _prepare(facts_path, kind, template_dir, today, previous, fonts)
    files = _render(report, chosen, formats, out_dir or facts_path.parent, template_dir)
    _verify(loaded, facts_path, files, template_dir)
    backups = (write or write_outputs)(files, force)
    return Draft(written=list(files), warnings=list(report.warnings), backups=backups)


def check_formats(formats: tuple[str, ...]) -> None:
    """Refuse an output format fazhi-write cannot write."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise FazhiError(f"不支持的输出格式：{'、'.join(unknown) or '（空）'}（可选：{'、'.join(FORMATS)}）")


def _render(report: Report, fonts: Fonts, formats: tuple[str, ...], folder: Path,
            template_dir: Path | None) -> dict[Path, bytes]:
    """Render every requested format in memory, in the order docx, txt, pdf."""
    from .writers.docx import render_docx
    from .writers.output import safe_name
    from .writers.text import render_text

    soffice = _soffice() if "pdf" in formats else ""  # fail before anything is written
    stem = folder / safe_name(report.file_stem)
    files: dict[Path, bytes] = {}
    docx = b""
    if "docx" in formats or "pdf" in formats:  # a PDF is made from the .docx
        docx = render_docx(report, reference_docx(template_dir), make_env(template_dir), fonts)
    if "docx" in formats:
        files[stem.with_name(f"{stem.name}.docx")] = docx
    if "txt" in formats:
        files[stem.with_name(f"{stem.name}.txt")] = render_text(report).encode("utf-8")
    if "pdf" in formats:
        from .writers.pdf import render_pdf  # subprocess and the rest: only for a PDF

        fontconfig = template_file(template_dir, "fonts.conf")
        files[stem.with_name(f"{stem.name}.pdf")] = render_pdf(docx, soffice, fontconfig)
    return files


def _soffice() -> str:
    """Find LibreOffice for a PDF, or raise before anything is rendered."""
    from .writers.pdf import find_soffice

    return find_soffice()


def _verify(loaded: _Loaded, facts_path: Path, files: dict[Path, bytes],
            template_dir: Path | None) -> None:
    """Fail loudly, before writing, if the .txt or the .docx lacks a fact of the facts file."""
    from .report.verify import docx_text, expected_values, missing_values

    expected = expected_values(loaded.facts, _stock(template_dir), loaded.leaves)
    texts = {path.suffix: docx_text(data) if path.suffix == ".docx" else data.decode("utf-8")
             for path, data in files.items() if path.suffix in (".docx", ".txt")}
    lost = missing_values(expected, loaded.raw, texts)  # one problem a value, naming each output
    if lost:
        raise LostFactError("生成的报告遗漏了事实文件中的内容，因此没有写出任何文件：\n"
                            + listing(facts_path, _sorted(lost)))


def _stock(template_dir: Path | None) -> set[str]:
    """Return the stock theme names the templates expand (see verify.stock_keys)."""
    from .report.build import load_yaml_template
    from .report.verify import stock_keys

    return stock_keys(load_yaml_template(make_env(template_dir), "themes.yaml"))


class Rolled(NamedTuple):
    """What next_year() wrote: the new facts file, any backup, and how many 待填 it holds."""

    written: Path
    blanks: int
    backups: list[Path]


def next_year(facts_path: Path, out: Path | None = None, force: bool = False) -> Rolled:
    """Write next year's facts file from this year's; the input is only read."""
    import os

    from .facts.nextyear import roll_forward
    from .facts.read import read_text
    from .writers.output import write_outputs

    facts = _load(facts_path).facts
    target = out or facts_path.with_name(_next_name(facts_path, facts.year))
    if target.resolve() == facts_path.resolve():
        raise FazhiError(f"{target}: 输出文件就是输入的事实文件，next-year 不会改动上年的文件，请用 -o 换一个文件名")
    link = Path(os.path.relpath(facts_path.resolve(), target.resolve().parent)).as_posix()
    text = roll_forward(read_text(facts_path), facts, link)
    backups = write_outputs({target: text.encode("utf-8")}, force)
    return Rolled(written=target, blanks=len(_load(target).blanks), backups=backups)


def _next_name(facts_path: Path, year: int) -> str:
    """Name next year's file: the year in the name moved on, else _<year> added."""
    stem = facts_path.stem
    if str(year) in stem:
        head, _, tail = stem.rpartition(str(year))
        return f"{head}{year + 1}{tail}{facts_path.suffix}"
    return f"{stem}_{year + 1}{facts_path.suffix}"


def init(out: Path, kind: str = "annual", template_dir: Path | None = None,
         today: dt.date | None = None, force: bool = False) -> list[Path]:
    """Write a starter facts file and, beside it, the JSON Schema its modeline names."""
    import json

    from .facts.schema import facts_json_schema
    from .facts.starter import SCHEMA_FILE, default_year, starter_lines
    from .report.build import load_kind
    from .report.render import render_template
    from .writers.output import write_outputs

    env = make_env(template_dir)
    year = default_year(today or dt.date.today())
    context = {"lines": starter_lines(year), "schema": SCHEMA_FILE,
               "description": load_kind(env, kind).description}
    schema = json.dumps(facts_json_schema(), ensure_ascii=False, indent=2) + "\n"
    files = {out: render_template(env, "starter.yaml.j2", context).encode("utf-8"),
             out.parent / SCHEMA_FILE: schema.encode("utf-8")}
    write_outputs(files, force)
    return list(files)
