"""Split the cleaned text into blocks and flag what is not news prose.

Runs before the spaCy parse, on plain text: one `Block` per non-empty line
(headline, paragraph, caption, embed), plus `Flag`s for a repeated headline,
a second headline, photo captions and embedded social posts. Later stages skip
non-paragraph blocks (`Document.excluded`), so a stock-photo caption such as
"A military assault takes place during an exercise" is never coded as an event.

Detection is a table of cue patterns (`CAPTION_CUES`, `EMBED_CUES`), each with
a reason, plus one structural heuristic for captions without any cue: a short
one- or two-sentence paragraph describing a scene in the present tense with a
photo word ("showcasing", "poses"). Add a cue by adding a row.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Block, BlockKind, Document, Flag, Span
from ..settings import Settings


@dataclass(frozen=True, slots=True)
class Cue:
    """A text pattern that marks a line as caption or embed.

    `strong` cues decide on their own; weak ones only count in a short block,
    where ordinary prose rarely uses them.
    """

    name: str
    pattern: re.Pattern[str]
    why: str
    strong: bool = True


def _cue(name: str, pattern: str, why: str, strong: bool = True, flags: int = 0) -> Cue:
    return Cue(name, re.compile(pattern, flags), why, strong)


_I = re.IGNORECASE
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_AGENCY = r"(?:Getty Images|AFP|AP|Reuters|EPA|Shutterstock|Bloomberg|Alamy|PA|WireImage|Sipa)"

CAPTION_CUES: tuple[Cue, ...] = (
    _cue("caption_widget", r"\b(?:hide|toggle|show) caption\b|\benlarge this image\b", "gallery widget text", flags=_I),
    _cue("photo_label", r"(?:^|(?<=[(\[|.!?])|(?<=[(\[|.!?] ))(?:PHOTO|Photos?|Photograph|Image|Picture)(?: credit)?:\s",
         "a 'Photo:' credit or label"),
    _cue("wire_credit", r"\((?:AP|AFP|Reuters|EPA|Getty)(?: Photo)?/[^)]{1,80}\)|\bAP Photo/",
         "a wire-photo credit such as (AP Photo/Name)"),
    _cue("agency_credit", rf"\b[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*/(?:[A-Z]+/)?{_AGENCY}\b|{_AGENCY}\s*\)?\s*$",
         "a photographer/agency credit (Name/Getty Images)"),
    _cue("credit_line", r"^(?:Credit|Image source|Image caption|Image copyright|Caption)\s*:", "a credit line"),
    _cue("share_bar", r"^Facebook Twitter Pinterest\b", "share-bar text that precedes a caption"),
    _cue("pipe_photos", rf"\|\s*(?:{_AGENCY}) Photos?\b", "'| AP Photos' caption credit"),
    _cue("seen_here", r"\b(?:is|are|was|were)\s+(?:seen|shown|pictured)\s+here\b(?:\s+in a photo[- ]?op\b)?",
         "'is seen here' describes a picture", flags=_I),
    _cue("file_photo", r"\bin this (?:[\w.,]+ ){0,6}?(?:file |handout )?(?:photo|image|picture|photograph)\b|^FILE\b\s*[-–—]",
         "'In this file photo' caption opener", flags=_I),
    _cue("photo_by", r"\b(?:photo|photograph|image)s? (?:by|courtesy of)\b", "a photo credit", flags=_I),
    _cue("position_note", r"\((?:left|right|center|centre|top|bottom|pictured|from left)\)", "a (left)/(right) caption note",
         strong=False),
    _cue("pictured", r"\b(?:is|are)\s+pictured\b|\bpictured (?:above|below|here|left|right)\b|^Pictured\b",
         "'pictured' in a short block", strong=False, flags=_I),
    _cue("photo_op", r"\bin a photo[- ]?op\b", "'in a photo op' in a short block", strong=False, flags=_I),
    _cue("appear_to", r"\b[Tt]he (?:two|three|four) (?:leaders|men|women|presidents|officials) (?:appear|seem) to\b",
         "'the two leaders appear to' describes a picture", strong=False),
)

EMBED_CUES: tuple[Cue, ...] = (
    _cue("twitter_pic", r"\bpic\.twitter\.com/\w+", "a tweet's picture link"),
    _cue("tweet_sign", rf"[—–-]\s*[^—–()\n]{{1,60}}\(@\w{{1,15}}\)\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}",
         "a tweet signature: Name (@handle) Month D, YYYY"),
    _cue("instagram", r"\bView this post on Instagram\b|\bA post shared by\b", "an Instagram embed", flags=_I),
    _cue("tco_link", r"\bhttps?://t\.co/\w+", "a Twitter short link"),
)

# Structural caption heuristic: a scene in the present tense with a photo word.
_PHOTO_WORDS = re.compile(r"\b(?:showcasing|showcases|depicting|depicts|poses|posing|pose for|captured here|"
                          r"shown here|on display|is shown|are shown|stands? (?:in front of|beside|next to))\b", _I)
_SCENE_VERBS = re.compile(r"\b(?:takes place|take place|stands|sits|walks|gathers|gather|looks on|look on|"
                          r"arrives|speaks|holds|smiles|attends|greets|shakes hands|participates?)\b", _I)
# A scene caption is neither reported speech nor narrated in the past.
_REPORTING = re.compile(r"\b(?:said|says|told|according to|reported|announced|last (?:week|month|year)|"
                        r"yesterday|ago|was|were|had)\b|[\"“”]", _I)
_INDEFINITE_OPENER = re.compile(r"^(?:An?|Two|Three|Several|Members of|Soldiers|Troops|Protesters)\b")

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|St|Jr|Sr|Prof|No|Jan|Feb|Mar|Apr|Jun|Jul|"
                     r"Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|Inc|Co|Corp|Ltd)|\b[A-Z](?:\.[A-Z])*)\.[\"”’)]?\s*$")

_HEADLINE_MAX_WORDS = 20
_SHORT_BLOCK_WORDS = 80  # a caption paragraph is at most this long
_SCENE_MAX_WORDS = 45
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs via over up is are be".split())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Rough sentence offsets in `text[start:end]`, for use before (or without) the spaCy parse."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ABBREV.search(text, begin, match.end()) and not text[begin:match.start()].rstrip().endswith(("!", "?")):
            continue
        spans.append((begin, match.start()))
        begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def lines(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the non-empty lines of `text`."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, offset + len(line)
        offset += len(line) + 1


def _norm(line: str) -> str:
    return re.sub(r"\W+", " ", line.casefold()).strip()


def _words(line: str) -> list[str]:
    return re.findall(r"[\w'’-]+", line)


def is_headline_like(line: str) -> bool:
    """Short, no final full stop, and mostly capitalised words (title case)."""
    line = line.strip()
    words = _words(line)
    if not 2 <= len(words) <= _HEADLINE_MAX_WORDS or line.endswith((".", ",", ";", ":")):
        return False
    if re.match(r"^(?:By|From|Updated|Posted|Published)\b", line) or re.search(r"\b\d{1,2}:\d{2}\b", line):
        return False  # bylines and timestamps
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return bool(content) and capitalised / len(content) >= 0.7


def _could_be_title(line: str) -> bool:
    """A first line with no title given: short and not a finished sentence."""
    return 1 <= len(_words(line)) <= _HEADLINE_MAX_WORDS + 5 and not line.rstrip().endswith((".", ",", ";", ":"))


def _match_cues(cues: tuple[Cue, ...], text: str, start: int, end: int, short: bool) -> list[tuple[Cue, re.Match[str]]]:
    found = []
    line = text[start:end]
    for cue in cues:
        if not cue.strong and not short:
            continue
        match = cue.pattern.search(line)
        if match:
            found.append((cue, match))
    return sorted(found, key=lambda pair: pair[1].start())


def _scene_caption(line: str) -> bool:
    """A short scene described in the present tense with a photo word, with no reporting or quotes."""
    if len(_words(line)) > _SCENE_MAX_WORDS or len(sentence_spans(line)) > 2 or _REPORTING.search(line):
        return False
    score = 2 * bool(_PHOTO_WORDS.search(line)) + bool(_SCENE_VERBS.search(line))
    score += bool(_INDEFINITE_OPENER.match(line))
    return score >= 3


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _covering_sentence(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    for s, e in sentence_spans(text, start, end):
        if s <= at < e:
            return s, e
    return start, end


def _classify(text: str, start: int, end: int) -> tuple[BlockKind, Flag | None]:
    """Kind of one body line, and the flag that says why it is not a paragraph.

    A long line is a caption or embed only where the sentences holding cues make up
    at least half of it; otherwise it stays a paragraph and only the flag marks the cue.
    """
    line = text[start:end]
    short = len(_words(line)) <= _SHORT_BLOCK_WORDS
    kinds: tuple[tuple[BlockKind, str, tuple[Cue, ...]], ...] = (
        ("embed", "embedded_post", EMBED_CUES), ("caption", "caption", CAPTION_CUES)
    )
    for kind, flag_kind, cues in kinds:
        found = _match_cues(cues, text, start, end, short)
        if not found:
            continue
        cue, match = found[0]
        why = "; ".join(dict.fromkeys(c.why for c, _ in found))
        cue_sentences = {_covering_sentence(text, start, end, start + m.start()) for _, m in found}
        covered = sum(e - s for s, e in cue_sentences)
        block_kind: BlockKind = kind if short or covered >= 0.5 * (end - start) else "paragraph"
        if kind == "caption":  # the cue itself: "is seen here in a photo op", "(AP Photo/...)"
            flag_span = _span(text, start + match.start(), start + match.end())
        elif block_kind == "embed":  # the whole post
            flag_span = _span(text, start, end)
        else:
            flag_span = _span(text, *_covering_sentence(text, start, end, start + match.start()))
        return block_kind, Flag(flag_kind, flag_span, f"{cue.name}: {why}")
    if _scene_caption(line):
        s, e = sentence_spans(text, start, end)[0]
        return "caption", Flag("caption", _span(text, s, e), "scene: a short present-tense scene with a photo word")
    return "paragraph", None


def structure(text: str, title: str | None = None) -> tuple[tuple[Block, ...], tuple[Flag, ...]]:
    """Blocks (one per non-empty line) and structural flags of a cleaned text."""
    blocks: list[Block] = []
    flags: list[Flag] = []
    all_lines = list(lines(text))
    headline_key = _norm(title) if title and title.strip() else None
    in_head = True  # still in the headline zone before the body
    for index, (start, end) in enumerate(all_lines):
        line = text[start:end]
        key = _norm(line)
        if headline_key is None and index == 0 and _could_be_title(line) and len(all_lines) > 1:
            headline_key = key
        if headline_key and key == headline_key:
            if any(b.kind == "headline" and _norm(text[b.span.start:b.span.end]) == key for b in blocks):
                flags.append(Flag("duplicate_headline", _span(text, start, end), "the headline line is repeated"))
            blocks.append(Block("headline", _span(text, start, end)))
            continue
        kind, flag = _classify(text, start, end)
        if kind == "paragraph" and in_head and blocks and blocks[-1].kind == "headline" and is_headline_like(line):
            flags.append(Flag("second_headline", _span(text, start, end), "a second headline-like line after the title"))
            blocks.append(Block("headline", _span(text, start, end)))
            continue
        if kind == "paragraph":
            in_head = False
        blocks.append(Block(kind, _span(text, start, end)))
        if flag is not None:
            flags.append(flag)
    return tuple(blocks), tuple(flags)


class Structure:
    """Blocks and structural flags; runs on the cleaned text before the parse."""

    name = "parley.structure.v1"
    requires = ("text",)
    assigns = ("blocks", "flags")

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        blocks, flags = structure(doc.text, doc.article.title)
        return dataclasses.replace(doc, blocks=blocks, flags=doc.flags + flags)
