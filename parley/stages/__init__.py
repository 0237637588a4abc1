"""Pipeline stages: each is `Document -> Document` with a versioned name, made by name (`parley.pipeline.STAGES`).

In order: `clean`, `structure` (headlines, captions, embedded posts), `nlp` (the spaCy parse, in batches),
`time`, `places`, `actors` (a package: the stage and its pronoun resolution), `attribution`, `events` (a
package: the stage and its helpers for participants, placement, status, dating and the in-article fold),
`integrity` (flags). `spans` is not a stage: the small readings of the parse (clauses, subjects, offsets)
that several stages share.
"""
