"""The facts-file schema: Chinese keys (aliases) over English attributes, declared with pydantic.

Drafting does not use these models directly: compiled.compile_validator() turns them into a
pydantic_core validator that builds light records (records.py), which validate.facts_validator()
caches.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    WithJsonSchema,
)

from . import coerce
from .blocks import (
    CampusSafety,
    Classroom,
    Collaboration,
    Constitution,
    Culture,
    Decisions,
    Disputes,
    EighthPlan,
    Enforcement,
    LegalAdvisers,
    ModelSchools,
    NationalSecurity,
    Organization,
    Publicity,
    Rectification,
    Responsible,
    Results,
    Services,
    Study,
    VicePrincipals,
)
from .primitives import TEXT_SCHEMA, TEXTS_SCHEMA, Date, Flag, Qty, Text, Texts, f
from .primitives import Block as Block  # re-exported: starter, validate and tests import it here
from .topic import Topic as Topic  # re-exported: starter and tests import it here


class ThemeItem(Block):
    """A problem or plan: a stock theme key (expanded by templates) or a full sentence."""

    theme: Text = Field(alias="主题", description="常用主题（如 学习不系统）或完整的一句话")
    extra: Text | None = f("补充", "本单位的具体情况")



Theme = Annotated[ThemeItem, BeforeValidator(coerce.theme)]


class FontChoice(Block):
    """字体: a font profile of templates/fonts.yaml, and fonts for single roles."""

    profile: Text | None = f("方案", "字体方案：GB2312、Windows、方正GBK（见 templates/fonts.yaml）")
    title: Text | None = f("标题", "标题的字体，如 方正小标宋简体")
    body: Text | None = f("正文", "正文的字体，如 仿宋_GB2312、仿宋（三级标题未单独填写时同正文）")
    heading1: Text | None = f("一级标题", "一级标题（一、）的字体，如 黑体")
    heading2: Text | None = f("二级标题", "二级标题（（一））的字体，如 楷体_GB2312、楷体")
    heading3: Text | None = f("三级标题", "三级标题（1.）的字体，如 仿宋_GB2312、仿宋")
    page_number: Text | None = f("页码", "页码的字体，如 宋体")



class PlanReview(ThemeItem):
    """A plan from last year's report, with how it was carried out this year."""

    done: Text | None = f("落实情况", "本年度的落实情况（一句话，写做了什么）；不填则报告中不写这一项")


Review = Annotated[PlanReview, BeforeValidator(coerce.theme)]


_TOPICS = coerce.OneOf("板块名")
#: 提纲: the statutory parts (default), or the 板块 themselves as the top level.
OUTLINES = ("法定", "专题")
#: Organs, one per line: a list, or a block text whose lines are the items.
Lines = Annotated[list[Text], BeforeValidator(coerce.lines), WithJsonSchema(TEXTS_SCHEMA)]
Groups = Annotated[dict[Text, Annotated[Texts, AfterValidator(_TOPICS)]], BeforeValidator(coerce.counts)]


