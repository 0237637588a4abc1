"""Find every actor mention in the parsed text and resolve it to a PLOVER entity.

Three passes over `doc.nlp`:

1. named mentions: PERSON/ORG/GPE/NORP entities grown to the whole noun phrase
   ("Russian President Vladimir Putin" is one mention; "Russian troops" is one group),
   coded through the actor table, with appositions filling a missing country
   ("Leonid Slutsky, a prominent Russian politician");
2. dictionary names the small NER model misses ("Trump" in a headline), and agent
   nouns ("protesters", "the government");
3. anaphora (`parley.stages.actors.anaphora`): he/she/his/her and definite descriptions ("the former president",
   "the Russian leader") linked to the most recent compatible person.

Roles are taken on the publication date; the events stage can ask
`parley.knowledge.actor_table.role_at(entity.key, event_date)` for an event dated elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ...knowledge.actor_table import ActorTable, normalise
from ...model import Document, Entity
from ...settings import Settings
from ..spans import stance_prefixed
from .anaphora import PERSON_TITLES, Mention, is_subject, resolve_anaphora, with_span

LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "npadvmod", "punct"})
_FAMILY_NAME_FIRST = frozenset({"CHN", "PRK", "KOR", "VNM", "TWN"})  # "Kim" after "Kim Jong Un"


class Actors:
    name = "parley.actors.v1"
    requires = ("nlp",)
    assigns = ("entities",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.table = ActorTable.load()

    def __call__(self, doc: Document) -> Document:
        on = doc.date or self.settings.date
        return dataclasses.replace(doc, entities=find_entities(doc.nlp, self.table, on))


def find_entities(sdoc, table: ActorTable, on: dt.date | None) -> tuple[Entity, ...]:
    """All actor mentions in a spaCy Doc as entities with spans, sorted by start."""
    sentence_of = _sentence_index(sdoc)
    mentions = _named_mentions(sdoc, table, on, sentence_of)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    mentions += _dictionary_mentions(sdoc, table, on, sentence_of, taken)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    mentions += _agent_mentions(sdoc, table, on, sentence_of, taken)
    mentions = resolve_anaphora(sdoc, table, on, sentence_of, _dedupe(mentions))
    return tuple(m.entity for m in _dedupe(mentions))


def _sentence_index(sdoc) -> list[int]:
    index = [0] * len(sdoc)
    for number, sent in enumerate(sdoc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _expand_left(sdoc, start: int, end: int) -> int:
    """Grow a name leftwards over its titles and adjectives ("former US President")."""
    while start > 0:
        token = sdoc[start - 1]
        if token.dep_ not in _LEFT_DEPS or not start <= token.head.i < end or token.is_sent_end:
            break
        if token.dep_ == "punct" and token.text not in {"-", "."}:
            break
        if token.ent_type_ and token.ent_type_ not in {"NORP", "GPE"}:
            break  # another person or organisation: a separate mention
        start -= 1
    while start < end and sdoc[start].dep_ == "punct":
        start += 1
    return start


def _expand_right(sdoc, ent, start: int, table: ActorTable, on: dt.date | None) -> tuple[int, Entity | None]:
    """"Russian troops", "Trump administration": the name modifies an agent noun."""
    root = ent.root
    head = root.head
    if root.dep_ == "npadvmod" and head.lower_ == "led" and head.dep_ == "amod":
        return _led_group(sdoc, ent, start, table, on)
    if root.dep_ not in {"amod", "compound", "nmod"} or head.i < ent.end or head.i - ent.end > 3:
        return ent.end, None
    if head.pos_ not in {"NOUN", "PROPN"} or head.ent_type_ in {"PERSON", "ORG"}:
        return ent.end, None
    if head.tag_ in {"NN", "NNP"} and head.lower_ in PERSON_TITLES:
        return ent.end, None  # "a Russian politician" describes a person: see the appositions
    text = sdoc[start:head.i + 1].text
    entity = table.resolve(text, on)
    if entity is not None and entity.kind == "group":
        return head.i + 1, entity
    return ent.end, None


def _led_group(sdoc, ent, start: int, table: ActorTable, on: dt.date | None) -> tuple[int, Entity | None]:
    """"Vietnamese-led forces", "US-led troops": the leader's country, the noun's sector."""
    noun = ent.root.head.head
    leader = table.resolve(ent.text, on)
    sector = table.group_sector([noun.lower_]) if noun.pos_ == "NOUN" else None
    if leader is None or not leader.code or sector is None:
        return ent.end, None
    text = sdoc[start:noun.i + 1].text
    return noun.i + 1, Entity(text=text, name=text, code=leader.code, sector=sector, kind="group")


def _appositive_country(sdoc, ent, table: ActorTable) -> tuple[str | None, str | None]:
    """Country and sector said of a person in an apposition: "X, a prominent Russian politician"."""
    root = ent.root
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    for noun in described:
        words = [t for t in noun.subtree if t.i < noun.i + 1 and not t.is_punct]
        words = [t for t in words if t.i >= noun.left_edge.i and not (ent.start <= t.i < ent.end)]
        country, sector, _ = table.modifiers(normalise(" ".join(t.text for t in words)).split())
        if country is None:  # "Kenzo Oshima, the United Nations relief coordinator": the body's code
            body = next((e for e in sdoc.ents if e.label_ == "ORG" and noun.left_edge.i <= e.start
                         and e.end <= noun.i + 1), None)
            found = table.resolve(body.text) if body is not None else None
            if found is not None and found.code and found.kind == "organisation":
                return found.code, sector
        if country is not None or sector is not None:
            return (country.code if country else None), sector
    return None, None


def _named_mentions(sdoc, table: ActorTable, on: dt.date | None, sentence_of: list[int]) -> list[Mention]:
    mentions: list[Mention] = []
    people: dict[str, Mention] = {}  # surname or full name -> earlier mention in this article
    for ent in sdoc.ents:
        if ent.label_ not in LABELS:
            continue
        if any(stance_prefixed(t) for t in sdoc[ent.start:ent.end]):
            continue  # "anti-Syria journalist", "pro-Russian separatists": a stance, not an owner
        start = _expand_left(sdoc, ent.start, ent.end)
        end, entity = _expand_right(sdoc, ent, start, table, on)
        if entity is None:
            entity = _resolve_name(sdoc, ent, start, table, on, people)
        if entity is None:
            continue
        if entity.kind == "person" and (entity.code is None or entity.sector is None):
            code, sector = _appositive_country(sdoc, ent, table)
            entity = dataclasses.replace(entity, code=entity.code or code, sector=entity.sector or sector)
        record = table.get(entity.key) if entity.key else None
        mention = Mention(start, end, with_span(sdoc, entity, start, end), is_subject(ent.root),
                          sentence_of[ent.start], record.gender if record else None)
        mentions.append(mention)
        if entity.kind == "person":
            words = normalise(entity.name).split() or [""]
            family = words[0] if entity.code in _FAMILY_NAME_FIRST else words[-1]
            for form in {" ".join(words), family}:
                if form:
                    people[form] = mention
    return mentions


def _resolve_name(sdoc, ent, start: int, table: ActorTable, on: dt.date | None,
                  people: dict[str, Mention]) -> Entity | None:
    """Earlier full mentions in the article first ("Smith" after "John Smith"), then the table."""
    person = ent.label_ == "PERSON"
    name = normalise(ent.text)
    earlier = people.get(name)
    if earlier is not None and (person or ent.label_ == "ORG"):
        return dataclasses.replace(earlier.entity, span=None)
    text = sdoc[start:ent.end].text
    entity = table.resolve(text, on, person=person)
    if entity is None and start != ent.start:
        entity = table.resolve(ent.text, on, person=person)
    if entity is None and ent.label_ == "ORG" and name in people:
        return dataclasses.replace(people[name].entity, span=None)
    if entity is not None and person and entity.kind != "person":
        return None
    if entity is None and person and (record := table.lookup(ent.text)) is not None and record.kind == "country":
        entity = table.resolve(ent.text, on)  # the tagger took a country for a person ("Sri Lanka has")
    elif entity is None and person and _only_country_words(table, ent.text):
        entity = table.resolve(ent.text, on)  # a people, not a person: "Bosnian Serbs demanded"
    return entity


def _only_country_words(table: ActorTable, text: str) -> bool:
    words = normalise(text).split()
    country, sector, rest = table.modifiers(words)
    return bool(words) and country is not None and sector is None and not rest


def _dictionary_mentions(sdoc, table: ActorTable, on: dt.date | None, sentence_of: list[int],
                         taken: set[int]) -> list[Mention]:
    """Capitalised names in the table that the NER left out ("Trump" in a headline, "Kremlin")."""
    mentions = []
    i = 0
    while i < len(sdoc):
        token = sdoc[i]
        if i in taken or not (token.is_title or token.is_upper) or token.is_punct or token.is_stop:
            i += 1
            continue
        for n in range(min(5, len(sdoc) - i), 0, -1):
            if any(j in taken for j in range(i, i + n)) or "\n" in sdoc[i:i + n].text:
                continue
            if sdoc[i + n - 1].is_punct:
                continue
            record = table.lookup(sdoc[i:i + n].text)
            if record is None or record.kind == "country" and token.ent_type_:
                continue
            # A lone capitalised word that the tagger did not call a name ("Trump, however, ...")
            # is still a known person; anything else needs the PROPN tag.
            if n == 1 and token.pos_ != "PROPN" and not (record.kind == "person" and token.is_title):
                continue
            entity = table.resolve(sdoc[i:i + n].text, on)
            if entity is None:
                continue
            start = i - 1 if i > 0 and sdoc[i - 1].lower_ == "the" and record.kind == "organisation" else i
            mentions.append(Mention(start, i + n, with_span(sdoc, entity, start, i + n),
                                    is_subject(sdoc[i + n - 1]), sentence_of[i], record.gender))
            i += n - 1
            break
        i += 1
    return mentions


def _agent_mentions(sdoc, table: ActorTable, on: dt.date | None, sentence_of: list[int],
                    taken: set[int]) -> list[Mention]:
    """Noun phrases headed by an agent noun: "protesters", "Israeli police", "the government"."""
    mentions = []
    for chunk in sdoc.noun_chunks:
        root = chunk.root
        if root.i in taken or root.pos_ not in {"NOUN", "PROPN"}:
            continue
        if root.tag_ in {"NN", "NNP"} and root.lower_ in PERSON_TITLES:
            continue  # "the president": an anaphor, resolved later
        if root.lower_ == "leaders" and any(t.like_num for t in chunk):
            continue  # "the two leaders": a pair of persons, not a group actor
        if root.lower_ == "state" and _of_common_noun(root):
            continue  # "a state of emergency": a condition, not a government
        start = chunk.start
        stances = [i for i in range(start, root.i) if stance_prefixed(sdoc[i])]
        start = stances[-1] + 1 if stances else start  # "anti-American protesters": protesters, no country
        while start < root.i and (sdoc[start].dep_ in {"det", "poss", "predet"} or sdoc[start].like_num
                                  or sdoc[start].i in taken or sdoc[start].is_punct):
            start += 1
        if any(i in taken for i in range(start, root.i + 1)):
            continue
        entity = table.resolve(sdoc[start:root.i + 1].text, on)
        while entity is None and start < root.i and sdoc[start].dep_ == "amod" and (
                table.country(normalise(sdoc[start].text)) is None):
            start += 1  # "Radical French farmers": an adjective that names no country says nothing of one
            entity = table.resolve(sdoc[start:root.i + 1].text, on)
        if entity is None and (sector := _named_group_sector(sdoc, start, root, table)) is not None:
            text = sdoc[start:root.i + 1].text  # "Shona rebels": a people no table knows, still a group
            entity = Entity(text=text, name=text, sector=sector, kind="group")
        if entity is None or entity.kind != "group":
            continue
        mentions.append(Mention(start, root.i + 1, with_span(sdoc, entity, start, root.i + 1),
                                is_subject(root), sentence_of[root.i]))
    return mentions


def _named_group_sector(sdoc, start: int, root, table: ActorTable) -> str | None:
    """The sector of an agent noun ("rebels") under a name the dictionaries lack ("Shona", "Karen")."""
    names = [t for t in sdoc[start:root.i] if t.pos_ == "PROPN" or t.ent_type_ == "NORP"]
    if not names or any(t.ent_type_ in {"PERSON", "ORG"} for t in names):
        return None
    return table.group_sector([root.lower_]) or table.agent_sector([root.lemma_.lower()])


def _of_common_noun(token) -> bool:
    """"state of emergency", "state of war", not "the state of Texas"."""
    return any(p.dep_ == "prep" and p.lower_ == "of" and any(
        o.dep_ == "pobj" and o.pos_ == "NOUN" for o in p.children) for p in token.children)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Sorted by start; where two overlap, the longer (then earlier) one stays."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept
