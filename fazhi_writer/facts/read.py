"""Load a facts file: read bytes, decode, parse YAML keeping line/column of every value.

Clerks' files come from Notepad, WPS or Word: UTF-8 (with or without BOM), UTF-16 or
GB18030/GBK, CRLF or LF, with invisible characters pasted from Word. All of them load the
same way. What is not a facts file is refused with one clear message; size, nesting and
aliases are bounded so that no file can make loading slow or big; duplicate keys are
reported (naming both lines) rather than one of them silently kept.

decode.py reads the text, invisible.py removes Word's invisible characters, yaml_parser.py
parses (libyaml when installed), yaml_errors.py words syntax errors; here the node graph is
checked (_Walk) and built by ruamel's round-trip constructor.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FactsFileError, FactsValidationError, Problem, field_path
from .decode import read_text
from .invisible import Loc, Span, clean_data, stray_notices, strip_invisible
from .yaml_errors import explain, fullwidth_colon, kind_of
from .yaml_parser import fast_compose, round_trip_yaml

#: Nodes after expanding aliases (the five examples have fewer than 500).
MAX_NODES = 10_000
#: Characters of text the values may hold once “*” aliases are expanded (a file holds at most
#: MAX_BYTES; one long anchored value used thousands of times made a 900 MB report).
MAX_TEXT = 2_000_000
MAX_DEPTH = 40
_TOO_MANY = f"内容过多（超过 {MAX_NODES} 项，或“*”别名被层层展开），这不像是事实文件"
_TOO_LONG = (f"展开后的文字过多（超过 {MAX_TEXT} 字，多为“*”别名把长文字重复引用了许多次），"
             "这不像是事实文件")

_EMPTY = "事实文件是空的（或只有注释），请先填写内容，可用 fazhi-write init 生成样例"
_TAGS = {f"tag:yaml.org,2002:{t}" for t in
         ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge")}


class Loaded(NamedTuple):  # a named tuple: a dataclass costs ~0.5 ms of every start to create
    """A loaded facts file: the round-trip mapping, errors found while loading, and notices."""

    data: Any
    problems: list[Problem]
    """Errors: duplicate keys, keys that are not text, YAML tags."""
    notices: list[Problem]
    """Warnings: invisible characters that were removed or replaced."""


def load(path: Path) -> Loaded:
    """Load the facts file: the round-trip mapping (with .lc positions), problems and notices."""
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")  # columns as YAML counts
    text, strays = strip_invisible(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ruamel warns in English (e.g. a reused anchor)
        yaml = round_trip_yaml()
        node = _compose(yaml, text, path)
        if node is None:
            raise FactsFileError(f"{path}: {_EMPTY}")
        data, problems, spans, text_keys = _data(yaml, node, path, text, bool(strays))
    _check_top_level(data, text, path)
    notices = stray_notices(strays, spans) if strays else []
    if "\\" in text or not text_keys:  # else no value or key clean_data would change
        notices += clean_data(data, problems)
    return Loaded(data=data, problems=problems, notices=notices)


def _data(yaml: Any, node: Any, path: Path, text: str,
          spans: bool) -> tuple[Any, list[Problem], list[Span], bool]:
    """Check and build the node graph: the data, problems, spans of values and keys (only
    when spans: they place the invisible characters removed), and whether every key is text."""
    walk = _Walk(path, spans)
    walk.visit(node, (), 0)
    return _construct(yaml, node, path, text), walk.problems, walk.spans, walk.text_keys


def load_facts(path: Path) -> Any:
    """Load the facts file and return the round-trip mapping; raise on any problem."""
    loaded = load(path)
    if loaded.problems:
        raise FactsValidationError(path, loaded.problems)
    return loaded.data


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
        colon = fullwidth_colon(text.splitlines()[: mark.line + 1] if mark else [])
        if colon:  # the real mistake is on the colon's line, not where the parser gave up
            where = f"{path}:{colon[0] + 1}:{colon[1].index('：') + 1}"
        raise FactsFileError(f"{where}: YAML 格式错误：{explain(e, text, mark)}") from e
    except RecursionError:
        raise FactsFileError(f"{path}: 层次嵌套过深（括号或缩进层数太多），这不像是事实文件") from None
    except YAMLError as e:  # (the parser's own words are English)
        raise FactsFileError(f"{path}: YAML 格式错误，无法解析") from e


def _construct(yaml: Any, node: Any, path: Path, text: str) -> Any:
    """Build the round-trip data from the checked node graph."""
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return yaml.constructor.construct_document(node)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise FactsFileError(f"{where}: YAML 格式错误：{explain(e, text, mark)}") from e
    except (ValueError, TypeError, OverflowError) as e:
        raise FactsFileError(f"{path}: 无法读取其中的值（{e}）") from e


def _check_top_level(data: Any, text: str, path: Path) -> None:
    if data is None:
        raise FactsFileError(f"{path}: {_EMPTY}")
    if not hasattr(data, "lc") or not isinstance(data, dict):
        colon = fullwidth_colon(text.splitlines())
        hint = f"；第 {colon[0] + 1} 行用了全角冒号“：”，应使用半角冒号加空格“: ”" if colon else ""
        raise FactsFileError(
            f"{path}:1:1: 事实文件顶层应为“字段: 值”的映射，实际是{kind_of(data)}{hint}"
        )


class _Walk:
    """Walk the node graph once: bound size and depth; find cycles, duplicates, odd keys, tags."""

    def __init__(self, file: Path, spans: bool) -> None:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import BaseResolver as Resolver

        self.file = file
        self.problems: list[Problem] = []
        self.spans: list[Span] = []
        self.want_spans = spans
        self.count = 0
        self.chars = 0
        """Characters of text visited, each alias counted again."""
        self.seen: set[int] = set()
        self.ancestors: set[int] = set()
        """The nodes from the top down to the one visited (an alias to one of them is a cycle)."""
        self.text_keys = True
        """False once a key is not plain text (a number, a date, true, null, a list, a tag)."""
        self.kinds = ScalarNode, SequenceNode, MappingNode
        #: The resolvers' own tags of text, lists and mappings (most nodes have one of them).
        self.plain = (Resolver.DEFAULT_SCALAR_TAG, Resolver.DEFAULT_SEQUENCE_TAG,
                      Resolver.DEFAULT_MAPPING_TAG)

    def visit(self, node: Any, loc: Loc, depth: int) -> None:
        """Visit node (and, through aliases, every time it is used) at field path loc."""
        self.count += 1
        if self.count > MAX_NODES:
            self._fatal(node, _TOO_MANY)
        ident = id(node)
        if depth > MAX_DEPTH or ident in self.ancestors:
            self._fatal(node, "层次嵌套过深，或“*”别名引用了它自己所在的内容")
        first = ident not in self.seen
        if first:
            self.seen.add(ident)
            text, seq, mapping = self.plain  # by identity: Tag's == is Python, called per node
            if node.ctag is not text and node.ctag is not seq and node.ctag is not mapping:
                self._check_tag(node, loc)
        ScalarNode, SequenceNode, MappingNode = self.kinds  # noqa: N806 - ruamel's classes
        if isinstance(node, ScalarNode):
            self.chars += len(node.value)  # every use: an alias repeats the text in the report
            if self.chars > MAX_TEXT:
                self._fatal(node, _TOO_LONG)
            if first and self.want_spans:
                self._span(node, loc)
            return
        if isinstance(node, SequenceNode):
            children: Iterable[tuple[Any, Any]] = enumerate(node.value)
        elif isinstance(node, MappingNode):
            children = self._pairs(node, loc, first)
        else:
            return
        self.ancestors.add(ident)
        self._visit_all(children, loc, depth + 1)
        self.ancestors.discard(ident)

    def _visit_all(self, children: Iterable[tuple[Any, Any]], loc: Loc, depth: int) -> None:
        """Visit the (key or index, node) children of a list or mapping (key None: a merge,
        at loc). Text (most nodes) is counted here, as visit would, without a call a value."""
        ScalarNode = self.kinds[0]  # noqa: N806 - ruamel's class
        text = self.plain[0]
        quick = not self.want_spans and depth <= MAX_DEPTH  # text needs no field path
        for key, child in children:
            if quick and child.__class__ is ScalarNode and child.ctag is text:
                self.count += 1
                self.chars += len(child.value)
                if self.count > MAX_NODES or self.chars > MAX_TEXT:
                    self._fatal(child, _TOO_MANY if self.count > MAX_NODES else _TOO_LONG)
            else:
                self.visit(child, loc if key is None else (*loc, key), depth)

    def _pairs(self, node: Any, loc: Loc, first: bool) -> list[tuple[Any, Any]]:
        """The (key, value node) pairs of a mapping, its keys checked (key None: a merge)."""
        ScalarNode = self.kinds[0]  # noqa: N806 - ruamel's class

        keys: dict[str, Any] = {}
        children: list[tuple[Any, Any]] = []
        for key, value in node.value:
            tag = "tag:yaml.org,2002:str" if key.ctag is self.plain[0] else key.tag
            if tag == "tag:yaml.org,2002:merge":
                children.append((None, value))
                continue
            if tag != "tag:yaml.org,2002:str":
                self.text_keys = False
            if not isinstance(key, ScalarNode):
                self._problem(key, loc, "字段名应为文字，不能是列表或映射")
                continue
            if first:
                earlier = keys.setdefault(key.value, key)
                if earlier is not key:
                    self._duplicate(earlier, key, loc)
                if self.want_spans:
                    self._span(key, (*loc, key.value))
            children.append((key.value, value))
        return children

    def _duplicate(self, earlier: Any, key: Any, loc: Loc) -> None:
        """Report key, written again after earlier in the same mapping."""
        first, again = earlier.start_mark.line + 1, key.start_mark.line + 1
        self._problem(key, (*loc, key.value),
                      f"重复的字段：第 {first} 行已经写过“{key.value}”，第 {again} 行又写了一次"
                      f"（第 {again} 行的内容不会被使用），请合并为一处")

    def _check_tag(self, node: Any, loc: Loc) -> None:
        if node.ctag in self.plain:  # by identity first: Tag's == compares their texts
            return
        tag = str(node.tag or "")
        if tag and tag not in _TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._problem(node, loc, f"“{shown}”是 YAML 的类型标记，事实文件用不到；"
                                     "如果这是正文，请给整个值加引号")

    def _span(self, node: Any, loc: Loc) -> None:
        start, end = node.start_mark, node.end_mark
        self.spans.append(((start.line, start.column), (end.line, end.column), loc))

    def _problem(self, node: Any, loc: Loc, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(path=field_path(loc), message=message,
                                     line=mark.line + 1, column=mark.column + 1))

    def _fatal(self, node: Any, message: str) -> None:
        mark = node.start_mark
        raise FactsFileError(f"{self.file}:{mark.line + 1}:{mark.column + 1}: {message}")
