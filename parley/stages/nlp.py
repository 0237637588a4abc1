"""Parse the text with spaCy. The one place a spaCy pipeline is loaded."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..errors import ModelError
from ..model import Document
from ..settings import Settings

# Components Parley uses: tagger/parser for clause structure, lemmatizer for verbs, ner for names.
_BREAK = "parley_block_breaks"


def load_nlp(name_or_path: str):
    """Load a spaCy pipeline by package name or path; swap models here and nowhere else."""
    return _load(str(name_or_path))


@lru_cache(maxsize=4)
def _load(name: str):
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise ModelError("spaCy is not installed: pip install parley-events") from exc

    if not Language.has_factory(_BREAK):
        Language.component(_BREAK)(_break_at_newlines)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {name!r}; install it (see README, 'Models') "
            f"or pass --model with another installed pipeline or path"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(_BREAK, before="parser")
    return nlp


def _break_at_newlines(doc):
    """Lines are blocks (headline, paragraph, caption): never let a sentence run across one."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
    return doc


class Parse:
    name = "parley.nlp.v1"
    requires = ("text",)
    assigns = ("nlp",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.nlp = load_nlp(settings.model)

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, nlp=self.nlp(doc.text))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        docs = list(docs)
        parsed = self.nlp.pipe((d.text for d in docs), batch_size=self.settings.batch_size)
        for doc, spacy_doc in zip(docs, parsed):
            yield dataclasses.replace(doc, nlp=spacy_doc)
