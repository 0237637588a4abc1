"""Property-based run of `parley serve` against its own OpenAPI document: generated requests, never a 5xx."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra")
schemathesis = pytest.importorskip("schemathesis", reason="needs schemathesis (the test extra)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from parley.settings import Settings  # noqa: E402

from .web_server import Server, examples_ledger  # noqa: E402


@pytest.fixture(scope="module")
def api_url(pipeline, tmp_path_factory):
    db = examples_ledger(tmp_path_factory.mktemp("openapi") / "ex.db", pipeline)
    running = Server(Settings(ledger=str(db), api_page_cap=50))  # read-only: generated POSTs must be refused, not run
    yield running.url
    running.stop()


def test_web_openapi_no_server_errors(api_url):
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def check(case):
            response = case.call(timeout=30)
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400:
                assert set(response.json()) == {"error", "detail"}, (case.path, response.text)

        check()
