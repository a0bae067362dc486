"""What every 板块 can hold: activities, awards, and the common base class Topic (counts,
the general fact types of facts/general.py, free-text items, the clerk's own heading)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from . import coerce
from .general import (
    GENERAL_COUNTS_HELP,
    Document,
    Figure,
    Honour,
    Inspection,
    Person,
)
from .primitives import Block as Block  # re-exported: starter, validate and tests import it here
from .primitives import Counts, Qty, Text, Texts, f


class Activity(Block):
    """One activity: a competition, a lecture series, a campaign."""

    name: Text = Field(alias="名称", description="活动名称，如 第八届青少年模拟法庭大赛")
    occasion: Text | None = f("背景", "举办背景或契机，如 庆祝中华人民共和国成立75周年")
    time: Text | None = f("时间", "时间，如 9月20日、2024年秋季开学")
    partners: Texts = f("联合", "联合举办的单位", [])
    basis: Text | None = f("依托", "依托的基地或平台")
    scope: Text | None = f("范围", "参与范围，如 全县八所中小学")
    topics: Texts = f("内容", "活动内容或专题", [])
    sessions: Qty | None = f("场次", "开展场次，如 5场次")
    participants: Annotated[list[Qty], BeforeValidator(coerce.as_list)] = f(
        "参与", "参与规模，如 [45名选手, 3支队伍] 或 22.7万余名师生", [])
    result: Text | None = f("成效", "成效或结果（一句话）")
    role: Text | None = f("本单位", "本单位在活动中做了什么：不填为举办（写“组织…开展”）；参加（写“组织<范围>参加”）、承办、协办、指导……")
    covered: Text | None = f("覆盖", "活动覆盖的对象，如 全县中小学生")


class Award(Block):
    """One award won by a student, teacher, school or team."""

    contest: Text = Field(alias="赛事", description="比赛或评选名称")
    school: Text | None = f("学校", "所在学校")
    winner: Text | None = f("获奖者", "获奖人姓名；学校获奖时可不填")
    role: Text | None = f("身份", "学生、老师、团队等")
    prize: Text = Field(alias="奖项", description="获得的奖项，如 全国一等奖、初中组优秀奖")
    time: Text | None = f("时间", "比赛时间，如 10月20日")
    represents: Text | None = f("代表", "代表哪里参赛，如 裕民县")
    note: Text | None = f("说明", "补充说明，如 为省市赢得了荣誉")


class Topic(Block):
    """Fields every topic block has: its own heading, activities, other counts, free-text items."""

    heading: Text | None = f("标题", "本板块的小标题，替换模板的标准小标题，如 完善监督机制，规范执法行为")
    activities: list[Activity] = f("活动", "本项工作开展的具体活动", [])
    counts: Counts = f("数据", "其他数据，“项目: 数量”，如 主题班会: 146次。" + GENERAL_COUNTS_HELP, {})
    counts_period: Text | None = f("数据时段", "“数据”所属的时段，如 “宪法宣传周”期间；不填为全年")
    figures: list[Figure] = f("计数", "带动词的数量：动词、事项、数量，如 召开 党组会 30次（写“召开党组会30次”）", [])
    headcounts: Counts = f("现有", "现有人员，“人员: 人数”，如 持证执法人员: 21名（写“现有持证执法人员21名”）", {})
    rates: Counts = f("比率", "比率，“名称: 百分数”，如 执法人员持证上岗率: 100%（写“执法人员持证上岗率达100%”）", {})
    equipment: Counts = f("装备", "配备的装备，“名称: 数量”，如 执法记录仪: 3台（写“配备执法记录仪3台”）", {})
    documents: list[Document] = f("文件", "印发、联合印发、转发、制定的文件", [])
    persons: list[Person] = f("人员", "具名人员：姓名、单位、身份（法律顾问、公职律师、共享律师……）", [])
    inspections: list[Inspection] = f("检查", "检查、督查：次数、对象、检查组、发现和整改的问题", [])
    honours_won: list[Honour] = f("获得荣誉", "获得的荣誉：获得者（本单位、全系统、学校或个人）、授予单位、级别", [])
    extra: Texts = f("补充", "字段未涵盖的事实（一句一项，写事实不写套话）", [])
