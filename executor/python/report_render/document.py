"""Markdown → a small, trusted document tree that every output format is written from.

Python-Markdown parses the report (tables, fenced code, lists); raw HTML is switched off, so `<script>` in
the source stays text. The parser's element tree is then copied into `Node`s, keeping only the elements and
attributes the renderers know: anything else contributes its text and nothing more.
"""

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.extensions import Extension

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
          "pre", "blockquote", "hr"}
INLINES = {"strong", "em", "code", "a", "img", "br"}
ALIASES = {"b": "strong", "i": "em"}
PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
FENCED = re.compile(r'^<pre(?: [^>]*)?><code(?: class="(?:language-)?([\w+-]+)")?>(.*)</code></pre>$', re.S)


@dataclass
class Node:
    """One element (tag) or a run of text (tag "text")."""

    tag: str
    text: str = ""
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    def plain(self):
        """The text of the node and everything under it."""
        if self.tag == "text":
            return self.text
        if self.tag == "img":
            return self.attrs.get("alt", "")
        return "".join(child.plain() for child in self.children)


class _Capture(Treeprocessor):
    def run(self, root):
        self.md.captured_root = root
        return None


class _CaptureExtension(Extension):
    def extendMarkdown(self, md):
        # Raw HTML becomes text: the report is untrusted input.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Capture(md), "capture", -100)


def _alignment(element):
    style = element.get("style", "") + " " + element.get("align", "")
    for side in ("right", "center", "left"):
        if side in style:
            return side
    return None


class _Builder:
    def __init__(self, stash):
        self.stash = stash

    def text(self, value):
        """Text with the parser's placeholders (entities) resolved."""
        if not value:
            return ""
        return PLACEHOLDER.sub(lambda m: html.unescape(self.stash[int(m.group(1))]), value)

    def stashed_block(self, element):
        """A paragraph that is only a stash placeholder: a fenced code block."""
        if element.tag != "p" or len(element) or not element.text:
            return None
        match = PLACEHOLDER.fullmatch(element.text.strip())
        if not match:
            return None
        fenced = FENCED.match(self.stash[int(match.group(1))].strip())
        if not fenced:
            return Node("p", children=[Node("text", html.unescape(self.stash[int(match.group(1))]))])
        code = Node("code", attrs={"language": fenced.group(1)} if fenced.group(1) else {},
                    children=[Node("text", html.unescape(fenced.group(2)))])
        return Node("pre", children=[code])

    def children(self, element):
        nodes = []
        if element.text:
            nodes.append(Node("text", self.text(element.text)))
        for child in element:
            nodes.extend(self.element(child))
            if child.tail:
                nodes.append(Node("text", self.text(child.tail)))
        return nodes

    def element(self, element):
        if not isinstance(element.tag, str):
            return []
        stashed = self.stashed_block(element)
        if stashed:
            return [stashed]
        tag = ALIASES.get(element.tag, element.tag)
        if tag not in BLOCKS and tag not in INLINES:
            return self.children(element)  # unknown element: its text only
        attrs = {}
        if tag == "a":
            attrs["href"] = element.get("href", "")
        elif tag == "img":
            attrs["src"] = element.get("src", "")
            attrs["alt"] = self.text(element.get("alt", ""))
        elif tag in ("th", "td"):
            align = _alignment(element)
            if align:
                attrs["align"] = align
        elif tag == "ol" and element.get("start"):
            attrs["start"] = element.get("start")
        return [Node(tag, attrs=attrs, children=self.children(element))]


CONTAINERS = {"root", "table", "thead", "tbody", "tr", "ul", "ol", "blockquote"}


def _drop_layout_whitespace(node):
    """Whitespace between blocks, rows and cells is the parser's formatting, not content."""
    if node.tag in CONTAINERS:
        node.children = [c for c in node.children if not (c.tag == "text" and not c.text.strip())]
    for child in node.children:
        _drop_layout_whitespace(child)
    return node


def parse(markdown_text):
    """The report as a list of block `Node`s."""
    md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", _CaptureExtension()])
    md.convert(markdown_text)
    root = md.captured_root
    builder = _Builder(md.htmlStash.rawHtmlBlocks)
    blocks = builder.children(root) if root is not None else []
    return _drop_layout_whitespace(Node("root", children=blocks)).children


def headings(blocks):
    """(level, text) of every heading, in order."""
    return [(int(b.tag[1]), b.plain().strip()) for b in blocks if re.fullmatch(r"h[1-6]", b.tag)]


def has_hangul(text):
    return re.search("[\uac00-\ud7a3]", text) is not None
