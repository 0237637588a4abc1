"""Score place recognition and resolution on geoparsing corpora (TR-News, GeoVirus XML).

    parley eval places --data ../shared/data/geo

Both corpora give each article's text and its toponyms as character offsets
with coordinates; TR-News also gives the GeoNames id. Reported, not asserted:

- recognition: precision/recall/F1 of Parley's place spans, strict (exact
  offsets) and relaxed (any overlap); TR-News tags demonyms ("Turkish" for
  Turkey), which Parley deliberately does not treat as places, so recall is
  also given without them;
- resolution of the recognised places (relaxed matches): GeoNames id match
  rate (TR-News), share within 161 km (100 miles, the usual geoparsing
  threshold), mean and median error in km;
- gazetteer alone: the same resolution scores for the gold phrases looked up
  directly, which separates gazetteer errors from recognition errors.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..knowledge.gazetteer import Gazetteer, normalise
from ..model import Article, Document, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from .report import prf

ACCURACY_KM = 161.0
_DEMONYM_ENDINGS = ("an", "ish", "ese", "i", "ic", "ch")


@dataclass(frozen=True, slots=True)
class GoldPlace:
    start: int
    end: int
    phrase: str
    name: str  # the gold feature's name, or the phrase where the corpus gives none
    geonames_id: int | None
    lat: float | None
    lon: float | None


def read_corpus(path: Path) -> list[tuple[str, list[GoldPlace]]]:
    """Articles as (text, gold places), from either corpus's XML."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(str(path), f"not a geoparsing XML file: {exc}") from exc
    articles = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = [_realign(text, _gold(node)) for node in [*article.iter("toponym"), *article.iter("location")]]
        articles.append((text, [g for g in gold if g.end > g.start]))
    return articles


def _realign(text: str, gold: GoldPlace) -> GoldPlace:
    """Some offsets are off (GeoVirus by one, a few TR-News ones by more): move each onto the nearest copy of its phrase."""
    if not gold.phrase or text[gold.start : gold.end] == gold.phrase:
        return gold
    starts = [i for i in range(len(text)) if text.startswith(gold.phrase, i)]
    if not starts:
        return gold
    start = min(starts, key=lambda i: abs(i - gold.start))
    return dataclasses.replace(gold, start=start, end=start + len(gold.phrase))


