"""The honesty rule (issue 12): a field yields what it says and nothing more; the framing names
only the plans templates/years.yaml holds for the report's year; the opening follows the facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi_writer.facts.schema import Facts
from fazhi_writer.report.build import build_report
from fazhi_writer.report.render import make_env
from fazhi_writer.writers.text import render_text

KINDS = ["annual", "summary", "shufa"]


def _draft(kind: str = "annual", **fields: Any) -> str:
    raw = {"单位": "某县教育局", "年度": 2024, "第一责任人": {"姓名": "张三", "职务": "局长"}, **fields}
    report = build_report(Facts.model_validate(raw), make_env(None), kind,
                          today=dt.date(2025, 1, 10))
    return render_text(report)


# --- year-aware framing ------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["annual", "summary"])
def test_a_2026_report_names_no_expired_plan(kind: str) -> None:
    text = _draft(kind, 年度=2026, 组织领导={"列入工作要点": "是"})
    assert "2021—2025" not in text and "八五" not in text and "纲要" not in text
    assert "推进教育系统法治建设" in text  # the opening is still there


@pytest.mark.parametrize("kind", ["annual", "summary"])
def test_a_2024_report_names_the_plan_of_its_year(kind: str) -> None:
    assert "落实《法治政府建设实施纲要（2021—2025年）》" in _draft(kind)


def test_the_plenary_phrase_only_when_asked_and_only_for_a_year_the_data_knows() -> None:
    assert "全会" not in _draft()
    assert "深入贯彻党的二十大和二十届二中、三中全会精神" in _draft(贯彻全会="是")
    assert "全会" not in _draft(年度=2026, 贯彻全会="是")


def test_a_bureau_edits_the_year_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "years.yaml").write_text("2026:\n  纲要: 《某某纲要》\n", encoding="utf-8")
    raw = {"单位": "某局", "年度": 2026}
    text = render_text(build_report(Facts.model_validate(raw), make_env(tmp_path), "annual",
                                    today=dt.date(2027, 1, 10)))
    assert "落实《某某纲要》" in text


def test_the_opening_takes_guidance_remit_and_may_omit_the_closing() -> None:
    text = _draft(上级="县委、县政府", 指导="市教育局", 职能="教育体育", 报告如下="否")
    assert "在县委、县政府的正确领导下，在市教育局的指导下，某县教育局" in text
    assert "推进教育体育系统法治建设。" in text
    assert "现将有关情况报告如下" not in text
    assert "现将有关情况报告如下：" in _draft()


def test_every_kind_names_the_guiding_bodies() -> None:
    for kind in KINDS:
        text = _draft(kind, 上级="县委、县政府", 指导="市教育局")
        assert "在县委、县政府的" in text and "在市教育局的指导下，" in text, kind


def test_the_remit_shapes_the_stock_wording() -> None:
    text = _draft(职能="教育体育", 组织领导={"列入工作要点": "是", "同部署": "是"})
    assert "列入年度教育体育工作要点，与教育体育工作同部署" in text


# --- a field says what it says ---------------------------------------------------------

#: (facts, a phrase the field must yield, phrases it must not add)
ALONE = [
    ({"组织领导": {"领导小组": {"名称": "法治建设领导小组"}}}, "设有法治建设领导小组",
     ["成立", "完善", "明确责任科室", "统筹推进"]),
    ({"组织领导": {"领导小组": {"名称": "法治建设领导小组", "本年成立": "是"}}}, "成立法治建设领导小组",
     ["设有", "完善", "明确责任科室"]),
    ({"组织领导": {"领导小组": {"组长": "局长"}}}, "设有由局长任组长的领导小组",
     ["法治建设工作领导小组", "成立"]),
    ({"组织领导": {"列入工作要点": "是"}}, "列入年度教育工作要点", ["同督促", "同考核"]),
    ({"组织领导": {"实施方案": "《某方案》"}}, "贯彻落实《某方案》", ["督促班子成员"]),
    ({"法律顾问": {"建立制度": "是"}}, "建立健全法律顾问制度", ["参谋作用", "发挥法律顾问作用"]),
    ({"法律顾问": {"审查合同": "20份"}}, "审查合同共计20份", ["有效维护", "确保合同条款"]),
    ({"法律顾问": {"制度": ["法律顾问工作制度"]}}, "执行法律顾问工作制度", ["制定", "完善"]),
    ({"政务服务": {"进驻事项": "21项"}}, "进驻政务服务大厅的政务服务事项21项", ["全部", "集中办理"]),
    ({"政务服务": {"进驻事项": "21项", "全部进驻": "是"}}, "政务服务事项21项全部进驻并集中办理", []),
    ({"法治副校长": {"来源": ["公安", "法院"]}}, "公安、法院", ["骨干"]),
    ({"法治副校长": {"频次": "每学期1至2次"}}, "法治副校长到校频次为每学期1至2次", ["以案说法", "开展"]),
    ({"学法用法": {"教职工学法": "300名"}}, "300名教职工", ["以学校为单位", "全覆盖", "宪法"]),
    ({"学法用法": {"专项经费": "是"}}, "投入专项经费", ["宣传栏", "书籍"]),
    ({"学法用法": {"专题学习": "3次"}}, "开展法治专题学习活动3次", ["宪法法律", "党内法规"]),
    ({"学法用法": {"学习内容": ["习近平法治思想", "宪法"]}}, "将习近平法治思想、宪法列入学习计划",
     ["等法律法规", "重大政治任务"]),
    ({"行政执法": {"持证上岗": "是"}}, "持证上岗", ["事实清楚", "法律适用准确"]),
    ({"行政执法": {"执法装备": ["执法记录仪"]}}, "采用执法记录仪开展行政检查", ["全面", "全过程记录"]),
    ({"依法决策": {"制度": ["“三重一大”决策制度"]}}, "执行“三重一大”决策制度", ["完善", "制度保障"]),
    ({"校园安全": {"宣讲场次": "5场次"}}, "累计宣讲5场次", ["未成年人健康成长", "欺凌"]),
    ({"依法治校": {"章程": "是"}}, "依据办学章程", ["示范校", "依规办事"]),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("facts", "said", "unsaid"), ALONE,
                         ids=[next(iter(f)) + "." + next(iter(next(iter(f.values()))))
                              for f, _, _ in ALONE])
def test_a_field_alone_yields_its_clause_and_no_other(
    kind: str, facts: dict[str, Any], said: str, unsaid: list[str]
) -> None:
    text = _draft(kind, **facts)
    assert said in text
    assert [phrase for phrase in unsaid if phrase in text] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_flag_brings_back_its_own_clause(kind: str) -> None:
    text = _draft(kind, 组织领导={"领导小组": {"名称": "法治建设领导小组", "本年成立": "是",
                                         "明确责任科室": "是"},
                              "列入工作要点": "是", "同部署": "是"},
                  法律顾问={"建立制度": "是", "制度": ["法律顾问工作制度"], "制度做法": "完善"})
    assert "成立法治建设领导小组，明确责任科室和工作人员" in text
    assert "同部署、同推进、同督促、同考核" in text
    assert "完善法律顾问工作制度" in text


@pytest.mark.parametrize("kind", ["annual", "summary"])
def test_the_responsible_with_only_a_name_is_not_praised(kind: str) -> None:
    text = _draft(kind)
    assert "张三履行推进法治建设第一责任人职责" in text
    assert "基础性工作" not in text and "认真" not in text


def test_headings_promise_nothing_their_section_lacks() -> None:
    text = _draft(依法治校={"章程": "是"}, 校园安全={"驻校民警": "3名"})
    assert "示范校" not in text and "欺凌" not in text
    shown = _draft(依法治校={"示范校": ["某小学"], "示范校级别": "省级"})
    assert "推进依法治校，开展依法治校示范校创建" in shown


def test_titles_join_without_a_mark_and_other_items_with_a_comma_of_enumeration() -> None:
    text = _draft(学法用法={"学习内容": ["《宪法》", "《民法典》", "习近平法治思想"]})
    assert "将《宪法》《民法典》、习近平法治思想列入学习计划" in text


def test_a_list_printed_directly_follows_the_same_rule() -> None:
    text = _draft(组织领导={"实施方案": ["《甲方案》", "《乙规划》", "本县实施意见"]})
    assert "贯彻落实《甲方案》《乙规划》、本县实施意见" in text


@pytest.mark.parametrize("kind", KINDS)
def test_rectification_says_its_state_only_when_the_clerk_gives_it(kind: str) -> None:
    def said(**state: str) -> str:
        return _draft(kind, 整改=[{"来源": "某督察", "问题": "3条", **state}])

    assert "某督察反馈问题3条" in said() and "整改完毕" not in said() and "正在整改" not in said()
    assert "某督察反馈问题3条，已全部整改完毕" in said(全部整改="是")
    assert "某督察反馈问题3条，正在整改中" in said(全部整改="否")


@pytest.mark.parametrize("kind", KINDS)
def test_an_inspection_is_joint_only_with_its_partners(kind: str) -> None:
    def said(**fields: str) -> str:
        return _draft(kind, 行政执法={"双随机一公开": {"检查对象": "13所学校", **fields}})

    assert "对13所学校开展“双随机、一公开”检查" in said() and "联合" not in said()
    assert "联合市场监管局对13所学校开展“双随机、一公开”联合检查" in said(联合部门="市场监管局")
