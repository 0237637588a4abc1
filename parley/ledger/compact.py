"""Migrations 3 and 4: a smaller ledger, and the countries of each actor pair.

On the 4,000 AllSides articles most of the file was repeated strings, not data: every entity row
and its index held the article's URL (~100 bytes), every block key row and its index held the
mention id (URL + event id, ~120 bytes), each mention's merge record repeated its id, article,
outlet and date, and the full-text index kept its own copy of every sentence. Migration 3 gives
articles and mentions a stable integer number (`n`, an INTEGER PRIMARY KEY, which VACUUM does
not renumber) and refers to them by it:

* `entities.article` and `block_keys.mention` hold the number, not the string;
* `mentions.merge` leaves out the fields the row already holds (`id`, `article`) or its article
  does (`outlet`, `published`); the store fills them back before re-clustering;
* `evidence` is an external-content FTS5 index over `mentions.sentence` (phrase queries still work);
* `events_network` goes: the actor network reads `pairs`.

Migration 4 keeps each pair's actor and recipient codes (ISO-3 country, or an organisation code)
so `parley actors --international` can leave out pairs whose two sides share a country.
"""

COMPACT = """
CREATE TABLE articles_v3 (
    n INTEGER PRIMARY KEY,           -- stable number, referred to by entities
    key TEXT NOT NULL UNIQUE,        -- url, else a given id, else where it was read from
    hash TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT,
    published TEXT,
    url TEXT,
    outlet TEXT,
    origin TEXT NOT NULL,
    text TEXT NOT NULL,
    notes TEXT NOT NULL,
    stages TEXT NOT NULL,
    document BLOB,
    run INTEGER REFERENCES runs(id),
    ingested_at TEXT NOT NULL
);
INSERT INTO articles_v3
SELECT rowid, key, hash, id, title, published, url, outlet, origin, text, notes, stages, document, run, ingested_at
FROM articles ORDER BY rowid;
DROP TABLE articles;
ALTER TABLE articles_v3 RENAME TO articles;
CREATE INDEX articles_origin ON articles(origin);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE entities_v3 (
    article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT,
    sector TEXT,
    wikidata TEXT,
    kind TEXT NOT NULL,
    key TEXT,
    start INTEGER,
    "end" INTEGER
);
INSERT INTO entities_v3
SELECT a.n, e.text, e.name, e.code, e.sector, e.wikidata, e.kind, e.key, e.start, e."end"
FROM entities e JOIN articles a ON a.key = e.article ORDER BY e.rowid;
DROP TABLE entities;
ALTER TABLE entities_v3 RENAME TO entities;
CREATE INDEX entities_article ON entities(article);

DROP TRIGGER mentions_evidence_insert;
DROP TRIGGER mentions_evidence_delete;
DROP TABLE evidence;

CREATE TABLE mentions_v3 (
    n INTEGER PRIMARY KEY,           -- stable number: the FTS rowid and the block keys' reference
    id TEXT NOT NULL UNIQUE,         -- "<article key>#<event id in the article>"
    article TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    event_id TEXT,
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    context TEXT NOT NULL,
    actor_text TEXT, actor_name TEXT, actor_code TEXT, actor_sector TEXT, actor_wikidata TEXT, actor_key TEXT,
    recipient_text TEXT, recipient_name TEXT, recipient_code TEXT, recipient_sector TEXT,
    recipient_wikidata TEXT, recipient_key TEXT,
    status TEXT NOT NULL,
    background INTEGER NOT NULL,
    negated INTEGER NOT NULL,
    source_kind TEXT NOT NULL,
    source_name TEXT NOT NULL,
    denied_by TEXT,
    date_value TEXT, date_granularity TEXT, date_relative INTEGER,
    date_start TEXT, date_end TEXT,
    place_name TEXT, place_geonames INTEGER, place_lat REAL, place_lon REAL, place_country TEXT, place_feature TEXT,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence TEXT NOT NULL,
    trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger TEXT NOT NULL,
    produced_by TEXT NOT NULL,
    merge TEXT NOT NULL              -- `merge.Mention` fields (JSON) less those the row and its article hold
);
INSERT INTO mentions_v3
SELECT rowid, id, article, local_id, event_id, type, mode, cameo, context,
    actor_text, actor_name, actor_code, actor_sector, actor_wikidata, actor_key,
    recipient_text, recipient_name, recipient_code, recipient_sector, recipient_wikidata, recipient_key,
    status, background, negated, source_kind, source_name, denied_by,
    date_value, date_granularity, date_relative, date_start, date_end,
    place_name, place_geonames, place_lat, place_lon, place_country, place_feature,
    sentence_start, sentence_end, sentence, trigger_start, trigger_end, trigger, produced_by, merge
FROM mentions ORDER BY rowid;

CREATE TABLE block_keys_v3 (
    key TEXT NOT NULL,
    mention INTEGER NOT NULL REFERENCES mentions(n) ON DELETE CASCADE,
    PRIMARY KEY (key, mention)
) WITHOUT ROWID;
INSERT INTO block_keys_v3 SELECT b.key, m.n FROM block_keys b JOIN mentions_v3 m ON m.id = b.mention;
DROP TABLE block_keys;
ALTER TABLE block_keys_v3 RENAME TO block_keys;
CREATE INDEX block_keys_mention ON block_keys(mention);

DROP TABLE mentions;
ALTER TABLE mentions_v3 RENAME TO mentions;
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_event ON mentions(event_id);

UPDATE mentions SET merge = json_remove(merge, '$.id') WHERE json_extract(merge, '$.id') IS id;
UPDATE mentions SET merge = json_remove(merge, '$.article') WHERE json_extract(merge, '$.article') IS article;
UPDATE mentions SET merge = json_remove(merge, '$.outlet')
WHERE json_type(merge, '$.outlet') IS NOT NULL
  AND json_extract(merge, '$.outlet') IS (SELECT a.outlet FROM articles a WHERE a.key = mentions.article);
UPDATE mentions SET merge = json_remove(merge, '$.published')
WHERE json_type(merge, '$.published') IS NOT NULL
  AND json_extract(merge, '$.published') IS (SELECT a.published FROM articles a WHERE a.key = mentions.article);

CREATE VIRTUAL TABLE evidence USING fts5(
    sentence, content = 'mentions', content_rowid = 'n', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO evidence(evidence) VALUES ('rebuild');
CREATE TRIGGER mentions_evidence_insert AFTER INSERT ON mentions BEGIN
    INSERT INTO evidence(rowid, sentence) VALUES (new.n, new.sentence);
END;
CREATE TRIGGER mentions_evidence_delete AFTER DELETE ON mentions BEGIN
    INSERT INTO evidence(evidence, rowid, sentence) VALUES ('delete', old.n, old.sentence);
END;
CREATE TRIGGER mentions_evidence_update AFTER UPDATE OF sentence ON mentions BEGIN
    INSERT INTO evidence(evidence, rowid, sentence) VALUES ('delete', old.n, old.sentence);
    INSERT INTO evidence(rowid, sentence) VALUES (new.n, new.sentence);
END;

DROP INDEX events_network;
"""

