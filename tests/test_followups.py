"""Follow-ups and short questions that lean on the conversation (bot/lang/question.py, bot/answer/asked.py,
bot/answer/candidate.py). Each kind with an answerable/unanswerable pair of different questions; no index."""
from __future__ import annotations

from bot.answer.asked import asked
from bot.answer.candidate import Sentence
from bot.lang.forms import has_topic
from bot.lang.question import analyse

from test_rules import hit, library  # noqa: F401 - the shared hand-made library fixture

ONLINE = "连续12周向全市70万中小学生提供在线教学，制作在线课程3000多节，访问量超过2亿人次。"
CANTEENS = ("加强内控机制建设，出台《关于进一步规范直属单位组织和参加会议、培训、交流等活动的通知》《无锡市中小学食堂财务管理办法（试行）》"
            "《无锡市中小学食堂会计核算办法（试行）》，组织开展全市38所公办普通高中食堂专项检查。")
AID = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"


def read(library, question, history=()):
    return analyse(question, list(history), library.tokenizer.words, pos_of=library.tokenizer.pos)


def test_a_short_fact_question_naming_only_its_people_leans_on_the_last_turn(library):
    assert read(library, "覆盖多少学生", ["网课搞了多久"]).is_followup           # 学生: who, not what
    assert read(library, "查的是哪类学校", ["查了多少学校的食堂"]).is_followup
    assert not read(library, "对口支援派了多少人", ["技能大赛拿了几块金牌"]).is_followup  # 对口支援 is a thing
    assert not read(library, "疫情防控物资有几类", ["技能大赛拿了几块金牌"]).is_followup


def test_a_chain_of_follow_ups_keeps_the_first_topic(library):
    q = read(library, "课做了多少节", ["网课搞了多久", "覆盖多少学生"])
    assert q.is_followup and "网课" in q.search_text
    assert "网课" not in read(library, "课做了多少节", ["资助了多少学生"]).search_text


def test_words_tagged_as_things_name_a_topic(library):
    pos = library.tokenizer.pos
    assert has_topic("对口支援派了多少人", pos)        # 对 of 对口 is no preposition here
    assert has_topic("锡慧在线说实现了几个全", pos)    # the report's own term
    assert not has_topic("覆盖多少学生", pos)
    assert not has_topic("啥时候能建好", pos)


def test_a_verb_of_reach_before_a_count_of_people_need_not_be_said(library):
    reached = asked(read(library, "在线教学覆盖了多少学生"), library)
    assert "覆盖" not in reached.content_words                      # said as 向70万中小学生提供
    schools = asked(read(library, "集团化办学覆盖了多少学校"), library)
    assert "覆盖" in schools.content_words                          # a count of schools: 覆盖 is what is asked


def test_a_follow_up_naming_nothing_keeps_the_names_of_the_last_turn(library):
    same = asked(read(library, "啥时候能建好", ["江南大学江阴校区下半年开工吗"]), library)
    assert same.names == ["江南大学江阴校区"]                         # one campus, not 南京理工大学江阴校区
    swapped = asked(read(library, "那义务教育学校达标的比例呢", ["普惠性幼儿园覆盖率多少"]), library)
    assert "普惠性幼儿园" not in swapped.names                       # a thing of its own replaces the last


def test_which_kind_is_answered_by_a_kind_not_a_name(library):
    kind = asked(read(library, "食堂专项检查查的是哪类学校"), library)
    assert Sentence(kind, hit(library, CANTEENS), library).names_new      # 公办普通高中
    other = asked(read(library, "学生资助给的是哪类学校"), library)
    assert not Sentence(other, hit(library, AID), library).names_new      # names no kind of school


def test_a_turn_asking_only_a_property_leans_on_the_last_turn(library):
    # 属性名词 (名字, 机制, 性质) name a property of a thing, not a thing: the thing is the last turn's
    assert read(library, "新学校叫啥名字", ["听说那所学院要改名"]).is_followup
    assert read(library, "靠的是什么机制", ["编制是怎么调剂的"]).is_followup
    assert not read(library, "食堂管理用的是什么机制", ["编制是怎么调剂的"]).is_followup  # names its own thing
    assert not has_topic("改成啥名字", library.tokenizer.pos)
    assert has_topic("锡慧在线叫啥名字", library.tokenizer.pos)


