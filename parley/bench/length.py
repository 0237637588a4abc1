"""Cost against article length: time per word and peak memory for one article of each size.

    python -m parley.bench.length --sizes 5000,50000,500000 --repeats 3

Each article is built from Parley's own sentence templates (countries, cities, weekdays drawn
with a fixed seed), so the sizes differ in length only. Every size runs in a fresh process that
loads the pipeline, codes a small warm-up article, then codes the article `repeats` times; the
report gives the median wall-clock and CPU milliseconds per 1,000 words, their ratios to the first
(smallest) size measured in the same run, and the process's peak resident memory. CPU time is the
steadier figure on a shared machine. See docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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


def measure_size(chars: int, repeats: int, model: str | None = None) -> dict:
    """Run in a fresh process: seconds per 1,000 words (median of `repeats`) and peak memory."""
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
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        doc = pipeline(Article(id=f"n{chars}", text=text, date=day))
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "chars": len(text), "words": words, "events": len(doc.events),
        "seconds": round(statistics.median(wall), 3), "cpu_seconds": round(statistics.median(cpu), 3),
        "ms_per_1000_words": round(1e6 * statistics.median(wall) / words, 1),
        "cpu_ms_per_1000_words": round(1e6 * statistics.median(cpu) / words, 1),
        "peak_mb": round(_peak_mb()), "model_loaded_mb": round(loaded),
    }


def run(sizes: list[int], repeats: int, model: str | None = None) -> list[dict]:
    context = multiprocessing.get_context("spawn")
    rows = []
    for chars in sizes:
        with context.Pool(1) as pool:  # a fresh process per size: peak memory is that size's alone
            rows.append(pool.apply(measure_size, (chars, repeats, model)))
    for key in ("ms_per_1000_words", "cpu_ms_per_1000_words"):
        base = rows[0][key]
        for row in rows:
            row[key.replace("ms_per_1000_words", "ratio")] = round(row[key] / base, 2)
    return rows


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5000,50000,500000", help="article lengths in characters, smallest first")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per size (the median is reported)")
    parser.add_argument("--model", help="spaCy pipeline (default: the model setting)")
    parser.add_argument("--json", action="store_true", help="print JSON rather than a table")
    args = parser.parse_args()
    rows = run([int(s) for s in args.sizes.split(",")], args.repeats, args.model)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'chars':>9} {'words':>7} {'events':>6} {'wall s':>8} {'wall ms/kword':>13} {'ratio':>6} "
          f"{'cpu ms/kword':>12} {'ratio':>6} {'peak MB':>8}")
    for r in rows:
        print(f"{r['chars']:>9} {r['words']:>7} {r['events']:>6} {r['seconds']:>8} {r['ms_per_1000_words']:>13} "
              f"{r['ratio']:>6} {r['cpu_ms_per_1000_words']:>12} {r['cpu_ratio']:>6} {r['peak_mb']:>8}")


if __name__ == "__main__":
    main()
