"""Find every actor mention in the parsed text and resolve it to a PLOVER entity.

Three passes over `doc.nlp`:

1. named mentions: PERSON/ORG/GPE/NORP entities grown to the whole noun phrase
   ("Russian President Vladimir Putin" is one mention; "Russian troops" is one group),
   coded through the actor table, with appositions filling a missing country
   ("Leonid Slutsky, a prominent Russian politician");
2. dictionary names the small NER model misses ("Trump" in a headline), and agent
   nouns ("protesters", "the government");
3. anaphora: he/she/his/her and definite descriptions ("the former president",
   "the Russian leader") linked to the most recent compatible person.

Roles are taken on the publication date; the events stage can ask
`parley.actors.role_at(entity.key, event_date)` for an event dated elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from ..actors import ActorTable, normalise
from ..model import Document, Entity, Span
from ..settings import Settings

LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "npadvmod", "punct"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_NEUTER = frozenset({"it", "its", "itself"})  # a state or organisation acting ("Syria says it will not")
# Singular nouns that name one person's office: "the former president" refers back to someone.
_PERSON_TITLES = frozenset({
    "president", "leader", "minister", "premier", "chancellor", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "king", "queen", "prince", "despot", "dictator", "strongman",
    "senator", "governor", "politician", "journalist", "envoy", "ambassador", "general", "commander",
    "mogul", "billionaire", "autocrat", "emir", "monarch", "tycoon",
})
_FAMILY_NAME_FIRST = frozenset({"CHN", "PRK", "KOR", "VNM", "TWN"})  # "Kim" after "Kim Jong Un"
_WINDOW = 3  # sentences back that a pronoun may reach


@dataclass
class Mention:
    start: int  # token indices, end exclusive
    end: int
    entity: Entity
    subject: bool
    sentence: int
    gender: str | None = None


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
    mentions = _resolve_anaphora(sdoc, table, on, sentence_of, _dedupe(mentions))
    return tuple(m.entity for m in _dedupe(mentions))


def _sentence_index(sdoc) -> list[int]:
    index = [0] * len(sdoc)
    for number, sent in enumerate(sdoc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _with_span(sdoc, entity: Entity, start: int, end: int) -> Entity:
    span = sdoc[start:end]
    text = span.text
    return dataclasses.replace(entity, text=text, span=Span(span.start_char, span.end_char, text))


def _is_subject(token) -> bool:
    if token.dep_ in {"nsubj", "nsubjpass"}:
        return True
    return token.dep_ in {"appos", "conj"} and token.head.dep_ in {"nsubj", "nsubjpass"}


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
    if root.dep_ not in {"amod", "compound", "nmod"} or head.i < ent.end or head.i - ent.end > 3:
        return ent.end, None
    if head.pos_ not in {"NOUN", "PROPN"} or head.ent_type_ in {"PERSON", "ORG"}:
        return ent.end, None
    if head.tag_ in {"NN", "NNP"} and head.lower_ in _PERSON_TITLES:
        return ent.end, None  # "a Russian politician" describes a person: see the appositions
    text = sdoc[start:head.i + 1].text
    entity = table.resolve(text, on)
    if entity is not None and entity.kind == "group":
        return head.i + 1, entity
    return ent.end, None


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
        mention = Mention(start, end, _with_span(sdoc, entity, start, end), _is_subject(ent.root),
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
    return entity


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
            mentions.append(Mention(start, i + n, _with_span(sdoc, entity, start, i + n),
                                    _is_subject(sdoc[i + n - 1]), sentence_of[i], record.gender))
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
        if root.tag_ in {"NN", "NNP"} and root.lower_ in _PERSON_TITLES:
            continue  # "the president": an anaphor, resolved later
        if root.lower_ == "leaders" and any(t.like_num for t in chunk):
            continue  # "the two leaders": a pair of persons, not a group actor
        start = chunk.start
        while start < root.i and (sdoc[start].dep_ in {"det", "poss", "predet"} or sdoc[start].like_num
                                  or sdoc[start].i in taken or sdoc[start].is_punct):
            start += 1
        if any(i in taken for i in range(start, root.i + 1)):
            continue
        entity = table.resolve(sdoc[start:root.i + 1].text, on)
        if entity is None or entity.kind != "group":
            continue
        mentions.append(Mention(start, root.i + 1, _with_span(sdoc, entity, start, root.i + 1),
                                _is_subject(root), sentence_of[root.i]))
    return mentions


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Sorted by start; where two overlap, the longer (then earlier) one stays."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _anaphors(sdoc, taken: set[int], countries: set[int]) -> list[tuple[int, int]]:
    """Token ranges of pronouns and definite person descriptions not already in a mention.

    A description may hold a country mention ("the former US president"): it replaces it.
    """
    found = []
    for token in sdoc:
        if token.i in taken:
            continue
        lower = token.lower_
        if lower in _MALE or lower in _FEMALE or lower in _PLURAL:
            found.append((token.i, token.i + 1))
        elif lower in _NEUTER and (lower != "it" or token.dep_ == "nsubj" and token.head.lemma_ != "be"):
            found.append((token.i, token.i + 1))
        elif token.tag_ == "NN" and lower in _PERSON_TITLES:
            first = token.left_edge.i
            if sdoc[first].lower_ in {"the", "this", "that"} and not any(
                    i in taken and i not in countries for i in range(first, token.i + 1)):
                found.append((first, token.i + 1))
    return found


def _resolve_anaphora(sdoc, table: ActorTable, on: dt.date | None, sentence_of: list[int],
                      mentions: list[Mention]) -> list[Mention]:
    taken = {i for m in mentions for i in range(m.start, m.end)}
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    people = sorted((m for m in mentions if m.entity.kind == "person"), key=lambda m: m.start)
    groups = [m for m in mentions if m.entity.kind != "person" and m.entity.code]
    resolved: list[Mention] = []
    countries = {i for m in mentions if m.entity.kind == "country" for i in range(m.start, m.end)}
    for start, end in _anaphors(sdoc, taken, countries):
        head = sdoc[end - 1]
        target = _appositive_target(sdoc, start, head, by_token) if end - start > 1 else None
        if target is None and sdoc[start].lower_ in _PLURAL | _NEUTER:
            target = _plural_antecedent(sdoc, sdoc[start], groups, sentence_of, by_token)
        elif target is None:
            target = _antecedent(sdoc, table, on, start, end, people, sentence_of)
        if target is None:
            continue
        entity = dataclasses.replace(target.entity, span=None)
        mention = Mention(start, end, _with_span(sdoc, entity, start, end), _is_subject(head),
                          sentence_of[start], target.gender)
        resolved.append(mention)
        mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
        people.append(mention)
        people.sort(key=lambda m: m.start)
    return mentions + resolved


def _plural_antecedent(sdoc, pronoun, groups: list[Mention], sentence_of: list[int],
                       by_token: dict[int, Mention]) -> Mention | None:
    """"they"/"their": the latest coded group or country before it, this sentence or the one before.

    A subject of the pronoun's own sentence wins ("Afghan rebel leaders said they would meet");
    of a coordination ("Gondor and Osgiliath ... their meeting") the first member stands for all.
    """
    sentence = sentence_of[pronoun.i]
    candidates = [m for m in groups if m.end <= pronoun.i and 0 <= sentence - m.sentence <= 1]
    if not candidates:
        return None
    same = [m for m in candidates if m.sentence == sentence]
    subjects = [m for m in same if m.subject]
    target = subjects[-1] if subjects else same[-1] if same else candidates[-1]
    root = sdoc[target.end - 1]
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return by_token.get(root.i, target)


def _appositive_target(sdoc, start: int, head, by_token: dict[int, Mention]) -> Mention | None:
    """"The former president, Donald Trump" and "Joe Biden, the former US president"."""
    before = by_token.get(start - 2)  # "Putin and Joe Biden, the former US president": the nearest name
    if start >= 2 and sdoc[start - 1].text == "," and before is not None and before.entity.kind == "person":
        return before
    for child in head.children:
        if child.dep_ == "appos" and child.i in by_token and by_token[child.i].entity.kind == "person":
            return by_token[child.i]
    if head.dep_ == "appos" and head.head.i in by_token and by_token[head.head.i].entity.kind == "person":
        return by_token[head.head.i]
    return None


def _antecedent(sdoc, table: ActorTable, on: dt.date | None, start: int, end: int,
                people: list[Mention], sentence_of: list[int]) -> Mention | None:
    """The most recent compatible person: same sentence first (a subject for a subject), then back."""
    words = sdoc[start:end]
    lower = words.text.lower()
    sentence = sentence_of[start]
    candidates = [m for m in people if m.end <= start and sentence - m.sentence <= _WINDOW]
    if lower in _MALE:
        candidates = [m for m in candidates if m.gender in {None, "m"}]
    elif lower in _FEMALE:
        candidates = [m for m in candidates if m.gender in {None, "f"}]
    else:
        candidates = [m for m in candidates if _fits_description(table, words.text, m.entity)]
    if not candidates:
        return None
    subject = _is_subject(sdoc[end - 1])
    same = [m for m in candidates if m.sentence == sentence]
    if same:
        if subject and any(m.subject for m in same):
            return [m for m in same if m.subject][-1]
        return same[-1]
    previous = max(m.sentence for m in candidates)
    earlier = [m for m in candidates if m.sentence == previous]
    subjects = [m for m in earlier if m.subject]
    return subjects[0] if subjects else earlier[-1]


def _fits_description(table: ActorTable, text: str, entity: Entity) -> bool:
    """"the former president" needs someone out of office; "the Russian leader" a Russian."""
    words = normalise(text).split()
    country, sector, _ = table.modifiers(words)
    if country is not None and entity.code != country.code:
        return False
    former = any(w in {"former", "ex"} for w in words)
    if former:
        return entity.sector == "ELI"
    if sector == "GOV" and entity.sector not in {None, "GOV"}:
        return False
    return True
