"""Cost against article length: time per word and peak memory for one article of each size.

    parley bench length --sizes 5000,50000,500000 --repeats 3 --min-seconds 30

Each article is built from Parley's own sentence templates (countries, cities, weekdays drawn
with a fixed seed), so the sizes differ in length only. Every size runs in a fresh process that
loads the pipeline, codes a small warm-up article, then codes the article `repeats` times; the
report gives the median wall-clock and CPU milliseconds per 1,000 words, their ratios to the first
(smallest) size measured in the same run, and the process's peak resident memory. CPU time is the
steadier figure on a shared machine. `--paired ROUNDS` times every size in one process instead, in
rounds of equal stretches with the order alternating, and reports median per-round ratios: the
fairest wall-clock comparison on a busy machine. See docs/benchmark.md.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import resource
import statistics
import time

_TEMPLATES = (
    "The foreign minister of {a} met her counterpart from {b} in {c} on {d}.",
    "{a} accused {b} of violating the ceasefire near {c}, a spokesman said on {d}.",
    "Police in {c} arrested dozens of protesters who marched against the new tax law.",
    "The president of {a} said on {d} that talks with {b} would resume next week.",
    "{a} and {b} signed an agreement on energy cooperation in {c}.",
    "Officials from {b} denied reports that troops had crossed into {a}.",
    "The European Union imposed sanctions on {a} over its treatment of journalists.",
    "Thousands of people gathered in {c} to demand the release of political prisoners.",
    "The prime minister of {b} called for an urgent meeting of the Security Council.",
    "Analysts said the dispute between {a} and {b} was unlikely to end soon.",
)
_COUNTRIES = ("France", "Germany", "Japan", "China", "Brazil", "Kenya", "Turkey", "Poland", "Mexico", "India")
_CITIES = ("Paris", "Berlin", "Tokyo", "Nairobi", "Ankara", "Warsaw", "Lima", "Geneva", "Doha", "Oslo")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def synthetic_article(chars: int, seed: int = 1) -> str:
    """A headline, then paragraphs of two to five template sentences, cut to `chars` characters."""
    rnd = random.Random(seed)
    parts, size = ["Talks and tensions across the region"], 0
    while size < chars:
        sentences = (
            rnd.choice(_TEMPLATES).format(
                a=rnd.choice(_COUNTRIES), b=rnd.choice(_COUNTRIES), c=rnd.choice(_CITIES), d=rnd.choice(_DAYS)
            )
            for _ in range(rnd.randint(2, 5))
        )
        paragraph = " ".join(sentences)
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)[:chars].rstrip()


def measure_size(chars: int, repeats: int, model: str | None = None, min_seconds: float = 0.0) -> dict:
    """Run in a fresh process: seconds per 1,000 words (median of the runs) and peak memory.

    The article is coded `repeats` times, and again until `min_seconds` of wall time have passed, so
    that a short article is timed over as long a stretch as a long one: on a shared machine a burst
    of a fraction of a second gets a core more easily than minutes of steady work do.
    """
    from ..model import Article
    from ..pipeline import Pipeline
    from ..settings import Settings

    settings = Settings(model=model) if model else Settings()
    pipeline = Pipeline(settings)
    day = dt.date(2025, 2, 9)
    pipeline(Article(id="warm-up", text=synthetic_article(2_000, seed=9), date=day))
    loaded = _peak_mb()
    text = synthetic_article(chars)
    words = len(text.split())
    wall: list[float] = []
    cpu: list[float] = []
    began = time.perf_counter()
    while len(wall) < repeats or time.perf_counter() - began < min_seconds:
        started, started_cpu = time.perf_counter(), time.process_time()
        doc = pipeline(Article(id=f"n{chars}", text=text, date=day))
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "chars": len(text), "words": words, "events": len(doc.events), "runs": len(wall),
        "seconds": round(statistics.median(wall), 3), "cpu_seconds": round(statistics.median(cpu), 3),
        "ms_per_1000_words": round(1e6 * statistics.median(wall) / words, 1),
        "cpu_ms_per_1000_words": round(1e6 * statistics.median(cpu) / words, 1),
        "peak_mb": round(_peak_mb()), "model_loaded_mb": round(loaded),
    }


def run(sizes: list[int], repeats: int, model: str | None = None, min_seconds: float = 0.0) -> list[dict]:
    context = multiprocessing.get_context("spawn")
    rows = []
    for chars in sizes:
        with context.Pool(1) as pool:  # a fresh process per size: peak memory is that size's alone
            rows.append(pool.apply(measure_size, (chars, repeats, model, min_seconds)))
    for key in ("ms_per_1000_words", "cpu_ms_per_1000_words"):
        base = rows[0][key]
        for row in rows:
            row[key.replace("ms_per_1000_words", "ratio")] = round(row[key] / base, 2)
    return rows


def run_paired(sizes: list[int], rounds: int, min_seconds: float, model: str | None = None) -> list[dict]:
    """`paired` in a fresh spawned process, so the measuring process starts as clean as `run`'s do."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(paired, (sizes, rounds, min_seconds, model))


def paired(sizes: list[int], rounds: int, min_seconds: float, model: str | None = None) -> list[dict]:
    """Time per word of every size in one process, in `rounds` rounds of equal stretches.

    In each round every size is coded again and again for at least `min_seconds` of wall time, the
    order of the sizes reversing from one round to the next, so that all sizes meet the same
    load on a shared machine; each round gives each size's ratio to the first size, and the report
    keeps the median ratio over the rounds (as `parley bench` does for its two sides).
    """
    from ..model import Article
    from ..pipeline import Pipeline
    from ..settings import Settings

    pipeline = Pipeline(Settings(model=model) if model else Settings())
    day = dt.date(2025, 2, 9)
    pipeline(Article(id="warm-up", text=synthetic_article(2_000, seed=9), date=day))
    texts = {chars: synthetic_article(chars) for chars in sizes}
    per_word: dict[int, list[tuple[float, float]]] = {chars: [] for chars in sizes}
    for round_ in range(rounds):
        for chars in sizes if round_ % 2 == 0 else list(reversed(sizes)):
            words = len(texts[chars].split())
            wall = cpu = 0.0
            count = 0
            while count == 0 or wall < min_seconds:
                started, started_cpu = time.perf_counter(), time.process_time()
                pipeline(Article(id=f"n{chars}", text=texts[chars], date=day))
                wall += time.perf_counter() - started
                cpu += time.process_time() - started_cpu
                count += 1
            per_word[chars].append((1e6 * wall / (count * words), 1e6 * cpu / (count * words)))
    rows = []
    base = per_word[sizes[0]]
    for chars in sizes:
        rounds_of = per_word[chars]
        rows.append({
            "chars": len(texts[chars]), "words": len(texts[chars].split()),
            "ms_per_1000_words": round(statistics.median(w for w, _ in rounds_of), 1),
            "cpu_ms_per_1000_words": round(statistics.median(c for _, c in rounds_of), 1),
            "ratio": round(statistics.median(w / b[0] for (w, _), b in zip(rounds_of, base)), 2),
            "cpu_ratio": round(statistics.median(c / b[1] for (_, c), b in zip(rounds_of, base)), 2),
            "round_ratios": [round(w / b[0], 2) for (w, _), b in zip(rounds_of, base)],
        })
    return rows


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
