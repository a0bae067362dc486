"""Fields every 板块 inherits (schema.Topic): documented once, drafted in one 板块.

A 板块's copy of such a field is shared when its entry is the representative 板块's with the
板块 renamed: the same example, the same field depended on, and in every kind the same lines once
each 板块's frame (its heading, or the lead-in its first paragraph starts with) is set aside.
A copy a 板块's template words differently is not shared: that 板块's section shows it.
"""

from __future__ import annotations

import re
from typing import Any

from .compare import added_lines
from .entries import Drafter, Entry
from .fields import FieldDoc, walk

#: Matches no line: a frame's heading is compared as written.
_NONE = re.compile("^(?!)")
#: A text no template writes, drafted as a 板块's 补充 to find the 板块's frame.
_PROBE = "\u2063探针\u2063"


def topic_blocks(docs: dict[tuple[str, ...], FieldDoc]) -> list[str]:
    """The 板块 (top-level blocks of the schema's Topic model), in schema order."""
    from ..facts.schema import Topic

    return [p[0] for p, d in docs.items() if len(p) == 1 and isinstance(d.base, type)
            and issubclass(d.base, Topic)]


def inherited(docs: dict[tuple[str, ...], FieldDoc]) -> set[tuple[str, ...]]:
    """Paths of the Topic fields as each 板块 has them, unchanged (not redefined by the 板块)."""
    from ..facts.schema import Topic

    common, blocks = {d.path: d for d in walk(Topic)}, set(topic_blocks(docs))
    return {p for p, d in docs.items() if len(p) > 1 and p[0] in blocks
            and common.get(p[1:]) == d._replace(path=p[1:])}


def shared(drafter: Drafter, entries: dict[tuple[str, ...], Entry]) -> tuple[str, set[str]]:
    """The representative 板块 and the dotted paths, in the other 板块, of the shared copies."""
    blocks = topic_blocks(drafter.docs)
    if not blocks:
        return "", set()
    first, paths = blocks[0], inherited(drafter.docs)
    frames = {b: {k.name: _frame(drafter, k.name, b) for k in drafter.kinds} for b in blocks}
    found = set()
    for path in paths:
        mine, theirs = entries[path], entries.get((first, *path[1:]))
        if path[0] != first and theirs is not None and (first, *path[1:]) in paths and _same(
                mine, theirs, frames[path[0]], frames[first]):
            found.add(mine.doc.dotted)
    return first, found


def _frame(drafter: Drafter, kind: str, block: str) -> tuple[tuple[str, ...], str]:
    """What a 板块 writes around its sentences: whole lines (its heading) and the lead-in of
    the line its sentences start in."""
    from ..facts.schema import Topic

    extra = str(Topic.model_fields["extra"].alias)  # 补充: free sentences, written as given
    lines = drafter.added(kind, {}, {block: {extra: [_PROBE]}})
    lead = next((s.partition(_PROBE)[0] for s in lines if _PROBE in s), "")
    return tuple(s for s in lines if _PROBE not in s), lead


def _same(mine: Entry, theirs: Entry, frame: Any, their_frame: Any) -> bool:
    if (_renamed(mine.snippet, theirs.doc.path[0]) != theirs.snippet or mine.setting
            != theirs.setting or mine.depends.partition(".")[2]
            != theirs.depends.partition(".")[2] or bool(mine.part_of) != bool(theirs.part_of)):
        return False
    return all(a.status == b.status and _body(a.kind, a.lines, frame) == _body(
        b.kind, b.lines, their_frame) for a, b in zip(mine.yields, theirs.yields, strict=True))


def _body(kind: str, lines: tuple[str, ...], frames: Any) -> list[str]:
    """lines without the 板块's frame in the kind."""
    heading, lead = frames[kind]
    out = list(added_lines(heading, lines, _NONE)) if heading else list(lines)
    at = next((i for i, s in enumerate(out) if lead and s.startswith(lead)), None)
    if at is not None:
        out[at] = out[at][len(lead):]
    return [s for s in out if s]


def _renamed(snippet: dict[str, Any] | None, block: str) -> dict[str, Any] | None:
    if snippet is None or len(snippet) != 1:
        return snippet
    return {block: next(iter(snippet.values()))}

