"""Who did it to whom: the actor and recipient of a trigger, read from its clause's grammar.

The actor is the trigger's subject (or the subject of the verb it hangs from, or the
agent of a passive); for an event noun, its possessor or modifier ("Russia's annexation",
"the Russian invasion") or a "by" phrase. The recipient comes from direct objects and
the prepositional phrases of the verb and its object; for the symmetric types (CONSULT,
AGREE, COOPERATE) a conjoined subject ("Putin and Trump agreed") or a "between" pair.
Further recipients, each a last resort: the subject of a for-clause ("pushing for the US to
support"), the destination of the verb a purpose clause serves ("sent experts to Bosnia to
investigate"), the subject of a threat's "unless" clause, and for one-sided events the
country or capital that is the scene.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ...knowledge.actor_records import NON_STATE_CODES
from ...knowledge.actor_table import ActorTable, normalise, role_at
from ...knowledge.lexicon import Trigger
from ...model import Document, Entity, Place, Span, TimeRef
from ..spans import (
    Index,
    condition_subjects,
    passive_doer,
    stance_prefixed,
    subject_noun,
    subtree_span,
    token_span,
)

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
_RECIPIENT_PREPS = {"with", "to", "against", "on", "at", "into", "toward", "towards", "from", "of", "between", "among", "for", "upon"}
# "sanctions against", "talks with", "demands from"
_NOUN_PREPS = {"against", "with", "to", "toward", "towards", "on", "upon", "from"}
_LOCATIVE_PREPS = {"in", "into", "inside", "at", "across", "throughout"}
# Phrases of circumstance whose noun names the other party: "despite pressure by", "amid calls from";
# after or following talks, the other side of the talks. Not "after a lunch with", "in an interview
# with Fox News": company, not a party.
_CIRCUMSTANCE_PREPS = frozenset({"despite", "amid"})
_SEQUEL_PREPS = frozenset({"after", "following"})
_TALKS = frozenset({"talk", "talks", "negotiation", "deliberation", "consultation", "discussion", "agreement"})
# Verbs whose passive form states the subject's own stance: "Israel is opposed to French mediation".
_STANCE_PASSIVES = frozenset({"oppose", "commit", "dedicate", "devote"})
_ANAPHORIC_DETS = {"such", "this", "that", "the"}
_OWNER_PREPS = {"of", "in", "from"}
# A singular noun that is a group only when a place owns it: "a peacekeeping force in Liberia",
# not "the use of force".
_PLACED_FORCES = frozenset({"force"})
_NOUN_PHRASE_CUTS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "det"})  # a noun and its modifiers
_OPPOSITION = frozenset({"defiance", "protest", "opposition"})  # "in defiance of X"
# What a protest's purpose clause must be about for its object to be the protest's target.
_DEMANDS = frozenset({"demand", "call", "urge", "denounce", "condemn", "oppose", "reject", "press", "show", "express",
                      "protest", "voice", "seek", "push", "ask", "decry", "criticize", "criticise"})
_FLEEING = frozenset({"flee", "escape"})  # refugees belong to the country they flee
# Places that event data codes as their state when an event is aimed at them.
_SITES = frozenset({"village", "town", "city", "facility", "plant", "site", "base", "camp", "enclave",
                    "stronghold", "embassy", "consulate", "port", "airport", "border", "region", "province"})
_GATHERINGS = frozenset({"meet", "talk", "negotiate", "confer", "summit", "meeting", "talks", "negotiation",
                         "conference", "visit"})
_SUFFERED = frozenset({"die", "perish", "succumb"})  # the subject is the victim, not the doer
_SEATED = frozenset({"base", "headquarter", "locate"})  # "based in", "headquartered in", "located in"
# Modifiers that can carry the name of a common-noun head: "Russian troops", "his team", "the
# APEC forum" (nmod), "US and British forces" (nmod), "the forum (APEC)" (appos).
_NAMING_DEPS = frozenset({"poss", "amod", "compound", "nmod", "appos"})
_QUANTITIES = {"thousands", "hundreds", "dozens", "millions", "group", "members", "some", "many"}


def hosted(trigger: Trigger) -> bool:
    """A meeting or agreement: where it takes place is nobody's party and nobody's home."""
    return trigger.event in SYMMETRIC and trigger.mode != "visit"


class Participants:
    """Finds actor and recipient entities for triggers in one document."""

    def __init__(self, doc: Document, index: Index) -> None:
        self.doc, self.index = doc, index

    def find(self, token, pos: str, trigger: Trigger) -> tuple[Entity | None, Entity | None, bool]:
        actor_token = _subject_of(token) if pos == "VERB" else _noun_actor(token, lambda t: self.entity(t) is not None)
        if actor_token is None and pos == "VERB":
            actor_token = _stance_holder(token)
        dies = pos == "VERB" and token.lemma_ in _SUFFERED and any(c.dep_ == "nsubj" for c in token.children)
        if actor_token is not None and actor_token.lower_ in {"who", "which", "that"} and actor_token.head.dep_ == "relcl":
            actor_token = self.antecedent_token(actor_token)  # "Joe Biden, ..., who spoke"
        if dies and actor_token is not None:
            # "soldiers died in an attack by X": X did it to them; with nobody who did, a death is no event
            inflicter = self._inflicter(token)
            return inflicter, self.entity(actor_token) if inflicter is not None else None, False
        actor = self.entity(actor_token) if actor_token is not None else None
        if actor is None and pos == "VERB" and actor_token is not None and _named_doer(actor_token):
            actor = _unresolved(self.doc, actor_token)  # keep the doer as written, uncoded
        recipient = self._recipient(token, pos, actor, actor_token)
        if recipient is None and trigger.event == "THREATEN":  # "... unless Baghdad accepted": the one to yield
            recipient = next((e for c in condition_subjects(token) if (e := self.entity(c)) is not None
                              and (actor is None or e.name != actor.name)), None)
        if actor is not None and recipient is None and trigger.event in SYMMETRIC:
            for conj in actor_token.conjuncts:  # "Putin and Trump have both expressed interest"
                if (other := self.entity(conj)) is not None and other.name != actor.name:
                    recipient = other
                    break
        if actor is not None and recipient is None and trigger.event in SYMMETRIC:
            recipient = self.between_partner(token.sent, actor)
        if actor is not None and recipient is None:  # last resorts: what a protest is for, then the scene
            recipient = (self._protest_target(token, actor) if trigger.event == "PROTEST" else None) or \
                self._scene(token, pos, venue=not hosted(trigger))
        if actor is None and recipient is not None and pos == "NOUN":
            for conj in recipient_tokens_conjuncts(token):
                if (other := self.entity(conj)) is not None and other.name != recipient.name:
                    actor = other
                    break
        anaphoric = pos == "NOUN" and any(
            c.dep_ in {"det", "predet"} and c.lower_ in _ANAPHORIC_DETS for c in token.children
        )
        return actor, recipient, anaphoric

    def _recipient(self, token, pos: str, actor: Entity | None, actor_token) -> Entity | None:
        """The first candidate with a country or organisation code, else the first entity at all."""
        first = None
        for candidate in _recipient_tokens(token, pos):
            if actor_token is not None and candidate.i == actor_token.i:
                continue
            entity = self.entity(candidate)
            if entity is None and (doer := passive_doer(candidate)) is not None:
                entity = self.entity(doer)  # "an investigation into crimes committed by Croat forces"
            if entity is None or (actor is not None and entity.name == actor.name):
                continue
            if actor is not None and entity.code == actor.code and self._owned_by(candidate, actor):
                continue  # "offered its troops to Lebanon": the actor's own troops are what it gives
            if entity.code:
                return entity
            first = first or entity
        if first is None and pos == "VERB":  # "sent experts to Bosnia to investigate": where they were sent
            for candidate in _destination_tokens(token):
                entity = self.entity(candidate)
                if entity is not None and entity.code and (actor is None or entity.name != actor.name):
                    return entity
        return first

    def _inflicter(self, verb) -> Entity | None:
        """Who caused a death: "in an attack by X", "at the hands of X", "in Israeli police custody"."""
        for pobj in _prepositional_objects(verb, frozenset({"in", "during", "after", "from", "at", "under"})):
            if pobj.lemma_ == "hand" or pobj.lemma_ == "custody":
                owner = next(_prepositional_objects(pobj, frozenset({"of"})), None)
                entity = self.entity(owner) if owner is not None else self.entity(pobj)
            else:
                entity = next((self.entity(g) for g in _prepositional_objects(pobj, frozenset({"by"}))), None)
            if entity is not None:
                return entity
        return None

    def _protest_target(self, token, actor: Entity | None) -> Entity | None:
        """Whom a protest is aimed at, named in what it is for: "to show disapproval of US policies",
        "demanding the resignation of President X", "in defiance of Chinese authorities"."""
        clauses = [c for c in token.children if c.dep_ in {"advcl", "xcomp"} and (
            c.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))]
        phrases = [v for c in clauses for v in c.subtree  # "joining demonstrators in demanding ...", not "carrying portraits of"
                   if v.lemma_ in _DEMANDS and v.pos_ == "VERB" and (v.i == c.i or v.dep_ in {"pcomp", "xcomp", "advcl"})]
        phrases += [o for pobj in _prepositional_objects(token, frozenset({"in"})) if pobj.lemma_ in _OPPOSITION
                    for o in _prepositional_objects(pobj, frozenset({"of", "against", "at"}))]
        for phrase in phrases:
            for candidate in sorted(phrase.subtree, key=lambda t: abs(t.i - phrase.i)):
                if candidate.pos_ not in {"NOUN", "PROPN"} or any(
                        c.dep_ == "poss" and c.pos_ == "PRON" for c in candidate.children):
                    continue  # "their disapproval": the protesters' own
                entity = self.entity(candidate)
                if entity is not None and entity.code and (actor is None or entity.name != actor.name):
                    return entity
        return None

    def _scene(self, token, pos: str, venue: bool) -> Entity | None:
        """The country or capital the event happens in, as its government ("a curfew in Algiers").

        Without `venue` (meetings and agreements), where the parties meet is not a party ("envoys
        will meet in Riyadh", "agreed to hold a summit in Riyadh"), but the scene of what they agree
        to do is ("agreed to set up a centre in Tokyo").
        """
        for candidate in _locative_tokens(token, pos, venue):
            entity = self.index.entity_at(candidate)
            if (entity is None or entity.kind != "country") and (
                    place := self.index.place_at(candidate)) is not None and place.country:
                entity = _country_entity(place)  # "Montenegro province": the place, not a group named for it
            if entity is not None and entity.code and entity.kind == "country":
                return entity
        return None

    def _owned_by(self, token, actor: Entity) -> bool:
        """A noun whose possessive pronoun stands for the actor ("its troops", "their forces")."""
        for child in token.children:
            if child.dep_ == "poss" and child.pos_ == "PRON":
                owner = self.index.entity_at(child)
                return owner is not None and owner.name == actor.name
        return False

    def countries_in(self, sentence: Span) -> set[str]:
        """The state codes the sentence names, through its actors and its places."""
        named = {e.code for e in self.index.entities if e.span is not None and sentence.contains(e.span)}
        named |= {p.country for p in self.index.places if sentence.contains(p.span)}
        return {code for code in named if code and code not in NON_STATE_CODES}

    def between_partner(self, sentence, actor: Entity) -> Entity | None:
        """"contact between Putin and Biden, ..., who spoke": the other party of a "between" pair."""
        for token in sentence:
            if token.dep_ == "prep" and token.lower_ == "between":
                pair = [self.entity(t) for p in token.children if p.dep_ == "pobj" for t in (p, *p.conjuncts)]
                names = [e.name for e in pair if e is not None]
                if actor.name in names:
                    return next((e for e in pair if e is not None and e.name != actor.name), None)
        return None

    def antecedent_token(self, pronoun):
        """The noun a relative pronoun stands for; "who" wants a person, the parser's attachment permitting."""
        head = pronoun.head.head
        if pronoun.lower_ != "who" or (self.entity(head) is not None and self.entity(head).kind == "person"):
            return head
        people = [
            e for e in self.index.entities
            if e.kind == "person" and pronoun.sent.start_char <= e.span.start and e.span.end <= pronoun.idx
        ]
        if not people:
            return head
        span = pronoun.doc.char_span(people[-1].span.start, people[-1].span.end, alignment_mode="expand")
        return span.root if span is not None else head

    def entity(self, token) -> Entity | None:
        if token is None:
            return None
        entity = self.index.entity_at(token)
        if entity is None:  # "Russian troops", "his team"; a name beats a pronoun ("its European partners")
            modifiers = sorted((c for c in token.children if c.dep_ in _NAMING_DEPS and not stance_prefixed(c)),
                               key=lambda c: c.pos_ == "PRON")
            entity = next((e for c in modifiers if (e := self.index.entity_at(c) or self._country_word(c)) is not None),
                          None)
        if entity is None and (place := self.index.place_at(token)) is not None and place.country:
            entity = _country_entity(place)
        if entity is None and token.pos_ == "PROPN":  # "South Lebanon": a country name inside a region's
            entity = self._country_word(token)
        if entity is None or entity.code is None:
            owner = self._owner_code(token)
            if owner is not None:  # "Sudan's government", "leaders of the opposition in Zimbabwe"
                entity = dataclasses.replace(entity, code=owner) if entity else (
                    self._of_phrase(token) or self._owned_group(token, owner) or self._site(token, owner))
        if entity is not None and entity.kind == "country" and entity.sector is None and (
                home := self._home_code(token)) is not None:  # "the Albanians of southern Serbia"
            entity = dataclasses.replace(entity, code=home)
        if entity is not None and entity.code is None and entity.kind == "person" and entity.key:
            record = ActorTable.load().get(entity.key)  # out of every dated office, still a national
            if record is not None and record.code:
                entity = dataclasses.replace(entity, code=record.code)
        return entity

    def _country_word(self, token) -> Entity | None:
        """A word the tagger left unnamed that the dictionary knows as a country ("US Predator attacks")."""
        table = ActorTable.load()
        word = normalise(token.text)
        record = table.country(word) if not stance_prefixed(token) else None
        if record is None or record.code is None:
            return None
        span = token_span(self.doc, token)
        sector = None if word in table.adjectives else "GOV"  # "Albanian" says less than "Albania"
        return Entity(text=span.text, name=record.name, code=record.code, sector=sector, kind="country",
                      key=record.key, span=span)

    def _home_code(self, token) -> str | None:
        """A people ("Albanians") placed by an "of" phrase: the country they live in, as PLOVER codes it."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (code := self._coded(pobj)):
                        return code
        return None

    def _coded(self, token) -> str | None:
        """The country code of the entity or place under `token`, if any."""
        entity = self.index.entity_at(token)
        if entity is not None and entity.code:
            return entity.code
        place = self.index.place_at(token)
        return place.country if place is not None else None

    def _owner_code(self, token) -> str | None:
        """The country a group belongs to: its possessor, or an "of"/"in"/"from" phrase."""
        for child in token.children:  # "U.N. mediator Diego Cordovez": down the chain of compounds
            if child.dep_ in {"poss", "compound", "amod", "nmod"} and not stance_prefixed(child) and (
                    (code := self._coded(child)) or child.dep_ == "compound" and (code := self._owner_code(child))):
                return code
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and ((code := self._coded(pobj)) or (code := self._owner_code(pobj))):
                        return code
            elif child.dep_ == "acl" and child.lemma_ in _SEATED:  # "a newspaper based in Beirut"
                for pobj in _prepositional_objects(child, frozenset({"in", "at"})):
                    if code := self._coded(pobj):
                        return code
            elif child.dep_ == "acl" and child.lemma_ in _FLEEING:  # "refugees fleeing the war in Liberia"
                fled = [c for c in child.children if c.dep_ == "dobj"]  # the thing fled, and where it was
                places = fled + [o for f in fled for o in _prepositional_objects(f, frozenset({"in", "of"}))]
                for place in places + list(_prepositional_objects(child, frozenset({"in", "from"}))):
                    if code := self._coded(place):  # not "fleeing Russian attacks": whose attacks is not where
                        return code
        return None

    def _owned_group(self, token, code: str) -> Entity | None:
        """"opposition groups in Zimbabwe", "the government of Sindh": an agent noun and its country."""
        if token.pos_ != "NOUN":
            return None
        table = ActorTable.load()
        sector = table.group_sector([token.lower_]) or table.agent_sector([token.lemma_.lower()]) or (
            "MIL" if token.lower_ in _PLACED_FORCES else None)
        if sector is None:
            return None
        span = subtree_span(self.doc, token, _NOUN_PHRASE_CUTS)
        return Entity(text=span.text, name=span.text, code=code, sector=sector, kind="group", span=span)

    def _site(self, token, code: str) -> Entity | None:
        """"a village in western Cambodia", "a nuclear plant in central Iran": a place of that state, which
        event data codes as the party an attack or inspection is aimed at."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in _SITES:
            return None
        span = subtree_span(self.doc, token, _NOUN_PHRASE_CUTS)
        return Entity(text=span.text, name=span.text, code=code, kind="other", span=span)

    def _of_phrase(self, token) -> Entity | None:
        """"thousands of Nigerians", "a group of Moroccan diplomats": the people the quantity counts."""
        if token.pos_ not in {"NOUN", "NUM", "PRON"} and token.lower_ not in _QUANTITIES:
            return None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and (entity := self.index.entity_at(pobj)) is not None:
                    return entity
        return None


def recipient_tokens_conjuncts(token):
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield pobj
                    yield from pobj.conjuncts


def _subject_of(verb):
    """The doer of a verb: its subject, or the subject it shares with the verb it hangs from."""
    node = verb
    for _ in range(8):
        for child in node.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and node.i != verb.i):
                return subject_noun(child)
        if node.dep_ in {"xcomp", "acl"} and node.head.pos_ in {"NOUN", "PROPN"}:
            owner = next((c for c in node.head.children if c.dep_ == "poss"), None)
            if owner is not None:  # "his desire to meet"
                return owner
        if node.dep_ in {"xcomp", "advcl", "conj", "pcomp", "acl", "ccomp", "acomp"} and node.head.i != node.i:
            node = node.head
            if node.pos_ == "ADP":
                node = node.head
            continue
        return None
    return None


