"""The PETRARCH2 unit-test scorer: reading the records, mapping CAMEO to PLOVER, scoring."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from parley.cli import cli
from parley.errors import ResourceError
from parley.eval import petrarch
from parley.knowledge.actor_table import ActorTable
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
def records_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("petr") / "records.xml"
    path.write_text(XML, "utf-8")
    return path


@pytest.fixture(scope="module")
def records(records_file):
    return petrarch.load_records(records_file)


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


def test_eval_petrarch_file_without_sentences_is_a_resource_error(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text("<Validation><Sentences></Sentences></Validation>", "utf-8")
    with pytest.raises(ResourceError):
        petrarch.load_records(path)


# ---- `parley eval petrarch` (a pipeline of its own: the scorer gives its actor stage the invented world) ----

@pytest.mark.parametrize("fmt", ["json", "table"])
def test_eval_petrarch_cli(records_file, fmt):
    result = CliRunner().invoke(cli, ["eval", "petrarch", "--data", str(records_file), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        scores = json.loads(result.output)
        assert scores["records"] == 2 and scores["with_events"] == 1 and "per_type" in scores
    else:
        assert result.output.startswith("records 2 (with events 1)") and "macro-F1" in result.output


def test_eval_petrarch_cli_missing_data_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "petrarch", "--data", str(tmp_path / "absent.xml")])
    assert result.exit_code == 2 and result.output.startswith("parley: error: ")
    assert len(result.output.strip().splitlines()) == 1


def test_eval_petrarch_cli_help():
    result = CliRunner().invoke(cli, ["eval", "petrarch", "--help"])
    assert result.exit_code == 0 and "--data" in result.output and "--format" in result.output