PAIR_COUNTRIES = """
ALTER TABLE pairs ADD COLUMN actor_code TEXT;
ALTER TABLE pairs ADD COLUMN recipient_code TEXT;
DROP TRIGGER events_pairs_insert;
CREATE TRIGGER events_pairs_insert AFTER INSERT ON events
WHEN new.actor IS NOT NULL AND new.recipient IS NOT NULL BEGIN
    INSERT INTO pairs (actor, recipient, events, q1, q2, q3, q4, goldstein_sum, goldstein_n, actor_code, recipient_code)
    VALUES (new.actor, new.recipient, 1, new.quad_class IS 1, new.quad_class IS 2,
        new.quad_class IS 3, new.quad_class IS 4, coalesce(new.goldstein, 0), new.goldstein IS NOT NULL,
        new.actor_code, new.recipient_code)
    ON CONFLICT (actor, recipient) DO UPDATE SET events = events + 1,
        q1 = q1 + (new.quad_class IS 1), q2 = q2 + (new.quad_class IS 2),
        q3 = q3 + (new.quad_class IS 3), q4 = q4 + (new.quad_class IS 4),
        goldstein_sum = goldstein_sum + coalesce(new.goldstein, 0),
        goldstein_n = goldstein_n + (new.goldstein IS NOT NULL),
        -- the smaller code when events disagree, so the result does not depend on insertion order
        actor_code = coalesce(min(actor_code, new.actor_code), actor_code, new.actor_code),
        recipient_code = coalesce(min(recipient_code, new.recipient_code), recipient_code, new.recipient_code);
END;
UPDATE pairs SET actor_code = c.actor_code, recipient_code = c.recipient_code
FROM (
    SELECT actor, recipient, min(actor_code) AS actor_code, min(recipient_code) AS recipient_code
    FROM events WHERE actor IS NOT NULL AND recipient IS NOT NULL GROUP BY actor, recipient
) AS c
WHERE c.actor = pairs.actor AND c.recipient = pairs.recipient;
"""

