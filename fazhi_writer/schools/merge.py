"""`fazhi-write merge`: read every returned form, refuse (listing every problem) unless all are
right, total them into the facts file (with a backup) and write the 汇总表."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FazhiError
from .combine import Combined, combine
from .convert import SPREADSHEETS
from .factsfile import Total, update_facts
from .fields import FormSpec, load_spec
from .read import SchoolForm, read_form

SUMMARY_NAME = "汇总表.xlsx"


class FormsError(FazhiError):
    """Raised with every problem of the forms; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems) + f"\n共 {len(problems)} 处问题，没有写入任何文件："
                         "请让学校改正后重新交表，或用 --skip-bad 先汇总没有问题的学校")


@dataclass
class Merged:
    """What merge did."""

    facts: Path
    summary: Path
    schools: list[str]
    backups: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Problems of the forms left out (with --skip-bad)."""
    notices: list[str] = field(default_factory=list)


def merge(inputs: list[Path], facts_path: Path, schools_file: Path | None = None,
          skip_bad: bool = False, summary: Path | None = None,
          template_dir: Path | None = None) -> Merged:
    """Merge the forms (files or folders) into the facts file; raise FazhiError on any problem."""
    from ..writers.output import write_outputs
    from .summary import make_summary

    spec = load_spec(template_dir)
    summary = summary or facts_path.with_name(SUMMARY_NAME)
    text, facts = _facts(facts_path)
    listed = read_school_list(schools_file) if schools_file else None
    forms, problems, twice = _read_all(_form_files(inputs, summary), spec, listed)
    if problems and not skip_bad:
        raise FormsError(problems)
    blank = [f"{f.file.name} 是空白表（什么都没有填写），未汇总" for f in forms if f.empty]
    good = [f for f in forms if not f.problems and not f.empty]
    if listed:  # the list's order (the summary's rows, the awards)
        good.sort(key=lambda f: listed.index(f.school))
    if not good:
        raise FazhiError("\n".join([*problems, *blank, "没有一份可以汇总的填报表，没有写入任何文件"]))
    result = Merged(facts_path, summary, [f.school for f in good], skipped=problems)
    total, notices = _school_total(facts, listed, schools_file)
    combined = combine(good, spec, listed, total)
    combined.notices[:0] = blank + notices + twice + _absent(good, listed)
    combined.totals[:0] = _total_row(facts, listed, schools_file)
    _coverage(combined, facts)
    awards_path = tuple(str(spec.awards["路径"]).split("."))
    new_text, notes = update_facts(text, combined.totals, awards_path, combined.awards, "学校填报")
    _check_result(new_text, facts_path)
    result.notices = combined.notices + notes
    table = make_summary(good, spec, combined, result.notices)
    result.backups += write_outputs({summary: table}, force=True)
    result.backups += write_outputs({facts_path: new_text.encode("utf-8")}, force=True, record=False)
    return result


def _facts(path: Path) -> tuple[str, Any]:
    """The facts file's text and its validated facts (merge refuses a file with errors)."""
    from ..facts.decode import read_text

    return read_text(path), _validated(path)[0]


def _validated(path: Path) -> tuple[Any, Any]:
    """The facts of a facts file, and its round-trip data; raise with every problem."""
    from ..errors import FactsValidationError
    from ..facts.placeholders import mark_placeholders
    from ..facts.read import load
    from ..facts.validate import validate_facts

    loaded = load(path)
    if loaded.problems:
        raise FactsValidationError(path, loaded.problems)
    mark_placeholders(loaded.data)
    return validate_facts(loaded.data, path), loaded.data


def _check_result(text: str, facts_path: Path) -> None:
    """The merged text must still be a valid facts file, without contradictions (lint errors)
    the clerk's file did not have; else nothing is written."""
    from ..facts.lint import lint

    before = {p.message for p in lint(*_validated(facts_path)) if not p.warning}
    with tempfile.TemporaryDirectory(prefix="fazhi-write-") as tmp:
        trial = Path(tmp) / facts_path.name
        trial.write_text(text, encoding="utf-8")
        try:
            found = [p for p in lint(*_validated(trial)) if not p.warning and p.message not in before]
        except FazhiError as e:
            raise FazhiError(f"{facts_path}: 汇总后的事实文件不能通过检查，没有写入：\n{e}") from None
    if found:
        lines = "\n".join(f"{facts_path}: 字段“{p.path}”：{p.message}" for p in found)
        raise FazhiError(f"{lines}\n汇总的数与事实文件中的其他数不一致，没有写入：请核对上面的字段"
                         "（或学校名单、学校总数）后再汇总")


