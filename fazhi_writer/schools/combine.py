"""Combine the schools' forms into the bureau's values, each with the comment naming its source.

Outliers: for a 求和 field that at least OUTLIER_MIN schools filled, the largest value is flagged
when it is more than OUTLIER_TIMES times the median (taken as at least 1) and more than twice
the next largest value: one school far above all the others, as a slip of a zero would be.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .factsfile import Total
from .fields import WEIGHT, FormField, FormSpec
from .read import SchoolForm

OUTLIER_MIN, OUTLIER_TIMES = 5, 3
#: How many school names a source comment lists before “等 N 所”.
LISTED = 8


@dataclass
class Combined:
    totals: list[Total] = field(default_factory=list)
    awards: list[dict[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)
    """Labels of the fields no school filled (their facts-file values are left alone)."""
    sums: dict[str, Any] = field(default_factory=dict)
    """Field label (and 法治副校长) -> the combined value as the summary's totals row shows it."""


def names(schools: Sequence[str]) -> str:
    shown = "、".join(schools[:LISTED])
    return shown + (f"等 {len(schools)} 所" if len(schools) > LISTED else "")


def combine(forms: Sequence[SchoolForm], spec: FormSpec, listed: Sequence[str] | None,
            total_schools: int | None) -> Combined:
    """The bureau's values from the forms; listed is the school list (None: not given)."""
    out = Combined()
    absent = [s for s in listed or () if s not in {f.school for f in forms}]
    weights = {f.school: f.values.get(WEIGHT) for f in forms}
    for spec_field in spec.fields:
        filled = [(f.school, f.values[spec_field.label]) for f in forms
                  if spec_field.label in f.values]
        blank = [f.school for f in forms if spec_field.label not in f.values]
        total = _combine(spec_field, filled, blank + absent, weights, out)
        if total is not None and spec_field.path:
            out.totals.append(total)
        if spec_field.combine == "求和":
            out.notices += _outlier(spec_field, filled)
    if out.unfilled:
        out.notices.append("以下项目没有学校填写，事实文件中对应的值未改动："
                           + "、".join(f"“{label}”" for label in out.unfilled))
    out.totals += _roster(forms, spec, absent, total_schools, out)
    out.awards = [{"赛事": a["赛事"], "学校": f.school, **{k: v for k, v in a.items() if k != "赛事"}}
                  for f in forms for a in f.awards]
    return out


def _combine(f: FormField, filled: list[tuple[str, Any]], missing: list[str],
             weights: dict[str, Any], out: Combined) -> Total | None:
    if not filled:
        if f.path:
            out.unfilled.append(f.label)
        return None
    lack = f"（缺：{names(missing)}）" if missing else ""
    n = len(filled)
    yes = [school for school, value in filled if value is True]
    no = [school for school, value in filled if value is False]
    value: Any
    if f.combine == "求和":
        number = sum(v for _, v in filled)
        value, comment = f"{number}{f.unit}", f"{n} 所学校填报合计{lack}"
    elif f.combine == "计数":
        number = len(yes)
        value, comment = f"{number}{f.unit}", f"{n} 所学校填报，{number} 所填“是”{lack}"
    elif f.combine == "名单":
        number = len(yes)
        value, comment = yes, f"{n} 所学校填报，填“是”的学校{lack}"
    elif f.combine in ("全部为是", "任一为是"):
        flag = _flag(f, yes, no, missing, out)
        if flag is None:
            return None
        value, comment = flag
        number = value
    elif f.combine in ("最早", "最晚"):
        day = (min if f.combine == "最早" else max)(v for _, v in filled)
        value = f"{day.year}年{day.month}月{day.day}日"
        comment, number = f"{n} 所学校的{f.label}中{f.combine}的一天{lack}", day
    else:  # 加权平均
        rate = _weighted(f, filled, weights, out)
        if rate is None:
            return None
        value, comment = rate
        number = value
    out.sums[f.label] = number
    if isinstance(value, bool):
        value = "是" if value else "否"  # as clerks write flags
    return Total(f.path, value, comment)


