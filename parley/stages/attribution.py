"""Find who asserts what: reporting clauses, their sources, cues, contents and stances.

"Trump said that ...", "X denied that ...", "..., which the Kremlin denied",
"according to a readout from the transition team", "Woodward reported in his
book 'War' that ...". Events found later inherit the source and stance of the
innermost attribution whose content covers their trigger.
"""

from __future__ import annotations

import dataclasses

from ..model import Attribution, Document, Entity, Source
from ..settings import Settings
from ..spans import Index, span_of, subtree_span, token_span

# Reporting verbs by stance. "claim" keeps the author's distance; "deny" disputes the content.
STANCES: dict[str, str] = {
    **dict.fromkeys(
        "say tell state report add announce indicate suggest insist maintain note write argue explain "
        "stress emphasize emphasise assert reveal disclose declare predict recall describe hint "
        "signal remark believe think reiterate testify".split(), "assert"),
    **dict.fromkeys("confirm acknowledge admit concede verify".split(), "confirm"),
    **dict.fromkeys("claim allege contend purport".split(), "claim"),
    **dict.fromkeys("deny dismiss refute rebut reject dispute contradict".split(), "deny"),
}
_CONTENT_DEPS = {"ccomp", "xcomp", "pcomp", "prep", "dobj"}
_OUTLET_WORDS = {"times", "post", "journal", "news", "agency", "reuters", "bloomberg", "tass", "cnn", "bbc", "axios", "ap"}
_DOCUMENT_WORDS = {"book", "report", "readout", "statement", "memo", "letter", "document", "interview", "filing"}


class Attributions:
    name = "parley.attribution.v1"
    requires = ("nlp", "entities")
    assigns = ("attributions",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        index = Index.of(doc)
        found: list[Attribution] = []
        for token in doc.nlp:
            if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in STANCES:
                found.extend(_reporting_verb(doc, index, token))
            elif token.lower_ == "according" and token.nbor(1).lower_ == "to":
                found.extend(_according_to(doc, index, token))
        return dataclasses.replace(doc, attributions=tuple(sorted(found, key=lambda a: a.content.start)))


def _reporting_verb(doc: Document, index: Index, verb) -> list[Attribution]:
    stance = STANCES[verb.lemma_.lower()]
    subject = _subject(verb)
    source = _source(doc, index, subject, verb) if subject is not None else None
    if source is None:
        return []
    relative = next((c for c in verb.children if c.dep_ in {"dobj", "nsubj"} and c.lower_ in {"which", "that"}), None)
    if verb.dep_ == "relcl" and relative is not None:
        # "..., which the Kremlin denied": the content is what came before the relative pronoun.
        sentence = verb.sent
        content = span_of(doc, sentence.start_char, relative.idx)
        return [_make(source, content, stance)] if content.text.strip() else []
    results = []
    for child in verb.children:
        if child.dep_ not in _CONTENT_DEPS:
            continue
        if child.dep_ == "prep" and not any(g.dep_ == "pcomp" for g in child.children):
            continue  # "said in a statement": a prepositional phrase, not a reported clause
        if child.dep_ == "dobj" and not any(g.dep_ in {"relcl", "acl", "ccomp"} for g in child.subtree):
            continue  # "denied the report": no clause inside
        results.append(_make(source, subtree_span(doc, child), stance))
    return results


def _according_to(doc: Document, index: Index, according) -> list[Attribution]:
    to = according.nbor(1)
    holder = next((c for c in to.children if c.dep_ == "pobj"), None)
    if holder is None:
        return []
    source = _source(doc, index, holder, according)
    if source is None:
        return []
    sentence = according.sent
    phrase = subtree_span(doc, according)
    before = span_of(doc, sentence.start_char, phrase.start)
    after = span_of(doc, phrase.end, sentence.end_char)
    content = after if len(after.text.strip()) > len(before.text.strip()) else before
    return [_make(source, content, "assert")]


def _make(source: Source, content, stance: str) -> Attribution:
    return Attribution(source=source, content=content, stance=stance)  # type: ignore[arg-type]


def _subject(verb):
    """The grammatical subject, inherited through participles and conjoined verbs ("..., saying that")."""
    node = verb
    for _ in range(6):
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if node.dep_ == "acl" and node.head.pos_ in {"NOUN", "PROPN"}:
            return node.head  # "with a spokesperson stating that ..."
        if node.dep_ in {"advcl", "conj", "xcomp", "pcomp"} and node.head.i != node.i:
            participle = node.dep_ == "advcl" and node.tag_ == "VBG"
            node = node.head
            while participle and node.dep_ in {"ccomp", "conj"} and node.head.i != node.i:
                node = node.head  # "X maintained that ..., suggesting ...": X suggests, not the inner subject
            continue
        return None
    return None


def _source(doc: Document, index: Index, holder, cue) -> Source | None:
    """Turn the subject of a reporting clause into a Source, resolved to an entity where possible."""
    entity = _entity_in(index, holder)
    words = {t.lower_ for t in holder.subtree}
    head_word = holder.lemma_.lower()
    clause = subtree_span(doc, cue.head if cue.dep_ == "relcl" else cue)
    cue_span = token_span(doc, cue)
    if entity is not None and entity.kind == "person":
        return Source("person", entity.name, entity, cue_span, clause)
    if head_word in _DOCUMENT_WORDS:
        owner = next((_entity_in(index, t) for t in holder.subtree if t is not holder and _entity_in(index, t)), None)
        name = owner.name if owner else subtree_span(doc, holder).text
        return Source("document", name, owner, cue_span, clause)
    if words & _OUTLET_WORDS and entity is None:
        return Source("outlet", subtree_span(doc, holder).text, None, cue_span, clause)
    if entity is not None:
        return Source("organisation", entity.name, entity, cue_span, clause)
    if holder.pos_ in {"NOUN", "PROPN"}:  # "a spokesperson", "officials": named as written
        text = subtree_span(doc, holder, frozenset({"relcl", "acl", "appos", "prep"})).text
        return Source("person" if holder.pos_ == "PROPN" else "organisation", text, None, cue_span, clause)
    return None


def _entity_in(index: Index, holder) -> Entity | None:
    entity = index.entity_at(holder)
    if entity is None:
        for child in holder.children:
            if child.dep_ in {"poss", "compound", "amod"}:
                entity = index.entity_at(child)
                if entity:
                    break
    return entity
