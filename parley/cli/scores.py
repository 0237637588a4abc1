"""Score reports of `parley eval ...` for a terminal: one function per data set, over the result dicts the
`parley.eval` modules return (which `--format json` prints as they are)."""

from __future__ import annotations

from ..eval.attribution import ROLES
from .render import score_table as table


def render_petrarch(result: dict) -> str:
    lines = [
        f"records {result['records']} (with events {result['with_events']})   coded {result['coded']}   "
        f"macro-F1 {result['macro_f1']:.3f}   accuracy {result['accuracy']:.3f}   "
        f"no-event sentences left uncoded {result['no_event_precision']}",
        f"actor country accuracy {result['actor_country_accuracy']['accuracy']} "
        f"(n={result['actor_country_accuracy']['records']})   recipient country accuracy "
        f"{result['recipient_country_accuracy']['accuracy']} (n={result['recipient_country_accuracy']['records']})",
        "",
        f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}",
    ]
    for label, v in result["per_type"].items():
        lines.append(f"{label:<10} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f} {v['support']:>4}")
    return "\n".join(lines)


def render_dedup(result: dict) -> str:
    """A short plain-text report of `score_dedup`."""
    lines = [
        f"ECB+ topics {', '.join(result['topics'])}: {result['documents']} documents, "
        f"{result['gold_mentions']} gold event mentions in validated sentences",
        f"Parley recognised {result['recognised']} ({result['recognised_share']:.1%}); "
        f"{result['system_mentions']} system mentions in all",
    ]
    labels = {"all": "all gold mentions (unrecognised = singletons)", "recognised": "recognised mentions only"}
    for subset, title in labels.items():
        lines.append(f"\n{title}")
        lines.append(f"  {'scope':<8} {'system':<15} {'n':>6}  {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}"
                     f"  {'pair P':>6} {'pair R':>6} {'pair F1':>7}")
        for scope in ("within", "across"):
            for who, row in result["scores"][subset][scope].items():
                b, p = row["bcubed"], row["pairwise"]
                lines.append(f"  {scope:<8} {who:<15} {row['mentions']:>6}  {b['p']:>6.3f} {b['r']:>6.3f} "
                             f"{b['f1']:>6.3f}  {p['p']:>6.3f} {p['r']:>6.3f} {p['f1']:>7.3f}")
    s = result.get("scaling")
    if s:
        lines.append(f"\nscaling: {s['checks']:,} compatibility checks for {s['mentions']:,} synthetic mentions "
                     f"({s['checks_per_mention']} a mention, {s['share_of_all_pairs']:.4%} of all pairs), "
                     f"cluster() in {s['cluster_seconds']} s; components of the key graph: largest "
                     f"{s.get('largest_component', '?')}, mean {s.get('mean_component', '?')}")
    return "\n".join(lines)


def render_places(result: dict) -> str:
    recognition, resolution = [], []
    for name, s in result["corpora"].items():
        for label, key in (("strict", "recognition_strict"), ("overlap", "recognition_relaxed"),
                           ("overlap, no demonyms", "recognition_relaxed_no_demonyms")):
            r = s[key]
            recognition.append([f"{name} {label}", s["articles"], s["gold"], s["predicted"],
                                r["precision"], r["recall"], r["f1"]])
        for label, key in (("parley", "resolution"), ("gazetteer alone", "gazetteer_only")):
            r = s[key]
            resolution.append([f"{name} {label}", r["scored"], r["geonames_id_match"], r["within_161km"],
                               r["mean_error_km"], r["median_error_km"]])
    return "\n\n".join([
        table(recognition, ["recognition", "articles", "gold", "pred", "P", "R", "F1"]),
        table(resolution, ["resolution", "scored", "id match", "<=161 km", "mean km", "median km"]),
    ])


def render_time(result: dict) -> str:
    rows = []
    for name, s in result["corpora"].items():
        rows.append([
            name, s["files"], s["gold"], s["predicted"], s["strict"]["f1"], s["strict_no_preposition"]["f1"],
            s["relaxed"]["precision"], s["relaxed"]["recall"], s["relaxed"]["f1"], s["value"]["f1"],
            s["type"]["f1"], s["value_accuracy"],
        ])
    header = ["corpus", "files", "gold", "pred", "strict F1", "strict F1 -prep", "relaxed P", "relaxed R",
              "relaxed F1", "value F1", "type F1", "value acc"]
    return table(rows, header)


