"""Helpers for the `parley serve` tests: a ledger made from examples/ and a real uvicorn server on a free port."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def examples_ledger(path: Path, pipeline: Any, extra: list[str] = ()) -> Path:
    """What `parley ingest examples/ --date 2025-02-09 --db PATH` stores (coded in this process)."""
    from parley.ledger.ingest import ingest_items
    from parley.ledger.store import Ledger
    from parley.readers import read_paths
    from parley.settings import Settings

    settings = Settings(date=dt.date(2025, 2, 9))
    with Ledger(path) as ledger:
        ingest_items(read_paths([str(EXAMPLES), *extra], settings), ledger, settings, pipeline, label="examples")
    return path


class Server:
    """`create_app(settings)` served by uvicorn in a thread of this process, on a free port of 127.0.0.1."""

    def __init__(self, settings: Any, pipeline: Any = None) -> None:
        import uvicorn

        from parley.web import create_app

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(create_app(settings, pipeline), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
             ) -> tuple[int, dict[str, str], Any]:
        """One request over HTTP: status, headers and the body (parsed when it is JSON)."""
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, head, raw = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, head, raw = error.code, dict(error.headers), error.read()
        kind = head.get("content-type", "")
        return status, head, json.loads(raw) if kind.startswith(("application/json", "application/geo+json")) else raw

    def get(self, path: str) -> Any:
        status, _, body = self.call("GET", path)
        assert status == 200, (path, status, body)
        return body
