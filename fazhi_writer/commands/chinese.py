"""Help screens and usage errors in Chinese: typer's (and its click's) own words are English.

ChineseTyper is typer.Typer whose groups are ChineseGroup and whose commands are
ChineseCommand (typer's cls= hook, as the default of every command declared on it). Both write
their help themselves (usage, arguments, options, commands), and the group's main prints usage
errors, Ctrl-C and operating-system errors in Chinese.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from ..errors import describe_os_error

HELP_TEXT = "显示本帮助并退出"
#: Characters of a command's help shown in its group's list.
SHORT = 60
#: Words for the kind of value an option takes, by its annotation.
_VALUE_WORDS = {Path: "路径", str: "文字", int: "整数", float: "数字"}
#: typer's and pydantic's words for a bad value, and what to say instead (first match wins).
_VALUE_ERRORS = (
    (r"valid integer", "应为整数"),
    (r"valid number|valid float", "应为数字"),
    (r"valid boolean", "应为是或否"),
    (r"greater than or equal to (\S+)", r"应不小于 \1"),
    (r"less than or equal to (\S+)", r"应不大于 \1"),
    (r"greater than (\S+)", r"应大于 \1"),
    (r"less than (\S+)", r"应小于 \1"),
    (r"does not exist", "不存在"),
)


def _value_word(param: Any) -> str:
    """What an option's value is, in a word (路径, 文字, 整数)."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    word = _VALUE_WORDS.get(annotation, "值") if isinstance(annotation, type) else "值"
    return str(param.metavar or word)


def _argument_name(param: Any) -> str:
    """An argument as the usage line shows it: its Chinese metavar, … when it takes many."""
    name = param.metavar or param.name or "参数"
    return name + ("..." if param.nargs != 1 and not name.endswith("...") else "")


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


class _Chinese:
    """What a Chinese command and group share: help option, usage line, help sections."""


    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        pieces = ["[选项]"] if any(not _is_argument(p) for p in params) else []
        for param in params:
            if _is_argument(param):
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write(f"用法：{ctx.command_path} {pieces}\n")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        text = getattr(self, "help", None)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)
        self._format_params(ctx, formatter)
        epilog = getattr(self, "epilog", None)
        if epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(epilog)

    def _format_params(self, ctx: Any, formatter: Any) -> None:
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]  # type: ignore[attr-defined]
        arguments = [(_argument_name(p), _extras(p, p.help or "")) for p in params
                     if _is_argument(p)]
        options = [(_option_name(p), _extras(p, p.help or "")) for p in params
                   if not _is_argument(p)]
        for title, rows in (("参数", arguments), ("选项", options)):
            if rows:
                formatter.write_paragraph()
                formatter.write(f"{title}：\n")
                with formatter.indentation():
                    _write_rows(formatter, rows)


def _option_name(param: Any) -> str:
    names = ", ".join([*param.opts, *param.secondary_opts])
    return names if getattr(param, "is_flag", False) else f"{names} {_value_word(param)}"


def _extras(param: Any, text: str) -> str:
    """The help text with the default, the range and 必填 in brackets."""
    extra = []
    default = param.default
    show = getattr(param, "show_default", True)
    if show and default not in (None, False, (), []) and not getattr(param, "is_flag", False) \
            and not callable(default):
        extra.append(f"默认：{show if isinstance(show, str) else default}")
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None:
        extra.append(f"不小于 {low}")
    if high is not None:
        extra.append(f"不大于 {high}")
    if param.required:
        extra.append("必填")
    return text + (f"  [{'；'.join(extra)}]" if extra else "")


def _short_help(command: Any) -> str:
    """A command's help in a line: up to its first full stop, at most SHORT characters."""
    text = (command.short_help or command.help or "").strip().split("\n")[0]
    text = text.split("。")[0] + ("。" if "。" in text else "")
    return text if len(text) <= SHORT else text[:SHORT - 1] + "…"


def _width(text: str) -> int:
    """Columns text takes on a terminal: two for each wide (CJK) character."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _write_rows(formatter: Any, rows: list[tuple[str, str]]) -> None:
    """Write name–help rows, the help aligned in a column (click counts a CJK character as
    one column: its own rows would not line up)."""
    column = max(_width(name) for name, _ in rows) + 2
    for name, text in rows:
        formatter.write(" " * formatter.current_indent + name + " " * (column - _width(name))
                        + text + "\n")


class ChineseCommand(_Chinese, TyperCommand):
    """A typer command whose help is Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rich_markup_mode = None