def render_attribution(result: dict) -> str:
    rows = []
    for role in ROLES:
        r = result[role]
        for how in ("exact", "overlap"):
            scores = r[how]
            rows.append([f"{role} {how}", r["gold"], r["predicted"], scores["precision"], scores["recall"], scores["f1"]])
    rel = result["relation_overlap"]
    rows.append(["relation (cue+content overlap)", result["relations_gold"], result["relations_predicted"],
                 rel["precision"], rel["recall"], rel["f1"]])
    head = f"articles {result['articles']} ({result['failed']} failed)"
    return f"{head}\n\n" + table(rows, ["span", "gold", "pred", "P", "R", "F1"])


def render_events(result: dict) -> str:
    head = (
        f"records {result['records']} ({result['failed']} failed)   coded {result['coded']}   "
        f"macro-F1 {result['macro_f1']:.3f}   "
        f"accuracy {_num(result['accuracy'])}   mode accuracy {_num(result['mode_accuracy'])} "
        f"(n={result['mode_scored']}, correctly typed records with a gold mode)"
    )
    roles = table(
        [
            [role, result[role]["country_accuracy"], result[role]["country_scored"],
             result[role]["name_accuracy"], result[role]["name_scored"]]
            for role in ("actor", "recipient")
        ],
        ["role", "country acc", "n", "name acc", "n"],
    )
    types = table(
        [[label, v["precision"], v["recall"], v["f1"], v["support"]] for label, v in result["per_type"].items()],
        ["type", "P", "R", "F1", "n"],
    )
    return f"{head}\n\n{roles}\n\n{types}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render_ledger(result: dict) -> str:
    head = (
        f"articles {result['articles']} ({result['failed']} failed)   expected events {result['expected_events']}   "
        f"predicted events {result['predicted_events']}   matched {result['matched_events']}\n"
        f"event recall {_num(result['event_recall'])}   core event recall {_num(result['core_event_recall'])}   "
        f"flag recall {_num(result['flag_recall'])}   events coded in non-events {result['not_event_mistakes']}"
    )
    rows = [[name, value] for name, value in result["field_accuracy"].items()]
    fields = table(rows, ["field (on matches)", "accuracy"])
    return "\n\n".join([f"{head}\n\n{fields}", _render_news(result), *_render_misses(result.get("misses", []))])


def _render_news(result: dict) -> str:
    head = (
        "news-gold yardstick (the reference scorer's pairing)\n"
        f"precision {_num(result['precision'])}   core recall {_num(result['core_recall'])}   "
        f"F1 {_num(result['f1'])}   naive errors {result['naive_errors']}   "
        f"dated {_num(result['dated_share'])}   placed {_num(result['placed_share'])}"
    )
    fields = table([[n, _num(v)] for n, v in result["matched_fields"].items()], ["field (on matches)", "accuracy"])
    types = table(
        [[k, v["gold"], v["predicted"], v["matched"], _num(v["precision"]), _num(v["recall"])]
         for k, v in result["per_type"].items()],
        ["type", "gold", "predicted", "matched", "precision", "recall"],
    )
    return f"{head}\n\n{fields}\n\n{types}"


def _render_misses(listing: list[dict]) -> list[str]:
    out = []
    for item in listing:
        lines = [f"== {item['article']}"]
        lines += [f"  MISSED {g['event']} {g['actor']} -> {g['recipient']}{'' if g['core'] else ' (not core)'}: "
                  f"{_one_line(g['evidence'])}" for g in item["missed"]]
        lines += [f"  EXTRA  {e['event']} {e['actor']} -> {e['recipient']} [{e['trigger']}]"
                  f"{' (in a not-event)' if e['not_event'] else ''}: {_one_line(e['sentence'])}" for e in item["unmatched"]]
        out.append("\n".join(lines))
    return out


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())

