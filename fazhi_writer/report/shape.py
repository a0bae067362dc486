"""The bureau's own shape of a report: its order of 板块, its headings, groups and outline.

A template marks the heading of each 板块 with the block's key, ``##{组织领导} 加强组织领导…``
(``{=第一责任人}`` for one that keeps its place), and the part that holds the 板块 with
``#!{板块} …`` (templates/README.md). From the facts this
module then, before empty sections are pruned and the rest numbered:

- puts a block's own 标题 in place of the stock heading;
- orders sibling 板块 as the clerk wrote their keys in the facts file;
- gathers the 板块 a 分组 names under that group's heading (one level more: （一）→ 1. → 一是);
- under ``提纲: 专题`` removes the ``{板块}`` heading, so the 板块 (or groups) are the top level.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import FazhiError
from .model import Section

if TYPE_CHECKING:
    from ..facts.schema import Facts

#: The key marking the part that holds the 板块 (主要举措和成效).
CONTAINER = "板块"
TOPIC_OUTLINE = "专题"
#: ``{=第一责任人}``: the heading takes the block's 标题 but keeps its place in the outline.
_PINNED = "="
#: GB/T 9704 7.3.3's heading numbers, as a clerk writes them, in order of depth.
_STYLES = ("一、", "（一）", "1.", "（1）")


def shape(root: Section, facts: Facts, order: Sequence[str]) -> list[str]:
    """Apply the facts' headings, order, groups and outline to the parsed tree; return notes."""
    notes: list[str] = []
    _retitle(root, facts)
    _reorder(root, {key: i for i, key in enumerate(order)})
    notes += _group(root, facts.groups)
    if facts.outline == TOPIC_OUTLINE and not _dissolve(root):
        notes.append(f"本类报告的模板没有可按专题排列的板块部分，“提纲: {TOPIC_OUTLINE}”未使用")
    return notes


def numbering(styles: Sequence[str], default: Sequence[str]) -> list[str]:
    """Return the kind's number patterns with the clerk's styles (一、 1.) for the first levels.

    Levels the clerk did not write continue GB/T 9704's sequence after the last one written
    (一、 1. → （1）); a style outside that sequence is followed by the kind's own next level.
    """
    out = [s for s in styles if isinstance(s, str)]  # a 待填 style: the kind's own
    if not out:
        return list(default)
    while len(out) < len(default):
        last = out[-1]
        following = _STYLES.index(last) + 1 if last in _STYLES else len(_STYLES)
        out.append(_STYLES[following] if following < len(_STYLES) else "")
    patterns = [s.replace("一", "{cn}").replace("1", "{n}") for s in out]
    return [p or d for p, d in zip(patterns, default)]


@lru_cache(maxsize=8)  # the Facts type: one
def _names(facts_type: type) -> dict[str, str]:
    """The facts' top-level field names by Chinese key (组织领导 → organization)."""
    return {str(info.alias): name
            for name, info in facts_type.model_fields.items()}  # type: ignore[attr-defined]


def _walk(section: Section, out: list[Section] | None = None) -> list[Section]:
    """Every section below section, in document order (a list: one call, not a generator
    a level)."""
    out = [] if out is None else out
    for child in section.children:
        if isinstance(child, Section):
            out.append(child)
            _walk(child, out)
    return out


def _retitle(root: Section, facts: Facts) -> None:
    """Give each keyed heading the block's own 标题, when the clerk wrote one (a heading without
    a key has none to look up: most of them)."""
    names = _names(type(facts))
    for section in _walk(root):
        name = names.get(section.key.lstrip(_PINNED)) if section.key else None
        heading = getattr(getattr(facts, name), "heading", None) if name else None
        if heading:
            section.title = str(heading)


def _reorder(section: Section, rank: dict[str, int]) -> None:
    """Order keyed sibling sections as the keys stand in the facts file; others keep their place."""
    slots = []  # (one pass over the children: they are ordered after their own subsections)
    for i, child in enumerate(section.children):
        if isinstance(child, Section):
            _reorder(child, rank)
            if child.key and child.key != CONTAINER and child.key[0] != _PINNED:
                slots.append(i)
    if len(slots) > 1:  # (one keyed section or none: nothing to order)
        keyed = sorted((section.children[i] for i in slots),
                       key=lambda c: rank.get(c.key, len(rank)))  # type: ignore[union-attr]
        for i, child in zip(slots, keyed):
            section.children[i] = child


def _group(root: Section, groups: dict[str, list[str]]) -> list[str]:
    """Put the 板块 each group names under a heading of the group's title, where its first is."""
    notes = []
    for title, members in groups.items():
        found = [(parent, child) for parent in [root, *_walk(root)] for child in parent.children
                 if isinstance(child, Section) and child.key in members]
        if not found:
            notes.append(f"分组“{title}”中的板块（{'、'.join(map(str, members))}）没有内容，"
                         f"或本类报告中没有它们的小标题，这一分组未使用")
            continue
        parent = found[0][0]
        chosen = sorted((c for p, c in found if p is parent), key=lambda c: members.index(c.key))
        group = Section(level=chosen[0].level, title=str(title), key="")
        parent.children[parent.children.index(chosen[0])] = group
        parent.children = [c for c in parent.children if not any(c is s for s in chosen)]
        for child in chosen:
            _relevel(child, 1)
        group.children = list(chosen)
    return notes


def _dissolve(root: Section) -> bool:
    """Remove each {板块} heading, its subsections taking its place one level up."""
    done = False
    for parent in [root, *_walk(root)]:
        for child in list(parent.children):
            if isinstance(child, Section) and child.key == CONTAINER:
                done = True
                if not any(isinstance(c, Section) for c in child.children):
                    continue  # nothing to promote: the part stays, flagged 待补充 if required
                for grandchild in child.children:
                    if isinstance(grandchild, Section):
                        _relevel(grandchild, -1)
                at = parent.children.index(child)
                parent.children[at:at + 1] = child.children
    return done


def _relevel(section: Section, by: int) -> None:
    """Move a section and its subsections by levels (a group adds one, 专题 removes one)."""
    section.level += by
    if not 1 <= section.level <= 3:
        raise FazhiError(f"“{section.title}”：分组后标题超过三级（一、（一）1.），请减少分组或改用“提纲: 专题”")
    for child in section.children:
        if isinstance(child, Section):
            _relevel(child, by)