# Migration 7: every actor identity with each name and code the events give it (both sides), kept up
# by triggers as `pairs` is. Naming an actor ("Trump", "RUS", "DONALD_TRUMP") then reads this small
# table instead of every event of the actor: the busiest actor of a million-event ledger took
# 100 ms (SQLite) to 800 ms (PostgreSQL) to resolve. '' stands for a missing name or code.
ACTOR_NAMES = """
CREATE TABLE actor_names (
    identity TEXT COLLATE NOCASE NOT NULL,
    name TEXT COLLATE NOCASE NOT NULL,
    code TEXT NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (identity, name, code)
) WITHOUT ROWID;
CREATE INDEX actor_names_name ON actor_names(name);
CREATE INDEX actor_names_code ON actor_names(code);
CREATE TRIGGER events_actor_names_insert AFTER INSERT ON events BEGIN
    INSERT INTO actor_names (identity, name, code, events)
    SELECT new.actor, coalesce(new.actor_name, ''), coalesce(new.actor_code, ''), 1 WHERE new.actor IS NOT NULL
    ON CONFLICT (identity, name, code) DO UPDATE SET events = events + 1;
    INSERT INTO actor_names (identity, name, code, events)
    SELECT new.recipient, coalesce(new.recipient_name, ''), coalesce(new.recipient_code, ''), 1
    WHERE new.recipient IS NOT NULL
    ON CONFLICT (identity, name, code) DO UPDATE SET events = events + 1;
END;
CREATE TRIGGER events_actor_names_delete AFTER DELETE ON events BEGIN
    UPDATE actor_names SET events = events - 1
    WHERE identity = old.actor AND name = coalesce(old.actor_name, '') AND code = coalesce(old.actor_code, '');
    UPDATE actor_names SET events = events - 1
    WHERE identity = old.recipient AND name = coalesce(old.recipient_name, '') AND code = coalesce(old.recipient_code, '');
    DELETE FROM actor_names WHERE identity IN (old.actor, old.recipient) AND events <= 0;
END;
INSERT INTO actor_names (identity, name, code, events)
SELECT identity, name, code, count(*) FROM (
    SELECT actor AS identity, coalesce(actor_name, '') AS name, coalesce(actor_code, '') AS code
    FROM events WHERE actor IS NOT NULL
    UNION ALL
    SELECT recipient, coalesce(recipient_name, ''), coalesce(recipient_code, '') FROM events WHERE recipient IS NOT NULL
)
GROUP BY identity COLLATE NOCASE, name COLLATE NOCASE, code;
"""
