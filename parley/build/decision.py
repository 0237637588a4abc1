"""Learn the event decision (`stages/decide/`) from annotated news, and write its weights.

    parley build decision [--train DIR] [--out FILE] [--folds 5] [--seed 10]

Runs the pipeline without the decision on every training article (NAME.txt + NAME.json, the
news_gold layout), and labels each candidate event: 1 when the yardstick (`eval/news_match.py`)
could pair it with a gold event of the article (type and parties agree), else 0. A logistic
regression on the candidates' sparse features is cross-validated with folds split by article,
never by sentence; the regularisation and the threshold are the pair that gives the best pooled
F1 (precision over kept candidates, core recall over all gold events) on the held-out folds. The
model is then fitted on every training article and written as feature -> weight JSON.

Only training data is read; dev is never. scikit-learn is needed here only (`parley[train]`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from ..eval import news_match
from ..eval.ledger import find_pairs, load_gold
from ..model import Article, Document, Event, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from ..stages.decide import MODEL
from ..stages.decide.features import features

DEFAULT_TRAIN = Path(__file__).resolve().parents[3] / "shared" / "data" / "events" / "news_gold" / "train"
DEFAULT_STORIES = Path(__file__).resolve().parents[3] / "shared" / "data" / "events" / "ngec" / "synthetic_events.csv"
STORIES = 800  # synthetic stories drawn (with the seed) for extra positives
STORY_WEIGHT = 0.3  # a story positive counts this much of an annotated news candidate (its label is a guess)
STRENGTHS = (0.1, 0.3, 1.0)  # inverse regularisation strengths tried on cross-validation
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 19))


@dataclass
class Candidates:
    """One training article: its gold, its document, and each candidate's features and label."""

    gold: dict
    doc: Document
    rows: list[list[str]]
    labels: list[int]


def collect(train: Path, settings: Settings | None = None) -> list[Candidates]:
    """Every training article through the pipeline without the decision, its candidates labelled."""
    settings = settings or Settings()
    pipeline = Pipeline(dataclasses.replace(settings, decide=False))
    pairs = find_pairs(train)
    golds = [load_gold(g) for _, _, g in pairs]
    articles = []
    for (name, text_path, _), gold in zip(pairs, golds):
        text = text_path.read_text("utf-8")
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        date = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
        articles.append(Article(id=name, text=text, title=title, date=date, origin=str(text_path)))
    found = []
    for gold, doc in zip(golds, pipeline.pipe(articles)):
        if isinstance(doc, Failure):
            continue
        rows = [features(doc, e, i) for i, e in enumerate(doc.events)]
        labels = [label(gold, e) for e in doc.events]
        found.append(Candidates(gold, doc, rows, labels))
    return found


def label(gold: dict, event: Event) -> int:
    """1 where the yardstick could pair the candidate with a gold event of its article (type and parties
    agree). Labels from gold evidence alone (trigger inside a gold event's evidence, type agreeing,
    parties not asked) were tried: they teach the model to keep events whose parties are wrong, and
    cross-validated precision fell to 0.20."""
    return int(any(news_match.pair_score(g, event) for g in gold.get("events", [])))


def story_positives(path: Path, count: int, seed: int, settings: Settings | None = None) -> list[list[str]]:
    """Extra positives from NGEC's synthetic stories (pseudo-labelled with one PLOVER type each): in a
    story's first sentence, the candidates of the story's type. They teach plain reports of an event
    (a lead sentence, often with one party named), which the news articles hold few of."""
    import csv

    settings = settings or Settings()
    with open(path, newline="", encoding="utf-8") as handle:
        stories = [r for r in csv.DictReader(handle) if r.get("text") and r.get("label")]
    stories = random.Random(seed).sample(stories, min(count, len(stories)))
    pipeline = Pipeline(dataclasses.replace(settings, decide=False))
    leads = [Article(id=f"story{i}", text=_lead(r["text"]), origin="ngec") for i, r in enumerate(stories)]
    rows = []
    for story, doc in zip(stories, pipeline.pipe(leads)):
        if isinstance(doc, Failure):
            continue
        kind = news_match.folded(story["label"])
        rows += [features(doc, e, i) for i, e in enumerate(doc.events) if news_match.folded(e.event) == kind]
    return rows


def _lead(text: str) -> str:
    first = text.strip().split("\n")[0]
    end = first.find(". ")
    return first[: end + 1] if end > 0 else first


