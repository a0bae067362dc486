"""The fazhi-write command line: thin wrappers over pipeline; the only place that prints
(with drafting.py, the draft command's body, which entry.py also runs without typer)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import FazhiError, OptionError
from .chinese import ChineseTyper
from .drafting import DraftArgs, check_options
from .drafting import draft as draft_files
from .drafting import warn as _warn

app = ChineseTyper(
    help="fazhi-write：从事实文件（YAML）生成教育局法治政府建设年度报告（.docx 和 .txt）。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    # help and usage errors in Chinese (chinese.py), for every command
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _path(value: str) -> Path:
    """A path argument; an empty one (an unset "$FILE") is a usage error, not the folder we
    are in."""
    if not value:
        raise typer.BadParameter("不能是空的（是不是引用了一个没有设置的变量，如 \"$FILE\"？）")
    return Path(value)


FactsArg = Annotated[Path, typer.Argument(help="事实文件（.yaml）", show_default=False,
                                          metavar="事实文件", parser=_path)]
FactsArgs = Annotated[list[Path], typer.Argument(
    help="事实文件（.yaml），可以写多个，或写文件夹（其中全部 .yaml 文件）", show_default=False,
    metavar="事实文件...", parser=_path)]
TemplateDirOpt = Annotated[Optional[Path], typer.Option(
    "--template-dir", help="本单位的模板目录，优先于内置模板", parser=_path)]
KindOpt = Annotated[Optional[str], typer.Option(
    "--kind", help="报告类型：annual（年度报告）、shufa（述法报告）、summary（工作总结），"
                   "也可写中文名；不填则按事实文件中的“报告类型”，默认年度报告",
    show_default=False)]
PreviousOpt = Annotated[Optional[Path], typer.Option(
    "--previous", help="上年事实文件，用于写“较上年增加……”（默认用事实文件中记录的“上年事实文件”）",
    parser=_path)]
FontsOpt = Annotated[
    Optional[str],
    typer.Option("--fonts", help="字体方案：GB2312、Windows、方正GBK（见 templates/fonts.yaml）"),
]


def _show_version(wanted: bool) -> None:
    if wanted:
        from .. import __version__

        typer.echo(f"fazhi-write {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", help="显示版本号并退出", callback=_show_version, is_eager=True)] = False) -> None:
    """fazhi-write：从事实文件（YAML）生成教育局法治政府建设年度报告（.docx 和 .txt）。"""


def _fail(error: FazhiError) -> None:
    typer.echo(str(error), err=True)
    raise typer.Exit(code=1)


@contextmanager
def _usage() -> Iterator[None]:
    """Turn an OptionError into typer's usage error (exit 2), any other FazhiError into exit 1."""
    try:
        yield
    except OptionError as e:
        raise typer.BadParameter(str(e), param_hint=e.param_hint) from None
    except FazhiError as e:
        _fail(e)


@app.command()
def draft(
    facts: FactsArgs,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="输出目录（默认与事实文件同目录）")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", help="输出格式，逗号分隔：docx,txt,pdf（pdf 需要安装 LibreOffice）")] = "docx,txt",
    kind: KindOpt = None,
    template_dir: TemplateDirOpt = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已被修改的输出文件（先自动备份）")] = False,
    previous: PreviousOpt = None,
    fonts: FontsOpt = None,
    jobs: Annotated[Optional[int], typer.Option(
        "-j", "--jobs", min=1, help="多个事实文件时同时生成的进程数（默认按 CPU 核数）")] = None,
) -> None:
    """生成报告，并列出写出的文件；可一次生成多个事实文件（或一个文件夹中全部）的报告。"""
    with _usage():
        code = draft_files(DraftArgs(facts, out, fmt, kind, template_dir, force, previous, fonts,
                                     jobs))
    if code:
        raise typer.Exit(code=code)


