"""Write the schools' totals into the facts file through ruamel's round trip: only the values
merge owns change (each with a comment naming its source); every other line, comment, key order
and quoting comes out as it went in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..facts.nextyear import rewrite
from .fields import block_model, required_keys, schema_field


@dataclass(frozen=True)
class Total:
    """A value merge writes: where, what, and the source comment."""

    path: tuple[str, ...]
    value: Any
    """A text ("48场次"), a bool, a list of texts, or a mapping of texts."""
    comment: str


def update_facts(text: str, totals: Sequence[Total], awards_path: tuple[str, ...],
                 awards: Sequence[dict[str, str]], awards_comment: str) -> tuple[str, list[str]]:
    """The facts-file text with the totals written and new awards added; and notes on what
    could not be written."""
    notes: list[str] = []

    def write(doc: Any, yaml: Any) -> None:
        notes.extend(_write(doc, _Edit(yaml.map_indent or 2), totals, awards_path, awards,
                            awards_comment))

    return rewrite(text, write), notes


def _write(doc: Any, edit: _Edit, totals: Sequence[Total], awards_path: tuple[str, ...],
           awards: Sequence[dict[str, str]], awards_comment: str) -> list[str]:
    for total in totals:
        parent = edit.parent(doc, total.path)
        if parent is not None:
            edit.set(parent, total.path, _node(total.value), total.comment)
    if awards:
        edit.add_awards(doc, awards_path, awards, awards_comment)
    for block, trailing in edit.new:  # the comments that followed the key before a new block
        _append_trailing(block, trailing)
    return edit.notes


class _Edit:
    """One update of a facts file: the blocks it made and what it could not write."""

    def __init__(self, indent: int) -> None:
        self.indent = indent
        """The file's mapping indent (where a comment after a value in a new block starts)."""
        self.depth: dict[int, int] = {}
        """How deep each block made here lies (id -> number of keys above its keys)."""
        self.new: list[tuple[Any, str]] = []
        """Blocks made here, with the comment lines to put after them once they are filled."""
        self.notes: list[str] = []

    def parent(self, doc: Any, path: tuple[str, ...]) -> Any:
        """The mapping that holds path's last key, made where missing; None (with a note) when
        it cannot be: a block written as 待填, or one that needs keys merge does not know."""
        from ruamel.yaml.comments import CommentedMap

        node = doc
        for depth, key in enumerate(path[:-1]):
            prefix = path[: depth + 1]
            child = node.get(key)
            if child is None:
                needs = required_keys(prefix)
                if needs:
                    self.notes.append(f"事实文件中没有“{'.'.join(prefix)}”（需要先填写"
                                      f"{'、'.join(needs)}），“{'.'.join(path)}”没有写入")
                    return None
                child = CommentedMap()
                self.depth[id(child)] = depth + 1
                self.insert(node, prefix, child)
            elif not isinstance(child, dict):
                self.notes.append(f"事实文件中“{'.'.join(prefix)}”是“{child}”而不是一组字段，"
                                  f"“{'.'.join(path)}”没有写入")
                return None
            self.unflow(child, prefix)
            node = child
        return node

    def unflow(self, node: Any, path: tuple[str, ...]) -> None:
        """A block written on one line ({人数: 19名, …}) is written one key a line, so that
        each value merge writes can carry its source comment."""
        if _flow(node):
            node.fa.set_block_style()
            self.depth[id(node)] = len(path)
            self.notes.append(f"事实文件中的“{'.'.join(path)}”改为逐行书写（以便注明每个数的来源），"
                              "其中的值没有改动")

    def set(self, parent: Any, path: tuple[str, ...], value: Any, comment: str) -> None:
        key = path[-1]
        if key in parent:
            trailing = _take_trailing(parent, key)
            parent[key] = value
        else:
            trailing = self.insert(parent, path, value)
        _comment(parent, key, comment, trailing, self.column(parent, key))

    def insert(self, parent: Any, path: tuple[str, ...], value: Any) -> str:
        """Insert a new key in the schema's order; the comments that stood before the next key
        move down with it. Return them (they now follow the new key)."""
        keys = list(parent)
        order = _schema_order(path[:-1])
        rank = order.index(path[-1]) if path[-1] in order else len(order)
        position = 0
        for index, existing in enumerate(keys):
            if (order.index(existing) if existing in order else len(order)) <= rank:
                position = index + 1
        block = isinstance(value, (dict, list)) and not _flow(value)
        trailing = self._take_trailing(parent, keys[position - 1], block) if position else ""
        parent.insert(position, path[-1], value)
        if block:
            self.new.append((value, trailing))
            return ""
        return trailing

    def _take_trailing(self, parent: Any, key: Any, keep_blank: bool) -> str:
        """The comment lines after key's value; after a block made here, those it will get."""
        for index, (block, trailing) in enumerate(self.new):
            if block is parent[key]:
                kept = "\n" if keep_blank and trailing.startswith("\n") else ""
                self.new[index] = (block, kept)
                return trailing
        return _take_trailing(parent, key, keep_blank)

    def column(self, parent: Any, key: Any) -> int:
        """Where a comment after key's value starts: two spaces after `key: value`."""
        value = parent[key]
        if isinstance(value, (dict, list)) and not _flow(value):
            return 0
        indent = getattr(getattr(parent, "lc", None), "col", None)
        if indent is None or id(parent) in self.depth:  # a block made (or unfolded) here
            indent = self.depth.get(id(parent), 1) * self.indent
        return indent + len(str(key)) + 2 + len(_shown(value)) + 2

    def add_awards(self, doc: Any, path: tuple[str, ...], awards: Sequence[dict[str, str]],
                   comment: str) -> None:
        """Append the awards the facts file does not already list (nothing is removed)."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        parent = self.parent(doc, path)
        if parent is None:
            return
        existing = parent.get(path[-1])
        if existing is None:
            existing = CommentedSeq()
            self.insert(parent, path, existing)
        elif not isinstance(existing, list):
            self.notes.append(f"事实文件中“{'.'.join(path)}”不是列表，获奖情况没有写入")
            return
        else:
            self.unflow(existing, path)
        known = {_award_key(item) for item in existing if isinstance(item, dict)}
        trailing = _take_trailing(existing, len(existing) - 1) if len(existing) else ""
        item = None
        for award in awards:
            if _award_key(award) in known:
                continue
            known.add(_award_key(award))
            item = CommentedMap((k, v) for k, v in award.items() if v)
            existing.append(item)
            item.yaml_add_eol_comment(f"# {comment}：{award.get('学校', '')}", next(iter(item)))
        if trailing and item is not None:  # the comments before the next key stay before it
            _comment(item, list(item)[-1], None, trailing)
        elif trailing:
            _put_back(existing, trailing)


def _node(value: Any) -> Any:
    """A new value as ruamel writes it: lists and mappings on one line ([a, b], {a: 1})."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, list):
        node: Any = CommentedSeq(value)
    elif isinstance(value, dict):
        node = CommentedMap(value)
    else:
        return value
    node.fa.set_flow_style()
    return node


