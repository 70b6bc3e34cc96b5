"""Build, update, check and load the index: Chroma (dense) + jieba/bm25s (lexical) + a manifest.

Layout of ``index_dir``::

    CURRENT             the id of the build in use (replaced atomically)
    .lock               held while a build is checked or made (one builder at a time)
    builds/<id>/        chroma/ (embedded store: collections "sentences" and "chunks"),
                        sentences.npy, chunks.npy (the vectors, rows in docs.json order),
                        docs.json (per document: text, metadata, source hash, terms, counts),
                        chunks.json (each chunk's place and token count), lexical.json (jieba tokens),
                        userdict.txt (the corpus's terms), words.* (jieba's dictionary, compiled:
                        bot/lang/dictionary.py), lexicon.json (the CC-CEDICT bridges: bot/lang/lexicon.py),
                        manifest.json

A build is written into a fresh ``builds/<id>`` and only then named in CURRENT,
so a crash mid-build leaves the previous index in use. The two newest builds
are kept, so a process still reading the older one is not cut off; a pruned
build's collections on a Chroma server are deleted with it (store.py).

``manifest`` (what a build must match, the builds on disk), ``build`` (make and update a build),
``read`` (a build loaded for queries), ``store`` (where the vectors live). Knows nothing of answering.
"""
from .build import build, ensure
from .manifest import INDEX_FORMAT, current_build, manifest_for, status
from .read import LoadedIndex

__all__ = ["INDEX_FORMAT", "LoadedIndex", "build", "current_build", "ensure", "manifest_for", "status"]
