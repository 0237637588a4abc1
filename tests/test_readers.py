import datetime as dt
import io
import json
from pathlib import Path

import pytest

from parley.errors import BinaryInput, EmptyInput, EncodingError, InputError, InputTooLarge, MalformedInput
from parley.model import Article, Failure
from parley.readers import count_items, read_paths
from parley.readers.text import content_id, decode
from parley.settings import Settings

REPO = Path(__file__).parents[1]
EXAMPLES = REPO / "examples"
BAD = REPO / "tests" / "fixtures" / "bad"
SETTINGS = Settings()


def read(*paths: object, settings: Settings = SETTINGS, stdin: bytes | None = None) -> list[Article | Failure]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(read_paths([str(p) for p in paths], settings, stdin=stream))


def only(results: list[Article | Failure]) -> Article | Failure:
    assert len(results) == 1, results
    return results[0]


def test_readers_text_title_is_first_line_and_stays_in_text():
    article = only(read(EXAMPLES / "phone-call.txt"))
    assert isinstance(article, Article)
    assert article.title == "Trump says he and Putin spoke by phone about ending the war in Ukraine"
    assert article.text.startswith(article.title + "\n\n")
    assert "which the Kremlin denied" in article.text
    assert article.origin == str(EXAMPLES / "phone-call.txt")
    assert article.id == content_id(article.text) and len(article.id) == 16
    assert article.date is None


def test_readers_text_uses_date_setting_as_fallback():
    article = only(read(EXAMPLES / "phone-call.txt", settings=Settings(date=dt.date(2025, 2, 12))))
    assert article.date == dt.date(2025, 2, 12)


def test_readers_html_drops_boilerplate_and_reads_metadata():
    article = only(read(EXAMPLES / "ceasefire.html", settings=Settings(date=dt.date(2000, 1, 1))))
    assert isinstance(article, Article)
    assert article.title == "Ukraine backs US proposal for a 30-day ceasefire after talks in Jeddah"
    assert article.date == dt.date(2025, 3, 11)  # from <meta>, not the fallback
    assert article.url == "https://herald.example.org/world/2025/03/11/ukraine-ceasefire-jeddah"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == article.title
    assert paragraphs[1].startswith("Ukraine said on Tuesday")
    assert len(paragraphs) == 5  # the title once (the <h1> is not repeated), then four paragraphs
    for boilerplate in ("Subscribe", "Privacy policy", "Most read", "rainy weekend", "All rights reserved"):
        assert boilerplate not in article.text


def test_readers_jsonl_reads_each_line_with_given_fields():
    articles = read(EXAMPLES / "wire.jsonl")
    assert [a.id for a in articles] == ["wire-tbilisi-01", "wire-sanctions-02"]
    first = articles[0]
    assert isinstance(first, Article)
    assert first.origin == f"{EXAMPLES / 'wire.jsonl'}:1"
    assert first.date == dt.date(2024, 12, 5)
    assert first.source == "Example Wire"
    assert first.title and first.text.startswith(first.title)


def test_readers_jsonl_broken_lines_fail_alone():
    results = read(BAD / "broken.jsonl")
    assert isinstance(results[0], Article) and results[0].id == "good-1"
    assert [type(r.error) for r in results[1:]] == [MalformedInput, MalformedInput]
    assert [r.item for r in results[1:]] == [f"{BAD / 'broken.jsonl'}:2", f"{BAD / 'broken.jsonl'}:3"]
    assert "invalid JSON" in results[1].reason
    assert '"text" field is missing' in results[2].reason


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": ""}', '"text" field is empty'),
        ('{"text": 3}', '"text" field is a int'),
        ('["a list"]', "expected a JSON object"),
        ('{"text": "Some words.", "date": "next week"}', "not an ISO date"),
        ('{"text": "Some words.", "title": 7}', '"title" field must be a string'),
    ],
)
def test_readers_jsonl_bad_records_are_malformed(tmp_path, line, message):
    path = tmp_path / "one.jsonl"
    path.write_text(line + "\n", "utf-8")
    failure = only(read(path))
    assert isinstance(failure, Failure) and isinstance(failure.error, MalformedInput)
    assert message in failure.reason and failure.item == f"{path}:1"


