"""Worker processes that end when the process that started them ends.

A parent killed with SIGKILL cannot shut its pool down, and a spawned worker does not notice:
it waits for work for ever, holding its model (about 300 MB), and so does multiprocessing's
resource tracker, which lives until the last worker holding its pipe is gone. Each worker
therefore asks the kernel to kill it when its parent dies (Linux `PR_SET_PDEATHSIG`), and, for
other systems and as a second line, watches its parent's pid from a daemon thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Call first thing in a worker: end this process once `parent` (the starting process's pid) is gone."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watcher thread below still works
            pass
    if os.getppid() != parent:  # the parent died before the request above was in place
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parley-lifeline", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:  # an orphan is re-parented (to init or a subreaper)
        time.sleep(POLL_SECONDS)
    os._exit(1)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM (`kill`, a job scheduler's stop) raises KeyboardInterrupt like Ctrl-C,
    so pools shut down and the ledger closes the same clean way. Main thread only (a signal rule)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