def test_a_property_asked_must_be_stated(library):
    from bot.lang.properties import property_asked, states_property
    assert property_asked("后来变成什么性质的学校") == "性质" and property_asked("按什么标准发") == "标准"
    assert property_asked("名字好听吗") is None                     # no asking of the property
    assert states_property("性质", "某学院转设为市属公办本科高校。")
    assert not states_property("标准", "全年累计补助学生1200人次，金额360万元。")


def test_a_short_turn_pointing_back_leans_on_the_last_turn(library):
    # 这些/每个/其中 anywhere in a short turn with no thing of its own: the things just named [invented]
    assert read(library, "修这些得花几个钱", ["下半年要新建多少个实训基地"]).is_followup
    assert read(library, "每个要投多少", ["下半年要新建多少个实训基地"]).is_followup
    assert not read(library, "修这些实训基地得花几个钱", ["图书馆抽查抽了几家"]).is_followup  # names its own thing


def test_a_documents_contents_asked_any_way_need_a_sentence_that_says_them():
    from bot.lang.properties import property_asked, states_property
    # [invented] wordings: a document's word, then what it says
    assert property_asked("某某2040里讲了哪些") == "内容" and property_asked("那个办法主要规定了什么") == "内容"
    assert property_asked("某某纲要主要提出了哪些") == "内容" and property_asked("招生改革的具体方案有啥") == "内容"
    assert property_asked("明年的目标是什么") is None and property_asked("这个计划什么时候出台") is None
    assert states_property("内容", "出台某意见，指导各地加强编制统筹管理。")   # what it does is said
    assert not states_property("内容", "启动某某五年规划编制工作。")           # only that it is drafted
    assert not states_property("内容", "围绕某改革等重点工作，加强领导。")     # a frame, not the document's contents


def test_what_came_of_a_check_needs_a_sentence_that_says_it():
    from bot.lang.properties import asks_findings, states_findings
    # [invented] what came of a check, asked any way; how a check is run is no finding asked
    assert asks_findings("图书馆消防抽查下来情况如何") and asks_findings("食堂检查完结果如何")
    assert asks_findings("查出的隐患整改得咋样") and not asks_findings("图书馆消防抽查由谁牵头")
    assert states_findings("抽查发现3处隐患，已责令整改。") and not states_findings("组织开展20家图书馆消防抽查。")


def test_where_to_is_answered_by_a_channel_only():
    from bot.lang.properties import asks_where_to, states_channel
    assert asks_where_to("成绩在哪里能查到") and asks_where_to("去哪儿报名") and not asks_where_to("学校在哪个区")
    assert states_channel("成绩在市教育考试院官网公布。", "成绩在哪里能查到")
    assert not states_channel("搭建了全市统一的报名平台。", "报名平台在哪能看")  # the thing itself, not where


def test_a_count_of_the_kinds_of_the_thing_before_leans_on_it(library):
    assert read(library, "一共分几大块", ["食堂检查查了哪些项目"]).is_followup  # 几大块: a count, nothing named [invented]
    assert not read(library, "食堂检查分几大块", ["资助了多少学生"]).is_followup


def test_a_follow_up_asking_its_own_question_on_a_new_thing_stands_alone(library):
    from bot.answer.asked import content_words

    q = read(library, "那实训基地建成了几个", ["对口支援派了多少人"])  # [invented]
    assert q.is_followup and q.stands_alone and "对口" not in content_words(q, library)
    q = read(library, "那总共去了几批人", ["对口支援去的是哪几个省"])  # no thing of its own: leans on the last turn
    assert q.is_followup and not q.stands_alone and "对口" in content_words(q, library)
    assert not read(library, "那其中女生有多少", ["网课一共面向多少学生"]).stands_alone  # 其中 points back


