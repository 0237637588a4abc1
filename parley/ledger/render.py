"""Ledger rows as a plain-text table and one event with its highlighted sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

Row = dict[str, Any]


def table(rows: Sequence[Row], columns: Sequence[tuple[str, str, int]]) -> str:
    """Rows under a header; `columns` are (field, heading, width); cells longer than the width are cut with "…"."""
    lines = [_line((heading for _, heading, _ in columns), columns)]
    for row in rows:
        lines.append(_line((_cell(row.get(field)) for field, _, _ in columns), columns))
    return "\n".join(lines) + "\n"


def event_text(event: Row, highlight: bool = True) -> str:
    """`parley show`: the event, then every mention's sentence with its trigger marked."""
    parties = f"{event['actor_name'] or '-'} -> {event['recipient_name'] or '-'}"
    kind = event["type"] + (f"/{event['mode']}" if event["mode"] else "")
    lines = [
        f"{event['id']}  {kind}  {parties}",
        f"status {event['status']} | date {event['date_value'] or 'unknown'} | place {event['place_name'] or '-'}"
        f" | {event['mentions']} mentions, {event['articles']} articles, {event['outlets']} outlets",
        f"asserted by: {', '.join(event['asserted_by']) or '-'}",
        f"denied by:   {', '.join(event['denied_by']) or '-'}",
    ]
    for m in event["sources"]:
        source = m["source_name"] if m["source_kind"] != "article" else "the article"
        denial = f", denied by {m['denied_by']}" if m["denied_by"] else ""
        lines.append("")
        lines.append(f"  {m['outlet'] or m['article']} ({m['published'] or 'undated'}) — {m['status']}, per {source}{denial}")
        if m["url"]:
            lines.append(f"  {m['url']}")
        lines.append("    " + marked(m["sentence"], m["trigger_at"], m["trigger_end"], highlight))
    return "\n".join(lines) + "\n"


def marked(sentence: str, start: int, end: int, highlight: bool) -> str:
    """The sentence on one line with its trigger in [brackets] (and bold where the terminal shows it)."""
    start, end = max(0, start), min(len(sentence), end)
    trigger = f"[{sentence[start:end]}]"
    if highlight:
        trigger = click.style(trigger, bold=True, fg="yellow")
    return " ".join((sentence[:start] + trigger + sentence[end:]).split())


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "-"
    return " ".join(str(value).split())


def _line(cells, columns: Sequence[tuple[str, str, int]]) -> str:
    out = []
    for cell, (_, _, width) in zip(cells, columns):
        out.append((cell if len(cell) <= width else cell[: width - 1] + "…").ljust(width))
    return " ".join(out).rstrip()
