"""The exceptions fazhi-write raises for user errors; cli.py turns them into messages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

#: A validation error lists at most this many problems; a broken file must not flood the screen.
MAX_LISTED = 100


class FazhiError(Exception):
    """Base of every user-facing error; str() is the Chinese message for the clerk."""


class Problem(NamedTuple):
    """One problem found in a facts file, located by line and column (1-based); a named tuple:
    a frozen dataclass costs ~0.5 ms of every start."""

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


#: The OS's own words for an error are English: these say it in Chinese (see os_reason).
_OS_REASONS = {
    "EACCES": "没有权限", "EPERM": "没有权限", "EROFS": "所在磁盘是只读的",
    "ENOSPC": "磁盘空间不足", "EDQUOT": "磁盘配额已用完", "ENAMETOOLONG": "文件名或路径过长",
    "ENOTDIR": "路径中有一部分是文件而不是文件夹", "EEXIST": "同名的文件已存在，无法创建文件夹",
    "EISDIR": "同名的文件夹已存在", "ENOENT": "文件或文件夹不存在",
    "ELOOP": "路径中的符号链接过多或形成了循环", "EBUSY": "文件正被其他程序占用",
    "ETXTBSY": "文件正被其他程序占用", "EMFILE": "同时打开的文件过多",
    "ENFILE": "同时打开的文件过多", "EINVAL": "文件名不合法", "EFBIG": "文件过大",
    "EIO": "读写磁盘时出错", "ENXIO": "这不是普通文件（设备或管道）",
    "ENODEV": "这不是普通文件（设备）", "EXDEV": "不能跨磁盘移动文件",
    "EAGAIN": "资源暂时不可用，请稍后再试", "ENOMEM": "内存不足", "EILSEQ": "文件名中有无法识别的字符",
}


def os_reason(error: OSError) -> str:
    """Explain an OS error in Chinese: its errno's meaning, never the OS's English text."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_REASONS.get(name) or f"系统错误 {name or error.errno or type(error).__name__}"


def describe_os_error(error: OSError) -> str:
    """An operating-system error in Chinese, naming the path."""
    where = error.filename if error.filename is not None else ""
    return f"{where}: {os_reason(error)}" if where != "" else f"错误：{os_reason(error)}"
