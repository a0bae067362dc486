"""Invisible characters pasted from Word: removed (or turned into a space) before parsing, and
a notice naming the field where each was; YAML escapes that put them into values cleaned after."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..errors import Problem, field_path
from .decode import printable

Loc = tuple[Any, ...]
Span = tuple[tuple[int, int], tuple[int, int], Loc]  # start, end (0-based line, column), field

# Characters neither YAML nor Word's XML can carry, invisible ones Word pastes along, and the
# format characters (Unicode category Cf: bidirectional controls such as RLO and LRI, which
# can make 单位 display reversed and a file name read …exe, joiners, tags).
FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
          "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
          "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
          "\U000e0020-\U000e007f")
_INVISIBLE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff{FORMAT}]")
# Line-break-like ones: between Latin words (or after a YAML ':' or '-') they become a space.
_SPACELIKE = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_NAMES = {"\x00": "空字符 NUL", "\x0b": "Word 手动换行符 \\x0b", "\x0c": "Word 分页符 \\x0c",
          "\u200b": "零宽空格", "\ufeff": "零宽不换行空格", "\u2028": "行分隔符", "\u2029": "段落分隔符",
          "\u202a": "双向控制字符 LRE", "\u202b": "双向控制字符 RLE", "\u202c": "双向控制字符 PDF",
          "\u202d": "双向控制字符 LRO", "\u202e": "双向控制字符 RLO", "\u2066": "双向控制字符 LRI",
          "\u2067": "双向控制字符 RLI", "\u2068": "双向控制字符 FSI", "\u2069": "双向控制字符 PDI",
          "\u200e": "双向控制字符 LRM", "\u200f": "双向控制字符 RLM", "\u061c": "双向控制字符 ALM"}


class _Stray(NamedTuple):
    """An invisible character found in the text, where it was and what replaced it."""

    char: str
    line: int
    column: int
    clean_column: int
    replacement: str


def strip_invisible(text: str) -> tuple[str, list[_Stray]]:
    """Remove (or turn into a space) every invisible character, remembering where each was."""
    strays: list[_Stray] = []
    if printable(text) or not _INVISIBLE.search(text):  # most files: no lines split, joined
        return text, strays
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not _INVISIBLE.search(line):
            continue
        out: list[str] = []
        for column, char in enumerate(line):
            if not _INVISIBLE.match(char):
                out.append(char)
                continue
            replacement = _replacement(line, column)
            strays.append(_Stray(char, number, column, len(out), replacement))
            out.extend(replacement)
        lines[number] = "".join(out)
    return "\n".join(lines), strays


def _replacement(text: str, index: int) -> str:
    """Return what replaces the invisible character at index: a space or nothing."""
    if text[index] not in _SPACELIKE:
        return ""
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    latin = before.isascii() and after.isascii() and not (before + after).isspace()
    return " " if latin or before in ":-" else ""


def clean(text: str) -> str:
    """Return text without invisible characters (see _replacement)."""
    return _INVISIBLE.sub(lambda m: _replacement(m.string, m.start()), text)


def stray_notices(strays: list[_Stray], spans: list[Span]) -> list[Problem]:
    """One notice per field (or per line outside any value) naming the characters removed."""
    groups: dict[str, list[_Stray]] = {}
    for stray in strays:
        groups.setdefault(_field_at(spans, stray) or f"line {stray.line}", []).append(stray)
    notices = []
    for key, group in groups.items():
        first = group[0]
        path = "" if key.startswith("line ") else key
        notices.append(Problem(path=path, message=_stray_message(group), line=first.line + 1,
                               column=first.column + 1, warning=True))
    return notices


def _field_at(spans: list[Span], stray: _Stray) -> str:
    """Return the field whose key or value holds the character, or which follows it on its line."""
    at = (stray.line, stray.clean_column)
    inside = [loc for start, end, loc in spans if start <= at <= end]
    after = [(start, loc) for start, _, loc in spans if start[0] == stray.line and start > at]
    if inside:
        return field_path(inside[-1])
    return field_path(min(after, key=lambda span: span[0])[1]) if after else ""


def _stray_message(group: list[_Stray]) -> str:
    names = "、".join(dict.fromkeys(_name(s.char) for s in group))
    done = {"替换为空格" if s.replacement else "删除" for s in group}
    return f"含有 {len(group)} 个不可见的控制字符（{names}，多为从 Word 粘贴带入），已{'或'.join(sorted(done))}"


def _name(char: str) -> str:
    return _NAMES.get(char, f"{'格式字符' if re.match(f'[{FORMAT}]', char) else '控制字符'} "
                            f"U+{ord(char):04X}")


def clean_data(data: Any, problems: list[Problem]) -> list[Problem]:
    """Clean invisible characters that YAML escapes put into values; make every key text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    notices: list[Problem] = []
    stack: list[tuple[Any, Loc]] = [(data, ())]
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        places = (getattr(node, "lc", None) and node.lc.data) or {}  # !!omap has no positions
        if isinstance(node, CommentedMap):
            _clean_keys(node, loc, notices, problems)
            items = [(k, node.lc.value(k) if k in places else None) for k in node]
        elif isinstance(node, CommentedSeq):
            items = [(i, node.lc.item(i) if i in places else None) for i in range(len(node))]
        else:
            continue
        for key, where in items:
            value = node[key]
            if isinstance(value, str) and _INVISIBLE.search(value):
                node[key] = clean(value)
                notices.append(_escape_notice(value, (*loc, key), where))
            elif isinstance(value, (CommentedMap, CommentedSeq)):
                stack.append((value, (*loc, key)))
    return notices


def _clean_keys(node: Any, loc: Loc, notices: list[Problem], problems: list[Problem]) -> None:
    """Give every key of a mapping as text without invisible characters, keeping its position."""
    for position, key in enumerate(list(node)):
        text = clean(key) if isinstance(key, str) else _key_text(key)
        if text == key:
            continue
        where = (node.lc.data or {}).get(key)
        if isinstance(key, str):
            notices.append(_escape_notice(key, (*loc, text), where))
        if text in node:
            problems.append(Problem(path=field_path((*loc, text)), message="重复的字段，请合并为一处",
                                    line=where[0] + 1 if where else 0,
                                    column=where[1] + 1 if where else 0))
            continue
        value = node.pop(key)
        node.insert(position, text, value)
        if where:
            node.lc.data[text] = where  # the key keeps its place for messages


def _key_text(key: Any) -> str:
    """Return a key as the clerk wrote it: 2024 → "2024", true → "true", null → ""."""
    if key is None:
        return ""
    if isinstance(key, bool):
        return str(key).lower()
    return clean(str(key))


def _escape_notice(value: str, loc: Loc, where: Any) -> Problem:
    names = "、".join(dict.fromkeys(_name(c) for c in _INVISIBLE.findall(value)))
    line, column = (where[0] + 1, where[1] + 1) if where else (0, 0)
    return Problem(path=field_path(loc), message=f"含有不可见的控制字符（{names}），已删除",
                   line=line, column=column, warning=True)
