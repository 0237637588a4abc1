"""Mentions and the words that refer back to them: pronouns and definite descriptions.

The actors stage finds named and agent mentions first; this pass then links he/she/his/her,
they/their, it/its and definite person descriptions ("the former president", "the Russian
leader") to the most recent compatible mention, and gives them its entity.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass

from ...knowledge.actor_table import ActorTable, normalise
from ...knowledge.cues import FEMALE_PRONOUNS, MALE_PRONOUNS, NEUTER_PRONOUNS, PLURAL_PRONOUNS
from ...model import Entity, Span

# Singular nouns that name one person's office: "the former president" refers back to someone.
PERSON_TITLES = frozenset({
    "president", "leader", "minister", "premier", "chancellor", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "king", "queen", "prince", "despot", "dictator", "strongman",
    "senator", "governor", "politician", "journalist", "envoy", "ambassador", "general", "commander",
    "mogul", "billionaire", "autocrat", "emir", "monarch", "tycoon",
})
_WINDOW = 3  # sentences back that a pronoun may reach


@dataclass
class Mention:
    start: int  # token indices, end exclusive
    end: int
    entity: Entity
    subject: bool
    sentence: int
    gender: str | None = None


def with_span(sdoc, entity: Entity, start: int, end: int) -> Entity:
    span = sdoc[start:end]
    text = span.text
    return dataclasses.replace(entity, text=text, span=Span(span.start_char, span.end_char, text))


def is_subject(token) -> bool:
    if token.dep_ in {"nsubj", "nsubjpass"}:
        return True
    return token.dep_ in {"appos", "conj"} and token.head.dep_ in {"nsubj", "nsubjpass"}


def _anaphors(sdoc, taken: set[int], countries: set[int]) -> list[tuple[int, int]]:
    """Token ranges of pronouns and definite person descriptions not already in a mention.

    A description may hold a country mention ("the former US president"): it replaces it.
    """
    found = []
    for token in sdoc:
        if token.i in taken:
            continue
        lower = token.lower_
        if lower in MALE_PRONOUNS or lower in FEMALE_PRONOUNS or lower in PLURAL_PRONOUNS:
            found.append((token.i, token.i + 1))
        elif lower in NEUTER_PRONOUNS and (lower != "it" or token.dep_ == "nsubj" and token.head.lemma_ != "be"):
            found.append((token.i, token.i + 1))
        elif token.tag_ == "NN" and lower in PERSON_TITLES and not _names_its_country(token):
            first = token.left_edge.i
            if sdoc[first].lower_ in {"the", "this", "that"} and not any(
                    i in taken and i not in countries for i in range(first, token.i + 1)):
                found.append((first, token.i + 1))
    return found


def _names_its_country(title) -> bool:
    """"the president of Armenia" introduces someone by the country named, it does not refer back."""
    return any(p.dep_ == "prep" and p.lower_ == "of" and any(
        o.dep_ == "pobj" and o.pos_ == "PROPN" for o in p.children) for p in title.children)


def resolve_anaphora(sdoc, table: ActorTable, on: dt.date | None, sentence_of: list[int],
                      mentions: list[Mention]) -> list[Mention]:
    taken = {i for m in mentions for i in range(m.start, m.end)}
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    people = sorted((m for m in mentions if m.entity.kind == "person"), key=lambda m: m.start)
    groups = [m for m in mentions if m.entity.kind != "person" and m.entity.code]
    resolved: list[Mention] = []
    countries = {i for m in mentions if m.entity.kind == "country" for i in range(m.start, m.end)}
    groups_by_sentence: dict[int, list[int]] = {}  # positions in `groups`, so a pronoun looks at two sentences
    for n, m in enumerate(groups):
        groups_by_sentence.setdefault(m.sentence, []).append(n)
    for start, end in _anaphors(sdoc, taken, countries):
        head = sdoc[end - 1]
        target = _appositive_target(sdoc, start, head, by_token) if end - start > 1 else None
        if target is None and sdoc[start].lower_ in PLURAL_PRONOUNS | NEUTER_PRONOUNS:
            here = sentence_of[start]
            near = sorted(groups_by_sentence.get(here, []) + groups_by_sentence.get(here - 1, []))
            target = _plural_antecedent(sdoc, sdoc[start], [groups[n] for n in near], sentence_of, by_token)
        elif target is None:
            target = _antecedent(sdoc, table, on, start, end, people, sentence_of)
        if target is None:
            continue
        entity = dataclasses.replace(target.entity, span=None)
        mention = Mention(start, end, with_span(sdoc, entity, start, end), is_subject(head),
                          sentence_of[start], target.gender)
        resolved.append(mention)
        people.insert(bisect.bisect_right([p.start for p in people], start), mention)
    # a mention inside a resolved phrase gives way to it; filtered once, not once per phrase
    covering: dict[int, list[int]] = {}
    for r in resolved:
        for i in range(r.start, r.end):
            covering.setdefault(i, []).append(r.end)
    return [m for m in mentions if not any(m.end <= end for end in covering.get(m.start, ()))] + resolved


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
    if lower in MALE_PRONOUNS:
        candidates = [m for m in candidates if m.gender in {None, "m"}]
    elif lower in FEMALE_PRONOUNS:
        candidates = [m for m in candidates if m.gender in {None, "f"}]
    else:
        candidates = [m for m in candidates if _fits_description(table, words.text, m.entity)]
    if not candidates:
        return None
    subject = is_subject(sdoc[end - 1])
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
