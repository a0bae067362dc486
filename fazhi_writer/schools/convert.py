"""Open a returned form as openpyxl workbooks; .xls and .et files are first converted to .xlsx
with LibreOffice (when it is installed), in a private folder with a throw-away profile."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

#: Suffixes merge reads from a folder (others, like a Word file beside the forms, are left out).
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")
_CONVERTED = {".xls": "旧版 Excel 格式（.xls）", ".et": "WPS 表格格式（.et）",
              ".ods": "OpenDocument 表格格式（.ods）"}
TIMEOUT = 120
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
SAVE_AS = "请在 Excel 或 WPS 中打开它，“另存为”Excel 工作簿（.xlsx）后再汇总"


def open_workbooks(path: Path) -> tuple[Any, Any] | str:
    """(values, formulas) workbooks of a form, or the Chinese reason it cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return ("是 CSV 文件：CSV 只能保存一张工作表，填报表的“法治副校长”“获奖情况”两张表和版本标记都丢失了，"
                "无法汇总：请让学校在原来的 .xlsx 填报表中填写，并保存为 .xlsx")
    try:
        data = path.read_bytes()
    except OSError as e:
        return f"无法读取（{e.strerror or e}）"
    if suffix in _CONVERTED:
        converted = _convert(path, data)
        if isinstance(converted, str):
            return f"是{_CONVERTED[suffix]}，{converted}"
        data = converted
    elif suffix not in (".xlsx", ".xlsm"):
        return f"不是 Excel 表格（.xlsx）文件：{SAVE_AS}"
    return _load(data)


def _load(data: bytes) -> tuple[Any, Any] | str:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it drops (conditional formats of Excel/WPS)
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(data), data_only=True)
            formulas = (load_workbook(io.BytesIO(data), data_only=False)
                        if _has_formulas(data) else None)
    except Exception as e:  # noqa: BLE001 - any damage in a file from outside
        return (f"无法打开：文件已损坏、设置了打开密码，或不是 Excel 表格（{type(e).__name__}）；"
                f"{SAVE_AS}")
    return values, formulas


def _has_formulas(data: bytes) -> bool:
    """Whether a sheet holds a formula (<f> element); else the formulas need no second load."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(_FORMULA.search(archive.read(name)) for name in archive.namelist()
                   if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _convert(path: Path, data: bytes) -> bytes | str:
    """The file converted to .xlsx by LibreOffice, or why it could not be."""
    from ..errors import FazhiError
    from ..writers.pdf import find_soffice

    try:
        soffice = find_soffice()
    except FazhiError:
        return f"本机没有安装 LibreOffice，无法自动转换：{SAVE_AS}"
    with tempfile.TemporaryDirectory(prefix="fazhi-write-") as tmp:
        folder = Path(tmp)
        source = folder / f"form{path.suffix.lower()}"
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nologo", "--convert-to", "xlsx",
                   "--outdir", str(folder), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                           start_new_session=os.name != "nt")
        except (OSError, subprocess.TimeoutExpired):
            return f"LibreOffice 没能转换它：{SAVE_AS}"
        result = folder / "form.xlsx"
        if not result.is_file():
            return f"LibreOffice 没能转换它：{SAVE_AS}"
        return result.read_bytes()
