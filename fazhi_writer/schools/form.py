"""Write the school form (.xlsx): a 基本情况 sheet of one value per field, a 法治副校长 roster,
an awards sheet, and a hidden sheet holding the version marker and where each field is."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from .fields import FormField, FormSpec

#: Cell A1 of the hidden sheet: how merge knows a workbook is a fazhi-write form.
MARKER = "fazhi-write 填报表"
#: Rows of the hidden sheet: A1 marker, B1 version; sheet roles from ROLE_ROW; fields from
#: FIELD_ROW (label, facts path, row on 基本情况); school names in column E.
ROLE_ROW, FIELD_ROW, NAMES_COLUMN = 3, 10, "E"
#: 基本情况: the school's name in NAME_CELL, the header in HEADER_ROW, fields below it.
NAME_CELL, HEADER_ROW = "C3", 4
BASIC_HEADER = ("序号", "项目", "填写", "单位", "说明")
INPUT_COLUMN = "C"
#: Rows open for the roster and the awards (header in row 2, data from row 3).
LIST_ROWS, LIST_FIRST = 200, 3
ROLES = ("基本情况", "法治副校长", "获奖")

_INPUT = "FFF2CC"
_INPUT_STYLE = "填写"
_HEAD = "D9E1F2"


def make_form(spec: FormSpec, schools: Sequence[str] = ()) -> bytes:
    """The form as .xlsx bytes; with schools, the name cell is a drop-down of them."""
    from openpyxl import Workbook

    book = Workbook()
    basic = book.active
    basic.title = spec.sheets["基本情况"]
    marker = book.create_sheet(spec.sheets["标记"])
    _basic_sheet(basic, spec, bool(schools))
    _list_sheet(book.create_sheet(spec.sheets["法治副校长"]), spec.roster["说明"],
                spec.roster_columns)
    _list_sheet(book.create_sheet(spec.sheets["获奖"]), spec.awards["说明"], spec.award_columns)
    _marker_sheet(marker, spec, schools)
    book.move_sheet(marker, offset=len(book.sheetnames) - 1 - book.index(marker))
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def field_row(index: int) -> int:
    """The 基本情况 row of the index-th field (0-based)."""
    return HEADER_ROW + 1 + index


def _basic_sheet(sheet: Any, spec: FormSpec, named: bool) -> None:
    from openpyxl.styles import Alignment, Font

    width = len(BASIC_HEADER)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"] = spec.title
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A2"] = "\n".join(f"{n}. {line}" for n, line in enumerate(spec.instructions, 1))
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 18 * len(spec.instructions) + 6
    sheet["B3"] = "学校名称"
    sheet["B3"].font = Font(bold=True)
    _input(sheet, NAME_CELL)
    if named:
        _validate(sheet, NAME_CELL, spec.prompts["学校名称"], "list",
                  formula1=f"'{spec.sheets['标记']}'!${NAMES_COLUMN}$1:${NAMES_COLUMN}$2000")
    _header(sheet, HEADER_ROW, BASIC_HEADER)
    for index, f in enumerate(spec.fields):
        row = field_row(index)
        sheet.cell(row, 1, index + 1)
        sheet.cell(row, 2, f.label).alignment = Alignment(wrap_text=True)
        sheet.cell(row, 4, {"整数": f.unit, "百分比": "%"}.get(f.kind, ""))
        sheet.cell(row, 5, f.note).alignment = Alignment(wrap_text=True)
        cell = f"{INPUT_COLUMN}{row}"
        _input(sheet, cell)
        _field_validation(sheet, cell, f, spec.prompts[f.kind])
    for column, size in zip("ABCDE", (6, 44, 14, 8, 48)):
        sheet.column_dimensions[column].width = size
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _protect(sheet)


def _field_validation(sheet: Any, cell: str, f: FormField, prompt: str) -> None:
    if f.kind == "整数":
        _validate(sheet, cell, prompt, "whole", operator="greaterThanOrEqual", formula1="0")
    elif f.kind == "百分比":
        _validate(sheet, cell, prompt, "decimal", operator="between", formula1="0",
                  formula2="100")
    elif f.kind == "是否":
        _validate(sheet, cell, prompt, "list", formula1='"是,否"')
    else:  # 日期: 2000-01-01 .. 2100-12-31 as Excel serial numbers
        _validate(sheet, cell, prompt, "date", operator="between", formula1="36526",
                  formula2="73415")
        sheet[cell].number_format = "yyyy-mm-dd"


def _validate(sheet: Any, cell: str, prompt: str, kind: str, **formulas: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type=kind, allow_blank=True, showErrorMessage=True,
                          showInputMessage=True, errorTitle="填写有误", error=prompt,
                          promptTitle="填写说明", prompt=prompt, **formulas)
    sheet.add_data_validation(rule)
    rule.add(cell)


def _list_sheet(sheet: Any, note: str, columns: Sequence[str]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"] = note
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 36
    _header(sheet, LIST_FIRST - 1, columns)
    for row in range(LIST_FIRST, LIST_FIRST + LIST_ROWS):
        for column in range(1, len(columns) + 1):
            _input(sheet, f"{get_column_letter(column)}{row}")
    for column in range(1, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 28
    sheet.freeze_panes = f"A{LIST_FIRST}"
    _protect(sheet)


def _marker_sheet(sheet: Any, spec: FormSpec, schools: Sequence[str]) -> None:
    sheet["A1"], sheet["B1"] = MARKER, spec.version
    sheet["A2"] = "本表由 fazhi-write 生成，汇总时据此识别表格和版本，请勿修改"
    for offset, role in enumerate(ROLES):
        sheet.cell(ROLE_ROW + offset, 1, role)
        sheet.cell(ROLE_ROW + offset, 2, spec.sheets[role])
    for index, f in enumerate(spec.fields):
        sheet.cell(FIELD_ROW + index, 1, f.label)
        sheet.cell(FIELD_ROW + index, 2, ".".join(f.path))
        sheet.cell(FIELD_ROW + index, 3, field_row(index))
    for index, name in enumerate(schools, 1):
        sheet[f"{NAMES_COLUMN}{index}"] = name
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def _header(sheet: Any, row: int, names: Sequence[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    for column, name in enumerate(names, 1):
        cell = sheet.cell(row, column, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD)


def _input(sheet: Any, cell: str) -> None:
    """An open (unlocked, shaded) cell: one named style, set by name (fast for many cells)."""
    from openpyxl.styles import NamedStyle, PatternFill, Protection

    book = sheet.parent
    if _INPUT_STYLE not in book.named_styles:
        book.add_named_style(NamedStyle(_INPUT_STYLE, fill=PatternFill("solid", fgColor=_INPUT),
                                        protection=Protection(locked=False)))
    sheet[cell].style = _INPUT_STYLE


def _protect(sheet: Any) -> None:
    """Lock every cell but the inputs (the school may still format and resize); print a sheet
    one page wide."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.page_setup.orientation = "landscape"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
