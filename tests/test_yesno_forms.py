"""Forms of yes/no questions (bot/answer/yesno.py), each on a pair, in milliseconds, without an index."""
from bot.answer.asked import asked
from bot.answer.claims import focus_unstated
from bot.answer.yesno import holds, own_words
from bot.lang.question import analyse

from test_rules import library  # noqa: F401 - the shared hand-made library fixture

BUILT = "区里出钱新建图书馆一座。"  # [invented]


def test_the_focus_of_shi_de_must_be_stated(library):
    def ask(q):
        a = asked(analyse(q, [], library.tokenizer.words), library)
        return focus_unstated(a, BUILT, library, own_words(a), holds)

    assert ask("新图书馆是不是区里出钱建的") == []
    assert "企业" in ask("新图书馆是不是企业捐钱建的")
    assert ask("新图书馆建好了吗") == []  # no 是不是…的: not this form


def test_a_heard_figure_asked_as_true_is_compared():
    from bot.answer.yesno import asked_comparison

    c = asked_comparison("听说今年新建了三十多所学校 是不是真的")  # [invented]
    assert c is not None and c.op == "=" and c.value == 30
    assert asked_comparison("听说今年新建了学校 是不是真的") is None  # no figure: nothing to compare


def test_a_rise_asked_needs_a_change_stated(library):
    assert why(library, "参保率提高了几个百分点", "参保率达95%，比上年提高3个百分点。") is None  # [invented]
    assert why(library, "参保率涨了几个百分点", "参保率达95%。")[0] == "change-not-given"  # [invented]


def test_a_percentage_point_is_no_request_to_answer_in_points():
    from bot.answer.scope import PRESENT_ASK

    assert PRESENT_ASK.search("分点说说") and not PRESENT_ASK.search("涨了几个百分点")


def test_a_hire_asked_needs_a_hire_stated(library):
    assert why(library, "今年新招聘了多少名老师", "今年公开招聘教师300名。") is None  # [invented]
    assert why(library, "今年新招聘了多少名老师", "今年有5人获评市级名师。")[0] == "total-not-new"  # [invented]


def why(library, question: str, sentence: str):
    """The facts rule that says the invented sentence is not about what is asked, or None."""
    from bot.answer.facts import not_this

    from test_rules import hit

    q = analyse(question, [], library.tokenizer.words)
    return not_this(q, asked(q, library), hit(library, sentence, invented=True))


def test_a_short_form_the_tokenizer_cut_in_two_is_held(library):
    from bot.answer.yesno import states

    from test_rules import hit

    renamed = hit(library, "某市工业职业学院更名为某市师范高等专科学校。", invented=True)  # [invented]

    def says(q):
        return states(asked(analyse(q, [], library.tokenizer.words), library), renamed, library)

    assert says("工业职业学院是要改名叫师范高专吗")
    assert not says("工业职业学院是要改名叫医学高专吗")


def test_a_fee_asked_of_a_sentence_that_says_neither_fee_nor_free_is_unsaid(library):
    from bot.answer.yesno import unstated

    from test_rules import hit

    def unsaid(q, sentence):
        return unstated(asked(analyse(q, [], library.tokenizer.words), library), hit(library, sentence, invented=True), library)

    assert unsaid("少年宫的书法班收费吗", "少年宫开设书法班12个。") == ["收费"]  # [invented]
    assert unsaid("少年宫的书法班收费吗", "少年宫书法班全免费。") == []  # [invented] the opposite is said: no
