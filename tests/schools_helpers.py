"""Fill the school form as a school would (openpyxl, into the unlocked cells)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from fazhi_writer.schools.fields import load_spec
from fazhi_writer.schools.form import LIST_FIRST, field_row, make_form

SPEC = load_spec()
LABELS = [f.label for f in SPEC.fields]


@lru_cache(maxsize=4)
def blank_form(schools: tuple[str, ...] = ()) -> bytes:
    return make_form(SPEC, schools)


def cell_of(label: str) -> str:
    """The 基本情况 input cell of a field."""
    return f"C{field_row(LABELS.index(label))}"


def fill(school: str, values: dict[str, Any], roster: Sequence[Sequence[str]] = (),
         awards: Sequence[Sequence[str]] = (), schools: Sequence[str] = ()) -> Any:
    """A filled form as an openpyxl workbook (values by field label)."""
    book = load_workbook(io.BytesIO(blank_form(tuple(schools))))
    basic = book[SPEC.sheets["基本情况"]]
    basic["C3"] = school
    for label, value in values.items():
        basic[cell_of(label)] = value
    for sheet, rows in ((SPEC.sheets["法治副校长"], roster), (SPEC.sheets["获奖"], awards)):
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, 1):
                book[sheet].cell(LIST_FIRST + offset, column, value)
    return book


def save(book: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_form(folder: Path, school: str, values: dict[str, Any],
               roster: Sequence[Sequence[str]] = (), awards: Sequence[Sequence[str]] = (),
               name: str | None = None) -> Path:
    return save(fill(school, values, roster, awards), folder / f"{name or school}.xlsx")
