"""The general fact types every 板块 may carry (数据, 计数, 现有, 比率, 装备, 文件, 人员, 检查,
获得荣誉, 活动.本单位/覆盖): each says what the clerk wrote, in the .txt and the .docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi_writer.facts.schema import Facts, Topic

from .draft_helpers import SHUFA_HEAD, assert_says, outputs

# --- 数据: the verb follows the unit or the label ------------------------------------------


def test_data_reads_by_unit_and_label(tmp_path: Path) -> None:
    body = """行政执法:
  数据:
    主题班会: 146次
    召开党组会: 30次
    执法人员持证上岗率: 100%
    执法记录仪: 3台
    持有行政执法证的干部: 21名
    网上信访: 12件
    局党组会议: 12次
    座谈会: 2次
"""
    assert_says(tmp_path, body, "全年开展主题班会146次", "全年召开党组会30次", "全年召开局党组会议12次、座谈会2次", "执法人员持证上岗率达100%",
                "配备执法记录仪3台", "持有行政执法证的干部共21名", "全年网上信访12件",
                absent=("开展执法人员持证上岗率", "开展执法记录仪", "开展持有行政执法证", "开展召开",
                        "开展局党组会议"))


def test_data_events_keep_the_old_sentence_and_the_period(tmp_path: Path) -> None:
    body = """宪法宣传:
  数据时段: “宪法宣传周”期间
  数据: {主题班会: 146次, 法治讲座: 10次, 黑板报: 1950期}
"""
    assert_says(tmp_path, body, "“宪法宣传周”期间，开展主题班会146次、法治讲座10次、黑板报1950期",
                absent=("全年",))


def test_data_rates_take_no_second_qualifier_and_headcounts_count_person_times(tmp_path: Path) -> None:
    body = """学法用法:
  数据: {考试合格率: 超过95%, 受教育师生: 3000人次, 参训教师: 近300名}
"""
    assert_says(tmp_path, body, "考试合格率超过95%", "受教育师生共3000人次", "参训教师近300名",
                absent=("达超过", "共近"))


def test_data_left_blank_reads_as_other(tmp_path: Path) -> None:
    body = "学法用法:\n  数据: {普法考试参考人数: 待填}\n"
    assert_says(tmp_path, body, "全年普法考试参考人数【待填：学法用法.数据.普法考试参考人数】")


# --- typed counts --------------------------------------------------------------------------


def test_figures_carry_their_verb_and_merge_runs(tmp_path: Path) -> None:
    body = """组织领导:
  计数:
    - 动词: 召开
      事项: 党组会
      数量: 30次
    - 动词: 召开
      事项: 专题会
      数量: 2次
    - 动词: 办理
      事项: 提案
      数量: 18件
    - 时间: 2024年
      动词: 录取
      事项: 随迁子女
      数量: 2756名
    - 事项: 单独业务指导
      数量: 8次
"""
    assert_says(tmp_path, body, "召开党组会30次、专题会2次，办理提案18件", "2024年，录取随迁子女2756名",
                "开展单独业务指导8次")


def test_headcounts_rates_and_equipment(tmp_path: Path) -> None:
    body = """行政执法:
  现有: {持证执法人员: 21名, 法治专干: 259名}
  比率: {执法人员持证上岗率: 100%, 满意率: 近98%}
  装备: {执法记录仪: 3台, 执法终端: 2部}
"""
    assert_says(tmp_path, body, "现有持证执法人员21名、法治专干259名",
                "执法人员持证上岗率达100%、满意率近98%", "配备执法记录仪3台、执法终端2部")


# --- documents, people, inspections, honours ----------------------------------------------


def test_documents_say_who_issued_them_and_how(tmp_path: Path) -> None:
    body = """普法宣传:
  文件:
    - 名称: 《普法工作要点》
      联合: [县司法局, 团县委]
      内容: 年度普法重点和责任分工。
      公开: 局官方网站
    - 名称: 《学生欺凌防治方案》
      动词: 联合印发
      联合: 县公安局
    - 名称: 《关于甲的通知》
      动词: 转发
    - 名称: 《甲办法》
      动词: 制定
      时间: 年初
    - 名称: 《乙办法》
      动词: 制定
      时间: 年初
"""
    assert_says(tmp_path, body, "与县司法局、团县委联合印发《普法工作要点》，明确年度普法重点和责任分工，并通过局官方网站公开",
                "与县公安局联合印发《学生欺凌防治方案》", "转发《关于甲的通知》", "年初，制定《甲办法》《乙办法》",
                absent=("联合联合",))


def test_people_name_firm_role_and_duty(tmp_path: Path) -> None:
    body = """法律顾问:
  人员:
    - 姓名: 张三
      单位: 某某律师事务所
      身份: 法律顾问
      职责: 审查合同
    - 姓名: 李四
      身份: 公职律师
