"""The school form's content: templates/form.yaml (editable by a bureau) read against the facts
schema, which gives every field its Chinese label and proves every facts-file path exists."""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import FazhiError

FORM_FILE = "form.yaml"
#: What a cell of each type holds; 整数 whole numbers >= 0, 百分比 0-100, 是否 是/否, 日期 a date.
TYPES = ("整数", "百分比", "是否", "日期")
#: How a field's cells combine into the bureau's value (templates/form.yaml explains each).
COMBINES = ("求和", "计数", "名单", "全部为是", "任一为是", "最早", "最晚", "加权平均")
#: The field whose total weighs 加权平均 (a rate weighed by each school's students).
WEIGHT = "在校学生数"


@dataclass(frozen=True)
class FormField:
    """One row of the 基本情况 sheet."""

    label: str
    """The 项目 the school sees; also the field's name in messages and the summary."""
    kind: str
    combine: str
    path: tuple[str, ...] = ()
    """Where the total goes in the facts file (Chinese keys); empty: collected only."""
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class FormSpec:
    """Everything templates/form.yaml says."""

    version: int
    title: str
    instructions: tuple[str, ...]
    sheets: dict[str, str]
    fields: tuple[FormField, ...]
    roster: dict[str, Any]
    awards: dict[str, Any]
    prompts: dict[str, str]
    source: Path = field(default=Path(FORM_FILE), compare=False)

    @property
    def roster_columns(self) -> tuple[str, ...]:
        return tuple(self.roster["列"])

    @property
    def award_columns(self) -> tuple[str, ...]:
        return tuple(self.awards["列"])


def form_file(template_dir: Path | None = None) -> Path:
    """The form.yaml in force: the bureau's template folder first, else the built-in one."""
    from ..report.render import builtin_templates

    if template_dir is not None and (template_dir / FORM_FILE).is_file():
        return template_dir / FORM_FILE
    return builtin_templates() / FORM_FILE


def load_spec(template_dir: Path | None = None) -> FormSpec:
    """Read form.yaml; raise FazhiError naming the entry that is wrong."""
    return _load(form_file(template_dir))


@lru_cache(maxsize=4)
def _load(path: Path) -> FormSpec:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError, UnicodeDecodeError) as e:
        raise FazhiError(f"{path}: 无法读取填报表设置（{e}）") from None
    try:
        fields = tuple(_field(item) for item in data["字段"])
        spec = FormSpec(int(data["版本"]), str(data["标题"]), tuple(map(str, data["说明"])),
                        dict(data["工作表"]), fields, dict(data["法治副校长名单"]),
                        dict(data["获奖"]), dict(data["输入提示"]), path)
    except (KeyError, TypeError, ValueError) as e:
        raise FazhiError(f"{path}: 填报表设置有误（{e}）") from None
    problems = check_spec(spec)
    if problems:
        raise FazhiError("\n".join(f"{path}: {p}" for p in problems))
    return spec


def _field(item: dict[str, Any]) -> FormField:
    path = tuple(str(item["路径"]).split(".")) if item.get("路径") else ()
    label = str(item.get("项目") or (describe(path) if path else ""))
    return FormField(label=label, kind=str(item["类型"]), combine=str(item["合计"]), path=path,
                     unit=str(item.get("单位") or ""), note=str(item.get("说明") or ""))


