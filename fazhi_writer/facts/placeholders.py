"""待填 placeholders: values the clerk has not filled in yet, found in the loaded YAML.

A clerk (or ``init``/``next-year``) writes ``待填`` or ``待填：说明`` where a value is still
unknown. Before validation, mark_placeholders() swaps each such string in the round-trip
mapping for a Placeholder that knows its field path and position; the schema lets a
Placeholder stand in for any text, quantity, date or 是/否 value. In templates a Placeholder
prints as a sentinel that build.py turns into the kind's visible 【待填：…】 marker.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

#: What the clerk types: 待填, 待填：说明, 待填:说明, 待填（说明）.
PATTERN = re.compile(r"^\s*待填\s*(?:[：:，,]\s*(?P<note>.*?)|[（(](?P<paren>.*?)[）)])?\s*$", re.S)
#: Sentinel a Placeholder prints as inside rendered outline text (build.py replaces it).
SENTINEL = re.compile("\x00([^\x00\x1f]*)\x1f([^\x00\x1f]*)\x00")
_CONTROL = re.compile("[\x00-\x1f]")


@dataclass(frozen=True)
class Placeholder:
    """A value marked 待填 in the facts file, with where it is and the clerk's note."""

    path: str
    """Field path in the facts file, e.g. 法治副校长.人数 or 存在问题[1]."""
    note: str = ""
    """What the clerk wrote after 待填, e.g. 上年19名."""
    line: int = 0
    column: int = 0
    value = None  # templates may test q.value like a Quantity's; a blank has none

    def text(self, default_unit: str = "") -> str:
        """Render like a Quantity would: as the sentinel build.py replaces."""
        return str(self)

    def __str__(self) -> str:
        return f"\x00{_CONTROL.sub('', self.path)}\x1f{_CONTROL.sub('', self.note)}\x00"


def parse_placeholder(value: object) -> str | None:
    """Return the note of a 待填 string ('' when there is none), or None for any other value."""
    if not isinstance(value, str):
        return None
    match = PATTERN.match(value)
    if not match:
        return None
    return (match["note"] or match["paren"] or "").strip()


def mark_placeholders(raw: Any, texts: list[str] | None = None) -> list[Placeholder]:
    """Replace every 待填 value in the round-trip data by a Placeholder; return them in order.
    texts, when given, receives every other text value (the fonts' check reads them all)."""
    found: list[Placeholder] = []
    places: list[tuple[Any, Any, Placeholder]] = []
    _mark(raw, "", found, places, [] if texts is None else texts)
    for container, key, blank in places:  # after the walk: an aliased value is met again as text
        container[key] = blank
    return found


def _mark(node: Any, path: str, found: list[Placeholder],
          places: list[tuple[Any, Any, Placeholder]], texts: list[str]) -> None:
    """Walk node's values depth first (one list, not nested generators: they cost a frame a
    level a value): a Placeholder for each 待填 into found (and where it goes into places),
    every other text into texts."""
    is_list = isinstance(node, list)
    slots = enumerate(items(node)) if is_list else pairs(node) if isinstance(node, dict) else ()
    for key, value in slots:
        if isinstance(value, str):
            note = parse_placeholder(value) if "待填" in value else None
            if note is None:
                texts.append(value)
                continue
            line, column = item_position(node, key)  # the path is spelt out only here
            blank = Placeholder(_path(path, key, is_list), note, line, column)
            places.append((node, key, blank))
            found.append(blank)
        elif isinstance(value, (dict, list)):
            _mark(value, _path(path, key, is_list), found, places, texts)


def pairs(mapping: Any) -> Any:
    """A mapping's (key, value) pairs in order. ruamel's CommentedMap is an OrderedDict whose
    items() view goes through ~3 Python calls a pair to give what OrderedDict's own view gives."""
    return OrderedDict.items(mapping) if isinstance(mapping, OrderedDict) else mapping.items()


def items(sequence: list[Any]) -> Any:
    """A list's items in order. ruamel's CommentedSeq is a list whose iteration goes through
    collections.abc's, two Python calls an item, to give what list's own iterator gives."""
    return list.__iter__(sequence)


def _path(parent: str, key: Any, is_list: bool) -> str:
    """The field path of an item: 存在问题[1], 法治副校长.人数, 单位."""
    return f"{parent}[{key + 1}]" if is_list else f"{parent}.{key}" if parent else str(key)


def item_position(container: Any, key: Any) -> tuple[int, int]:
    """Return the 1-based line and column of container[key] (0, 0 when unknown), a round-trip
    mapping's value or list's item."""
    try:
        lc = container.lc
        line, column = lc.item(key) if isinstance(container, list) else lc.value(key)
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0, 0
    return line + 1, column + 1
