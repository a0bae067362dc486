"""The exceptions fazhi-write raises for user errors; cli.py turns them into messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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

    def format(self, file: Path | str) -> str:
        """Return 'file:line:column: 字段 path：message'."""
        where = f"{file}:{self.line}:{self.column}" if self.line else f"{file}"
        field = f"字段“{self.path}”：" if self.path else ""
        return f"{where}: {field}{self.message}"


class FactsFileError(FazhiError):
    """Raised when the facts file cannot be read, is not YAML, or is not a mapping."""


class FactsValidationError(FazhiError):
    """Raised once with every problem found when the facts do not fit the schema."""

    def __init__(self, file: Path, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        lines = [p.format(file) for p in problems]
        super().__init__(f"事实文件有 {len(problems)} 处错误：\n" + "\n".join(lines))


class TemplateError(FazhiError):
    """Raised when a template is missing, has a syntax error or uses an undefined name."""


class OutputError(FazhiError):
    """Raised when an output file cannot be written."""


class FontProfileError(FazhiError):
    """Raised when the facts file or --fonts names a profile templates/fonts.yaml does not have."""


class ConversionError(FazhiError):
    """Raised when the PDF cannot be made: LibreOffice is missing, fails, or takes too long."""
