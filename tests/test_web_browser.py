"""The analysts' page in a real browser: Debian's chromium driven by Playwright, over a real server.

Skips where /usr/bin/chromium or Playwright is absent (CI installs both: .ci/run, scripts/install).
Every request the page makes is recorded; one to any host but the test server fails the test.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra")
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is absent (apt-get install chromium; .ci/run does)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (the test extra)")

from parley.settings import Settings  # noqa: E402

from .web_server import Server, examples_ledger  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = Path(__file__).parent / "fixtures" / "web" / "hostile.jsonl"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(pipeline, tmp_path_factory):
    db = examples_ledger(tmp_path_factory.mktemp("browser") / "ex.db", pipeline)
    running = Server(Settings(ledger=str(db)))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hostile_site(pipeline, tmp_path_factory):
    db = examples_ledger(tmp_path_factory.mktemp("hostile") / "ex.db", pipeline, extra=[str(HOSTILE)])
    running = Server(Settings(ledger=str(db)))
    yield running
    running.stop()


class Visit:
    """A page of the site with every request and script error recorded."""

    def __init__(self, browser, site):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.site = site
        self.page.goto(site.url + "/")
        self.rendered()

    def rendered(self) -> None:
        self.page.wait_for_function("document.body.dataset.rendered !== undefined", timeout=30000)
        assert self.page.evaluate("document.body.dataset.rendered") != "error", self.page.text_content("#problem")

    def foreign(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).scheme not in ("data", "about") and urlsplit(u).hostname != "127.0.0.1"]


def test_web_page_draws_every_view_and_shows_evidence_after_a_filter(browser, site):
    visit = Visit(browser, site)
    page = visit.page
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#map path.country").count() > 150  # the Natural Earth countries drew
    assert page.locator("#map circle.place").count() == site.get("/api/places")["matched"] > 0
    assert page.locator("#network line.edge").count() == site.get("/api/network")["count"] > 0
    assert page.locator("#events tbody tr").count() == site.get("/api/events?limit=50")["count"]

    page.select_option("select[name=status]", "disputed")
    page.evaluate("delete document.body.dataset.rendered")
    page.click("#filters button[type=submit]")
    visit.rendered()
    disputed = site.get("/api/events?status=disputed")
    rows = page.locator("#events tbody tr")
    assert rows.count() == disputed["matched"] > 0
    assert set(page.locator("#events tbody tr td:nth-child(5)").all_text_contents()) == {"disputed"}
    assert page.locator("#timeline rect.bar").count() >= 1

    event = site.get(f"/api/events/{disputed['events'][0]['id']}")
    rows.first.click()
    page.wait_for_selector(f"#evidence[data-id='{event['id']}'] .source")
    evidence = page.locator("#evidence")
    assert evidence.locator("mark.trigger").first.text_content() == event["sources"][0]["trigger"]
    text = evidence.text_content()
    assert "disputed" in text and all(who in text for who in event["denied_by"] + event["asserted_by"])
    marked_roles = set(evidence.locator("mark").evaluate_all("ms => ms.map(m => m.className)"))
    assert {"trigger", "actor", "recipient"} <= marked_roles
    assert visit.foreign() == [] and visit.errors == []
    page.close()


def test_web_page_map_and_network_clicks_show_events(browser, site):
    visit = Visit(browser, site)
    page = visit.page
    place = site.get("/api/places")["features"][0]["properties"]
    page.locator(f"#map circle.place[data-ids='{' '.join(place['ids'])}']").dispatch_event("click")
    page.wait_for_function(f"document.querySelectorAll('#events tbody tr').length === {len(place['ids'])}")
    if len(place["ids"]) == 1:
        page.wait_for_selector(f"#evidence[data-id='{place['ids'][0]}'] .source")
    pair = site.get("/api/network")["pairs"][0]
    page.locator(f"#network line.edge[data-actor='{pair['actor']}'][data-recipient='{pair['recipient']}']").dispatch_event("click")
    page.wait_for_function(f"document.querySelectorAll('#events tbody tr').length === {pair['events']}")
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#evidence .source")
    assert page.locator(f"#network line.edge.selected[data-actor='{pair['actor']}']").count() == 1
    page.locator("#timeline rect.bar").first.dispatch_event("click")
    bar = page.locator("#timeline rect.bar").first
    page.wait_for_function("document.getElementById('list-note').textContent.includes(' in ')")
    assert bar.get_attribute("data-type") in page.text_content("#list-note")
    assert visit.foreign() == [] and visit.errors == []
    page.close()


def test_web_page_shows_hostile_article_text_as_text(browser, hostile_site):
    visit = Visit(browser, hostile_site)
    page = visit.page
    page.fill("input[name=search]", "ambassador")
    page.evaluate("delete document.body.dataset.rendered")
    page.click("#filters button[type=submit]")
    visit.rendered()
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#evidence .source")
    evidence = page.text_content("#evidence")
    assert "<script>window.__xss='sentence'</script>" in evidence
    assert "<script>window.__xss='title'</script>" in evidence
    assert "onerror=" in evidence
    page.hover("#evidence .meta")  # an outlet's onmouseover would fire here
    for view in ("#evidence", "#events", "#network", "#map"):
        assert page.locator(f"{view} script, {view} img, {view} b").count() == 0
    assert page.locator("#evidence a").count() == 0  # a javascript: URL is not made a link
    assert page.evaluate("window.__xss") is None
    assert "<script" in page.text_content("#events")  # the actor's name, as written
    assert visit.foreign() == [] and visit.errors == []
    page.close()


def test_web_docs_page_renders_offline(browser, site):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(site.url + "/docs")
    if response.status == 503:
        pytest.skip("Swagger UI assets absent: run scripts/vendor-web")
    page.wait_for_selector(".opblock", timeout=30000)
    assert page.locator(".opblock").count() >= 9
    assert [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None)] == []
    page.close()