@app.command()
def check(facts: FactsArg, kind: KindOpt = None, template_dir: TemplateDirOpt = None,
          previous: PreviousOpt = None, fonts: FontsOpt = None) -> None:
    """检查事实文件（不写出任何文件）：格式错误、不合理的数值、缺少的必备部分、每一处“待填”、与上年相同的数字、所选字体缺少的字。"""
    from ..pipeline import check as run_check

    with _usage():
        check_options(kind, fonts, template_dir)
    try:
        result = run_check(facts, kind, template_dir, previous, fonts)
    except FazhiError as e:
        _fail(e)
    for line in result.errors:
        typer.echo(line, err=True)
    _warn(result.warnings)
    for line in result.blanks:
        typer.echo(line)
    counts = [f"{len(result.warnings)} 条提示"] if result.warnings else []
    counts += [f"{len(result.blanks)} 处待填"] if result.blanks else []
    if result.errors:
        typer.echo(f"{facts}: 发现 {len(result.errors)} 处错误" + "".join(f"、{c}" for c in counts)
                   + "，请改正后再生成报告", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"{facts}: 检查通过" + (f"（{'，'.join(counts)}）" if counts else ""))


@app.command()
def init(
    out: Annotated[Path, typer.Option("-o", "--out", help="新事实文件的路径")] = Path("事实文件.yaml"),
    kind: KindOpt = "annual",
    template_dir: TemplateDirOpt = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已被修改的同名文件（先自动备份）")] = False,
) -> None:
    """生成一份空白事实文件：每个字段都有中文说明，未知的值写作“待填”；同时写出编辑器用的 JSON Schema。"""
    from ..pipeline import init as run_init

    try:
        written = run_init(out, kind or "annual", template_dir, force=force)
    except FazhiError as e:
        _fail(e)
    for path in written:
        typer.echo(str(path))


@app.command("next-year")
def next_year(
    facts: FactsArg,
    out: Annotated[Optional[Path], typer.Option(
        "-o", "--out", help="新事实文件（默认与原文件同目录，文件名中的年份加一）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已被修改的同名文件（先自动备份）")] = False,
) -> None:
    """生成下一年度的事实文件：年度加一，注释和顺序原样保留，一年一变的数字改为“待填”。不修改原文件。"""
    from ..pipeline import next_year as run_next_year

    try:
        result = run_next_year(facts, out, force)
    except FazhiError as e:
        _fail(e)
    for backup in result.backups:
        typer.echo(f"提示：原文件已备份为 {backup}", err=True)
    _warn([f"新文件中有 {result.blanks} 处“待填”（后面注明了上年的值），"
           f"用 fazhi-write check {result.written} 逐一查看"] if result.blanks else [])
    typer.echo(str(result.written))


