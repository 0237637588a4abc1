"""Everything a ledger holds, in a form two ledgers can be compared by, whatever the backend.

Left out: row numbers (`n`), run ids and times, which depend on when and by which process an
article was stored, not on what the ledger says.
"""

from __future__ import annotations

from parley.ledger import Ledger

_MENTION_SKIP = {"n"}


def ledger_state(ledger: Ledger) -> dict[str, list[tuple]]:
    def rows(sql: str, skip: set[str] = frozenset()) -> list[tuple]:  # type: ignore[assignment]
        return sorted(
            tuple((k, v) for k, v in row.items() if k not in skip) for row in ledger.query(sql)
        )

    return {
        "articles": rows("SELECT key, hash, id, title, published, url, outlet, origin, text, notes, stages FROM articles"),
        "flags": rows('SELECT article, kind, start, "end", text, detail FROM flags'),
        "entities": rows(
            'SELECT a.key, e.text, e.name, e.code, e.sector, e.wikidata, e.kind, e.key AS actor, e.start, e."end" '
            "FROM entities e JOIN articles a ON a.n = e.article"
        ),
        "mentions": rows("SELECT * FROM mentions", _MENTION_SKIP),
        "block_keys": rows("SELECT b.key, m.id FROM block_keys b JOIN mentions m ON m.n = b.mention"),
        "events": rows("SELECT * FROM events"),
        "pairs": rows("SELECT * FROM pairs"),
        "dirty_keys": rows("SELECT key FROM dirty_keys"),
        "failures": rows("SELECT item, reason FROM failures"),
    }
