"""What a reader looks at to decide whether a candidate event is one the article reports.

Each candidate (an `Event` the events stage proposed) becomes a set of string features read from
the parse and the record: the trigger and its lexicon type, the grammar around it (negation,
modals, conditionals, questions, purpose clauses, passive voice), where it stands (headline, lead,
inside quotation marks, under a reporting verb), who the parties are (a state, a person, a group,
nothing), and cues of opinion, polls and metaphor ("attacks on his record"). The decision model
(`stage.py`) weighs them; the features only describe.
"""

from __future__ import annotations

from ...model import Document, Event

_MODALS = {"will", "would", "could", "can", "may", "might", "should", "must", "shall", "'ll", "wo", "ca"}
_CONDITIONS = {"if", "unless", "whether", "lest"}
_POLL = {"poll", "survey", "percent", "%", "respondent", "voter", "approve", "favorability", "ballot", "vote"}
_OPINION = {"think", "believe", "feel", "opinion", "column", "columnist", "editorial", "argue", "seem", "perhaps",
            "probably", "arguably", "apparently", "maybe", "hope", "wish", "fear"}
_FIRST_PERSON = {"i", "we", "my", "our", "me", "us"}
_ABSTRACT = {"record", "policy", "policies", "democracy", "freedom", "press", "truth", "character", "credibility",
             "legacy", "plan", "idea", "agenda", "rights", "law", "institution", "institutions", "election",
             "integrity", "values", "science", "reputation", "campaign", "decision", "bill"}
_PLAN = {"plan", "expect", "schedule", "set", "intend", "threaten", "propose", "seek", "want", "aim", "hope",
         "prepare", "consider", "urge", "call", "ask", "try", "vow", "pledge", "promise"}
_NATURE = {"earthquake", "storm", "hurricane", "flood", "fire", "wildfire", "volcano", "virus", "pandemic",
           "disease", "quake", "tornado", "drought", "heat", "tsunami", "market", "inflation", "price", "prices"}
# Practice, not the act: "during a training exercise", "a drill simulating an attack".
_DRILL = {"exercise", "drill", "training", "rehearsal", "simulation", "simulate", "mock", "war game", "wargame"}
_QUOTES = '"\u201c\u201d'


def trigger_token(doc: Document, event: Event):
    """The parsed token at the event's trigger, or None where the parse is not there."""
    if doc.nlp is None:
        return None
    span = doc.nlp.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def features(doc: Document, event: Event, order: int) -> list[str]:
    """The candidate's features; `order` is its rank among the document's candidates."""
    lemma = (event.lemma or event.trigger.text).lower()
    f = [
        "bias", f"type={event.event}", f"lemma={lemma}", f"type_lemma={event.event}|{lemma}",
        f"mode={event.mode}", f"status={event.status}", f"source={event.source.kind}",
        f"background={event.background}", f"cameo2={(event.cameo or '')[:2]}",
        f"actor={_party(event.actor)}", f"recipient={_party(event.recipient)}",
        f"parties={_party(event.actor)}>{_party(event.recipient)}",
        f"type_actor={event.event}|{_party(event.actor)}",
        f"placed={event.location is not None}", f"mentions={min(len(event.mentions), 3)}",
        f"order={min(order, 10) // 3}", f"context={'|'.join(event.context[:2])}",
    ]
    if event.actor is not None and event.recipient is not None and event.actor.code and \
            event.actor.code == event.recipient.code:
        f.append("same_code")
    f += _place_in_text(doc, event)
    f += _repeats(doc, event, order)
    token = trigger_token(doc, event)
    if token is not None:
        f += _grammar(token, event.event)
    return f


def _repeats(doc: Document, event: Event, order: int) -> list[str]:
    """Whether an earlier candidate already reported this: same type, same doer (a recap, a quote of it)."""
    earlier = [e for e in doc.events[:order] if e.event == event.event]
    if not earlier:
        return ["first_of_type"]
    doer = _key(event.actor)
    if doer is not None and any(_key(e.actor) == doer for e in earlier):
        done_to = _key(event.recipient)
        same = any(_key(e.actor) == doer and _key(e.recipient) == done_to for e in earlier)
        return ["repeat_parties" if same else "repeat_actor"]
    return ["repeat_type"]


