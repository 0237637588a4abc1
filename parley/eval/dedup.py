"""Score cross-article event merging (`parley.ledger.merge`) on ECB+ topics.

Each ECB+ topic holds two sub-topics about look-alike events: the ECB documents
(`2_1ecb.xml`) report one seminal event, the ECB+ documents (`2_1ecbplus.xml`) a
similar but different one. Gold event mentions are the ACTION_* and NEG_ACTION_*
markables; mentions linked by a CROSS_DOC_COREF relation share its instance id, an
INTRA_DOC_COREF chain is one event within its document, any other mention is a
singleton. As in the standard setup (Cybulska and Vossen 2014), only mentions in the
validated sentences of `ecbplus_coreference_sentences.csv` are scored.

Parley runs on each document's text (tokens joined by spaces, one sentence a line,
sentence 0, a title or URL, left out; no publication date, since ECB+ gives none
reliably, unless the settings give one). Its events become `Mention`s (article key =
file name) and `cluster` groups them twice: each sub-topic on its own ("within", no
look-alike in sight) and the whole topic at once ("across", where the look-alike
events must be kept apart). A gold mention is aligned to the system mention whose trigger overlaps most of
its tokens (one to one); gold mentions Parley did not recognise count as singletons,
so the scores mix recognition and merging: the share recognised and the scores on the
recognised mentions alone are reported to tell them apart. B-cubed and pairwise
precision, recall and F1 are micro-averaged over the mentions of all topics. The
baseline "same trigger lemma" groups gold mentions by the lemma of their head word.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ledger.merge import Mention, block_keys, candidate_pairs, cluster, mention_from_event
from ..model import Article, Document
from ..settings import Settings

DEV_TOPICS = ["2", "5", "12", "18", "21", "23", "34", "35"]
SUBTOPICS = ("ecb", "ecbplus")


@dataclass(frozen=True, slots=True)
class GoldMention:
    key: str  # "<file>:<m_id>"
    doc: str
    tokens: tuple[int, ...]
    sentence: int
    cluster: str


@dataclass(frozen=True, slots=True)
class EcbDoc:
    name: str  # file name, "2_1ecbplus.xml"
    subtopic: str
    tokens: tuple[tuple[int, int, str], ...]  # (t_id, sentence, text)
    mentions: tuple[GoldMention, ...]


def read_selected(path: Path) -> dict[str, set[int]]:
    """Validated sentence numbers per file name, from ecbplus_coreference_sentences.csv."""
    selected: dict[str, set[int]] = defaultdict(set)
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            selected[f"{row['Topic']}_{row['File']}.xml"].add(int(row["Sentence Number"]))
    return dict(selected)


def read_doc(path: Path, selected: set[int] | None) -> EcbDoc:
    """Tokens and scored gold event mentions of one ECB+ file."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(str(path), f"not ECB+ XML: {exc}") from exc
    name = Path(path).name
    tokens = tuple(
        (int(t.attrib["t_id"]), int(t.attrib["sentence"]), t.text or "") for t in root.iter("token")
    )
    sentence_of = {t_id: sentence for t_id, sentence, _ in tokens}
    chains: dict[str, str] = {}
    for relation in root.iter("CROSS_DOC_COREF"):
        for source in relation.iter("source"):
            chains[source.attrib["m_id"]] = relation.attrib["note"]
    for relation in root.iter("INTRA_DOC_COREF"):
        target = relation.find("target")
        chain = f"{name}:chain:{target.get('m_id') if target is not None else relation.get('r_id')}"
        for source in relation.iter("source"):
            chains.setdefault(source.attrib["m_id"], chain)
    mentions = []
    markables = root.find("Markables")
    for node in markables if markables is not None else ():
        anchors = tuple(int(a.attrib["t_id"]) for a in node.iter("token_anchor"))
        if not anchors or not (node.tag.startswith("ACTION_") or node.tag.startswith("NEG_ACTION_")):
            continue
        sentence = sentence_of[anchors[0]]
        if selected is not None and sentence not in selected:
            continue
        m_id = node.attrib["m_id"]
        key = f"{name}:{m_id}"
        mentions.append(GoldMention(key, name, anchors, sentence, chains.get(m_id, key)))
    subtopic = "ecbplus" if name.endswith("ecbplus.xml") else "ecb"
    return EcbDoc(name, subtopic, tokens, tuple(mentions))


