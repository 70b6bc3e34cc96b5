"""The corpus: report files (.txt, .md, .docx) -> cleaned text -> section tree -> sentences and chunks.

``document`` (cleaning, the 公文 section tree), ``files`` (the folder's files, metadata, hashes),
``docx`` (Word files as text lines), ``chunking`` (token-sized chunks and sentence units).
Knows nothing of stores or answers.
"""
from .document import Document, clean, parse, split_sentences
from .files import corpus_hash, load_corpus, load_document

__all__ = ["Document", "clean", "corpus_hash", "load_corpus", "load_document", "parse", "split_sentences"]
