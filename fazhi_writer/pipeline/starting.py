"""Files a clerk starts from: next year's facts file (next_year) and a starter one (init)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from ..errors import FazhiError
from ..report.render import make_env
from .preparing import _load


class Rolled(NamedTuple):
    """What next_year() wrote: the new facts file, any backup, and how many 待填 it holds."""

    written: Path
    blanks: int
    backups: list[Path]


def next_year(facts_path: Path, out: Path | None = None, force: bool = False) -> Rolled:
    """Write next year's facts file from this year's; the input is only read."""
    import os

    from ..facts.decode import read_text
    from ..facts.invisible import clean
    from ..facts.nextyear import roll_forward
    from ..writers.output import write_outputs

    facts = _load(facts_path).facts
    target = out or facts_path.with_name(_next_name(facts_path, facts.year))
    if target.resolve() == facts_path.resolve():
        raise FazhiError(f"{target}: 输出文件就是输入的事实文件，next-year 不会改动上年的文件，请用 -o 换一个文件名")
    link = Path(os.path.relpath(facts_path.resolve(), target.resolve().parent)).as_posix()
    # without the invisible characters draft removes (Word's \x0b, \x0c, NUL …): ruamel refuses them
    text = roll_forward(clean(read_text(facts_path)), facts, link)
    backups = write_outputs({target: text.encode("utf-8")}, force)
    return Rolled(written=target, blanks=len(_load(target).blanks), backups=backups)


def _next_name(facts_path: Path, year: int) -> str:
    """Name next year's file: the year in the name moved on, else _<year> added."""
    stem = facts_path.stem
    if str(year) in stem:
        head, _, tail = stem.rpartition(str(year))
        return f"{head}{year + 1}{tail}{facts_path.suffix}"
    return f"{stem}_{year + 1}{facts_path.suffix}"


def write_schema(out: Path, text: str, force: bool) -> list[Path]:
    """Write the JSON Schema to out (never over a facts file); return the backups made."""
    from ..writers.output import write_outputs

    if out.suffix.lower() in (".yaml", ".yml"):
        raise FazhiError(f"{out}: JSON Schema 应写入 .json 文件，这个文件名像是事实文件，没有写入"
                         "（请用 -o 指定一个 .json 文件）")
    return write_outputs({out: text.encode("utf-8")}, force,
                         advice="请换一个文件名，或使用 --force（会先备份原文件）")


def init(out: Path, kind: str = "annual", template_dir: Path | None = None,
         today: dt.date | None = None, force: bool = False) -> list[Path]:
    """Write a starter facts file and, beside it, the JSON Schema its modeline names."""
    import json

    from ..facts.schema import facts_json_schema
    from ..facts.starter import SCHEMA_FILE, default_year, starter_lines
    from ..report.build import load_kind
    from ..report.render import render_template
    from ..writers.output import write_outputs

    env = make_env(template_dir)
    year = default_year(today or dt.date.today())
    context = {"lines": starter_lines(year), "schema": SCHEMA_FILE,
               "description": load_kind(env, kind).description}
    schema = json.dumps(facts_json_schema(), ensure_ascii=False, indent=2) + "\n"
    files = {out: render_template(env, "starter.yaml.j2", context).encode("utf-8"),
             out.parent / SCHEMA_FILE: schema.encode("utf-8")}
    write_outputs(files, force)
    return list(files)
