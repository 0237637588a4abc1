"""Building the actor table from PETRARCH2/NGEC dictionaries (parley.build.actor_dictionaries) and what it yields."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.build.actor_dictionaries import _roles, cameo_to_plover, parse_actor_file
from parley.knowledge.actor_table import ActorTable

ISO = {"SDN", "SSD", "GBR", "AGO", "RUS", "SRB"}


def test_build_malformed_date_stays_a_restriction_line(tmp_path):
    path = tmp_path / "actors.txt"
    path.write_text(
        "NEWLAND\n+NEWLANDER\n+NEW_CAPITAL_\n\t[SDNSSD <20050709]\n"
        "\t[SDNSSDAUT 1920050709-20110709]\n\t[SSD >20110709]\nOTHER_PLACE_ [GBR]\n",
        "utf-8",
    )
    newland, other = parse_actor_file(path)
    assert newland.variants == ["NEWLANDER", "NEW CAPITAL"] and other.primary == "OTHER PLACE"
    roles = _roles(newland, ISO)  # the malformed role is dropped, the others kept
    assert [(r.code, r.start, r.end) for r in roles] == [
        ("SDN", None, dt.date(2005, 7, 9)), ("SSD", dt.date(2011, 7, 9), None)]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("BMUGOV", ("GBR", "GOV")), ("ANGREB", ("AGO", "REB")), ("SUNMIL", ("RUS", "MIL")), ("YUGGOV", ("SRB", "GOV")),
     ("AFRREB", None)],  # a region says no country
)
def test_build_cameo_codes_fold_into_states(code, expected):
    assert cameo_to_plover(code, ISO) == expected


@pytest.mark.parametrize(
    ("name", "code"),
    [("South Sudan", "SSD"), ("Juba", "SSD"), ("South Sudanese", "SSD"), ("Sudan", "SDN"), ("Khartoum", "SDN"),
     ("Dominica", "DMA"), ("Yugoslavia", "SRB"), ("Soviet Union", "RUS"), ("UNITA", "AGO"), ("Bermuda", "GBR"),
     # a form two countries share: the one named by it, else the more populous
     ("Congolese refugees", "COD"), ("Samoan officials", "WSM")],
)
def test_build_table_knows_states_ngec_lacks(name, code):
    entity = ActorTable.load().resolve(name, dt.date(2020, 1, 1))
    assert entity is not None and entity.code == code
