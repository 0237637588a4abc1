"""Score attributions (who says what) on PolNeAR-format data: brat standoff `.ann` files beside article texts.

    parley eval attribution --data ../shared/data/attribution/polnear/dev

A data folder is either PolNeAR's layout (`text/NAME.txt` and `attributions/NAME_<annotator>.ann`)
or brat's plain one (`NAME.txt` beside `NAME.ann`). Some PolNeAR articles were annotated by
several people: the `.ann` whose name sorts first is used, so every run scores the same file.

Gold: the Source, Cue and Content spans that belong to an Attribution relation (`E` lines);
a discontinuous span ("10 20;30 40") is taken as its whole extent. Parley: each
`Document.attributions` record gives its cue (`source.cue`), its content, and its source
mention (the resolved entity's mention where it lies in the reporting clause, else the
source's name found in that clause). Only the stages attributions need run (parse, actors,
attribution), on the text as given, so offsets need no mapping.

Scored for source, cue and content separately: exact P/R/F1 (same offsets once spaces and
punctuation at either end are trimmed) and overlap P/R/F1; and whole relations whose cue and
content both overlap one gold relation's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import Article, Attribution, Document, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from .report import Pair, SpanCounts, overlaps, prf

ROLES = ("source", "cue", "content")
_EDGE = " \t\n.,;:!?\"'“”‘’()[]—–-"


@dataclass(frozen=True, slots=True)
class GoldRelation:
    source: Pair | None
    cue: Pair | None
    content: Pair | None


def find_articles(directory: Path) -> list[tuple[str, Path, Path]]:
    """(name, text file, annotation file) for every annotated article, sorted by name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(str(directory), "not a folder")
    text_dir, ann_dir = (directory / "text", directory / "attributions")
    if not text_dir.is_dir():
        text_dir = ann_dir = directory
    annotations = sorted(ann_dir.glob("*.ann"))
    found = []
    for text_file in sorted(text_dir.glob("*.txt")):
        name = text_file.stem
        mine = [a for a in annotations if a.stem == name or a.stem.rsplit("_", 1)[0] == name]
        if mine:
            found.append((name, text_file, mine[0]))  # several annotators: the first name, always the same
    if not found:
        raise InputError(str(directory), "no article with a brat .ann file (NAME.txt + NAME[_annotator].ann)")
    return found


def read_ann(path: Path) -> list[GoldRelation]:
    """Attribution relations of one brat file, each with its source, cue and content extents."""
    spans: dict[str, tuple[str, Pair]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            numbers = [int(n) for n in re.findall(r"\d+", offsets)]
            if numbers:
                spans[fields[0]] = (label, (min(numbers), max(numbers)))
        elif line.startswith("E") and len(fields) >= 2 and fields[1].startswith("Attribution"):
            relations.append(dict(arg.split(":", 1) for arg in fields[1].split()[1:] if ":" in arg))
    return [
        GoldRelation(*(spans[args[r]][1] if args.get(r) in spans else None for r in ("Source", "Cue", "Content")))
        for args in relations
    ]


def predicted_spans(doc: Document, attribution: Attribution) -> GoldRelation:
    source = attribution.source
    return GoldRelation(_source_mention(doc, attribution), _pair(source.cue), _pair(attribution.content))


def _source_mention(doc: Document, attribution: Attribution) -> Pair | None:
    """Where the source is named: its entity's mention inside the reporting clause, else its name there."""
    source = attribution.source
    clause = source.span
    entity = source.entity
    if entity is not None and entity.span is not None and (clause is None or clause.contains(entity.span)):
        return entity.span.start, entity.span.end
    if clause is None:
        return None
    cue_at = source.cue.start if source.cue else clause.start
    for name in (source.name, entity.text if entity else None):
        if not name:
            continue
        starts = [m.start() + clause.start for m in re.finditer(re.escape(name), clause.text, re.I)]
        if starts:
            start = min(starts, key=lambda s: abs(s - cue_at))
            return start, start + len(name)
    return None


def _pair(span) -> Pair | None:
    return (span.start, span.end) if span is not None else None


def _trim(text: str, pair: Pair) -> Pair:
    start, end = pair
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def attribution_pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings, stages=["nlp", "actors", "attribution"])


def score_attribution(directory: Path, settings: Settings | None = None, pipeline: Pipeline | None = None) -> dict:
    articles = find_articles(directory)
    pipeline = pipeline or attribution_pipeline(settings or Settings())
    texts = [path.read_text("utf-8") for _, path, _ in articles]
    docs = pipeline.pipe(Article(id=name, text=text, origin=name) for (name, _, _), text in zip(articles, texts))
    exact = {role: SpanCounts() for role in ROLES}
    overlap = {role: SpanCounts() for role in ROLES}
    relation_hits_pred = relation_hits_gold = n_pred = n_gold = failed = 0
    for (_, _, ann), text, doc in zip(articles, texts, docs):
        gold = read_ann(ann)
        failed += isinstance(doc, Failure)  # scored as an article where nothing was found
        predicted = [] if isinstance(doc, Failure) else [predicted_spans(doc, a) for a in doc.attributions]
        for role in ROLES:
            gold_spans = [getattr(g, role) for g in gold if getattr(g, role)]
            pred_spans = [getattr(p, role) for p in predicted if getattr(p, role)]
            exact[role].add([_trim(text, p) for p in pred_spans], [_trim(text, g) for g in gold_spans])
            overlap[role].add(pred_spans, gold_spans)
        n_pred += len(predicted)
        n_gold += len(gold)
        relation_hits_pred += sum(any(_same_relation(p, g) for g in gold) for p in predicted)
        relation_hits_gold += sum(any(_same_relation(p, g) for p in predicted) for g in gold)
    result: dict = {"articles": len(articles), "failed": failed,
                    "relations_gold": n_gold, "relations_predicted": n_pred}
    for role in ROLES:
        counts = exact[role].result()
        result[role] = {"gold": counts["gold"], "predicted": counts["predicted"],
                        "exact": counts["exact"], "overlap": overlap[role].result()["overlap"]}
    result["relation_overlap"] = prf(relation_hits_pred, n_pred, relation_hits_gold, n_gold)
    return result


def _same_relation(predicted: GoldRelation, gold: GoldRelation) -> bool:
    return all(
        getattr(predicted, role) is not None and getattr(gold, role) is not None
        and overlaps(getattr(predicted, role), getattr(gold, role))
        for role in ("cue", "content")
    )
