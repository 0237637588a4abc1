"""Actor and recipient of an event, read from its clause (parley.stages.events.participants)."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.eval.plover import main_event


@pytest.fixture
def code(candidates):
    """These tests pin the events stage's rules on single sentences, before the learned decision."""
    return candidates


def _main(code, text: str, date: dt.date | None = dt.date(2001, 5, 2)):
    event = main_event(code(text, date=date))
    assert event is not None, text
    return event


@pytest.mark.parametrize(
    ("sentence", "recipient"),
    [
        # the scene of the event stands for its government when nothing else is named
        ("Kenya threatened to impose a curfew in Nairobi.", "KEN"),
        ("Chile lifted restrictions in Santiago on Monday.", "CHL"),
        # "to" after the thing given, parsed as a dative
        ("Japan is providing medical supplies to Peru.", "PER"),
        # the actor's own troops are what it offers, not whom it offers them to
        ("Egypt offered its troops to Sudan.", "SDN"),
        # a phrase of the noun the verb governs
        ("The senator called for sanctions against Cuba.", "CUB"),
        # the doer of a nominal object
        ("Norway rejected recent demands by Denmark for compensation.", "DNK"),
        # a threat is addressed to whoever must meet its condition
        ("Syria threatened to close its border unless Jordan expelled the militants.", "JOR"),
        # the subject of a for-clause is the one asked
        ("Britain is pushing hard for France to support its debt relief plan.", "FRA"),
        # a purpose clause takes the destination of the verb it serves
        ("The United Nations sent 30 observers to Angola to investigate the killings.", "AGO"),
        # whoever made the demands a concession answers
        ("Chile conceded to demands from Peru to reform the courts.", "PER"),
        # the place that holds the scene
        ("Students rioted at a campus in northern Chile.", "CHL"),
        # a country name inside a region's name
        ("Turkey mounted an invasion of North Iraq.", "IRQ"),
        # the doer of the deed that the event is about
        ("Chilean police launched an investigation into crimes committed by Peruvian forces.", "PER"),
        ("Egypt condemned attacks carried out by Libyan militias.", "LBY"),
        # a region with a narrowing word, as the scene
        ("Sudan lifted a state of emergency in West Darfur State.", "SDN"),
        # an agreement's venue is no party, but the scene of what it agrees to do is
        ("The donors agreed to build a hospital in Nairobi.", "KEN"),
        # the party named in a phrase of circumstance
        ("The minister refused to resign despite pressure by Kenyan prosecutors.", "KEN"),
        # a stance held in the passive form: its object is the recipient
        ("Israel is opposed to French mediation.", "FRA"),
        # "its partners" named: the partners are others ("its troops" stay the actor's own)
        ("Greece demanded that its European Union partners refuse to recognize the republic.", "EUR"),
        # refugees belong to the country they flee
        ("The United Nations will provide food aid to refugees fleeing the civil war in Liberia.", "LBR"),
        ("The agency sent food to refugees fleeing Somalia.", "SOM"),
        # a place aimed at stands for its state
        ("An airport in Somalia was shelled on Monday.", "SOM"),
        # a group a state's own organs act on, where no other country is named, is domestic
        ("The Mozambique government accepted demands from Shona rebels.", "MOZ"),
        ("Turkish police detained dozens of students on Monday.", "TUR"),
        # after talks, the other side of the talks
        ("The union said it has called off a strike after deliberations with the Ghanaian government.", "GHA"),
        # an object shared by two prepositions
        ("Chile has established diplomatic ties with and opened an embassy in Lima.", "PER"),
        # the parties a mediation is among
        ("The European Union may halt mediation efforts among Sudan's feuding factions.", "SDN"),
        # a force placed by where it serves
        ("France offered troops to a peacekeeping force in Liberia.", "LBR"),
        # the object the parser handed to a following clause
        ("Peru granted asylum to five Panamanian officers holed up in an embassy.", "PAN"),
        # a protest's target, named in what it is for, before its scene
        ("Students marched in Seoul in protest against Japanese textbooks.", "JPN"),
        ("Farmers blocked roads in Lima to press their demands on the Chilean government.", "CHL"),
        ("Protesters in Nairobi blocked a road to show their anger at Ugandan policies.", "UGA"),
        ("Students rioted in Nairobi, demanding an end to Ugandan rule.", "UGA"),
    ],
)
def test_participants_recipient_from_the_clause(code, sentence, recipient):
    event = _main(code, sentence)
    assert event.recipient is not None and event.recipient.code == recipient, (sentence, event)