@app.command()
def schema(
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="写入文件（默认输出到屏幕）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖不是本工具写出的同名文件（先自动备份）")] = False,
) -> None:
    """输出事实文件的 JSON Schema（供编辑器自动补全和提示）。"""
    from ..facts.schema import facts_json_schema

    text = json.dumps(facts_json_schema(), ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
        return
    from ..pipeline import write_schema

    try:
        backups = write_schema(out, text + "\n", force)
    except FazhiError as e:
        _fail(e)
    for backup in backups:
        typer.echo(f"提示：原文件已备份为 {backup}", err=True)
    typer.echo(str(out))


SchoolsOpt = Annotated[Optional[Path], typer.Option(
    "--schools", help="学校名单（文本文件，每行一所学校）：表中的学校名称做成下拉选择，汇总时核对谁没交表")]


@app.command()
def form(
    out: Annotated[Path, typer.Option("-o", "--out", help="填报表的路径")] = Path("填报表.xlsx"),
    schools: SchoolsOpt = None,
    template_dir: TemplateDirOpt = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已被修改的同名文件（先自动备份）")] = False,
) -> None:
    """生成发给各学校的 Excel 填报表（.xlsx）：基本情况、法治副校长名单、获奖情况，学校填好交回后用 merge 汇总。"""
    from ..schools.run import write_form

    try:
        written, backups = write_form(out, schools, template_dir, force)
    except FazhiError as e:
        _fail(e)
    for backup in backups:
        typer.echo(f"提示：原文件已备份为 {backup}", err=True)
    typer.echo(str(written))


@app.command()
def merge(
    forms: Annotated[list[Path], typer.Argument(
        help="学校交回的填报表（.xlsx），可以写多个，或写文件夹（其中全部表格文件）", show_default=False,
        metavar="填报表...", parser=_path)],
    into: Annotated[Path, typer.Option("--into", help="要写入合计数的事实文件（.yaml，写入前自动备份）",
                                       show_default=False)],
    schools: SchoolsOpt = None,
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="有问题的表先不汇总（列出问题），只汇总没有问题的学校")] = False,
    summary: Annotated[Optional[Path], typer.Option(
        "--summary", help="汇总表（.xlsx）的路径（默认与事实文件同目录的 汇总表.xlsx）")] = None,
    template_dir: TemplateDirOpt = None,
) -> None:
    """汇总学校交回的填报表：逐格检查（有错全部列出，不写入），把合计数写入事实文件（注明来源），并写出汇总表。"""
    from ..schools.merge import merge as run_merge

    try:
        result = run_merge(forms, into, schools, skip_bad, summary, template_dir)
    except FazhiError as e:
        _fail(e)
    for line in result.skipped:
        typer.echo(f"已跳过：{line}", err=True)
    _warn(result.notices)
    for backup in result.backups:
        typer.echo(f"提示：原文件已备份为 {backup}", err=True)
    typer.echo(f"已汇总 {len(result.schools)} 所学校的填报表，写入 {result.facts}")
    typer.echo(f"汇总表：{result.summary}")
    typer.echo(f"请用 fazhi-write check {result.facts} 检查后再生成报告")


templates_app = ChineseTyper(help="报告类型和模板：列出、导出供本单位修改。", no_args_is_help=False)
app.add_typer(templates_app, name="templates")


@templates_app.callback(invoke_without_command=True)
def templates(ctx: typer.Context, template_dir: TemplateDirOpt = None) -> None:
    """列出各报告类型、说明和模板所在目录。"""
    from ..report.kinds import list_kinds
    from ..report.render import builtin_templates

    if ctx.invoked_subcommand is not None:
        return
    try:
        kinds = list_kinds(template_dir)
    except FazhiError as e:
        _fail(e)
    for info in kinds:
        typer.echo(f"{info.kind.name}（{info.kind.label}）：{info.kind.description}")
        typer.echo(f"    模板：{info.folder}")
    typer.echo(f"共用文件（macros.j2、themes.yaml、reference.docx、fonts.yaml、fonts.conf、nobreak.yaml）：{builtin_templates()}")


@templates_app.command("export")
def templates_export(
    kind: Annotated[str, typer.Argument(help="报告类型，如 annual、shufa、summary", show_default=False,
                                        metavar="报告类型")],
    folder: Annotated[Path, typer.Argument(help="导出到的目录", show_default=False, metavar="目录",
                                           parser=_path)],
    force: Annotated[bool, typer.Option("--force", help="覆盖目录中内容不同的同名文件")] = False,
) -> None:
    """把一种报告的模板（提纲、设置、共用句式、reference.docx、字体方案）复制到目录中，供本单位修改。"""
    from ..report.kinds import export_kind, find_kind

    try:
        written = export_kind(find_kind(kind) or kind, folder, force)
    except FazhiError as e:
        _fail(e)
    for path in written:
        typer.echo(str(path))
    typer.echo(f"提示：修改后用 --template-dir {folder} 生成报告", err=True)


def main() -> None:
    """Run the command line (console script entry point)."""
    app()
