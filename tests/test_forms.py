"""The form of a question from its words alone (bot/forms.py): small talk, yes/no, compound. No index."""
from __future__ import annotations

import pytest

from bot.lang.forms import is_yes_no, smalltalk, split_compound


@pytest.mark.parametrize("text,kind", [
    ("你好", "greeting"), ("您好！", "greeting"), ("谢谢", "thanks"), ("好的，谢谢！", "thanks"), ("好的谢谢", "thanks"), ("谢谢你，解答得很清楚", "thanks"),
    ("你是谁", "identity"), ("你能回答什么问题", "capability"), ("再见", "bye"),
    ("你好，上半年资助了多少学生？", None), ("谢谢你告诉我资助了多少学生", None), ("资助了多少学生", None),
    # everyday chat about no report: a short reply that says what it covers
    ("今天天气怎么样", "offtopic"), ("讲个笑话", "offtopic"), ("天气原因停课了几天", None),
    ("哈哈 你真棒", "thanks"), ("资助力度不错吧", None),  # praise is thanked; a question that praises is a question
    ("今天无锡天气咋样", "offtopic"), ("给我讲个笑话呗", "offtopic"), ("吃了没", "offtopic"), ("吃了多少补助", None),
    ("在吗？", "greeting"), ("哈哈 挺好", "thanks"), ("你能帮我做什么", "capability"), ("你叫啥名字", "identity"),
    ("呵呵呵", "greeting"), ("嘿嘿", "greeting"), ("哈尔滨有什么新学校", None),  # a laugh asks nothing; 哈 of a place does
    ("你还能帮我干点啥", "capability"), ("你都能查到几所学校的资料", None),
    # a complaint about the last answer gets an apology and how to ask; a question that complains is a question
    ("回答得不对，认真点", "complaint"), ("你这也太慢了", "complaint"), ("审批太慢了怎么办", None), ("食堂整治没用吗", None),
    # a goodbye with its lead-in; who made the assistant; whether one may ask here
    ("好的 我没其他问题了 再见", "bye"), ("没别的了，拜拜啦", "bye"), ("没别的学校了吗", None),
    ("你是哪个公司开发的", "identity"), ("你们是哪个部门的学校", None),
    ("辛苦了，我没什么要问的了", "bye"), ("你能帮我干嘛", "capability"), ("回答这么慢，什么破系统", "complaint"),
    ("系统好慢啊", "complaint"), ("回答这么慢，资助了多少学生", None), ("审批速度太慢了吗", None), ("我没什么问题了吗", None),
    ("您好，这里能提问吗", "capability"), ("这里可以咨询招生吗", None),
    # a complaint asked as a question (为啥回复这么慢) asks nothing of the report
    ("为啥回复这么慢啊", "complaint"), ("为什么审批这么慢", None),
    # a greeting before something else: what follows decides
    ("早上好！今天无锡天气咋样", "offtopic"), ("下午好，请问上半年资助了多少学生", None),
    # a complaint about the bureau's service, nothing asked [invented]; a question after it is a question
    ("局里热线老是打不通，效率也太低了", "service"), ("热线打不通，资助名单在哪查", None),
    # a remark on the weather opens a chat [invented]; a question on school in such weather is a question
    ("这两天天气挺舒服啊", "greeting"), ("天气这么热学校放不放高温假", None),
    ("说的什么呀 一点都不对", "complaint"), ("说的什么 资助标准是多少", None),  # [invented]
    # the answer's worth, said any way [invented]; a question with the same words is a question
    ("讲的啥玩意儿，根本没用", "complaint"), ("锡慧在线是什么玩意儿", None),
    ("等了半天也没答明白", "complaint"), ("等了半天的补贴标准是多少", None),
    # the bureau's service, with a rhetorical 怎么回事 [invented]; a question after it is still a question
    ("热线根本不管事，怎么回事啊", "service"), ("我要投诉食堂，找哪个部门", None),
    # a goodbye after its lead-in [invented]; a question before it is a question
    ("好了先问这些，拜拜", "bye"), ("好的再见，对了补贴发了多少", None),
    # an everyday tip [invented] or another language; schools recommended are a question
    ("介绍下无锡有啥景点", "offtopic"), ("推荐几所好的幼儿园", None),
    ("国庆带娃去哪儿玩好", "offtopic"), ("研学活动去哪里开展", None),  # an outing [invented]; school trips are a question
    ("Hi, do you speak English? 我 不会 中文", "capability"), ("英语课改革了吗", None),
])
def test_small_talk_is_told_from_questions(text, kind):
    assert smalltalk(text) == kind


@pytest.mark.parametrize("text,yes_no", [
    ("上半年资助的学生超过五万人次了吗", True), ("能告诉我上半年资助了多少学生吗", False),
    ("今年有没有新建公办幼儿园", True), ("下半年有什么计划", False),
    ("民办学校是不是跟公办学校同步招生的", True), ("民办学校是怎么招生的", False),
    ("太湖学院苏格兰学院批下来了没", True), ("太湖学院苏格兰学院什么时候招生", False),
    ("民办学校学费涨没涨", True), ("对口支援的人不到一百吧", True), ("简单说说吧", False),
])
def test_yes_no_questions(text, yes_no):
    assert is_yes_no(text) is yes_no