def test_conditions_and_papers_must_be_stated():
    from bot.lang.properties import property_asked, states_property

    # [invented] pairs: what one must meet, which papers; a sentence naming the thing says neither
    assert property_asked("报名夏令营需要具备哪些条件") == "条件" and property_asked("夏令营要准备什么材料") == "材料"
    assert states_property("条件", "报名学生须年满10周岁。") and not states_property("条件", "今年暑期共举办夏令营3期。")
    assert states_property("材料", "报名时须提交户口簿和学籍证明。")
    assert not states_property("材料", "统筹做好网上志愿填报、材料审核等工作。")  # checked, not which


def test_what_a_check_found_must_be_stated():
    from bot.lang.properties import asks_findings, states_findings

    assert asks_findings("图书馆抽查是否查到隐患") and asks_findings("抽查发现了什么隐患")  # [invented]
    assert not asks_findings("图书馆检查查了几所") and asks_findings("图书馆抽查查到是否有违规")
    assert states_findings("检查发现2所学校存在消防隐患。") and not states_findings("组织开展全市图书馆专项检查。")


def test_the_contents_of_a_document_must_be_stated():
    from bot.lang.properties import property_asked, states_property

    assert property_asked("图书馆发展规划的主要内容是啥") == "内容"  # a document's contents [invented]
    assert property_asked("报告里图书馆相关内容都列出来") is None  # the report's own: a topic, not a property
    assert states_property("内容", "出台《图书馆管理办法》，明确开放时间和借阅规则。")
    assert not states_property("内容", "启动图书馆发展规划编制工作。")  # a title and a doing say nothing of it


def test_an_area_must_be_stated():
    from bot.lang.properties import property_asked, states_property

    assert property_asked("新图书馆占地多大") == "占地"  # [invented]
    assert states_property("占地", "新馆占地50亩。") and not states_property("占地", "新馆建设工程顺利推进。")


def test_this_many_of_them_leans_on_the_last_turn(library):
    assert read(library, "这3类具体都有啥", ["防疫物资分几类"]).is_followup  # 这3类: the ones just counted [invented]
    assert not read(library, "防疫物资具体都有啥", ["资助了多少学生"]).is_followup


def test_others_asked_after_names_do_not_need_those_names(library):
    from bot.answer.asked import names_in

    before = ["梁溪区的图书馆通过验收了吗"]  # [invented]
    assert "梁溪区" not in names_in(read(library, "那还有哪些地方要验收", before), library)  # others than it
    assert "梁溪区" in names_in(read(library, "那啥时候验收", before), library)  # still that place


def test_besides_this_leans_on_the_last_turn(library):
    from bot.lang.question import FOLLOWUP_START

    assert FOLLOWUP_START.search("除了这个以外还获批了什么项目")  # [invented] besides the thing just named
    assert not FOLLOWUP_START.search("除了学费还收啥费用")  # [invented] besides a thing of its own
    assert read(library, "除了这个还拿了啥奖", ["某学院几门课程获奖"]).is_followup  # [invented]


def test_a_turn_starting_with_again_that_counts_a_thing_of_its_own_asks_anew(library):
    from bot.lang.question import asks_anew

    tok = library.tokenizer
    before = tok.words("今年评上了几位特级教师")  # [invented]
    assert asks_anew("又派了多少志愿者去山区支教", before, tok.words, tok.pos)  # [invented] its own thing counted
    assert not asks_anew("又一共派了多少位", before, tok.words, tok.pos)  # [invented] nothing of its own: leans on it


def test_which_persons_they_were_asks_for_names(library):
    from bot.answer.candidate import Sentence

    q = read(library, "少年宫的书法课都是哪些老师上的")  # [invented]
    assert q.asks_person and not read(library, "哪些老师可以申请书法课补贴").asks_person  # [invented] a kind of teacher
    a = asked(q, library)
    assert not Sentence(a, hit(library, "少年宫组织名师开设书法课30节。", invented=True), library).names_new  # [invented]
