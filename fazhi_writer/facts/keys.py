"""Tables about the facts file's keys, and the small functions that read them.

RENAMED: keys that changed their spelling. An old facts file keeps working: the old key is
read as the new one, with a notice naming the new key. Block paths use the Chinese keys, "*"
stands for any key or list item.
DEPENDS: fields that only qualify another field (法律顾问.范围 says whom the 人数 serve): the
templates write them only together. A value lost for that reason is explained by naming the
field it needs.
SYNONYMS: words a clerk may write for a field of another name, for the suggestion made at an
unknown key (作者 → 署名), before the nearest spelling is tried.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem, field_path

#: block path -> {old key: new key}
RENAMED: dict[tuple[str, ...], dict[str, str]] = {
    ("校园安全",): {"全覆盖": "宣讲全覆盖"},
    ("行政执法",): {"全覆盖": "校外培训全覆盖"},
}

#: block path -> {qualifying key: keys of which at least one must be filled as well}
DEPENDS: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {
    ("组织领导",): {"汇报会议": ("听取汇报",), "层层分解": ("动员会", "责任书")},
    ("第一责任人",): {"亲自把关": ("职责清单",), "执法不违法": ("队伍管理",)},
    ("依法决策",): {"决策会议": ("三重一大",), "民主集中制": ("议事规则",),
                    "制度做法": ("制度",)},
    ("法律顾问",): {"范围": ("人数",), "备案": ("人数",), "合同": ("律师事务所",),
                    "制度做法": ("制度",), "严格把关": ("审查合同",)},
    ("学法用法",): {"学法会议": ("中心组学法",), "频次": ("中心组学法",),
                    "专题学习内容": ("专题学习",), "教职工学法内容": ("教职工学法",),
                    "教职工全覆盖": ("教职工学法",), "宣讲内容": ("宣讲",),
                    "警示教育对象": ("警示教育",), "经费用途": ("专项经费",)},
    ("宪法宣传",): {"学校类别": ("参与学校",)},
    ("法治课堂",): {"受教育师生": ("专题", "专题活动")},
    ("法治副校长",): {"培训联合": ("培训",), "培训内容": ("培训",), "到校内容": ("频次",), "宣讲人员": ("宣讲",),
                      "受众": ("专题", "宣讲"), "受众表述": ("受众",)},
    ("校园安全",): {"宣讲人次": ("宣讲场次",), "宣讲全覆盖": ("宣讲场次",),
                    "宣讲活动": ("宣讲场次",), "律师活动": ("律师",), "律师进校": ("律师",),
                    "驻警学校": ("驻校民警",), "驻警学段": ("驻校民警",)},
    ("行政执法",): {"校外培训全覆盖": ("学科类培训机构",)},
    ("政务服务",): {"截至": ("办结率",), "清单之外无事项": ("进驻事项",), "全部进驻": ("进驻事项",),
                    "不推诿": ("限时办结",)},
    ("依法治校",): {"评选单位": ("通过",), "示范校级别": ("申报", "通过", "示范校"),
                    "制度依据": ("制度汇编",), "明确岗位职责": ("制度汇编",)},
    ("*",): {"数据时段": ("数据",)},
}

#: a word a clerk may write -> the keys it may mean, most likely first (only keys allowed
#: where the word was written are suggested)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "作者": ("署名", "单位"), "落款": ("署名",), "发文机关": ("署名", "单位"),
    "发文单位": ("署名", "单位"), "署名单位": ("署名",), "落款单位": ("署名",),
    "单位名称": ("单位",), "机关": ("单位",), "名称": ("单位",),
    "日期": ("成文日期",), "落款日期": ("成文日期",), "发文日期": ("成文日期",),
    "文号": ("发文字号",), "发文号": ("发文字号",), "主送": ("主送机关",),
    "收文机关": ("主送机关",), "年份": ("年度",), "报告年度": ("年度",),
    "简称": ("自称",), "称呼": ("自称",), "上级领导": ("上级",), "领导小组": ("组织领导",),
    "领导": ("上级", "组长"),
    "指导单位": ("指导",), "业务指导": ("指导",),
    "问题": ("存在问题",), "不足": ("存在问题",), "差距": ("存在问题",),
    "计划": ("工作打算",), "打算": ("工作打算",), "下一步": ("工作打算",),
    "明年计划": ("工作打算",), "安排": ("工作打算",),
    "局长": ("第一责任人",), "负责人": ("第一责任人",), "主要负责人": ("第一责任人",),
    "一把手": ("第一责任人",), "律师": ("法律顾问", "律师事务所"),
    "获奖": ("成效", "获奖"), "荣誉": ("成效", "荣誉"), "奖项": ("获奖", "奖项"),
    "学习": ("学法用法",), "学法": ("学法用法",), "普法": ("普法宣传",),
    "宪法": ("宪法宣传",), "执法": ("行政执法",), "信访": ("矛盾纠纷", "网上信访"),
    "示范校": ("依法治校",), "安全": ("校园安全",), "欺凌": ("校园安全",),
    "决策": ("依法决策",), "副校长": ("法治副校长",), "督察": ("整改",),
    "备注": ("补充", "其他"), "说明": ("补充", "其他"), "其他说明": ("其他",),
    "数量": ("数据",), "统计": ("数据",), "数字": ("数据",),
}


def _matches(pattern: tuple[str, ...], path: tuple[Any, ...]) -> bool:
    keys = tuple(p for p in path if not isinstance(p, int))
    return len(pattern) == len(keys) and all(a in ("*", b) for a, b in zip(pattern, keys))


def rename_old_keys(raw: Any) -> list[Problem]:
    """Read old spellings as the new keys, in place (keeping order and positions); return a
    notice for each. Cheap when there is nothing to rename: only the mappings a block path of
    RENAMED can reach are looked at."""
    from .validate import position

    old = {key for table in RENAMED.values() for key in table}
    notices: list[Problem] = []
    for path, node in _mappings(raw, (), 0):
        found = old.intersection(node)
        for pattern, table in RENAMED.items():
            for key in [k for k in found if k in table and _matches(pattern, path)]:
                new = table[key]
                if new in node:
                    continue  # both written: the schema names the old one as unknown
                line, column = position(raw, (*path, key), at_key=True)
                notices.append(Problem(field_path((*path, key)), f"“{key}”已改名为“{new}”，本次按"
                                       f"“{new}”读取；请把字段名改为“{new}”", line, column, True))
                _rename(node, key, new)
    return notices


def _mappings(node: Any, path: tuple[Any, ...], depth: int) -> Any:
    """Yield (path, mapping) for the mappings of the raw data whose path (depth keys, list
    items not counted) begins a block path of RENAMED, outermost first."""
    from .placeholders import items, pairs

    if isinstance(node, dict):
        yield path, node
        heads = _HEADS[depth] if depth < len(_HEADS) else ()
        for key, value in list(pairs(node)) if heads else ():
            if key in heads or "*" in heads:
                yield from _mappings(value, (*path, key), depth + 1)
    elif isinstance(node, list):
        for i, value in enumerate(items(node)):
            yield from _mappings(value, (*path, i), depth)


#: The keys (or "*") a block path of RENAMED has at each depth but its last.
_HEADS = [{p[depth] for p in RENAMED if len(p) > depth}
          for depth in range(max(map(len, RENAMED)))]


def _rename(node: Any, old: str, new: str) -> None:
    """Replace key old by new at the same place of the mapping, with old's line and column."""
    position = list(node).index(old)
    value = node.pop(old)
    lc = getattr(node, "lc", None)
    where = lc.data.get(old) if lc is not None and hasattr(lc, "data") else None
    if hasattr(node, "insert"):
        node.insert(position, new, value)
    else:
        node[new] = value
    if lc is not None and where is not None:
        lc.add_kv_line_col(new, where)