def _append_trailing(block: Any, trailing: str) -> None:
    """Put comment lines after the last line of a block merge made."""
    if not trailing or not len(block):
        return
    last = list(block)[-1] if isinstance(block, dict) else len(block) - 1
    value = block[last]
    if isinstance(value, (dict, list)) and len(value) and not _flow(value):
        _append_trailing(value, trailing)
    elif isinstance(block, dict):
        _comment(block, last, None, trailing)


def _schema_order(path: tuple[str, ...]) -> list[str]:
    from ..facts.schema import Facts

    info = schema_field(path) if path else None
    model = block_model(info.annotation) if info is not None else (Facts if not path else None)
    return [str(i.alias) for i in model.model_fields.values()] if model is not None else []


def _take_trailing(parent: Any, key: Any, keep_blank: bool = False) -> str:
    """Remove and return the comment lines after key's value (those that belong to what follows).
    The end-of-line comment of the value stays where it is; with keep_blank, so does a blank
    line (one that separated two blocks, when a new block goes between them)."""
    holder, index = _last_comment(parent, key)
    if holder is None:
        return ""
    token = holder[index]
    value: str = token.value
    head, newline, rest = value.partition("\n")
    if not rest:
        return ""
    # a blank line that separated key's block from the next one stays (and moves down too)
    token.value = head + newline + ("\n" if keep_blank and rest.startswith("\n") else "")
    return rest


def _last_comment(parent: Any, key: Any) -> tuple[Any, int]:
    """(the comment slots, index) where ruamel keeps what follows key's value: the key's own
    slot for a scalar, else that of the last item inside the collection, recursively."""
    value: Any = parent[key]
    if isinstance(value, (dict, list)) and len(value) and not _flow(value):
        return _last_comment(value, list(value)[-1] if isinstance(value, dict) else len(value) - 1)
    slots = parent.ca.items.get(key)
    slot = 0 if isinstance(parent, list) else 2
    return (slots, slot) if slots and slots[slot] is not None else (None, 0)


def _flow(value: Any) -> bool:
    return bool(getattr(value, "fa", None) and value.fa.flow_style())


def _comment(parent: Any, key: Any, comment: str | None, trailing: str, column: int = 0) -> None:
    """Set key's end-of-line comment (at column), keeping the lines after it; with comment None
    keep the comment there is and put trailing after it."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slots = parent.ca.items.setdefault(key, [None, None, None, None])
    old = slots[2]
    rest = old.value.partition("\n")[2] if old is not None else ""
    head = f"# {comment}" if comment else (old.value.partition("\n")[0] if old else "")
    if comment is None and old is not None:
        column = old.start_mark.column
    slots[2] = CommentToken(f"{head}\n{trailing or rest}", CommentMark(column), None)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def _put_back(seq: Any, trailing: str) -> None:
    holder, index = _last_comment(seq, len(seq) - 1)
    if holder is not None:
        holder[index].value += trailing


def _award_key(award: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(award.get(k) or "").strip() for k in ("赛事", "学校", "获奖者", "奖项"))