def _gold(node: ET.Element) -> GoldPlace:
    tag = node.find("gaztag")
    phrase = (node.findtext("phrase") or node.findtext("name") or "").strip()
    source = tag if tag is not None else node
    lat, lon = source.findtext("lat"), source.findtext("lon")
    geonames_id = tag.get("geonameid") if tag is not None else None
    return GoldPlace(
        start=int(node.findtext("start") or 0),
        end=int(node.findtext("end") or 0),
        phrase=phrase,
        name=(tag.findtext("name") if tag is not None else None) or phrase,
        geonames_id=int(geonames_id) if geonames_id else None,
        lat=float(lat) if lat else None,
        lon=float(lon) if lon else None,
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def score_places(path: Path, settings: Settings | None = None) -> dict:
    """Scores per corpus of a data path (one XML file or a folder of them): {"corpora": {name: scores}}."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.xml"))
        if not files:
            raise InputError(str(path), "no geoparsing XML files (*.xml) here")
        return {"corpora": {file.stem: score_geo(file, settings) for file in files}}
    return {"corpora": {path.stem: score_geo(path, settings)}}


def _document(result: Document | Failure) -> Document:
    if isinstance(result, Failure):
        raise result.error
    return result


def score_geo(path: str | Path, settings: Settings | None = None) -> dict:
    """Scores for one corpus file, or for every *.xml file of a folder (keyed by file stem)."""
    path = Path(path)
    if path.is_dir():
        return {file.stem: score_geo(file, settings) for file in sorted(path.glob("*.xml"))}
    settings = settings or Settings()
    corpus = read_corpus(path)
    # the texts are already clean and have no headline, so only the parse and the places stage run
    pipeline = Pipeline(settings, stages=["nlp", "places"])
    articles = (Article(id=str(i), text=text) for i, (text, _) in enumerate(corpus))
    predicted = [_document(result) for result in pipeline.pipe(articles)]
    gazetteer = Gazetteer.load()
    pairs = [(doc, gold) for doc, (_, gold) in zip(predicted, corpus)]
    return {
        "articles": len(corpus),
        "gold": sum(len(g) for _, g in pairs),
        "predicted": sum(len(d.places) for d, _ in pairs),
        "recognition_strict": _recognition(pairs, strict=True),
        "recognition_relaxed": _recognition(pairs, strict=False),
        "recognition_relaxed_no_demonyms": _recognition(
            [(d, [g for g in gold if not _demonym(g, gazetteer)]) for d, gold in pairs], strict=False
        ),
        "resolution": _resolution(
            (g, p.geonames_id, p.latitude, p.longitude) for d, gold in pairs for g, p in _matches(d, gold)
        ),
        "gazetteer_only": _gazetteer_only(gazetteer, [g for _, gold in pairs for g in gold]),
    }


def _matches(doc: Document, gold: list[GoldPlace]):
    """Each gold place paired with the first predicted place overlapping it."""
    for g in gold:
        hit = next((p for p in doc.places if p.span.start < g.end and g.start < p.span.end), None)
        if hit is not None:
            yield g, hit


def _recognition(pairs, strict: bool) -> dict:
    tp_gold = tp_pred = n_gold = n_pred = 0
    for doc, gold in pairs:
        spans = [(p.span.start, p.span.end) for p in doc.places]
        n_gold += len(gold)
        n_pred += len(spans)
        tp_gold += sum(any(_same(s, (g.start, g.end), strict) for s in spans) for g in gold)
        tp_pred += sum(any(_same(s, (g.start, g.end), strict) for g in gold) for s in spans)
    return prf(tp_pred, n_pred, tp_gold, n_gold)


def _same(a: tuple[int, int], b: tuple[int, int], strict: bool) -> bool:
    return a == b if strict else a[0] < b[1] and b[0] < a[1]


def _resolution(rows) -> dict:
    """rows: (gold, predicted geonames id, lat, lon); scored where the gold has coordinates."""
    errors: list[float] = []
    id_total = id_hits = 0
    for gold, geonames_id, lat, lon in rows:
        if gold.geonames_id is not None:
            id_total += 1
            id_hits += gold.geonames_id == geonames_id
        if gold.lat is not None and gold.lon is not None:
            errors.append(haversine_km(gold.lat, gold.lon, lat, lon) if lat is not None and lon is not None else 20_000.0)
    return {
        "scored": len(errors),
        "geonames_id_match": round(id_hits / id_total, 3) if id_total else None,
        "within_161km": round(sum(e <= ACCURACY_KM for e in errors) / len(errors), 3) if errors else None,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }


def _gazetteer_only(gazetteer: Gazetteer, gold: list[GoldPlace]) -> dict:
    looked_up = [(g, gazetteer.lookup(g.phrase)) for g in gold if g.lat is not None]
    found = [(g, e) for g, e in looked_up if e is not None]
    scores = _resolution((g, e.geonames_id, e.lat, e.lon) for g, e in found)
    return {"coverage": round(len(found) / len(looked_up), 3) if looked_up else None, **scores}


def _demonym(gold: GoldPlace, gazetteer: Gazetteer) -> bool:
    """TR-News tags adjectives of nationality as toponyms ("Turkish" -> Turkey)."""
    phrase = gold.phrase
    return (
        bool(phrase)
        and normalise(phrase) != normalise(gold.name)
        and gazetteer.lookup(phrase) is None
        and phrase.lower().endswith(_DEMONYM_ENDINGS)
    )
