"""The domain fields real reports need (行政执法 grows up; 依法决策, 组织领导, 学法用法, 普法宣传,
政务服务 gain theirs): each reads as what the clerk wrote, in the .txt and the .docx, in the annual
report (and so the summary, which inherits it) and in the 述法报告."""

from __future__ import annotations

from pathlib import Path

import pytest

from .draft_helpers import HEAD, SHUFA_HEAD, SUMMARY_HEAD, assert_says, outputs

CASES = {
    "责任清单": ("""组织领导:
  责任清单:
    名称: 《2024年普法责任清单》
    任务: 26项
  年终述法: 局领导班子成员、各学校校长
""", ["制定《2024年普法责任清单》，共列任务26项", "局领导班子成员、各学校校长在年终述职中述法"]),
    "重大行政决策": ("""依法决策:
  重大行政决策:
    - 名称: 中小学布局调整规划
      程序: [公众参与, 专家论证, 合法性审查]
    - 名称: 课后服务收费标准
    - 名称: 《县城学校建设规划》
  公平竞争审查: 12件
  市场准入审查: 2
  规范性文件审查: 5件
""", ["作出重大行政决策“中小学布局调整规划”，履行公众参与、专家论证、合法性审查程序",
      "作出重大行政决策“课后服务收费标准”", "作出重大行政决策《县城学校建设规划》",
      "开展公平竞争审查12件，开展市场准入审查2件，开展规范性文件合法性审查5件"]),
    "学法考试": ("""学法用法:
  学法考试:
    - 名称: 国家工作人员学法考试
      参考人员: 全体干部职工
      参考人数: 56名
      参与率: 100%
      合格率: 98%
  应知应会清单: 《领导干部应知应会法律法规清单》
""", ["56名全体干部职工参加国家工作人员学法考试，参与率100%，合格率98%",
      "制定《领导干部应知应会法律法规清单》"]),
    "普法责任制": ("""普法宣传:
  普法责任制: [谁执法谁普法, “谁管理谁普法”]
""", ["落实“谁执法谁普法”“谁管理谁普法”普法责任制"]),
    "执法证": ("""行政执法:
  执法证:
    持证人数: 21名
    持证上岗率: 100%
    考试: 湖南省行政执法证资格考试
    参考人员: 相关股室人员
    参考人数: 10名
    通过人数: 7人
""", ["10名相关股室人员参加湖南省行政执法证资格考试，7人通过",
      "现有持行政执法证人员21名，执法人员持证上岗率达100%"]),
    "三项制度": ("""行政执法:
  三项制度:
    推行: 是
    公示: 36
    全过程记录: 12起
    法制审核: 3次
    法制审核机构: 政策法规股
""", ["推行行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”",
      "行政执法公示36条、执法全过程记录12起、重大执法决定法制审核3次",
      "明确政策法规股为重大执法决定法制审核机构"]),
    "执法监督": ("""行政执法:
  执法监督:
    指导律师: 某某律师事务所张三律师
    社会监督员: 5名
    执法责任制: 是
    过错责任追究: 是
""", ["某某律师事务所张三律师指导行政执法工作", "聘请社会监督员5名",
      "落实行政执法责任制和行政执法过错责任追究制"]),
    "双随机": ("""行政执法:
  双随机一公开:
    抽查计划: 4个
    联合计划: 3个
    联合部门: [区市场监管局, 区人社局]
    检查对象: 13所学校
""", ["制定“双随机”抽查计划4个，其中跨部门联合检查3个；联合区市场监管局、区人社局对13所学校开展“双随机、一公开”联合检查"]),
    "建议提案": ("""政务服务:
  建议提案:
    人大建议: 11件
    政协提案: 18
    主办: 15件
    协办: 25件
    按时办结: 是
    满意率: 100%
""", ["办理人大代表建议11件、政协委员提案18件；主办15件、协办25件，均已按时办结，满意率100%"]),
}


