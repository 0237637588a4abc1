"""Screenshot the analysts' page (for docs/web.png): serve a ledger, open it in Debian's chromium, click an event.

    parley ingest examples/ --date 2025-02-09 --db /tmp/examples.db
    python scripts/web_screenshot.py --db /tmp/examples.db --out docs/web.png --pick disputed
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--status", default="", help="Filter the page by this status first.")
    parser.add_argument("--pick", default="", help="Click the first listed event whose row holds this text (default: the first).")
    args = parser.parse_args(argv)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "parley", "serve", "--db", str(args.db), "--port", str(port)],
                              stderr=subprocess.DEVNULL, env={**os.environ, "PARLEY_API_TOKEN": ""})
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "api/stats", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_function("document.body.dataset.rendered !== undefined", timeout=300_000)
            if args.status:
                page.select_option("select[name=status]", args.status)
                page.evaluate("delete document.body.dataset.rendered")
                page.click("#filters button[type=submit]")
                page.wait_for_function("document.body.dataset.rendered !== undefined", timeout=300_000)
            page.locator("#events tbody tr", has_text=args.pick).first.click()
            page.wait_for_selector("#evidence[data-id] dl")  # a synthetic event has no sentences to wait for
            page.screenshot(path=str(args.out), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
