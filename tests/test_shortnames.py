"""University short forms derived from the corpus's names (bot/lang/shortnames.py), in microseconds."""
from bot.lang.shortnames import expand, short_forms

# invented names in the shapes of real ones
VOCAB = {"湖滨大学", "东州理工大学", "东州信息工程大学", "西山开放大学", "湖大"}


def test_short_forms_follow_the_shape_of_the_name():
    forms = short_forms(VOCAB)
    assert forms["东理工"] == "东州理工大学" and forms["东信大"] == "东州信息工程大学"
    assert "湖大" not in forms  # the corpus's own word: not a short form of another
    assert not any(v == "西山开放大学" for v in forms.values())  # 开放 is no discipline a name is shortened to


def test_a_short_form_two_names_share_names_neither():
    assert "东大" not in short_forms({"东山大学", "东海大学"})


def test_expand_reads_a_short_form_only_where_it_is_a_word():
    forms = {"滨大": "湖滨大学"}
    assert expand("那滨大新校区呢", forms) == "那湖滨大学新校区呢"
    assert expand("海滨大学有几个专业", forms) == "海滨大学有几个专业"  # before 学: part of another name
    assert expand("海滨大道修好了吗", forms) == "海滨大道修好了吗"    # inside another word
