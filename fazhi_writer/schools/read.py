"""Read and check the forms schools send back; every problem is located as
`一中.xlsx 基本情况!C7：应为整数，实际是“很多”`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from . import cells
from .convert import open_workbooks
from .fields import FormSpec
from .form import FIELD_ROW, HEADER_ROW, INPUT_COLUMN, LIST_FIRST, MARKER, NAME_CELL, ROLE_ROW

Value = int | float | bool | dt.date


@dataclass
class SchoolForm:
    """What one school's form says."""

    file: Path
    school: str = ""
    values: dict[str, Value] = field(default_factory=dict)
    """Field label -> value; blank cells are absent."""
    roster: list[dict[str, str]] = field(default_factory=list)
    awards: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    empty: bool = False
    """Nothing was filled in (a blank form): left out with a notice."""
    notices: list[str] = field(default_factory=list)

    def problem(self, sheet: Any, cell: str, message: str) -> None:
        where = f"{sheet.title}!{cell}" if sheet is not None else ""
        self.problems.append(f"{self.file.name} {where}：{message}" if where
                             else f"{self.file.name}：{message}")


def read_form(path: Path, spec: FormSpec, schools: list[str] | None = None) -> SchoolForm:
    """Read one returned form; its problems are listed in .problems (never raised)."""
    form = SchoolForm(path)
    opened = open_workbooks(path)
    if isinstance(opened, str):
        form.problem(None, "", opened)
        return form
    values, formulas = opened
    marker = _marker(values)
    if marker is None:
        form.problem(None, "", "不是 fazhi-write 生成的填报表（没有找到隐藏的“版本”标记）："
                     "请用 fazhi-write form 生成的表格填写，不要把数据复制到别的表格中")
        return form
    version = marker["B1"].value
    if str(version).strip() != str(spec.version):
        form.problem(None, "", f"这是第 {version} 版填报表，当前为第 {spec.version} 版（填报项目有变化），"
                     "不能汇总：请用 fazhi-write form 生成新表发给学校，或把数据抄到新表中")
        return form
    sheets = _sheets(values, marker, spec, form)
    if form.problems:
        return form
    _read_basic(form, sheets["基本情况"], formulas, spec, marker, schools)
    form.roster = _read_list(form, sheets["法治副校长"], formulas, spec.roster_columns, ("姓名",))
    form.awards = _read_list(form, sheets["获奖"], formulas, spec.award_columns, ("赛事", "奖项"))
    if not (form.school or form.values or form.roster or form.awards or form.problems[1:]):
        form.problems.clear()
        form.empty = True  # the blank form kept beside the returned ones
    return form


def _marker(book: Any) -> Any:
    """The sheet carrying the version marker (found by content: its name may have changed)."""
    return next((s for s in book.worksheets if s["A1"].value == MARKER), None)


def _sheets(book: Any, marker: Any, spec: FormSpec, form: SchoolForm) -> dict[str, Any]:
    """The three sheets by their role: by the name the form gave them, else by their header
    (a school may rename a sheet)."""
    headers = {"基本情况": ("项目", "填写"), "法治副校长": spec.roster_columns,
               "获奖": spec.award_columns}
    found = {}
    for offset, role in enumerate(("基本情况", "法治副校长", "获奖")):
        name = str(marker.cell(ROLE_ROW + offset, 2).value or spec.sheets[role])
        candidates = [book[name]] if name in book.sheetnames else []
        candidates += [s for s in book.worksheets if s.title != name and s is not marker]
        sheet = next((s for s in candidates if _has_header(s, headers[role])), None)
        if sheet is None:
            form.problem(None, "", f"找不到“{name}”工作表（表头应有 {'、'.join(headers[role])}）："
                         "请用 fazhi-write form 生成的表格填写，不要删除工作表或表头")
        found[role] = sheet
    return found


def _has_header(sheet: Any, names: tuple[str, ...]) -> bool:
    return _header_row(sheet, names) is not None


