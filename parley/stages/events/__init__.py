"""The events stage and its helpers.

- `stage`: finds triggers sentence by sentence and assembles each event record (`Events`).
- `participants`: who acts and on whom, from the trigger's clause.
- `placement`: where an actor belongs when the text names no country for it (scene, home, domestic acts).
- `status`: occurred, planned, possible, did not occur, from modality, negation and the reporting verb.
- `event_dates`: the date the text gives each event, and whether it is background (the `dating` stage then
  dates the rest or says why not).
- `fold`: repeated mentions of one event in one article become one record (`parley.same_event` decides).
"""

from .stage import Events

__all__ = ["Events"]
