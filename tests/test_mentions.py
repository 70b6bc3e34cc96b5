"""A list question answered by every sentence that mentions what it lists (bot/answer/mentions.py); no index."""
from bot.answer.asked import asked
from bot.answer.mentions import mention_hits
from bot.evidence import Evidence
from bot.lang.listing import listed_words
from bot.lang.question import analyse

from test_rules import hit, library  # noqa: F401 - the shared hand-made library fixture

CAMPUSES = "东南大学无锡国际校区、南京理工大学江阴校区、江南大学宜兴校区等建设工程顺利推进。"


def mentions(library, question):
    a = asked(analyse(question, [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
    return mention_hits(a, Evidence([hit(library, CAMPUSES)], library))


def test_what_a_list_question_lists():
    assert listed_words("材料里出现过哪些大学") == ["大学"]
    assert listed_words("拿过哪些市级的荣誉") == ["市级", "荣誉"]  # one character left: kept whole
    assert listed_words("评上了哪些国家级的荣誉和试点") == ["国家", "荣誉", "试点"]  # 国家级 is said as 国家
    assert listed_words("大学有几所") == []


def test_every_mention_is_listed_unless_the_list_belongs_to_a_thing(library):
    found = mentions(library, "材料里出现过哪些大学")
    texts = [h.unit.text for h in found]
    assert len(texts) >= 5 and all("大学" in t for t in texts)
    assert {library.part_kinds[h.unit.section_id] for h in found} == {"done", "plan"}
    plan = mentions(library, "下半年涉及哪些大学")
    assert plan and {library.part_kinds[h.unit.section_id] for h in plan} == {"plan"}
    assert mentions(library, "锡慧在线课程资源涉及哪些大学") == []  # the universities of one thing: not every mention


def test_the_words_naming_the_report_itself_are_not_asked_about(library):
    from bot.answer.asked import content_words
    q = analyse("这份报告里提及了哪些高中", [], library.tokenizer.words)
    words = content_words(q, library)
    assert "高中" in words and not {"报告", "这份报告", "提及"} & set(words)
