"""The 板块 of a facts file: the common base (Topic: activities, counts, the general fact types)
and each topic block with its own fields. facts/schema.py assembles them into Facts."""

from __future__ import annotations

from pydantic import Field

from .general import (
    DutyList,
    LawExam,
    Licences,
    MajorDecision,
    Motions,
    Oversight,
    ThreeSystems,
)
from .primitives import Block as Block  # re-exported: starter, validate and tests import it here
from .primitives import Counts, Flag, Qty, Text, Texts, f
from .topic import Award, Topic


class LeadingGroup(Block):
    """The 领导小组 and its make-up."""

    name: Text = Field("领导小组", alias="名称", description="领导小组名称，如 法治建设工作领导小组；不填写作“领导小组”")
    leader: Text | None = f("组长", "组长，如 局主要领导、党组书记")
    deputies: Text | None = f("副组长", "副组长，如 分管领导")
    members: Text | None = f("成员", "成员，如 局相关科室负责人")
    office: Flag = f("设办公室", "是否下设办公室", False)
    established: Flag = f("本年成立", "领导小组是否本年度成立（写“成立……”；本项和“完善机制”都不填时写“设有……”，"
                                    "不写成立或完善）", False)
    improved: Flag = f("完善机制", "已有的领导小组本年度是否完善了工作机制（写“完善……工作机制”）", False)
    staff: Flag = f("明确责任科室", "是否明确责任科室和工作人员", False)
    deploy: Flag = f("研究部署", "领导小组是否研究部署全面推进依法行政、加强法治政府建设的具体任务和措施", False)


class Organization(Topic):
    """组织领导: leading group, work plans, responsibility letters."""

    group: LeadingGroup | None = f("领导小组", "领导小组")
    in_work_plan: Flag = f("列入工作要点", "法治建设是否列入年度工作要点", False)
    four_same: Flag = f("同部署", "法治建设是否与业务工作同部署、同推进、同督促、同考核", False)
    plans: Texts = f("实施方案", "贯彻落实的方案、规划文件", [])
    breakdown: Flag = f("分解方案", "是否制定任务分解方案", False)
    urge_members: Flag = f("督促班子成员", "是否督促班子成员认真履行分管领域的法治建设职责", False)
    briefings: Flag = f("听取汇报", "是否定期听取法治建设工作汇报", False)
    briefing_meeting: Text | None = f("汇报会议", "听取汇报的会议，如 领导班子会议")
    mobilization: Text | None = f("动员会", "召开的动员会名称")
    pledges: Text | None = f("责任书", "签订普法责任书的对象，如 各中小学校（园）")
    cascade: Flag = f("层层分解", "动员会或责任书是否明确工作任务、层层分解责任", False)
    publicists: Text | None = f("宣传员", "确定的宣传员，如 兼职法制宣传员")
    schedule: Flag = f("推进表", "是否制定阶段性任务推进表", False)
    principal_system: Flag = f("校长负责制", "是否落实党组领导下的校长负责制", False)
    duty_list: DutyList | None = f("责任清单", "本单位制定的法治建设（普法）责任清单：名称、任务项数")
    year_end_report: Text | None = f("年终述法", "在年终述职中述法的人员，如 局领导班子成员、各学校校长")


class Responsible(Topic):
    """党政主要负责人履行推进法治建设第一责任人职责."""

    name: Text | None = f("姓名", "第一责任人姓名")
    title: Text | None = f("职务", "职务，如 党组书记、局长")
    personally: Texts = f("亲自", "亲自部署、亲自过问、亲自协调、亲自督办中做到的", [])
    duty_list: Text | None = f("职责清单", "对照的职责清单文件")
    led_study: Flag = f("带头学法", "是否带头学法", False)
    study_forms: Texts = f("学习形式", "本人学法的方式，如 党组理论学习中心组学习、线上学习平台", [])
    checked_list: Flag = f("亲自把关", "职责清单是否由本人亲自把关", False)
    foundational: Flag = f("基础性工作", "是否把法治建设作为一项基础性工作来抓", False)
    briefings: Flag = f("听取汇报", "是否定期听取汇报", False)
    in_work_plan: Flag = f("列入工作要点", "是否将法治建设列入年度工作要点", False)
    group_study: Flag = f("集体学法", "是否健全党组中心组集体学法制度", False)
    decisions: Flag = f("依法决策", "是否严格执行重大行政决策法定程序和集体决策原则", False)
    legal_review: Flag = f("合法性审核", "是否发挥法律顾问作用、加强合同和规范性文件合法性审核", False)
    team: Flag = f("队伍管理", "是否从严抓好执法队伍和行政审批人员管理", False)
    team_result: Flag = f("执法不违法", "队伍管理是否确保执法不违法、审批不刁难", False)


