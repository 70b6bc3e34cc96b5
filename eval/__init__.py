"""Evaluation: the hand-written QA set, the runner and its metrics, baselines, benchmarks."""