def pooled(data: list[Candidates], probabilities: list[list[float]], threshold: float) -> dict:
    """The yardstick's scores over every article when candidates at or above `threshold` are kept."""
    tally = news_match.Tally()
    for item, probs in zip(data, probabilities):
        kept = [e for e, p in zip(item.doc.events, probs) if p >= threshold]
        tally.add(item.gold, kept, news_match.pair_events(item.gold, kept))
    s = tally.scores()
    return {k: s[k] for k in ("precision", "core_recall", "f1", "naive_errors")}


def _learner(strength: float, seed: int):
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError as exc:
        raise ConfigError("training needs scikit-learn: pip install 'parley-events[train]'") from exc
    return make_pipeline(DictVectorizer(), LogisticRegression(C=strength, max_iter=2000, random_state=seed))


def _fit(strength: float, seed: int, rows: list[list[str]], labels: list[int], extra: Sequence[list[str]]):
    weights = [1.0] * len(rows) + [STORY_WEIGHT] * len(extra)
    return _learner(strength, seed).fit(_dicts(rows + list(extra)), labels + [1] * len(extra),
                                        logisticregression__sample_weight=weights)


def _dicts(rows: list[list[str]]) -> list[dict[str, int]]:
    return [{name: 1 for name in row if name != "bias"} for row in rows]


def cross_validate(data: list[Candidates], strength: float, folds: int, seed: int,
                   extra: Sequence[list[str]] = ()) -> list[list[float]]:
    """Held-out probabilities for every candidate, articles dealt into `folds` folds; `extra` positives
    join every fold's training set."""
    order = list(range(len(data)))
    random.Random(seed).shuffle(order)
    fold_of = {a: n % folds for n, a in enumerate(order)}
    out: list[list[float]] = [[] for _ in data]
    for fold in range(folds):
        train = [d for a, d in enumerate(data) if fold_of[a] != fold]
        model = _fit(strength, seed, [r for d in train for r in d.rows], [y for d in train for y in d.labels], extra)
        for a, d in enumerate(data):
            if fold_of[a] == fold and d.rows:
                out[a] = list(model.predict_proba(_dicts(d.rows))[:, 1])
    return out


def build(train: Path = DEFAULT_TRAIN, out: Path = MODEL, folds: int = 5, seed: int = 10,
          settings: Settings | None = None, stories: Path | None = DEFAULT_STORIES) -> dict:
    """Train, cross-validate, write the model; returns what was measured. `stories`: None for news only."""
    if not Path(train).is_dir():
        raise ConfigError(f"{train}: no such folder (the news_gold train split)")
    if stories is not None and not Path(stories).is_file():
        raise ConfigError(f"{stories}: no such file (NGEC's synthetic stories; pass none to train on news only)")
    data = collect(Path(train), settings)
    extra = story_positives(Path(stories), STORIES, seed, settings) if stories is not None else []
    everything = [[1.0] * len(d.rows) for d in data]
    best: tuple[dict, float, float] | None = None
    for strength in STRENGTHS:
        probabilities = cross_validate(data, strength, folds, seed, extra)
        for threshold in THRESHOLDS:
            scores = pooled(data, probabilities, threshold)
            if best is None or scores["f1"] > best[0]["f1"]:
                best = (scores, strength, threshold)
    assert best is not None  # STRENGTHS and THRESHOLDS are not empty
    scores, strength, threshold = best
    rows = [r for d in data for r in d.rows]
    labels = [y for d in data for y in d.labels]
    model = _fit(strength, seed, rows, labels, extra)
    vectorizer, regression = model.steps[0][1], model.steps[1][1]
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), regression.coef_[0])
               if abs(w) >= 1e-4}
    weights["bias"] = round(float(regression.intercept_[0]), 4)
    report = {
        "articles": len(data),
        "candidates": len(rows),
        "positives": sum(labels),
        "story_weight": STORY_WEIGHT,
        "story_positives": len(extra),
        "all_candidates": pooled(data, everything, 0.5),  # the ceiling: every candidate kept
        "cross_validated": scores,
        "strength": strength,
        "threshold": threshold,
        "folds": folds,
        "seed": seed,
    }
    model_file = {
        "about": "Parley's event decision: logistic weights over the features of stages/decide/features.py. "
                 "Written by `parley build decision`; see docs/evaluation.md.",
        "threshold": threshold,
        "training": report,
        "weights": dict(sorted(weights.items())),
    }
    Path(out).write_text(json.dumps(model_file, indent=0, ensure_ascii=False) + "\n", "utf-8")
    return report
