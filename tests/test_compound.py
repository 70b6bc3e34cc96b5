"""Two questions in one: the rules of bot/answer/compound.py on hand-made answers (no index), in milliseconds."""
import re

from bot.answer.compound import one_figure_for_all

COUNT_RX = re.compile(r"\d+\s*(?:所|名|个)")


def answered(part: str, quote: str) -> dict:
    return {"question": part, "answer": f"{quote}[1]", "refused": False,
            "citations": [{"n": 1, "section_id": "d#1.1", "quote": quote}]}


def test_one_joint_figure_does_not_answer_each_of_two():
    joint = "甲区、乙区共新建学校6所。"  # [invented]
    out = one_figure_for_all("甲区和乙区各新建了几所学校",
                             [answered("甲区新建了几所学校", joint), answered("乙区新建了几所学校", joint)],
                             lambda p: COUNT_RX)
    assert out["refused"] and out["related"] and "“甲区”“乙区”" in out["answer"] and out["citations"][0]["quote"] == joint


def test_one_figure_of_a_whole_does_not_answer_each_of_its_parts():
    whole = "全区中小学生共参加夏令营3200人次，活动持续12天。"  # [invented]: 中小学生 holds both; neither is given alone
    out = one_figure_for_all("那初中和高中分别参加了几个人次",
                             [answered("那初中参加了几个人次", whole), answered("高中参加了几个人次", whole)],
                             lambda p: re.compile(r"\d+人次"))
    assert out["refused"] and "“初中”“高中”" in out["answer"]


def test_a_figure_for_each_answers_each():
    each = "甲班有学生40名，乙班有学生38名。"  # [invented]
    assert one_figure_for_all("甲班和乙班各有多少名学生",
                              [answered("甲班有多少名学生", each), answered("乙班有多少名学生", each)],
                              lambda p: COUNT_RX) is None


def test_two_measures_of_one_thing_are_not_two_entities():
    one = "全年资助学生120人次，金额30万元。"  # [invented]: 人次 and 金额 are not named as a pair in it
    assert one_figure_for_all("资助人次和金额分别是多少",
                              [answered("资助人次是多少", one), answered("金额是多少", one)], lambda p: None) is None


def test_a_later_part_names_the_first_parts_thing_by_its_last_word():
    from bot.answer.compound import with_topic

    never = lambda text: True  # noqa: E731 - names the report: no topic to borrow
    assert with_topic("每个分馆有几个管理员", "图书馆分馆开在哪些街道", never) == "每个图书馆分馆有几个管理员"  # [invented]
    assert with_topic("管理员有几个", "图书馆分馆开在哪些街道", never) == "管理员有几个"
