"""Roll a facts file forward one year, keeping the clerk's comments, key order and quoting.

The text is edited through ruamel's round-trip mode, so everything not changed here comes
out as it went in. What changes:

- 年度 moves on, and so do the years a 标题 names; 上年事实文件 records where last year's file
  is (draft compares with it); a file without 成文日期 gets ``成文日期: 待填``;
- counts that belong to one year become ``待填：上年…``, except STANDING ones (state at year
  end: people, schools, rates), which carry over like every other fact;
- a few texts that belong to one year (ONE_YEAR) become ``待填：上年…`` too, and so does a 是
  that tells what was done that year (领导小组.本年成立, 完善机制);
- 工作打算 (the plans for the new year) become 上年工作打算, each with ``落实情况: 待填``
  so the report says how they were carried out; 工作打算 starts again as 待填.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from .placeholders import Placeholder
from .quantity import Quantity
from .records import leaves

#: Counts that state how things stand at year end; they carry over (check --previous asks
#: the clerk to confirm them). ``*`` is any one key, ``[]`` any list position.
STANDING = (
    "法律顾问.人数", "法治副校长.人数", "法治副校长.配备率", "法治副校长.覆盖学校.*",
    "宪法宣传.参与学校", "校园安全.驻校民警", "校园安全.驻警学校", "政务服务.进驻事项",
    "行政执法.学科类培训机构", "法治文化.基地[].面积", "法治文化.基地[].容纳",
    "*.现有.*", "*.比率.*", "*.装备.*", "行政执法.执法证.持证人数", "行政执法.执法证.持证上岗率",
    "行政执法.执法监督.社会监督员",
)
#: Texts and dates that belong to one year.
ONE_YEAR = (
    "成文日期", "数据截至", "*.活动[].时间", "成效.获奖[].时间", "成效.获奖[].奖项", "成效.荣誉[]",
    "宪法宣传.学宪法讲宪法.届次", "依法治校.示范校[]",
    "*.计数[].时间", "*.文件[].时间", "*.检查[].时间", "*.获得荣誉[].时间", "*.获得荣誉[].名称",
    "组织领导.领导小组.本年成立", "组织领导.领导小组.完善机制",
)
LINK_COMMENT = "next-year 自动记录：上一年度的事实文件，draft 据此写“较上年增加……”"
PLANS_COMMENT = "上年工作打算：next-year 从上年的“工作打算”移来；在“落实情况”中写本年度做了什么（写入报告），不写的项删去该行"
# (mapping indent, sequence indent, dash offset) styles clerks' files use; the one that
# reproduces the file best is used to write it back.
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (4, 2, 0), (3, 5, 3))


def roll_forward(text: str, facts: Any, link: str) -> str:
    """Return next year's facts-file text from this year's text and its validated facts."""
    return rewrite(text, lambda doc, yaml: _roll(doc, facts, link))


def _roll(doc: Any, facts: Any, link: str) -> None:
    for path, value in leaves(facts):
        new = _next_value(path, value)
        if new is not None:
            _set(doc, path, new)
    doc["年度"] = facts.year + 1
    if isinstance(facts.title, str) and "标题" in doc:
        doc["标题"] = _next_title(facts.title, facts.year)
    _record_link(doc, link)
    if "成文日期" not in doc:  # next year's report needs its date: check lists it with the others
        doc.insert(list(doc).index("年度") + 1, "成文日期", "待填")
    _move_plans(doc, facts.year + 2)


def rewrite(text: str, edit: Callable[[Any, Any], None]) -> str:
    """Return the facts-file text after `edit(doc, yaml)` changed its round-trip document,
    written back in the file's own indentation style and line endings."""
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    yaml = _round_trip(text)
    doc = yaml.load(text)
    edit(doc, yaml)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue().replace("\n", "\r\n") if crlf else out.getvalue()


