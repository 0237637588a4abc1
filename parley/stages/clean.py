"""Normalise the article text so that every later offset points into one stable string."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from ..model import Document
from ..settings import Settings

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def clean_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, single spaces, paragraphs split by one blank line.

    Idempotent: `clean_text(clean_text(t)) == clean_text(t)`.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


class Clean:
    name = "parley.clean.v1"
    requires = ("article",)
    assigns = ("text",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, text=clean_text(doc.article.text))
