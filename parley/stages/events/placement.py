"""Which state an uncoded participant belongs to: the PLOVER conventions for local and domestic actors.

Event data codes a group that names no country by where it acts ("prisoners rioted at a jail in
Dili": Timor-Leste) and by whom it faces at home ("Turkish police detained students": Turkish
students). Both are guesses the dictionaries cannot make, so both are narrow: only people who
are, unless said otherwise, of the place (crowds, workers, students, prisoners, rebels), never
migrants or refugees, and only where the sentence gives no other country.
"""

from __future__ import annotations

import dataclasses

from ...model import Entity, Place

# Sectors of groups that are, unless said otherwise, people of the place where they act.
_LOCAL_SECTORS = frozenset({"CVL", "CRM", "REB", "OPP", "EDU", "LAB", "AGR", "REL", "UAF"})
_NEWCOMERS = frozenset({"migrant", "immigrant", "refugee", "seeker", "foreigner"})
# Organs of a state that act at home; not the army or spies, who often act abroad ("the Israeli army
# killed three militants" says nothing of where the militants are from).
_STATE_ORGANS = frozenset({"GOV", "COP", "JUD", "LEG"})


def placed(entity: Entity | None, location: Place | None) -> Entity | None:
    """A domestic actor takes the country of the scene it acts in, as PLOVER codes it.

    Crowds, workers, students, prisoners, rebels named with no country ("prisoners rioted at
    a jail in Dili", "gunmen attacked a bus near Quetta") belong to the country they act in;
    so does an ethnic group acting outside its kin state ("ethnic Albanians demonstrated in
    Serbia"). Not soldiers, officials or companies, who often act abroad ("the company set
    up a subsidiary in Hangzhou"), and not people or named organisations.
    """
    if entity is None or location is None or not location.country:
        return entity
    uncoded_group = (entity.code is None and entity.kind == "group" and entity.sector in _LOCAL_SECTORS
                     and not _newcomers(entity))
    ethnic = entity.kind == "country" and entity.sector is None and entity.text.lower().startswith("ethnic ")
    if uncoded_group or (ethnic and entity.code != location.country):
        return dataclasses.replace(entity, code=location.country)
    return entity


def domestic(recipient: Entity | None, actor: Entity | None, countries: set[str]) -> Entity | None:
    """An uncoded group that a state's own organs act on, where the sentence names no other
    country, is of that state ("the Mozambique government accepted demands from rebels",
    "Turkish police stopped students"): PLOVER codes such events as domestic."""
    if recipient is None or actor is None or recipient.code is not None or recipient.kind != "group":
        return recipient
    if actor.sector not in _STATE_ORGANS or not actor.code or countries - {actor.code} or recipient.sector in {"UNK", "BUS"}:
        return recipient  # nor companies: "a government that would compromise any company" may mean foreign ones
    if recipient.sector == "REF" or _newcomers(recipient):
        return recipient  # refugees and migrants come from elsewhere
    return dataclasses.replace(recipient, code=actor.code)


def _newcomers(entity: Entity) -> bool:
    """Migrants, refugees, asylum seekers: people who came from elsewhere."""
    return any(word.rstrip("s") in _NEWCOMERS for word in entity.text.lower().split())
