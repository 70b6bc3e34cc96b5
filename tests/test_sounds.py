"""Which question words may sound like a corpus word, told without pypinyin's phrase dictionary."""
import os

import jieba
from pypinyin import lazy_pinyin

from bot.lang.sounds import SoundFilter, coarse
from bot.lang.vocab import table


def test_a_typo_passes_and_a_word_of_other_sounds_does_not():
    spaced = SoundFilter(["zi zhu", "xue sheng"], " ")
    assert spaced.may_match("资注")  # [invented] zi zhu: a typo of a corpus word
    assert spaced.may_match("学声")
    assert not spaced.may_match("多少")  # duo shao: no corpus word sounds so
    assert not spaced.may_match("资金")  # zi jin: the first syllable alone is not enough
    joined = SoundFilter(["zizhu"], "")
    assert joined.may_match("资注") and not joined.may_match("多少")


def test_tone_and_u_umlaut_are_compared_alike():
    assert coarse("lǘ") == coarse("lv") == "lu"
    assert SoundFilter(["lv se"], " ").may_match("绿色")


def test_a_phrase_reading_of_a_heteronym_is_never_filtered_out():
    # pypinyin reads 行 as hang in 银行 and 长 as zhang in 长大 from its phrases: the filter keeps them
    words = ["银行", "长大", "重庆", "音乐", "睡觉", "行长", "还是", "调查", "便宜", "数落"]
    f = SoundFilter([" ".join(lazy_pinyin(w)) for w in words], " ")
    assert all(f.may_match(w) for w in words)


def test_no_dictionary_word_that_sounds_like_a_key_is_filtered_out():
    # 30,000 of jieba's dictionary words as corpus keys, each checked against its own phrase reading
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        words = [line.split()[0] for _, line in zip(range(60000), fh)]
    words = [w for w in words if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)][::2]
    f = SoundFilter([" ".join(lazy_pinyin(w)) for w in words], " ")
    assert [w for w in words if not f.may_match(w)] == []


def test_the_phrase_readings_data_is_what_the_installed_pypinyin_gives():
    from pypinyin import phrases_dict, pinyin_dict

    found = set()
    for phrase, reads in phrases_dict.phrases_dict.items():
        for ch, r in zip(phrase, reads):
            own = {coarse(x) for x in pinyin_dict.pinyin_dict.get(ord(ch), "").split(",") if x}
            if coarse(r[0]) not in own:
                found.add((ch, coarse(r[0])))
    assert found == {(row["char"], row["reading"]) for row in table("phrase_readings")}
