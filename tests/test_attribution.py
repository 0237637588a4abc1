"""Attribution stage on hand-written sentences: cues, sources and contents."""

from __future__ import annotations

import pytest

from parley.knowledge.cues import adjacent_quotes, quote_spans
from parley.model import Article


@pytest.fixture(scope="module")
def attribute():
    from parley.eval.attribution import attribution_pipeline
    from parley.settings import Settings

    pipeline = attribution_pipeline(Settings())

    def run(text: str):
        return pipeline(Article(id="t", text=text, origin="t"))

    return run


def _found(doc):
    return [(a.source.cue.text, a.content.text) for a in doc.attributions]


@pytest.mark.parametrize(
    ("text", "cue", "content_part"),
    [
        ("The mayor said that the bridge would reopen in May.", "said", "the bridge would reopen"),
        ("“The bridge will reopen in May,” she said on Tuesday.", "said", "The bridge will reopen"),
        ("Walters told reporters, “We expect the bridge to reopen soon.”", "told", "We expect the bridge"),
        ("The council members, who say the budget is too small, met on Friday.", "say", "the budget is too small"),
        ("Six in 10 voters say the economy is getting worse.", "say", "the economy is getting worse"),
        ("The senator called the new tax plan a disaster for farmers.", "called", "the new tax plan a disaster"),
        ("The union called for a strike at the port.", "called", "for a strike"),
        ("The governor pledged to build more schools.", "pledged", "to build more schools"),
        ("The mayor praised the volunteers who cleaned the river.", "praised", "the volunteers"),
        ("Nearly half of the members said so in the spring survey.", "said", "so"),
    ],
)
def test_attribution_finds_cue_and_content(attribute, text, cue, content_part):
    found = _found(attribute(text))
    assert any(c == cue and content_part in content for c, content in found), found


def test_attribution_pronoun_source_resolves_to_previous_person(attribute):
    doc = attribute("Maria Lopez visited the plant on Monday. She said the workers had been paid.")
    attribution = next(a for a in doc.attributions if a.source.cue.text == "said")
    assert attribution.source.kind == "person"
    assert attribution.source.entity is not None and attribution.source.entity.text == "She"
    assert "Lopez" in attribution.source.name


def test_attribution_participle_parsed_as_subject_yields_its_noun(attribute):
    doc = attribute("The Red Cross operating in Iraq said US and British forces must ensure security.")
    attribution = next(a for a in doc.attributions if a.source.cue.text == "said")
    assert attribution.source.entity is not None and "Red Cross" in attribution.source.entity.text


def test_attribution_first_person_hedge_is_not_a_source(attribute):
    doc = attribute("“I think we can finish the road by June,” the engineer said.")
    assert [a.source.cue.text for a in doc.attributions] == ["said"]


def test_attribution_headline_colon(attribute):
    doc = attribute("Senator Harlow: Farm Subsidies Must Stay\n\nThe senator spoke in Iowa.")
    attribution = next(a for a in doc.attributions if a.source.cue.text == ":")
    assert attribution.content.text == "Farm Subsidies Must Stay"


@pytest.mark.parametrize("line", ["Editor's Note: this piece was updated.", "From the wire: a storm hit the coast."])
def test_attribution_colon_without_speaker_is_skipped(attribute, line):
    assert not any(a.source.cue.text == ":" for a in attribute(line).attributions)


def test_attribution_one_cue_one_content(attribute):
    doc = attribute("“We are ready,” the coach said, “and the team is healthy.”")
    said = [a for a in doc.attributions if a.source.cue.text == "said"]
    assert len(said) == 1
    assert "ready" in said[0].content.text and "healthy" in said[0].content.text


def test_attribution_named_thing_is_not_a_speaker(attribute):
    doc = attribute("Members of a group called the River Friends met in the hall.")
    assert not doc.attributions


def test_attribution_quotes_touching_a_clause():
    text = "“Rain is coming,” she said. Later, “nothing” happened."
    quotes = quote_spans(text)
    assert [text[s:e] for s, e in quotes] == ["“Rain is coming,”", "“nothing”"]
    said = text.index("she")
    assert adjacent_quotes(text, quotes, said, said + len("she said")) == [quotes[0]]


def test_attribution_speech_inside_a_quotation_is_the_quoted_speakers(attribute):
    doc = attribute("“My brother said the farm was sold,” Hana Okafor told the court.")
    assert [a.source.cue.text for a in doc.attributions] == ["told"]


def test_attribution_attitude_is_an_evaluation_and_leaves_event_sources_alone(code):
    doc = code("Headline\n\nIsrael praised the American attack on the Iranian facility on Friday.")
    assert any(a.stance == "evaluate" and a.source.name == "Israel" for a in doc.attributions)
    strike = next(e for e in doc.events if e.event == "ASSAULT")
    assert strike.source.kind == "article"  # the attack is taken as given, not asserted by Israel