def _key(entity) -> str | None:
    return None if entity is None else (entity.key or entity.name or entity.text).lower()


def _party(entity) -> str:
    if entity is None:
        return "none"
    coded = "coded" if entity.code else "uncoded"
    return f"{entity.kind}/{coded}"


def _place_in_text(doc: Document, event: Event) -> list[str]:
    f = []
    position = event.sentence.start / max(len(doc.text), 1)
    f.append(f"position={min(int(position * 5), 4)}")
    block = next((b.kind for b in doc.blocks if b.span.overlaps(event.sentence)), "none")
    f.append(f"block={block}")
    before = doc.text[event.sentence.start:event.trigger.start]
    if sum(before.count(q) for q in _QUOTES) % 2 == 1:
        f.append("in_quote")
    if doc.text[event.sentence.start:event.sentence.end].rstrip().endswith("?"):
        f.append("question")
    return f


def _grammar(token, kind: str) -> list[str]:
    f = [f"pos={token.pos_}", f"dep={token.dep_}", f"tag={token.tag_}", f"head={token.head.lemma_.lower()}",
         f"type_dep={kind}|{token.dep_}"]
    children = list(token.children)
    deps = {c.dep_ for c in children}
    words = {c.lower_ for c in children}
    if "neg" in deps or words & {"never", "no"}:
        f.append("negated")
    if "auxpass" in deps or "nsubjpass" in deps:
        f.append("passive")
    if "nsubj" not in deps and "nsubjpass" not in deps and token.pos_ == "VERB":
        f.append("no_subject")
    f += [f"modal={w}" for w in words & _MODALS]
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in children):
        f.append("infinitive")
    if token.dep_ in {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "conj"}:
        f.append(f"clause={token.dep_}")
    for c in children:
        if c.dep_ == "prep":
            objects = [g for g in c.children if g.dep_ == "pobj"]
            f.append(f"prep={c.lower_}")
            if objects and c.lower_ in {"on", "against"} and objects[0].lemma_.lower() in _ABSTRACT:
                f.append("metaphor_target")  # "attacks on his record"
        if c.dep_ in {"det", "poss"} and token.pos_ == "NOUN":
            f.append(f"det={c.lower_ if c.dep_ == 'det' else 'poss'}")
        if c.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            f.append(f"{c.dep_}_ent={c.ent_type_ or c.pos_}")
            if c.lemma_.lower() in _NATURE:
                f.append("natural_force")
            if c.lower_ in _FIRST_PERSON:
                f.append(f"{c.dep_}_first_person")
    sentence = token.sent
    lemmas = {t.lemma_.lower() for t in sentence}
    lowers = {t.lower_ for t in sentence}
    if lowers & _CONDITIONS:
        f.append("condition_in_sentence")
    if lemmas & _POLL:
        f.append("poll_words")
    if lemmas & _OPINION:
        f.append("opinion_words")
    if lowers & _FIRST_PERSON:
        f.append("first_person")
    if lemmas & _NATURE:
        f.append("nature_words")
    if lemmas & _DRILL:
        f.append("drill_words")
    # the governing chain up to the root: modals, conditions and plans above the trigger
    node, hops = token, 0
    while node.head.i != node.i and hops < 4:
        node, hops = node.head, hops + 1
        lemma = node.lemma_.lower()
        if lemma in _PLAN:
            f.append("under_plan")
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in node.children):
            f.append("under_condition")
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in node.children):
            f.append("under_modal")
        if any(c.dep_ == "neg" for c in node.children):
            f.append("under_negation")
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in children):
        f.append("under_condition")
    f.append(f"depth={min(hops, 4)}")
    f.append(f"sent_len={min(len(sentence) // 15, 4)}")
    return f
