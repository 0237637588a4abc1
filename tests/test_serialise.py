import datetime as dt
import json

import pytest

from parley.cli.render import WIDTH, render_document, render_table
from parley.model import Article, Attribution, Block, Document, Entity, Event, Flag, Place, Source, Span, TimeRef
from parley.serialise import document_to_dict, to_json, to_jsonl

TEXT = (
    "Trump says he spoke with Putin\n\n"
    "Donald Trump said on Wednesday that he had spoken with Vladimir Putin by phone, which the Kremlin denied."
)


def span(text: str, words: str, start_at: int = 0) -> Span:
    start = text.index(words, start_at)
    return Span(start, start + len(words), words)


def entity(words: str, name: str, code: str) -> Entity:
    return Entity(text=words, name=name, code=code, sector="GOV", wikidata="Q1", kind="person", span=span(TEXT, words, 31))


@pytest.fixture
def document() -> Document:
    trump = entity("Donald Trump", "Donald Trump", "USA")
    putin = entity("Vladimir Putin", "Vladimir Putin", "RUS")
    kremlin = Entity(text="Kremlin", name="Kremlin", code="RUS", sector="GOV", kind="organisation")
    sentence = span(TEXT, TEXT.split("\n\n")[1])
    wednesday = TimeRef(span(TEXT, "on Wednesday"), "2025-02-12", "day", relative=True)
    said = Source(kind="person", name="Donald Trump", entity=trump, cue=span(TEXT, "said"), span=sentence)
    event = Event(
        id="e1",
        event="CONSULT",
        mode="phone",
        actor=trump,
        recipient=putin,
        trigger=span(TEXT, "spoken"),
        sentence=sentence,
        status="disputed",
        source=said,
        denied_by=kremlin,
        date=wednesday,
        location=Place(span(TEXT, "Kremlin"), "Moscow", 524901, 55.75, 37.62, "RUS", "city"),
        context=("diplomatic",),
        mentions=(span(TEXT, "Trump says he spoke with Putin"),),
    )
    return Document(
        article=Article(id="a1", text=TEXT, title="Trump says he spoke with Putin", origin="call.txt"),
        text=TEXT,
        date=dt.date(2025, 2, 13),
        blocks=(Block("headline", span(TEXT, "Trump says he spoke with Putin")), Block("paragraph", sentence)),
        flags=(Flag("duplicate_headline", span(TEXT, "Trump says"), "headline repeated"),),
        entities=(trump, putin),
        times=(wednesday,),
        attributions=(Attribution(said, span(TEXT, "he had spoken with Vladimir Putin by phone"), "assert"),),
        events=(event,),
        notes=("hand-built",),
        nlp=object(),  # stands in for a spaCy Doc: must never reach the output
    )


def all_spans(value):
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            yield value
        for inner in value.values():
            yield from all_spans(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from all_spans(inner)


def test_output_document_round_trips_through_json(document):
    data = document_to_dict(document)
    again = json.loads(json.dumps(data))
    assert again == data
    assert "nlp" not in data
    spans = list(all_spans(again))
    assert len(spans) > 10
    for found in spans:
        assert again["text"][found["start"] : found["end"]] == found["text"]


def test_output_event_uses_plover_names(document):
    event = document_to_dict(document)["events"][0]
    assert event["event"] == "CONSULT" and event["mode"] == "phone" and event["context"] == ["diplomatic"]
    assert event["actor"]["code"] == "USA" and event["actor"]["entity_text"] == "Donald Trump"
    assert event["actor"]["identifier_id"] == "Q1"
    assert event["recipient"]["code"] == "RUS"
    assert event["date"] == "2025-02-12" and event["date_info"]["relative"] is True
    assert event["event_text"] == "spoken"
    start, end = event["text_info"]["start"], event["text_info"]["end"]
    assert TEXT[start:end] == event["text"]
    assert event["status"] == "disputed" and event["background"] is False
    assert event["source"]["name"] == "Donald Trump" and event["source"]["cue"]["text"] == "said"
    assert event["denied_by"]["identifier_text"] == "Kremlin"
    assert event["location"]["geonameid"] == 524901 and event["location"]["country_code"] == "RUS"
    assert event["mentions"][0]["text"] == "Trump says he spoke with Putin"


def test_output_article_metadata_and_date_used(document):
    data = document_to_dict(document)
    assert data["id"] == "a1" and data["date"] == "2025-02-13"
    assert data["article"] == {"title": "Trump says he spoke with Putin", "date": None, "url": None,
                               "source": None, "origin": "call.txt"}
    assert data["notes"] == ["hand-built"] and data["flags"][0]["kind"] == "duplicate_headline"


def test_output_json_and_jsonl_shapes(document):
    assert json.loads(to_json(document))["id"] == "a1"
    assert [d["id"] for d in json.loads(to_json([document, document]))] == ["a1", "a1"]
    lines = to_jsonl([document, document]).splitlines()
    assert len(lines) == 2 and all(json.loads(line)["id"] == "a1" for line in lines)


def test_output_table_shows_header_flags_and_event_rows(document):
    table = render_table([document, document])
    assert table.count("== Trump says he spoke with Putin") == 2
    assert "date 2025-02-13" in table and "duplicate_headline" in table
    assert "CONSULT/phone" in table
    assert "Donald Trump (USA) -> Vladimir Putin (RUS)" in table
    assert "disputed" in table and "2025-02-12" in table and "denied by Kremlin" in table
    assert max(len(line) for line in table.splitlines()) <= WIDTH


def test_output_table_shortens_long_evidence_and_handles_no_events(document):
    long_text = "Headline\n\n" + "word " * 200
    bare = Document(article=Article(id="b", text=long_text, origin="b.txt"), text=long_text)
    view = render_document(bare)
    assert view.startswith("== b.txt") and "0 events" in view and "date unknown" in view
    event = document.events[0]
    long_sentence = Span(0, len(long_text), long_text)
    wide = Document(article=document.article, text=long_text, events=(
        Event(id="x", event="CONSULT", mode=None, actor=None, recipient=None, trigger=Span(0, 8, "Headline"),
              sentence=long_sentence, source=event.source),))
    lines = render_document(wide).splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    assert any(line.endswith('…"') for line in lines)
    assert "- -> -" in render_document(wide)


def test_output_table_long_evidence_keeps_the_trigger_in_view(document):
    long_sentence = "Officials said " + "many words " * 30 + "that the leaders had spoken by phone " + "later " * 30
    text = long_sentence
    trigger = span(text, "spoken")
    event = Event(id="x", event="CONSULT", mode="phone", actor=None, recipient=None, trigger=trigger,
                  sentence=Span(0, len(text), text))
    wide = Document(article=document.article, text=text, events=(event,))
    evidence = render_document(wide).splitlines()[-1].strip()
    assert evidence.startswith('"…') and evidence.endswith('…"') and "spoken by phone" in evidence
    assert len(evidence) <= WIDTH