class ChineseGroup(_Chinese, TyperGroup):
    """A typer group whose help, commands' help and usage errors are Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rich_markup_mode = None

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), "命令 [参数]..."]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        super().format_help(ctx, formatter)
        rows = [(name, _short_help(command)) for name, command in self.commands.items()
                if not command.hidden]
        if rows:
            formatter.write_paragraph()
            formatter.write("命令：\n")
            with formatter.indentation():
                _write_rows(formatter, rows)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        """Run the command line; in standalone mode, say every error in Chinese and exit."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except Exception as error:  # noqa: BLE001 - typer's exception classes are not public
            _exit_with(error)
        sys.exit(code if isinstance(code, int) else 0)


class ChineseTyper(typer.Typer):
    """typer.Typer with Chinese help and errors for its group and every command declared on it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ChineseGroup)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or ChineseCommand, **kwargs)


def _exit_with(error: Exception) -> NoReturn:
    """Print an error of the command line in Chinese and exit with its code."""
    kinds = {c.__name__ for c in type(error).__mro__}
    if "NoArgsIsHelpError" in kinds:
        typer.echo(error.ctx.get_help(), err=True)  # type: ignore[attr-defined]
        sys.exit(2)
    if "UsageError" in kinds:
        ctx = getattr(error, "ctx", None)
        if ctx is not None:
            typer.echo(ctx.get_usage(), err=True)
            typer.echo(f"查看帮助：{ctx.command_path} --help", err=True)
        typer.echo(f"错误：{usage_message(error, kinds)}", err=True)
        sys.exit(2)
    if "Abort" in kinds:
        typer.echo("已中止", err=True)
        sys.exit(1)
    if isinstance(error, OSError):
        typer.echo(describe_os_error(error), err=True)
        sys.exit(1)
    if "ClickException" in kinds:
        message = str(getattr(error, "message", ""))
        typer.echo(f"错误：{message if _chinese(message) else '命令执行失败'}", err=True)
        sys.exit(getattr(error, "exit_code", 1))
    raise error


def usage_message(error: Exception, kinds: set[str]) -> str:
    """A usage error said in Chinese."""
    message = str(getattr(error, "message", "") or "")
    param = getattr(error, "param", None)
    if "NoSuchOption" in kinds:
        name = getattr(error, "option_name", "")
        possible = getattr(error, "possibilities", None) or []
        return f"没有这个选项：{name}" + (f"（您是不是要写：{'、'.join(possible)}）" if possible else "")
    if "MissingParameter" in kinds:
        if param is not None and _is_argument(param):
            return f"缺少参数：{_argument_name(param)}"
        return f"缺少选项：{' / '.join(getattr(param, 'opts', []))}"
    if "BadOptionUsage" in kinds:
        name = getattr(error, "option_name", "")
        if "does not take a value" in message:
            return f"选项 {name} 后面不能写值"
        return f"选项 {name} 后面需要写一个值"
    if "BadParameter" in kinds:
        hint = _hint(error, param)
        return f"{hint}{'' if _chinese(hint) else ' '}的值不对：{_value_message(message)}"
    return _general(message)


def _hint(error: Exception, param: Any) -> str:
    hint = getattr(error, "param_hint", None)
    if param is not None and _is_argument(param):
        hint = None
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    if hint:
        return str(hint).replace("'", "")
    if param is None:
        return "参数"
    return (param.metavar or param.name or "参数").rstrip(".") if _is_argument(param) else " / ".join(param.opts)


def _value_message(message: str) -> str:
    if _chinese(message):
        return message
    for pattern, words in _VALUE_ERRORS:
        found = re.search(pattern, message)
        if found:
            return found.expand(words)
    return "取值无效"


def _general(message: str) -> str:
    """Click's plain usage errors (no such command, extra arguments, missing command)."""
    if _chinese(message):
        return message
    command = re.match(r"No such command '(.*)'\.(?: Did you mean (.*)\?)?", message)
    if command:
        guess = command[2]
        return f"没有这个命令：{command[1]}" + (f"（您是不是要写：{guess.replace(chr(39), '')}）"
                                              if guess else "")
    extra = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", message)
    if extra:
        return f"多余的参数：{extra[1]}"
    if message.startswith("Missing command"):
        return "缺少命令"
    return "命令行的写法不对"


def _chinese(text: str) -> bool:
    """True when text has Chinese characters (our own messages)."""
    return re.search(r"[\u4e00-\u9fff]", text) is not None
