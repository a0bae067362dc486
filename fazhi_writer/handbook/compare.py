"""Comparing drafts: facts merged and a field removed, report lines compared by heading level."""

from __future__ import annotations

import copy
import difflib
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..report.build import Kind


def merge(a: Any, b: Any) -> Any:
    """Deep-merge facts b into a copy of a (mappings by key, lists of records by position)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = merge(a[k], v) if k in a else copy.deepcopy(v)
        return out
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(x, dict) for x in a + b):
        return [merge(x, y) for x, y in zip(a, b)] + copy.deepcopy(a[len(b):] or b[len(a):])
    return copy.deepcopy(b)


def without(facts: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """A copy of facts with the field at path removed (a list of records: its first record)."""
    out = copy.deepcopy(facts)
    node: Any = out
    for key in path[:-1]:
        node = node[key]
        if isinstance(node, list):
            node = node[0]
    node.pop(path[-1], None)
    return out


def numbering(kind: Kind) -> re.Pattern[str]:
    """A pattern for the heading numbers of a kind (一、 （一） 1.) at the start of a line,
    one group a level."""
    forms = [re.escape(f).replace(r"\{cn\}", "[零一二三四五六七八九十百]+").replace(r"\{n\}", r"\d+")
             for f in kind.numbering]
    return re.compile("^(?:" + "|".join(f"({f})" for f in forms) + ")") if forms else re.compile(
        "^(?!)")


def added_lines(base: tuple[str, ...], new: tuple[str, ...],
                numbering: re.Pattern[str]) -> tuple[str, ...]:
    """Lines of new not in base, compared with each heading number replaced by its level
    (renumbering is no change; a heading moved up or down a level is)."""
    def level(line: str) -> str:
        return numbering.sub(lambda m: f"§{m.lastindex}", line, count=1)

    matcher = difflib.SequenceMatcher(None, [level(s) for s in base], [level(s) for s in new],
                                      autojunk=False)
    return tuple(line for op, _, _, j1, j2 in matcher.get_opcodes() if op in ("insert", "replace")
                 for line in new[j1:j2])