def test_readers_jsonl_datetime_and_numeric_id(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('\n{"id": 42, "text": "Talks ended.", "date": "2025-02-09T08:30:00Z"}\n\n', "utf-8")
    article = only(read(path))
    assert article.id == "42" and article.date == dt.date(2025, 2, 9) and article.origin == f"{path}:2"


def test_readers_json_file_object_and_list(tmp_path):
    single, many = tmp_path / "one.json", tmp_path / "many.json"
    single.write_text(json.dumps({"text": "One article."}), "utf-8")
    many.write_text(json.dumps([{"text": "First."}, {"title": "no text"}]), "utf-8")
    results = read(single, many)
    assert isinstance(results[0], Article) and results[0].origin == str(single)
    assert isinstance(results[1], Article) and results[1].origin == f"{many}[0]"
    assert isinstance(results[2], Failure) and results[2].item == f"{many}[1]"


def test_readers_jsonl_line_over_limit_fails_and_next_line_reads(tmp_path):
    path = tmp_path / "big.jsonl"
    long_line = json.dumps({"text": "word " * 100})
    path.write_text(long_line + "\n" + '{"text": "short"}\n', "utf-8")
    results = read(path, settings=Settings(max_bytes=200))
    assert isinstance(results[0], Failure) and isinstance(results[0].error, InputTooLarge)
    assert isinstance(results[1], Article) and results[1].text == "short"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("empty.txt", EmptyInput),
        ("binary.txt", BinaryInput),
        ("undecodable.txt", EncodingError),
        ("malformed.html", MalformedInput),
    ],
)
def test_readers_bad_fixture_fails_with_one_line_reason(name, error):
    failure = only(read(BAD / name))
    assert isinstance(failure, Failure)
    assert type(failure.error) is error
    assert failure.item == str(BAD / name)
    assert "\n" not in failure.reason and failure.reason.startswith(f"{failure.item}: ")


def test_readers_latin1_falls_back_to_cp1252_when_clean():
    article = only(read(BAD / "latin1.txt"))
    assert isinstance(article, Article)
    assert article.title == "Café owner in Genève says talks will resume"
    assert "« within days »" in article.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfHello", "Hello"),
        ("Hello é".encode("utf-16"), "Hello é"),
        ("Hello é".encode("utf-16-be").join([b"\xfe\xff", b""]), "Hello é"),
        ("Hello é".encode("utf-32"), "Hello é"),
        ("Grüße".encode(), "Grüße"),
        ("‘quoted’ café".encode("cp1252"), "‘quoted’ café"),
    ],
)
def test_readers_decode_policy(data, expected):
    assert decode(data, "x") == expected


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInput),
        (b"  \n\t\n", EmptyInput),
        (b"\xef\xbb\xbf  \n", EmptyInput),
        (b"text\x00more", BinaryInput),
        (bytes(range(1, 32)) * 4, BinaryInput),
        (b"caf\x81 \x8d", EncodingError),
        (b"caf\xc3\xa9 and caf\xe9", EncodingError),  # damaged UTF-8, not cp1252
    ],
)
def test_readers_decode_rejects(data, error):
    with pytest.raises(error):
        decode(data, "x")


def test_readers_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Headline\n\n" + b"A sentence about talks. " * 850_000)  # about 20 MB
    assert path.stat().st_size > 20_000_000
    opened: list[Path] = []
    original_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or original_open(self, *a, **k))
    failure = only(read(path))
    assert isinstance(failure, Failure) and isinstance(failure.error, InputTooLarge)
    assert "over the limit" in failure.reason and "max_bytes" in failure.reason
    assert path not in opened


def test_readers_directory_is_walked_recursively_by_suffix(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "b.txt").write_text("B headline\n\nBody.", "utf-8")
    (tmp_path / "sub" / "deeper" / "a.txt").write_text("A headline\n\nBody.", "utf-8")
    (tmp_path / "sub" / "notes.md").write_text("not read", "utf-8")
    (tmp_path / ".hidden.txt").write_text("not read", "utf-8")
    titles = [a.title for a in read(tmp_path)]
    assert titles == ["B headline", "A headline"]  # sorted by path: b.txt < sub/...