def check_spec(spec: FormSpec) -> list[str]:
    """Every problem of a form spec: unknown types or combines, paths the schema lacks."""
    problems = []
    labels = [f.label for f in spec.fields]
    for f in spec.fields:
        if not f.label:
            problems.append("字段缺少“项目”（不写入事实文件的字段必须写“项目”）")
        if f.kind not in TYPES:
            problems.append(f"字段“{f.label}”的类型“{f.kind}”不认识（可选：{'、'.join(TYPES)}）")
        if f.combine not in COMBINES:
            problems.append(f"字段“{f.label}”的合计方式“{f.combine}”不认识（可选：{'、'.join(COMBINES)}）")
        elif f.combine in _READS and f.kind not in _READS[f.combine]:
            problems.append(f"字段“{f.label}”按“{f.combine}”合计，类型应为"
                            f"{'或'.join(_READS[f.combine])}，不能是“{f.kind}”")
        if f.combine == "加权平均" and WEIGHT not in labels:
            problems.append(f"字段“{f.label}”按“{WEIGHT}”加权，但没有“{WEIGHT}”这一项")
    if len(set(labels)) != len(labels):
        problems.append("有两个字段的“项目”相同")
    # what Excel refuses to open (it offers to “repair” the file and drops the part)
    for role, name in spec.sheets.items():
        if not 0 < len(name) <= 31 or any(c in name for c in "[]:*?/\\"):
            problems.append(f"工作表名“{name}”（{role}）不能用：Excel 要求 1 到 31 个字，不含 [ ] : * ? / \\")
    if len(set(spec.sheets.values())) != len(spec.sheets):
        problems.append("有两张工作表同名")
    problems += [f"输入提示“{kind}”超过 255 个字（Excel 的上限）"
                 for kind, text in spec.prompts.items() if len(text) > 255]
    problems += [f"输入提示缺少“{kind}”" for kind in (*TYPES, "学校名称") if kind not in spec.prompts]
    paths = [f.path for f in spec.fields if f.path]
    paths += [tuple(str(spec.roster[k]).split(".")) for k in ("人数", "配备率", "覆盖学校", "来源")]
    paths.append(tuple(str(spec.awards["路径"]).split(".")))
    problems += [f"路径“{'.'.join(p)}”不是事实文件中的字段" for p in paths if schema_field(p) is None]
    for f in spec.fields:
        wanted = _WRITES.get(f.combine)
        found = schema_kind(f.path) if f.path and schema_field(f.path) is not None else None
        if wanted and found and found not in wanted:
            problems.append(f"字段“{f.label}”按“{f.combine}”合计，但事实文件中的“{'.'.join(f.path)}”"
                            f"是{found}")
    return problems


#: The cell types each combine reads.
_READS = {"求和": ("整数",), "计数": ("是否",), "名单": ("是否",), "全部为是": ("是否",),
          "任一为是": ("是否",), "最早": ("日期",), "最晚": ("日期",), "加权平均": ("百分比",)}
#: What each combine writes, as schema_kind names the facts-file field types it fits.
_WRITES = {"求和": ("数量",), "计数": ("数量",), "加权平均": ("数量",), "名单": ("文字列表",),
           "全部为是": ("是/否",), "任一为是": ("是/否",), "最早": ("文字", "日期"),
           "最晚": ("文字", "日期")}


def schema_kind(path: tuple[str, ...]) -> str:
    """The kind of value the facts file keeps at path: 数量, 是/否, 文字, 文字列表, 日期, …"""
    import datetime as dt

    from ..facts.quantity import Quantity

    info = schema_field(path)
    if _is_counts(info):
        return "数量"  # an entry of a “名称: 数量” mapping
    kinds = _leaf_types(info.annotation)
    for kind, name in ((Quantity, "数量"), (bool, "是/否"), (dt.date, "日期"), (list, "文字列表"),
                       (str, "文字")):
        if kind in kinds:
            return name
    return "一组字段"


def _leaf_types(annotation: Any) -> set[Any]:
    """The plain types an annotation (Optional, Annotated, list[...]) is made of."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return {list}
    if origin is None:
        return {annotation} if isinstance(annotation, type) else set()
    return set().union(*(_leaf_types(a) for a in typing.get_args(annotation)))


def schema_field(path: tuple[str, ...]) -> Any:
    """The pydantic FieldInfo at a facts-file path of Chinese keys, or None when there is none.
    A key below a “项目: 数量” mapping (数据, 宣传品 …) is any name: its parent is returned."""
    from ..facts.schema import Facts

    model: Any = Facts
    info = None
    for index, key in enumerate(path):
        if model is None:
            return info if index == len(path) - 1 and _is_counts(info) else None
        info = next((i for i in model.model_fields.values() if i.alias == key), None)
        if info is None:
            return None
        model = block_model(info.annotation)
    return info


def block_model(annotation: Any) -> Any:
    """The Block subclass an annotation (Optional, Annotated) stands for, or None."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is list:
        return None
    for arg in typing.get_args(annotation):
        found = block_model(arg)
        if found is not None:
            return found
    return None


def _is_counts(info: Any) -> bool:
    """True for a “名称: 数量” mapping field (Counts)."""
    annotation = info.annotation if info is not None else None
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_origin(annotation) is dict


def describe(path: tuple[str, ...]) -> str:
    """The schema's Chinese description of a path's field (its key for a 数据 entry)."""
    info = schema_field(path)
    if info is None or _is_counts(info) and path[-1] != info.alias:
        return path[-1]
    return str(info.description or path[-1])


def required_keys(path: tuple[str, ...]) -> list[str]:
    """The keys a block at path must have (学宪法讲宪法 needs 届次): merge does not create such
    a block from one value."""
    info = schema_field(path)
    model = block_model(info.annotation) if info is not None else None
    if model is None:
        return []
    return [str(i.alias) for i in model.model_fields.values() if i.is_required()]
