"""What the terminal shows: coded documents as a table with their evidence, ledger rows as a table, and one
ledger event with its highlighted sources. The only module that lays text out for a terminal."""


from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import click

from ..bench.ledger import QueryTime
from ..bench.report import BenchReport, SideStats
from ..model import Document, Entity, Event

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


# ---- coded documents ----------------------------------------------------------------------------

WIDTH = 110
_COLUMNS = (("TYPE/MODE", 20), ("ACTOR -> RECIPIENT", 44), ("STATUS", 13), ("SOURCE", 16), ("DATE", 10))


def render_table(docs: Iterable[Document]) -> str:
    """A plain-text view of several documents, one block each, fitting `WIDTH` columns."""
    return "\n".join(render_document(d) for d in docs)


def render_document(doc: Document) -> str:
    """One article: a header (title, date, flags and notes), then one row per event with its evidence."""
    article = doc.article
    lines = [_fit(f"== {article.title or article.origin or article.id}", WIDTH)]
    date = f"date {_iso(doc.date) or 'unknown'}"
    facts = [article.origin or article.id, date, _count(len(doc.events), "event")]
    if article.source:
        facts.insert(1, article.source)
    lines.append(_fit("   " + " | ".join(facts), WIDTH))
    for flag in doc.flags:
        detail = f" ({flag.detail})" if flag.detail else ""
        lines.append(_fit(f"   ! {flag.kind}{detail}: \"{_one_line(flag.span.text)}\"", WIDTH))
    for note in doc.notes:
        lines.append(_fit(f"   note: {note}", WIDTH))
    if doc.events:
        lines.append("   " + _row(name for name, _ in _COLUMNS))
        for event in doc.events:
            lines.extend("   " + line for line in _event_rows(event))
    return "\n".join(lines) + "\n"


def _event_rows(event: Event) -> list[str]:
    kind = event.event + (f"/{event.mode}" if event.mode else "")
    parties = f"{_party(event.actor)} -> {_party(event.recipient)}"
    status = event.status + (" (bg)" if event.background else "")
    date = event.date.value if event.date and event.date.value else "-"
    rows = [_row((kind, parties, status, event.source.name, date))]
    denial = f" [denied by {event.denied_by.name}]" if event.denied_by is not None else ""
    room = WIDTH - 3 - 4 - len(denial)  # table indent, evidence indent, and the denial kept whole
    rows.append(_fit("    " + _evidence(event, max(room, 20)) + denial, WIDTH - 3))
    return rows


def _evidence(event: Event, width: int) -> str:
    """The sentence in quotes; when too long, a window that keeps the trigger word in view."""
    sentence = _one_line(event.sentence.text)
    if len(sentence) + 2 <= width:
        return f'"{sentence}"'
    room = width - 4  # two quotes, two ellipses
    at = max(0, min(len(sentence), event.trigger.start - event.sentence.start))
    start = max(0, min(at - room // 3, len(sentence) - room))
    end = start + room
    if start > 0 and " " in sentence[start:at]:  # begin and end on word boundaries
        start = sentence.index(" ", start, at) + 1
    if end < len(sentence) and " " in sentence[at:end]:
        end = sentence.rindex(" ", at, end)
    head = "…" if start > 0 else ""
    tail = "…" if end < len(sentence) else ""
    return f'"{head}{sentence[start:end].strip()}{tail}"'



def _row(cells: Iterable[str]) -> str:
    return " ".join(_fit(cell, width).ljust(width) for cell, (_, width) in zip(cells, _COLUMNS)).rstrip()


def _party(entity: Entity | None) -> str:
    if entity is None:
        return "-"
    return f"{entity.name} ({entity.code})" if entity.code else entity.name


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# ---- benchmark reports ---------------------------------------------------------------------------

def bench_table(report: BenchReport) -> str:
    """A `parley bench pipeline` report for a terminal."""
    memory = "per side (own process)" if report.isolated else "whole process (sides not separated)"
    lines = [
        f"parley bench: {report.articles} articles, {report.words} words, model {report.model}, "
        f"batch {report.batch_size}, {report.repeats} round(s), sides alternating",
        f"load average before/after: {report.load[0]:.1f}/{report.load[1]:.1f} (busy if above the core count)",
        "",
        _side_header(),
    ]
    lines += [_side_line(s) for s in report.one_process.values()]
    lines.append(f"ratio Parley/spaCy (words/s, median of rounds): {report.ratio:.2f}   peak memory: {memory}")
    if report.many_processes:
        lines += ["", _side_header()]
        lines += [_side_line(s) for s in report.many_processes.values()]
        lines.append(f"ratio Parley/spaCy on {report.workers} processes: {report.many_ratio:.2f}")
        speedup = report.speedup or {}
        lines.append("speed-up over one process: " + ", ".join(f"{k} {v:.2f}x" for k, v in speedup.items()))
    lines += ["", f"{'stage (one process)':32} {'share':>7} {'ms/article':>11}"]
    for name, share in report.stage_shares.items():
        lines.append(f"{name:32} {share:>7.1%} {report.stage_ms_per_article[name]:>11.1f}")
    return "\n".join(lines)


def _side_header() -> str:
    return (
        f"{'side':8} {'procs':>5} {'words/s':>9} {'articles/s':>10} {'median s':>9} {'range s':>13} "
        f"{'peak MB':>8} {'worker MB':>9}"
    )


def _side_line(s: SideStats) -> str:
    worker = f"{s.worker_peak_rss_mb:9.0f}" if s.workers > 1 else f"{'-':>9}"
    notes = f"  ({s.failures} failed)" if s.failures else ""
    notes += f"  ({s.restarts} pool restart(s))" if s.restarts else ""
    spread = f"{min(s.seconds):.2f}-{max(s.seconds):.2f}"
    return (
        f"{s.side:8} {s.workers:>5} {s.words_per_second:>9.0f} {s.articles_per_second:>10.2f} "
        f"{s.median_seconds:>9.2f} {spread:>13} {s.peak_rss_mb:>8.0f} {worker}{notes}"
    )


def query_times(times: Sequence[QueryTime]) -> str:
    """`parley bench ledger`: each query with its p50 and p95 and the rows it returned."""
    return "\n".join(
        f"{t.name:52s} p50 {t.p50_ms:8.1f} ms  p95 {t.p95_ms:8.1f} ms  ({t.rows} rows, {t.runs} runs)" for t in times
    )


def length_table(rows: Sequence[dict]) -> str:
    """`parley bench length`: time per word and peak memory by article length, with ratios to the smallest."""
    lines = [f"{'chars':>9} {'words':>7} {'events':>6} {'runs':>5} {'wall s':>8} {'wall ms/kword':>13} {'ratio':>6} "
             f"{'cpu ms/kword':>12} {'ratio':>6} {'peak MB':>8}"]
    for r in rows:
        lines.append(
            f"{r['chars']:>9} {r['words']:>7} {r['events']:>6} {r['runs']:>5} {r['seconds']:>8} "
            f"{r['ms_per_1000_words']:>13} {r['ratio']:>6} {r['cpu_ms_per_1000_words']:>12} {r['cpu_ratio']:>6} "
            f"{r['peak_mb']:>8}"
        )
    return "\n".join(lines)


# ---- score tables (`parley eval`) ----------------------------------------------------------------------


def score_table(rows: list[list[Any]], header: list[str]) -> str:
    """A plain aligned text table: the first column left-aligned, the others right-aligned."""
    cells = [[_score_cell(v) for v in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:]))]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _score_cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
