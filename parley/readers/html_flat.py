"""Pages nested deeper than lxml will parse, flattened so that their text is not lost.

lxml (under trafilatura) stops building the tree at 255 levels of nesting and the text below
is silently dropped. Such pages exist (generated markup, hostile pages); rather than tell the
user "no article text", `flatten` rewrites the page with every element below `MAX_DEPTH`
removed but its text kept, block elements becoming line breaks, and extraction runs again.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

MAX_DEPTH = 200  # well under lxml's 255, leaving room for the wrapper trafilatura may add
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table td th tr ul br".split()
)


def max_depth(html: str) -> int:
    """How deeply the page's elements nest (void elements do not count)."""
    probe = _Depth()
    probe.feed(html)
    probe.close()
    return probe.deepest


def flatten(html: str, limit: int = MAX_DEPTH) -> str:
    """The page with elements below `limit` levels unwrapped: text kept, blocks as <br>."""
    writer = _Flatten(limit)
    writer.feed(html)
    writer.close()
    return "".join(writer.out)


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)


class _Flatten(HTMLParser):
    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.limit = limit
        self.depth = 0
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth < self.limit:
            self.out.append(self.get_starttag_text() or "")
        elif tag in _BLOCK:
            self.out.append("<br>")
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if self.depth < self.limit:
            self.out.append(self.get_starttag_text() or "")
        elif tag in _BLOCK:
            self.out.append("<br>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth < self.limit:
            self.out.append(f"</{tag}>")
        elif tag in _BLOCK:
            self.out.append("<br>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")
