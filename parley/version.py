"""Parley's version, in one place: packaging reads it, and the ledger's content hash includes it."""

__version__ = "0.3.0"
