"""parley.bench and `parley bench pipeline` / `parley bench ledger`: the reports' shape, never their timings."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from parley.bench import ledger as ledger_bench
from parley.bench import load_articles, run_bench
from parley.bench.measure import alternate, count_words
from parley.cli import cli
from parley.cli.render import bench_table
from parley.errors import ConfigError
from parley.pipeline import default_stages
from parley.settings import Settings
from parley.stages.nlp import load_nlp

SETTINGS = Settings(batch_size=2)
TEXTS = (
    "Ukraine and Poland signed a trade agreement in Warsaw on Friday.",
    "The Japanese prime minister met the Chinese foreign minister on Monday, officials said.",
    "Protesters gathered outside parliament in Lima.",
)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for number, text in enumerate(TEXTS):
        (folder / f"{number}.txt").write_text(f"Headline {number}\n\n{text}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def report(data):
    articles, unreadable = load_articles([str(data)], SETTINGS)
    assert len(articles) == 3 and unreadable == 0
    return run_bench(articles, SETTINGS, repeats=1, workers=1, isolate=False)


def test_bench_report_has_positive_rates(report):
    for side in ("spacy", "parley"):
        stats = report.one_process[side]
        assert stats.words_per_second > 0 and stats.articles_per_second > 0
        assert stats.peak_rss_mb > 0 and stats.failures == 0
    assert report.ratio > 0 and report.words > 0 and report.articles == 3
    assert report.many_processes is None  # one worker: no multi-process comparison


def test_bench_report_names_every_stage(report):
    names = [stage.name for stage in default_stages(SETTINGS)]
    assert list(report.stage_shares)[: len(names)] == names
    assert all(share >= 0 for name, share in report.stage_shares.items() if name in names)


def test_bench_table_lists_sides_and_stages(report):
    table = bench_table(report)
    for text in ("spacy", "parley", "ratio", "parley.nlp.v1", "parley.events.v1"):
        assert text in table


def test_bench_words_skip_punctuation_and_space():
    doc = load_nlp(SETTINGS.model)("Peace, at last!\n\nTalks resume.")
    assert count_words(doc) == 5


def test_bench_alternates_which_side_goes_first():
    assert list(alternate(3)) == [("spacy", "parley"), ("parley", "spacy"), ("spacy", "parley")]


def test_bench_without_articles_is_a_config_error():
    with pytest.raises(ConfigError):
        run_bench([], SETTINGS)


def test_bench_reads_text_from_another_json_field(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [{"ID": "x1", "content_original": TEXTS[0], "date": "2025-02-07"}, {"ID": "x2"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    articles, unreadable = load_articles([str(path)], Settings(text_field="content_original"))
    assert [a.text for a in articles] == [TEXTS[0]] and unreadable == 1


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_bench_cli_prints_a_report(data, fmt):
    args = ["--data", str(data), "--repeats", "1", "--workers", "1", "--in-process", "--format", fmt]
    result = CliRunner().invoke(cli, ["bench", "pipeline", *args])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["articles"] == 3 and report["one_process"]["parley"]["words_per_second"] > 0
    else:
        assert "words/s" in result.stdout and "parley.nlp.v1" in result.stdout


@pytest.mark.parametrize("command", [["bench", "pipeline"], ["bench"]])  # `parley bench --data` is short for it
def test_bench_cli_without_readable_articles_exits_2(tmp_path, command):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"content_original": TEXTS[0]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*command, "--data", str(path), "--in-process"])
    assert result.exit_code == 2 and "--text-field" in result.output


@pytest.mark.parametrize("command", [["bench"], ["bench", "pipeline"], ["bench", "ledger"]])
def test_bench_cli_help(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_bench_ledger_cli_builds_then_times_every_query(tmp_path):
    db = tmp_path / "bench.db"
    result = CliRunner().invoke(cli, ["bench", "ledger", "--events", "300", "--db", str(db), "--runs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("built 300 events") and lines[1].startswith("ledger size:")
    assert len(lines) == 11 and all(" p95 " in line and "1 runs)" in line for line in lines[2:])
    again = CliRunner().invoke(cli, ["bench", "ledger", "--db", str(db), "--runs", "1", "--reuse"])
    assert again.exit_code == 0 and not again.output.startswith("built") and len(again.output.splitlines()) == 10


def test_bench_ledger_times_are_values(tmp_path):
    db = tmp_path / "bench.db"
    assert ledger_bench.build(db, 200) > 0
    times = ledger_bench.time_queries(db, runs=2)
    assert len(times) == 9 and all(0 <= t.p50_ms <= t.p95_ms and t.runs == 2 for t in times)
    assert 0 < times[0].rows <= 200  # the busiest actor's first 200 events


def test_bench_ledger_reuse_without_a_ledger_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["bench", "ledger", "--reuse", "--db", str(tmp_path / "absent.db")])
    assert result.exit_code == 2 and "parley: error: no bench ledger" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bench_isolated_run_reports_its_own_peak_memory(data):
    from parley.bench.measure import run_isolated

    articles, _ = load_articles([str(data)], SETTINGS, limit=1)
    run = run_isolated("spacy", articles, SETTINGS)
    assert run.articles == 1 and run.words > 0 and run.peak_rss_mb > 0


def test_bench_length_cli_help_and_bad_sizes():
    assert CliRunner().invoke(cli, ["bench", "length", "--help"]).exit_code == 0
    result = CliRunner().invoke(cli, ["bench", "length", "--sizes", "5000,lots"])
    assert result.exit_code == 2 and "--sizes" in result.output
