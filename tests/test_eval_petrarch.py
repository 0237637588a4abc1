"""The PETRARCH2 unit-test scorer: reading the records, mapping CAMEO to PLOVER, scoring."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.knowledge.actor_table import ActorTable
from parley.eval import petrarch
from parley.knowledge.lexicon import cameo_to_plover
from parley.model import Entity, Event, Span

from .conftest import shared_path

XML = """<Validation><Sentences>
<Sentence date="19950101" id="T-01" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GONGOV" eventcode="112"></EventCoding>
<Text>
Arnor accused the Gondor government
of lying.
</Text>
</Sentence>
<Sentence date="19950102" id="T-02" category="DEMO">
<EventCoding noevents="True"></EventCoding>
<Text>Nothing happened in Arnor.</Text>
</Sentence>
</Sentences></Validation>
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("petr") / "records.xml"
    path.write_text(XML, "utf-8")
    return petrarch.load_records(path)


@pytest.mark.parametrize(("code", "event"), [("112", "ACCUSE"), ("0874", "RETREAT"), ("190", "ASSAULT"), ("064", "COOPERATE")])
def test_eval_petrarch_cameo_maps_to_plover(code, event):
    assert cameo_to_plover(code)[0] == event


def test_eval_petrarch_reads_text_date_and_events(records):
    first, second = records
    assert first.text == "Arnor accused the Gondor government of lying."
    assert first.date == dt.date(1995, 1, 1)
    assert [(e.event, e.source, e.target) for e in first.events] == [("ACCUSE", "ARN", "GONGOV")]
    assert second.events == ()


def test_eval_petrarch_invented_world_resolves_its_countries():
    table = petrarch.invented_world(ActorTable.load())
    assert table.resolve("Gondor").code == "GON"
    assert table.resolve("Eriadorian officials").code == "ERI"


def _event(event_type: str, actor: str | None, recipient: str | None) -> Event:
    span = Span(0, 1, "x")

    def entity(code):
        return Entity(text=code, name=code, code=code) if code else None

    return Event(id="e", event=event_type, mode=None, actor=entity(actor), recipient=entity(recipient),
                 trigger=span, sentence=span)


def test_eval_petrarch_scores_type_and_countries(records):
    table = petrarch.invented_world(ActorTable.load())
    result = petrarch.score(records, [_event("ACCUSE", "ARN", "OSG"), None], table)
    assert result["accuracy"] == 1.0 and result["macro_f1"] == 1.0
    assert result["no_event_precision"] == 1.0
    assert result["actor_country_accuracy"] == {"accuracy": 1.0, "records": 1}
    assert result["recipient_country_accuracy"] == {"accuracy": 0.0, "records": 1}


def test_eval_petrarch_shared_unit_tests_load():
    records = petrarch.load_records(shared_path("data", "events", "petrarch2", "PETR.UnitTest.records.xml"))
    assert len(records) == 284
    assert sum(bool(r.events) for r in records) > 150
