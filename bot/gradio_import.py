"""Gradio, imported without import-time work that a server never uses.

- Each of Gradio's ~80 component classes rewrites its own type stub when the class is created
  (``gradio.component_meta.create_or_modify_pyi``: the component's source file parsed with ``ast``,
  a Jinja template rendered, the ``.pyi`` next to it read, compared and, if different, written).
  The stubs are for type checkers in Gradio's own development; nothing at run time reads them. On
  the 2-core machine that is 1.3 s of the 2.8 s ``import gradio`` takes.
- Each component class also renders the docstring of each of its event listeners (``.change``,
  ``.click``, …: 216 in all) as a Jinja template, whose one placeholder is ``{{ component }}``
  (``gradio.events.EventListener.set_doc``): every one compiled by Jinja to Python code and run,
  0.27 s of a server start, to write the component's name into a docstring. ``gradio.events`` gets
  ``_ComponentDoc`` in place of ``jinja2.Template``: it writes the name in as Jinja would (the same
  text, one trailing newline dropped) and hands any docstring with other Jinja syntax to Jinja.
- ``gradio.ipython_ext`` imports IPython, when it is installed, for the notebook magic ``%%blocks``
  (0.2 s). IPython is hidden only while Gradio is imported; Gradio already runs without it.
- ``gradio.caching`` imports pandas (0.25 s) for hashing and sizing DataFrames given to ``gr.Cache``
  and ``@gr.cache``, which the page does not use; no other Gradio module imports it at import time.
  While Gradio is imported, ``import pandas`` gets a stand-in that imports pandas the first time one
  of its names is used (``pd.DataFrame``); afterwards ``import pandas`` imports pandas as usual.
- Gradio asks whether it runs in a notebook (``utils.colab_check``, ``utils.ipython_check``) by
  importing IPython and asking it for its running shell: ``colab_check`` on every page config it
  makes, the first time when the page is mounted (0.2 s of a server start). A process that never
  imported IPython runs in no IPython shell, so there both say False without importing it;
  otherwise Gradio's own check answers.

``load()`` returns the ``gradio`` module, imported so (or as it is, when something imported it
before). Nothing else of Gradio changes: the components, events and pages are the same classes.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import types


class _PatchAfterImport(importlib.abc.MetaPathFinder):
    """Finds the modules named in ``_PATCHES`` as usual and, once each has run, patches it."""

    def find_spec(self, name, path, target=None):
        if name not in _PATCHES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def run_then_patch(module):
            exec_module(module)
            _PATCHES[name](module)

        spec.loader.exec_module = run_then_patch
        return spec


def _no_stub(*args, **kwargs) -> None:
    return None


def _skip_stub_rewrite(component_meta) -> None:
    if callable(getattr(component_meta, "create_or_modify_pyi", None)):
        component_meta.create_or_modify_pyi = _no_stub


class _ComponentDoc:
    r"""``jinja2.Template`` as ``gradio.events`` uses it: ``Template(doc).render(component=name)``.

    A docstring whose only Jinja syntax is ``{{ component }}`` (all of Gradio's) gets the name written in,
    with Jinja's one change to plain text: a single trailing newline dropped (``keep_trailing_newline``
    is off by default). ``"Triggered when the {{ component }} is clicked.\n"`` with ``component="Button"``
    gives ``"Triggered when the Button is clicked."``. Anything else — other placeholders, ``{% … %}``,
    ``{# … #}``, ``\r`` line breaks, other variables — is rendered by Jinja itself.
    """

    PLACEHOLDER = "{{ component }}"

    def __init__(self, source: str):
        self.source = source

    def render(self, *args, **context) -> str:
        rest = self.source.replace(self.PLACEHOLDER, "")
        if args or set(context) != {"component"} or any(m in rest for m in ("{{", "{%", "{#", "\r")):
            import jinja2

            return jinja2.Template(self.source).render(*args, **context)
        text = self.source.replace(self.PLACEHOLDER, str(context["component"]))
        return text[:-1] if text.endswith("\n") else text


def _plain_docstrings(events) -> None:
    if getattr(events, "Template", None) is not None:
        events.Template = _ComponentDoc


_PATCHES = {"gradio.component_meta": _skip_stub_rewrite, "gradio.events": _plain_docstrings}


class _LazyPandas(types.ModuleType):
    """``pandas`` for the modules that import it while Gradio is imported: the real module, imported
    (and put in ``sys.modules``) when one of its names is first used."""

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):  # the import system probing: no import for that
            raise AttributeError(name)
        if sys.modules.get("pandas") is self:
            del sys.modules["pandas"]
        import importlib

        real = importlib.import_module("pandas")
        self.__dict__.update(real.__dict__)  # later lookups find the names here
        return getattr(real, name)


def _without_importing_ipython(check):
    """``check`` (a Gradio notebook check), answered False in a process that has not imported IPython."""

    def notebook_check() -> bool:
        return "IPython" in sys.modules and check()

    notebook_check.__wrapped__ = check
    return notebook_check


def _patch_notebook_checks(gradio) -> None:
    for module in (gradio.utils, sys.modules.get("gradio.workflow")):
        for name in ("colab_check", "ipython_check"):
            check = getattr(module, name, None)
            if callable(check) and not hasattr(check, "__wrapped__"):
                setattr(module, name, _without_importing_ipython(check))


def load():
    """``import gradio`` without the stub rewriting, the docstring templates, the IPython imports and
    pandas until it is used (see the module's docstring)."""
    if "gradio" in sys.modules:
        _patch_notebook_checks(sys.modules["gradio"])
        return sys.modules["gradio"]
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    finder = _PatchAfterImport()
    hide_ipython = "IPython" not in sys.modules
    lazy_pandas = _LazyPandas("pandas") if "pandas" not in sys.modules else None
    sys.meta_path.insert(0, finder)
    if hide_ipython:
        sys.modules["IPython"] = None  # `import IPython` raises ImportError, which gradio.ipython_ext expects
    if lazy_pandas is not None:
        sys.modules["pandas"] = lazy_pandas
    try:
        import gradio
    finally:
        sys.meta_path.remove(finder)
        if hide_ipython and sys.modules.get("IPython", 0) is None:
            del sys.modules["IPython"]
        if lazy_pandas is not None and sys.modules.get("pandas") is lazy_pandas:
            del sys.modules["pandas"]
    _patch_notebook_checks(gradio)
    return gradio
