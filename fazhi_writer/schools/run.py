"""`fazhi-write form`: write the school form, optionally with the school list as a drop-down."""

from __future__ import annotations

from pathlib import Path

from ..errors import FazhiError
from .fields import load_spec
from .form import make_form


def write_form(out: Path, schools_file: Path | None = None, template_dir: Path | None = None,
               force: bool = False) -> tuple[Path, list[Path]]:
    """Write the form to out; return it and any backup of a file it replaced."""
    from ..writers.output import write_outputs
    from .merge import read_school_list

    if out.suffix.lower() != ".xlsx":
        raise FazhiError(f"{out}: 填报表请用 .xlsx 作扩展名（Excel、WPS 和 LibreOffice 都能打开）")
    schools = read_school_list(schools_file) if schools_file else []
    backups = write_outputs({out: make_form(load_spec(template_dir), schools)}, force)
    return out, backups