class Decisions(Topic):
    """依法决策: 三重一大, decision mechanisms, legality review."""

    collective: Flag = f("三重一大", "重大事项是否集体讨论决定", False)
    meeting: Text | None = f("决策会议", "集体决策的会议，如 党组会议")
    mechanism: Texts = f("决策机制", "决策程序，如 公众参与、专家论证、风险评估、合法性审查、集体讨论决定", [])
    reviewed: Texts = f("合法性审查", "合法性审查的对象，如 党委文件、重大决策、合同", [])
    rules: Flag = f("议事规则", "是否健全领导班子议事规则", False)
    centralism: Flag = f("民主集中制", "是否严格执行民主集中制原则、按程序办事", False)
    systems: Texts = f("制度", "决策制度，如 “三重一大”决策制度", [])
    systems_verb: Text | None = f("制度做法", "对这些制度做了什么，如 完善、制定、严格执行；不填写作“执行”")
    major: list[MajorDecision] = f("重大行政决策", "作出的重大行政决策：名称、履行的程序", [])
    fair_competition: Qty | None = f("公平竞争审查", "开展公平竞争审查的件数，如 12件")
    market_access: Qty | None = f("市场准入审查", "开展市场准入审查的件数")
    normative_review: Qty | None = f("规范性文件审查", "规范性文件合法性审查件数，如 5件")


class LegalAdvisers(Topic):
    """法律顾问 / 公职律师."""

    established: Flag = f("建立制度", "是否建立健全法律顾问制度", False)
    count: Qty | None = f("人数", "法律顾问人数")
    scope: Text | None = f("范围", "服务范围，如 全市所有学校")
    firms: Texts = f("律师事务所", "签约律师事务所", [])
    contract: Text | None = f("合同", "签订的合同名称")
    contracts_reviewed: Qty | None = f("审查合同", "审查合同份数")
    strict_review: Flag = f("严格把关", "审查合同是否严格把关，确保合同条款的合法性、明确性和可操作性", False)
    systems: Texts = f("制度", "法律顾问工作制度", [])
    systems_verb: Text | None = f("制度做法", "对这些制度做了什么，如 制定、完善、严格执行；不填写作“执行”")
    ledger: Flag = f("工作台账", "是否建立工作台账", False)
    selection: Flag = f("选聘", "是否公平公正选聘（审核资质、签订合同、下发聘书）", False)
    supervision: Flag = f("管理监督", "是否做好日常管理与评价监督", False)
    involvement: Flag = f("参与机制", "是否建立法律顾问参与机制", False)
    filed: Flag = f("备案", "是否完成备案", False)


class Study(Topic):
    """学法用法: leaders' study, exams, lectures."""

    group_sessions: Qty | None = f("中心组学法", "理论学习中心组（党组会）学法次数")
    meeting: Text | None = f("学法会议", "集中学法的会议，如 局党组扩大会议；不填为党组理论学习中心组")
    frequency: Text | None = f("频次", "学法频次，如 每季度专题学法1次")
    topical_sessions: Qty | None = f("专题学习", "专题学习活动次数")
    topical_content: Texts = f("专题学习内容", "专题学习的内容，如 习近平法治思想、宪法法律、党内法规", [])
    office_sessions: Qty | None = f("机关集中学习", "局机关干部集中学习次数")
    staff: Qty | None = f("教职工学法", "参加学法的教职工人数")
    staff_content: Texts = f("教职工学法内容", "教职工学习的内容，如 宪法、党内法规", [])
    staff_all: Flag = f("教职工全覆盖", "教职工学法是否以学校为单位全覆盖", False)
    exams: Qty | None = f("普法考试", "普法考试次数")
    lectures: Qty | None = f("宣讲", "学习宣讲活动场次")
    lecture_topics: Texts = f("宣讲内容", "宣讲的内容，如 习近平法治思想、民法典", [])
    laws: Texts = f("学习内容", "学习的法律法规，如 《宪法》《民法典》", [])
    forms: Texts = f("学习形式", "学习形式，如 三会一课、主题党日", [])
    warning: Flag = f("警示教育", "是否组织观看警示片、接受警示教育", False)
    warning_audience: Text | None = f("警示教育对象", "观看警示片的人员，如 局机关党员干部、学校书记和校长")
    training: Texts = f("培训形式", "教职工普法培训形式，如 专家讲座、征文", [])
    funding: Flag = f("专项经费", "是否投入法治学习专项经费", False)
    funding_uses: Texts = f("经费用途", "专项经费的用途，如 制作法治宣传栏、购买法治教育书籍", [])
    exams_sat: list[LawExam] = f("学法考试", "参加的学法考试：参考人员、人数、参与率、合格率", [])
    must_know: Text | None = f("应知应会清单", "制定的应知应会法律法规清单名称，如 《领导干部应知应会法律法规清单》")


