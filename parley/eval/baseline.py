"""The committed baseline of evaluation scores, and the check that keeps it from drifting down silently.

    parley eval baseline --write            # rewrite fixtures (and dev, where ../shared exists)
    parley eval baseline --write --no-dev   # rewrite the fixtures section only
    parley eval baseline --check            # compare a fresh fixtures run; exit 1 on a drop

`docs/baseline.json` has two sections. `fixtures`: the scores of every evaluation on the small
hand-written data in tests/fixtures/eval, which tests/test_eval_baseline.py recomputes and compares
(a lower score fails the test, naming the metric). `dev`: the scores on the dev splits in
../shared/data, with the command that reproduces each; docs/evaluation.md quotes them. A change
that lowers a score rewrites the file with --write and says so in its commit message.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..pipeline import Pipeline
from ..settings import Settings
from .report import leaves

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "docs" / "baseline.json"
FIXTURES = REPO / "tests" / "fixtures" / "eval"
SHARED = REPO.parent / "shared"
WRITE_COMMAND = "parley eval baseline --write"

LOWER_IS_BETTER = frozenset({"mean_error_km", "median_error_km", "not_event_mistakes", "naive_errors"})
# per-type scores on ten sentences swing too much to gate on; dedup's "scaling" holds timings
NOT_COMPARED = frozenset({"per_type", "scaling"})
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Eval:
    name: str
    fixture: str  # relative to tests/fixtures/eval
    dev: str  # relative to the repository's parent (../shared/...)
    option: str = "--data"

    def command(self, path: str) -> str:
        return f"parley eval {self.name} {self.option} {path}"


EVALS = (
    Eval("events", "events.json", "shared/data/events/plover_gsr_dev.json"),
    Eval("attribution", "attribution", "shared/data/attribution/polnear/dev"),
    Eval("time", "time", "shared/data/time/tbaq"),
    Eval("places", "places.xml", "shared/data/geo"),
    Eval("ledger", "ledger", "shared/seed", option="--gold"),
)
DEDUP = Eval("dedup", "", "shared/data/dedup")


def run(name: str, path: Path, settings: Settings, pipeline: Pipeline) -> dict:
    """One evaluation's result on one data path; `pipeline` is shared by those that run every stage."""
    runners: dict[str, Callable[[], dict]] = {
        "events": lambda: _events(path, settings, pipeline),
        "attribution": lambda: _attribution(path, settings),
        "time": lambda: _time(path, settings),
        "places": lambda: _places(path, settings),
        "ledger": lambda: _ledger(path, settings, pipeline),
        "dedup": lambda: _dedup(path, settings),
    }
    return runners[name]()


def _events(path, settings, pipeline):
    from .plover import score_events

    return score_events(path, settings, pipeline)


def _attribution(path, settings):
    from .attribution import score_attribution

    return score_attribution(path, settings)


def _time(path, settings):
    from .timeml import score_time

    return score_time(path, settings)


def _places(path, settings):
    from .geo import score_places

    return score_places(path, settings)


def _ledger(path, settings, pipeline):
    from .ledger import score_ledger

    return score_ledger(path, settings, pipeline)


def _dedup(path, settings):
    from .dedup import score_dedup  # another module's evaluation; optional here

    return score_dedup(path, settings=settings)


def run_fixtures(settings: Settings | None = None, pipeline: Pipeline | None = None) -> dict[str, dict]:
    settings = settings or Settings()
    pipeline = pipeline or Pipeline(settings)
    return {e.name: run(e.name, FIXTURES / e.fixture, settings, pipeline) for e in EVALS}


def run_dev(settings: Settings | None = None, pipeline: Pipeline | None = None) -> dict[str, dict]:
    """Every dev evaluation whose data is present, each with the command that reproduces it."""
    settings = settings or Settings()
    pipeline = pipeline or Pipeline(settings)
    chosen = [*EVALS, *([DEDUP] if importlib.util.find_spec("parley.eval.dedup") else [])]
    results = {}
    for e in chosen:
        path = REPO.parent / e.dev
        if path.exists():
            result = run(e.name, path, settings, pipeline)
            if isinstance(result.get("data"), str):  # as the command gives it, not this machine's path
                result["data"] = f"../{e.dev}"
            results[e.name] = {"command": e.command(f"../{e.dev}"), "result": result}
    return results


@dataclass(frozen=True)
class Drop:
    metric: str  # "events.macro_f1"
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.metric}: {self.old} -> {self.new}"


def metrics(result: dict) -> Iterator[tuple[str, float]]:
    """The compared scores of a result: floats (rates and scores) and the counts where fewer is better."""
    for path, value in leaves(result):
        parts = path.split(".")
        if NOT_COMPARED & set(parts):
            continue
        if isinstance(value, float) or (parts[-1] in LOWER_IS_BETTER and isinstance(value, int)):
            yield path, value


def drops(old: dict[str, dict], new: dict[str, dict]) -> list[Drop]:
    """Every score that got worse (or vanished) from `old` to `new`, both keyed by evaluation name."""
    found = []
    for name, old_result in old.items():
        fresh = dict(metrics(new.get(name, {})))
        for path, before in metrics(old_result):
            after = fresh.get(path)
            metric = f"{name}.{path}"
            if after is None:
                found.append(Drop(metric, before, None))
            elif path.split(".")[-1] in LOWER_IS_BETTER:
                if after > before + TOLERANCE:
                    found.append(Drop(metric, before, after))
            elif after < before - TOLERANCE:
                found.append(Drop(metric, before, after))
    return found


def drop_message(found: list[Drop]) -> str:
    lines = [f"{len(found)} score(s) fell below docs/baseline.json (fixtures section):"]
    lines += [f"  {d}" for d in found]
    lines.append(f"If the change is intended, rewrite the baseline with `{WRITE_COMMAND}` and say so in the commit.")
    return "\n".join(lines)


def _results(dev: dict[str, dict]) -> dict[str, dict]:
    return {name: entry["result"] for name, entry in dev.items()}


def load(path: Path = BASELINE) -> dict:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise ResourceError(f"{path}: not a baseline file: {exc}") from exc


def write(path: Path = BASELINE, with_dev: bool = True) -> dict:
    settings = Settings()
    pipeline = Pipeline(settings)
    old = load(path)
    baseline = {
        "about": "Evaluation scores; see docs/evaluation.md. Regenerate with: " + WRITE_COMMAND,
        "written": dt.date.today().isoformat(),
        "fixtures": run_fixtures(settings, pipeline),
        "dev": run_dev(settings, pipeline) if with_dev and SHARED.exists() else old.get("dev", {}),
    }
    path.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return baseline


@dataclass(frozen=True)
class Rewritten:
    """What `rewrite` did: the new baseline and the scores that fell from the old one."""

    baseline: dict
    fixture_drops: list[Drop]
    dev_drops: list[Drop]


def rewrite(path: Path | None = None, with_dev: bool = True) -> Rewritten:
    """Rerun the evaluations, rewrite the baseline file and name every score that fell."""
    path = path or BASELINE
    old = load(path)
    new = write(path, with_dev=with_dev)
    return Rewritten(
        new,
        drops(old.get("fixtures", {}), new["fixtures"]),
        drops(_results(old.get("dev", {})), _results(new["dev"])),
    )


def check(path: Path | None = None) -> list[Drop]:
    """Rerun the fixtures evaluations; the scores that fell below the baseline file's fixtures section."""
    return drops(load(path or BASELINE).get("fixtures", {}), run_fixtures())
