"""Find the events a document reports and code them in PLOVER.

For each sentence of news text (captions, embedded posts and headlines are
skipped by default) a trigger word is looked up in the lexicon with the words of
its own clause; its actor and recipient come from that clause's grammar (subject,
object, "with"/"against"/"between" phrases, possessives), never from another
sentence, except where the text itself points back ("he", "such a meeting").
Status, source and denial come from modal verbs, negation and the attribution
that covers the trigger. `merge.py` then folds repeated mentions into one record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..actors import ActorTable, role_at
from ..lexicon import Lexicon, Trigger, load_lexicon
from ..model import Attribution, Document, Entity, Event, Place, Source, TimeRef
from ..settings import Settings
from ..spans import Index, clause_tokens, span_of, subtree_span, token_span
from .attribution import STANCES
from .integrity import match_reference_events
from .merge import merge_mentions
from .status import event_status, intent_governor

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
_RECIPIENT_PREPS = {"with", "to", "against", "on", "at", "into", "toward", "towards", "from", "of", "between", "for", "upon"}
_LIGHT_VERBS = {"have", "hold", "conduct", "launch", "make", "begin", "start", "resume", "stage", "carry", "give"}
_TOPIC_PREPS = {"about", "regarding", "concerning", "over", "on"}
_PLAN_HEADS = {"plan", "prepare", "schedule", "expect", "set", "go", "intend", "agree", "promise", "pledge", "vow", "threaten", "decide", "try", "attempt"}
_ANAPHORIC_DETS = {"such", "this", "that", "the"}
# Reporting verbs carry attributions, not events; "reject"/"deny" code REJECT only without a reported clause.
_NOT_TRIGGERS = {lemma for lemma, stance in STANCES.items() if stance != "deny"} | {"be", "have", "accord"}


class Events:
    name = "parley.events.v1"
    requires = ("nlp", "blocks", "entities", "times", "places", "attributions")
    assigns = ("events",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lexicon = load_lexicon()

    def __call__(self, doc: Document) -> Document:
        finder = _Finder(doc, Index.of(doc), self.lexicon, self.settings)
        mentions = finder.find()
        return dataclasses.replace(doc, events=tuple(merge_mentions(doc, mentions)))


class _Finder:
    def __init__(self, doc: Document, index: Index, lexicon: Lexicon, settings: Settings) -> None:
        self.doc, self.index, self.lexicon, self.settings = doc, index, lexicon, settings
        self.found: list[Event] = []

    def find(self) -> list[Event]:
        for sentence in self.doc.nlp.sents:
            span = span_of(self.doc, sentence.start_char, sentence.end_char)
            if not span.text.strip() or self._skipped(span):
                continue
            for token in sentence:
                event = self._event_at(token, span)
                if event is not None:
                    self.found.append(event)
        return self.found

    def _skipped(self, span) -> bool:
        for block in self.doc.blocks:
            if not block.span.overlaps(span):
                continue
            if block.kind in {"caption", "embed"} and not self.settings.code_captions:
                return True
            if block.kind == "headline" and not self.settings.code_headlines:
                return True
        return False

    def _event_at(self, token, sentence) -> Event | None:
        pos = "NOUN" if token.pos_ == "NOUN" else "VERB" if token.pos_ == "VERB" else None
        lemma = token.lemma_.lower()
        if pos is None or lemma in _NOT_TRIGGERS or _topic_or_purpose(token) or _idiom(token):
            return None
        words = {t.lemma_.lower() for t in clause_tokens(token)} | {t.lower_ for t in clause_tokens(token)}
        trigger = self.lexicon.match(lemma, pos, words)
        if trigger is None or (pos == "VERB" and self._light_verb(token)):
            return None
        intent = intent_governor(token) if trigger.event == "CONSULT" else None
        if intent is not None:  # "his desire to meet Putin": an intent to meet is PLOVER's AGREE
            trigger = Trigger("AGREE", None, "036", context=("diplomatic",))
        actor, recipient, anaphoric = self._participants(token, pos, trigger)
        if anaphoric and actor is None:
            actor, recipient = self._antecedent(trigger)
        if actor is None and recipient is None:
            return None
        status = event_status(token, intent)
        source, denied_by, status = self._attribution(token, status)
        if pos == "NOUN" and source.kind != "article" and _presupposed(token):
            source = Source.article()  # "about ending his invasion": the author takes it as given
        date = self._date(token, pos)
        if date is None and intent is not None:
            date = self._narrative_date(token)
        actor, recipient = _role_on(actor, date), _role_on(recipient, date)
        location = _location(self.doc, sentence, token)
        return Event(
            id=f"{self.doc.article.id}-m{len(self.found) + 1}",
            event=trigger.event,
            mode=trigger.mode,
            actor=actor,
            recipient=recipient,
            trigger=token_span(self.doc, token),
            sentence=sentence,
            status=status,
            background=_is_background(date, self.doc.date),
            source=source,
            denied_by=denied_by,
            date=date,
            location=location,
            context=trigger.context,
            cameo=trigger.cameo,
            negated=status == "did_not_occur",
            produced_by=Events.name,
        )

    # --- who did it to whom -------------------------------------------------------------
    def _participants(self, token, pos: str, trigger: Trigger) -> tuple[Entity | None, Entity | None, bool]:
        actor_token = _subject_of(token) if pos == "VERB" else _noun_actor(token, lambda t: self._entity(t) is not None)
        if actor_token is not None and actor_token.lower_ in {"who", "which", "that"} and actor_token.head.dep_ == "relcl":
            actor_token = self._antecedent_token(actor_token)  # "Joe Biden, ..., who spoke"
        actor = self._entity(actor_token) if actor_token is not None else None
        if actor is None and pos == "VERB" and actor_token is not None and _named_doer(actor_token):
            actor = _unresolved(self.doc, actor_token)  # keep the doer as written, uncoded
        recipient = None
        for candidate in _recipient_tokens(token, pos):
            entity = self._entity(candidate)
            if entity is not None and (actor is None or entity.name != actor.name):
                recipient = entity
                break
        if actor is not None and recipient is None and trigger.event in SYMMETRIC:
            for conj in actor_token.conjuncts:  # "Putin and Trump have both expressed interest"
                if (other := self._entity(conj)) is not None and other.name != actor.name:
                    recipient = other
                    break
        if actor is not None and recipient is None and trigger.event in SYMMETRIC:
            recipient = self._between_partner(token.sent, actor)
        if actor is None and recipient is not None and pos == "NOUN":
            for conj in recipient_tokens_conjuncts(token):
                if (other := self._entity(conj)) is not None and other.name != recipient.name:
                    actor = other
                    break
        anaphoric = pos == "NOUN" and any(
            c.dep_ in {"det", "predet"} and c.lower_ in _ANAPHORIC_DETS for c in token.children
        )
        return actor, recipient, anaphoric

    def _light_verb(self, verb) -> bool:
        """"held a telephone call": the event noun, not the verb, carries the event."""
        for child in verb.children:
            if child.dep_ == "dobj" and child.pos_ == "NOUN":
                child_words = {t.lemma_.lower() for t in clause_tokens(child)}
                if self.lexicon.match(child.lemma_.lower(), "NOUN", child_words) is not None:
                    return True
        return False

    def _between_partner(self, sentence, actor: Entity) -> Entity | None:
        """"contact between Putin and Biden, ..., who spoke": the other party of a "between" pair."""
        for token in sentence:
            if token.dep_ == "prep" and token.lower_ == "between":
                pair = [self._entity(t) for p in token.children if p.dep_ == "pobj" for t in (p, *p.conjuncts)]
                names = [e.name for e in pair if e is not None]
                if actor.name in names:
                    return next((e for e in pair if e is not None and e.name != actor.name), None)
        return None

    def _antecedent_token(self, pronoun):
        """The noun a relative pronoun stands for; "who" wants a person, the parser's attachment permitting."""
        head = pronoun.head.head
        if pronoun.lower_ != "who" or (self._entity(head) is not None and self._entity(head).kind == "person"):
            return head
        people = [
            e for e in self.index.entities
            if e.kind == "person" and pronoun.sent.start_char <= e.span.start and e.span.end <= pronoun.idx
        ]
        if not people:
            return head
        span = pronoun.doc.char_span(people[-1].span.start, people[-1].span.end, alignment_mode="expand")
        return span.root if span is not None else head

    def _antecedent(self, trigger: Trigger) -> tuple[Entity | None, Entity | None]:
        """"such a meeting": the participants of the latest earlier contact event in the article."""
        if trigger.event not in {"CONSULT", "AGREE"}:
            return None, None
        for event in reversed(self.found):
            if event.event in {"CONSULT", "AGREE"} and event.actor and event.recipient:
                return event.actor, event.recipient
        return None, None

    def _entity(self, token) -> Entity | None:
        if token is None:
            return None
        entity = self.index.entity_at(token)
        if entity is None:
            for child in token.children:  # "his team", "Russian troops"
                if child.dep_ in {"poss", "amod", "compound"} and (entity := self.index.entity_at(child)):
                    break
        if entity is None and (place := self.index.place_at(token)) is not None and place.country:
            entity = _country_entity(place)
        return entity

    # --- who says so, when ------------------------------------------------------------------
    def _attribution(self, token, status: str) -> tuple[Source, Entity | None, str]:
        offset = token.idx
        covering = [a for a in self.doc.attributions if a.content.start <= offset < a.content.end]
        covering.sort(key=lambda a: a.content.end - a.content.start)
        denials = [a for a in covering if a.stance == "deny"]
        asserting = [a for a in covering if a.stance != "deny"]
        source = asserting[0].source if asserting else Source.article()
        if denials:
            return source, _denier(denials[0]), "disputed"
        return source, None, status

    def _date(self, token, pos: str) -> TimeRef | None:
        """A time expression in the trigger's clause; for a noun, in the clause of the verb above it."""
        for anchor in _date_anchors(token, pos):
            offsets = {t.idx for t in clause_tokens(anchor)}
            for time in self.index.times:
                if time.kind not in {"duration", "set", "since"} and time.value and any(
                    time.span.start <= o < time.span.end for o in offsets
                ):
                    return time
        return self._reference_date(token)

    def _narrative_date(self, token) -> TimeRef | None:
        """A stated intent takes the time of the statements its paragraph reports ("Last week, Trump said ...")."""
        block = next((b for b in self.doc.blocks if b.span.start <= token.idx < b.span.end), None)
        if block is None:
            return None
        earlier = [
            t for t in self.index.times
            if block.span.start <= t.span.start < token.idx and t.value and t.kind == "date"
        ]
        return earlier[-1] if earlier else None

    def _reference_date(self, token) -> TimeRef | None:
        """A well-known event named by the trigger ("Russia's annexation of Crimea") carries its own date."""
        sentence = token.sent
        for start, end, reference in match_reference_events(sentence.text):
            start += sentence.start_char
            end += sentence.start_char
            if start <= token.idx < end:
                return TimeRef(span_of(self.doc, start, end), reference.date.isoformat(), "day", relative=False)
        return None