"""
    assert_says(tmp_path, body, "某某律师事务所张三担任法律顾问，负责审查合同", "李四担任公职律师")


def test_inspections_say_what_was_found_and_fixed(tmp_path: Path) -> None:
    body = """校园安全:
  检查:
    - 名称: 春季开学安全检查
      时间: 3月
      联合: 县应急管理局
      检查组: 5个督查组
      次数: 2
      对象: 学校
      对象数: 13所
      问题类别: 安全隐患
      发现: 15处
      整改: 15处
"""
    assert_says(tmp_path, body, "3月，联合县应急管理局组织5个督查组开展春季开学安全检查2次，检查学校13所，"
                "发现安全隐患15处，已整改15处")


def test_honours_say_who_won_them(tmp_path: Path) -> None:
    body = """成效:
  获得荣誉:
    - 名称: 先进集体称号
      时间: 2024年6月
      授予单位: 市委、市政府
    - 名称: 依法治校示范校
      获得者: 县第一中学
      级别: 省级
    - 名称: 优秀法治副校长
      获得者: 县公安局王五
"""
    assert_says(tmp_path, body, "2024年6月，我局荣获市委、市政府授予的先进集体称号",
                "县第一中学荣获省级依法治校示范校", "县公安局王五荣获优秀法治副校长",
                absent=("我局荣获省级",))


# --- activities: organised or taken part in ------------------------------------------------


def test_an_activity_says_whether_the_bureau_held_it_or_took_part(tmp_path: Path) -> None:
    body = """学法用法:
  活动:
    - 名称: 全省行政执法资格考试
      本单位: 参加
      范围: 10名工作人员
    - 名称: 全市法治培训
      本单位: 参加
      场次: 2次
    - 名称: 法治课题研究
      本单位: 指导
      范围: 两所学校
    - 名称: 全市模拟法庭大赛
      本单位: 承办
      参与: 12支队伍
    - 名称: 法治讲座
      范围: 全县中小学
      覆盖: 全县师生
    - 名称: 宪法晨读
      范围: 各学校
    - 名称: 全县法治演讲比赛
      本单位: 举办
      范围: 各中学
"""
    assert_says(tmp_path, body, "我局组织10名工作人员参加全省行政执法资格考试", "我局参加全市法治培训2次",
                "我局指导两所学校开展法治课题研究", "我局承办全市模拟法庭大赛，共有12支队伍参与",
                "我局组织全县中小学开展法治讲座，覆盖全县师生", "我局组织各学校开展宪法晨读",
                "我局举办全县法治演讲比赛，各中学参与",
                absent=("组织10名工作人员开展",))


# --- every 板块 -----------------------------------------------------------------------------

TOPICS = [str(f.alias) for f in Facts.model_fields.values()
          if any(isinstance(a, type) and issubclass(a, Topic) for a in getattr(f.annotation, "__args__", ()))]


def test_every_topic_block_is_a_topic() -> None:
    assert len(TOPICS) >= 19 and "行政执法" in TOPICS and "第一责任人" in TOPICS


@pytest.mark.parametrize("topic", TOPICS)
def test_general_types_work_in_every_topic_of_the_annual_report(topic: str, tmp_path: Path) -> None:
    body = f"""{topic}:
  现有: {{法治专干: 9名}}
  计数:
    - 动词: 召开
      事项: 专题会
      数量: 3次
"""
    if topic == "第一责任人":
        body = body.replace("第一责任人:\n", "第一责任人:\n  姓名: 张三\n")
    assert_says(tmp_path, body, "现有法治专干9名", "召开专题会3次")


@pytest.mark.parametrize("topic", [t for t in TOPICS if t != "第一责任人"])
def test_general_types_work_in_every_topic_of_the_shufa(topic: str, tmp_path: Path) -> None:
    body = f"{topic}:\n  比率: {{满意率: 99%}}\n  装备: {{执法记录仪: 3台}}\n"
    texts = outputs(tmp_path, body, SHUFA_HEAD)
    for text in texts:
        assert "满意率达99%" in text and "配备执法记录仪3台" in text


def test_next_year_keeps_standing_figures_and_blanks_the_yearly_ones(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    from fazhi_writer.pipeline import next_year

    facts = tmp_path / "facts.yaml"
    facts.write_text("""单位: 某县教育局
年度: 2024
行政执法:
  现有: {持证执法人员: 21名}
  比率: {持证上岗率: 100%}
  装备: {执法记录仪: 3台}
  计数:
    - 动词: 召开
      事项: 专题会
      数量: 3次
  获得荣誉:
    - 名称: 先进集体
      时间: 2024年6月
""", encoding="utf-8")
    out = tmp_path / "next.yaml"
    next_year(facts, out)
    block = YAML(typ="safe").load(out.read_text(encoding="utf-8"))["行政执法"]
    assert block["现有"] == {"持证执法人员": "21名"} and block["比率"] == {"持证上岗率": "100%"}
    assert block["装备"] == {"执法记录仪": "3台"}
    assert block["计数"][0]["数量"] == "待填：上年3次"
    assert block["获得荣誉"][0] == {"名称": "待填：上年先进集体", "时间": "待填：上年2024年6月"}
