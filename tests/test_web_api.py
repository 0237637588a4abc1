"""`parley serve`'s JSON API over real HTTP: filters, cursor pages, evidence, aggregates, errors and writes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra")
pytest.importorskip("uvicorn", reason="needs the serve extra")

from parley.settings import Settings  # noqa: E402

from .web_server import Server, examples_ledger  # noqa: E402

TOKEN = "test-token-7f3a"


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def db(pipeline, ledger_location) -> str:
    """The examples ledger, on SQLite and then on PostgreSQL (conftest.ledger_location)."""
    return str(examples_ledger(ledger_location(), pipeline))


@pytest.fixture(scope="module")
def server(db):
    running = Server(Settings(ledger=str(db), api_page_cap=50))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def writable(db, pipeline, tmp_path_factory, ledger_location):
    if str(db).startswith("postgresql://"):
        copy = examples_ledger(ledger_location(), pipeline)  # a server ledger is copied by building another
    else:
        copy = tmp_path_factory.mktemp("web-write") / "ex.db"
        shutil.copy(db, copy)
    running = Server(Settings(ledger=str(copy), api_token=TOKEN, api_max_body=4096, date=dt.date(2025, 2, 9)), pipeline)
    yield running
    running.stop()


def _all_events(server, query: str = "", limit: int = 3) -> list[dict]:
    """Every event of a filter, read page by page through the cursor."""
    rows, cursor, pages = [], None, 0
    while True:
        page = server.get(f"/api/events?limit={limit}{query}" + (f"&cursor={cursor}" if cursor else ""))
        rows += page["events"]
        pages += 1
        assert page["count"] == len(page["events"]) <= limit
        cursor = page["next"]
        if cursor is None:
            return rows
        assert pages < 100


def test_web_events_cursor_pages_cover_every_event_once_in_order(server, db):
    from parley.ledger import EventFilter, Ledger, find_events

    with Ledger(db, create=False) as ledger:
        expected = [e["id"] for e in find_events(ledger, EventFilter(limit=None))]
    assert len(expected) > 6
    paged = _all_events(server, limit=4)
    assert [e["id"] for e in paged] == expected
    assert server.get("/api/events?limit=2")["matched"] == len(expected)


@pytest.mark.parametrize("query, field, value", [
    ("&status=disputed", "status", "disputed"),
    ("&type=consult", "type", "CONSULT"),
    ("&actor=trump", None, None),
    ("&recipient=putin", None, None),
    ("&country=UKR", None, None),
    ("&since=2025-02-01&until=2025-02-28", None, None),
    ("&search=ceasefire", None, None),
    ("&source=herald", None, None),
])
def test_web_events_filters_match_the_cli_vocabulary(server, db, query, field, value):
    from parley.ledger import EventFilter, Ledger, find_events

    events = _all_events(server, query)
    page = server.get(f"/api/events?limit=50{query}")
    assert page["matched"] == len(events) > 0
    if field:
        assert {e[field] for e in events} == {value}
    params = dict(p.split("=") for p in query.strip("&").split("&"))
    params["text"] = params.pop("search", None)
    with Ledger(db, create=False) as ledger:
        expected = find_events(ledger, EventFilter(limit=None, **{k: v for k, v in params.items() if v}))
    assert [e["id"] for e in events] == [e["id"] for e in expected]


def test_web_event_detail_marks_trigger_and_participants(server):
    disputed = server.get("/api/events?status=disputed")["events"][0]
    detail = server.get(f"/api/events/{disputed['id']}")
    assert detail["id"] == disputed["id"] and detail["denied_by"] and detail["asserted_by"]
    assert detail["sources"], "every event has at least one sentence"
    for source in detail["sources"]:
        roles = {m["role"]: source["sentence"][m["start"]:m["end"]] for m in source["marks"]}
        assert roles["trigger"] == source["trigger"]
        if "actor" in roles:
            assert roles["actor"] == source["actor_text"]
        if "recipient" in roles:
            assert roles["recipient"] == source["recipient_text"]


def test_web_evidence_marks_whole_words_only():
    from parley.web.evidence import marks

    source = {"sentence": "Then the minister said he met them.", "trigger_at": 26, "trigger_end": 29,
              "actor_text": "he", "recipient_text": "them"}
    found = {m["role"]: (m["start"], m["end"]) for m in marks(source)}
    assert found == {"actor": (23, 25), "trigger": (26, 29), "recipient": (30, 34)}


def test_web_timeline_counts_equal_the_dated_events(server):
    dated = [e for e in _all_events(server, limit=50) if e["date_start"]]
    for interval in ("day", "week", "month"):
        answer = server.get(f"/api/timeline?interval={interval}")
        assert answer["matched"] == sum(b["events"] for b in answer["buckets"]) == len(dated)
    weeks = server.get("/api/timeline?interval=week&by=quad_class")["buckets"]
    assert all(dt.date.fromisoformat(b["period"]).weekday() == 0 for b in weeks)  # weeks start on Monday
    assert {b["key"] for b in weeks} <= {1, 2, 3, 4, None}
    seen = 0
    for country in ("UKR", "rus", "USA", "SAU", "GEO"):  # from the per-country totals: as counting the listed events
        listed = [e for e in _all_events(server, f"&country={country}", limit=50) if e["date_start"]]
        assert server.get(f"/api/timeline?country={country}&interval=day")["matched"] == len(listed)
        seen += len(listed)
        typed = server.get(f"/api/timeline?country={country}&type=consult&interval=day")["matched"]
        assert typed == sum(e["type"] == "CONSULT" for e in listed)
    assert seen > 3
    months = server.get("/api/timeline?interval=month&type=CONSULT")["buckets"]
    assert months and {b["key"] for b in months} == {"CONSULT"} and all(re.fullmatch(r"\d{4}-\d\d", b["period"]) for b in months)


def test_web_network_filtered_sums_the_matching_events(server):
    consult = [e for e in _all_events(server, "&type=CONSULT", limit=50) if e["actor"] and e["recipient"]]
    answer = server.get("/api/network?type=CONSULT")
    assert sum(p["events"] for p in answer["pairs"]) == len(consult)
    assert answer["matched"] == len({(e["actor"].lower(), e["recipient"].lower()) for e in consult})
    whole = server.get("/api/network")  # the kept-up totals answer when no filter narrows
    assert whole["matched"] >= answer["matched"] and all(p["actor_name"] for p in whole["pairs"])


def test_web_places_are_geojson_points_of_the_events(server):
    answer = server.get("/api/places")
    assert answer["type"] == "FeatureCollection" and answer["matched"] == len(answer["features"]) > 0
    for feature in answer["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        for event_id in feature["properties"]["ids"]:
            assert server.get(f"/api/events/{event_id}")["place_name"] == feature["properties"]["name"]


def test_web_articles_failures_stats(server):
    articles = server.get("/api/articles?limit=2")
    stored = len(list(EXAMPLES.glob("*.txt")) + list(EXAMPLES.glob("*.html"))) + len(
        (EXAMPLES / "wire.jsonl").read_text("utf-8").splitlines())
    assert articles["matched"] == stored and articles["count"] == 2 and articles["next"]
    keys, page = [a["key"] for a in articles["articles"]], articles
    while page["next"]:
        page = server.get(f"/api/articles?limit=2&cursor={page['next']}")
        keys += [a["key"] for a in page["articles"]]
    assert len(keys) == len(set(keys)) == stored
    assert server.get("/api/failures") == {"matched": 0, "count": 0, "next": None, "failures": []}
    stats = server.get("/api/stats")
    assert stats["counts"]["articles"] == stored
    assert stats["counts"]["events"] == server.get("/api/events?limit=1")["matched"] > 0
    assert stats["first_day"] <= stats["last_day"]


@pytest.mark.parametrize("method, path, status, error", [
    ("GET", "/api/events/ev-no-such-event", 404, "not_found"),
    ("GET", "/api/events?search=%22unclosed", 400, "bad_filter"),
    ("GET", "/api/events?search=nocolumn:word", 400, "bad_filter"),
    ("GET", "/api/events?cursor=bm90LWEtY3Vyc29y", 400, "bad_filter"),
    ("GET", "/api/events?since=2025-02-30", 422, "invalid_parameter"),
    ("GET", "/api/events?status=maybe", 422, "invalid_parameter"),
    ("GET", "/api/events?limit=51", 422, "invalid_parameter"),  # the page cap of this server
    ("GET", "/api/timeline?interval=year", 422, "invalid_parameter"),
    ("GET", "/api/nothing-here", 404, "not_found"),
    ("DELETE", "/api/events", 405, "method_not_allowed"),
    ("POST", "/api/articles", 403, "read_only"),
])
def test_web_errors_have_one_shape(db, server, method, path, status, error):
    if "search=" in path and str(db).startswith("postgresql://"):
        pytest.skip("PostgreSQL's web search syntax reads any text: there is no syntax error to report")
    code, headers, body = server.call(method, path, body=b"{}" if method == "POST" else None,
                                      headers={"Content-Type": "application/json"})
    assert code == status
    assert headers["content-type"] == "application/json"
    assert set(body) == {"error", "detail"} and body["error"] == error and body["detail"]


def test_web_error_response_maps_parley_errors():
    import sqlite3

    from parley.errors import AccessDenied, EmptyInput, InputTooLarge, NotFound, QueryError, StageError
    from parley.web.errors import error_response

    cases = [
        (NotFound("x"), 404, "not_found"), (QueryError("x"), 400, "bad_filter"), (EmptyInput("r", "x"), 400, "malformed_input"),
        (InputTooLarge("r", "x"), 413, "too_large"), (AccessDenied("x"), 401, "unauthorized"),
        (AccessDenied("x", read_only=True), 403, "read_only"), (StageError("nlp", "a", "boom"), 500, "parley_error"),
        (sqlite3.OperationalError("database is locked"), 503, "ledger_busy"), (RuntimeError("secret path"), 500, "internal"),
    ]
    for exc, status, error in cases:
        response = error_response(exc)
        body = json.loads(response.body)
        assert (response.status_code, body["error"]) == (status, error)
        assert "secret path" not in body["detail"]  # an unexpected error's message stays in the server log


def test_web_docs_page_loads_nothing_from_another_host(server):
    status, _, html = server.call("GET", "/docs")
    if status == 503:
        pytest.skip("Swagger UI assets absent: run scripts/vendor-web")
    text = html.decode()
    assert "swagger-ui-bundle.js" in text
    hosts = re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//([^/"'\s]+)""", text)
    assert hosts == [], hosts
    assert all(not re.match(r"https?://", u) for u in re.findall(r"""url\s*:\s*['"]([^'"]+)""", text))
    for asset in re.findall(r"""/static/[^"'\s]+""", text):
        assert server.call("GET", asset)[0] == 200
    spec = server.get("/openapi.json")
    assert {"/api/events", "/api/events/{event_id}", "/api/timeline", "/api/network", "/api/places",
            "/api/articles", "/api/failures", "/api/stats"} <= set(spec["paths"])


