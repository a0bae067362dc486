"""Load a facts file: read bytes, decode, parse YAML keeping line/column of every value."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import FactsFileError

# Clerks' files come from Notepad or WPS: UTF-8 (with or without BOM) or GB18030/GBK.
_ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: Path) -> str:
    """Read the facts file as text, trying UTF-8 then GB18030."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FactsFileError(f"{path}: 找不到事实文件") from None
    except IsADirectoryError:
        raise FactsFileError(f"{path}: 这是一个文件夹，不是事实文件") from None
    except OSError as e:
        raise FactsFileError(f"{path}: 无法读取事实文件（{e.strerror}）") from e
    if b"\x00" in data:
        raise FactsFileError(f"{path}: 这不是文本文件（含有二进制内容），请选择 .yaml 事实文件")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FactsFileError(f"{path}: 无法识别文件编码，请另存为 UTF-8 编码")


def load_facts(path: Path) -> Any:
    """Load the facts file and return the round-trip mapping (with .lc positions)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = read_text(path)
    yaml = YAML(typ="rt")
    try:
        data = fast_load(text) or yaml.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        colon = _fullwidth_colon(text.splitlines()[: mark.line + 1] if mark else [])
        if colon:  # the real mistake is on the colon's line, not where the parser gave up
            where = f"{path}:{colon[0] + 1}:{colon[1].index('：') + 1}"
        raise FactsFileError(f"{where}: YAML 格式错误：{_explain(e, text, mark)}") from e
    except YAMLError as e:
        raise FactsFileError(f"{path}: YAML 格式错误：{e}") from e
    if data is None:
        raise FactsFileError(f"{path}: 事实文件是空的（或只有注释），请先填写内容，可用 fazhi-write init 生成样例")
    if not hasattr(data, "lc") or not isinstance(data, dict):
        colon = _fullwidth_colon(text.splitlines())
        hint = f"；第 {colon[0] + 1} 行用了全角冒号“：”，应使用半角冒号加空格“: ”" if colon else ""
        raise FactsFileError(
            f"{path}:1:1: 事实文件顶层应为“字段: 值”的映射，实际是{_kind(data)}{hint}"
        )
    return data


def _fullwidth_colon(lines: list[str]) -> tuple[int, str] | None:
    """Find the last line that uses a full-width colon where YAML needs ': '."""
    found = None
    for number, line in enumerate(lines):
        content = line.split("#")[0]
        if "：" in content and ":" not in content and not content.lstrip().startswith("-"):
            found = (number, line.strip())
    return found


def _explain(error: Exception, text: str, mark: Any) -> str:
    """Return a Chinese explanation of a YAML syntax error."""
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: mark.column + 1 if mark else 0] or "found character '\\t'" in str(error):
        return "缩进里有制表符（Tab），请改用空格缩进"
    colon = _fullwidth_colon(lines[: mark.line + 1] if mark else lines)
    if colon:
        return (f"第 {colon[0] + 1} 行用了全角冒号“：”，字段和值之间应使用半角冒号加空格“: ”"
                f"（{colon[1]}）")
    problem = getattr(error, "problem", None) or str(error)
    return f"{problem}（{line.strip()}）" if line.strip() else str(problem)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "列表"
    return f"单个值“{value}”"


def fast_load(text: str) -> Any:
    """Parse with libyaml (ruamel.yaml.clib) into the same round-trip data, ~8x faster.

    Return None (ruamel's own parser then runs, and words any error as usual) when clib is
    not installed, when the text needs ruamel's parser (a %YAML directive, Unicode line
    breaks YAML 1.1 and 1.2 count differently), or when parsing fails for any reason.
    """
    loader_class = _c_loader()
    if loader_class is None or "%YAML" in text or any(c in text for c in "\x85\u2028\u2029"):
        return None
    try:
        loader = loader_class(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any doubt: the round-trip parser decides
        return None


@lru_cache(maxsize=1)
def _c_loader() -> Any:
    """A loader of libyaml's parser with ruamel's round-trip constructor, as YAML(typ="rt",
    pure=False) would build if ruamel offered it for round trips (it gives line and column
    of every value, which is all fazhi-write needs besides the data); None without clib."""
    try:
        from _ruamel_yaml import CParser
        from ruamel.yaml.constructor import RoundTripConstructor
        from ruamel.yaml.resolver import VersionedResolver
    except ImportError:
        return None

    class CRoundTripLoader(CParser, RoundTripConstructor, VersionedResolver):  # type: ignore[misc]
        comment_handling = None  # comments are not read: nothing below the data needs them
        allow_duplicate_keys = False
        yaml_version = None  # no %YAML directive (fast_load leaves those to ruamel): YAML 1.2

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self._scanner = self
            RoundTripConstructor.__init__(self, loader=self)
            VersionedResolver.__init__(self, loadumper=self)

    return CRoundTripLoader
