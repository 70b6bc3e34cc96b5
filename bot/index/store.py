"""Where the vectors live: Chroma embedded in the build folder, or a Chroma server; chosen by Settings.

- ``embedded`` (default): ``builds/<id>/chroma/``, collections ``sentences`` and ``chunks``.
  An incremental build starts from a file copy of the previous build's database and
  deletes/adds only the changed documents' rows.
- ``server`` (``BOT_CHROMA_HOST``/``BOT_CHROMA_PORT``, a ``chroma run`` server): collections
  ``b<build id>-sentences`` and ``b<build id>-chunks``, so builds never share a collection; a
  build's collections are deleted with it when it is pruned. A server cannot copy a
  collection, so every build uploads all its vectors (stored in the build folder: nothing is
  embedded again).

Both are reached through ``open_store(settings)``; the names of a build's collections and
where they are is written in its manifest (``store``, ``collections``). ``write_build`` fills a new
build's collections (``BuildWriter``: made while the embedding runs, filled when the vectors are
ready). chromadb itself (0.45 s to import) is imported when a client is made: a build imports it
while its embedding runs, and ``python -m bot docs``, ``status`` and the like never do.
"""
from __future__ import annotations

import logging
import shutil
from dataclasses import asdict
from pathlib import Path

from .. import chromadb_import, messages

log = logging.getLogger(__name__)
KINDS = ("sentences", "chunks")
ADD_BATCH = 2000


def _chromadb():
    """chromadb and its ``Settings`` class, imported on first use (without re-checking its method
    signatures, and httpx without its command-line client: bot/chromadb_import.py)."""
    chromadb = chromadb_import.load()
    from chromadb.config import Settings

    return chromadb, Settings


class Collections(dict):
    """A build's collections by kind, with the client that opened them (closed with ``close``)."""

    def __init__(self, cols: dict, client=None):
        super().__init__(cols)
        self.client = client


class EmbeddedStore:
    kind = "embedded"
    can_copy = True

    def describe(self) -> str:
        return "embedded"

    def connect(self) -> None:
        pass

    def names(self, build_id: str) -> dict[str, str]:
        return {k: k for k in KINDS}

    def client(self, build_dir: Path):
        chromadb, settings = _chromadb()
        return chromadb.PersistentClient(path=str(Path(build_dir) / "chroma"),
                                         settings=settings(anonymized_telemetry=False))

    def create(self, build_dir: Path, build_id: str, copy_from: Path | None = None) -> dict:
        """New collections for a build (a copy of ``copy_from``'s when given)."""
        if copy_from is not None:
            shutil.copytree(Path(copy_from) / "chroma", Path(build_dir) / "chroma")
            client = self.client(build_dir)
            return Collections({k: client.get_collection(k) for k in KINDS}, client)
        client = self.client(build_dir)
        return Collections({k: client.create_collection(k, metadata={"hnsw:space": "cosine"}, embedding_function=None)
                            for k in KINDS}, client)

    def open(self, build_dir: Path, manifest: dict) -> dict:
        client = self.client(build_dir)
        return Collections({k: client.get_collection(name) for k, name in _names(manifest).items()}, client)

    @staticmethod
    def close(cols) -> None:
        """Release the client: Chroma keeps one system per folder until its last client closes."""
        client = getattr(cols, "client", None)
        if client is not None:
            try:
                client.close()
            except Exception as e:  # noqa: BLE001 - already closed or gone with its folder
                log.info("关闭 Chroma 客户端时出错：%s", e)

    def present(self, build_dir: Path, manifest: dict) -> bool:
        return (Path(build_dir) / "chroma").is_dir()

    def drop(self, build_dir: Path, manifest: dict) -> None:
        pass  # the collections go with the build folder