@pytest.mark.parametrize("head", [HEAD, SUMMARY_HEAD, SHUFA_HEAD], ids=["annual", "summary", "shufa"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_domain_field_reads_as_written(case: str, head: str, tmp_path: Path) -> None:
    body, clauses = CASES[case]
    assert_says(tmp_path, body, *clauses, head=head)


def test_partial_domain_blocks_say_only_what_is_there(tmp_path: Path) -> None:
    body = """行政执法:
  执法证:
    通过人数: 7人
  双随机一公开:
    联合计划: 2个
  执法监督:
    过错责任追究: 是
  三项制度:
    法制审核: 3次
政务服务:
  建议提案:
    满意率: 100%
"""
    assert_says(tmp_path, body, "执法人员参加行政执法资格考试，7人通过", "落实行政执法过错责任追究制",
                "重大执法决定法制审核3次", "人大代表建议和政协委员提案满意率100%",
                "制定跨部门联合“双随机”抽查计划2个",
                absent=("推行行政执法公示", "行政执法责任制和", "按时办结", "现有持行政执法证人员"))


def test_exam_takers_named_without_a_number(tmp_path: Path) -> None:
    assert_says(tmp_path, "行政执法:\n  执法证:\n    参考人员: 新录用执法人员\n",
                "新录用执法人员参加行政执法资格考试")



# --- no new field vanishes: each alone (with the fields it requires) drafts, which includes
# --- draft's own check that every value the clerk wrote is in the .txt and the .docx

#: sub-models of general.py: where a clerk writes them, and whether as a list
PLACES = {"Licences": ("行政执法", "执法证", False), "ThreeSystems": ("行政执法", "三项制度", False),
          "Oversight": ("行政执法", "执法监督", False), "Motions": ("政务服务", "建议提案", False),
          "DutyList": ("组织领导", "责任清单", False), "LawExam": ("学法用法", "学法考试", True),
          "MajorDecision": ("依法决策", "重大行政决策", True), "Figure": ("法律顾问", "计数", True),
          "Document": ("法律顾问", "文件", True), "Person": ("法律顾问", "人员", True),
          "Inspection": ("法律顾问", "检查", True), "Honour": ("法律顾问", "获得荣誉", True)}
FLAT = {"组织领导.年终述法": "局领导班子成员", "依法决策.公平竞争审查": "3件", "依法决策.市场准入审查": "2件",
        "依法决策.规范性文件审查": "4件", "学法用法.应知应会清单": "《应知应会清单》",
        "普法宣传.普法责任制": ["谁执法谁普法"], "行政执法.双随机一公开.抽查计划": "4个",
        "行政执法.双随机一公开.联合计划": "3个", "行政执法.双随机一公开.联合部门": ["区市场监管局"],
        "行政执法.双随机一公开.检查对象": "13所学校"}


def _sample(annotation: object) -> object:
    text = str(annotation)
    return "是" if "bool" in text else "3个" if "Quantity" in text else ["甲项"] if "list" in text else "乙项"


def _nest(path: str, value: object) -> dict:
    for key in reversed(path.split(".")):
        value = {key: value}
    return value  # type: ignore[return-value]


def _alone() -> dict[str, dict]:
    from fazhi_writer.facts import general

    cases = {path: _nest(path, value) for path, value in FLAT.items()}
    for name, (topic, key, many) in PLACES.items():
        fields = getattr(general, name).model_fields.values()
        required = {f.alias: _sample(f.annotation) for f in fields if f.is_required()}
        for f in fields:
            item = {**required, f.alias: _sample(f.annotation)}
            cases[f"{topic}.{key}.{f.alias}"] = {topic: {key: [item] if many else item}}
            blank = {**required, f.alias: "待填"}  # a value not known yet: a marker, no error
            cases[f"{topic}.{key}.{f.alias}=待填"] = {topic: {key: [blank] if many else blank}}
    for key, value in (("本单位", "参加"), ("本单位", "承办"), ("本单位", "指导"), ("覆盖", "全县师生")):
        cases[f"活动.{key}.{value}"] = {"普法宣传": {"活动": [{"名称": "甲活动", key: value}]}}
    return cases


ALONE = _alone()


def test_every_field_of_the_new_sub_models_is_tried_alone() -> None:
    from fazhi_writer.facts import general

    for name, (topic, key, _) in PLACES.items():
        for f in getattr(general, name).model_fields.values():
            assert f"{topic}.{key}.{f.alias}" in ALONE and f"{topic}.{key}.{f.alias}=待填" in ALONE


@pytest.mark.parametrize("path", sorted(ALONE))
def test_each_new_field_alone_reaches_both_outputs(path: str, tmp_path: Path) -> None:
    # draft itself refuses to write a report that lacks a value the clerk wrote (verify.py)
    txt, docx = outputs(tmp_path, _yaml(ALONE[path]))
    assert "一、" in txt and "一、" in docx


def _yaml(data: dict) -> str:
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML().dump(data, out)
    return out.getvalue()