def doc_text(doc: EcbDoc) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text Parley reads (one sentence a line, sentence 0 left out) and each token's offsets."""
    parts: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}
    length, current = 0, None
    for t_id, sentence, text in doc.tokens:
        if sentence == 0:
            continue
        if current is not None:
            glue = " " if sentence == current else "\n"
            parts.append(glue)
            length += len(glue)
        current = sentence
        offsets[t_id] = (length, length + len(text))
        parts.append(text)
        length += len(text)
    return "".join(parts), offsets


def realign(source: str, target: str, offsets: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Token offsets moved into `target` (the cleaned text), found in order; lost tokens are dropped."""
    if source == target:
        return offsets
    moved, position = {}, 0
    for t_id, (start, end) in sorted(offsets.items(), key=lambda item: item[1]):
        found = target.find(source[start:end], position)
        if found >= 0 and found - position < 200:
            moved[t_id] = (found, found + end - start)
            position = found + end - start
    return moved


def align(mentions: Iterable[GoldMention], events: list[tuple[Mention, int, int]],
          offsets: dict[int, tuple[int, int]]) -> dict[str, str]:
    """Gold mention key -> system mention id, by trigger overlap, largest overlaps first, one to one."""
    scored = []
    for gold in mentions:
        spans = [offsets[t] for t in gold.tokens if t in offsets]
        for mention, start, end in events:
            overlap = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
            if overlap:
                scored.append((-overlap, gold.key, mention.id))
    pairs: dict[str, str] = {}
    used: set[str] = set()
    for _, gold_key, mention_id in sorted(scored):
        if gold_key not in pairs and mention_id not in used:
            pairs[gold_key] = mention_id
            used.add(mention_id)
    return pairs


# ---- metrics -------------------------------------------------------------------------------------


def bcubed_sums(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float, int]:
    """Sums over items of B-cubed precision and recall, and the number of items (for micro averages)."""
    def groups(labels: dict[str, str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for item, label in labels.items():
            out[label].add(item)
        return out

    gold_groups, system_groups = groups(gold), groups(system)
    precision = recall = 0.0
    for item in gold:
        g, s = gold_groups[gold[item]], system_groups[system[item]]
        both = len(g & s)
        precision += both / len(s)
        recall += both / len(g)
    return precision, recall, len(gold)


def pair_counts(gold: dict[str, str], system: dict[str, str]) -> tuple[int, int, int]:
    """(pairs in both, pairs the system links, pairs the gold links)."""
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in sorted(labels):
            out[labels[item]].append(item)
        return {(a, b) for group in out.values() for i, a in enumerate(group) for b in group[i + 1:]}

    g, s = pairs(gold), pairs(system)
    return len(g & s), len(s), len(g)


def _prf(p: float, r: float) -> dict[str, float]:
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}


class Tally:
    """Micro-averaged B-cubed and pairwise scores over many (gold, system) labelings."""

    def __init__(self) -> None:
        self.b = [0.0, 0.0, 0]
        self.pairs = [0, 0, 0]

    def add(self, gold: dict[str, str], system: dict[str, str]) -> None:
        for i, value in enumerate(bcubed_sums(gold, system)):
            self.b[i] += value
        for i, value in enumerate(pair_counts(gold, system)):
            self.pairs[i] += value

    def result(self) -> dict:
        n = self.b[2]
        both, sys_pairs, gold_pairs = self.pairs
        return {
            "mentions": n,
            "bcubed": _prf(self.b[0] / n if n else 0.0, self.b[1] / n if n else 0.0),
            "pairwise": _prf(both / sys_pairs if sys_pairs else 0.0, both / gold_pairs if gold_pairs else 0.0),
        }


# ---- the run ------------------------------------------------------------------------------------


@dataclass
class TopicRun:
    docs: list[EcbDoc]
    mentions: dict[str, list[Mention]]  # file name -> system mentions
    aligned: dict[str, str]  # gold key -> system mention id
    lemmas: dict[str, str]  # gold key -> head lemma


def run_topic(paths: list[Path], selected: dict[str, set[int]], pipeline) -> TopicRun:
    docs = [read_doc(p, selected.get(p.name, set())) for p in paths]
    texts = [doc_text(d) for d in docs]
    articles = [Article(id=d.name, text=text, origin=d.name) for d, (text, _) in zip(docs, texts)]
    run = TopicRun(docs, {}, {}, {})
    for doc, (text, offsets), result in zip(docs, texts, pipeline.pipe(articles)):
        if not isinstance(result, Document):
            run.mentions[doc.name] = []
            continue
        moved = realign(text, result.text, offsets)
        events = [(mention_from_event(e, result, doc.name), e.trigger.start, e.trigger.end) for e in result.events]
        run.mentions[doc.name] = [m for m, _, _ in events]
        run.aligned.update(align(doc.mentions, events, moved))
        for gold in doc.mentions:
            run.lemmas[gold.key] = _head_lemma(result, [moved[t] for t in gold.tokens if t in moved])
    return run


def _head_lemma(doc: Document, spans: list[tuple[int, int]]) -> str:
    if not spans or doc.nlp is None:
        return ""
    span = doc.nlp.char_span(min(s for s, _ in spans), max(e for _, e in spans), alignment_mode="expand")
    return span.root.lemma_.lower() if span is not None and len(span) else ""


def score_run(runs: list[TopicRun]) -> dict:
    """Parley and the lemma baseline, within sub-topics and across topics, on all and on recognised mentions."""
    tallies = {f"{scope}/{who}/{subset}": Tally() for scope in ("within", "across")
               for who in ("parley", "lemma_baseline") for subset in ("all", "recognised")}
    for run in runs:
        scopes = [("within", [d for d in run.docs if d.subtopic == sub]) for sub in SUBTOPICS]
        scopes.append(("across", run.docs))
        for scope, docs in scopes:
            labels = cluster(m for d in docs for m in run.mentions[d.name])
            gold = {g.key: g.cluster for d in docs for g in d.mentions}
            parley = {k: labels[run.aligned[k]] if k in run.aligned else f"single:{k}" for k in gold}
            lemma = {k: f"lemma:{run.lemmas.get(k) or k}" for k in gold}
            recognised = [k for k in gold if k in run.aligned]
            for who, system in (("parley", parley), ("lemma_baseline", lemma)):
                tallies[f"{scope}/{who}/all"].add(gold, system)
                tallies[f"{scope}/{who}/recognised"].add(
                    {k: gold[k] for k in recognised}, {k: system[k] for k in recognised})
    out: dict = {}
    for name, tally in tallies.items():
        scope, who, subset = name.split("/")
        out.setdefault(subset, {}).setdefault(scope, {})[who] = tally.result()
    return out


def score_dedup(data: Path, topics: list[str] | None = None, settings: Settings | None = None) -> dict:
    """Score merging on ECB+ topics under `data` (the folder with ecbplus/ and the sentences csv)."""
    from ..pipeline import Pipeline

    data = Path(data)
    csv_path = data / "ecbplus_coreference_sentences.csv"
    if not csv_path.is_file():
        raise InputError(str(data), "no ecbplus_coreference_sentences.csv here")
    selected = read_selected(csv_path)
    topics = topics or DEV_TOPICS
    settings = dataclasses.replace(settings or Settings(), code_headlines=True)  # no headline in ECB+ text
    pipeline = Pipeline(settings)
    runs = []
    for topic in topics:
        paths = sorted((data / "ecbplus" / topic).glob(f"{topic}_*.xml"))
        if not paths:
            raise InputError(str(data / "ecbplus" / topic), "no ECB+ files for this topic")
        runs.append(run_topic(paths, selected, pipeline))
    gold_total = sum(len(d.mentions) for r in runs for d in r.docs)
    recognised = sum(len(r.aligned) for r in runs)
    return {
        "data": str(data),
        "topics": list(topics),
        "documents": sum(len(r.docs) for r in runs),
        "gold_mentions": gold_total,
        "system_mentions": sum(len(m) for r in runs for m in r.mentions.values()),
        "recognised": recognised,
        "recognised_share": round(recognised / gold_total, 4) if gold_total else 0.0,
        "scores": score_run(runs),
        "scaling": measure_scaling(100_000),
    }


# ---- near-linear check ------------------------------------------------------------------------


def synthetic_mentions(n: int, seed: int = 0) -> list[Mention]:
    """A ledger-like load: real events reported 1-5 times each, about 200 mentions a day.

    A bigger ledger covers more days, as a real one does; 200 actors, 12 types, a share
    of mentions undated, with one participant missing, planned or denied.
    """
    rng = random.Random(seed)
    actors = [f"A{i:03d}" for i in range(200)]
    types = ["CONSULT", "AGREE", "ACCUSE", "ASSAULT", "PROTEST", "REQUEST", "REJECT", "THREATEN",
             "SANCTION", "COERCE", "AID", "SUPPORT"]
    start, days = dt.date(2020, 1, 1), max(1, n // 200)
    out: list[Mention] = []
    while len(out) < n:
        day = start + dt.timedelta(days=rng.randrange(days))
        event, actor, recipient = rng.choice(types), rng.choice(actors), rng.choice(actors)
        status = rng.choice(["occurred"] * 8 + ["planned", "did_not_occur"])
        for _ in range(min(rng.randint(1, 5), n - len(out))):
            i, roll = len(out), rng.random()
            published = day + dt.timedelta(days=rng.randint(0, 2))
            out.append(Mention(
                id=f"art{i}#e1", article=f"art{i}", outlet=None, event=event, mode=None,
                actor=None if roll < 0.05 else actor, recipient=None if 0.05 <= roll < 0.1 else recipient,
                actor_code=None, recipient_code=None,
                date=None if roll > 0.8 else (day.isoformat() if roll > 0.3 else day.isoformat()[:7]),
                published=published.isoformat(), status=status, trigger="meet", place=None, background=False,
            ))
    return out


def component_sizes(mentions: Iterable[Mention]) -> list[int]:
    """Sizes of the connected components of the mention-key graph, largest first.

    The ledger re-clusters a whole component whenever a new mention touches one of its keys
    (`Ledger.settle`), so these sizes bound the work of one settle.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    ids = []
    for mention in mentions:
        ids.append(f"m:{mention.id}")
        for key in block_keys(mention):
            parent[root(f"k:{key}")] = root(ids[-1])
    sizes: dict[str, int] = defaultdict(int)
    for node in ids:
        sizes[root(node)] += 1
    return sorted(sizes.values(), reverse=True)


def measure_scaling(n: int, seed: int = 0) -> dict:
    """Compatibility checks `cluster` makes on `n` synthetic mentions, against n^2/2 for all pairs,
    and the sizes of the components the ledger re-clusters."""
    mentions = synthetic_mentions(n, seed)
    _, checks = candidate_pairs(mentions)
    components = component_sizes(mentions)
    started = time.perf_counter()
    events = len(set(cluster(mentions).values()))
    seconds = time.perf_counter() - started
    all_pairs = n * (n - 1) // 2
    return {"mentions": n, "checks": checks, "all_pairs": all_pairs,
            "share_of_all_pairs": round(checks / all_pairs, 6) if all_pairs else 0.0,
            "checks_per_mention": round(checks / n, 2) if n else 0.0, "ledger_events": events,
            "largest_component": components[0] if components else 0,
            "mean_component": round(n / len(components), 2) if components else 0.0,
            "cluster_seconds": round(seconds, 2)}
