"""The fazhi-write command line: thin wrappers over pipeline; the only place that prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import FazhiError

app = typer.Typer(
    help="fazhi-write：从事实文件（YAML）生成教育局法治政府建设年度报告（.docx 和 .txt）。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

FactsArg = Annotated[Path, typer.Argument(help="事实文件（.yaml）", show_default=False)]
TemplateDirOpt = Annotated[
    Optional[Path], typer.Option("--template-dir", help="本单位的模板目录，优先于内置模板")
]
KindOpt = Annotated[str, typer.Option("--kind", help="报告种类：annual（年度报告）")]


def _fail(error: FazhiError) -> None:
    typer.echo(str(error), err=True)
    raise typer.Exit(code=1)


def _warn(warnings: list[str]) -> None:
    for w in warnings:
        typer.echo(w, err=True)


@app.command()
def draft(
    facts: FactsArg,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="输出目录（默认与事实文件同目录）")] = None,
    fmt: Annotated[str, typer.Option("--format", help="输出格式，逗号分隔：docx,txt")] = "docx,txt",
    kind: KindOpt = "annual",
    template_dir: TemplateDirOpt = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已被修改的输出文件（先自动备份）")] = False,
) -> None:
    """生成报告，并列出写出的文件。"""
    from .pipeline import draft as run_draft

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    try:
        result = run_draft(facts, out, formats, kind, template_dir, force)
    except FazhiError as e:
        _fail(e)
    _warn(result.warnings)
    for backup in result.backups:
        typer.echo(f"提示：原文件已备份为 {backup}", err=True)
    for path in result.written:
        typer.echo(str(path))


@app.command()
def check(facts: FactsArg, kind: KindOpt = "annual", template_dir: TemplateDirOpt = None) -> None:
    """检查事实文件（不写出任何文件）：格式错误、不合理的数值、缺少的必备部分。"""
    from .errors import listing
    from .pipeline import check as run_check

    try:
        found = run_check(facts, kind, template_dir)
    except FazhiError as e:
        _fail(e)
    errors, warnings = len(found.errors), len(found.warnings)
    if found.problems:
        typer.echo(listing(facts, found.problems), err=True)
    if errors:
        typer.echo(f"{facts}: 发现 {errors} 处错误" + (f"、{warnings} 条提示" if warnings else "")
                   + "，请改正后再生成报告", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"{facts}: 检查通过" + (f"（{warnings} 条提示）" if warnings else ""))


@app.command()
def schema(
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="写入文件（默认输出到屏幕）")] = None,
) -> None:
    """输出事实文件的 JSON Schema（供编辑器自动补全和提示）。"""
    from .schema import Facts

    text = json.dumps(Facts.model_json_schema(by_alias=True), ensure_ascii=False, indent=2)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(str(out))
    else:
        typer.echo(text)


def main() -> None:
    """Run the command line (console script entry point)."""
    app()