class Contest(Block):
    """全国学生“学宪法 讲宪法”活动 participation."""

    edition: Text = Field(alias="届次", description="届次，如 第九届")
    rate: Qty | None = f("参与率", "学生参与率，如 86.38%")
    average: Qty | None = f("平均分", "平均分")
    rank: Text | None = f("排名", "排名情况，如 名列塔城地区教育系统前茅")


class Constitution(Topic):
    """宪法宣传: 宪法宣传周, 宪法晨读, 学宪法讲宪法."""

    basis: Texts = f("依据", "依据的通知、文件", [])
    contest: Contest | None = f("学宪法讲宪法", "全国学生“学宪法 讲宪法”活动")
    schools: Qty | None = f("参与学校", "参与学校数")
    school_kind: Text = Field("学校", alias="学校类别", description="参与学校的类别，如 中小学校")
    people: Qty | None = f("参与师生", "参与师生人数")
    readings: Texts = f("同步活动", "同步开展的活动，如 宪法晨读、歌曲传唱", [])
    morning_schools: Qty | None = f("晨读学校", "参与“宪法晨读”的学校数")
    morning_students: Qty | None = f("晨读学生", "参与“宪法晨读”的学生数")
    online: Qty | None = f("宪法卫士", "“宪法卫士”在线学习人次")
    materials: Counts = f("宣传品", "宣传品，“名称: 数量”，如 宣传册: 700余份", {})
    news: Qty | None = f("新闻稿", "发布新闻稿件篇数")
    vp_audience: Qty | None = f("法治副校长参与", "法治副校长参与宣传活动受教育人数")


class Publicity(Topic):
    """普法宣传: key dates, forms, practice."""

    dates: Texts = f("时间节点", "结合的重要时间节点", [])
    occasions: Texts = f("融入活动", "融入法治教育的活动，如 开学第一课、升旗", [])
    forms: Texts = f("形式", "宣传形式，如 手抄报、主题班会、绘画", [])
    visits: Texts = f("实践", "实践教育，如 走进法院、模拟法庭", [])
    duty_systems: Texts = f("普法责任制", "落实的普法责任制，如 谁执法谁普法、谁管理谁普法", [])


class Classroom(Topic):
    """学校法治教育: classroom as main channel."""

    carriers: Texts = f("载体", "课堂载体，如 学科教材、校本教材、课堂教学", [])
    three: Flag = f("三落实", "教材、师资、课时“三落实”", False)
    syllabus: Text | None = f("大纲", "落实的大纲，如 《青少年法治教育大纲》")
    three_entries: Flag = f("三进", "是否落实法治课进校园、进教材、进课堂", False)
    full_courses: Flag = f("开足开齐", "是否开足开齐法治课程", False)
    lecture_rule: Text | None = f("讲座要求", "学法讲座要求，如 每年开展学法专题讲座2次以上")
    themes: Texts = f("专题", "专题教育内容，如 预防性侵害、心理健康、反诈骗", [])
    theme_sessions: Qty | None = f("专题活动", "专题活动次数")
    theme_audience: Qty | None = f("受教育师生", "专题活动受教育师生人数")


class VicePrincipals(Topic):
    """法治副校长: count, coverage, lectures, audience."""

    count: Qty | None = f("人数", "法治副校长人数")
    rate: Qty | None = f("配备率", "配备率，如 100%")
    covered: Counts = f("覆盖学校", "聘任覆盖的学校，“类别: 数量”，如 中小学: 89所", {})
    helpers: Texts = f("协助单位", "协助聘任的单位，如 县委政法委、公安局", [])
    full_coverage: Flag = f("基本全覆盖", "是否基本实现全覆盖", False)
    sources: Texts = f("来源", "来自哪些单位，如 公安、检察院、法院、司法", [])
    basis: Texts = f("聘任依据", "聘任依据的文件", [])
    training: Qty | None = f("培训", "集中培训次数")
    training_partners: Texts = f("培训联合", "联合开展培训的单位", [])
    training_content: Text | None = f("培训内容", "集中培训的内容（一句话），如 明确法治副校长管理办法和授课方法")
    frequency: Text | None = f("频次", "到校频次，如 每学期1至2次")
    visit_content: Text | None = f("到校内容", "按上述频次到校开展的教育，如 “以案说法”教育（不填只写到校频次）")
    topics: Texts = f("专题", "宣讲专题", [])
    speakers: Texts = f("宣讲人员", "入校宣讲的人员，如 法治副校长、公安民警", [])
    lectures: Qty | None = f("宣讲", "法治宣讲（讲座）场次")
    audience: Qty | None = f("受众", "覆盖学生或受教人次")
    audience_label: Text = Field("覆盖学生", alias="受众表述", description="受众前的说法，如 覆盖学生、受益师生、受教")


