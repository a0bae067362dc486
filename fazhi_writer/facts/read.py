"""Load a facts file: read bytes, decode, parse YAML keeping line/column of every value.

Clerks' files come from Notepad, WPS or Word: UTF-8 (with or without BOM), UTF-16 or
GB18030/GBK, CRLF or LF, with invisible characters pasted from Word. All of them load the
same way. What is not a facts file is refused with one clear message; size, nesting and
aliases are bounded so that no file can make loading slow or big; duplicate keys are
reported (naming both lines) rather than one of them silently kept.
"""

from __future__ import annotations

import codecs
import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FactsFileError, FactsValidationError, Problem, field_path

#: A year's facts fit in a few KB; nothing a clerk writes comes near this.
MAX_BYTES = 1024 * 1024
#: Nodes after expanding aliases (the five examples have fewer than 500).
MAX_NODES = 10_000
MAX_DEPTH = 40

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = ((b"PK\x03\x04", "Word 文档（.docx）或压缩包"), (b"\xd0\xcf\x11\xe0", "Word 或 Excel 文档"),
          (b"%PDF", "PDF 文件"), (b"\x89PNG", "图片"), (b"\xff\xd8\xff", "图片"), (b"GIF8", "图片"),
          (b"{\\rtf", "RTF 文档"))

# Characters neither YAML nor Word's XML can carry, and invisible ones Word pastes along.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# Line-break-like ones: between Latin words (or after a YAML ':' or '-') they become a space.
_SPACELIKE = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_NAMES = {"\x00": "空字符 NUL", "\x0b": "Word 手动换行符 \\x0b", "\x0c": "Word 分页符 \\x0c",
          "\u200b": "零宽空格", "\ufeff": "零宽不换行空格", "\u2028": "行分隔符", "\u2029": "段落分隔符"}
