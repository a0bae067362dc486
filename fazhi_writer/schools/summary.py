"""The 汇总表 (.xlsx) a merge writes, kept as 佐证材料: one row per school and a totals row,
the full 法治副校长 roster and the awards, each row naming its school."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from .combine import Combined
from .fields import FormSpec
from .read import SchoolForm

TOTAL_LABEL = "合计"


def make_summary(forms: Sequence[SchoolForm], spec: FormSpec, combined: Combined,
                 notices: Sequence[str] = ()) -> bytes:
    """The summary workbook; notices (missing schools, outliers …) go on a sheet of their own."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "各校汇总"
    labels = [f.label for f in spec.fields]
    header = ["学校", "文件", *labels, "法治副校长人数", "获奖项数"]
    _table(sheet, header, [
        [f.school, f.file.name, *(_cell(f.values.get(label)) for label in labels),
         len(f.roster), len(f.awards)] for f in forms])
    totals = [TOTAL_LABEL, f"{len(forms)} 所学校",
              *(_cell(combined.sums.get(label)) for label in labels),
              combined.sums.get("法治副校长", 0), len(combined.awards)]
    sheet.append(totals)
    _bold(sheet, sheet.max_row)
    _table(book.create_sheet("法治副校长"), ["学校", *spec.roster_columns],
           [[f.school, *(row[c] for c in spec.roster_columns)] for f in forms for row in f.roster])
    _table(book.create_sheet("获奖情况"), ["学校", *spec.award_columns],
           [[f.school, *(a[c] for c in spec.award_columns)] for f in forms for a in f.awards])
    _table(book.create_sheet("汇总说明"), ["汇总时的提示"], [[n] for n in notices])
    book["汇总说明"].column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A value as the table shows it: 是/否 for flags, a list as its length."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return len(value) if isinstance(value, list) else value


def _table(sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
    sheet.append(header)
    _bold(sheet, 1)
    for row in rows:
        sheet.append(row)
    for index, cell in enumerate(sheet[1], 1):
        sheet.column_dimensions[cell.column_letter].width = 12 if index > 2 else 20
        if isinstance(cell.value, str) and len(cell.value) > 6:
            cell.alignment = _wrap()
    sheet.freeze_panes = "B2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def _bold(sheet: Any, row: int) -> None:
    from openpyxl.styles import Font

    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _wrap() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")