def _round_trip(text: str) -> Any:
    """Return a round-trip YAML in the indentation style that best reproduces the file."""
    from ruamel.yaml import YAML

    best, fewest = None, None
    for mapping, sequence, offset in _STYLES:
        yaml = YAML(typ="rt")
        yaml.width = 100_000  # never fold a long Chinese line
        yaml.preserve_quotes = True
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        out = io.StringIO()
        yaml.dump(yaml.load(text), out)
        changed = _changed_lines(text, out.getvalue())
        if fewest is None or changed < fewest:
            best, fewest = yaml, changed
        if not changed:
            break
    return best


def _next_title(title: str, year: int) -> str:
    """Move the years a 标题 names on by one (2024年度…2025年工作安排 → 2025年度…2026年…)."""
    return re.sub(rf"(?<!\d)({year}|{year + 1})(?!\d)", lambda m: str(int(m[1]) + 1), title)


def _changed_lines(before: str, after: str) -> int:
    """Count the lines a round trip changed."""
    old, new = before.splitlines(), after.splitlines()
    return sum(a != b for a, b in zip(old, new)) + abs(len(old) - len(new))


def _next_value(path: tuple[Any, ...], value: Any) -> str | None:
    """Return the 待填 text a one-year value becomes, or None to keep it."""
    if value is None or value is False or isinstance(value, Placeholder):
        return None
    shape = _shape(path)
    if value is True:  # a 是 that tells what was done this year: asked again
        return "待填：上年是" if _matches(shape, ONE_YEAR) else None
    if isinstance(value, Quantity) and not _matches(shape, STANDING):
        return f"待填：上年{value}"
    if not isinstance(value, (Quantity, list, dict)) and _matches(shape, ONE_YEAR):
        return f"待填：上年{value}"
    return None


def _shape(path: tuple[Any, ...]) -> str:
    """Write a path as 法治文化.基地[].面积: keys joined by dots, list positions as []."""
    out = ""
    for key in path:
        out += "[]" if isinstance(key, int) else ("." if out else "") + str(key)
    return out


def _matches(shape: str, patterns: Iterable[str]) -> bool:
    for pattern in patterns:
        regex = re.escape(pattern).replace(r"\*", r"[^.\[]+")
        if re.fullmatch(regex, shape):
            return True
    return False


def _set(doc: Any, path: tuple[Any, ...], value: str) -> None:
    """Set the value at path; a single value the schema read as a one-item list is replaced."""
    node = doc
    try:
        for key in path[:-1]:
            if not isinstance(node[key], (dict, list)):
                node[key] = value
                return
            node = node[key]
        node[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        return  # a value the schema derived (a theme given as a sentence): nothing to change


def _record_link(doc: Any, link: str) -> None:
    """Record where last year's file is, at the top of the file (below its opening comments)."""
    if "上年事实文件" in doc:
        doc["上年事实文件"] = link
    else:
        doc.insert(0, "上年事实文件", link, comment=LINK_COMMENT)


def _move_plans(doc: Any, plan_year: int) -> None:
    """Move 工作打算 to 上年工作打算 (each with 落实情况: 待填); start 工作打算 again."""
    from ruamel.yaml.comments import CommentedSeq

    plans = doc.get("工作打算")
    if not isinstance(plans, list) or not plans:
        return
    for index, item in enumerate(plans):
        plans[index] = _with_review(item)
    if "上年工作打算" in doc:
        del doc["上年工作打算"]  # two years old by now
    position = list(doc).index("工作打算")
    comment = doc.ca.items.pop("工作打算", None)
    del doc["工作打算"]
    doc.insert(position, "上年工作打算", plans)
    if comment:
        doc.ca.items["上年工作打算"] = comment
    doc.yaml_set_comment_before_after_key("上年工作打算", before=PLANS_COMMENT)
    doc.insert(position + 1, "工作打算", CommentedSeq([f"待填：{plan_year}年度工作打算"]))


def _with_review(item: Any) -> Any:
    """Add 落实情况: 待填 to a plan: a key of its mapping, or a one-line {主题: …} for a sentence."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(item, CommentedMap):  # what round-trip loading makes of every mapping
        if "落实情况" not in item:  # at the end, unless a comment hangs there: then first
            item.insert(len(item) if not item.ca.items else 0, "落实情况", "待填")
        return item
    review = CommentedMap([("主题", item), ("落实情况", "待填")])
    review.fa.set_flow_style()
    return review