def _flag(f: FormField, yes: list[str], no: list[str], missing: list[str],
          out: Combined) -> tuple[bool, str] | None:
    if f.combine == "全部为是":
        if no:
            return False, f"{names(no)} 填“否”"
        if missing:
            out.notices.append(f"“{f.label}”：交表的学校都填“是”，但{names(missing)}没有填写，"
                               f"不能确定全部学校都是，事实文件中的“{'.'.join(f.path)}”未改动")
            return None
        return True, f"{len(yes)} 所学校都填“是”"
    if yes:
        return True, f"{names(yes)} 填“是”"
    if missing:
        return None
    return False, f"{len(no)} 所学校都填“否”"


def _weighted(f: FormField, filled: list[tuple[str, Any]], weights: dict[str, Any],
              out: Combined) -> tuple[str, str] | None:
    unweighted = [school for school, _ in filled if not weights.get(school)]
    if unweighted:
        out.notices.append(f"“{f.label}”：{names(unweighted)}没有填写{WEIGHT}，无法加权，"
                           f"事实文件中的“{'.'.join(f.path)}”未改动")
        return None
    pairs: list[tuple[Any, int]] = [(v, int(weights[school])) for school, v in filled]
    total = sum(w for _, w in pairs)
    rate = sum((Decimal(str(v)) * w for v, w in pairs), Decimal(0)) / total
    return (f"{_number(rate)}%",
            f"{len(filled)} 所学校按{WEIGHT}加权平均（共 {total} 人）")


def _number(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.01"))
    return format(rounded.normalize(), "f") if rounded % 1 else str(int(rounded))


def _outlier(f: FormField, filled: list[tuple[str, Any]]) -> list[str]:
    if len(filled) < OUTLIER_MIN:
        return []
    ranked = sorted(filled, key=lambda item: item[1], reverse=True)
    (school, top), (_, second) = ranked[0], ranked[1]
    median = statistics.median(v for _, v in filled)
    if top > OUTLIER_TIMES * max(median, 1) and top > 2 * second:
        times = _plain(round(top / max(median, 1), 1))
        return [(f"“{f.label}”：{school} 填 {top}，是各校中位数 {_plain(median)} 的 {times} 倍，"
                f"其次最多的学校是 {second}，请核实")]
    return []


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _roster(forms: Sequence[SchoolForm], spec: FormSpec, absent: list[str],
            total_schools: int | None, out: Combined) -> list[Total]:
    """人数 (each person once), 覆盖学校, 配备率 and 来源 from the 法治副校长 sheets."""
    people: dict[tuple[str, str], list[str]] = {}
    for f in forms:
        for row in f.roster:
            people.setdefault((row["姓名"], row["单位"]), []).append(f.school)
    if not people:
        out.notices.append("各校的“法治副校长”表都没有填写，事实文件中的法治副校长人数、配备率未改动")
        return []
    paths = {k: tuple(str(spec.roster[k]).split(".")) for k in ("人数", "配备率", "覆盖学校", "来源")}
    lack = f"（缺：{names(absent)}）" if absent else ""
    shared = [f"{name}（{unit}）在 {'、'.join(dict.fromkeys(s))} 任职"
              for (name, unit), s in people.items() if len(set(s)) > 1]
    if shared:
        out.notices.append("以下法治副校长在多所学校任职，人数中只计一次：" + "；".join(shared))
    covered = sum(1 for f in forms if f.roster)
    out.sums["法治副校长"] = len(people)
    totals = [Total(paths["人数"], f"{len(people)}名",
                    f"{len(forms)} 所学校的法治副校长名单，同一人只计一次{lack}"),
              Total(paths["覆盖学校"], {"学校": f"{covered}所"},
                    f"{len(forms)} 所学校中名单不为空的学校数{lack}"),
              Total(paths["来源"], _sources(people, spec.roster["来源类别"]),
                    "按名单中的单位归类")]
    if total_schools:
        rate = Decimal(covered * 100) / total_schools
        totals.append(Total(paths["配备率"], f"{_number(rate)}%",
                            f"已聘任法治副校长的学校 {covered} 所 ÷ 学校总数 {total_schools} 所"))
    else:
        out.notices.append("没有学校名单（--schools），事实文件中也没有“学校总数”，配备率未计算")
    return totals


def _sources(people: dict[tuple[str, str], list[str]], kinds: dict[str, list[str]]) -> list[str]:
    found: list[str] = []
    for _, unit in people:
        kind = next((k for k, words in kinds.items() if any(w in unit for w in words)), unit)
        if kind and kind not in found:
            found.append(kind)
    order = list(kinds)
    return sorted(found, key=lambda k: order.index(k) if k in order else len(order))