def recipient_tokens_conjuncts(token):
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield pobj
                    yield from pobj.conjuncts


def _date_anchors(token, pos: str):
    yield token
    if pos != "NOUN":
        return
    node = token
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    if node.pos_ in {"VERB", "AUX"}:
        yield node
        yield from node.conjuncts  # "preparations ... are underway and could take place in March"


def _subject_of(verb):
    """The doer of a verb: its subject, or the subject it shares with the verb it hangs from."""
    node = verb
    for _ in range(8):
        for child in node.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and node.i != verb.i):
                return child
        if node.dep_ in {"xcomp", "acl"} and node.head.pos_ in {"NOUN", "PROPN"}:
            owner = next((c for c in node.head.children if c.dep_ == "poss"), None)
            if owner is not None:  # "his desire to meet"
                return owner
        if node.dep_ in {"xcomp", "advcl", "conj", "pcomp", "acl", "ccomp"} and node.head.i != node.i:
            node = node.head
            if node.pos_ == "ADP":
                node = node.head
            continue
        return None
    return None


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


def _recipient_tokens(token, pos: str):
    nodes = [token]
    if pos == "VERB":
        nodes += [c for c in token.children if c.dep_ == "prt"]
        for prep in token.children:  # "spoke by phone with Scholz": the "with" hangs from "phone"
            if prep.dep_ == "prep" and prep.lower_ in {"by", "via", "over"}:
                nodes += [c for c in prep.children if c.dep_ == "pobj"]
        for child in token.children:
            if child.dep_ in {"dobj", "dative"}:
                yield child
            if child.dep_ == "nsubjpass":
                yield child
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in _RECIPIENT_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        yield pobj
                        yield from pobj.conjuncts


