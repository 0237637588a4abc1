"""Word lists for attribution cues beyond the core reporting verbs of `attribution.STANCES`.

Kept apart from STANCES on purpose: the events stage treats every STANCES verb as a
non-trigger, while many of these ("warn", "accuse", "praise") also name events.
"""

from __future__ import annotations

import re

# Verbs of saying, asking, writing and concluding that introduce what their subject asserts.
EXTRA_CUES: dict[str, str] = {
    **dict.fromkeys(
        "ask continue tweet post reply answer respond warn urge joke conclude find show vow pledge promise "
        "observe explain repeat shout yell chant wonder complain lament bemoan boast brag caution counter "
        "accuse charge estimate tout highlight point mention proclaim announce declare concur agree "
        "speculate muse quip retort exclaim question recount acknowledge caution opine theorize "
        "hope fear worry expect call describe label brand dub refuse refer talk".split(), "assert"),
}

# Attitudes towards a thing, reported with it as object: "praised the plan", "backed Smith".
OBJECT_CUES = frozenset(
    "support back endorse praise thank congratulate criticize criticise blast denounce decry defend mention "
    "discuss cite list echo tout highlight mock slam applaud announce offer blame condemn welcome".split())

# Cues whose content may be an infinitive: "pledged to cut taxes", "wants to win".
INTENTION_VERBS = frozenset("pledge vow promise want refuse hope expect".split())
# Cues whose content follows a particle preposition: "called for a ban", "pointed to the figures".
PHRASAL_CUES = {"call": {"for", "on"}, "point": {"to", "out"}, "refer": {"to"}, "talk": {"about"}, "warn": {"of", "about"}}

# Verbs of belief: with "I", "we" or "you" they are mostly hedges inside quotes ("I think", "you know").
BELIEF_VERBS = frozenset("think believe know feel hope fear worry expect guess suppose".split())
FIRST_PERSON = frozenset({"i", "we", "you"})

# Pronouns that can name a source; he/she are resolved to the nearest person named before them.
SOURCE_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you", "it"})
PERSON_PRONOUNS = frozenset({"he", "she"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})

# A quotation: curly quotes, or straight double quotes within one paragraph.
_QUOTE = re.compile(r"“[^“”]{1,3000}”|\"[^\"\n]{1,3000}\"")
# What may stand between a quotation and its cue: commas, dashes, closing marks and spaces.
_JOINER = re.compile(r"[\s,:;—–-]*")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation in `text`, quote marks included, in order."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def adjacent_quotes(text: str, quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Quotations that touch the reporting clause text[start:end]: "“...,” she said" and "she said, “...”"."""
    before = [q for q in quotes if q[1] <= start and _JOINER.fullmatch(text[q[1]:start])]
    after = [q for q in quotes if q[0] >= end and _JOINER.fullmatch(text[end:q[0]])]
    return before[-1:] + after[:1]

# Pronouns that point back at a party, by what they can stand for
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})  # a state or organisation acting ("Syria says it will not")
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS
