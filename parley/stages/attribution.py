"""Find who asserts what: reporting clauses, their sources, cues, contents and stances.

"Trump said that ...", "X denied that ...", "..., which the Kremlin denied",
"according to a readout from the transition team", "Woodward reported in his
book 'War' that ...", "“...,” he said" (he: the last person named), "Senator X: ..."
in a headline, and attitudes with their object ("praised the plan", "called for a ban").
Cues inside a quotation are left out: the quoted speaker is the source. Events found later inherit the source and stance of the
innermost attribution whose content covers their trigger.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from ..knowledge.cues import (
    BELIEF_VERBS,
    EXTRA_CUES,
    FIRST_PERSON,
    INTENTION_VERBS,
    OBJECT_CUES,
    PERSON_PRONOUNS,
    PHRASAL_CUES,
    RELATIVE_PRONOUNS,
    SOURCE_PRONOUNS,
    adjacent_quotes,
    quote_spans,
)
from ..model import Attribution, Document, Entity, Source
from ..settings import Settings
from .spans import Index, span_of, subject_noun, subtree_span, token_span

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
_NAMING_VERBS = {"call", "describe", "label", "brand", "dub"}
_VIEW_VERBS = {"see", "view", "regard", "consider", "describe", "portray", "characterize", "paint"}
_NAME_POS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "PART", "PUNCT"}
_NOT_SPEAKERS = {"note", "update", "watch", "video", "listen", "excerpt", "exclusive", "daily", "twitter"}
_OUTLET_WORDS = {"times", "post", "journal", "news", "agency", "reuters", "bloomberg", "tass", "cnn", "bbc", "axios", "ap"}
_DOCUMENT_WORDS = {"book", "report", "readout", "statement", "memo", "letter", "document", "interview", "filing"}


class Attributions:
    name = "parley.attribution.v2"
    requires = ("nlp", "entities")
    assigns = ("attributions",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        index = Index.of(doc)
        found: list[Attribution] = []
        quotes = quote_spans(doc.text)
        for token in doc.nlp:
            if token.pos_ in {"VERB", "AUX"} and _cue_stance(token) is not None:
                found.extend(_reporting_verb(doc, index, token, quotes))
            elif token.lower_ == "according" and token.nbor(1).lower_ == "to":
                found.extend(_according_to(doc, index, token))
            elif token.text == ":":
                found.extend(_headline_colon(doc, index, token))
        return dataclasses.replace(doc, attributions=tuple(sorted(found, key=lambda a: a.content.start)))


def _reporting_verb(doc: Document, index: Index, verb, quotes: list[tuple[int, int]]) -> list[Attribution]:
    stance = _cue_stance(verb)
    if stance is None:  # not a reporting verb: the caller passes only verbs with a stance
        return []
    subject = _subject(verb)
    source = _source(doc, index, subject, verb) if subject is not None else None
    if source is None or (subject.lower_ in FIRST_PERSON and verb.lemma_.lower() in BELIEF_VERBS):
        return []
    if any(q[0] < verb.idx < q[1] for q in quotes):
        return []  # speech within someone's quotation belongs to the quoted speaker
    relative = next((c for c in verb.children if c.dep_ in {"dobj", "nsubj"} and c.lower_ in {"which", "that"}), None)
    if verb.dep_ == "relcl" and relative is not None:
        # "..., which the Kremlin denied": the content is what came before the relative pronoun.
        sentence = verb.sent
        content = span_of(doc, sentence.start_char, relative.idx)
        return [_make(source, content, stance)] if content.text.strip() else []
    results = _naming(doc, verb) + _clause_contents(doc, verb)
    # "“...,” she said" / "she said, “...”": quotations beside the bare reporting clause.
    bare = [verb, subject] + [c for c in verb.children if c.dep_ in {"dobj", "npadvmod", "dative", "advmod"}]
    starts, ends = [t.idx for t in bare], [t.idx + len(t.text) for t in bare]
    results += [span_of(doc, *q) for q in adjacent_quotes(doc.text, quotes, min(starts), max(ends))]
    if not results and verb.i + 1 < len(verb.doc) and verb.nbor(1).text == ":":
        after = _rest_of_line(doc, verb.nbor(1))  # "X said:" and the words that follow
        results = [after] if after is not None else []
    if not results:
        return []
    # One cue reports one content: "said X, and that Y" and a quote split around the cue join up.
    return [_make(source, span_of(doc, min(r.start for r in results), max(r.end for r in results)), stance)]


def _clause_contents(doc: Document, verb) -> list:
    """What the verb's own dependents report: a clause, an infinitive, an object or "for"-phrase by cue kind."""
    results = []
    lemma = verb.lemma_.lower()
    wider = {"ccomp", "xcomp"} if lemma in INTENTION_VERBS else {"ccomp", "dobj"} if lemma in OBJECT_CUES else {"ccomp"}
    for child in verb.children:
        if child.lower_ in {"so", "yes", "no"} and child.dep_ in {"advmod", "intj", "dobj"} and lemma in STANCES:
            results.append(token_span(doc, child))  # "half said so", "most said yes": a reply stands for the content
            continue
        if child.dep_ == "prep" and child.lower_ in PHRASAL_CUES.get(lemma, ()):
            results.append(subtree_span(doc, child))  # "called for a ban": the prepositional object is reported
            continue
        if child.dep_ not in _CONTENT_DEPS or (lemma not in STANCES and child.dep_ not in wider):
            continue  # the wider cues ("continue", "find") report only a clause
        if child.dep_ == "prep" and not any(g.dep_ == "pcomp" for g in child.children):
            continue  # "said in a statement": a prepositional phrase, not a reported clause
        if child.dep_ == "dobj" and lemma not in OBJECT_CUES and not any(g.dep_ in {"relcl", "acl", "ccomp"} for g in child.subtree):
            continue  # "denied the report": no clause inside
        results.append(subtree_span(doc, child))
    return results


