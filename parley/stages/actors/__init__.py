"""The actors stage: names in the text to PLOVER entities, and pronouns back to the names they stand for."""

from .stage import Actors

__all__ = ["Actors"]
