"""Narrative Markdown to safe HTML: Python-Markdown, then an allow-list sanitiser.

Content is not trusted markup: whatever raw HTML an author writes, only the
tags and attributes below reach a page, links keep only http(s) and mailto
targets, and script and style elements are dropped with their contents.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from xml.etree.ElementTree import Element

import markdown as md
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h3",
    "h4",
    "h5",
    "h6",
    "abbr",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


class _DemoteHeadings(Treeprocessor):
    """Shift headings so an author's `#` sits below the page's own headings."""

    def __init__(self, md_instance: md.Markdown, top: int):
        super().__init__(md_instance)
        self.top = top

    def run(self, root: Element) -> None:
        for el in root.iter():
            if len(el.tag) == 2 and el.tag[0] == "h" and el.tag[1].isdigit():
                el.tag = f"h{min(6, int(el.tag[1]) + self.top - 1)}"


class _Demote(Extension):
    def __init__(self, top: int):
        super().__init__()
        self.top = top

    def extendMarkdown(self, md_instance: md.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md_instance.treeprocessors.register(_DemoteHeadings(md_instance, self.top), "demote", 5)


PAGE_TAGS = ALLOWED_TAGS | {"h1", "h2"}  # ordinary pages may use every heading level, with ids
PAGE_ATTRIBUTES = ALLOWED_ATTRIBUTES | {f"h{n}": {"id"} for n in range(1, 7)}


def sanitise(html: str, tags: set[str] = PAGE_TAGS, attributes: dict[str, set[str]] = PAGE_ATTRIBUTES) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=tags, attributes=attributes, url_schemes=URL_SCHEMES, link_rel=None)


@cache
def _converter(top: int) -> md.Markdown:
    # Building a Markdown instance costs more than converting a paragraph, so keep one per
    # heading level and reset it between texts. Builds are single-threaded.
    return md.Markdown(extensions=["tables", "sane_lists", _Demote(top)], output_format="html")


# Most narrative is plain paragraphs: lines of words and punctuation that no Markdown
# syntax applies to. Each line starts with a letter (so it cannot open a list, heading,
# quote or code block) and has no trailing space (which would make a line break), and
# no character that starts inline markup or needs escaping (* _ ` [ < > & # | \ and
# so on) appears. Python-Markdown turns such text into <p> paragraphs unchanged, and
# the sanitiser keeps it, so it is wrapped directly: about thirty times cheaper.
# tests/test_markdown.py checks the two paths agree on generated text.
_PLAIN_LINE = r"[^\W\d_][\w ,.;:'\"?!()%/£–—‘’“”-]*(?<! )"  # and no "_": checked apart, as faster
_PLAIN_PARAGRAPHS = re.compile(rf"{_PLAIN_LINE}(?:\n\n*{_PLAIN_LINE})*")
_BLANK_LINES = re.compile(r"\n\n+")


def _plain_paragraphs(text: str) -> str | None:
    body = text.strip("\n")
    if "_" in body or not _PLAIN_PARAGRAPHS.fullmatch(body):
        return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in _BLANK_LINES.split(body))


def _full_render(text: str, top: int) -> str:
    return sanitise(_converter(top).reset().convert(text), ALLOWED_TAGS, ALLOWED_ATTRIBUTES)


@lru_cache(maxsize=1024)  # a council's pages and data.json render the same texts, one council after another
def render(text: str, top: int = 3) -> Markup:
    """Render narrative Markdown, headings starting at h`top`, sanitised. Cached by text."""
    if not text or not text.strip():
        return Markup("")
    clean = _plain_paragraphs(text)
    if clean is None:
        clean = _full_render(text, top)
    return Markup(clean)  # noqa: S704 - plain words, or sanitised


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # [text](url) and ![alt](src): keep the text
_TAG = re.compile(r"<[^>]*>")
_BLOCK_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.M)
_EMPHASIS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)|`+")  # not the underscore inside a word


MARKUP = re.compile(r"[*_`\[<&#>+\-0-9]")  # characters some markup starts with (also used by excerpts)


def plain_text(text: str) -> str:
    """Markdown as plain words on one line, for excerpts: no markup, no HTML, entities decoded.
    Far cheaper than rendering, and an excerpt shows no formatting anyway."""
    if not MARKUP.search(text):  # most prose: nothing to strip
        return " ".join(text.split())
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _BLOCK_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    return html.unescape(" ".join(text.split()))


def render_inline(text: str) -> Markup:
    """Markdown for a one-paragraph item (a strength, say) without the wrapping <p>."""
    html = str(render(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704 - sanitised by render()
