"""General fact types every 板块 may carry (on schema.Topic), and the sub-blocks of the domain
fields that are more than one value (行政执法证, 三项制度, 执法监督, 建议提案 …).

Each type says exactly what a clerk wrote; its sentence pattern is in templates/general.j2
(general types) or templates/domain.j2 (domain fields).
"""

from __future__ import annotations

from pydantic import Field

from .primitives import Block, Flag, Qty, Text, Texts, f

#: How 数据 (and the typed maps) are told apart, quoted in field descriptions and the README.
GENERAL_COUNTS_HELP = (
    "按单位和项目名区分写法：单位是 % 或项目名以“率”结尾的写“…率达N%”；项目名以动词开头的"
    "（召开党组会、办理提案、发放宣传册……）照写；项目名以 会议、党组会、专题会、座谈会 等结尾的写“召开…”；"
    "单位是 名/人/位/人次 的写“…共N名”；"
    "单位是 台/套/部/辆 的写“配备…N台”；单位是 次/场/场次/期/轮/批 的写“全年开展…N次”；"
    "其他（件、份、个、所、没写单位……）写“全年…N件”"
)


class Figure(Block):
    """One count with the verb that says what was done: 召开党组会30次, 录取随迁子女2756名."""

    verb: Text = Field("开展", alias="动词", description="做了什么，如 召开、举办、组织、参加、完成、办理、检查、查处、录取；不填为 开展")
    item: Text = Field(alias="事项", description="做的事，如 党组会、行政执法资格考试、随迁子女")
    number: Qty = Field(alias="数量", description="数量，如 30次、2756名、4个")
    time: Text | None = f("时间", "时间，如 2024年、6月")


class Document(Block):
    """A document the bureau issued, forwarded or drew up, alone or with partners."""

    name: Text = Field(alias="名称", description="文件名称（带书名号），如 《2024年普法工作要点》")
    verb: Text = Field("印发", alias="动词", description="印发（默认）、联合印发、转发、制定、修订、出台、编制")
    partners: Texts = f("联合", "联合发文的单位，如 县司法局", [])
    time: Text | None = f("时间", "时间，如 年初、6月")
    content: Text | None = f("内容", "文件明确的内容，如 年度普法重点和责任分工")
    published: Text | None = f("公开", "公开的渠道，如 局官方网站")


class Person(Block):
    """A named person with a role: 法律顾问, 公职律师, 共享律师, 社会监督员 …"""

    name: Text = Field(alias="姓名", description="姓名，如 张三")
    firm: Text | None = f("单位", "所在单位，如 某某律师事务所")
    role: Text = Field(alias="身份", description="身份，如 法律顾问、公职律师、共享律师、社会监督员")
    duty: Text | None = f("职责", "承担的工作，如 指导行政执法、审查合同")


class Inspection(Block):
    """An inspection: how often, of what, by whom, what it found and what was fixed."""

    name: Text = Field(alias="名称", description="检查名称，如 春季开学检查、校外培训机构专项检查")
    time: Text | None = f("时间", "时间，如 春秋季开学")
    partners: Texts = f("联合", "联合检查的部门，如 区市场监管局", [])
    team: Text | None = f("检查组", "检查组或督查组，如 5个督查组")
    times: Qty | None = f("次数", "检查次数，如 4次")
    objects: Text | None = f("对象", "检查对象，如 学校、校外培训机构")
    object_count: Qty | None = f("对象数", "检查对象的数量，如 13所、120家次")
    problem_kind: Text = Field("问题", alias="问题类别", description="发现的是什么，如 问题（默认）、安全隐患")
    found: Qty | None = f("发现", "发现的问题或隐患数量，如 23个、15处")
    fixed: Qty | None = f("整改", "已整改的数量，如 23个")