class ServerStore:
    kind = "server"
    can_copy = False

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self._client = None

    def describe(self) -> str:
        return f"http://{self.host}:{self.port}"

    def connect(self) -> None:
        self.client()

    def names(self, build_id: str) -> dict[str, str]:
        return {k: f"b{build_id}-{k}" for k in KINDS}

    def client(self, build_dir: Path | None = None):
        if self._client is None:
            chromadb, settings = _chromadb()
            try:
                self._client = chromadb.HttpClient(host=self.host, port=self.port,
                                                   settings=settings(anonymized_telemetry=False))
            except Exception as e:  # noqa: BLE001 - chromadb raises ValueError/ConnectionError/…
                raise RuntimeError(messages.CHROMA_UNREACHABLE.format(url=self.describe(), error=e)) from e
        return self._client

    def create(self, build_dir: Path, build_id: str, copy_from: Path | None = None) -> dict:
        client = self.client()
        return {k: client.create_collection(name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
                for k, name in self.names(build_id).items()}

    def open(self, build_dir: Path, manifest: dict) -> dict:
        client = self.client()
        return {k: client.get_collection(name) for k, name in _names(manifest).items()}

    def present(self, build_dir: Path, manifest: dict) -> bool:
        existing = {c.name if hasattr(c, "name") else c for c in self.client().list_collections()}
        return all(name in existing for name in _names(manifest).values())

    @staticmethod
    def close(cols) -> None:
        pass  # one HTTP client for the process, shared by every build

    def drop(self, build_dir: Path, manifest: dict) -> None:
        if manifest.get("store", "embedded") == "embedded":
            return
        for name in _names(manifest).values():
            try:
                self.client().delete_collection(name)
            except Exception as e:  # noqa: BLE001 - already gone, or the server is down: log and go on
                log.info("未能删除 Chroma 集合 %s：%s", name, e)


def _names(manifest: dict) -> dict[str, str]:
    return manifest.get("collections") or {k: k for k in KINDS}


def open_store(settings):
    """The store the settings ask for: a Chroma server when ``chroma_host`` is set, else embedded."""
    if settings is not None and getattr(settings, "chroma_host", ""):
        return ServerStore(settings.chroma_host, settings.chroma_port)
    return EmbeddedStore()


def store_for_manifest(manifest: dict, settings=None):
    """The store a build was written to (the settings' server address wins: it may be named differently here)."""
    where = manifest.get("store", "embedded")
    if where == "embedded":
        return EmbeddedStore()
    if settings is not None and getattr(settings, "chroma_host", ""):
        return ServerStore(settings.chroma_host, settings.chroma_port)
    host, _, port = where.removeprefix("http://").rpartition(":")
    return ServerStore(host, int(port))


def add(collection, ids, documents, metadatas, embeddings, batch: int = ADD_BATCH) -> None:
    for i in range(0, len(ids), batch):
        collection.add(ids=ids[i:i + batch], documents=documents[i:i + batch],
                       metadatas=metadatas[i:i + batch], embeddings=embeddings[i:i + batch])


def _rows(d, kind: str):
    """Chroma ids, documents and metadatas of one document's rows."""
    if kind == "sentences":
        return ([f"{d.doc.doc_id}/s{k}" for k in range(len(d.units))], [u.text for u in d.units],
                [asdict(u) for u in d.units])
    return ([f"{d.doc.doc_id}/c{k}" for k in range(len(d.chunks))], [c.page_content for c in d.chunks],
            [c.metadata() for c in d.chunks])


class BuildWriter:
    """A new build's collections, made in two steps so that only the rows wait for the vectors.

    ``open()`` (while the embedding runs): the collections created, or, for the embedded store with a
    previous build of the same rows, that database copied with the changed and removed documents'
    rows deleted. ``fill()`` (vectors ready): the new rows added and the counts checked; returns
    "copied" or "full". A copy that does not add up is dropped and everything written afresh.
    """

    def __init__(self, store, tmp: Path, build_id: str, plan, prev, same_rows: bool, removed: list[str]):
        self.store, self.tmp, self.build_id, self.plan = store, Path(tmp), build_id, plan
        self.prev, self.removed, self.cols = prev, removed, None
        self.mode = "copied" if (prev is not None and same_rows and store.can_copy
                                 and prev.manifest.get("store") == store.describe()) else "full"

    def open(self) -> None:
        if self.mode == "copied":
            try:
                self.cols = self.store.create(self.tmp, self.build_id, copy_from=self.prev.dir)
                gone = [d.doc.doc_id for d in self.plan if d.status == "changed"] + self.removed
                for k, col in self.cols.items():
                    if col.count() != sum(r[k] for r in self.prev.records.values()):
                        raise ValueError(f"copied {k} collection holds {col.count()} rows")
                    if gone:
                        col.delete(where={"doc": {"$in": gone}})
                return
            except Exception as e:  # noqa: BLE001 - a copy that does not add up: start the database afresh
                self._afresh(e)
        self.cols = self.store.create(self.tmp, self.build_id)

    def fill(self) -> str:
        if self.cols is None:
            self.open()
        if self.mode == "copied":
            try:
                for k, col in self.cols.items():
                    for d in self.plan:
                        if d.status != "unchanged" and d.vectors[k] is not None:
                            add(col, *_rows(d, k), d.vectors[k])
                _check_counts(self.cols, self.plan)
                self.close()  # the folder is renamed next: its client must not stay cached
                return "copied"
            except Exception as e:  # noqa: BLE001
                self._afresh(e)
                self.cols = self.store.create(self.tmp, self.build_id)
        try:
            for k, col in self.cols.items():
                for d in self.plan:
                    if d.vectors[k] is not None and len(d.vectors[k]):
                        add(col, *_rows(d, k), d.vectors[k])
            _check_counts(self.cols, self.plan)
        finally:
            self.close()
        return "full"

    def close(self) -> None:
        if self.cols is not None:
            self.store.close(self.cols)
            self.cols = None

    def _afresh(self, error: Exception) -> None:
        log.warning("复制上一版向量库失败（%s），改为完整写入", error)
        self.close()
        shutil.rmtree(self.tmp / "chroma", ignore_errors=True)
        self.mode = "full"


def write_build(store, tmp: Path, build_id: str, plan, prev, same_rows: bool, removed: list[str]) -> str:
    """Fill a new build's collections from its plan (bot/index/build.py) in one go; returns "copied"
    (the previous database + the changed rows, embedded store only) or "full"."""
    return BuildWriter(store, tmp, build_id, plan, prev, same_rows, removed).fill()


def _check_counts(cols: dict, plan) -> None:
    want = {"sentences": sum(len(d.units) for d in plan), "chunks": sum(len(d.chunks) for d in plan)}
    for k, col in cols.items():
        if col.count() != want[k]:
            raise RuntimeError(f"向量库 {k} 有 {col.count()} 行，应为 {want[k]} 行")