def _topic_or_purpose(token) -> bool:
    """"talks about ending the war", "an operation to protect": a topic or an aim, not an event.

    An infinitive that is someone's intent to meet stays (it becomes AGREE), and so does one
    governed by a plan ("plans to visit"), which the status reads as planned.
    """
    if token.dep_ == "pcomp" and token.head.lower_ in _TOPIC_PREPS:
        return True
    if token.dep_ == "pobj" and token.head.lower_ in {"about", "regarding", "concerning"} and token.pos_ == "NOUN":
        return True  # "to tell him about the conversation"
    if token.pos_ == "VERB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children):
        return intent_governor(token) is None and token.head.lemma_.lower() not in _PLAN_HEADS
    if token.dep_ == "conj" and token.head.i != token.i:
        return _topic_or_purpose(token.head)  # "to protect ... and ensure ...": both are aims
    return False


def _idiom(token) -> bool:
    """"take place", "take part": the verb carries no event of its own."""
    return token.lemma_.lower() == "take" and any(c.lower_ in {"place", "part"} for c in token.children)


def _presupposed(noun) -> bool:
    """A definite or possessed event noun ("his invasion", "the annexation") is given, not reported."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in noun.children)


def _named_doer(token) -> bool:
    """A doer worth keeping uncoded: a name, or people ("foreign ministers", "rebels"), not "this development"."""
    if token.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in token.children if c.dep_ in {"compound", "amod"}):
        return True
    return token.pos_ == "NOUN" and ActorTable.load().agent_sector([token.lemma_.lower()]) is not None


def _unresolved(doc: Document, token) -> Entity:
    """An actor the dictionaries do not know: its words as written, with no code."""
    span = subtree_span(doc, token, frozenset({"relcl", "acl", "appos", "prep", "punct", "cc", "conj"}))
    return Entity(text=span.text, name=span.text, kind="other", span=span)


def _role_on(entity: Entity | None, date: TimeRef | None) -> Entity | None:
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


def _denier(attribution: Attribution) -> Entity | None:
    source = attribution.source
    return source.entity or Entity(text=source.name, name=source.name, kind="other")


def _country_entity(place: Place) -> Entity:
    return Entity(text=place.span.text, name=place.name, code=place.country, sector="GOV", kind="country", span=place.span)


def _location(doc: Document, sentence, token) -> Place | None:
    try:
        from .places import event_location
    except ImportError:
        return None
    return event_location(doc, sentence, token)


def _is_background(date: TimeRef | None, published: dt.date | None) -> bool:
    """History recalled as context: the event ended more than half a year before publication."""
    if date is None or not date.value or published is None:
        return False
    end = date.value.split("/")[-1]
    try:
        year = int(end[:4])
    except ValueError:
        return False
    month = int(end[5:7]) if len(end) >= 7 and end[4] == "-" and end[5:7].isdigit() else 12
    return (published.year - year) * 12 + (published.month - month) > 6
