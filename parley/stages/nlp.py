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
# A text longer than LONG_TEXT is parsed in pieces of about PIECE characters cut at paragraph breaks
# and joined back into one Doc: spaCy's cost and memory on one giant Doc grow faster than its length
# (3.4 GB for a near-1M-character article). Sentences never cross a paragraph break (see
# _break_at_newlines), so the pieces change no sentence; articles under LONG_TEXT parse as before.
LONG_TEXT = 30_000
PIECE = 10_000


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
        text = doc.text
        return dataclasses.replace(doc, nlp=self._parse_long(text) if len(text) > LONG_TEXT else self.nlp(text))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        docs = list(docs)
        short = [d for d in docs if len(d.text) <= LONG_TEXT]
        parsed = iter(self.nlp.pipe((d.text for d in short), batch_size=self.settings.batch_size))
        for doc in docs:
            spacy_doc = next(parsed) if len(doc.text) <= LONG_TEXT else self._parse_long(doc.text)
            yield dataclasses.replace(doc, nlp=spacy_doc)

    def _parse_long(self, text: str):
        from spacy.tokens import Doc

        pieces = list(split_pieces(text, PIECE))
        joined = Doc.from_docs(list(self.nlp.pipe(pieces, batch_size=self.settings.batch_size)), ensure_whitespace=False)
        if joined.text != text:  # never expected: the pieces are cut between tokens; parse whole rather than drift
            return self.nlp(text)
        return joined


def split_pieces(text: str, size: int) -> Iterator[str]:
    """`text` in consecutive pieces of about `size` characters that join back to it exactly, each cut
    after a paragraph break where there is one, else after a line break, else after a space."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((window.rfind(mark) + len(mark) for mark in ("\n\n", "\n", " ") if window.rfind(mark) > 0), size)
        while start + cut < len(text) and text[start + cut].isspace():  # whitespace stays with the piece before
            cut += 1
        yield text[start:start + cut]
        start += cut
    if start < len(text):
        yield text[start:]
