"""Fuzzing the readers and the pipeline: random bytes, random JSON Lines and random HTML.

For every input: no exception escapes, and there is exactly one result (an article or a failure)
per item, so nothing is lost silently. Example counts are kept small enough for CI (about 30 s in
all); raise them locally with HYPOTHESIS_PROFILE=long.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.model import Article, Document, Failure
from parley.readers import read_paths
from parley.settings import Settings

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
FUZZ = settings(max_examples=400 if LONG else 60, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SETTINGS = Settings(max_bytes=200_000)
WORDS = ("Ruritania", "Freedonia", "minister", "met", "talks", "in", "Genoa", "on", "Tuesday", "the", "army",
         "accused", "signed", "an", "accord", "protesters", "police", "arrested", "said", ".", ",", "&amp;", "é")
SUFFIXES = (".txt", ".html", ".jsonl", ".json", ".htm", ".csv")


def read_one(name: str, data: bytes) -> list[Article | Failure]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        results = list(read_paths([str(path)], SETTINGS))
    assert all(isinstance(r, (Article, Failure)) for r in results)
    return results


@FUZZ
@given(data=st.binary(max_size=4_000), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_random_bytes_never_raise(data, suffix):
    results = read_one(f"item{suffix}", data)
    if suffix == ".jsonl":
        lines = [line for line in data.removeprefix(b"\xef\xbb\xbf").split(b"\n") if line.strip()]
        # one result per non-blank line, or the whole file refused once (binary, UTF-16, empty)
        assert len(results) == len(lines) or len(results) == 1, (len(results), len(lines))
    elif suffix != ".json":
        assert len(results) == 1


# JSON values with the awkward parts of real feeds: lone surrogates, NUL, deep nesting, wrong types
texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=200) | st.sampled_from(
    ["\ud83d half", "a\x00b", "", "   ", "Ministers met in Genoa on Tuesday."])
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                           max_leaves=12)
records = st.fixed_dictionaries(
    {"text": texts}, optional={"title": json_values, "url": json_values, "date": json_values, "id": json_values}
) | json_values


def as_line(value) -> bytes:
    if isinstance(value, str) and value.startswith("[[["):
        return value.encode()
    return json.dumps(value).encode()  # ensure_ascii: a surrogate becomes its \\u escape, as scrapers write it


@FUZZ
@given(values=st.lists(records | st.just("[" * 50_000 + "]" * 50_000), min_size=1, max_size=12),
       junk=st.lists(st.binary(max_size=40).filter(lambda b: b"\n" not in b), max_size=3))
def test_fuzz_json_lines_one_result_per_line(values, junk):
    lines = [as_line(v) for v in values] + junk
    results = read_one("feed.jsonl", b"\n".join(lines) + b"\n")
    counted = [line for line in lines if line.strip()]
    if not counted:
        assert len(results) == 1 and isinstance(results[0], Failure)
        return
    names = [r.item if isinstance(r, Failure) else r.origin for r in results]
    assert len(results) == len(counted), names
    assert len(set(names)) == len(names)  # one per line, none twice


def html_node(depth: int):
    text = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
    if depth == 0:
        return text
    tags = st.sampled_from(["div", "p", "span", "section", "b", "li", "table", "td", "script", "h1", "article", "x-y"])
    child = html_node(depth - 1)
    return st.one_of(text, st.tuples(tags, st.lists(child, max_size=3)).map(
        lambda t: f"<{t[0]}>" + "".join(t[1]) + (f"</{t[0]}>" if t[0] != "li" else "")))


@FUZZ
@given(body=html_node(4), wrap=st.integers(0, 400), broken=st.booleans())
def test_fuzz_random_html_is_one_result(body, wrap, broken):
    page = "<html><body>" + "<div>" * wrap + body + "</div>" * (0 if broken else wrap) + "</body></html>"
    results = read_one("page.html", page.encode())
    assert len(results) == 1


@settings(max_examples=25 if not LONG else 200, deadline=None, derandomize=not LONG,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(values=st.lists(records, min_size=1, max_size=6))
def test_fuzz_pipeline_one_result_per_item(pipeline, values):
    lines = [as_line(v) for v in values]
    items = read_one("feed.jsonl", b"\n".join(lines) + b"\n")
    results = list(pipeline.pipe(items))
    assert len(results) == len(items)
    for item, result in zip(items, results):
        assert isinstance(result, (Document, Failure))
        expected = item.item if isinstance(item, Failure) else item.origin
        assert (result.item if isinstance(result, Failure) else result.article.origin) == expected