def test_readers_glob_and_missing_paths(tmp_path):
    results = read(EXAMPLES / "phone-*.txt", tmp_path / "missing.txt", tmp_path / "*.nothing", tmp_path)
    assert isinstance(results[0], Article) and results[0].origin.endswith("phone-call.txt")
    reasons = [r.reason for r in results[1:]]
    assert [type(r.error) for r in results[1:]] == [InputError, InputError, InputError]
    assert reasons[0].endswith("no such file or directory")
    assert reasons[1].endswith("no file matches this pattern")
    assert "directory holds no" in reasons[2]


def test_readers_explicit_unknown_suffix_reads_as_text(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("Headline\n\nBody text.", "utf-8")
    assert only(read(path)).title == "Headline"


@pytest.mark.parametrize(
    ("data", "title"),
    [
        (b"Stdin headline\n\nBody.", "Stdin headline"),
        ((EXAMPLES / "ceasefire.html").read_bytes(), "Ukraine backs US proposal for a 30-day ceasefire after talks in Jeddah"),
    ],
)
def test_readers_stdin_sniffs_format(data, title):
    article = only(read("-", stdin=data))
    assert isinstance(article, Article) and article.origin == "stdin" and article.title == title


def test_readers_stdin_jsonl_and_errors():
    results = read("-", stdin=b'{"text": "One."}\n{"text": \n')
    assert isinstance(results[0], Article) and results[0].origin == "stdin:1"
    assert isinstance(results[1], Failure) and results[1].item == "stdin:2"
    empty = only(read("-", stdin=b""))
    assert isinstance(empty, Failure) and isinstance(empty.error, EmptyInput) and empty.item == "stdin"
    big = only(read("-", stdin=b"x" * 101, settings=Settings(max_bytes=100)))
    assert isinstance(big.error, InputTooLarge)


def test_readers_content_id_is_stable():
    assert content_id("same text") == content_id("same text") != content_id("other text")
    assert len(content_id("x")) == 16


@pytest.mark.parametrize(
    ("html", "title", "first_body"),
    [
        ("<p>Negotiators from both sides met again in Geneva on Monday.</p>", None, "Negotiators"),
        (
            "<html><head><title>Talks resume</title></head><body><article>"
            "<p>Negotiators from both sides met again in Geneva on Monday.</p></article></body></html>",
            "Talks resume",
            "Negotiators",
        ),
    ],
)
def test_readers_html_short_pages_and_fragments(tmp_path, html, title, first_body):
    path = tmp_path / "page.htm"
    path.write_text(html, "utf-8")
    article = only(read(path))
    assert isinstance(article, Article) and article.title == title
    assert article.text.split("\n\n")[-1].startswith(first_body)


def test_readers_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("Headline\n\nBody.", "utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    failure = only(read(path))
    assert type(failure.error) is InputError and failure.reason.endswith("cannot read: Permission denied")


def test_readers_jsonl_must_be_utf8(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"text": "Talks."}\n'.encode("utf-16"))
    failure = only(read(path))
    assert isinstance(failure.error, EncodingError) and "must be UTF-8" in failure.reason


def test_readers_jsonl_text_field_setting(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"content_original": "Title\\n\\nMinisters met in Oslo.", "title": "Title"}\n', "utf-8")
    [article] = read(path, settings=Settings(text_field="content_original"))
    assert article.text.endswith("met in Oslo.")
    [failure] = read(path)
    assert 'the "text" field is missing' in failure.reason


def test_readers_count_items_without_reading_them(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nText.", "utf-8")
    (tmp_path / "feed.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\nnot even JSON\n', "utf-8")
    assert count_items([str(tmp_path)]) == 4  # a guess for a progress bar: the broken line counts too
    assert count_items([str(tmp_path / "missing")]) == 0
    assert count_items(["-", str(tmp_path)]) is None
