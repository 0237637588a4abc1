"""What the stages know before they read an article: tables and grammars, loaded from `RESOURCES`.

- `actor_records`: the actor table's file format (name variants, date-bounded roles) and its normaliser;
  `actor_table`: looking names up in it (exact, by surname, near spellings) for a given date.
- `gazetteer`: place names to GeoNames records, offline.
- `lexicon`: trigger words and CAMEO verb patterns to PLOVER types and modes.
- `cues`: word lists for reporting, belief, intention, quotes and headlines.
- `timex`: the time-expression grammar; `dates`: calendar arithmetic and the one reading of date values.

Nothing here depends on a parse or a pipeline; `parley.build` writes the tables, the stages read them.
"""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"  # the one place the bundled tables live
