"""The exceptions fazhi-write raises for user errors; cli.py turns them into messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A validation error lists at most this many problems; a broken file must not flood the screen.
MAX_LISTED = 100


class FazhiError(Exception):
    """Base of every user-facing error; str() is the Chinese message for the clerk."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a facts file, located by line and column (1-based)."""

    path: str
    """Field path in the facts file, e.g. 法治副校长.人数 or 存在问题[1]."""
    message: str
    """What was expected and what was found, in Chinese."""
    line: int = 0
    column: int = 0
    warning: bool = False
    """True for a warning (提示): the report can still be drafted."""

    def format(self, file: Path | str) -> str:
        """Return 'file:line:column: 字段 path：message'."""
        where = f"{file}:{self.line}:{self.column}" if self.line else f"{file}"
        field = f"字段“{self.path}”：" if self.path else ""
        return f"{where}: {field}{self.message}"


def field_path(loc: Sequence[Any]) -> str:
    """Return a field path as the clerk writes it: 法治副校长.人数, 存在问题[2].补充."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif str(part).startswith(("function-", "lax-", "json-", "[key]")):
            continue  # pydantic's internal steps, not keys of the facts file
        else:
            out += ("." if out else "") + str(part)
    return out


def listing(file: Path | str, problems: Sequence[Problem]) -> str:
    """Format problems one per line (warnings marked 提示：), listing at most MAX_LISTED of them."""
    lines = [("提示：" if p.warning else "") + p.format(file) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"……另有 {len(problems) - MAX_LISTED} 处未列出，请先改正以上问题")
    return "\n".join(lines)


class FactsFileError(FazhiError):
    """Raised when the facts file cannot be read, is not YAML, or is not a mapping."""


class FactsValidationError(FazhiError):
    """Raised once with every problem found when the facts do not fit the schema."""

    def __init__(self, file: Path, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        errors = sum(1 for p in problems if not p.warning)
        super().__init__(f"事实文件有 {errors} 处错误：\n" + listing(file, problems))


class OptionError(FazhiError):
    """Raised for a command-line option value that cannot be used: a usage error (exit 2)."""

    def __init__(self, message: str, param_hint: str) -> None:
        self.param_hint = param_hint
        """The option to name in the message, e.g. --kind."""
        super().__init__(message)


class TemplateError(FazhiError):
    """Raised when a template is missing, has a syntax error or uses an undefined name."""


class OutputError(FazhiError):
    """Raised when an output file cannot be written."""


class LostFactError(FazhiError):
    """Raised when a rendered report lacks a fact of the facts file: nothing is written."""


class FontProfileError(FazhiError):
    """Raised when the facts file or --fonts names a profile templates/fonts.yaml does not have."""


class ConversionError(FazhiError):
    """Raised when the PDF cannot be made: LibreOffice is missing, fails, or takes too long."""