class Honour(Block):
    """An honour: who won it (the bureau, the system, a school, a person), from whom, its level."""

    name: Text = Field(alias="名称", description="荣誉名称，如 全国法治政府建设示范市工作先进集体")
    winner: Text | None = f("获得者", "谁获得：不填为本单位（自称）；也可写 全县教育系统、某某学校、某某老师")
    body: Text | None = f("授予单位", "颁授单位，如 市委、市政府")
    level: Text | None = f("级别", "级别，如 省级、国家级")
    time: Text | None = f("时间", "时间，如 2024年6月")


# --- sub-blocks of domain fields -----------------------------------------------------------

class Licences(Block):
    """行政执法证: holders, new holders, the exam."""

    holders: Qty | None = f("持证人数", "持有行政执法证的人数，如 21名")
    rate: Qty | None = f("持证上岗率", "执法人员持证上岗率，如 100%")
    exam: Text | None = f("考试", "参加的执法资格考试，如 湖南省行政执法证资格考试")
    takers: Qty | None = f("参考人数", "参加考试的人数，如 10名")
    takers_label: Text | None = f("参考人员", "参加考试的是谁，如 相关职能股室人员")
    passed: Qty | None = f("通过人数", "通过考试（取得执法证）的人数，如 7人")


class ThreeSystems(Block):
    """行政执法“三项制度”: 公示, 全过程记录, 法制审核."""

    applied: Flag = Field(False, alias="推行", description="是否推行行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”")
    notices: Qty | None = f("公示", "行政执法公示条数，如 36条")
    records: Qty | None = f("全过程记录", "执法全过程记录起数，如 12起")
    reviews: Qty | None = f("法制审核", "重大执法决定法制审核次数，如 3次")
    reviewer: Text | None = f("法制审核机构", "承担法制审核的机构，如 政策法规股")


class Oversight(Block):
    """执法监督: a lawyer guiding enforcement, 社会监督员, responsibility systems."""

    lawyer: Text | None = f("指导律师", "指导行政执法的律师或律师事务所，如 某某律师事务所张三律师")
    monitors: Qty | None = f("社会监督员", "聘请的社会监督员人数，如 5名")
    responsibility: Flag = Field(False, alias="执法责任制", description="是否落实行政执法责任制")
    fault: Flag = Field(False, alias="过错责任追究", description="是否落实行政执法过错责任追究制")


class Motions(Block):
    """人大代表建议、政协委员提案办理."""

    npc: Qty | None = f("人大建议", "办理的人大代表建议（议案）件数，如 11件")
    cppcc: Qty | None = f("政协提案", "办理的政协委员提案件数，如 18件")
    lead: Qty | None = f("主办", "主办件数")
    assist: Qty | None = f("协办", "协办件数")
    on_time: Flag = Field(False, alias="按时办结", description="是否全部按时办结")
    satisfaction: Qty | None = f("满意率", "代表委员满意率，如 100%")


class LawExam(Block):
    """A 学法考试 the staff sat: who, how many, participation and pass rates."""

    name: Text = Field("学法考试", alias="名称", description="考试名称，如 国家工作人员学法考试")
    takers_label: Text | None = f("参考人员", "参加考试的是谁，如 新提任处级领导、全体干部职工")
    takers: Qty | None = f("参考人数", "参加考试的人数，如 3名")
    rate: Qty | None = f("参与率", "考试参与率，如 100%")
    pass_rate: Qty | None = f("合格率", "考试合格率，如 100%")


class DutyList(Block):
    """A 责任清单 the bureau drew up."""

    name: Text = Field("法治建设责任清单", alias="名称", description="清单名称，如 《2023年普法责任清单》")
    tasks: Qty | None = f("任务", "清单列出的任务数，如 26项")


class MajorDecision(Block):
    """A named 重大行政决策 and the procedures it went through."""

    name: Text = Field(alias="名称", description="决策事项，如 中小学布局调整规划")
    steps: Texts = f("程序", "履行的程序，如 公众参与、专家论证、风险评估、合法性审查、集体讨论决定", [])

