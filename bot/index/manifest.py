"""What a build must match to be fresh (its manifest), which build is current, and the builds on disk:
written atomically, the two newest kept, half-written ones of dead builders removed.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

from ..corpus.chunking import CHUNKER_VERSION
from ..corpus.document import PARSER_VERSION
from ..corpus.files import corpus_hash as hash_files
from ..lang.dictionary import FILES as WORD_FILES
from ..lang.dictionary import source_id as dictionary_id
from .store import open_store, store_for_manifest

log = logging.getLogger(__name__)
INDEX_FORMAT = "5"  # 4: jieba's dictionary and the CC-CEDICT bridges stored in the build; 5: no bridges by a classifier
KEEP_BUILDS = 2


def manifest_for(settings, model_id: str, corpus_hash: str | None = None) -> dict:
    """What a build must match to be fresh (``corpus_hash`` computed from the files when not given)."""
    if corpus_hash is None:
        corpus_hash = hash_files(settings.corpus_dir)
    return {
        "format": INDEX_FORMAT,
        "corpus_hash": corpus_hash,
        "embedding_model": model_id,
        "chunker_version": CHUNKER_VERSION,
        "parser_version": PARSER_VERSION,
        "chunk_tokens": settings.chunk_tokens,
        "dictionary": dictionary_id(),
        "store": open_store(settings).describe(),
    }


def current_build(index_dir: Path) -> Path | None:
    try:
        build_id = (Path(index_dir) / "CURRENT").read_text().strip()
    except OSError:
        return None
    path = Path(index_dir) / "builds" / build_id
    return path if (path / "manifest.json").exists() else None


def status(settings, model_id: str) -> tuple[str, str]:
    """('fresh'|'missing'|'stale'|'broken', reason in Chinese)."""
    build = current_build(settings.index_dir)
    if build is None:
        return "missing", "索引不存在"
    try:
        have = json.loads((build / "manifest.json").read_text())
    except (OSError, ValueError):
        return "broken", "索引清单已损坏"
    want = manifest_for(settings, model_id)
    changed = [k for k in want if have.get(k) != want[k]]
    if changed:
        return "stale", "索引已过期（" + "、".join(changed) + " 有变化）"
    if not all((build / f).exists() for f in ("lexical.json", "docs.json", "sentences.npy", "chunks.npy",
                                              "chunks.json", "lexicon.json", *WORD_FILES)):
        return "broken", "索引文件不完整"
    if not store_for_manifest(have, settings).present(build, have):
        return "broken", "向量库中缺少本索引的集合"
    return "fresh", "索引是最新的"


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def drop_abandoned(builds: Path, settings=None) -> None:
    """Remove half-written builds whose builder is gone (killed mid-build): ``.tmp-<id>-<pid>``
    with no such process here, or older than an hour (a builder on another host)."""
    for tmp in builds.glob(".tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        try:
            age = time.time() - tmp.stat().st_mtime
        except OSError:
            continue
        if age > 3600 or (pid.isdigit() and not _alive(int(pid))):
            log.info("删除中断的索引构建 %s", tmp.name)
            _drop_build(tmp, settings)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prune(builds: Path, keep: str, settings=None) -> None:
    done = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.name)
    for old in [p for p in done if p.name != keep][:-(KEEP_BUILDS - 1) or None]:
        _drop_build(old, settings)


def _drop_build(build_dir: Path, settings) -> None:
    try:
        manifest = json.loads((build_dir / "manifest.json").read_text())
    except (OSError, ValueError):
        manifest = None
    if manifest is not None and manifest.get("store", "embedded") != "embedded":
        store_for_manifest(manifest, settings).drop(build_dir, manifest)
    shutil.rmtree(build_dir, ignore_errors=True)
