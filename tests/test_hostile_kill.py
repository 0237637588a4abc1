"""A parallel run whose parent is killed leaves no process behind (workers, resource tracker)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from parley.model import Article, Document, Failure
from parley.settings import Settings

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")


class SlowPipeline:
    """A light worker pipeline (no model): notes its pid, then takes a while over each article."""

    def __init__(self, settings: Settings) -> None:
        Path(os.environ["PARLEY_TEST_PIDS"], str(os.getpid())).touch()

    def pipe(self, articles: Iterable[Article | Failure]) -> Iterator[Document | Failure]:
        for article in articles:
            time.sleep(0.2)
            yield article if isinstance(article, Failure) else Document(article=article, text=article.text)


SCRIPT = """
import sys
from parley.lifeline import terminate_as_interrupt
from parley.model import Article
from parley.parallel import pipe_parallel
from parley.settings import Settings
from tests.test_hostile_kill import SlowPipeline

articles = (Article(id=str(n), text=f"Talks went on in Genoa, round {n}.") for n in range(10_000))
try:
    with terminate_as_interrupt():
        for result in pipe_parallel(articles, Settings(), workers=2, chunk_size=1, factory=SlowPipeline):
            print(result.article.id, flush=True)
except KeyboardInterrupt:
    sys.exit(130)
"""


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def run_and_kill(tmp_path: Path, sig: int) -> tuple[subprocess.Popen, set[int]]:
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {**os.environ, "PARLEY_TEST_PIDS": str(pids), "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(list(pids.iterdir())) == 2, "the workers did not start"
    parent.stdout.readline()  # results are flowing
    spawned = children_of(parent.pid)  # the two workers and the resource tracker
    assert {int(p.name) for p in pids.iterdir()} <= spawned
    parent.send_signal(sig)
    return parent, spawned


def wait_gone(pids: set[int], seconds: float = 15.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_hostile_kill_parent_leaves_no_process(tmp_path, sig):
    parent, spawned = run_and_kill(tmp_path, sig)
    try:
        code = parent.wait(timeout=30)
        left = wait_gone(spawned)
    finally:
        for pid in {p for p in spawned if alive(p)}:
            os.kill(pid, signal.SIGKILL)
    assert left == set(), f"still running after the parent was killed: {sorted(left)}"
    assert code == (-signal.SIGKILL if sig == signal.SIGKILL else 130)