@pytest.mark.parametrize("text,parts", [
    ("学前教育上半年做了什么，下半年还要做什么？", ["学前教育上半年做了什么", "学前教育下半年还要做什么"]),
    ("高品质示范高中建设上半年和下半年分别是怎么安排的",
     ["高品质示范高中建设上半年是怎么安排的", "高品质示范高中建设下半年是怎么安排的"]),
    ("锡慧在线的访问量和课程数量分别是多少", ["锡慧在线的访问量是多少", "锡慧在线的课程数量是多少"]),
    # a last "X呢" after a question asks it again of X (read as a follow-up); before a question it is its topic
    ("滨江学院转设到哪一步了？下半年呢", ["滨江学院转设到哪一步了", "下半年呢"]),
    # a request to give the answer (能列一下吗) is no question of its own [invented]; a second thing asked is
    ("入选的是哪几家图书馆 能列一下吗", ["入选的是哪几家图书馆 能列一下吗"]),
    ("入选的是哪几家图书馆？面积多大", ["入选的是哪几家图书馆", "面积多大"]),
    ("那个新校区呢，什么时候建成", ["那个新校区呢，什么时候建成"]),
    ("义务教育学校达标比例现在多少？下半年标准化建设目标是啥", ["义务教育学校达标比例现在多少", "下半年标准化建设目标是啥"]),
    ("太湖学院苏格兰学院批下来没有 另外什么时候开始招生", ["太湖学院苏格兰学院批下来没有", "什么时候开始招生"]),
    # a space parts two questions; 几级 asks as 几所 does
    ("防控体系分几级 重点物资有几类", ["防控体系分几级", "重点物资有几类"]),
    ("上半年的工作总共分了几个方面 都是啥", ["上半年的工作总共分了几个方面 都是啥"]),  # 都是啥: tell them, not a new question
    ("技能大赛成绩咋样 下半年职业教育有啥新计划", ["技能大赛成绩咋样", "下半年职业教育有啥新计划"]),
    ("资助了多少学生，另外网课访问量有多大", ["资助了多少学生", "网课访问量有多大"]),  # 多大 asks
    ("金牌数和新增示范校数 各是多少", ["金牌数是多少", "新增示范校数是多少"]),
    # the noun after B's 的 is asked of A too [invented]
    ("城区和郊区的新建校舍面积分别是多少", ["城区的新建校舍面积是多少", "郊区的新建校舍面积是多少"]),
])
def test_two_questions_in_one_are_split(text, parts):
    assert split_compound(text) == parts


@pytest.mark.parametrize("text", [
    "上半年资助了多少学生？", "我家孩子明年上初中，想问下今年民办学校招生怎么安排？",
    "疫情期间，教育局做了哪些工作？", "学前教育和义务教育有什么区别", "上半年资助了多少学生，谢谢",
])
def test_one_question_stays_whole(text):
    assert split_compound(text) == [text]


def test_a_short_turn_said_to_the_assistant_is_small_talk_of_its_kind():
    from bot.lang.forms import addressed_smalltalk

    assert addressed_smalltalk("你好呀，在吗？") == "greeting"
    # a complaint about the assistant is not one about the bureau's service [invented]
    assert smalltalk("我要投诉这机器人，答非所问") is None
    assert addressed_smalltalk("我要投诉这机器人，答非所问") == "complaint"
    assert addressed_smalltalk("你是人工客服还是机器人？") == "identity"
    assert addressed_smalltalk("你都能帮我查些啥？") == "capability"
    assert addressed_smalltalk("问了半天都没说到点子上，这啥破系统啊") == "complaint"
    assert addressed_smalltalk("下半年有什么计划") is None                 # said to no one: a question
    assert addressed_smalltalk("你们下半年有什么计划") is None             # to the bureau, of no kind of small talk
    assert addressed_smalltalk("上午好，能帮忙查点资料不") == "capability"   # 帮忙: asked of the assistant
    assert addressed_smalltalk("你会说日语吗") == "capability"              # to the assistant, of nothing in the report
    assert addressed_smalltalk("你们下学期招生吗") is None                  # 你们: the bureau, asked a question


@pytest.mark.parametrize("text,kind", [
    ("早安", "greeting"), ("试试看", "greeting"), ("？？", "greeting"), ("帮我写篇作文", "offtopic"), ("写首诗", "offtopic"),
    ("写作业负担重不重", None), ("作文比赛什么时候办", None),            # about homework or a contest: questions
    ("请你写篇以秋天为题的作文", "offtopic"), ("请给我写一首关于大海的诗", "offtopic"),
    ("我家娃天天打游戏不写作业 怎么办啊", "offtopic"),                  # a parent's trouble at home
    ("学校对学生带手机有什么规定", None), ("娃的视力一年比一年差 学校有啥防控办法", None),  # a policy asked
    ("麻烦查询下我家女儿的期末成绩", "personal"), ("能不能查下我儿子的中考分数", "personal"),
    ("高考录取率今年多少", None), ("帮忙查查去年开了几家图书馆", None),  # a figure, not one's record
])
def test_tries_greetings_and_writing_jobs_are_small_talk(text, kind):
    assert smalltalk(text) == kind


@pytest.mark.parametrize("text,parts", [
    ("图书馆上半年建得咋样 下半年能开放不", 2),  # a modal, then 不 last: a yes/no question [invented]
    ("图书馆上半年建得咋样 下半年不开放", 1),      # 不 saying no: nothing asked
])
def test_a_question_ending_in_bu_asks(text, parts):
    assert len(split_compound(text)) == parts


def test_zenme_huishi_asks_so_two_such_questions_split():
    assert split_compound("图书馆预约平台是咋回事 借阅积分又是啥") == ["图书馆预约平台是咋回事", "借阅积分又是啥"]  # [invented]
    assert split_compound("图书馆预约平台是咋回事") == ["图书馆预约平台是咋回事"]


def test_the_outline_counted_then_which_ones_is_one_question():
    assert split_compound("工作计划分成几个方面，都是哪几个") == ["工作计划分成几个方面，都是哪几个"]  # [invented]
    assert split_compound("本学期开设了几个兴趣社团，都是哪些") == ["本学期开设了几个兴趣社团", "本学期开设都是哪些"]  # [invented]
