"""The answerer: what a question asks (``asked``), named rules that say whether a sentence can answer it
(``rules``), the choice of sentences (``choose``), the answer object (``render``), figures that differ
between documents (``multidoc``), and LLM mode (``llm`` + ``grounding``). It reads Evidence
(bot/evidence.py) and never opens the index.
"""