@pytest.mark.parametrize(
    "sentence",
    ["The senator defended his record in an interview with Fox News.",
     "The senator defended his record after a lunch with Fox News executives."],
)
def test_participants_company_in_a_circumstance_is_not_the_recipient(code, sentence):
    event = _main(code, sentence)
    assert event.recipient is None or event.recipient.code != "USA"


def test_participants_speaker_demands_what_others_must_do(code):
    event = _main(code, "The Red Cross operating in Iraq said US forces must ensure security.")
    assert event.event == "REQUEST" and event.actor.code == "NGO" and event.recipient.code == "USA"


@pytest.mark.parametrize(
    "sentence",
    ["The foreign ministers agreed in Nairobi on a ceasefire.",
     "The two leaders plan to meet in Nairobi next month.",
     "The two leaders agreed to hold talks in Nairobi."],
)
def test_participants_meeting_venue_is_not_a_party(code, sentence):
    event = _main(code, sentence)
    assert event.recipient is None or event.recipient.code != "KEN", event.recipient


def test_participants_partner_before_the_scene(code):
    event = _main(code, "Putin and Trump agreed to hold a summit in Riyadh.", dt.date(2025, 2, 9))
    assert event.recipient is not None and event.recipient.code == "USA"


def test_participants_other_named_recipient_beats_the_scene(code):
    event = _main(code, "Canada criticised Mexico at a summit in Lima.")
    assert event.recipient is not None and event.recipient.code == "MEX"


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # an agent noun with its country in an "in"/"of" phrase
        ("Opposition groups in Kenya demanded that the president resign.", "KEN"),
        # a country the tagger reads as a person's name
        ("Sri Lanka has established diplomatic ties with Chile.", "LKA"),
        # a country as the nmod of a common noun
        ("US and Canadian forces attacked the town.", "USA"),
        # a people named only by country words is no person
        ("Bosnian Croats demanded a ceasefire.", "BIH"),
        # an adjective that names no country does not hide the one that does
        ("Radical Italian farmers threatened to blockade Rome.", "ITA"),
        # the Holy See counts as a state in PLOVER
        ("The Pope criticized Israel.", "VAT"),
        ("Japanese-led troops attacked the town.", "JPN"),
        # a people placed by an "of" phrase takes the country it lives in
        ("The Hungarians of Romania protested against the new law.", "ROU"),
        # "is opposed to": the subject holds the stance
        ("Israel is opposed to French mediation.", "ISR"),
        # a group placed by where it is based
        ("A newspaper based in Nairobi criticized the president.", "KEN"),
        # a group named with no country acts for the country it acts in
        ("Prisoners rioted at a jail in Nairobi on Monday.", "KEN"),
        # an ethnic group outside its kin state belongs to the state it lives in
        ("Ethnic Albanians demonstrated on Tuesday in Serbia.", "SRB"),
    ],
)
def test_participants_actor_from_the_clause(code, sentence, actor):
    event = _main(code, sentence)
    assert event.actor is not None and event.actor.code == actor, (sentence, event)


def test_participants_person_out_of_office_keeps_the_country(code):
    event = _main(code, "Hamad bin Khalifa al-Thani met Hosni Mubarak in Cairo.", dt.date(1990, 3, 1))
    assert event.actor is not None and event.actor.code == "QAT"
    assert event.actor.sector is None  # no office on that date


def test_participants_title_before_a_body_codes_the_person(code):
    event = _main(code, "Rebel leaders will meet U.N. mediator Diego Cordovez next week.", dt.date(1988, 3, 1))
    assert event.recipient is not None and event.recipient.code == "UNO"