def _naming(doc: Document, verb) -> list:
    """"called the plan a disgrace": the object together with what it is called."""
    lemma = verb.lemma_.lower()
    as_phrase = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"]
    if not any(c.dep_ == "dobj" for c in verb.children) or not (lemma in _NAMING_VERBS or as_phrase and lemma in _VIEW_VERBS):
        return []  # "see the race as close" is a view; "saw the race" is not
    parts = [subtree_span(doc, c) for c in verb.children if c.dep_ in {"dobj", "oprd", "xcomp", "ccomp", "attr"}]
    parts += [subtree_span(doc, c) for c in as_phrase]
    return [span_of(doc, min(p.start for p in parts), max(p.end for p in parts))]


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


def _headline_colon(doc: Document, index: Index, colon) -> list[Attribution]:
    """"Senator Smith: the bill will pass": a short name opening a line, a colon, then what is asserted."""
    line_start = doc.text.rfind("\n", 0, colon.idx) + 1
    prefix = [t for t in colon.doc[max(0, colon.i - 7):colon.i] if t.idx >= line_start and not t.is_space]
    if not 1 <= len(prefix) <= 6 or not prefix[0].is_title and not prefix[0].is_upper:
        return []
    if not any(t.pos_ == "PROPN" or t.ent_type_ for t in prefix) or prefix[-1].lower_ in _NOT_SPEAKERS:
        return []
    if any(t.pos_ not in _NAME_POS for t in prefix) or prefix[0].pos_ not in {"PROPN", "NOUN", "ADJ", "DET"}:
        return []  # "X says:" is the verb's; "From Bloomberg:", "But beware, voters:" name no speaker
    content = _rest_of_line(doc, colon)
    if content is None or len(content.text.split()) < 3:
        return []
    inside = {t.i for t in prefix}
    holder = next((t for t in prefix if t.head.i not in inside or t.head.i == t.i), prefix[-1])
    clause = span_of(doc, prefix[0].idx, content.end)
    source = _source(doc, index, holder, colon) or Source(
        "organisation", span_of(doc, prefix[0].idx, colon.idx).text, None, token_span(doc, colon), clause)
    return [_make(dataclasses.replace(source, span=clause), content, "assert")]


def _rest_of_line(doc: Document, colon):
    """The text after a colon up to the end of its line (or the next line, when the colon ends one)."""
    start = colon.idx + 1
    while start < len(doc.text) and doc.text[start].isspace():
        start += 1
    end = doc.text.find("\n", start)
    end = len(doc.text) if end == -1 else end
    return span_of(doc, start, end) if end > start else None


def _cue_stance(verb) -> str | None:
    lemma = verb.lemma_.lower()
    if lemma in _VIEW_VERBS and not any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return STANCES.get(lemma) or EXTRA_CUES.get(lemma)
    if lemma in OBJECT_CUES:  # "praised the strike": an attitude to a thing, not a report that it happened
        return "evaluate"
    return STANCES.get(lemma) or EXTRA_CUES.get(lemma) or ("assert" if lemma in _VIEW_VERBS else None)


def _make(source: Source, content, stance: str) -> Attribution:
    return Attribution(source=source, content=content, stance=stance)  # type: ignore[arg-type]


def _subject(verb):
    """The grammatical subject, inherited through participles and conjoined verbs ("..., saying that")."""
    node = verb
    for _ in range(6):
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                if child.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return node.head  # "senators who say ...": the noun the clause describes
                return subject_noun(child)
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in {"NOUN", "PROPN"}:
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
    if holder.pos_ == "PRON" and holder.lower_ in SOURCE_PRONOUNS:
        return _pronoun_source(doc, index, holder, cue_span, clause)
    if head_word in _DOCUMENT_WORDS:
        owner = next((_entity_in(index, t) for t in holder.subtree if t is not holder and _entity_in(index, t)), None)
        name = owner.name if owner else subtree_span(doc, holder).text
        return Source("document", name, owner, cue_span, clause)
    if words & _OUTLET_WORDS and entity is None:
        return Source("outlet", subtree_span(doc, holder).text, None, cue_span, clause)
    if entity is not None:
        return Source("organisation", entity.name, entity, cue_span, clause)
    if holder.pos_ in {"NOUN", "PROPN", "NUM"}:  # "a spokesperson", "officials", "six in 10": named as written
        text = subtree_span(doc, holder, frozenset({"relcl", "acl", "appos", "prep"})).text
        return Source("person" if holder.pos_ == "PROPN" else "organisation", text, None, cue_span, clause)
    return None


def _pronoun_source(doc: Document, index: Index, pronoun, cue_span, clause) -> Source:
    """"he said": the nearest person named before, mentioned here by the pronoun; else the pronoun itself."""
    mention = token_span(doc, pronoun)
    if pronoun.lower_ in PERSON_PRONOUNS:
        earlier = [
            e for e in index.entities if e.kind == "person" and e.span is not None and e.span.end <= pronoun.idx
        ]
        if earlier:
            person = earlier[-1]
            return Source("person", person.name, dataclasses.replace(person, text=pronoun.text, span=mention), cue_span, clause)
    kind: Literal["organisation", "person"] = "organisation" if pronoun.lower_ in {"it", "they"} else "person"
    return Source(kind, pronoun.text, None, cue_span, clause)


def _entity_in(index: Index, holder) -> Entity | None:
    entity = index.entity_at(holder)
    if entity is None:
        for child in holder.children:
            if child.dep_ in {"poss", "compound", "amod"}:
                entity = index.entity_at(child)
                if entity:
                    break
    return entity