_EMPTY = "事实文件是空的（或只有注释），请先填写内容，可用 fazhi-write init 生成样例"
_Loc = tuple[Any, ...]
_Span = tuple[tuple[int, int], tuple[int, int], _Loc]  # start, end (0-based line, column), field
_TAGS = {f"tag:yaml.org,2002:{t}" for t in
         ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge")}


class Loaded(NamedTuple):  # a named tuple: a dataclass costs ~0.5 ms of every start to create
    """A loaded facts file: the round-trip mapping, errors found while loading, and notices."""

    data: Any
    problems: list[Problem]
    """Errors: duplicate keys, keys that are not text, YAML tags."""
    notices: list[Problem]
    """Warnings: invisible characters that were removed or replaced."""


def read_text(path: Path) -> str:
    """Read the facts file as text (UTF-8, UTF-16 or GB18030), line ends as they are."""
    data = _read_bytes(path)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise FactsFileError(f"{path}: 这不是文本文件（是{kind}），请选择 .yaml 事实文件")
    text = _decode(data, path)
    controls = len(re.findall("[\x00-\x08\x0e-\x1f]", text))
    if controls > 16 and controls * 20 > len(text):
        raise FactsFileError(f"{path}: 这不是文本文件（含有二进制内容），请选择 .yaml 事实文件")
    return text


def _read_bytes(path: Path) -> bytes:
    """Read at most MAX_BYTES + 1 bytes, explaining why a file cannot be read."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise FactsFileError(f"{path}: 找不到事实文件") from None
    except IsADirectoryError:
        raise FactsFileError(f"{path}: 这是一个文件夹，不是事实文件") from None
    except PermissionError:
        raise FactsFileError(f"{path}: 没有读取权限（或文件正被其他程序占用）") from None
    except OSError as e:
        raise FactsFileError(f"{path}: 无法读取事实文件（{e.strerror or e}）") from e
    if len(data) > MAX_BYTES:
        raise FactsFileError(f"{path}: 文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），"
                             "这不像是事实文件，请检查是否选错了文件")
    return data


def _decode(data: bytes, path: Path) -> str:
    """Decode by BOM, else UTF-8, else GB18030; point at the bytes that fit neither."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise _undecodable(path, data, e.start, encoding) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    if not _mostly_utf8(data):
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    raise _undecodable(path, data, first_bad)


def _mostly_utf8(data: bytes) -> bool:
    """Tell a UTF-8 file with a few broken bytes from a GBK file (which is rarely valid UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good > 4 * bad


def _undecodable(path: Path, data: bytes, offset: int, encoding: str = "utf-8") -> FactsFileError:
    prefix = data[:offset].decode(encoding, errors="replace")
    line = prefix.count("\n") + 1
    column = len(prefix.rsplit("\n", 1)[-1]) + 1
    return FactsFileError(
        f"{path}:{line}:{column}: 文件中有无法识别的字节（文件可能已损坏，或混用了不同的编码），"
        "请用记事本打开，改正这一处后“另存为”UTF-8 编码")


def load(path: Path) -> Loaded:
    """Load the facts file: the round-trip mapping (with .lc positions), problems and notices."""
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")  # columns as YAML counts
    text, strays = _strip_invisible(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ruamel warns in English (e.g. a reused anchor)
        yaml = _yaml()
        node = _compose(yaml, text, path)
        if node is None:
            raise FactsFileError(f"{path}: {_EMPTY}")
        data, problems, spans, text_keys = _data(yaml, node, path, text)
    _check_top_level(data, text, path)
    notices = _stray_notices(strays, spans)
    if "\\" in text or not text_keys:  # else no value or key _clean_data would change
        notices += _clean_data(data, problems)
    return Loaded(data=data, problems=problems, notices=notices)


def _data(yaml: Any, node: Any, path: Path, text: str) -> tuple[Any, list[Problem], list[_Span], bool]:
    """Check and build the node graph: the data, problems, spans of values and keys, and
    whether every key is text."""
    walk = _Walk(path)
    walk.visit(node, (), 0)
    return _construct(yaml, node, path, text), walk.problems, walk.spans, walk.text_keys


def load_facts(path: Path) -> Any:
    """Load the facts file and return the round-trip mapping; raise on any problem."""
    loaded = load(path)
    if loaded.problems:
        raise FactsValidationError(path, loaded.problems)
    return loaded.data


def _yaml() -> Any:
    """Return a round-trip YAML that keeps dates and over-long numbers as the clerk wrote them."""
    yaml = _yaml_class()(typ="rt")
    yaml.Constructor = _constructor()
    yaml.allow_duplicate_keys = True  # _Walk reports them, naming both lines
    return yaml


@lru_cache(maxsize=1)
def _yaml_class() -> Any:
    """ruamel's YAML, looking for its plug-ins once per process: every YAML() listed its
    folder (a glob) though none is installed, a directory read for every facts file."""
    from ruamel.yaml import YAML

    class Yaml(YAML):
        found = YAML(typ="rt").official_plug_ins()  # the one listing, as ruamel makes it

        def official_plug_ins(self) -> Any:
            """The plug-ins found when the class was made."""
            return list(self.found)

    return Yaml


@lru_cache(maxsize=1)
def _constructor() -> Any:
    """The round-trip constructor _yaml uses, made once (a class a load would cost time and,
    in a batch, memory)."""
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import BaseResolver

    text = BaseResolver.DEFAULT_SCALAR_TAG  # the tag every resolver gives plain and quoted text

    class Constructor(RoundTripConstructor):  # type: ignore[misc]
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            """Return a text scalar without an anchor or block style as is, as ruamel does."""
            if (node.__class__ is ScalarNode and node.ctag is text and not node.anchor
                    and node.style not in ("|", ">") and not self._preserve_quotes):
                return node.value  # what construct_scalar returns, ~10 calls later
            return super().construct_object(node, deep)

        def flatten_mapping(self, node: Any) -> Any:
            """No merge to flatten when every key has the text tag (ruamel's loop would only
            compare each key's tag, as text, with << and =)."""
            if all(key.ctag is text for key, _ in node.value):
                from ruamel.yaml.mergevalue import MergeValue

                return MergeValue()
            return super().flatten_mapping(node)

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            return str(node.value)  # 2024-13-45 must be a schema error, not a crash

        def construct_yaml_int(self, node: Any) -> Any:
            try:
                return super().construct_yaml_int(node)
            except ValueError:  # e.g. more digits than Python converts
                return str(node.value)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
    return Constructor


def _flow_depth(text: str) -> int:
    """Return how deep [ ] and { } nest (quotes ignored): an upper bound of YAML's flow depth."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _items(text: str) -> int:
    """Estimate the nodes of a text cheaply: its lines with content, plus commas in lists."""
    lines = sum(1 for line in text.split("\n")
                if line.strip() and not line.lstrip().startswith("#"))
    return lines + text.count(",")


def _compose(yaml: Any, text: str, path: Path) -> Any:
    """Parse the text into a node graph (with libyaml when it can), explaining syntax errors
    in Chinese."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if _flow_depth(text) > MAX_DEPTH:  # ruamel's scanner is quadratic in this depth
        raise FactsFileError(f"{path}: 层次嵌套过深（方括号或花括号层数太多），这不像是事实文件")
    if text.count("\n") + text.count(",") >= MAX_NODES and _items(text) > MAX_NODES:
        # refuse before parsing: ruamel takes ~50 µs a node (a file has fewer lines and commas
        # than that: no need to count the lines with content)
        raise FactsFileError(f"{path}: 内容过多（超过 {MAX_NODES} 项），这不像是事实文件")
    try:
        node = fast_compose(text)
        return node if node is not None else yaml.compose(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        colon = _fullwidth_colon(text.splitlines()[: mark.line + 1] if mark else [])
        if colon:  # the real mistake is on the colon's line, not where the parser gave up
            where = f"{path}:{colon[0] + 1}:{colon[1].index('：') + 1}"
        raise FactsFileError(f"{where}: YAML 格式错误：{_explain(e, text, mark)}") from e
    except RecursionError:
        raise FactsFileError(f"{path}: 层次嵌套过深（括号或缩进层数太多），这不像是事实文件") from None
    except YAMLError as e:
        raise FactsFileError(f"{path}: YAML 格式错误：{e}") from e


def _construct(yaml: Any, node: Any, path: Path, text: str) -> Any:
    """Build the round-trip data from the checked node graph."""
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return yaml.constructor.construct_document(node)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise FactsFileError(f"{where}: YAML 格式错误：{_explain(e, text, mark)}") from e
    except (ValueError, TypeError, OverflowError) as e:
        raise FactsFileError(f"{path}: 无法读取其中的值（{e}）") from e


def _check_top_level(data: Any, text: str, path: Path) -> None:
    if data is None:
        raise FactsFileError(f"{path}: {_EMPTY}")
    if not hasattr(data, "lc") or not isinstance(data, dict):
        colon = _fullwidth_colon(text.splitlines())
        hint = f"；第 {colon[0] + 1} 行用了全角冒号“：”，应使用半角冒号加空格“: ”" if colon else ""
        raise FactsFileError(
            f"{path}:1:1: 事实文件顶层应为“字段: 值”的映射，实际是{_kind(data)}{hint}"
        )


class _Walk:
    """Walk the node graph once: bound size and depth; find cycles, duplicates, odd keys, tags."""

    def __init__(self, file: Path) -> None:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import BaseResolver as Resolver

        self.file = file
        self.problems: list[Problem] = []
        self.spans: list[_Span] = []
        self.count = 0
        self.seen: set[int] = set()
        self.ancestors: set[int] = set()
        """The nodes from the top down to the one visited (an alias to one of them is a cycle)."""
        self.text_keys = True
        """False once a key is not plain text (a number, a date, true, null, a list, a tag)."""
        self.kinds = ScalarNode, SequenceNode, MappingNode
        #: The resolvers' own tags of text, lists and mappings (most nodes have one of them).
        self.plain = (Resolver.DEFAULT_SCALAR_TAG, Resolver.DEFAULT_SEQUENCE_TAG,
                      Resolver.DEFAULT_MAPPING_TAG)

    def visit(self, node: Any, loc: _Loc, depth: int) -> None:
        """Visit node (and, through aliases, every time it is used) at field path loc."""
        self.count += 1
        if self.count > MAX_NODES:
            self._fatal(node, f"内容过多（超过 {MAX_NODES} 项，或“*”别名被层层展开），这不像是事实文件")
        ident = id(node)
        if depth > MAX_DEPTH or ident in self.ancestors:
            self._fatal(node, "层次嵌套过深，或“*”别名引用了它自己所在的内容")
        first = ident not in self.seen
        if first:
            self.seen.add(ident)
            text, seq, mapping = self.plain  # by identity: Tag's == is Python, called per node
            if node.ctag is not text and node.ctag is not seq and node.ctag is not mapping:
                self._check_tag(node, loc)
        children = self._children(node, loc, first)
        if children:
            self.ancestors.add(ident)
            for child, child_loc in children:
                self.visit(child, child_loc, depth + 1)
            self.ancestors.discard(ident)

    def _children(self, node: Any, loc: _Loc, first: bool) -> list[tuple[Any, _Loc]]:
        ScalarNode, SequenceNode, MappingNode = self.kinds  # noqa: N806 - ruamel's classes

        if isinstance(node, ScalarNode):
            if first:
                self._span(node, loc)
            return []
        if isinstance(node, SequenceNode):
            return [(item, (*loc, i)) for i, item in enumerate(node.value)]
        if not isinstance(node, MappingNode):
            return []
        keys: dict[str, Any] = {}
        children = []
        for key, value in node.value:
            tag = "tag:yaml.org,2002:str" if key.ctag is self.plain[0] else key.tag
            if tag == "tag:yaml.org,2002:merge":
                children.append((value, loc))
                continue
            if tag != "tag:yaml.org,2002:str":
                self.text_keys = False
            if not isinstance(key, ScalarNode):
                self._problem(key, loc, "字段名应为文字，不能是列表或映射")
                continue
            if first:
                self._check_duplicate(keys, key, loc)
                self._span(key, (*loc, key.value))
            children.append((value, (*loc, key.value)))
        return children

    def _check_duplicate(self, keys: dict[str, Any], key: Any, loc: _Loc) -> None:
        earlier = keys.setdefault(key.value, key)
        if earlier is not key:
            first, again = earlier.start_mark.line + 1, key.start_mark.line + 1
            self._problem(key, (*loc, key.value),
                          f"重复的字段：第 {first} 行已经写过“{key.value}”，第 {again} 行又写了一次"
                          f"（第 {again} 行的内容不会被使用），请合并为一处")

    def _check_tag(self, node: Any, loc: _Loc) -> None:
        if node.ctag in self.plain:  # by identity first: Tag's == compares their texts
            return
        tag = str(node.tag or "")
        if tag and tag not in _TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._problem(node, loc, f"“{shown}”是 YAML 的类型标记，事实文件用不到；"
                                     "如果这是正文，请给整个值加引号")

    def _span(self, node: Any, loc: _Loc) -> None:
        start, end = node.start_mark, node.end_mark
        self.spans.append(((start.line, start.column), (end.line, end.column), loc))

    def _problem(self, node: Any, loc: _Loc, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(path=field_path(loc), message=message,
                                     line=mark.line + 1, column=mark.column + 1))

    def _fatal(self, node: Any, message: str) -> None:
        mark = node.start_mark
        raise FactsFileError(f"{self.file}:{mark.line + 1}:{mark.column + 1}: {message}")


class _Stray(NamedTuple):
    """An invisible character found in the text, where it was and what replaced it."""

    char: str
    line: int
    column: int
    clean_column: int
    replacement: str


def _strip_invisible(text: str) -> tuple[str, list[_Stray]]:
    """Remove (or turn into a space) every invisible character, remembering where each was."""
    strays: list[_Stray] = []
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


def _stray_notices(strays: list[_Stray], spans: list[_Span]) -> list[Problem]:
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


def _field_at(spans: list[_Span], stray: _Stray) -> str:
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
    return _NAMES.get(char, f"控制字符 U+{ord(char):04X}")


def _clean_data(data: Any, problems: list[Problem]) -> list[Problem]:
    """Clean invisible characters that YAML escapes put into values; make every key text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    notices: list[Problem] = []
    stack: list[tuple[Any, _Loc]] = [(data, ())]
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


def _clean_keys(node: Any, loc: _Loc, notices: list[Problem], problems: list[Problem]) -> None:
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


def _escape_notice(value: str, loc: _Loc, where: Any) -> Problem:
    names = "、".join(dict.fromkeys(_name(c) for c in _INVISIBLE.findall(value)))
    line, column = (where[0] + 1, where[1] + 1) if where else (0, 0)
    return Problem(path=field_path(loc), message=f"含有不可见的控制字符（{names}），已删除",
                   line=line, column=column, warning=True)


def _fullwidth_colon(lines: list[str]) -> tuple[int, str] | None:
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
    seen = lines[: mark.line + 1] if mark else lines
    wide = [number for number, text in enumerate(seen) if re.search(_WIDE, text)]
    if wide:
        return f"第 {wide[-1] + 1} 行的缩进或冒号后用了全角空格（或不换行空格），请改用半角空格"
    raw = f"{getattr(error, 'context', '') or ''} {getattr(error, 'problem', '') or error}"
    if "mapping values are not allowed" in raw and mark and _stray_line(lines[: mark.line]):
        raw = "expected '<document start>'"  # the line before is text the clerk forgot to mark
    fallback = f"无法解析（{getattr(error, 'problem', None) or error}）"
    problem = next((cn for en, cn in _PROBLEMS if en in raw), fallback)
    return f"{problem}（{line.strip()}）" if line.strip() else problem


def _stray_line(lines: list[str]) -> bool:
    """Tell whether the last non-blank line is neither “key: value”, a list item nor a comment."""
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return bool(last) and not last.startswith(("#", "-")) and ":" not in last


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "列表"
    return f"单个值“{value}”"


def fast_compose(text: str) -> Any:
    """Compose the node graph with libyaml (ruamel.yaml.clib); None where fast_load gives None."""
    return _fast(text, "get_single_node")


def fast_load(text: str) -> Any:
    """Parse with libyaml (ruamel.yaml.clib) into the same round-trip data, ~8x faster.

    Return None (ruamel's own parser then runs, and words any error as usual) when clib is
    not installed, when the text needs ruamel's parser (a %YAML directive, Unicode line
    breaks YAML 1.1 and 1.2 count differently), or when parsing fails for any reason.
    """
    return _fast(text, "get_single_data")


def _fast(text: str, method: str) -> Any:
    """Run libyaml's loader method on text; None when clib is missing or in any doubt."""
    loader_class = _c_loader()
    if loader_class is None or "%YAML" in text or any(c in text for c in "\x85\u2028\u2029"):
        return None
    try:
        loader = loader_class(text)
        try:
            return getattr(loader, method)()
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
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import VersionedResolver
        from ruamel.yaml.tag import Tag
    except ImportError:
        return None

    class CRoundTripLoader(CParser, RoundTripConstructor, VersionedResolver):  # type: ignore[misc]
        comment_handling = None  # comments are not read: nothing below the data needs them
        allow_duplicate_keys = False
        yaml_version = None  # no %YAML directive (fast_load leaves those to ruamel): YAML 1.2
        starts: dict[Any, Any] | None = None  # implicit resolvers by first character

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self._scanner = self
            RoundTripConstructor.__init__(self, loader=self)
            VersionedResolver.__init__(self, loadumper=self)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """VersionedResolver.resolve without its lookups on every call (the version is
            fixed, 1.2, so its resolvers are too): plain text whose first character starts no
            implicit type (most of a facts file: Chinese text) is text at once."""
            starts = self.starts
            if starts is None:  # the same for every loader (YAML 1.2): made once
                starts = type(self).starts = self.versioned_resolver
            if self.yaml_path_resolvers or None in starts:
                return super().resolve(kind, value, implicit)
            if kind is ScalarNode:
                if implicit[0] and value:  # plain: ruamel's expressions for its first character
                    for tag, regexp in starts.get(value[0], ()):
                        if regexp.match(value):
                            return Tag(suffix=tag)
                elif implicit[0]:  # empty: null, by ruamel's expression for ""
                    return super().resolve(kind, value, implicit)
                return self.DEFAULT_SCALAR_TAG  # quoted, or no expression matched
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return self.DEFAULT_MAPPING_TAG if kind is MappingNode else None

    return CRoundTripLoader
