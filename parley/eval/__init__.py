"""Evaluation helpers: score Parley's stages against annotated corpora."""