class Base(Block):
    """A 青少年法治教育基地."""

    name: Text = Field(alias="名称", description="基地名称")
    guided_by: Text | None = f("指导单位", "共同建设或指导的单位")
    area: Qty | None = f("面积", "建设面积，如 200平方米")
    capacity: Qty | None = f("容纳", "可容纳人数，如 200人左右")
    uses: Texts = f("用途", "主要用途", [])


class Culture(Topic):
    """校园法治文化 and 法治教育基地."""

    places: Texts = f("阵地", "宣传阵地，如 文化墙、走廊、电子屏", [])
    materials: Texts = f("资料", "配备的法治教育资料，如 法律法规图书、法治案例台账", [])
    bases: list[Base] = f("基地", "青少年法治教育基地", [])


class NationalSecurity(Topic):
    """国家安全教育."""

    basis: Texts = f("依据", "落实的纲要文件", [])
    laws: Texts = f("法律", "宣传的国家安全相关法律", [])


class Collaboration(Topic):
    """家校社协同."""

    forms: Texts = f("形式", "协同方式，如 社区法治教育大讲堂", [])
    partners: Texts = f("协作单位", "协作单位，如 人大、法院、检察院", [])


class CampusSafety(Topic):
    """校园安全 / 防欺凌."""

    talks: Qty | None = f("宣讲场次", "集中宣讲场次")
    talk_name: Text | None = f("宣讲活动", "集中宣讲活动的名称，如 未成年人健康成长集中宣讲活动")
    talk_audience: Qty | None = f("宣讲人次", "参与宣讲的师生人次")
    full_coverage: Flag = f("宣讲全覆盖", "宣讲是否覆盖全部中小学校（原名“全覆盖”）", False)
    lawyer_campaign: Text | None = f("律师活动", "律师进校活动名称，如 “百名律师进百校”活动")
    lawyers: Qty | None = f("律师", "进校上法治课的律师人数")
    lawyer_schools: Qty | None = f("律师进校", "律师进入的学校数")
    police: Qty | None = f("驻校民警", "“一校一警”入驻民警人数")
    police_schools: Qty | None = f("驻警学校", "入驻民警的学校数")
    police_level: Text | None = f("驻警学段", "入驻民警的学校范围，如 初中以上")
    notice: Text | None = f("通告", "张贴的通告")
    channels: Texts = f("举报渠道", "举报渠道，如 110报警邮箱", [])
    no_incident: Text | None = f("未发生", "全年未发生的事件，如 因学生霸凌引发的网络舆情")
    standards: Texts = f("达标", "100%达标的安防任务", [])


class RandomChecks(Block):
    """双随机、一公开."""

    done: Flag = f("完成抽查", "是否完成全部抽查任务", False)
    joint_items: Qty | None = f("联合抽查事项", "联合抽查事项数")
    publish_rate: Qty | None = f("公示率", "抽查结果公示率")
    cross_dept: Qty | None = f("跨部门检查", "跨部门联合检查次数")
    in_dept: Qty | None = f("部门内检查", "部门内检查次数")
    plans: Qty | None = f("抽查计划", "制定的双随机抽查计划数，如 4个")
    joint_plans: Qty | None = f("联合计划", "其中跨部门联合检查的计划数，如 3个")
    partners: Texts = f("联合部门", "联合抽查的部门，如 区市场监管局、区人社局", [])
    checked: Qty | None = f("检查对象", "抽查的对象数，如 13所学校", None)