@pytest.mark.parametrize(
    "sentence",
    [
        "American and Russian envoys will meet in Riyadh next week.",
        "The two foreign ministers agreed in Geneva on a prisoner exchange.",
    ],
)
def test_participants_the_host_of_a_meeting_is_not_a_party(code, sentence):
    event = _main(code, sentence)
    assert event.event in {"CONSULT", "AGREE"}
    assert event.recipient is None or event.recipient.code not in {"SAU", "CHE"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Migrants crossed into Mexico on Monday.",  # a place reached: they came from elsewhere
        "The man who led the team in Brussels quit.",  # one person, not a domestic group
        "Albanian students protested in Serbia.",  # citizens of a state, not an ethnic group
        "Militants launched attacks on Kenya last year.",  # a place aimed at, not stood in
        "Migrant workers rioted at a camp in Dubai on Monday.",  # they came from elsewhere
        "The company set up a subsidiary in Hangzhou last year.",  # companies act abroad
    ],
)
def test_participants_scene_does_not_name_outsiders(code, sentence):
    doc = code(sentence, date=dt.date(2001, 5, 2))
    for event in doc.events:
        if event.actor is not None and event.location is not None and event.location.country != "ALB":
            assert event.actor.code != event.location.country, (sentence, event.actor)
        assert not (event.actor and event.actor.code in {"KEN", "ARE", "CHN"}), (sentence, event.actor)


@pytest.mark.parametrize(
    "sentence",
    [
        "Turkish police detained dozens of migrants on Monday.",  # migrants come from elsewhere
        "Turkish police detained dozens of students near the Syrian border.",  # another country is named
    ],
)
def test_participants_domestic_needs_one_country_and_no_newcomers(code, sentence):
    event = _main(code, sentence)
    assert event.recipient is None or event.recipient.code != "TUR", event.recipient


def test_participants_side_taken_is_no_recipient(code):
    event = _main(code, "Anti-Trump demonstrators were arrested throughout the day.", dt.date(2018, 5, 2))
    assert event.recipient is not None and event.recipient.text == "demonstrators", event.recipient


def test_participants_the_dead_are_victims_of_whoever_killed_them(code):
    event = _main(code, "Three Kenyan soldiers died in an attack by Somali militants.")
    assert (event.actor.code, event.recipient.code) == ("SOM", "KEN")
    event = _main(code, "Two protesters died at the hands of Syrian security forces.")
    assert event.actor.code == "SYR" and event.recipient.text == "protesters"


def test_participants_a_death_nobody_caused_is_no_event(code):
    doc = code("The Italian film director died on Monday aged 77.", date=dt.date(2018, 11, 26))
    assert not [e for e in doc.events if e.trigger.text == "died"]


@pytest.mark.parametrize(
    ("sentence", "role", "wrong"),
    [
        # where a deal is concluded or a truce accepted is nobody's home
        ("The ministers concluded a deal in Geneva on Monday.", "recipient", "CHE"),
        ("The rebels accepted a truce in Doha on Monday.", "actor", "QAT"),
        # an army acts abroad: its targets are not its countrymen
        ("The Israeli army killed three militants on Monday.", "recipient", "ISR"),
        # carrying portraits is no demand on their subject
        ("Hundreds of Serbs protested in Belgrade, carrying portraits of Vladimir Putin.", "recipient", "RUS"),
        # whose attacks refugees flee is not where they come from
        ("Poland welcomed refugees fleeing Russian attacks.", "recipient", "RUS"),
        # the dead of a relative clause are still the victims
        ("Three Kenyan soldiers, who died in an attack by Somali militants, were buried on Monday.", "actor", "KEN"),
    ],
)
def test_participants_rules_stay_in_their_lane(code, sentence, role, wrong):
    event = _main(code, sentence, dt.date(2020, 5, 2))
    entity = getattr(event, role)
    assert entity is None or (entity.code != wrong and entity.text != wrong), (sentence, event.event, entity)


def test_participants_stance_holder_after_a_headline(code):
    doc = code("Talks stall\n\nIsrael is opposed to French mediation.", date=dt.date(2000, 5, 2))
    event = next(e for e in doc.events if e.trigger.text == "opposed")
    assert event.actor is not None and event.actor.code == "ISR"


@pytest.mark.parametrize(
    ("sentence", "objects"),
    [
        ("Chile established ties with and opened a consulate in Lima.", ["Lima"]),
        # a shared object stops at the conjoined phrase: not the "since" of a later aside
        ("Chile established ties with and, since 2019, opened a consulate in Lima.", []),
    ],
)
def test_participants_object_shared_between_prepositions(code, sentence, objects):
    from parley.stages.events.participants import _objects_of

    doc = code(sentence, date=dt.date(2020, 5, 2))
    prep = next(t for t in doc.nlp if t.lower_ == "with")
    assert [t.text for t in _objects_of(prep)] == objects
