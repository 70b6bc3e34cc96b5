"""The language knowledge: word lists as data with provenance (``data/*.tsv``, one loader: ``vocab``),
the shapes built from them (``text``), the tokenizer (jieba with the corpus's own terms), question
reading (``question``), CC-CEDICT bridges (``lexicon``) and numerals. Imports nothing else of the bot
but its thresholds.
"""