class Enforcement(Topic):
    """行政执法."""

    scope: Texts = f("执法事项", "教育行政执法主要事项", [])
    training: Qty | None = f("执法培训", "执法人员参加培训人次")
    certified: Flag = f("持证上岗", "是否持证上岗、亮证执法", False)
    tools: Texts = f("执法装备", "开展行政检查使用的执法装备和系统，如 执法记录仪", [])
    recorded: Flag = f("全过程记录", "执法监督检查处理是否实现全过程记录", False)
    random_checks: RandomChecks | None = f("双随机一公开", "双随机、一公开监管")
    teacher_certs: Qty | None = f("教师资格认定", "认定教师资格人次")
    tutoring_left: Qty | None = f("学科类培训机构", "学科类培训机构压减后的数量")
    tutoring_coverage: Texts = f("校外培训全覆盖", "校外培训治理实现全覆盖的事项（原名“全覆盖”）", [])
    licences: Licences | None = f("执法证", "行政执法证：持证人数、持证上岗率、资格考试")
    three_systems: ThreeSystems | None = f("三项制度", "行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”")
    oversight: Oversight | None = f("执法监督", "执法监督：指导律师、社会监督员、执法责任制、过错责任追究")


class Services(Topic):
    """行政审批 / 政务服务 / 政务公开 / 复议诉讼."""

    basis: Texts = f("依据", "行政审批依据的法律，如 《行政许可法》", [])
    items: Qty | None = f("进驻事项", "进驻政务服务大厅的事项数")
    no_extra: Flag = f("清单之外无事项", "进驻事项是否实现“清单之外无事项”“大厅之外无审批”", False)
    all_in: Flag = f("全部进驻", "本单位的政务服务事项是否全部进驻政务服务大厅并集中办理"
                              "（写“全部进驻并集中办理”，不填只写进驻的事项数）", False)
    time_limit: Flag = f("限时办结", "是否落实限时办结制", False)
    no_delay: Flag = f("不推诿", "限时办结是否做到不超时、不应付、不推诿", False)
    completion: Qty | None = f("办结率", "行政许可办结率")
    as_of: Text | None = f("截至", "办结率统计截至时间")
    disputes: Qty | None = f("复议诉讼", "行政复议、行政诉讼案件数（没有填 0）")
    openness: Texts = f("政务公开", "政务公开做法，如 事前公开、事中公开、事后公开", [])
    motions: Motions | None = f("建议提案", "人大代表建议、政协委员提案办理")


class Disputes(Topic):
    """矛盾纠纷化解 / 信访."""

    fengqiao: Flag = f("枫桥经验", "是否借鉴“枫桥经验”，针对师生之间、生生之间、学校与家长之间的矛盾问题开展调解", False)
    studio: Text | None = f("调解工作室", "成立的矛盾纠纷化解工作室（如何组成）")
    regulation: Flag = f("信访条例", "是否严格执行《信访工作条例》，多元合力化解矛盾纠纷", False)
    petitions: Qty | None = f("网上信访", "办结网上信访件数")
    hotline: Counts = f("热线", "热线平台办理，“平台: 件数”", {})


class ModelSchools(Topic):
    """依法治校: 示范校, 章程, 制度汇编."""

    level: Text | None = f("示范校级别", "示范校级别，如 自治区")
    applied: Qty | None = f("申报", "复验及新申请的学校数")
    approved: Qty | None = f("通过", "评选通过的学校数")
    schools: Texts = f("示范校", "获评示范校的学校", [])
    charter: Flag = f("章程", "学校是否依据章程办学", False)
    staff_congress: Flag = f("教代会", "是否坚持教职工代表大会制度", False)
    compilation: Text | None = f("制度汇编", "完善的制度汇编名称")
    duties: Flag = f("明确岗位职责", "制度汇编是否明确各中层干部、教职工岗位职责", False)
    compilation_basis: Texts = f("制度依据", "完善制度依据的法律，如 《教育法》《教师法》", [])
    evaluator: Text | None = f("评选单位", "示范校评选单位，如 自治区教育厅")


class Rectification(Block):
    """Problems raised by an inspection and their rectification."""

    source: Text = Field(alias="来源", description="问题来源，如 2024年塔城地区法治督察")
    count: Qty = Field(alias="问题", description="反馈问题条数")
    category: Text | None = f("类别", "问题类别，如 共性问题、自查问题")
    done: Flag | None = f("全部整改", "是否已全部整改（是：写“已全部整改完毕”；否：写“正在整改中”；"
                                  "不填：只写反馈问题的条数，不写整改情况）")


class EighthPlan(Topic):
    """“八五”普法规划落实."""

    responsibility: Flag = f("谁执法谁普法", "是否严格执行“谁执法谁普法”责任清单", False)
    midterm: Flag = f("中期评估", "是否开展“八五”普法中期评估", False)


class Results(Topic):
    """成效: awards, honours, zero crime."""

    zero_crime: Flag = f("犯罪率为零", "在校青少年学生犯罪率是否为零", False)
    awards: list[Award] = f("获奖", "师生和学校获奖", [])
    honours: Texts = f("荣誉", "单位获得的荣誉", [])