def test_web_writes_need_the_token(writable):
    body = json.dumps({"text": "Officials met.", "url": "https://example.org/a"}).encode()
    json_type = {"Content-Type": "application/json"}
    status, headers, answer = writable.call("POST", "/api/articles", body, json_type)
    assert (status, answer["error"]) == (401, "unauthorized") and headers["www-authenticate"] == "Bearer"
    wrong = {**json_type, "Authorization": "Bearer not-the-token"}
    assert writable.call("POST", "/api/articles", body, wrong)[0] == 401


def test_web_post_articles_codes_and_stores_them(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/stats")["counts"]
    article = {
        "text": "Finland's president Alexander Stubb met Estonia's prime minister Kristen Michal in Tallinn on Monday.",
        "url": "https://news.example.org/stubb-michal", "source": "Example News", "date": "2025-02-10",
    }
    status, _, answer = writable.call("POST", "/api/articles", json.dumps(article).encode(),
                                      {**auth, "Content-Type": "application/json"})
    assert status == 200, answer
    assert (answer["stored"], answer["failed"]) == (1, 0)
    again = writable.call("POST", "/api/articles", json.dumps(article).encode(), {**auth, "Content-Type": "application/json"})
    assert (again[0], again[2]["stored"], again[2]["skipped"]) == (200, 0, 1)  # unchanged: not coded twice
    lines = json.dumps({"text": "Protesters marched in Tbilisi on Sunday.", "id": "batch-1"}) + "\n{broken\n"
    status, _, batch = writable.call("POST", "/api/articles", lines.encode(), {**auth, "Content-Type": "application/x-ndjson"})
    assert status == 200 and (batch["stored"], batch["failed"]) == (1, 1)
    assert batch["failures"][0]["item"] == "request:2"
    after = writable.get("/api/stats")["counts"]
    assert after["articles"] == before["articles"] + 2 and after["failures"] == before["failures"] + 1
    assert any(a["key"] == "https://news.example.org/stubb-michal" for a in writable.get("/api/articles?limit=50")["articles"])


@pytest.mark.parametrize("body, kind, status, error", [
    (b"x" * 5000, "application/json", 413, "too_large"),
    (b"{not json", "application/json", 400, "malformed_input"),
    (b'{"title": "no text"}', "application/json", 400, "malformed_input"),
    (b"   ", "application/x-ndjson", 400, "malformed_input"),
    (b"[1, 2]", "application/json", 400, "malformed_input"),
])
def test_web_post_bad_bodies_are_refused_with_the_reason(writable, body, kind, status, error):
    answer = writable.call("POST", "/api/articles", body, {"Authorization": f"Bearer {TOKEN}", "Content-Type": kind})
    assert (answer[0], answer[2]["error"]) == (status, error), answer
    assert set(answer[2]) == {"error", "detail"}


def test_web_serves_while_an_ingest_writes(db, server, pipeline, tmp_path):
    """A reader thread of the server keeps answering while another connection holds a write transaction."""
    from parley.ledger.store import Ledger

    with Ledger(db, create=False) as writer:
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("DELETE FROM failures")
        try:
            assert server.get("/api/events?limit=5")["count"] == 5
            assert server.get("/api/timeline")["matched"] > 0
        finally:
            writer.conn.execute("ROLLBACK")


def test_web_serve_command_refuses_a_missing_ledger(tmp_path):
    from click.testing import CliRunner

    from parley.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no ledger" in result.output
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--host" in help_text and "127.0.0.1" in help_text and "--port" in help_text


def test_web_day_totals_follow_events_as_articles_come_and_go(db, tmp_path, pipeline, ledger_location):
    """The per-day totals kept by triggers (SQLite's, and PostgreSQL's PL/pgSQL twins) equal a count of the
    events, after a removal and a re-settle too."""
    from parley.ledger.store import Ledger

    if str(db).startswith("postgresql://"):
        copy = examples_ledger(ledger_location(), pipeline)  # a server ledger is copied by building another
    else:
        copy = tmp_path / "copy.db"
        shutil.copy(db, copy)
    grouped = (
        "SELECT date_start AS day, type, coalesce(quad_class, 0) AS quad, count(*) AS events FROM events "
        "WHERE date_start IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    kept = "SELECT day, type, quad, events FROM day_counts ORDER BY 1, 2, 3"
    by_country = (
        "SELECT c.code, date_start AS day, type, coalesce(quad_class, 0) AS quad, count(*) AS events "
        "FROM events e JOIN (SELECT DISTINCT code FROM country_days) c "
        "ON c.code IN (e.actor_code, e.recipient_code, e.place_country) "
        "WHERE date_start IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
    )
    kept_by_country = "SELECT code, day, type, quad, events FROM country_days ORDER BY 1, 2, 3, 4"
    with Ledger(copy, create=False) as ledger:
        assert ledger.query(kept) == ledger.query(grouped) != []
        assert ledger.query(kept_by_country) == ledger.query(by_country) != []
        for key in [r["key"] for r in ledger.query("SELECT key FROM articles ORDER BY n LIMIT 2")]:
            assert ledger.remove(key)
        ledger.settle()
        assert ledger.query(kept) == ledger.query(grouped)
        assert ledger.query(kept_by_country) == ledger.query(by_country)