def read_school_list(path: Path) -> list[str]:
    """The school list: one name a line; blank lines and lines starting with # are skipped."""
    from ..facts.decode import read_text
    from .cells import school_name

    if not path.is_file():
        raise FazhiError(f"{path}: 找不到学校名单（每行写一所学校名称的文本文件）")
    try:
        text = read_text(path)
    except FazhiError as e:  # its message names the file: keep what follows the name
        raise FazhiError(f"{path}: 无法读取学校名单（{str(e).split(': ', 1)[-1]}）") from None
    names = [school_name(line) for line in text.splitlines() if not line.strip().startswith("#")]
    names = [n for n in names if n]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise FazhiError(f"{path}: 学校名单中有重复的学校：{'、'.join(twice)}")
    if not names:
        raise FazhiError(f"{path}: 学校名单是空的（每行写一所学校的名称）")
    return names


def _form_files(inputs: list[Path], summary: Path) -> list[Path]:
    files: list[Path] = []
    missing = [str(item) for item in inputs if not item.exists()]
    if missing:
        raise FazhiError(f"{'、'.join(missing)}: 找不到这个文件或文件夹")
    for item in inputs:
        if item.is_dir():
            files += sorted(p for p in item.iterdir() if p.is_file()
                            and p.suffix.lower() in SPREADSHEETS
                            and not p.name.startswith(("~$", ".~lock", "."))
                            and not _is_summary(p, summary))
        else:
            files.append(item)
    if not files:
        raise FazhiError(f"{'、'.join(map(str, inputs))}: 没有找到填报表（.xlsx 文件）")
    return files


def _is_summary(path: Path, summary: Path) -> bool:
    """The 汇总表 merge writes (and its backups) is not a school's form."""
    return path.name == summary.name or path.name.startswith(f"{summary.stem}.备份-")


def _read_all(files: list[Path], spec: FormSpec,
              listed: list[str] | None) -> tuple[list[SchoolForm], list[str], list[str]]:
    """Every form; every problem (those of each file, a school sending two different forms);
    notices of a school sending the same form twice (counted once)."""
    forms, notices = [], []
    for path in files:
        forms.append(read_form(path, spec, listed))
    by_school: dict[str, list[SchoolForm]] = {}
    for form in forms:
        if form.school and not form.problems and not form.empty:
            by_school.setdefault(form.school, []).append(form)
    for school, same in by_school.items():
        for extra in same[1:]:
            if _content(extra) == _content(same[0]):
                notices.append(f"{school}交了两份相同的表（{same[0].file.name}、{extra.file.name}），只计一次")
                forms.remove(extra)
            else:
                extra.problem(None, "", f"与 {same[0].file.name} 都是“{school}”的填报表，内容不同："
                              "请确认哪一份是对的，删去另一份")
                same[0].problem(None, "", f"与 {extra.file.name} 都是“{school}”的填报表，内容不同")
    return forms, [p for f in forms for p in f.problems], notices


def _content(form: SchoolForm) -> Any:
    return form.values, form.roster, form.awards


def _absent(forms: list[SchoolForm], listed: list[str] | None) -> list[str]:
    missing = [s for s in listed or () if s not in {f.school for f in forms}]
    return [f"学校名单中有 {len(missing)} 所学校没有交表（或表有问题被跳过）：{'、'.join(missing)}"] \
        if missing else []


def _exact(quantity: Any) -> int | None:
    if quantity is None or not hasattr(quantity, "value") or quantity.approximate:
        return None
    return int(quantity.value)


def _school_total(facts: Any, listed: list[str] | None,
                  schools_file: Path | None) -> tuple[int | None, list[str]]:
    """学校总数: the facts file's, else the list's length."""
    total = _exact(facts.schools)
    if total and listed and total != len(listed):
        notice = (f"事实文件中的学校总数是 {total} 所，学校名单 {schools_file} 中有 {len(listed)} 所："
                  f"配备率按学校总数 {total} 所计算，请核对")
        return total, [notice]
    return (total or (len(listed) if listed else None)), []


def _total_row(facts: Any, listed: list[str] | None, schools_file: Path | None) -> list[Total]:
    """学校总数 from the list when the facts file has none."""
    if facts.schools is not None or not listed:
        return []
    return [Total(("学校总数",), f"{len(listed)}所", f"学校名单 {schools_file.name if schools_file else ''} 中的学校数")]


def _coverage(combined: Combined, facts: Any) -> None:
    """覆盖学校 keeps the clerk's one category name (中小学: 23所); with several, it is left alone."""
    existing = getattr(facts.vice_principals, "covered", None) or {}
    for index, total in enumerate(combined.totals):
        if total.path[-1] != "覆盖学校" or not existing:
            continue
        if len(existing) > 1:
            combined.notices.append(f"事实文件中的“覆盖学校”分了 {len(existing)} 类，没有改动"
                                    f"（学校名单中有法治副校长的学校共 {total.value['学校']}）")
            del combined.totals[index]
        else:
            combined.totals[index] = Total(total.path, {next(iter(existing)): total.value["学校"]},
                                           total.comment)
        return
