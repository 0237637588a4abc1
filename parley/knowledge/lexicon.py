"""The trigger lexicon: which words report which PLOVER events.

Two tables, both in `parley/resources/`:
- `triggers.tsv`, Parley's own, checked first: contact verbs and event nouns;
- `cameo_verbs.tsv`, built from PETRARCH2's CAMEO verb patterns by
  `parley build verbs`, mapped to PLOVER through `cameo_plover.tsv`.
A pattern may need further words in the verb's clause ("send" + "troop" + "into");
the most specific pattern whose words are all present wins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError
from . import RESOURCES

# Verbs too general to code on their own ("take", "hold"): they code only through a pattern with words.
GENERIC_VERBS = frozenset("take hold come go get make give put keep run set turn bring carry move see find leave".split())


@dataclass(frozen=True, slots=True)
class Trigger:
    event: str
    mode: str | None
    cameo: str
    words: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    synsets: dict[str, frozenset[str]]

    def match(self, lemma: str, pos: str, clause_words: set[str]) -> Trigger | None:
        """The most specific trigger for `lemma` whose required words are all in the clause."""
        table = self.nouns if pos == "NOUN" else self.verbs
        for trigger in table.get(lemma, ()):
            if all(self._present(word, clause_words) for word in trigger.words):
                return trigger
        return None

    def _present(self, word: str, clause_words: set[str]) -> bool:
        if word.startswith("&"):
            return any(member in clause_words for member in self.synsets.get(word, ()))
        return word in clause_words


def _rows(path: Path):
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"missing resource {path.name}: rebuild with `parley build verbs`") from exc
    for line in lines:
        if line and not line.startswith("#"):
            yield line.split("\t")


PloverCode = tuple[str, str | None, tuple[str, ...]]  # event type, mode, contexts


@lru_cache(maxsize=1)
def _cameo_table(resources: Path = RESOURCES) -> dict[str, PloverCode]:
    plover: dict[str, PloverCode] = {}
    for code, event, mode, context, *_ in _rows(resources / "cameo_plover.tsv"):
        plover[code] = (event, mode or None, tuple(c for c in context.split(";") if c))
    return plover


def cameo_to_plover(code: str, resources: Path = RESOURCES) -> PloverCode | None:
    """PLOVER type, mode and contexts of a CAMEO code, via its longest mapped prefix (0231 -> 023 -> 02)."""
    plover = _cameo_table(resources)
    for length in range(len(code), 1, -1):
        if code[:length] in plover:
            return plover[code[:length]]
    return None


@lru_cache(maxsize=1)
def load_lexicon(resources: Path = RESOURCES) -> Lexicon:
    def to_plover(code: str) -> PloverCode | None:
        return cameo_to_plover(code, resources)

    verbs: dict[str, list[Trigger]] = defaultdict(list)
    nouns: dict[str, list[Trigger]] = defaultdict(list)
    own: set[str] = set()
    for lemma, pos, event, mode, cameo, *rest in _rows(resources / "triggers.tsv"):
        words = tuple(rest[0].split()) if rest and rest[0] else ()
        mapped = to_plover(cameo)
        trigger = Trigger(event, None if mode == "-" else mode, cameo, words, mapped[2] if mapped else ())
        (nouns if pos == "NOUN" else verbs)[lemma].append(trigger)
        if pos == "VERB":  # "VERB+" rows add to the CAMEO patterns of the verb instead of replacing them
            own.add(lemma)
    for lemma, cameo, *rest in _rows(resources / "cameo_verbs.tsv"):
        if lemma in own or (mapped := to_plover(cameo)) is None:
            continue
        words = tuple(rest[0].split()) if rest and rest[0] else ()
        if not words and lemma in GENERIC_VERBS:
            continue
        verbs[lemma].append(Trigger(mapped[0], mapped[1], cameo, words, mapped[2]))
    synsets: dict[str, set[str]] = defaultdict(set)
    for name, word, *_ in _rows(resources / "cameo_synsets.tsv"):
        synsets[name].add(word)
    return Lexicon(
        verbs={k: _most_specific_first(v) for k, v in verbs.items()},
        nouns={k: _most_specific_first(v) for k, v in nouns.items()},
        synsets={k: frozenset(v) for k, v in synsets.items()},
    )


def _most_specific_first(triggers: list[Trigger]) -> tuple[Trigger, ...]:
    # Stable sort: among equally specific patterns the dictionary's order decides.
    unique = list(dict.fromkeys(triggers))
    return tuple(sorted(unique, key=lambda t: -len(t.words)))


# --- modes from the words of the sentence --------------------------------------------------
# The manual's modes say how an act was done: the weapon of an ASSAULT, the form of a PROTEST,
# the force MOBILIZEd, the kind of COERCE. A trigger without a mode ("killed", "attacked")
# takes it from the words around it; checked in order, the most specific first.
_MODE_WORDS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "ASSAULT": tuple((mode, frozenset(words.split())) for mode, words in (
        ("suicide-attack", "suicide"),
        ("unconventional", "chemical biological nuclear sarin radiological"),
        ("drone", "drone drones uav"),
        ("explosives", "bomb bombs bombing explosive explosives explosion mine mines minefield ied grenade grenades"),
        ("heavy-weapons", "artillery tank tanks rocket rockets missile missiles mortar mortars shell shelling"),
        ("aerial", "aircraft airstrike airstrikes helicopter helicopters gunship gunships warplane warplanes jet jets"),
        ("firearms", "gun guns gunfire gunman gunmen rifle rifles pistol sniper snipers shoot shooting shot"),
        ("primitive", "machete machetes knife knives axe axes stone stones rock rocks arson spear"),
        ("sexual", "rape raped sexual sexually"),
        ("torture", "torture tortured"),
        ("crowd-control", "teargas tear-gas cannon rubber"),
    )),
    "PROTEST": tuple((mode, frozenset(words.split())) for mode, words in (
        ("hunger", "hunger"),
        ("strike", "strike strikes walkout"),
        ("riot", "riot riots rioted rioting"),
        ("boycott", "boycott"),
        ("obstruct", "block blocked blockade barricade barricades sit-in"),
        ("demo", "demonstration demonstrate demonstrated rally march protest protested"),
    )),
    "MOBILIZE": tuple((mode, frozenset(words.split())) for mode, words in (
        ("troops", "troop troops soldier soldiers army reservists reservist battalion battalions brigade"),
        ("police", "police policemen gendarmes gendarmerie"),
        ("militia", "militia militias militiamen guerrillas fighters"),
        ("weapons", "missile missiles warship warships ship ships tank tanks weapon weapons aircraft"),
    )),
    "COERCE": tuple((mode, frozenset(words.split())) for mode, words in (
        ("curfew", "curfew"),
        ("martial-law", "martial emergency"),
        ("arrest", "arrest arrested detain detained detention jail jailed imprison imprisoned"),
        ("deport", "deport deported deportation"),
        ("cyber", "hacker hackers hack hacked cyber cyberattack"),
        ("censor", "censor censored censorship"),
        ("seize", "confiscate confiscated seize seized raid raided search"),
        ("restrict", "ban banned blockade blockades cordon restriction restrictions"),
    )),
}


def mode_from_words(event: str, words: set[str]) -> str | None:
    """The first mode of `event` whose cue words occur in `words` (lower-cased forms and lemmas)."""
    for mode, cues in _MODE_WORDS.get(event, ()):
        if cues & words:
            return mode
    return None