class Facts(Block):
    """A year's facts of one bureau: everything a report is written from."""

    unit: Text = Field(alias="单位", description="单位全称，如 中站区教育局")
    year: int = Field(alias="年度", ge=2000, le=2100, description="报告年度，如 2024")
    previous: Text | None = f("上年事实文件", "上一年度事实文件的位置（相对本文件），next-year 自动填写；draft 据此写“较上年增加……”")
    short: Text = Field("我局", alias="自称", description="报告中对本单位的称呼，如 我局、市教育局")
    superiors: Text | None = f("上级", "领导本单位的党委政府，如 区委、区政府")
    guidance: Text | None = f("指导", "指导本单位工作的部门（开头写“在……的指导下”），如 市教育局")
    remit: Text = Field("教育", alias="职能", description="本单位的职能，用于“教育系统”等说法，如 教育体育、教育科技")
    plenary: Flag = f("贯彻全会", "开头是否写贯彻党的全会精神（说法取自 templates/years.yaml 中本年度的“全会”）", False)
    report_follows: Flag = f("报告如下", "开头末尾是否写“现将有关情况报告如下：”", True)
    recipient: Text | None = f("主送机关", "主送机关，如 县委、县政府")
    doc_number: Text | None = f("发文字号", "发文字号，如 中教〔2025〕3号；不填则不显示")
    attachments: Texts = f("附件", "附件名称，每项一行（正文后列出附件说明）", [])
    signature: Lines = f("署名", "落款单位，联合行文时每行一个机关；不填则用发文机关（没有时用单位名称）", [])
    date: Date | None = f("成文日期", "成文日期，如 2024-12-06；不填时报告中显示【待填：成文日期】")
    title: Text | None = f("标题", "报告的完整标题，替换默认标题（“发文机关+年度+法治政府建设工作报告”）")
    organs: Lines = f("发文机关", "以谁的名义报告：一个机关（如 中共××县教育局党组），联合行文时写多个，一行一个；"
                              "不填为单位", [])
    signer: Lines = f("签发人", "签发人姓名，有多个时按发文机关顺序写，一行一个；上报的报告填写后，发文字号居左、"
                               "签发人居右（多个时每行两个）排在同一行", [])
    sealed: Flag = f("盖章", "是否加盖印章：是 则署名以成文日期为准居中、成文日期右空四字（GB/T 9704 7.3.5.1）；"
                           "默认否（7.3.5.2）", False)
    outline: Annotated[Text, AfterValidator(coerce.Choice(OUTLINES)),
                       WithJsonSchema({"enum": list(OUTLINES)})] = Field(
        "法定", alias="提纲", description="报告的结构：法定（默认，按《法治政府建设与责任落实督察工作规定》的部分）"
                                         "或 专题（各板块直接作为一级标题，问题和打算仍在最后）")
    numbering: Annotated[Texts, BeforeValidator(coerce.number_styles),
                         AfterValidator(coerce.numbering)] = f(
        "编号", "各级标题的编号样式，从一级写起，如 [一、, 1.]（二级用“1.”）；不填为 一、（一）1.", [])
    groups: Groups = f("分组", "把几个板块归在一个小标题下，“小标题: [板块名, …]”，"
                               "如 扛牢主体责任，推动法治建设提质增效: [组织领导, 学法用法]", {})
    as_of: Text | None = f("数据截至", "数据截至时间，如 11月中旬")
    schools: Qty | None = f("学校总数", "所辖学校（含幼儿园）总数，如 137所；check 据此核对覆盖学校数和配备率")
    kind: Text | None = f("报告类型", "年度报告（默认）、述法报告 或 工作总结；draft --kind 可临时改用其他类型")
    highlights: Annotated[Texts, AfterValidator(_TOPICS)] = f("亮点", "述法报告“亮点工作”写哪些板块，填板块名，如 [法律顾问]；获奖等成效总写在亮点中", [])
    organization: Organization | None = f("组织领导", "组织领导")
    responsible: Responsible | None = f("第一责任人", "党政主要负责人履行第一责任人职责")
    decisions: Decisions | None = f("依法决策", "依法决策")
    advisers: LegalAdvisers | None = f("法律顾问", "法律顾问")
    study: Study | None = f("学法用法", "学法用法")
    constitution: Constitution | None = f("宪法宣传", "宪法宣传")
    publicity: Publicity | None = f("普法宣传", "普法宣传活动")
    classroom: Classroom | None = f("法治课堂", "学校法治教育课堂")
    vice_principals: VicePrincipals | None = f("法治副校长", "法治副校长")
    culture: Culture | None = f("法治文化", "校园法治文化与法治教育基地")
    security: NationalSecurity | None = f("国家安全教育", "国家安全教育")
    collaboration: Collaboration | None = f("家校社协同", "家校社协同普法")
    safety: CampusSafety | None = f("校园安全", "校园安全与防欺凌")
    enforcement: Enforcement | None = f("行政执法", "行政执法")
    services: Services | None = f("政务服务", "行政审批、政务服务与政务公开")
    disputes: Disputes | None = f("矛盾纠纷", "矛盾纠纷化解与信访")
    model_schools: ModelSchools | None = f("依法治校", "依法治校与示范校创建")
    eighth_plan: EighthPlan | None = f("八五普法", "“八五”普法规划落实")
    rectification: list[Rectification] = f("整改", "督察、巡察、述法反馈问题整改", [])
    results: Results | None = f("成效", "工作成效与获奖")
    problems: list[Theme] = f("存在问题", "存在的不足和原因", [])
    plans: list[Theme] = f("工作打算", "下一年度主要安排", [])
    last_plans: list[Review] = f("上年工作打算", "上年度报告中的工作打算，next-year 从“工作打算”移来；填写“落实情况”的写入报告", [])
    others: Texts = f("其他", "其他需要报告的情况", [])
    fonts: Annotated[FontChoice, BeforeValidator(coerce.font_choice)] | None = f(
        "字体", "字体方案名（GB2312、Windows、方正GBK），或逐项写各部分的字体；不填用模板的字体")


def _is_topic(annotation: Any) -> bool:
    """True for Optional[<a Topic block>]."""
    from typing import get_args

    return any(isinstance(a, type) and issubclass(a, Topic) for a in get_args(annotation))


# 亮点 must name topic blocks (all but 第一责任人: the 述法报告 always has 履职情况)
_TOPICS.names = tuple(str(f.alias) for f in Facts.model_fields.values()
                      if _is_topic(f.annotation) and f.alias != "第一责任人")


def facts_json_schema() -> dict[str, Any]:
    """Return the JSON Schema editors use: Chinese descriptions, null where a blank is allowed."""
    schema = Facts.model_json_schema(by_alias=True)
    for definition in [schema, *schema.get("$defs", {}).values()]:
        _for_editors(definition)
    # 存在问题 and 工作打算 items may be a plain sentence, 字体 a profile name
    for name in ("ThemeItem", "PlanReview", "FontChoice"):
        schema["$defs"][name] = {"anyOf": [TEXT_SCHEMA, schema["$defs"][name]]}
    _link_handbook(schema)
    schema.update({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "fazhi-write 事实文件",
        "description": "法治政府建设年度报告的事实文件：只写事实（数字、名称、名单）；还不知道的写“待填”。",
    })
    return schema


#: The generated field handbook (fazhi-write handbook), which editors' hover text points to.
HANDBOOK = "字段手册.md"


def _link_handbook(schema: dict[str, Any]) -> None:
    """Append to every field's description where the handbook shows the sentences it yields
    (a block shared by several fields, like 活动, names the first of them and how many)."""
    found: dict[int, tuple[dict[str, Any], list[str]]] = {}

    def visit(node: Any, prefix: str, seen: tuple[str, ...]) -> None:
        for props in _properties(node):
            for key, prop in props.items():
                path = f"{prefix}{key}"
                found.setdefault(id(prop), (prop, []))[1].append(path)
                for ref in _refs(prop):
                    name = ref.rsplit("/", 1)[-1]
                    if name not in seen:
                        visit(schema["$defs"][name], f"{path}.", (*seen, name))

    visit(schema, "", ())
    for prop, paths in found.values():
        more = f" 等 {len(paths)} 处" if len(paths) > 1 else ""
        prop["description"] = (prop.get("description", "")
                               + f"（生成的句子见 {HANDBOOK}#{_shown_at(paths[0])}{more}）")


def _shown_at(path: str) -> str:
    """The handbook entry of a field: one every 板块 inherits from Topic is shown once, as the
    first 板块's (in the handbook's section 每个板块都可以写的字段)."""
    top, _, rest = path.partition(".")
    blocks = {str(f.alias): f for f in Facts.model_fields.values() if _is_topic(f.annotation)}
    common = {str(f.alias): f for f in Topic.model_fields.values()}
    block = blocks.get(top)
    key = rest.partition(".")[0]
    if block is None or key not in common:
        return path
    from typing import get_args

    model = next(a for a in get_args(block.annotation) if isinstance(a, type)
                 and issubclass(a, Topic))
    mine = next(f for f in model.model_fields.values() if f.alias == key)
    if (mine.description, mine.annotation) != (common[key].description, common[key].annotation):
        return path  # a 板块 that redefines the field: its own entry
    return f"{next(iter(blocks))}.{rest}"


def _properties(node: Any) -> list[dict[str, Any]]:
    """The "properties" of an object schema, looking inside anyOf/allOf/oneOf."""
    if not isinstance(node, dict):
        return []
    found = [node["properties"]] if isinstance(node.get("properties"), dict) else []
    for key in ("anyOf", "allOf", "oneOf"):
        for part in node.get(key, ()):
            found += _properties(part)
    return found


def _refs(node: Any) -> list[str]:
    """Every $ref inside a property's schema (items, anyOf, additionalProperties …)."""
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    if not isinstance(node, dict):
        return []
    own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
    return own + [r for k, v in node.items() if k != "$ref" for r in _refs(v)]


def _for_editors(node: dict[str, Any]) -> None:
    """Drop the models' English docstrings; let every optional key be left blank (null)."""
    node.pop("description", None)
    node.pop("title", None)
    required = set(node.get("required", ()))
    for key, prop in node.get("properties", {}).items():
        if key not in required:
            node["properties"][key] = _nullable(prop)


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    """Return prop allowing null as well, keeping its description, title and default outside."""
    if {"type": "null"} in prop.get("anyOf", ()):
        return prop
    meta = {k: v for k, v in prop.items() if k in ("title", "description", "default", "examples")}
    core = {k: v for k, v in prop.items() if k not in meta}
    return {"anyOf": [core, {"type": "null"}], **meta}