def _header_row(sheet: Any, names: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The row (among the first ten) holding every name, with each name's column."""
    for row in sheet.iter_rows(min_row=1, max_row=10):
        columns = {cells.text(c.value): c.column for c in row if isinstance(c.value, str)}
        if all(n in columns for n in names):
            return row[0].row, {n: columns[n] for n in names}
    return None


def _read_basic(form: SchoolForm, sheet: Any, formulas: Any, spec: FormSpec, marker: Any,
                schools: list[str] | None) -> None:
    name = _cell(form, sheet, formulas, NAME_CELL)
    form.school = cells.school_name(name)
    if schools is not None:  # as the list spells it: （） or (), full- or half-width digits
        spelled = {cells.name_key(s): s for s in schools}
        form.school = spelled.get(cells.name_key(form.school), form.school)
    if not form.school:
        form.problem(sheet, NAME_CELL, "没有填写学校名称")
    elif schools is not None and form.school not in schools:
        form.problem(sheet, NAME_CELL, f"学校名称“{form.school}”不在学校名单中"
                     "（请按名单填写学校全称，或把这所学校加入名单）")
    labels = _labels(sheet)
    for index, f in enumerate(spec.fields):
        recorded = marker.cell(FIELD_ROW + index, 3).value
        row = recorded if labels.get(recorded) == f.label else next(
            (r for r, label in labels.items() if label == f.label), None)
        if row is None:
            form.problem(sheet, f"B{HEADER_ROW + 1}", f"找不到项目“{f.label}”（表格的行被删除或改动过）")
            continue
        coordinate = f"{INPUT_COLUMN}{row}"
        value = _cell(form, sheet, formulas, coordinate)
        parsed, problem = cells.parse(f.kind, value, sheet[coordinate].number_format or "")
        if problem:
            form.problem(sheet, coordinate, problem)
        elif parsed is not None:
            form.values[f.label] = parsed


def _labels(sheet: Any) -> dict[int, str]:
    """Column B's text by row, below the header."""
    return {c.row: cells.text(c.value) for (c,) in sheet.iter_rows(
        min_row=HEADER_ROW + 1, min_col=2, max_col=2) if not cells.blank(c.value)}


def _cell(form: SchoolForm, sheet: Any, formulas: Any, coordinate: str) -> Any:
    """An input cell's value; merged into another cell or a formula without value: a problem."""
    origin = cells.merged_origin(sheet, coordinate)
    if origin is not None:
        form.problem(sheet, coordinate, f"这一格与 {origin} 合并了，请取消合并后在 {coordinate} 中填写")
        return None
    value, problem = cells.raw_value(sheet, _same(formulas, sheet), coordinate)
    if problem:
        form.problem(sheet, coordinate, problem)
    return value


def _same(formulas: Any, sheet: Any) -> Any:
    """The formulas' copy of a sheet (None when the file was converted and has none)."""
    return formulas[sheet.title] if formulas is not None and sheet.title in formulas else None


def _read_list(form: SchoolForm, sheet: Any, formulas: Any, columns: tuple[str, ...],
               required: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a roster or awards sheet: a cell merged over several rows (one 单位 for
    many people) counts for each of them."""
    found = _header_row(sheet, columns)
    assert found is not None  # _sheets chose the sheet by this header
    header, where = found
    first, last = max(header + 1, LIST_FIRST), min(sheet.max_row, cells.MAX_ROWS)
    merged = cells.merged_cells(sheet)
    written = _written_rows(sheet, _same(formulas, sheet), first, last, max(where.values()))
    rows: list[dict[str, str]] = []
    for row in sorted(written):
        item, own = {}, False
        for name, column in where.items():
            coordinate = f"{get_column_letter(column)}{row}"
            source = merged.get(coordinate, coordinate)
            value, problem = cells.raw_value(sheet, _same(formulas, sheet), source)
            if problem and source == coordinate:
                form.problem(sheet, source, problem)
            item[name] = cells.text(value)
            own = own or (source == coordinate and bool(item[name] or problem))
        if not own:
            continue  # an empty row (a merged cell reaching into it does not fill it)
        for name in required:
            if not item[name]:
                form.problem(sheet, f"{get_column_letter(where[name])}{row}", f"这一行缺少“{name}”")
        rows.append(item)
    return rows


def _written_rows(sheet: Any, formulas: Any, first: int, last: int, width: int) -> set[int]:
    """The rows holding anything (a value or a formula) in the first width columns."""
    found = set()
    for book in (sheet, formulas) if formulas is not None else (sheet,):
        for offset, values in enumerate(book.iter_rows(min_row=first, max_row=last,
                                                       max_col=width, values_only=True)):
            if any(not cells.blank(v) for v in values):
                found.add(first + offset)
    return found