def _stance_holder(verb):
    """The subject of "is opposed to", "is committed to": a stance held, not a deed suffered."""
    children = list(verb.children)
    if verb.lemma_ not in _STANCE_PASSIVES or any(c.dep_ == "agent" for c in children):
        return None
    if not any(c.dep_ == "prep" and c.lower_ == "to" for c in children):
        return None
    # "Israel is opposed to"; the parser may hang the subject from "is" instead
    nodes = [verb, *(c for c in children if c.dep_ == "auxpass")]
    if verb.head.lemma_ == "be" and verb.dep_ in {"acomp", "xcomp", "attr"}:
        nodes.append(verb.head)
    return next((c for n in nodes for c in n.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _noun_actor(noun, resolves=lambda token: True):
    for child in noun.children:
        if child.dep_ in {"poss", "amod", "compound", "nmod"} and resolves(child):
            return child  # "Russia's annexation", "the Russian invasion"
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        return _subject_of(noun.head)  # "Israel and Lebanon renewed negotiations"
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":  # "asked about his conversations with"
        return None
    return None


def _recipient_tokens(token, pos: str, nested: bool = False):
    """Candidate recipients, nearest first: objects, prepositional objects, then deeper in the clause."""
    nodes = [token]
    objects = []
    if pos == "VERB":
        nodes += [c for c in token.children if c.dep_ == "prt"]
        for prep in token.children:  # "spoke by phone with Scholz": the "with" hangs from "phone"
            if prep.dep_ == "prep" and prep.lower_ in {"by", "via", "over"}:
                nodes += [c for c in prep.children if c.dep_ == "pobj"]
        for child in token.children:
            if child.dep_ == "dative" and child.pos_ == "ADP":  # "providing photographs to Macedonia"
                yield from _objects_of(child)
            elif child.dep_ in {"dobj", "dative", "nsubjpass"}:
                objects.append(child)
                yield child
    for node in nodes:
        yield from _prepositional_objects(node)
    for obj in objects:  # "denounced Serbia's crackdown", "rejected an offer from Kabul", "calls by Minsk"
        for child in obj.children:
            if child.dep_ in {"poss", "compound", "nmod", "amod"} and not stance_prefixed(child):
                yield child  # not "an anti-Syria journalist": a side taken
        yield from _prepositional_objects(obj, _RECIPIENT_PREPS | {"by"})
    for node in nodes:  # "called for sanctions against Nigeria": the phrase of a noun the verb governs
        for pobj in _prepositional_objects(node):
            yield from _prepositional_objects(pobj, _NOUN_PREPS)
    for node in nodes:  # "despite pressure by", "called off the strike after talks with the government"
        for pobj in _prepositional_objects(node, _CIRCUMSTANCE_PREPS):
            yield from _prepositional_objects(pobj, _NOUN_PREPS | {"by"})
        for pobj in _prepositional_objects(node, _SEQUEL_PREPS):
            if pobj.lemma_.lower() in _TALKS:
                yield from _prepositional_objects(pobj, frozenset({"with"}))
    if pos != "VERB" or nested:
        return
    for child in token.children:
        if child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"}:  # "refused to meet King Abdullah"
            yield from _recipient_tokens(child, "VERB", nested=True)
        elif child.dep_ == "ccomp" or child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ == "for" for m in child.children):
            # "demanded that the US cancel the sale", "pushing for the US to support the plan"
            yield from (g for g in child.children if g.dep_ == "nsubj")


def _destination_tokens(verb):
    """For a purpose clause ("to investigate"), the "to"/"into" objects of the verb it serves."""
    if verb.dep_ not in {"advcl", "xcomp"} or verb.head.pos_ != "VERB" or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return
    yield from _prepositional_objects(verb.head, frozenset({"to", "into"}))


def _prepositional_objects(node, preps: frozenset[str] | set[str] = frozenset()):
    for child in node.children:
        if child.dep_ == "prep" and child.lower_ in (preps or _RECIPIENT_PREPS):
            for pobj in _objects_of(child):
                yield pobj
                yield from pobj.conjuncts


def _objects_of(prep) -> list:
    """A preposition's objects; where the parser left it without one, the noun it still governs:
    one given to a following clause as subject ("granted asylum to five officers holed up in ...":
    "officers" heads "holed"), or the object it shares with a later preposition ("established
    ties with and opened an embassy in Tehran")."""
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    if objects or any(g.i > prep.i for g in prep.children):
        return objects
    stolen = [t for t in prep.sent if t.i > prep.i and t.left_edge.i == prep.i + 1 and
              t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ in {"NOUN", "PROPN"}]
    if stolen:
        return stolen[:1]
    doc = prep.doc
    if prep.i + 1 >= prep.sent.end or doc[prep.i + 1].dep_ != "cc":
        return []
    for token in doc[prep.i + 2:prep.sent.end]:  # the conjoined phrase, up to its first preposition
        if token.is_punct:
            return []
        if token.dep_ == "prep":
            return [g for g in token.children if g.dep_ == "pobj"]
    return []


def _locative_tokens(token, pos: str, venue: bool = True):
    """Places the event happens in or is aimed at: a last resort, read as that place's government.

    The CAMEO convention the PLOVER gold keeps: a capital or country named as the scene stands
    for its state when the clause names no other recipient. Without `venue`, places said of the
    trigger itself are left out, and only those of what it governs count.
    """
    governed = [c for c in token.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}] if pos == "VERB" else []
    if not venue:  # not where the parties meet ("concluded a deal in Geneva", "agreed to hold talks in")
        nodes = [n for n in governed if not _gathering(n)]
    else:  # "threatened to impose a curfew in Algiers": the scene of the verb it governs, too
        nodes = [token, *governed]
    nodes += [c for n in list(nodes) for c in n.children if c.dep_ in {"dobj", "nsubjpass"}]
    places = [p for node in nodes for p in _locatives(node)]
    yield from places
    for place in places:  # "rioted at a jail in northern Israel": the place that holds the scene
        yield from _locatives(place)


