"""YAML syntax errors explained in Chinese: what the clerk should change, and where."""

from __future__ import annotations

import re
from typing import Any


def fullwidth_colon(lines: list[str]) -> tuple[int, str] | None:
    """Find the last line that uses a full-width colon where YAML needs ': '."""
    found = None
    for number, line in enumerate(lines):
        content = line.split("#")[0]
        if "：" in content and ":" not in content and not content.lstrip().startswith("-"):
            found = (number, line.strip())
    return found


# A full-width (or no-break) space where YAML needs a plain one: indentation, after a colon.
_WIDE = "^[ \t]*[\u3000\xa0]|:[\u3000\xa0]"  # compiled when a syntax error is explained

# ruamel's explanations (English) → what the clerk should do, in Chinese.
_PROBLEMS = (
    ("mapping values are not allowed", "这里不能出现“: ”（值里有冒号加空格时，请给整个值加引号）"),
    ("could not find expected ':'", "缺少“: ”（字段名和值之间用半角冒号加空格），或上一行的引号没有闭合"),
    ("expected <block end>", "缩进不一致：同一级的字段要对齐，下一级要多缩进两个空格"),
    ("did not find expected key", "缩进不一致，或列表项缺少开头的“- ”"),
    ("did not find expected '-'", "缩进不一致，或列表项缺少开头的“- ”"),
    ("block sequence entries are not allowed", "“- ”列表项的位置不对（检查缩进；值以“- ”开头时请加引号）"),
    ("found undefined alias", "以“*”开头的值在 YAML 中表示引用，如果这是正文，请给整个值加引号"),
    ("while scanning an alias", "以“*”开头的值在 YAML 中表示引用，如果这是正文，请给整个值加引号"),
    ("while scanning an anchor", "以“&”开头的值在 YAML 中有特殊含义，如果这是正文，请给整个值加引号"),
    ("found unknown escape character", "双引号中的“\\”不是有效的转义，请改用单引号或去掉“\\”"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("expected a single document", "一个文件只能写一份事实，请不要用“---”分隔"),
    ("expected ',' or ']'", "方括号 [ ] 中的列表格式有误（各项用逗号分隔，并以“]”结束）"),
    ("expected ',' or '}'", "花括号 { } 中的内容格式有误（各项用逗号分隔，并以“}”结束）"),
    ("that cannot start any token", "值不能以这个符号开头（如 @ ` %），请给整个值加引号"),
    ("while scanning a block scalar", "“|”或“>”后面只能换行再写内容"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("expected '<document start>'", "前面有一行既不是“字段: 值”，也不是以“#”开头的注释（是否漏写了“#”或冒号？）"),
    ("sequence entries are not allowed here", "“- ”列表项的位置不对（检查缩进；值以“- ”开头时请加引号）"),
    ("expected the node content", "“&”“*”“!”等符号后缺少内容或位置不对，如果这是正文，请给整个值加引号"),
    ("mapping keys are not allowed here", "“?”在这里有特殊含义，请删除它或给整个值加引号"),
    ("while scanning a directive", "行首的“%”在 YAML 中有特殊含义，请删除它或给整个值加引号"),
    ("found undefined tag handle", "以“!”开头的值在 YAML 中是类型标记，如果这是正文，请给整个值加引号"),
    ("for merging", "“<<”在 YAML 中表示合并，后面应是映射；如果这是正文，请给整个值加引号"),
)


def explain(error: Exception, text: str, mark: Any) -> str:
    """Return a Chinese explanation of a YAML syntax error."""
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: mark.column + 1 if mark else 0] or "found character '\\t'" in str(error):
        return "缩进里有制表符（Tab），请改用空格缩进"
    colon = fullwidth_colon(lines[: mark.line + 1] if mark else lines)
    if colon:
        return (f"第 {colon[0] + 1} 行用了全角冒号“：”，字段和值之间应使用半角冒号加空格“: ”"
                f"（{colon[1]}）")
    seen = lines[: mark.line + 1] if mark else lines
    wide = [number for number, text in enumerate(seen) if re.search(_WIDE, text)]
    if wide:
        return f"第 {wide[-1] + 1} 行的缩进或冒号后用了全角空格（或不换行空格），请改用半角空格"
    raw = f"{getattr(error, 'context', '') or ''} {getattr(error, 'problem', '') or error}"
    if "mapping values are not allowed" in raw and mark and _stray_line(lines[: mark.line]):
        raw = "expected '<document start>'"  # the line before is text the clerk forgot to mark
    fallback = "YAML 格式错误，无法解析"  # (the parser's own words are English)
    problem = next((cn for en, cn in _PROBLEMS if en in raw), fallback)
    return f"{problem}（{line.strip()}）" if line.strip() else problem


def _stray_line(lines: list[str]) -> bool:
    """Tell whether the last non-blank line is neither “key: value”, a list item nor a comment."""
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return bool(last) and not last.startswith(("#", "-")) and ":" not in last


def kind_of(value: object) -> str:
    if isinstance(value, list):
        return "列表"
    text = str(value)  # a file that is no facts file is named, not shown whole
    return f"单个值“{text[:30]}{'……' if len(text) > 30 else ''}”"
