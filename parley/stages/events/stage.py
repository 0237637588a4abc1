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
from typing import cast

from ...knowledge.lexicon import Lexicon, Trigger, load_lexicon, mode_from_words
from ...model import Attribution, Document, Entity, Event, Place, Source, Status
from ...settings import Settings
from ..attribution import STANCES
from ..places import event_location, is_scene
from ..spans import Index, clause_tokens, span_of, token_span
from .event_dates import EventDates, is_background
from .fold import merge_mentions, same_party
from .participants import Participants, hosted, role_on
from .placement import domestic, placed
from .status import event_status, future_type, intent_governor, reject_mode, threat_mode

# Verbs that only carry the event noun they govern ("held talks", "launched an attack");
# any other verb is an event of its own ("condemned an attack", "demanded a meeting").
_LIGHT_VERBS = {
    "have", "hold", "conduct", "launch", "make", "begin", "start", "resume", "stage", "carry", "give",
    "mount", "undertake", "pay", "wage", "take", "continue", "open", "commit", "perform", "do", "impose", "issue",
}
_TOPIC_PREPS = {"about", "regarding", "concerning", "over", "on"}
# Verbs of gathering and sending whose purpose clause is the event itself: "marched to
# protest" is a PROTEST (manual: "rally, gather to protest"), "sent experts to investigate" an ACCUSE.
_MOVEMENT_VERBS = {"march", "rally", "gather", "converge", "assemble", "flock", "take", "send", "dispatch", "travel", "come", "go", "arrive"}
# Verbs that speed, widen or finish what their object names: "speeded up the withdrawal" is the withdrawal.
_ASPECT_VERBS = {"speed", "accelerate", "step", "intensify", "escalate", "complete", "finish"}
# Verbs that put out a document: "issued a declaration demanding" is the demand the declaration makes.
_DOCUMENT_VERBS = {"issue", "release", "publish", "adopt", "pass", "send", "make", "give"}
# Nouns naming an undertaking: in "a mediation mission between", the mission's parties are the mediation's.
_UNDERTAKINGS = {"mission", "effort", "bid", "initiative", "campaign", "operation", "process", "programme", "program", "drive"}
# A concession verb reports a clause ("conceded that ..."); with an object or "to" it is the concession itself.
_CONCESSIONS = {"concede"}
_PLAN_HEADS = {"about", "plan", "prepare", "schedule", "expect", "set", "go", "intend", "agree", "promise", "pledge", "vow", "threaten", "decide", "try", "attempt"}
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
        self.participants = Participants(doc, index)
        self.dates = EventDates(doc, index)

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
        if pos is None or _topic_or_purpose(token) or _idiom(token):
            return None
        if lemma in _NOT_TRIGGERS and not (lemma in _CONCESSIONS and _concedes_something(token)):
            return None
        words = {t.lemma_.lower() for t in clause_tokens(token)} | {t.lower_ for t in clause_tokens(token)}
        trigger = self._gathering_for(token) if pos == "VERB" else None
        trigger = trigger or self.lexicon.match(lemma, pos, words)
        if trigger is None or (pos == "VERB" and (self._light_verb(token) or self._carries_purpose(token))):
            return None
        intent = intent_governor(token) if trigger.event == "CONSULT" else None
        if intent is not None:  # "his desire to meet Putin": an intent to meet is PLOVER's AGREE
            trigger = Trigger("AGREE", None, "036", context=("diplomatic",))
        holder = token.head if pos == "NOUN" and _names_undertaking(token) else token
        actor, recipient, anaphoric = self.participants.find(holder, pos, trigger)
        if anaphoric and actor is None:
            actor, recipient = self._antecedent(trigger)
        if actor is None and pos == "VERB" and (issuer := _document_issuer(token)) is not None:
            actor = self.participants.entity(issuer)  # "the party issued a declaration demanding"
        if actor is None and recipient is None:
            return None
        status = cast(Status, event_status(token, intent))  # one of occurred, planned, possible, did_not_occur
        source, denied_by, status = self._attribution(token, status)
        if pos == "VERB" and _obliged(token) and source.entity is not None and (
            actor is None or source.entity.name != actor.name
        ):  # "Russia said Sudan must return the helicopter": Russia demands it of Sudan
            mode = reject_mode(trigger.event) if trigger.event != "AGREE" else None
            trigger = Trigger("REQUEST", mode, "100", context=trigger.context)
            actor, recipient = source.entity, actor or recipient
        elif intent is None and (retyped := future_type(trigger.event, trigger.mode, token, status)) is not None:
            # the matched pattern's CAMEO code no longer describes the event: exports fall back to the type's root
            trigger = dataclasses.replace(trigger, event=retyped[0], mode=retyped[1], cameo="")
        if trigger.mode is None:
            trigger = dataclasses.replace(trigger, mode=self._mode(token, trigger.event))
        if pos == "NOUN" and source.kind != "article" and _presupposed(token):
            source = Source.article()  # "about ending his invasion": the author takes it as given
        date = self.dates.date(token, pos)
        if date is None and intent is not None:
            date = self.dates.narrative_date(token)
        actor, recipient = role_on(actor, date), role_on(recipient, date)
        if same_party(actor, recipient):
            recipient = None  # a pronoun resolved back to the doer ("Trump said he ... Trump"): nobody acts on himself
        location = _location(self.doc, sentence, token)
        if location is not None and not hosted(trigger) and is_scene(self.doc, location):  # not "a truce in Doha"
            actor, recipient = placed(actor, location), placed(recipient, location)
        recipient = domestic(recipient, actor, self.participants.countries_in(sentence))
        return Event(
            id=f"{self.doc.article.id}-m{len(self.found) + 1}",
            event=trigger.event,
            mode=trigger.mode,
            actor=actor,
            recipient=recipient,
            trigger=token_span(self.doc, token),
            lemma=token.lemma_.lower(),
            sentence=sentence,
            status=status,
            background=is_background(date, self.doc.date),
            source=source,
            denied_by=denied_by,
            date=date,
            location=location,
            context=trigger.context,
            cameo=trigger.cameo or None,
            negated=status == "did_not_occur",
            produced_by=Events.name,
        )

    def _mode(self, token, event: str) -> str | None:
        """A mode the trigger lacks: a threat's content, else the weapon, force or form named."""
        if event == "THREATEN":
            for child in token.children:  # "threatened to launch an offensive", "threat of sanctions"
                content = child if child.dep_ == "xcomp" else next(
                    (g for g in child.children if g.dep_ in {"pobj", "pcomp"}), None) if child.dep_ == "prep" else None
                found = self._content(content) if content is not None else None
                if found is not None:
                    return threat_mode(found.event, found.mode)
            return "violence" if _words(token.sent) & _VIOLENCE_WORDS else None
        return mode_from_words(event, _words(token.sent))

    def _content(self, token) -> Trigger | None:
        """The event a complement names: its own word, or the event noun a light verb carries."""
        for node in (token, *(c for c in token.children if c.dep_ == "dobj")):
            pos = "NOUN" if node.pos_ == "NOUN" else "VERB"
            words = {t.lemma_.lower() for t in clause_tokens(node)}
            if (found := self.lexicon.match(node.lemma_.lower(), pos, words)) is not None:
                return found
        return None

    def _carries_purpose(self, verb) -> bool:
        """"converged to protest": a gathering or sending verb gives way to the event it serves."""
        if verb.lemma_.lower() not in _MOVEMENT_VERBS:
            return False
        for child in verb.children:
            if child.pos_ == "VERB" and _purpose(child):
                words = {t.lemma_.lower() for t in clause_tokens(child)}
                if self.lexicon.match(child.lemma_.lower(), "VERB", words) is not None:
                    return True
        return False

    def _gathering_for(self, verb) -> Trigger | None:
        """"converging for a rally", "arrived for talks": a movement made for an event is that event."""
        if verb.lemma_.lower() not in _MOVEMENT_VERBS:
            return None
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "for":
                for noun in (g for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"):
                    words = {t.lemma_.lower() for t in clause_tokens(noun)}
                    if (found := self.lexicon.match(noun.lemma_.lower(), "NOUN", words)) is not None:
                        return found
        return None

    def _light_verb(self, verb) -> bool:
        """"held a telephone call": the event noun, not the verb, carries the event."""
        lemma = verb.lemma_.lower()
        if lemma not in _LIGHT_VERBS | _ASPECT_VERBS | _DOCUMENT_VERBS:
            return False
        for child in verb.children:
            if child.dep_ != "dobj" or child.pos_ != "NOUN":
                continue
            child_words = {t.lemma_.lower() for t in clause_tokens(child)}
            # "adopted a resolution", "published a report": a document verb gives way only to its clause
            if lemma not in _DOCUMENT_VERBS - _LIGHT_VERBS and self.lexicon.match(
                    child.lemma_.lower(), "NOUN", child_words) is not None:
                return True
            if lemma in _DOCUMENT_VERBS and any(self._clause_event(c) for c in child.children if c.dep_ == "acl"):
                return True  # "a statement condemning the attack": the statement's own act
        return False

    def _clause_event(self, verb) -> bool:
        words = {t.lemma_.lower() for t in clause_tokens(verb)}
        return verb.pos_ == "VERB" and self.lexicon.match(verb.lemma_.lower(), "VERB", words) is not None

    def _antecedent(self, trigger: Trigger) -> tuple[Entity | None, Entity | None]:
        """"such a meeting": the participants of the latest earlier contact event in the article."""
        if trigger.event not in {"CONSULT", "AGREE"}:
            return None, None
        for event in reversed(self.found):
            if event.event in {"CONSULT", "AGREE"} and event.actor and event.recipient:
                return event.actor, event.recipient
        return None, None

    # --- who says so, when ------------------------------------------------------------------
    def _attribution(self, token, status: Status) -> tuple[Source, Entity | None, Status]:
        offset = token.idx
        covering = [
            a for a in self.doc.attributions
            if a.content.start <= offset < a.content.end and a.stance != "evaluate"  # praising X does not assert X
        ]
        covering.sort(key=lambda a: a.content.end - a.content.start)
        denials = [a for a in covering if a.stance == "deny"]
        asserting = [a for a in covering if a.stance != "deny"]
        source = asserting[0].source if asserting else Source.article()
        if denials:
            return source, _denier(denials[0]), "disputed"
        return source, None, status

_VIOLENCE_WORDS = {"blow", "blows", "attack", "attacks", "war", "violence", "kill", "force", "military", "strike", "strikes"}


def _obliged(verb) -> bool:
    """"must return", "should ensure": the clause lays an obligation on its subject."""
    return any(c.dep_ == "aux" and c.lower_ in {"must", "should"} for c in verb.children)


def _words(sentence) -> set[str]:
    return {t.lower_ for t in sentence} | {t.lemma_.lower() for t in sentence}


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
        head = token.head.lemma_.lower()
        return intent_governor(token) is None and head not in _PLAN_HEADS and head not in _MOVEMENT_VERBS
    if token.dep_ == "conj" and token.head.i != token.i:
        return _topic_or_purpose(token.head)  # "to protect ... and ensure ...": both are aims
    return False


def _document_issuer(verb):
    """The subject of the verb that put out the document a clause hangs from."""
    document = verb.head
    if verb.dep_ != "acl" or document.dep_ != "dobj" or document.head.lemma_.lower() not in _DOCUMENT_VERBS:
        return None
    return next((c for c in document.head.children if c.dep_ == "nsubj"), None)


def _concedes_something(verb) -> bool:
    """"conceded to demands", "conceded defeat"; not "conceded that ..." nor a bare "as he conceded"."""
    children = list(verb.children)
    if any(c.dep_ in {"ccomp", "xcomp"} for c in children):
        return False
    return any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to") for c in children)


def _names_undertaking(noun) -> bool:
    """"mediation mission": the event noun modifies a noun naming the undertaking it is."""
    return noun.dep_ == "compound" and noun.head.lemma_.lower() in _UNDERTAKINGS


def _purpose(verb) -> bool:
    return verb.dep_ in {"advcl", "xcomp"} and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _idiom(token) -> bool:
    """"take place", "take part": the verb carries no event of its own."""
    return token.lemma_.lower() == "take" and any(c.lower_ in {"place", "part"} for c in token.children)


def _presupposed(noun) -> bool:
    """A definite or possessed event noun ("his invasion", "the annexation") is given, not reported."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in noun.children)


def _denier(attribution: Attribution) -> Entity | None:
    source = attribution.source
    return source.entity or Entity(text=source.name, name=source.name, kind="other")


def _location(doc: Document, sentence, token) -> Place | None:
    return event_location(doc, sentence, token)
