"""The asking part of a long turn (bot/lang/story.py): forms of personal context, each on a pair, in microseconds."""
from bot.lang.story import without_personal_context


def test_a_campus_asked_without_its_school_is_the_storys_school():  # [invented]
    assert without_personal_context("我是湖滨大学的老师，下学期要搬过去，想问下东山校区什么时候能用") \
        == "想问下湖滨大学东山校区什么时候能用"
    assert without_personal_context("我是老师，下学期要搬过去，想问下东山校区什么时候能用") \
        == "想问下东山校区什么时候能用"  # no school in the story: nothing to carry
    assert without_personal_context("我是湖滨大学的老师，想问下新校区什么时候开工") == "想问下湖滨大学新校区什么时候开工"


def test_what_was_heard_is_what_is_confirmed():  # [invented]
    assert without_personal_context("我腿脚不好，想学门手艺，听说某学院有个培训试点，是真的吗") \
        == "听说某学院有个培训试点，是真的吗"
    assert without_personal_context("班主任说下学期要分班，是真的吗") == "班主任说下学期要分班，是真的吗"  # the story is the claim


def test_a_clause_that_says_there_is_none_asks_nothing():  # [invented]
    from bot.lang.story import question_part

    assert question_part("孩子在普通小学读书 学校基本没什么专门支持 我听说市里在搞特殊教育 想问下今年有没有什么具体计划") \
        == "我听说市里在搞特殊教育想问下今年有没有什么具体计划"


def test_a_doing_left_without_its_object_takes_the_clause_that_names_it():  # [invented]
    assert without_personal_context("我是初二学生，老师说我们学校进了市里一个叫星火计划的名单，我想知道一共有几所学校进了") \
        == "老师说我们学校进了市里一个叫星火计划的名单，我想知道一共有几所学校进了"
    assert without_personal_context("我是初二学生，想知道一共有几所学校进了星火计划") == "想知道一共有几所学校进了星火计划"


def test_what_someone_told_the_asker_is_no_question_of_its_own():
    from bot.lang.forms import split_compound

    assert len(split_compound("老师说我们学校进了一个叫星火计划的名单，我想知道一共有几所学校进了")) == 1  # [invented]