def needed_by(raw: Any, loc: tuple[Any, ...]) -> tuple[str, ...]:
    """Return the keys one of which the field at loc needs beside it and which are all
    missing there (empty when it needs none, or has it)."""
    parent_path, key = loc[:-1], loc[-1]
    parent: Any = raw
    for part in parent_path:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return ()
    for pattern, table in DEPENDS.items():
        if key in table and _matches(pattern, parent_path):
            heads = table[key]
            filled = isinstance(parent, dict) and any(parent.get(h) not in (None, "", [], {})
                                                       for h in heads)
            return () if filled else heads
    return ()


def lone_flags(every: Any, raw: Any) -> list[tuple[tuple[Any, ...], str, bool]]:
    """Return an error for every 是 of a field that only qualifies an empty one (备案 without
    人数): the report would not say it, and verify does not look for yes/no fields."""
    found = []
    for leaf in every:
        needs = needed_by(raw, leaf.loc) if leaf.value is True else ()
        if needs:
            head = "或".join(f"“{n}”" for n in needs)
            found.append((leaf.loc, f"“{leaf.loc[-1]}”要和同一板块的{head}一起填写，单独填写不会写入报告。"
                                    f"请补上{head}，或删去“{leaf.loc[-1]}”", False))
    return found


def synonym(key: str, known: list[str]) -> str | None:
    """Return a known key of the same meaning as key (exactly, or a word key contains)."""
    words = [key] + sorted((w for w in SYNONYMS if w != key and w in key), key=len, reverse=True)
    for word in words:
        for candidate in SYNONYMS.get(word, ()):
            if candidate in known and candidate != key:
                return candidate
    return None