def _gathering(node) -> bool:
    """A meeting, or a verb that holds one: "meet", "summit", "hold talks"."""
    return node.lemma_.lower() in _GATHERINGS or any(
        c.dep_ == "dobj" and c.lemma_.lower() in _GATHERINGS for c in node.children)


def _locatives(node):
    for child in node.children:
        if child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
            yield from (pobj for pobj in child.children if pobj.dep_ == "pobj")


def _named_doer(token) -> bool:
    """A doer worth keeping uncoded: a name, or people ("foreign ministers", "rebels"), not "this development"."""
    if token.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in token.children if c.dep_ in {"compound", "amod"}):
        return True
    return token.pos_ == "NOUN" and ActorTable.load().agent_sector([token.lemma_.lower()]) is not None


def _unresolved(doc: Document, token) -> Entity:
    """An actor the dictionaries do not know: its words as written, with no code."""
    span = subtree_span(doc, token, frozenset({"relcl", "acl", "appos", "prep", "punct", "cc", "conj"}))
    return Entity(text=span.text, name=span.text, kind="other", span=span)


def role_on(entity: Entity | None, date: TimeRef | None) -> Entity | None:
    """Sectors change with office: Trump is ELI in 2021 and GOV in 2025. Re-read the role at the event's date."""
    if entity is None or entity.key is None or date is None or not date.value or not date.value[:4].isdigit():
        return entity
    start = date.value.split("/")[0]
    try:
        on = dt.date(int(start[:4]), int(start[5:7]) if len(start) >= 7 and start[5:7].isdigit() else 7, 1)
    except ValueError:
        return entity
    role = role_at(entity.key, on)
    if role is None or (role.code, role.sector) == (entity.code, entity.sector):
        return entity
    return dataclasses.replace(entity, code=role.code or entity.code, sector=role.sector or entity.sector)



def _country_entity(place: Place) -> Entity:
    return Entity(text=place.span.text, name=place.name, code=place.country, sector="GOV", kind="country", span=place.span)
